-- 006: (its macros unit_code_of and org_in_units moved to safetyboard/metric_rules/common.sql).
SELECT 1;
