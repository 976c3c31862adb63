-- rect_by_department: 整改 progress per 监管部门 that has hazards in scope (reference order, then others;
-- hazards without a department under '未填写', last).
-- grain: one row per department (label). Rates are fractions, NULL when there is nothing to divide.
-- Aggregated per department first, then joined to the reference list for the order.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
WITH h AS (
    SELECT department,
           count(*) AS total,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS overdue,
           count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days)) AS upcoming
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
    GROUP BY department)
SELECT
    coalesce(h.department, '未填写') AS label,
    h.total,
    h.rectified,
    safe_rate(h.rectified, h.total) AS rectification_rate,
    h.overdue,
    h.upcoming
FROM h LEFT JOIN departments d ON d.name = h.department
ORDER BY h.department IS NULL, d.sort_order NULLS LAST, label
