-- ov_recheck_total: district-wide 回头看覆盖率 = over all 督导组, assigned targets re-checked by their group
-- (rule of supervision_coverage) over all assigned targets; a target assigned to two groups counts per group.
-- grain: one row (assigned, covered, coverage). coverage NULL when nothing is assigned.
-- params: $as_of, $recheck_start, $recheck_end
SELECT count(a.target_key) AS assigned,
       count(r.target_key) AS covered,
       safe_rate(count(r.target_key), count(a.target_key)) AS coverage
FROM assigned_targets() a
LEFT JOIN rechecked_targets($as_of, $recheck_start, $recheck_end) r ON r."group" = a."group" AND r.target_key = a.target_key
