-- 举报 tips.

-- 口径 举报属实率：本期。受理日期在S至A之间的举报中，属实 ÷（属实 + 不属实）；核查中的不计入。
-- Tips received in [S, A] within the unit filter.
CREATE OR REPLACE MACRO scoped_tips(since, as_of, units) AS TABLE
    SELECT * FROM tips WHERE received_date BETWEEN since AND as_of AND in_filter(units, unit_code);
