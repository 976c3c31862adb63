-- uninspected_enterprises: the registered units with no 排查 record in [S, A], by 乡/街道 for it to act on.
-- grain: one row per register row not inspected, in unit code order, 重点单位 first, then by name.
-- params: $since, $as_of, $units, $industries, $departments
SELECT unit_code, unit, enterprise, credit_code, industry, department, scale, coalesce(key_unit, false) AS key_unit,
       last_inspected
FROM register_coverage($since, $as_of, $units, $industries, $departments)
WHERE NOT inspected
ORDER BY unit_code, key_unit DESC NULLS LAST, enterprise
