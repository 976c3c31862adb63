-- supervision_coverage: 回头看覆盖率 per 督导组 = assigned targets with at least one 回头看 visit by that
-- group dated in the 回头看 window and not after A, over the group's assigned targets.
-- grain: one row per group (all six, in order). coverage NULL when a group has no assignment.
-- params: $as_of, $recheck_start, $recheck_end
WITH groups(ord, "group") AS (VALUES (1, '第一督导组'), (2, '第二督导组'), (3, '第三督导组'),
                                   (4, '第四督导组'), (5, '第五督导组'), (6, '第六督导组')),
assigned AS (SELECT DISTINCT "group", target_key FROM assignments),
rechecked AS (
    SELECT DISTINCT "group", target_key FROM supervision
    WHERE visit_type = '回头看' AND visit_date BETWEEN $recheck_start AND $recheck_end AND visit_date <= $as_of)
SELECT g."group",
       count(a.target_key) AS assigned,
       count(r.target_key) AS covered,
       safe_rate(count(r.target_key), count(a.target_key)) AS coverage
FROM groups g
LEFT JOIN assigned a ON a."group" = g."group"
LEFT JOIN rechecked r ON r."group" = a."group" AND r.target_key = a.target_key
GROUP BY g.ord, g."group"
ORDER BY g.ord
