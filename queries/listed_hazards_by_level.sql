-- listed_hazards_by_level: 挂牌督办 hazards in scope per level (省级, 市级, 区级), the rule of hazard_summary.listed
-- (is_listed), with how many of them are rectified as of A, and a total row.
-- grain: one row per level that occurs, highest level first, then the total (level '合计', is_total true).
-- params: $since, $as_of, $units, $industries, $departments
SELECT CASE WHEN grouping(listed) = 1 THEN '合计' ELSE listed END AS level,
       grouping(listed) = 1 AS is_total,
       count(*) AS listed,
       count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified
FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
WHERE is_listed(listed)
GROUP BY GROUPING SETS ((listed), ())
ORDER BY grouping(listed), CASE listed WHEN '省级' THEN 0 WHEN '市级' THEN 1 WHEN '区级' THEN 2 ELSE 3 END, listed
