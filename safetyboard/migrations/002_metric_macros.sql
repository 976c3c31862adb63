-- 002: (its macros and the reporters view moved to safetyboard/metric_rules/, applied on every open).
SELECT 1;
