-- submission_grid: the 自查报告 of every reporter at every node (macro submission_status: on_time,
-- late, missing, or not_due for a node not yet due and not yet sent). With a 乡/街道 filter only those
-- 乡/街道 (macro org_in_units: departments drop out).
-- grain: one row per (reporter, node); reporters in their order (乡/街道 first), nodes in order; is_summary marks
-- the 总结 node.
-- params: $as_of, $units
SELECT reporter, reporter_kind, node, label, due, is_summary, submitted_date, state
FROM submission_status($as_of)
WHERE org_in_units($units, reporter)
ORDER BY sort_order, node
