-- recheck_grid: every assigned (group, target) and whether the 回头看 has reached it: reached = at
-- least one 回头看 visit by that group dated in the 回头看 window and not after A (the rule of
-- supervision_coverage); first_recheck = the first such date; last_visit = the group's latest visit of
-- any type to the target not after A. With a 乡/街道 filter only the targets that are those 乡/街道
-- (macro org_in_units). 问题整改复查 (macro problem_recheck): where the 回头看 reached the target, the group's
-- problems there found before it, rectified by its last 回头看 visit, failed 复查, still open (0 when reached and
-- none of its problems is in scope, NULL when not reached).
-- grain: one row per assignment (group, target_key); groups in order, then 乡/街道, 部门, 企业.
-- params: $as_of, $recheck_start, $recheck_end, $units
WITH a AS (SELECT * FROM assigned_targets() WHERE org_in_units($units, target)),
rechecked AS (SELECT * FROM rechecked_targets($as_of, $recheck_start, $recheck_end)),
last_visit AS (
    SELECT "group", target_key, max(visit_date) AS last_visit
    FROM supervision WHERE visit_date <= $as_of GROUP BY "group", target_key)
SELECT a."group", a.target, a.target_kind, a.target_key,
       r.first_recheck IS NOT NULL AS reached, r.first_recheck,
       coalesce(r.recheck_visits, 0) AS recheck_visits, l.last_visit,
       CASE WHEN r.first_recheck IS NOT NULL THEN coalesce(p.found_before, 0) END AS problems_before,
       CASE WHEN r.first_recheck IS NOT NULL THEN coalesce(p.rectified_by_recheck, 0) END AS problems_rectified_by_recheck,
       CASE WHEN r.first_recheck IS NOT NULL THEN coalesce(p.recheck_failed, 0) END AS problems_recheck_failed,
       CASE WHEN r.first_recheck IS NOT NULL THEN coalesce(p.still_open, 0) END AS problems_still_open
FROM a
LEFT JOIN groups g ON g.name = a."group"
LEFT JOIN rechecked r ON r."group" = a."group" AND r.target_key = a.target_key
LEFT JOIN problem_recheck($as_of, $recheck_start, $recheck_end, $units) p
       ON p."group" = a."group" AND p.target_key = a.target_key
LEFT JOIN last_visit l ON l."group" = a."group" AND l.target_key = a.target_key
LEFT JOIN units u ON a.target_kind = '乡/街道' AND u.name = a.target
LEFT JOIN departments d ON a.target_kind = '部门' AND d.name = a.target
ORDER BY g.ord NULLS LAST, a."group",
         CASE a.target_kind WHEN '乡/街道' THEN 0 WHEN '部门' THEN 1 ELSE 2 END,
         coalesce(u.sort_order, d.sort_order) NULLS LAST, a.target
