-- hazards_by_unit: hazard counts per 乡/街道, all 10 units in code order, zeros included.
-- grain: one row per unit (code, unit). Rates NULL when the unit has no hazards.
-- params: $since, $as_of, $units, $industries, $departments
WITH h AS (SELECT * FROM scoped_hazards($since, $as_of, $units, $industries, $departments))
SELECT
    u.code, u.name AS unit,
    count(h.record_key) AS total,
    count(h.record_key) FILTER (WHERE h.level = '重大') AS major,
    count(h.record_key) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)) AS rectified,
    safe_rate(count(h.record_key) FILTER (WHERE is_rectified(h.status, h.rectified_date, $as_of)), count(h.record_key)) AS rectification_rate,
    count(h.record_key) FILTER (WHERE is_overdue(h.status, h.rectified_date, h.deadline, h.extended_to, $as_of)) AS overdue,
    count(h.record_key) FILTER (WHERE h.listed <> '否') AS listed
FROM units u LEFT JOIN h ON h.unit_code = u.code
WHERE in_filter($units, u.code)
GROUP BY u.code, u.name, u.sort_order
ORDER BY u.code
