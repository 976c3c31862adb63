-- accidents_by_unit: 生产安全事故 per 乡/街道, every unit in the filter in code order, with the previous year's same period.
-- grain: one row per unit: count, deaths, injuries, loss_yuan, concealed, prev_count, prev_deaths.
-- params: $since, $as_of, $units, $industries
WITH n AS (SELECT unit_code, count(*) AS count, sum(deaths) AS deaths, sum(injuries) AS injuries,
                  sum(loss_yuan) AS loss_yuan, count(*) FILTER (WHERE concealed) AS concealed
           FROM scoped_accidents($since, $as_of, $units, $industries) GROUP BY 1),
p AS (SELECT unit_code, count(*) AS prev_count, sum(deaths) AS prev_deaths
      FROM previous_year_accidents($since, $as_of, $units, $industries) GROUP BY 1)
SELECT u.code, u.name AS unit, coalesce(n.count, 0) AS count, coalesce(n.deaths, 0) AS deaths,
       coalesce(n.injuries, 0) AS injuries, coalesce(n.loss_yuan, 0) AS loss_yuan, coalesce(n.concealed, 0) AS concealed,
       coalesce(p.prev_count, 0) AS prev_count, coalesce(p.prev_deaths, 0) AS prev_deaths
FROM units u LEFT JOIN n ON n.unit_code = u.code LEFT JOIN p ON p.unit_code = u.code
WHERE in_filter($units, u.code)
ORDER BY u.code
