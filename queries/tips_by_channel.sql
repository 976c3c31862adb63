-- tips_by_channel: 举报 per 举报渠道 (empty = 未填写) with the 核查结果 split; 举报属实率 itself comes
-- from tip_summary (one definition).
-- grain: one row per channel in scope, most tips first.
-- params: $since, $as_of, $units
SELECT coalesce(channel, '未填写') AS channel,
       count(*) AS tips,
       count(*) FILTER (WHERE result = '属实') AS verified_true,
       count(*) FILTER (WHERE result = '不属实') AS verified_false,
       count(*) FILTER (WHERE result IS NULL OR result NOT IN ('属实', '不属实')) AS pending
FROM scoped_tips($since, $as_of, $units)
GROUP BY 1
ORDER BY tips DESC, channel
