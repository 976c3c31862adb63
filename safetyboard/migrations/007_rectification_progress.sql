-- 007: (its macro rectification_progress moved to safetyboard/metric_rules/hazards.sql).
SELECT 1;
