-- hazards_unpunished_by_group: 逾期未改未处罚 / 重大隐患未处罚 counted per department and per 乡/街道 (stocks at A).
-- grain: one row per (kind, name): kind '监管部门' or '乡/街道'; overdue, major = hazards without a case.
-- params: $as_of, $units, $industries, $departments
WITH u AS (SELECT * FROM unpunished_hazards($as_of, $units, $industries, $departments) WHERE without_case)
SELECT '监管部门' AS kind, coalesce(department, '未填') AS name, count(*) FILTER (WHERE overdue) AS overdue,
       count(*) FILTER (WHERE level = '重大') AS major
FROM u GROUP BY ALL
UNION ALL
SELECT '乡/街道', unit, count(*) FILTER (WHERE overdue), count(*) FILTER (WHERE level = '重大')
FROM u GROUP BY ALL
ORDER BY kind DESC, overdue DESC, major DESC, name
