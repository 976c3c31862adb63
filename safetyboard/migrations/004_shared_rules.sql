-- 004: rules several queries share, defined once: the six groups, 回头看 coverage, the 打非治违 monthly
-- report due dates and states, and the self-inspection report states.

CREATE TABLE IF NOT EXISTS groups (ord INTEGER PRIMARY KEY, name VARCHAR NOT NULL);

-- Each (group, target) of the current 分工, once.
CREATE OR REPLACE MACRO assigned_targets() AS TABLE
    SELECT "group", target_key, min(target) AS target, min(target_kind) AS target_kind
    FROM assignments GROUP BY "group", target_key;

-- 回头看 that count: by a group, dated in the 回头看 window and not after A; per (group, target).
CREATE OR REPLACE MACRO rechecked_targets(as_of, recheck_start, recheck_end) AS TABLE
    SELECT "group", target_key, min(visit_date) AS first_recheck, count(*) AS recheck_visits
    FROM supervision
    WHERE visit_type = '回头看' AND visit_date BETWEEN recheck_start AND recheck_end AND visit_date <= as_of
    GROUP BY "group", target_key;

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
