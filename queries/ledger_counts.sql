-- ledger_counts: rows held per ledger type within the $units filter (empty = all), and the last import time.
-- Unit-scoped, not reference: district-wide counts would tell a 乡/街道 user how many hazards, cases and
-- tips the whole district holds, numbers its other queries keep from it. The frame asks without units (all
-- rows for those who may see all); for a 乡/街道 user the data layer puts its own code. Rows of a unit: by
-- unit_code (hazards, cases, visits, tips), by the named 乡/街道 (分工 targets, 报送单位; macro
-- org_in_units). last_import (the latest import not undone) is district-wide: when the data was last
-- refreshed, no unit's rows.
-- grain: one row per ledger type (ledger_type, rows), plus last_import on every row.
-- params: $units
SELECT l.ledger_type, l.rows, (SELECT max(imported_at) FROM imports WHERE undone_at IS NULL) AS last_import FROM (
    SELECT 'hazards' AS ledger_type, count(*) AS rows, 1 AS ord FROM hazards WHERE in_filter($units, unit_code)
    UNION ALL SELECT 'enforcement', count(*), 2 FROM enforcement WHERE in_filter($units, unit_code)
    UNION ALL SELECT 'supervision', count(*), 3 FROM supervision WHERE in_filter($units, unit_code)
    UNION ALL SELECT 'assignments', count(*), 4 FROM assignments WHERE org_in_units($units, target)
    UNION ALL SELECT 'monthly_reports', count(*), 5 FROM monthly_reports WHERE org_in_units($units, reporter)
    UNION ALL SELECT 'submissions', count(*), 6 FROM submissions WHERE org_in_units($units, reporter)
    UNION ALL SELECT 'tips', count(*), 7 FROM tips WHERE in_filter($units, unit_code)) l
ORDER BY l.ord
