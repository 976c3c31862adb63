-- rectification_by_unit: 整改 progress per 乡/街道, all units in the filter in code order, zeros included.
-- grain: one row per unit (code, label). Rates are fractions, NULL when the unit has no hazards.
-- total, rectified, rate: flows (found in [S, A]); overdue, upcoming, no_deadline: stocks at A.
-- Aggregated per unit code first (macro rectification_progress), then joined to the unit list (as hazards_by_unit.sql).
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
SELECT
    u.code, u.name AS label,
    coalesce(h.total, 0) AS total,
    coalesce(h.rectified, 0) AS rectified,
    safe_rate(coalesce(h.rectified, 0), coalesce(h.total, 0)) AS rectification_rate,
    coalesce(h.overdue, 0) AS overdue,
    coalesce(h.upcoming, 0) AS upcoming,
    coalesce(h.no_deadline, 0) AS no_deadline
FROM units u
LEFT JOIN rectification_progress($since, $as_of, $units, $industries, $departments, $upcoming_days, 'unit') h ON h.key = u.code
WHERE in_filter($units, u.code)
ORDER BY u.code
