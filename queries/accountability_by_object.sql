-- accountability_by_object: 约谈/通报/问责 records dated in [S, A] (flow) per object, with the types it got.
-- grain: one row per object (target_key); most records first.
-- params: $since, $as_of, $units
SELECT min(target) AS target, min(target_kind) AS target_kind, target_key, min(unit) AS unit, count(*) AS n,
       string_agg(DISTINCT action_type, '、' ORDER BY action_type) AS types, max(action_date) AS last_date
FROM scoped_accountability($since, $as_of, $units)
GROUP BY target_key
ORDER BY n DESC, min(target)
