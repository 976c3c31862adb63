-- rect_by_industry: 整改 progress per 行业领域 that has hazards in scope (reference order, then others;
-- hazards without an industry under '未填写', last).
-- grain: one row per industry (label). Rates are fractions, NULL when there is nothing to divide.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
SELECT
    coalesce(h.industry, '未填写') AS label,
    count(*) AS total,
    count(*) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)) AS rectified,
    safe_rate(count(*) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)), count(*)) AS rectification_rate,
    count(*) FILTER (WHERE is_overdue(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of)) AS overdue,
    count(*) FILTER (WHERE is_upcoming(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of, $upcoming_days)) AS upcoming
FROM scoped_hazards($since, $as_of, $units, $industries, $departments) h
LEFT JOIN industries i ON i.name = h.industry
GROUP BY h.industry
ORDER BY h.industry IS NULL, any_value(i.sort_order) NULLS LAST, label
