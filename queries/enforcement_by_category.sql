-- enforcement_by_category: 执法案件 per 打非治违 category: the 10 共性 categories (1-10) in order, then 0 行业专项
-- (zeros included), then one 未分类 row for cases without a known category (only when there are such).
-- grain: one row per category (no NULL for 未分类).
-- params: $since, $as_of, $units, $industries, $departments
WITH c AS (
    SELECT category_no, count(*) AS cases
    FROM scoped_cases($since, $as_of, $units, $industries, $departments)
    GROUP BY category_no),
rows AS (
    SELECT k.no, k.name AS category, coalesce(c.cases, 0) AS cases
    FROM categories k LEFT JOIN c ON c.category_no = k.no
    UNION ALL
    SELECT NULL, '未分类', sum(cases)::BIGINT
    FROM c WHERE category_no IS NULL OR category_no NOT IN (SELECT no FROM categories)
    HAVING sum(cases) > 0)
SELECT no, category, cases FROM rows
ORDER BY CASE WHEN no IS NULL THEN 2 WHEN no = 0 THEN 1 ELSE 0 END, no
