-- register_coverage_summary: 排查覆盖率 against the enterprise register (metric_rules/register.sql), one row.
-- grain: one row. registered = register rows in scope; inspected = those with a 排查 record in [S, A]; key_* the
-- same over 重点单位; rates NULL when nothing is registered. has_register = a register is imported at all (without
-- one the pages show 涉及隐患的单位数 = hazard_enterprises instead of a coverage).
-- params: $since, $as_of, $units, $industries, $departments
WITH c AS (SELECT count(*) AS registered,
                  count(*) FILTER (WHERE inspected) AS inspected,
                  count(*) FILTER (WHERE key_unit) AS key_registered,
                  count(*) FILTER (WHERE key_unit AND inspected) AS key_inspected
           FROM register_coverage($since, $as_of, $units, $industries, $departments)),
h AS (SELECT enterprise_count(enterprise_set(enterprise_id)) AS hazard_enterprises
      FROM scoped_hazards($since, $as_of, $units, $industries, $departments))
SELECT (SELECT count(*) FROM register) > 0 AS has_register,
       c.registered, c.inspected, safe_rate(c.inspected, c.registered) AS rate,
       c.key_registered, c.key_inspected, safe_rate(c.key_inspected, c.key_registered) AS key_rate,
       h.hazard_enterprises
FROM c, h
