-- group_targets: the assigned targets of one 督导组 (table assignments, the 分工 last imported), for the
-- scope of its briefing: 乡/街道 (with their unit code, for the $units filter), 部门 (for $departments), 企业.
-- grain: one row per target_key; 乡/街道 first (code order), then 部门 (reference order), then 企业 by name.
-- params: $group
SELECT a.target_kind, min(a.target) AS target, a.target_key, any_value(u.code) AS unit_code
FROM assignments a
LEFT JOIN units u ON a.target_kind = '乡/街道' AND u.name = a.target
LEFT JOIN departments d ON a.target_kind = '部门' AND d.name = a.target
WHERE a."group" = $group
GROUP BY a.target_kind, a.target_key
ORDER BY CASE a.target_kind WHEN '乡/街道' THEN 0 WHEN '部门' THEN 1 ELSE 2 END,
         any_value(u.code) NULLS LAST, any_value(d.sort_order) NULLS LAST, min(a.target)
