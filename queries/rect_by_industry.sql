-- rect_by_industry: 整改 progress per 行业领域 that has hazards in scope (reference order, then others;
-- hazards without an industry under '未填写', last).
-- grain: one row per industry (label). Rates are fractions, NULL when there is nothing to divide.
-- Aggregated per industry first, then joined to the reference list for the order.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
WITH h AS (
    SELECT industry,
           count(*) AS total,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS overdue,
           count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days)) AS upcoming
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
    GROUP BY industry)
SELECT
    coalesce(h.industry, '未填写') AS label,
    h.total,
    h.rectified,
    safe_rate(h.rectified, h.total) AS rectification_rate,
    h.overdue,
    h.upcoming
FROM h LEFT JOIN industries i ON i.name = h.industry
ORDER BY h.industry IS NULL, i.sort_order NULLS LAST, label
