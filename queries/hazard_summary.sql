-- hazard_summary: the 隐患 KPIs of DOMAIN.md for the filtered scope.
-- grain: one row. Rates are fractions (4 places), NULL when the denominator is 0.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
SELECT
    count(DISTINCT coalesce(credit_code, enterprise_key)) AS enterprises,
    count(*) AS total,
    count(*) FILTER (WHERE level = '重大') AS major,
    count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified,
    safe_rate(count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)), count(*)) AS rectification_rate,
    count(*) FILTER (WHERE level = '重大' AND is_rectified(status, rectified_date, $as_of)) AS major_rectified,
    safe_rate(count(*) FILTER (WHERE level = '重大' AND is_rectified(status, rectified_date, $as_of)),
              count(*) FILTER (WHERE level = '重大')) AS major_rectification_rate,
    count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS overdue,
    count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days)) AS upcoming,
    count(*) FILTER (WHERE listed <> '否') AS listed,
    count(*) FILTER (WHERE level = '重大' AND five_in_place(responsible, measures_taken, funds_yuan, deadline, emergency_plan)) AS five_complete,
    safe_rate(count(*) FILTER (WHERE level = '重大' AND five_in_place(responsible, measures_taken, funds_yuan, deadline, emergency_plan)),
              count(*) FILTER (WHERE level = '重大')) AS five_complete_rate,
    coalesce(sum(funds_yuan), 0) AS funds_yuan
FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
