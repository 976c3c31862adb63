-- rectification_by_department: 整改 progress per 监管部门 that has hazards in scope (reference order, then others;
-- hazards without a department under '未填写', last).
-- grain: one row per department (label). Rates are fractions, NULL when there is nothing to divide.
-- Aggregated per department first (macro rectification_progress), then joined to the reference list for the order.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
SELECT
    coalesce(h.key, '未填写') AS label,
    h.total,
    h.rectified,
    safe_rate(h.rectified, h.total) AS rectification_rate,
    h.overdue,
    h.upcoming,
    h.no_deadline
FROM rectification_progress($since, $as_of, $units, $industries, $departments, $upcoming_days, 'department') h
LEFT JOIN departments d ON d.name = h.key
ORDER BY h.key IS NULL, d.sort_order NULLS LAST, label
