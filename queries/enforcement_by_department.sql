-- enforcement_by_department: 执法案件 per 执法部门 with fines and measures, and 监管企业数 = distinct enterprises in
-- the hazard ledger (same scope: found in [S, A], same filters) whose 监管部门 is that department;
-- ranked by cases per enterprise supervised (rank NULL when the department supervises none in scope).
-- grain: one row per department with a case or a supervised enterprise in scope. fines_yuan in 元.
-- params: $since, $as_of, $units, $industries, $departments
WITH c AS (
    SELECT department,
           count(*) AS cases,
           coalesce(sum(fine_yuan), 0) AS fines_yuan,
           count(*) FILTER (WHERE list_contains(measures, '停产停业整顿')) AS suspended,
           count(*) FILTER (WHERE list_contains(measures, '关闭取缔')) AS closed,
           count(*) FILTER (WHERE list_contains(measures, '移送司法')) AS transferred,
           count(*) FILTER (WHERE typical) AS typical
    FROM scoped_cases($since, $as_of, $units, $industries, $departments)
    GROUP BY department),
e AS (
    -- enterprise identity as in hazard_summary: credit code, else the folded name key (its set of integer keys, migration 005)
    SELECT department, enterprise_count(enterprise_set(enterprise_id)) AS enterprises
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
    WHERE department IS NOT NULL
    GROUP BY department),
j AS (
    SELECT coalesce(c.department, e.department) AS department,
           coalesce(c.cases, 0) AS cases, coalesce(c.fines_yuan, 0) AS fines_yuan,
           coalesce(c.suspended, 0) AS suspended, coalesce(c.closed, 0) AS closed,
           coalesce(c.transferred, 0) AS transferred, coalesce(c.typical, 0) AS typical,
           coalesce(e.enterprises, 0) AS enterprises,
           safe_rate(coalesce(c.cases, 0), e.enterprises) AS cases_per_enterprise
    FROM c FULL JOIN e ON e.department = c.department)
SELECT CASE WHEN j.cases_per_enterprise IS NOT NULL
            THEN rank() OVER (ORDER BY j.cases_per_enterprise DESC NULLS LAST) END AS rank,
       j.*
FROM j LEFT JOIN departments d ON d.name = j.department
ORDER BY j.cases_per_enterprise DESC NULLS LAST, j.cases DESC, d.sort_order NULLS LAST, j.department
