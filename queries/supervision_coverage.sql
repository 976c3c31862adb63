-- supervision_coverage: 回头看覆盖率 per 督导组 = assigned targets with at least one 回头看 visit by that
-- group dated in the 回头看 window and not after A, over the group's assigned targets. With a 乡/街道 filter
-- only the targets that are those 乡/街道 count (macro org_in_units); a group without such a target then has
-- no assignment in scope.
-- grain: one row per group (all six, in order). coverage NULL when a group has no assignment (in scope).
-- params: $as_of, $recheck_start, $recheck_end, $units
SELECT g.name AS "group",
       count(a.target_key) AS assigned,
       count(r.target_key) AS covered,
       safe_rate(count(r.target_key), count(a.target_key)) AS coverage
FROM groups g
LEFT JOIN assigned_targets() a ON a."group" = g.name AND org_in_units($units, a.target)
LEFT JOIN rechecked_targets($as_of, $recheck_start, $recheck_end) r ON r."group" = a."group" AND r.target_key = a.target_key
GROUP BY g.ord, g.name
ORDER BY g.ord
