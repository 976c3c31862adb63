-- rectification_by_industry: 整改 progress per 行业领域 that has hazards in scope (reference order, then others;
-- hazards without an industry under '未填写', last).
-- grain: one row per industry (label). Rates are fractions, NULL when there is nothing to divide.
-- Aggregated per industry first (macro rectification_progress), then joined to the reference list for the order.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
SELECT
    coalesce(h.key, '未填写') AS label,
    h.total,
    h.rectified,
    safe_rate(h.rectified, h.total) AS rectification_rate,
    h.overdue,
    h.upcoming,
    h.no_deadline
FROM rectification_progress($since, $as_of, $units, $industries, $departments, $upcoming_days, 'industry') h
LEFT JOIN industries i ON i.name = h.key
ORDER BY h.key IS NULL, i.sort_order NULLS LAST, label
