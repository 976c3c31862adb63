-- filter_options: the values the sidebar offers for 行业领域 and 监管部门, from the hazard and case ledgers
-- rows of the $units filter (empty = all). The frame asks without units: everybody who may see every row gets
-- the values of all rows; for a 乡/街道 user the data layer puts its own code, so the lists come from its own
-- rows only and say nothing of what other units' ledgers hold.
-- grain: one row per (kind, value); kind is 'industry' or 'department'. Reference lists first, then others.
-- params: $units
SELECT kind, value FROM (
    SELECT 'industry' AS kind, industry AS value FROM hazards WHERE industry IS NOT NULL AND in_filter($units, unit_code)
    UNION SELECT 'industry', industry FROM enforcement WHERE industry IS NOT NULL AND in_filter($units, unit_code)
    UNION SELECT 'department', department FROM hazards WHERE department IS NOT NULL AND in_filter($units, unit_code)
    UNION SELECT 'department', department FROM enforcement WHERE department IS NOT NULL AND in_filter($units, unit_code)
) v
LEFT JOIN (SELECT 'industry' AS k, name, sort_order FROM industries
           UNION ALL SELECT 'department', name, sort_order FROM departments) r ON r.k = v.kind AND r.name = v.value
ORDER BY kind, r.sort_order NULLS LAST, value
