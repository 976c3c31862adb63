-- listed_hazard_summary: the 挂牌督办 register as of A (macro listing_states, stocks): listed (挂牌 by A), delisted (摘牌
-- by A), open (挂牌未摘牌), overdue (open, deadline before A), and open per level.
-- grain: one row.
-- params: $as_of, $units
SELECT count(*) AS listed,
       count(*) FILTER (WHERE delisted) AS delisted,
       count(*) FILTER (WHERE open) AS open,
       count(*) FILTER (WHERE overdue) AS overdue,
       count(*) FILTER (WHERE open AND level = '区级') AS open_district,
       count(*) FILTER (WHERE open AND level = '市级') AS open_city,
       count(*) FILTER (WHERE open AND level = '省级') AS open_province,
       count(*) FILTER (WHERE open AND hazard_key IS NULL) AS open_unlinked
FROM listing_states($as_of, $units)
