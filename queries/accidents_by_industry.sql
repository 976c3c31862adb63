-- accidents_by_industry: 生产安全事故 per 行业领域 (未填 for none) with the previous year's same period.
-- grain: one row per industry with an accident this or last year: count, deaths, injuries, loss_yuan, prev_count,
-- prev_deaths.
-- params: $since, $as_of, $units, $industries
WITH n AS (SELECT coalesce(industry, '未填') AS industry, count(*) AS count, sum(deaths) AS deaths,
                  sum(injuries) AS injuries, sum(loss_yuan) AS loss_yuan
           FROM scoped_accidents($since, $as_of, $units, $industries) GROUP BY 1),
p AS (SELECT coalesce(industry, '未填') AS industry, count(*) AS prev_count, sum(deaths) AS prev_deaths
      FROM previous_year_accidents($since, $as_of, $units, $industries) GROUP BY 1)
SELECT coalesce(n.industry, p.industry) AS industry, coalesce(n.count, 0) AS count, coalesce(n.deaths, 0) AS deaths,
       coalesce(n.injuries, 0) AS injuries, coalesce(n.loss_yuan, 0) AS loss_yuan,
       coalesce(p.prev_count, 0) AS prev_count, coalesce(p.prev_deaths, 0) AS prev_deaths
FROM n FULL JOIN p ON p.industry = n.industry
ORDER BY count DESC, industry
