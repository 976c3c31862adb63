-- 整改 progress of the hazards in scope per key, defined once for rect_by_unit, rect_by_industry and
-- rect_by_department (which add only the reference list for labels and order). key_kind: 'unit' (key = unit code),
-- 'industry' or 'department'; a NULL key collects the hazards where it is not filled in. Aggregated before any
-- join: at 1M+ hazards joining first costs several times more.
CREATE OR REPLACE MACRO rectification_progress(since, as_of, units, industries, departments, upcoming_days, key_kind) AS TABLE
    SELECT CASE key_kind WHEN 'unit' THEN unit_code WHEN 'industry' THEN industry ELSE department END AS key,
           count(*) AS total,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, as_of)) AS rectified,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, as_of)) AS overdue,
           count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, as_of, upcoming_days)) AS upcoming
    FROM scoped_hazards(since, as_of, units, industries, departments)
    GROUP BY 1;
