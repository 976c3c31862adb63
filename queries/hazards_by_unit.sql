-- hazards_by_unit: hazard counts per 乡/街道, all 10 units in code order, zeros included.
-- grain: one row per unit (code, unit). Rates NULL when the unit has no hazards.
-- total, major, rectified, listed: flows (found in [S, A]); open, overdue, no_deadline: stocks at A (open_hazards).
-- Aggregated per unit code first, then joined to the unit list (joining 1M+ rows to units first is slower).
-- params: $since, $as_of, $units, $industries, $departments
WITH h AS (
    SELECT unit_code,
           count(*) AS total,
           count(*) FILTER (WHERE level = '重大') AS major,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified,
           count(*) FILTER (WHERE is_listed(listed)) AS listed
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
    GROUP BY unit_code),
o AS (
    SELECT unit_code, count(*) AS open,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS overdue,
           count(*) FILTER (WHERE has_no_deadline(status, rectified_date, deadline, extended_to, $as_of)) AS no_deadline
    FROM open_hazards($as_of, $units, $industries, $departments)
    GROUP BY unit_code)
SELECT
    u.code, u.name AS unit,
    coalesce(h.total, 0) AS total,
    coalesce(h.major, 0) AS major,
    coalesce(h.rectified, 0) AS rectified,
    safe_rate(coalesce(h.rectified, 0), coalesce(h.total, 0)) AS rectification_rate,
    coalesce(o.open, 0) AS open,
    coalesce(o.overdue, 0) AS overdue,
    coalesce(o.no_deadline, 0) AS no_deadline,
    coalesce(h.listed, 0) AS listed
FROM units u LEFT JOIN h ON h.unit_code = u.code LEFT JOIN o ON o.unit_code = u.code
WHERE in_filter($units, u.code)
ORDER BY u.code
