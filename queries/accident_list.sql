-- accident_list: the accidents of [S, A], latest first, 瞒报谎报 flagged.
-- grain: one row per accident.
-- params: $since, $as_of, $units, $industries
SELECT occurred_date, accident_no, unit, enterprise, industry, accident_type, deaths, injuries, loss_yuan,
       coalesce(concealed, false) AS concealed
FROM scoped_accidents($since, $as_of, $units, $industries)
ORDER BY occurred_date DESC, record_key
