-- register_coverage_by_industry: 排查覆盖率 per 行业领域 of the register (未填 for none), most registered first.
-- grain: one row per industry: registered, inspected, rate, uninspected.
-- params: $since, $as_of, $units, $industries, $departments
SELECT coalesce(industry, '未填') AS industry, count(*) AS registered, count(*) FILTER (WHERE inspected) AS inspected,
       safe_rate(count(*) FILTER (WHERE inspected), count(*)) AS rate,
       count(*) FILTER (WHERE NOT inspected) AS uninspected
FROM register_coverage($since, $as_of, $units, $industries, $departments)
GROUP BY ALL
ORDER BY registered DESC, industry
