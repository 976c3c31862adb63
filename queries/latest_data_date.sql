-- latest_data_date: the default 统计截止日 (A) = the latest date in the data, not today.
-- Reference, not unit-scoped: it is one date (no row, no count), the same default A for every user, so a
-- 乡/街道's page, a shared URL and the district briefing of the same day agree on A; and its callers (the
-- frame, the meeting screen, metrics.latest_data_date for the CLI and briefings) ask with $today only.
-- All a 乡/街道 user learns from it is the date of the newest entry anywhere in the district.
-- grain: one row (latest DATE or NULL when nothing is imported). Dates after $today are typos and ignored.
-- params: $today
-- scope: reference
SELECT max(d) AS latest FROM (
    SELECT max(found_date) AS d FROM hazards WHERE found_date <= $today
    UNION ALL SELECT max(rectified_date) FROM hazards WHERE rectified_date <= $today
    UNION ALL SELECT max(filed_date) FROM enforcement WHERE filed_date <= $today
    UNION ALL SELECT max(visit_date) FROM supervision WHERE visit_date <= $today
    UNION ALL SELECT max(submitted_date) FROM submissions WHERE submitted_date <= $today
    UNION ALL SELECT max(submitted_date) FROM monthly_reports WHERE submitted_date <= $today
    UNION ALL SELECT max(received_date) FROM tips WHERE received_date <= $today
)
