-- submission_by_reporter: 自查报告 报送及时率 per reporter (乡/街道 and member departments), the counting of macro
-- node_compliance split by reporter: the 自查报告 nodes (not the 总结 node) due on or before A; on time = dated on or
-- before the due date; late = after it but not after A; missing = not received by A (counts as late for the rate).
-- grain: one row per reporter with a node due by A, in reporter order (乡/街道 first). on_time_rate NULL when nothing
-- is due. Stocks at A.
-- params: $as_of, $units
SELECT reporter, reporter_kind,
       count(*) AS expected,
       count(*) FILTER (WHERE state = 'on_time') AS on_time,
       count(*) FILTER (WHERE state = 'late') AS late,
       count(*) FILTER (WHERE state = 'missing') AS missing,
       safe_rate(count(*) FILTER (WHERE state = 'on_time'), count(*)) AS on_time_rate
FROM submission_status($as_of)
WHERE due <= $as_of AND NOT is_summary AND org_in_units($units, reporter)
GROUP BY reporter, reporter_kind, sort_order
ORDER BY sort_order, reporter
