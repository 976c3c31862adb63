-- tips_list: the 举报件清单: the tips received in [S, A] (flow) within the 乡/街道 filter, newest first, with the
-- 被举报单位 for the 一企一档 link. Individual tips are for the 安委办 only (scope: admin); the reporter's identity
-- is never stored, so never shown.
-- scope: admin
-- grain: one row per tip, at most $row_limit rows; total_rows = rows before the limit (on every row).
-- params: $since, $as_of, $units, $row_limit
SELECT received_date, tip_no, channel, accused, unit, category, result, reward_yuan, closed_date,
       count(*) OVER () AS total_rows
FROM scoped_tips($since, $as_of, $units)
ORDER BY received_date DESC, tip_no
LIMIT $row_limit
