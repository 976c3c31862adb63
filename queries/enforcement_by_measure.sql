-- enforcement_by_measure: cases per 处罚种类; a case counts once under each kind it lists.
-- grain: one row per measure that occurs (measure, cases).
-- params: $since, $as_of, $units, $industries, $departments
SELECT measure, count(DISTINCT record_key) AS cases
FROM (SELECT record_key, unnest(measures) AS measure FROM scoped_cases($since, $as_of, $units, $industries, $departments))
GROUP BY measure
ORDER BY cases DESC, measure
