-- supervision_visits: the visits of one 督导组 dated in [S, A], newest first, at most 500. assigned = the
-- target is in the group's 分工; counts_for_recheck = a 回头看 in the 回头看 window (and not after A),
-- i.e. the visit counts toward 回头看覆盖率 when the target is assigned. With a 乡/街道 filter only the
-- visits carrying those unit codes (visits to the 乡/街道 itself, or to a target whose 所属乡(街道) it is).
-- grain: one row per visit.
-- params: $group, $since, $as_of, $recheck_start, $recheck_end, $units
SELECT s.visit_date, s.visit_type, s.target, s.target_kind,
       s.problems_found, s.problems_rectified,
       a.target_key IS NOT NULL AS assigned,
       (s.visit_type = '回头看' AND s.visit_date BETWEEN $recheck_start AND $recheck_end) AS counts_for_recheck,
       s.note
FROM supervision s
LEFT JOIN (SELECT DISTINCT "group", target_key FROM assignments) a
       ON a."group" = s."group" AND a.target_key = s.target_key
WHERE s."group" = $group AND s.visit_date BETWEEN $since AND $as_of AND in_filter($units, s.unit_code)
ORDER BY s.visit_date DESC, s.target
LIMIT 500
