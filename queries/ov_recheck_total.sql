-- ov_recheck_total: district-wide 回头看覆盖率 = sum over all 督导组 of assigned targets re-checked (a 回头看
-- visit by the assigned group, in the 回头看 window and not after A) over all assigned targets. Same target
-- matching as supervision_coverage.sql; a target assigned to two groups counts once per group.
-- grain: one row (assigned, covered, coverage). coverage NULL when nothing is assigned.
-- params: $as_of, $recheck_start, $recheck_end
WITH assigned AS (SELECT DISTINCT "group", target_key FROM assignments),
rechecked AS (
    SELECT DISTINCT "group", target_key FROM supervision
    WHERE visit_type = '回头看' AND visit_date BETWEEN $recheck_start AND $recheck_end AND visit_date <= $as_of)
SELECT count(a.target_key) AS assigned,
       count(r.target_key) AS covered,
       safe_rate(count(r.target_key), count(a.target_key)) AS coverage
FROM assigned a
LEFT JOIN rechecked r ON r."group" = a."group" AND r.target_key = a.target_key
