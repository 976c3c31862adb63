-- rect_stats_table_by_industry: the national 隐患排查治理情况统计表, one row per 行业领域 with hazards in scope
-- (reference order, then others, '未填写' last) and a 合计 row (is_total) computed over all hazards in scope:
-- counts and distinct enterprises are true totals, rates are recomputed from the totals, never summed.
-- Columns as in rect_stats_table_by_unit.sql (without code).
-- grain: one row per industry plus one 合计 row (label '合计', is_total true), 合计 last.
-- params: $since, $as_of, $units, $industries, $departments
WITH h AS (
    SELECT *,
           is_rectified(status, rectified_date, $as_of) AS done,
           level = '重大' AND deadline IS NOT NULL AS planned
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments))
SELECT
    CASE WHEN grouping(h.industry) = 1 THEN '合计' ELSE coalesce(h.industry, '未填写') END AS label,
    grouping(h.industry) = 1 AS is_total,
    count(DISTINCT coalesce(h.credit_code, h.enterprise_key)) AS enterprises,
    count(*) FILTER (WHERE h.level = '一般') AS general_total,
    count(*) FILTER (WHERE h.level = '一般' AND h.done) AS general_rectified,
    safe_rate(count(*) FILTER (WHERE h.level = '一般' AND h.done), count(*) FILTER (WHERE h.level = '一般')) AS general_rate,
    count(*) FILTER (WHERE h.level = '重大') AS major_total,
    count(*) FILTER (WHERE h.level = '重大' AND h.done) AS major_rectified,
    safe_rate(count(*) FILTER (WHERE h.level = '重大' AND h.done), count(*) FILTER (WHERE h.level = '重大')) AS major_rate,
    count(*) FILTER (WHERE h.planned) AS major_planned,
    count(*) FILTER (WHERE h.planned AND is_filled(h.measures_taken)) AS planned_targets,
    count(*) FILTER (WHERE h.planned AND h.funds_yuan IS NOT NULL) AS planned_funds,
    count(*) FILTER (WHERE h.planned AND is_filled(h.responsible)) AS planned_staff,
    count(*) FILTER (WHERE h.planned AND h.deadline IS NOT NULL) AS planned_time,
    count(*) FILTER (WHERE h.planned AND is_filled(h.emergency_plan)) AS planned_plan,
    round(coalesce(sum(h.funds_yuan), 0) / 10000, 4) AS funds_wan,
    count(*) FILTER (WHERE h.level = '重大' AND h.listed <> '否') AS major_listed
FROM h LEFT JOIN industries i ON i.name = h.industry
GROUP BY GROUPING SETS ((h.industry), ())
ORDER BY grouping(h.industry), h.industry IS NULL, any_value(i.sort_order) NULLS LAST, label
