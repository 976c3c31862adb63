-- overdue_and_upcoming_hazards: 逾期未整改 and 临期 hazards as of A (stocks: open at A, whatever S is). days_overdue = A - deadline in force (overdue rows);
-- days_left = deadline in force - A (临期 rows, 0 = due on A). Overdue first (longest first), then 临期 (soonest first).
-- grain: one row per hazard, at most $row_limit rows; total_rows / overdue_rows / upcoming_rows are before the limit.
-- The sort keys are computed on narrow rows first; the other columns are read only for the rows shown.
-- params: $as_of, $units, $industries, $departments, $upcoming_days, $row_limit
WITH h AS (
    SELECT record_key,
           effective_deadline(deadline, extended_to) AS deadline_in_force,
           -- no deadline at all: neither overdue nor upcoming (未定整改时限, counted apart)
           coalesce(is_overdue(status, rectified_date, deadline, extended_to, $as_of), false) AS overdue,
           coalesce(is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days), false) AS upcoming
    FROM open_hazards($as_of, $units, $industries, $departments)),
late AS (
    SELECT *,
           CASE WHEN overdue THEN CAST($as_of AS DATE) - deadline_in_force END AS days_overdue,
           CASE WHEN upcoming THEN deadline_in_force - CAST($as_of AS DATE) END AS days_left
    FROM h WHERE overdue OR upcoming),
-- counted in a separate aggregate: a filtered count(*) OVER () is far slower at 1M rows
counts AS (SELECT count(*) AS total_rows, count(*) FILTER (WHERE overdue) AS overdue_rows,
                  count(*) FILTER (WHERE upcoming) AS upcoming_rows FROM late),
top AS (SELECT * FROM late ORDER BY overdue DESC, days_overdue DESC, days_left, record_key LIMIT $row_limit)
SELECT
    CASE WHEN t.overdue THEN 'overdue' ELSE 'upcoming' END AS kind,
    t.record_key, x.hazard_no, x.unit_code, x.unit, x.department, x.enterprise, x.industry, x.description, x.level,
    x.found_date, x.deadline, x.extended_to, t.deadline_in_force, x.status, x.rectified_date, x.listed,
    t.days_overdue, t.days_left,
    counts.total_rows, counts.overdue_rows, counts.upcoming_rows
FROM top t
JOIN open_hazards($as_of, $units, $industries, $departments) x ON x.record_key = t.record_key
CROSS JOIN counts
ORDER BY t.overdue DESC, t.days_overdue DESC, t.days_left, t.record_key
