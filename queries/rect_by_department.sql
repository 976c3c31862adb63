-- rect_by_department: 整改 progress per 监管部门 that has hazards in scope (reference order, then others;
-- hazards without a department under '未填写', last).
-- grain: one row per department (label). Rates are fractions, NULL when there is nothing to divide.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
SELECT
    coalesce(h.department, '未填写') AS label,
    count(*) AS total,
    count(*) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)) AS rectified,
    safe_rate(count(*) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)), count(*)) AS rectification_rate,
    count(*) FILTER (WHERE is_overdue(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of)) AS overdue,
    count(*) FILTER (WHERE is_upcoming(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of, $upcoming_days)) AS upcoming
FROM scoped_hazards($since, $as_of, $units, $industries, $departments) h
LEFT JOIN departments d ON d.name = h.department
GROUP BY h.department
ORDER BY h.department IS NULL, any_value(d.sort_order) NULLS LAST, label
