-- 报送: who must report, the 打非治违 monthly report states, the self-inspection report and 总结 states.

-- Who must report: every 乡/街道 and member department.
CREATE OR REPLACE VIEW reporters AS
    SELECT name AS reporter, '乡/街道' AS reporter_kind, sort_order FROM units
    UNION ALL SELECT name, '部门', 100 + sort_order FROM departments;

-- 口径 月报及时率：截至A。应报 = 每个区安委会成员单位 × data/campaign.toml 所列月份中报送期限不晚于A的月份（2022年为6至10月，即集中整治阶段“每月3日前报送”），期限为次月3日；按时 = 报送日期不晚于期限；未报的计为未按时。数据来源：月报报送台账。
-- The report for month M is due on day due_day of month M+1 (capped at that month's length). on_time = dated
-- on or before the due date; late = after it but not after A; missing = none, undated, or dated after A.
-- campaign_start is kept in the signature for the query files; the months come from the campaign table.
CREATE OR REPLACE MACRO monthly_report_status(as_of, campaign_start, due_day) AS TABLE
    WITH months AS (
        SELECT CAST(unnest(string_split(value, ',')) AS DATE) AS month
        FROM campaign WHERE key = 'monthly_report_months' AND value <> ''),
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

-- 口径 自查报告报送及时率：截至A。应报 = 每个乡/街道和区安委会成员单位 × 报送期限不晚于A的自查报告节点（4月25日、5月25日、10月25日）；按时 = 报送日期不晚于期限；未报的计为未按时。数据来源：自查报告报送台账（不含月报）。
-- 口径 打非治违总结报送：截至A。每个乡/街道和区安委会成员单位于12月1日前报送一次，按自查报告节点同样统计，但单独列示。
-- Every reporter (乡/街道 and member departments) at every node; is_summary marks the 总结 node (configured
-- summary = true). on_time = dated on or before the due date and not after A; a node not yet due and not sent
-- is not_due; late = after the due date but not after A; missing = none or dated after A.
CREATE OR REPLACE MACRO submission_status(as_of) AS TABLE
    SELECT r.reporter, r.reporter_kind, r.sort_order, n.no AS node, n.label, n.due,
           coalesce(CAST(n.no AS VARCHAR) = (SELECT value FROM campaign WHERE key = 'summary_node'), false) AS is_summary,
           CASE WHEN s.submitted_date <= as_of THEN s.submitted_date END AS submitted_date,
           CASE WHEN s.submitted_date <= as_of AND s.submitted_date <= n.due THEN 'on_time'
                WHEN n.due > as_of THEN 'not_due'
                WHEN s.submitted_date IS NULL OR s.submitted_date > as_of THEN 'missing'
                ELSE 'late' END AS state
    FROM reporters r
    CROSS JOIN submission_nodes n
    LEFT JOIN submissions s ON s.reporter = r.reporter AND s.node = n.no;

-- The reports node_compliance counts: the nodes due by A (the 自查报告 nodes, or the 总结 node when summary), for the
-- reporters in the unit filter (macro org_in_units).
CREATE OR REPLACE MACRO due_node_status(as_of, units, summary) AS TABLE
    SELECT * FROM submission_status(as_of)
    WHERE due <= as_of AND is_summary = summary AND org_in_units(units, reporter);

-- The 报送 figures of those reports: a missing one counts as not on time.
CREATE OR REPLACE MACRO node_compliance(as_of, units, summary) AS TABLE
    SELECT count(*) AS expected,
           count(*) FILTER (WHERE state = 'on_time') AS on_time,
           count(*) FILTER (WHERE state = 'late') AS late,
           count(*) FILTER (WHERE state = 'missing') AS missing,
           safe_rate(count(*) FILTER (WHERE state = 'on_time'), count(*)) AS on_time_rate
    FROM due_node_status(as_of, units, summary);
