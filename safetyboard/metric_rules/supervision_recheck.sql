-- 回头看 re-check of a target's earlier 督导 problems. After supervision.sql (rechecked_targets) and
-- loop.sql (problem_states).
-- tables: problems

-- 口径 回头看问题整改：截至回头看。督导组回头看到达的每个对象，在其首次回头看之前发现的该组问题中，截至最后一次回头看已整改的问题数；截至A仍未整改的为仍未整改。
-- Per (group, target) the group's 回头看 reached (rechecked_targets): found_before = that group's problems at that
-- target found before its first 回头看 visit; rectified_by_recheck = those rectified as of its last 回头看 visit;
-- recheck_failed = those whose 复查 by A 未通过; still_open = those not rectified as of A. With a 乡/街道 filter only
-- the targets that have problems in it.
CREATE OR REPLACE MACRO problem_recheck(as_of, recheck_start, recheck_end, units) AS TABLE
    SELECT r."group", r.target_key, r.first_recheck, r.last_recheck,
           count(p.record_key) AS found_before,
           count(p.record_key) FILTER (WHERE problem_rectified(p.status, p.rectified_date, r.last_recheck)) AS rectified_by_recheck,
           count(p.record_key) FILTER (WHERE p.recheck_failed) AS recheck_failed,
           count(p.record_key) FILTER (WHERE p.open) AS still_open
    FROM rechecked_targets(as_of, recheck_start, recheck_end) r
    LEFT JOIN problem_states(as_of, units) p
      ON p."group" = r."group" AND p.target_key = r.target_key AND p.found_date < r.first_recheck
    GROUP BY r."group", r.target_key, r.first_recheck, r.last_recheck
    HAVING len(units) = 0 OR count(p.record_key) > 0;
