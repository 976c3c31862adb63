-- accidents_by_month: 生产安全事故 per month of [S, A], beside the same month of the previous year.
-- grain: one row per month with an accident this or last year: month (first day), count, deaths, injuries,
-- loss_yuan, prev_count, prev_deaths, prev_injuries.
-- params: $since, $as_of, $units, $industries
WITH n AS (SELECT date_trunc('month', occurred_date) AS month, count(*) AS count, sum(deaths) AS deaths,
                  sum(injuries) AS injuries, sum(loss_yuan) AS loss_yuan
           FROM scoped_accidents($since, $as_of, $units, $industries) GROUP BY 1),
p AS (SELECT CAST(date_trunc('month', occurred_date) + INTERVAL 1 YEAR AS DATE) AS month, count(*) AS prev_count,
             sum(deaths) AS prev_deaths, sum(injuries) AS prev_injuries
      FROM previous_year_accidents($since, $as_of, $units, $industries) GROUP BY 1)
SELECT CAST(coalesce(n.month, p.month) AS DATE) AS month, coalesce(n.count, 0) AS count,
       coalesce(n.deaths, 0) AS deaths, coalesce(n.injuries, 0) AS injuries, coalesce(n.loss_yuan, 0) AS loss_yuan,
       coalesce(p.prev_count, 0) AS prev_count, coalesce(p.prev_deaths, 0) AS prev_deaths,
       coalesce(p.prev_injuries, 0) AS prev_injuries
FROM n FULL JOIN p ON p.month = n.month
ORDER BY month
