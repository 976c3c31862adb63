-- listed_hazards: the 挂牌督办 register rows listed by A with their hazard and state (listing_states); open and
-- overdue first. $only_open = true keeps the 挂牌未摘牌 rows.
-- grain: one row per register row, at most $row_limit rows; total_rows = rows before the limit (on every row).
-- params: $as_of, $units, $only_open, $row_limit
SELECT record_key, hazard_no, hazard_key, scope_unit AS unit, enterprise_name AS enterprise,
       hazard_description AS description, hazard_level, hazard_status, level, listed_date, supervising_org,
       deadline_in_force AS deadline, delisted_date, accepting_org, delisted, open, overdue,
       count(*) OVER () AS total_rows
FROM listing_states($as_of, $units)
WHERE NOT $only_open OR open
ORDER BY delisted, overdue DESC, listed_date, record_key
LIMIT $row_limit
