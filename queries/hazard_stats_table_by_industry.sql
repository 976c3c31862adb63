-- hazard_stats_table_by_industry: the national 隐患排查治理情况统计表, one row per 行业领域 with hazards in scope
-- (reference order, then others, '未填写' last) and a 合计 row (is_total) computed over all hazards in scope:
-- counts and distinct enterprises are true totals, rates are recomputed from the totals, never summed.
-- Columns as in hazard_stats_table_by_unit.sql (without code).
-- grain: one row per industry plus one 合计 row (label '合计', is_total true), 合计 last.
-- The table itself is the stats_table macro (metric_rules/hazards.sql); this query labels and orders the industries.
-- params: $since, $as_of, $units, $industries, $departments
SELECT CASE WHEN s.is_total THEN '合计' ELSE coalesce(s.key, '未填写') END AS label, s.* EXCLUDE (key)
FROM stats_table($since, $as_of, $units, $industries, $departments, 'industry', []) s
LEFT JOIN industries i ON i.name = s.key AND NOT s.is_total
ORDER BY s.is_total, s.key IS NULL, i.sort_order NULLS LAST, label
