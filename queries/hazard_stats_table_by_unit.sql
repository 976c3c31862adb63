-- hazard_stats_table_by_unit: the national 隐患排查治理情况统计表, one row per 乡/街道 (all units in the filter, code
-- order, zeros included) and a 合计 row (is_total) computed over all hazards in scope: counts and distinct
-- enterprises are true totals, rates are recomputed from the totals, never summed.
-- Columns: enterprises 排查单位数; general_* 一般隐患; major_* 重大隐患 (rectified = 已整改销号); major_planned =
-- 重大 with a 整改时限 (列入治理计划), planned_* = of those, how many have each 五落实 element (targets = 措施,
-- funds = 资金, staff = 责任人, time = 时限, plan = 预案); funds_wan = 累计落实治理资金 (万元, all hazards in scope);
-- major_listed = 其中挂牌督办 (重大 listed at any level). Rates are fractions (4 places), NULL when nothing to divide.
-- grain: one row per unit plus one 合计 row (label '合计', code NULL, is_total true), 合计 last.
-- The table itself is the stats_table macro (metric_rules/hazards.sql); this query names the units and orders them.
-- params: $since, $as_of, $units, $industries, $departments
SELECT CASE WHEN s.is_total THEN '合计' ELSE u.name END AS label, s.key AS code, s.* EXCLUDE (key)
FROM stats_table($since, $as_of, $units, $industries, $departments, 'unit',
                 (SELECT coalesce(list(code), []) FROM units WHERE in_filter($units, code))) s
LEFT JOIN units u ON u.code = s.key AND NOT s.is_total
ORDER BY s.is_total, s.key
