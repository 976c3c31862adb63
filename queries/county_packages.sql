-- county_packages: every county of the city with its active district package (数据截至, when it was exported and
-- imported, signed or not) and whether it is stale at A (is_stale_package, metric_rules/city.sql).
-- grain: one row per county (code, name), in the city's order; a county without a package has NULL dates, stale.
-- Which packages the city holds, no county's rows:
-- scope: reference
-- params: $as_of
SELECT k.code, k.name, p.package_id, p.as_of AS data_as_of, p.exported_at, p.imported_at, p.signed,
       CAST($as_of - p.as_of AS INTEGER) AS days_behind,
       is_stale_package(p.as_of, $as_of) AS stale
FROM counties k
LEFT JOIN city_packages p ON p.district_code = k.code AND p.active
ORDER BY k.sort_order
