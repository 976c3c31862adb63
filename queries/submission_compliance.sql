-- submission_compliance: 报送及时率 of the self-inspection reports (not the 总结 node). Expected = every 乡/街道 and member
-- department (with a 乡/街道 filter: only those 乡/街道, macro org_in_units) for every node due on or before
-- A; on time = dated on or before the due date; late = after the due date but not after A; missing = the
-- rest (a missing one counts as late for the rate). The counting is macro node_compliance (metric_rules/reporting.sql).
-- grain: one row.
-- params: $as_of, $units
SELECT * FROM node_compliance($as_of, $units, false)
