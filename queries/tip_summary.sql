-- tip_summary: 举报 KPIs; 举报属实率 = 属实 / (属实 + 不属实); rewards summed over tips in scope.
-- grain: one row.
-- params: $since, $as_of, $units
SELECT count(*) AS total,
       count(*) FILTER (WHERE result = '属实') AS verified_true,
       count(*) FILTER (WHERE result = '不属实') AS verified_false,
       safe_rate(count(*) FILTER (WHERE result = '属实'), count(*) FILTER (WHERE result IN ('属实', '不属实'))) AS verified_rate,
       coalesce(sum(reward_yuan), 0) AS rewards_yuan
FROM scoped_tips($since, $as_of, $units)
