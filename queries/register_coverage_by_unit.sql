-- register_coverage_by_unit: 排查覆盖率 per 乡/街道, every unit in the filter in code order, zeros included.
-- grain: one row per unit (code, unit): registered, inspected, rate (NULL when none registered), key_registered,
-- key_inspected, uninspected.
-- params: $since, $as_of, $units, $industries, $departments
WITH c AS (SELECT unit_code, count(*) AS registered, count(*) FILTER (WHERE inspected) AS inspected,
                  count(*) FILTER (WHERE key_unit) AS key_registered,
                  count(*) FILTER (WHERE key_unit AND inspected) AS key_inspected
           FROM register_coverage($since, $as_of, $units, $industries, $departments) GROUP BY unit_code)
SELECT u.code, u.name AS unit, coalesce(c.registered, 0) AS registered, coalesce(c.inspected, 0) AS inspected,
       safe_rate(coalesce(c.inspected, 0), coalesce(c.registered, 0)) AS rate,
       coalesce(c.key_registered, 0) AS key_registered, coalesce(c.key_inspected, 0) AS key_inspected,
       coalesce(c.registered, 0) - coalesce(c.inspected, 0) AS uninspected
FROM units u LEFT JOIN c ON c.unit_code = u.code
WHERE in_filter($units, u.code)
ORDER BY u.code
