-- missing_reports: who has not reported this period: the latest 自查报告/总结 node due on or before A (macro
-- submission_status) and the latest 打非治违月报 month due on or before A (macro monthly_report_status), each
-- reporter that had not sent it by A (state 'missing'). earlier_missing = that reporter's other reports of the
-- same kind due before and still missing at A.
-- grain: one row per (reporter, report), 自查报告 first, then reporter order. days_late = A − due. Stock at A.
-- With a 乡/街道 filter only those 乡/街道 (macro org_in_units: the departments and their 月报 drop out).
-- params: $as_of, $campaign_start, $report_due_day, $units
WITH s AS (
    SELECT reporter, reporter_kind, sort_order, 1 AS kind_order, '自查报告（' || label || '）' AS report, due, state,
           max(due) OVER () AS latest
    FROM submission_status($as_of)
    WHERE due <= $as_of AND org_in_units($units, reporter)),
m AS (
    SELECT reporter, '部门' AS reporter_kind, sort_order, 2 AS kind_order,
           '打非治违月报（' || month(month) || '月）' AS report, due, state, max(due) OVER () AS latest
    FROM monthly_report_status($as_of, $campaign_start, $report_due_day)
    WHERE org_in_units($units, reporter)),
a AS (
    SELECT *, count(*) FILTER (WHERE state = 'missing' AND due < latest)
                  OVER (PARTITION BY reporter, kind_order) AS earlier_missing
    FROM (SELECT * FROM s UNION ALL SELECT * FROM m))
SELECT reporter, reporter_kind, report, due, date_diff('day', due, $as_of) AS days_late, earlier_missing
FROM a
WHERE state = 'missing' AND due = latest
ORDER BY kind_order, sort_order, reporter
