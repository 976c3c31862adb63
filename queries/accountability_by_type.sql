-- accountability_by_type: 约谈/通报/问责 records dated in [S, A] (flow, scoped_accountability) per type that
-- occurs (the five types and their order are rules.ACCOUNTABILITY_TYPES), with the object kinds (乡/街道, 部门, 企业).
-- grain: one row per type that occurs.
-- params: $since, $as_of, $units
SELECT action_type, count(*) AS n,
       count(*) FILTER (WHERE target_kind = '乡/街道') AS units_n,
       count(*) FILTER (WHERE target_kind = '部门') AS departments_n,
       count(*) FILTER (WHERE target_kind = '企业') AS enterprises_n
FROM scoped_accountability($since, $as_of, $units)
GROUP BY action_type
ORDER BY n DESC, action_type
