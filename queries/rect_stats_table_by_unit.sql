-- rect_stats_table_by_unit: the national 隐患排查治理情况统计表, one row per 乡/街道 (all units in the filter, code
-- order, zeros included) and a 合计 row (is_total) computed over all hazards in scope: counts and distinct
-- enterprises are true totals, rates are recomputed from the totals, never summed.
-- Columns: enterprises 排查单位数; general_* 一般隐患; major_* 重大隐患 (rectified = 已整改销号); major_planned =
-- 重大 with a 整改时限 (列入治理计划), planned_* = of those, how many have each 五落实 element (targets = 措施,
-- funds = 资金, staff = 责任人, time = 时限, plan = 预案); funds_wan = 累计落实治理资金 (万元, all hazards in scope);
-- major_listed = 其中挂牌督办 (重大 listed at any level). Rates are fractions (4 places), NULL when nothing to divide.
-- grain: one row per unit plus one 合计 row (label '合计', code NULL, is_total true), 合计 last.
-- params: $since, $as_of, $units, $industries, $departments
WITH h AS (
    SELECT *,
           is_rectified(status, rectified_date, $as_of) AS done,
           level = '重大' AND deadline IS NOT NULL AS planned
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments))
SELECT
    CASE WHEN grouping(u.code) = 1 THEN '合计' ELSE any_value(u.name) END AS label,
    u.code,
    grouping(u.code) = 1 AS is_total,
    count(DISTINCT coalesce(h.credit_code, h.enterprise_key)) AS enterprises,
    count(h.record_key) FILTER (WHERE h.level = '一般') AS general_total,
    count(h.record_key) FILTER (WHERE h.level = '一般' AND h.done) AS general_rectified,
    safe_rate(count(h.record_key) FILTER (WHERE h.level = '一般' AND h.done),
              count(h.record_key) FILTER (WHERE h.level = '一般')) AS general_rate,
    count(h.record_key) FILTER (WHERE h.level = '重大') AS major_total,
    count(h.record_key) FILTER (WHERE h.level = '重大' AND h.done) AS major_rectified,
    safe_rate(count(h.record_key) FILTER (WHERE h.level = '重大' AND h.done),
              count(h.record_key) FILTER (WHERE h.level = '重大')) AS major_rate,
    count(h.record_key) FILTER (WHERE h.planned) AS major_planned,
    count(h.record_key) FILTER (WHERE h.planned AND is_filled(h.measures_taken)) AS planned_targets,
    count(h.record_key) FILTER (WHERE h.planned AND h.funds_yuan IS NOT NULL) AS planned_funds,
    count(h.record_key) FILTER (WHERE h.planned AND is_filled(h.responsible)) AS planned_staff,
    count(h.record_key) FILTER (WHERE h.planned AND h.deadline IS NOT NULL) AS planned_time,
    count(h.record_key) FILTER (WHERE h.planned AND is_filled(h.emergency_plan)) AS planned_plan,
    round(coalesce(sum(h.funds_yuan), 0) / 10000, 4) AS funds_wan,
    count(h.record_key) FILTER (WHERE h.level = '重大' AND h.listed <> '否') AS major_listed
FROM units u LEFT JOIN h ON h.unit_code = u.code
WHERE in_filter($units, u.code)
GROUP BY GROUPING SETS ((u.code), ())
ORDER BY grouping(u.code), u.code
