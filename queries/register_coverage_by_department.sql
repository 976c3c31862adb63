-- register_coverage_by_department: 排查覆盖率 per 监管部门 of the register (未填 for none), most registered first.
-- grain: one row per department: registered, inspected, rate, uninspected.
-- params: $since, $as_of, $units, $industries, $departments
SELECT coalesce(department, '未填') AS department, count(*) AS registered,
       count(*) FILTER (WHERE inspected) AS inspected,
       safe_rate(count(*) FILTER (WHERE inspected), count(*)) AS rate,
       count(*) FILTER (WHERE NOT inspected) AS uninspected
FROM register_coverage($since, $as_of, $units, $industries, $departments)
GROUP BY ALL
ORDER BY registered DESC, department
