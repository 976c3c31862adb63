-- latest_data_date: the default 统计截止日 (A) = the latest date in the data, not today.
-- grain: one row (latest DATE or NULL when nothing is imported). Dates after $today are typos and ignored.
-- params: $today
SELECT max(d) AS latest FROM (
    SELECT max(found_date) AS d FROM hazards WHERE found_date <= $today
    UNION ALL SELECT max(rectified_date) FROM hazards WHERE rectified_date <= $today
    UNION ALL SELECT max(filed_date) FROM enforcement WHERE filed_date <= $today
    UNION ALL SELECT max(visit_date) FROM supervision WHERE visit_date <= $today
    UNION ALL SELECT max(submitted_date) FROM submissions WHERE submitted_date <= $today
    UNION ALL SELECT max(submitted_date) FROM monthly_reports WHERE submitted_date <= $today
    UNION ALL SELECT max(received_date) FROM tips WHERE received_date <= $today
)
