-- enterprise_tips: 一企一档: the tips about the enterprise (被举报单位 folded like a name), up to A. Individual tips are for
-- the 安委办 only (scope: admin); the reporter's identity is never stored, so never shown.
-- scope: admin
-- grain: one row per tip, latest first.
-- params: $ent_key, $units, $as_of
SELECT received_date, tip_no, channel, category, result, closed_date
FROM tips
WHERE name_key(accused) = $ent_key AND in_filter($units, unit_code) AND received_date <= $as_of
ORDER BY received_date DESC, tip_no
