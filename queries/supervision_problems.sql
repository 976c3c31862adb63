-- supervision_problems: the problems found by A with their steps and state as of A (problem_states), open ones first.
-- $group = '' for every group; $target_key = '' for every target.
-- grain: one row per problem, at most $row_limit rows; total_rows = rows before the limit (on every row).
-- params: $as_of, $units, $group, $target_key, $row_limit
SELECT record_key, problem_no, "group", target, target_kind, target_key, unit, found_date, description, category,
       assigned_date, responsible_org, deadline, status, rectified_date, recheck_date, recheck_result, closed_date,
       rectified, open, overdue, rechecked, recheck_failed, closed,
       count(*) OVER () AS total_rows
FROM problem_states($as_of, $units)
WHERE ($group = '' OR "group" = $group) AND ($target_key = '' OR target_key = $target_key)
ORDER BY rectified, overdue DESC, "group", target, found_date, record_key
LIMIT $row_limit
