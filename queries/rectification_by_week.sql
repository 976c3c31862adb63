-- rectification_by_week: hazards found per week (by 发现日期) and rectified per week (by 整改完成日期, rectified as of A),
-- with running totals, for every week (Monday start) from the week of S to the week of A, zeros included.
-- Hazards rectified without a 整改完成日期 cannot be placed in a week: rectified_undated counts them (same on every row).
-- grain: one row per week (week_start DATE).
-- Counted once per (发现日期, 整改完成日期) pair, then per week: one pass over the hazards, not three.
-- params: $since, $as_of, $units, $industries, $departments
WITH c AS (
    SELECT found_date,
           CASE WHEN is_rectified(status, rectified_date, $as_of) THEN rectified_date END AS done_date,
           is_rectified(status, rectified_date, $as_of) AND rectified_date IS NULL AS undated,
           count(*) AS n
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)
    GROUP BY ALL),
weeks AS (
    SELECT CAST(w AS DATE) AS week_start
    FROM generate_series(CAST(date_trunc('week', CAST($since AS DATE)) AS TIMESTAMP),
                         CAST(date_trunc('week', CAST($as_of AS DATE)) AS TIMESTAMP), INTERVAL 7 DAY) t(w)),
found AS (SELECT CAST(date_trunc('week', found_date) AS DATE) AS week_start, CAST(sum(n) AS BIGINT) AS n FROM c GROUP BY 1),
done AS (SELECT CAST(date_trunc('week', done_date) AS DATE) AS week_start, CAST(sum(n) AS BIGINT) AS n FROM c
         WHERE done_date IS NOT NULL GROUP BY 1)
SELECT w.week_start,
       w.week_start + 6 AS week_end,
       coalesce(f.n, 0) AS found,
       coalesce(d.n, 0) AS rectified,
       CAST(sum(coalesce(f.n, 0)) OVER (ORDER BY w.week_start) AS BIGINT) AS found_cum,
       CAST(sum(coalesce(d.n, 0)) OVER (ORDER BY w.week_start) AS BIGINT) AS rectified_cum,
       (SELECT CAST(coalesce(sum(n), 0) AS BIGINT) FROM c WHERE undated) AS rectified_undated
FROM weeks w
LEFT JOIN found f USING (week_start)
LEFT JOIN done d USING (week_start)
ORDER BY w.week_start
