-- rep_monthly_status: who sent the 打非治违月报 on time, late or not at all. The report for month M is due
-- on day $report_due_day of month M+1. Expected = every member department (table departments, within the
-- 监管部门 filter) for every campaign month (from the month of $campaign_start to the campaign end in
-- table campaign) whose due date is not after A. on_time = dated on or before the due date; late = after
-- it but not after A; missing = no report, an undated one, or one dated after A (as in
-- submission_compliance).
-- grain: one row per (department, expected month); month = first day of the month.
-- params: $as_of, $campaign_start, $report_due_day, $departments
WITH months AS (
    SELECT m::DATE AS month
    FROM generate_series(date_trunc('month', $campaign_start::DATE)::TIMESTAMP,
                         (SELECT CAST(value AS DATE) FROM campaign WHERE key = 'end')::TIMESTAMP,
                         INTERVAL 1 MONTH) t(m)),
due AS (
    -- the due day, capped at the length of month M+1
    SELECT month, (month + INTERVAL 1 MONTH)::DATE
                  + CAST(least($report_due_day, day(last_day((month + INTERVAL 1 MONTH)::DATE))) - 1 AS INTEGER) AS due
    FROM months),
expected AS (
    SELECT d.name AS reporter, d.sort_order, u.month, u.due
    FROM departments d CROSS JOIN due u
    WHERE u.due <= $as_of AND in_filter($departments, d.name))
SELECT e.reporter, e.month, e.due,
       CASE WHEN r.submitted_date <= $as_of THEN r.submitted_date END AS submitted_date,
       CASE WHEN r.submitted_date IS NULL OR r.submitted_date > $as_of THEN 'missing'
            WHEN r.submitted_date <= e.due THEN 'on_time' ELSE 'late' END AS state
FROM expected e
LEFT JOIN monthly_reports r ON r.reporter = e.reporter AND r.month = e.month
ORDER BY e.sort_order, e.month
