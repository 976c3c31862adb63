-- monthly_report_compliance: 打非治违月报 报送及时率 over the expectation of monthly_report_submissions (same filters:
-- with a 乡/街道 filter nothing is expected, the reporters being departments).
-- grain: one row. on_time_rate NULL when nothing is due yet (or nothing is expected in scope).
-- params: $as_of, $campaign_start, $report_due_day, $units, $departments
SELECT count(*) AS expected,
       count(*) FILTER (WHERE state = 'on_time') AS on_time,
       count(*) FILTER (WHERE state = 'late') AS late,
       count(*) FILTER (WHERE state = 'missing') AS missing,
       safe_rate(count(*) FILTER (WHERE state = 'on_time'), count(*)) AS on_time_rate
FROM monthly_report_status($as_of, $campaign_start, $report_due_day)
WHERE in_filter($departments, reporter) AND org_in_units($units, reporter)
