-- submission_compliance_by_county: the 报送 figures of every 区县 of the city, each as its own instance counts them
-- (submission_compliance and monthly_report_compliance on the county's view): kind 'reports', the 自查报告 due by A
-- (macro due_node_status; the 总结 node apart), and kind 'monthly', the 打非治违月报 due by A (macro
-- monthly_report_status), every reporter counted in its county: a 乡/街道 by its code (county_of), a department by
-- the county name its name carries city-wide (macro city_place_name, metric_rules/city.sql: 新华区·应急管理局). Read
-- city-wide (no county filter); zeros where a county has no package.
-- grain: one row per (county, kind), counties in the city's order, 'reports' first. expected, submitted (= on time +
-- late), on_time, late, missing, on_time_rate (NULL when nothing is due): stocks at A. data_as_of: the county's
-- active package.
-- params: $as_of, $campaign_start, $report_due_day, $units, $departments
WITH rc AS (SELECT reporter, coalesce(county_of(unit_code_of(reporter)),
                  (SELECT min(k.code) FROM counties k WHERE starts_with(reporter, k.name || '·'))) AS key
            FROM reporters),
s AS (SELECT 'reports' AS kind, reporter, state FROM due_node_status($as_of, $units, false)
      UNION ALL
      SELECT 'monthly', reporter, state FROM monthly_report_status($as_of, $campaign_start, $report_due_day)
      WHERE in_filter($departments, reporter) AND org_in_units($units, reporter)),
c AS (SELECT rc.key, s.kind, count(*) AS expected,
             count(*) FILTER (WHERE state = 'on_time') AS on_time,
             count(*) FILTER (WHERE state = 'late') AS late,
             count(*) FILTER (WHERE state = 'missing') AS missing
      FROM s JOIN rc USING (reporter) GROUP BY 1, 2)
SELECT k.code, k.name, t.kind,
       coalesce(c.expected, 0) AS expected, coalesce(c.on_time + c.late, 0) AS submitted,
       coalesce(c.on_time, 0) AS on_time, coalesce(c.late, 0) AS late, coalesce(c.missing, 0) AS missing,
       safe_rate(coalesce(c.on_time, 0), coalesce(c.expected, 0)) AS on_time_rate,
       p.as_of AS data_as_of
FROM counties k
CROSS JOIN (VALUES (1, 'reports'), (2, 'monthly')) t(n, kind)
LEFT JOIN c ON c.key = k.code AND c.kind = t.kind
LEFT JOIN city_packages p ON p.district_code = k.code AND p.active
ORDER BY k.sort_order, t.n
