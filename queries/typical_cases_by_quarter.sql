-- typical_cases_by_quarter: 典型执法案例 per supervising department per quarter against the required
-- $typical_min..$typical_max. Departments = the member departments marked 负有安全监管职责 in
-- data/departments.csv (a configured list: a department without any case shows 0 and short). Quarters = each
-- calendar quarter from the quarter of S to the quarter of A; a case counts in the quarter of its 处罚决定日期,
-- else its 立案日期 (the ledger has no 报送日期 column; from the quarter's first day, not after A). The obligation is per department; the 监管部门 filter applies,
-- the 行业 filter does not. The 乡/街道 filter narrows to the rows located in those units (cases and hazards
-- whose 所属乡(街道) is one of them; a case without one drops out): those departments named in those rows, typical
-- cases among those cases. The state then compares that part with the district-wide requirement.
-- state: short = fewer than $typical_min in a quarter ended by A; pending = fewer in the running quarter;
--        ok = within the range; over = more than $typical_max.
-- grain: one row per (department, quarter).
-- params: $since, $as_of, $units, $departments, $typical_min, $typical_max
WITH quarters AS (
    SELECT q::DATE AS q_start, (q + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE AS q_end
    FROM generate_series(date_trunc('quarter', $since::DATE)::TIMESTAMP, date_trunc('quarter', $as_of::DATE)::TIMESTAMP,
                         INTERVAL 3 MONTH) t(q)),
named AS (
    SELECT department FROM enforcement WHERE department IS NOT NULL AND in_filter($units, unit_code)
    UNION SELECT department FROM hazards WHERE department IS NOT NULL AND in_filter($units, unit_code)),
depts AS (
    SELECT name AS department FROM departments
    WHERE supervising AND (len($units) = 0 OR name IN (SELECT department FROM named))),
typical AS (
    SELECT department, date_trunc('quarter', coalesce(decision_date, filed_date))::DATE AS q_start, count(*) AS typical
    FROM enforcement
    WHERE typical AND coalesce(decision_date, filed_date) >= date_trunc('quarter', $since::DATE)
      AND coalesce(decision_date, filed_date) <= $as_of
      AND in_filter($units, unit_code)
    GROUP BY ALL),
grid AS (
    SELECT d.department, q.q_start, q.q_end, coalesce(t.typical, 0) AS typical, q.q_end <= $as_of AS quarter_ended
    FROM depts d CROSS JOIN quarters q
    LEFT JOIN typical t ON t.department = d.department AND t.q_start = q.q_start
    WHERE in_filter($departments, d.department))
SELECT g.department, year(g.q_start) AS year, quarter(g.q_start) AS quarter, g.q_start, g.q_end, g.typical,
       g.quarter_ended,
       CASE WHEN g.typical < $typical_min AND g.quarter_ended THEN 'short'
            WHEN g.typical < $typical_min THEN 'pending'
            WHEN g.typical > $typical_max THEN 'over'
            ELSE 'ok' END AS state
FROM grid g LEFT JOIN departments r ON r.name = g.department
ORDER BY r.sort_order NULLS LAST, g.department, g.q_start
