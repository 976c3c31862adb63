-- enforcement_summary: 执法案件 KPIs for the filtered scope.
-- grain: one row. fines_yuan in 元.
-- params: $since, $as_of, $units, $industries, $departments
SELECT
    count(*) AS cases,
    coalesce(sum(fine_yuan), 0) AS fines_yuan,
    count(*) FILTER (WHERE list_contains(measures, '停产停业整顿')) AS suspended,
    count(*) FILTER (WHERE list_contains(measures, '关闭取缔')) AS closed,
    count(*) FILTER (WHERE list_contains(measures, '移送司法')) AS transferred,
    count(*) FILTER (WHERE typical) AS typical,
    count(*) FILTER (WHERE exposed) AS exposed
FROM scoped_cases($since, $as_of, $units, $industries, $departments)
