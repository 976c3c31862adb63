-- hazard_summary: the 隐患 KPIs of DOMAIN.md for the filtered scope.
-- grain: one row. Rates are fractions (4 places), NULL when the denominator is 0.
-- Flows (本期: found in [S, A]): enterprises, total, major, rectified, closed (已销号), major_closed, listed, planned,
-- five_complete, funds.
-- Stocks (截至A: open at A, whatever S is): open, overdue, upcoming, no_deadline, major_open, major_no_deadline.
-- 重大 figures and 五落实 are counted in a second pass over 重大 only; enterprises through enterprise_set (metric_rules/common.sql), since a
-- count(DISTINCT) beside the filtered counts makes the one aggregate several times slower.
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
WITH a AS (
    SELECT enterprise_count(enterprise_set(enterprise_id)) AS enterprises,
           count(*) AS total,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS rectified,
           count(*) FILTER (WHERE is_closed(status, rectified_date, $as_of)) AS closed,
           count(*) FILTER (WHERE is_listed(listed)) AS listed,
           coalesce(sum(funds_yuan), 0) AS funds_yuan
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments)),
m AS (
    SELECT count(*) AS major,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, $as_of)) AS major_rectified,
           count(*) FILTER (WHERE is_closed(status, rectified_date, $as_of)) AS major_closed,
           count(*) FILTER (WHERE is_planned(level, measures_taken)) AS planned,
           count(*) FILTER (WHERE five_in_place(responsible, measures_taken, funds_yuan, deadline, emergency_plan)) AS five_complete
    FROM scoped_hazards($since, $as_of, $units, $industries, $departments) WHERE level = '重大'),
o AS (
    SELECT count(*) AS open,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS overdue,
           count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, $as_of, $upcoming_days)) AS upcoming,
           count(*) FILTER (WHERE has_no_deadline(status, rectified_date, deadline, extended_to, $as_of)) AS no_deadline,
           count(*) FILTER (WHERE level = '重大') AS major_open,
           count(*) FILTER (WHERE level = '重大' AND has_no_deadline(status, rectified_date, deadline, extended_to, $as_of)) AS major_no_deadline
    FROM open_hazards($as_of, $units, $industries, $departments))
SELECT a.enterprises, a.total, m.major, a.rectified, safe_rate(a.rectified, a.total) AS rectification_rate,
       m.major_rectified, safe_rate(m.major_rectified, m.major) AS major_rectification_rate,
       a.closed, m.major_closed, a.listed, m.planned, m.five_complete, safe_rate(m.five_complete, m.major) AS five_complete_rate,
       a.funds_yuan,
       o.open, o.overdue, o.upcoming, o.no_deadline, o.major_open, o.major_no_deadline
FROM a, m, o
