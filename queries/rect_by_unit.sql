-- rect_by_unit: 整改 progress per 乡/街道, all units in the filter in code order, zeros included.
-- grain: one row per unit (code, label). Rates are fractions, NULL when the unit has no hazards.
-- Aggregated per unit code first, then joined to the unit list (as hazards_by_unit.sql).
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
WITH h AS (
    SELECT unit_code,
           count(*) AS total,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS overdue,
           count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days)) AS upcoming
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
    GROUP BY unit_code)
SELECT
    u.code, u.name AS label,
    coalesce(h.total, 0) AS total,
    coalesce(h.rectified, 0) AS rectified,
    safe_rate(coalesce(h.rectified, 0), coalesce(h.total, 0)) AS rectification_rate,
    coalesce(h.overdue, 0) AS overdue,
    coalesce(h.upcoming, 0) AS upcoming
FROM units u LEFT JOIN h ON h.unit_code = u.code
WHERE in_filter($units, u.code)
ORDER BY u.code
