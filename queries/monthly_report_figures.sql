-- monthly_report_figures: 打非治违月报 figures per 报送单位 and month, for months from the month of S to A,
-- reports submitted not after A (undated reports included). The 监管部门 filter applies to the 报送单位; the
-- 乡/街道 filter keeps the reports whose 报送单位 is one of those 乡/街道 (macro org_in_units: a department's
-- report is no unit's row and drops out); the 行业 filter does not apply. fine_yuan in 元.
-- grain: one row per (reporter, month); month = first day of the month (DATE).
-- params: $since, $as_of, $units, $departments
SELECT m.month, m.reporter, m.reporter_kind, m.submitted_date,
       m.units_checked, m.violations_found, m.suspended, m.closed, m.fine_yuan, m.transferred, m.exposed_count
FROM monthly_reports m
LEFT JOIN reporters r ON r.reporter = m.reporter
WHERE m.month BETWEEN date_trunc('month', $since::DATE) AND $as_of
  AND (m.submitted_date IS NULL OR m.submitted_date <= $as_of)
  AND in_filter($departments, m.reporter) AND org_in_units($units, m.reporter)
ORDER BY m.month, r.sort_order NULLS LAST, m.reporter
