-- unit_hazards: the hazard list of one 乡/街道 (the map's drill-down), overdue first, then 重大, then by date:
-- the hazards found in [S, A] and, whatever S, those still open at A (a stock is never hidden by the period).
-- grain: one row per hazard, at most $row_limit rows; total_rows = rows before the limit (on every row).
-- overdue / upcoming as of A; deadline_in_force = 延期至 when approved, else 整改时限.
-- params: $unit_code, $since, $as_of, $units, $industries, $departments, $upcoming_days, $row_limit
SELECT
    record_key, hazard_no, enterprise, description, level, found_date,
    deadline, extended_to, effective_deadline(deadline, extended_to) AS deadline_in_force,
    status, rectified_date,
    is_rectified(status, rectified_date, $as_of) AS rectified,
    -- no deadline at all: neither overdue nor upcoming (未定整改时限, counted apart)
    coalesce(is_overdue(status, rectified_date, deadline, extended_to, $as_of), false) AS overdue,
    coalesce(is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days), false) AS upcoming,
    has_no_deadline(status, rectified_date, deadline, extended_to, $as_of) AS no_deadline,
    listed,
    count(*) OVER () AS total_rows
FROM (SELECT * FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
      UNION SELECT * FROM open_hazards($as_of, $units, $industries, $departments))
WHERE unit_code = $unit_code
ORDER BY overdue DESC, level = '重大' DESC, found_date, record_key
LIMIT $row_limit
