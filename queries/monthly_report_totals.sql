-- monthly_report_totals: the 打非治违月报 figures summed over the scope of monthly_report_figures (months from
-- the month of S to A, reports submitted not after A or undated, 监管部门 filter on the 报送单位, 乡/街道 filter
-- through org_in_units). fine_yuan in 元.
-- grain: one row (sums are 0 when there is no report).
-- params: $since, $as_of, $units, $departments
SELECT count(*) AS reports,
       coalesce(sum(units_checked), 0)::BIGINT AS units_checked,
       coalesce(sum(violations_found), 0)::BIGINT AS violations_found,
       coalesce(sum(suspended), 0)::BIGINT AS suspended,
       coalesce(sum(closed), 0)::BIGINT AS closed,
       coalesce(sum(fine_yuan), 0)::DOUBLE AS fine_yuan,
       coalesce(sum(transferred), 0)::BIGINT AS transferred,
       coalesce(sum(exposed_count), 0)::BIGINT AS exposed_count
FROM monthly_reports
WHERE month BETWEEN date_trunc('month', $since::DATE) AND $as_of
  AND (submitted_date IS NULL OR submitted_date <= $as_of)
  AND in_filter($departments, reporter) AND org_in_units($units, reporter)
