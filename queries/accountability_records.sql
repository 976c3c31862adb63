-- accountability_records: the 约谈/通报/问责 records dated in [S, A] (flow), newest first.
-- grain: one row per record, at most $row_limit rows; total_rows = rows before the limit (on every row).
-- params: $since, $as_of, $units, $row_limit
SELECT record_key, action_date, target, target_kind, unit, action_type, reason, doc_no, related,
       count(*) OVER () AS total_rows
FROM scoped_accountability($since, $as_of, $units)
ORDER BY action_date DESC, target
LIMIT $row_limit
