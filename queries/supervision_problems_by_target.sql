-- supervision_problems_by_target: the 三个清单 of the 督导组 per target: 问题清单 (found by A), 整改清单 (rectified, open,
-- overdue), 责任清单 (the 整改责任单位 named), with the 复查 and 销号 counts (stocks as of A, problem_states).
-- grain: one row per (group, target) with at least one problem found by A; groups in order, then 乡/街道, 部门, 企业.
-- params: $as_of, $units
SELECT p."group", min(p.target) AS target, min(p.target_kind) AS target_kind, p.target_key, min(p.unit) AS unit,
       count(*) AS found,
       count(*) FILTER (WHERE rectified) AS rectified,
       count(*) FILTER (WHERE open) AS open,
       count(*) FILTER (WHERE overdue) AS overdue,
       count(*) FILTER (WHERE rechecked) AS rechecked,
       count(*) FILTER (WHERE recheck_failed) AS recheck_failed,
       count(*) FILTER (WHERE closed) AS closed,
       string_agg(DISTINCT responsible_org, '、' ORDER BY responsible_org) AS responsible_orgs,
       min(deadline) FILTER (WHERE open) AS next_deadline
FROM problem_states($as_of, $units) p
LEFT JOIN groups g ON g.name = p."group"
GROUP BY g.ord, p."group", p.target_key
ORDER BY g.ord NULLS LAST, p."group",
         CASE min(p.target_kind) WHEN '乡/街道' THEN 0 WHEN '部门' THEN 1 ELSE 2 END, min(p.target)
