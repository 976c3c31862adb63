-- 报送: who must report, the 打非治违 monthly report states and the self-inspection report states.

-- Who must report: every 乡/街道 and member department.
CREATE OR REPLACE VIEW reporters AS
    SELECT name AS reporter, '乡/街道' AS reporter_kind, sort_order FROM units
    UNION ALL SELECT name, '部门', 100 + sort_order FROM departments;

-- 打非治违月报: the report for month M is due on day due_day of month M+1 (capped at that month's length).
-- Expected: every member department for every campaign month whose due date is not after A.
-- on_time = dated on or before the due date; late = after it but not after A; missing = none, undated,
-- or dated after A.
CREATE OR REPLACE MACRO monthly_report_status(as_of, campaign_start, due_day) AS TABLE
    WITH months AS (
        SELECT m::DATE AS month
        FROM generate_series(date_trunc('month', campaign_start::DATE)::TIMESTAMP,
                             (SELECT CAST(value AS DATE) FROM campaign WHERE key = 'end')::TIMESTAMP,
                             INTERVAL 1 MONTH) t(m)),
    due AS (
        SELECT month, (month + INTERVAL 1 MONTH)::DATE
                      + CAST(least(due_day, day(last_day((month + INTERVAL 1 MONTH)::DATE))) - 1 AS INTEGER) AS due
        FROM months)
    SELECT d.name AS reporter, d.sort_order, u.month, u.due,
           CASE WHEN r.submitted_date <= as_of THEN r.submitted_date END AS submitted_date,
           CASE WHEN r.submitted_date IS NULL OR r.submitted_date > as_of THEN 'missing'
                WHEN r.submitted_date <= u.due THEN 'on_time' ELSE 'late' END AS state
    FROM departments d CROSS JOIN due u
    LEFT JOIN monthly_reports r ON r.reporter = d.name AND r.month = u.month
    WHERE u.due <= as_of;

-- 自查报告: every reporter (乡/街道 and member departments) at every node. on_time = dated on or before the
-- due date and not after A; a node not yet due and not sent is not_due; late = after the due date but not
-- after A; missing = none or dated after A.
CREATE OR REPLACE MACRO submission_status(as_of) AS TABLE
    SELECT r.reporter, r.reporter_kind, r.sort_order, n.no AS node, n.label, n.due,
           CASE WHEN s.submitted_date <= as_of THEN s.submitted_date END AS submitted_date,
           CASE WHEN s.submitted_date <= as_of AND s.submitted_date <= n.due THEN 'on_time'
                WHEN n.due > as_of THEN 'not_due'
                WHEN s.submitted_date IS NULL OR s.submitted_date > as_of THEN 'missing'
                ELSE 'late' END AS state
    FROM reporters r
    CROSS JOIN submission_nodes n
    LEFT JOIN submissions s ON s.reporter = r.reporter AND s.node = n.no;
