-- enforcement_cases: the 执法案件清单: the cases filed in [S, A] (flow, 案件台账) within the filters, newest first,
-- with the 当事人 and its 统一社会信用代码 for the 一企一档 link.
-- grain: one row per case, at most $row_limit rows; total_rows = rows before the limit (on every row). fine_yuan in 元.
-- params: $since, $as_of, $units, $industries, $departments, $row_limit
SELECT case_no, department, party, credit_code, unit, filed_date, decision_date,
       array_to_string(measures, '、') AS measures, fine_yuan, coalesce(typical, false) AS typical, violation,
       count(*) OVER () AS total_rows
FROM scoped_cases($since, $as_of, $units, $industries, $departments)
ORDER BY filed_date DESC, record_key
LIMIT $row_limit
