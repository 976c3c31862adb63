-- supervision_groups: the six 督导组 side by side: assigned targets, assigned targets visited (any visit type) in
-- [S, A], visits in [S, A], and the 回头看 visits dated in the 回头看 window and not after A with their
-- summed 发现问题数 / 已整改问题数 (every 回头看 visit of the group counts, assigned target or not).
-- 回头看覆盖率 itself comes from supervision_coverage (one definition). With a 乡/街道 filter: only the
-- targets that are those 乡/街道 (macro org_in_units) and only the visits carrying those unit codes
-- (in_filter on the visit's unit_code: visits to the 乡/街道, or to a target whose 所属乡(街道) it is).
-- grain: one row per group (all six, in order). rectified_rate NULL when no problem was found.
-- params: $since, $as_of, $recheck_start, $recheck_end, $units
WITH assigned AS (SELECT "group", target_key FROM assigned_targets() WHERE org_in_units($units, target)),
unit_visits AS (SELECT * FROM supervision WHERE in_filter($units, unit_code)),
visits AS (SELECT * FROM unit_visits WHERE visit_date BETWEEN $since AND $as_of),
visited AS (
    SELECT a."group", count(*) AS visited
    FROM assigned a
    WHERE EXISTS (SELECT 1 FROM visits v WHERE v."group" = a."group" AND v.target_key = a.target_key)
    GROUP BY a."group"),
n_assigned AS (SELECT "group", count(*) AS assigned FROM assigned GROUP BY "group"),
n_visits AS (SELECT "group", count(*) AS visits FROM visits GROUP BY "group"),
rechecks AS (
    SELECT "group", count(*) AS recheck_visits,
           coalesce(sum(problems_found), 0) AS problems_found,
           coalesce(sum(problems_rectified), 0) AS problems_rectified
    FROM unit_visits
    WHERE visit_type = '回头看' AND visit_date BETWEEN $recheck_start AND $recheck_end AND visit_date <= $as_of
    GROUP BY "group")
SELECT g.name AS "group",
       coalesce(na.assigned, 0) AS assigned,
       coalesce(vd.visited, 0) AS visited,
       coalesce(nv.visits, 0) AS visits,
       coalesce(r.recheck_visits, 0) AS recheck_visits,
       coalesce(r.problems_found, 0)::BIGINT AS problems_found,
       coalesce(r.problems_rectified, 0)::BIGINT AS problems_rectified,
       safe_rate(r.problems_rectified, r.problems_found) AS rectified_rate
FROM groups g
LEFT JOIN n_assigned na ON na."group" = g.name
LEFT JOIN visited vd ON vd."group" = g.name
LEFT JOIN n_visits nv ON nv."group" = g.name
LEFT JOIN rechecks r ON r."group" = g.name
ORDER BY g.ord
