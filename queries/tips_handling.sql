-- tips_handling: how tips in scope were handled as of A. closed = 办结日期 not after A; days to close =
-- 办结日期 - 受理日期 over closed tips (a 办结日期 before the 受理日期 is a typo: closed, but no days);
-- rewarded = tips with a 奖励金额 > 0 (the sum is tip_summary.rewards_yuan); true_unrewarded = 属实 with no
-- reward yet.
-- grain: one row. Day statistics NULL when no tip is closed.
-- params: $since, $as_of, $units
WITH t AS (
    SELECT *, closed_date IS NOT NULL AND closed_date <= $as_of AS closed,
           CASE WHEN closed_date <= $as_of AND closed_date >= received_date THEN closed_date - received_date END AS days
    FROM scoped_tips($since, $as_of, $units))
SELECT count(*) AS tips,
       count(*) FILTER (WHERE closed) AS closed,
       count(*) FILTER (WHERE NOT closed) AS open,
       median(days)::DOUBLE AS median_days,
       round(avg(days), 1)::DOUBLE AS mean_days,
       max(days) AS max_days,
       count(*) FILTER (WHERE coalesce(reward_yuan, 0) > 0) AS rewarded,
       count(*) FILTER (WHERE result = '属实' AND coalesce(reward_yuan, 0) = 0) AS true_unrewarded
FROM t
