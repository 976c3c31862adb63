-- recheck_coverage_total: 回头看覆盖率 over all 督导组 = assigned targets re-checked by their group (rule of
-- supervision_coverage) over all assigned targets; a target assigned to two groups counts per group. With a
-- 乡/街道 filter only the targets that are those 乡/街道 count (macro org_in_units: departments and enterprises
-- drop out); without one it is the district-wide rate.
-- grain: one row (assigned, covered, coverage). coverage NULL when nothing is assigned.
-- params: $as_of, $recheck_start, $recheck_end, $units
SELECT count(a.target_key) AS assigned,
       count(r.target_key) AS covered,
       safe_rate(count(r.target_key), count(a.target_key)) AS coverage
FROM assigned_targets() a
LEFT JOIN rechecked_targets($as_of, $recheck_start, $recheck_end) r ON r."group" = a."group" AND r.target_key = a.target_key
WHERE org_in_units($units, a.target)
