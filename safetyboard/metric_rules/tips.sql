-- 举报 tips.

-- Tips received in [S, A] within the unit filter.
CREATE OR REPLACE MACRO scoped_tips(since, as_of, units) AS TABLE
    SELECT * FROM tips WHERE received_date BETWEEN since AND as_of AND in_filter(units, unit_code);
