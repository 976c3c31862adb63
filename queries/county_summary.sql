-- county_summary: the city's headline figures per 区县, a row for every county of the city (zeros where it has no
-- package), for the city's 总览, 简报 and 大屏. Read city-wide (no county filter): each row is the county's own
-- figures, as its own instance counts them (tests/test_city.py).
-- grain: one row per county (code, name). Rates are fractions, NULL when the county has no hazards.
-- total, major, rectified, rectification_rate, cases, fines_yuan: flows (本期: found/filed in [S, A]);
-- open, overdue: stocks at A. data_as_of, stale: the county's active package (county_packages).
-- params: $since, $as_of, $units, $industries, $departments, $upcoming_days
WITH h AS (SELECT key, total, rectified, open, overdue
           FROM rectification_progress($since, $as_of, $units, $industries, $departments, $upcoming_days, 'county')),
m AS (SELECT row_county(unit_code, import_id) AS key, count(*) AS major
      FROM scoped_hazards($since, $as_of, $units, $industries, $departments) WHERE level = '重大' GROUP BY 1),
c AS (SELECT row_county(unit_code, import_id) AS key, count(*) AS cases, coalesce(sum(fine_yuan), 0) AS fines_yuan
      FROM scoped_cases($since, $as_of, $units, $industries, $departments) GROUP BY 1)
SELECT k.code, k.name,
       coalesce(h.total, 0) AS total, coalesce(m.major, 0) AS major, coalesce(h.rectified, 0) AS rectified,
       safe_rate(coalesce(h.rectified, 0), coalesce(h.total, 0)) AS rectification_rate,
       coalesce(h.open, 0) AS open, coalesce(h.overdue, 0) AS overdue,
       coalesce(c.cases, 0) AS cases, coalesce(c.fines_yuan, 0) AS fines_yuan,
       p.as_of AS data_as_of, is_stale_package(p.as_of, $as_of) AS stale
FROM counties k
LEFT JOIN h ON h.key = k.code
LEFT JOIN m ON m.key = k.code
LEFT JOIN c ON c.key = k.code
LEFT JOIN city_packages p ON p.district_code = k.code AND p.active
ORDER BY k.sort_order
