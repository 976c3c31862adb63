-- accident_summary: 生产安全事故 in [S, A] and the same period of the previous year (metric_rules/register.sql), one row.
-- grain: one row. count, deaths, injuries, loss_yuan (直接经济损失, 元; shown in 万元), concealed (瞒报谎报);
-- prev_* over [S − 1 year, A − 1 year]; has_previous = the ledger holds any accident before S − 1 year + 1 year,
-- i.e. the comparison period has data at all.
-- params: $since, $as_of, $units, $industries
WITH n AS (SELECT count(*) AS count, coalesce(sum(deaths), 0) AS deaths, coalesce(sum(injuries), 0) AS injuries,
                  coalesce(sum(loss_yuan), 0) AS loss_yuan, count(*) FILTER (WHERE concealed) AS concealed
           FROM scoped_accidents($since, $as_of, $units, $industries)),
p AS (SELECT count(*) AS prev_count, coalesce(sum(deaths), 0) AS prev_deaths, coalesce(sum(injuries), 0) AS prev_injuries,
             coalesce(sum(loss_yuan), 0) AS prev_loss_yuan
      FROM previous_year_accidents($since, $as_of, $units, $industries))
SELECT n.*, p.*, (SELECT min(occurred_date) FROM accidents) <= CAST($as_of - INTERVAL 1 YEAR AS DATE) AS has_previous
FROM n, p
