-- enforcement_by_unit: 执法案件 and fines per 乡/街道 for the meeting screen's map (cases filed in [S, A],
-- the rule of enforcement_summary), all units in the filter in code order, zeros included; cases without a unit
-- are not on the map.
-- grain: one row per unit (code, unit). fines_yuan in 元.
-- params: $since, $as_of, $units, $industries, $departments
WITH c AS (SELECT * FROM scoped_cases($since, $as_of, $units, $industries, $departments))
SELECT u.code, u.name AS unit,
       count(c.record_key) AS cases,
       coalesce(sum(c.fine_yuan), 0) AS fines_yuan
FROM units u LEFT JOIN c ON c.unit_code = u.code
WHERE in_filter($units, u.code)
GROUP BY u.code, u.name
ORDER BY u.code
