-- ledger_counts: rows held per ledger type and the last import time.
-- grain: one row per ledger type (ledger_type, rows), plus last_import on every row.
-- params: none
SELECT l.ledger_type, l.rows, (SELECT max(imported_at) FROM imports WHERE undone_at IS NULL) AS last_import FROM (
    SELECT 'hazards' AS ledger_type, count(*) AS rows, 1 AS ord FROM hazards
    UNION ALL SELECT 'enforcement', count(*), 2 FROM enforcement
    UNION ALL SELECT 'supervision', count(*), 3 FROM supervision
    UNION ALL SELECT 'assignments', count(*), 4 FROM assignments
    UNION ALL SELECT 'monthly_reports', count(*), 5 FROM monthly_reports
    UNION ALL SELECT 'submissions', count(*), 6 FROM submissions
    UNION ALL SELECT 'tips', count(*), 7 FROM tips) l
ORDER BY l.ord
