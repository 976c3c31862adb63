-- supervision_problems_by_group: the figures of problem_counts_by_group for all six 督导组 in order, zeros included.
-- grain: one row per group.
-- params: $since, $as_of, $units
SELECT g.name AS "group",
       coalesce(p.found, 0) AS found, coalesce(p.rectified, 0) AS rectified, coalesce(p.open, 0) AS open,
       coalesce(p.overdue, 0) AS overdue, coalesce(p.recheck_failed, 0) AS recheck_failed, coalesce(p.closed, 0) AS closed
FROM groups g LEFT JOIN problem_counts_by_group($since, $as_of, $units) p ON p."group" = g.name
ORDER BY g.ord
