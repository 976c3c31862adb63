-- supervision_problem_recheck: the 回头看 re-check of earlier problems per group and target the 回头看 reached
-- (macro problem_recheck): problems found before the first 回头看 visit, rectified by the last one, failed 复查,
-- still open as of A.
-- grain: one row per (group, target_key) with a 回头看 in the window by A; groups in order, then first 回头看 date.
-- params: $as_of, $recheck_start, $recheck_end, $units
SELECT r."group", coalesce(a.target, p.target, r.target_key) AS target, r.target_key,
       r.first_recheck, r.last_recheck, r.found_before, r.rectified_by_recheck, r.recheck_failed, r.still_open
FROM problem_recheck($as_of, $recheck_start, $recheck_end, $units) r
LEFT JOIN groups g ON g.name = r."group"
LEFT JOIN (SELECT target_key, min(target) AS target FROM assignments GROUP BY target_key) a ON a.target_key = r.target_key
LEFT JOIN (SELECT target_key, min(target) AS target FROM problems GROUP BY target_key) p ON p.target_key = r.target_key
ORDER BY g.ord NULLS LAST, r."group", r.first_recheck, target
