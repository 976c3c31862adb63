-- 010: the metric rules now live in safetyboard/metric_rules/ and are applied on every open, in a catalog of
-- their own. Drop the copies that levels 002-007 stored in the database file, so no stale rule can answer.
DROP VIEW IF EXISTS reporters;
DROP MACRO IF EXISTS in_filter;
DROP MACRO IF EXISTS is_rectified;
DROP MACRO IF EXISTS effective_deadline;
DROP MACRO IF EXISTS is_overdue;
DROP MACRO IF EXISTS is_upcoming;
DROP MACRO IF EXISTS is_filled;
DROP MACRO IF EXISTS five_in_place;
DROP MACRO IF EXISTS safe_rate;
DROP MACRO TABLE IF EXISTS scoped_hazards;
DROP MACRO TABLE IF EXISTS scoped_cases;
DROP MACRO TABLE IF EXISTS scoped_tips;
DROP MACRO TABLE IF EXISTS assigned_targets;
DROP MACRO TABLE IF EXISTS rechecked_targets;
DROP MACRO TABLE IF EXISTS monthly_report_status;
DROP MACRO TABLE IF EXISTS submission_status;
DROP MACRO IF EXISTS enterprise_identity;
DROP MACRO IF EXISTS enterprise_set;
DROP MACRO IF EXISTS enterprise_count;
DROP MACRO TABLE IF EXISTS stats_table;
DROP MACRO IF EXISTS unit_code_of;
DROP MACRO IF EXISTS org_in_units;
DROP MACRO TABLE IF EXISTS rectification_progress;

-- 负有安全监管职责 (data/departments.csv), synced with the other reference columns on every start.
ALTER TABLE departments ADD COLUMN supervising BOOLEAN;
