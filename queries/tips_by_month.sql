-- tips_by_month: 举报 per month of 受理日期 and channel, every month from S to A x every channel that
-- occurs in scope (zeros included; no rows when there is no tip in scope).
-- grain: one row per (month, channel); month = first day of the month (DATE).
-- params: $since, $as_of, $units
WITH t AS (
    SELECT date_trunc('month', received_date)::DATE AS month, coalesce(channel, '未填写') AS channel, count(*) AS tips
    FROM scoped_tips($since, $as_of, $units)
    GROUP BY 1, 2),
months AS (
    SELECT m::DATE AS month
    FROM generate_series(date_trunc('month', $since::DATE)::TIMESTAMP, date_trunc('month', $as_of::DATE)::TIMESTAMP,
                         INTERVAL 1 MONTH) g(m)),
channels AS (SELECT channel, sum(tips) AS total FROM t GROUP BY channel)
SELECT m.month, c.channel, coalesce(t.tips, 0) AS tips
FROM months m CROSS JOIN channels c
LEFT JOIN t ON t.month = m.month AND t.channel = c.channel
ORDER BY m.month, c.total DESC, c.channel
