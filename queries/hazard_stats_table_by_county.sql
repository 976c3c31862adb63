-- hazard_stats_table_by_county: the national 隐患排查治理情况统计表 of a city, one row per 区县 (every county of the
-- city, in the city's order, zeros for a county without a package) and a 合计 row over all of them, as
-- hazard_stats_table_by_unit does per 乡/街道 (same columns, same stats_table macro). Read city-wide (no county
-- filter): each county's row is the 合计 row of its own table (tests/queries/test_stats_table_by_county.py).
-- grain: one row per county plus one 合计 row (label '合计', code NULL, is_total true), 合计 last.
-- params: $since, $as_of, $units, $industries, $departments
SELECT CASE WHEN s.is_total THEN '合计' ELSE k.name END AS label, s.key AS code, s.* EXCLUDE (key)
FROM stats_table($since, $as_of, $units, $industries, $departments, 'county',
                 (SELECT coalesce(list(code ORDER BY sort_order), []) FROM counties)) s
LEFT JOIN counties k ON k.code = s.key AND NOT s.is_total
ORDER BY s.is_total, k.sort_order
