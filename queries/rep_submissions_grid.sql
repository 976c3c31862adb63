-- rep_submissions_grid: the 自查报告 of every reporter (view reporters) at every node (submission_nodes), by
-- the rule of submission_compliance: on_time = dated on or before the due date (and not after A); for a
-- node due by A, late = after the due date but not after A, missing = none or dated after A; a node not
-- yet due and not yet sent is not_due.
-- grain: one row per (reporter, node); reporters in their order (乡/街道 first), nodes in order.
-- params: $as_of
SELECT r.reporter, r.reporter_kind, n.no AS node, n.label, n.due,
       CASE WHEN s.submitted_date <= $as_of THEN s.submitted_date END AS submitted_date,
       CASE WHEN s.submitted_date <= $as_of AND s.submitted_date <= n.due THEN 'on_time'
            WHEN n.due > $as_of THEN 'not_due'
            WHEN s.submitted_date IS NULL OR s.submitted_date > $as_of THEN 'missing'
            ELSE 'late' END AS state
FROM reporters r
CROSS JOIN submission_nodes n
LEFT JOIN submissions s ON s.reporter = r.reporter AND s.node = n.no
ORDER BY r.sort_order, n.no
