-- cross_check_summary: the cross-checks of 通知 四(三) (metric_rules/register.sql), one row.
-- grain: one row. overdue_without_case, major_without_case: stocks at A (open hazards with no case against the same
-- unit filed from the 发现日期 to A); self_found_penalised: distinct cases filed in [S, A] (自查自改仍处罚).
-- checked_*: the hazards looked at; with_case_by_code / with_case_by_name: those with a case, by how it matched
-- (a hazard matched both ways counts in both); self_found_by_code / _by_name likewise for the cases.
-- params: $since, $as_of, $units, $industries, $departments
WITH u AS (SELECT * FROM unpunished_hazards($as_of, $units, $industries, $departments)),
s AS (SELECT * FROM self_found_penalised($since, $as_of, $units, $industries, $departments))
SELECT (SELECT count(*) FILTER (WHERE overdue) FROM u) AS checked_overdue,
       (SELECT count(*) FILTER (WHERE overdue AND without_case) FROM u) AS overdue_without_case,
       (SELECT count(*) FILTER (WHERE level = '重大') FROM u) AS checked_major,
       (SELECT count(*) FILTER (WHERE level = '重大' AND without_case) FROM u) AS major_without_case,
       (SELECT count(*) FILTER (WHERE cases_by_code > 0) FROM u) AS with_case_by_code,
       (SELECT count(*) FILTER (WHERE cases_by_name > 0) FROM u) AS with_case_by_name,
       (SELECT count(DISTINCT case_key) FROM s) AS self_found_penalised,
       (SELECT count(DISTINCT case_key) FILTER (WHERE matched_by = '统一社会信用代码') FROM s) AS self_found_by_code,
       (SELECT count(DISTINCT case_key) FILTER (WHERE matched_by = '单位名称') FROM s) AS self_found_by_name
