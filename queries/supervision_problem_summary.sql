-- supervision_problem_summary: 督导发现问题 KPIs, the sum of problem_counts_by_group: found = problems found in [S, A]
-- (flow); the rest stocks as of A over every problem found by A: rectified, open, overdue (open, 整改时限 before A),
-- rechecked (复查 by A), recheck_failed (that 复查 未通过), closed (销号 by A).
-- grain: one row.
-- params: $since, $as_of, $units
SELECT CAST(coalesce(sum(found), 0) AS BIGINT) AS found, CAST(coalesce(sum(rectified), 0) AS BIGINT) AS rectified,
       CAST(coalesce(sum(open), 0) AS BIGINT) AS open, CAST(coalesce(sum(overdue), 0) AS BIGINT) AS overdue,
       CAST(coalesce(sum(rechecked), 0) AS BIGINT) AS rechecked,
       CAST(coalesce(sum(recheck_failed), 0) AS BIGINT) AS recheck_failed,
       CAST(coalesce(sum(closed), 0) AS BIGINT) AS closed
FROM problem_counts_by_group($since, $as_of, $units)
