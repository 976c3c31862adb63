-- enforcement_by_month: 执法案件 and fines per month of 立案日期, every month from S to A (zeros included).
-- grain: one row per month (month = first day of the month, DATE). fines_yuan in 元.
-- params: $since, $as_of, $units, $industries, $departments
WITH months AS (
    SELECT m::DATE AS month
    FROM generate_series(date_trunc('month', $since::DATE)::TIMESTAMP, date_trunc('month', $as_of::DATE)::TIMESTAMP,
                         INTERVAL 1 MONTH) t(m)),
c AS (
    SELECT date_trunc('month', filed_date)::DATE AS month, count(*) AS cases, coalesce(sum(fine_yuan), 0) AS fines_yuan
    FROM scoped_cases($since, $as_of, $units, $industries, $departments)
    GROUP BY 1)
SELECT m.month, coalesce(c.cases, 0) AS cases, coalesce(c.fines_yuan, 0) AS fines_yuan
FROM months m LEFT JOIN c ON c.month = m.month
ORDER BY m.month
