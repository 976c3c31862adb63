-- submission_compliance: 报送及时率 of the self-inspection reports. Expected = every 乡/街道 and member
-- department (with a 乡/街道 filter: only those 乡/街道, macro org_in_units) for every node due on or before
-- A; on time = dated on or before the due date; late = after the due date but not after A; missing = the
-- rest (a missing one counts as late for the rate).
-- grain: one row.
-- params: $as_of, $units
SELECT count(*) AS expected,
       count(*) FILTER (WHERE state = 'on_time') AS on_time,
       count(*) FILTER (WHERE state = 'late') AS late,
       count(*) FILTER (WHERE state = 'missing') AS missing,
       safe_rate(count(*) FILTER (WHERE state = 'on_time'), count(*)) AS on_time_rate
FROM submission_status($as_of)
WHERE due <= $as_of AND org_in_units($units, reporter)
