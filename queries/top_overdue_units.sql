-- top_overdue_units: the 乡/街道 with the most 逾期未整改 hazards (ties: the oldest deadline in force first).
-- grain: one row per unit with at least one overdue hazard, at most $top_n rows. days = A - deadline in force.
-- A stock at A: open hazards found on or before A, whatever S is (open_hazards); open = the unit's open hazards.
-- params: $as_of, $units, $industries, $departments, $top_n
WITH h AS (
    SELECT unit_code, unit,
           is_overdue(status, rectified_date, deadline, extended_to, $as_of) AS overdue,
           effective_deadline(deadline, extended_to) AS deadline_in_force
    FROM open_hazards($as_of, $units, $industries, $departments))
SELECT unit_code AS code, any_value(unit) AS unit,
       count(*) FILTER (WHERE overdue) AS overdue,
       min(deadline_in_force) FILTER (WHERE overdue) AS oldest_deadline,
       max(CAST($as_of AS DATE) - deadline_in_force) FILTER (WHERE overdue) AS max_days_overdue,
       count(*) AS open
FROM h
GROUP BY unit_code
HAVING count(*) FILTER (WHERE overdue) > 0
ORDER BY overdue DESC, oldest_deadline, code
LIMIT $top_n
