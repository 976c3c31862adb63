-- monthly_report_submissions: who sent the 打非治违月报 on time, late or not at all (macro monthly_report_status:
-- the report for month M is due on day $report_due_day of month M+1; expected = every member department,
-- within the 监管部门 filter, for every campaign month due by A). The expected reporters are departments,
-- which are no 乡/街道's rows (macro org_in_units): with a 乡/街道 filter the result is empty.
-- grain: one row per (department, expected month); month = first day of the month.
-- params: $as_of, $campaign_start, $report_due_day, $units, $departments
SELECT reporter, month, due, submitted_date, state
FROM monthly_report_status($as_of, $campaign_start, $report_due_day)
WHERE in_filter($departments, reporter) AND org_in_units($units, reporter)
ORDER BY sort_order, month
