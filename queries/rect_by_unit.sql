-- rect_by_unit: 整改 progress per 乡/街道, all units in the filter in code order, zeros included.
-- grain: one row per unit (code, label). Rates are fractions, NULL when the unit has no hazards.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
WITH h AS (SELECT * FROM scoped_hazards($since, $as_of, $units, $industries, $departments))
SELECT
    u.code, u.name AS label,
    count(h.record_key) AS total,
    count(h.record_key) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)) AS rectified,
    safe_rate(count(h.record_key) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)), count(h.record_key)) AS rectification_rate,
    count(h.record_key) FILTER (WHERE is_overdue(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of)) AS overdue,
    count(h.record_key) FILTER (WHERE is_upcoming(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of, $upcoming_days)) AS upcoming
FROM units u LEFT JOIN h ON h.unit_code = u.code
WHERE in_filter($units, u.code)
GROUP BY u.code, u.name
ORDER BY u.code
