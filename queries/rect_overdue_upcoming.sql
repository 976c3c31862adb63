-- rect_overdue_upcoming: 逾期未整改 and 临期 hazards as of A. days_overdue = A - deadline in force (overdue rows);
-- days_left = deadline in force - A (临期 rows, 0 = due on A). Overdue first (longest first), then 临期 (soonest first).
-- grain: one row per hazard, at most $row_limit rows; total_rows / overdue_rows / upcoming_rows are before the limit.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days, $row_limit
WITH h AS (
    SELECT *,
           effective_deadline(deadline, extended_to) AS deadline_in_force,
           -- no deadline at all: neither overdue nor upcoming (as in the counts, where NULL is not counted)
           coalesce(is_overdue(status, rectified_date, deadline, extended_to, $as_of), false) AS overdue,
           coalesce(is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days), false) AS upcoming
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)),
late AS (SELECT * FROM h WHERE overdue OR upcoming),
-- counted in a separate aggregate: a filtered count(*) OVER () is far slower at 1M rows
counts AS (SELECT count(*) AS total_rows, count(*) FILTER (WHERE overdue) AS overdue_rows,
                  count(*) FILTER (WHERE upcoming) AS upcoming_rows FROM late)
SELECT
    CASE WHEN overdue THEN 'overdue' ELSE 'upcoming' END AS kind,
    record_key, hazard_no, unit_code, unit, department, enterprise, industry, description, level,
    found_date, deadline, extended_to, deadline_in_force, status, rectified_date, listed,
    CASE WHEN overdue THEN CAST($as_of AS DATE) - deadline_in_force END AS days_overdue,
    CASE WHEN upcoming THEN deadline_in_force - CAST($as_of AS DATE) END AS days_left,
    counts.total_rows, counts.overdue_rows, counts.upcoming_rows
FROM late CROSS JOIN counts
ORDER BY overdue DESC, days_overdue DESC, days_left, record_key
LIMIT $row_limit
