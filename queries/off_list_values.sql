-- off_list_values: 行业领域 and 监管部门/执法部门 values that are not on the reference lists (industries,
-- departments). The importer keeps them as written and warns per row; this is the data-quality view of them.
-- Admin only: it names values across every 乡/街道.
-- scope: admin
-- grain: one row per (field, ledger, value) with the number of rows holding it; most rows first.
-- params: (none)
WITH used AS (
    SELECT '行业领域' AS field, '隐患排查' AS ledger, industry AS value, TRUE AS is_industry FROM hazards
    UNION ALL SELECT '监管部门', '隐患排查', department, FALSE FROM hazards
    UNION ALL SELECT '行业领域', '行政执法', industry, TRUE FROM enforcement
    UNION ALL SELECT '执法部门', '行政执法', department, FALSE FROM enforcement
)
SELECT field, ledger, value, count(*) AS rows
FROM used
WHERE value IS NOT NULL AND value <> ''
  AND CASE WHEN is_industry THEN value NOT IN (SELECT name FROM industries)
           ELSE value NOT IN (SELECT name FROM departments) END
GROUP BY field, ledger, value
ORDER BY rows DESC, field, ledger, value
