-- rep_monthly_status_summary: 打非治违月报 报送及时率 over the expectation of rep_monthly_status (member
-- departments x campaign months due by A; month M due on day $report_due_day of M+1).
-- grain: one row. on_time_rate NULL when nothing is due yet.
-- params: $as_of, $campaign_start, $report_due_day, $departments
WITH months AS (
    SELECT m::DATE AS month
    FROM generate_series(date_trunc('month', $campaign_start::DATE)::TIMESTAMP,
                         (SELECT CAST(value AS DATE) FROM campaign WHERE key = 'end')::TIMESTAMP,
                         INTERVAL 1 MONTH) t(m)),
due AS (
    SELECT month, (month + INTERVAL 1 MONTH)::DATE
                  + CAST(least($report_due_day, day(last_day((month + INTERVAL 1 MONTH)::DATE))) - 1 AS INTEGER) AS due
    FROM months),
status AS (
    SELECT CASE WHEN r.submitted_date IS NULL OR r.submitted_date > $as_of THEN 'missing'
                WHEN r.submitted_date <= u.due THEN 'on_time' ELSE 'late' END AS state
    FROM departments d CROSS JOIN due u
    LEFT JOIN monthly_reports r ON r.reporter = d.name AND r.month = u.month
    WHERE u.due <= $as_of AND in_filter($departments, d.name))
SELECT count(*) AS expected,
       count(*) FILTER (WHERE state = 'on_time') AS on_time,
       count(*) FILTER (WHERE state = 'late') AS late,
       count(*) FILTER (WHERE state = 'missing') AS missing,
       safe_rate(count(*) FILTER (WHERE state = 'on_time'), count(*)) AS on_time_rate
FROM status
