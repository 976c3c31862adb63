-- major_and_listed_by_unit: per 乡/街道 the 重大隐患 not rectified at A (open_hazards, level 重大) and how many of
-- them are overdue, and the 挂牌督办 register rows listed and not delisted at A (macro listing_states, open) and
-- how many of them are overdue. All 10 units in code order, zeros included.
-- grain: one row per unit (code, unit). Stocks at A. The 挂牌督办 rows follow the register's 乡/街道 only (the
-- register has no 行业/部门), as in listed_hazard_summary.
-- params: $as_of, $units, $industries, $departments
WITH m AS (
    SELECT unit_code, count(*) AS major_open,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, $as_of)) AS major_overdue
    FROM open_hazards($as_of, $units, $industries, $departments)
    WHERE level = '重大'
    GROUP BY unit_code),
l AS (
    SELECT scope_unit_code AS unit_code, count(*) AS listed_open, count(*) FILTER (WHERE overdue) AS listed_overdue
    FROM listing_states($as_of, $units)
    WHERE open
    GROUP BY scope_unit_code)
SELECT u.code, u.name AS unit,
       coalesce(m.major_open, 0) AS major_open, coalesce(m.major_overdue, 0) AS major_overdue,
       coalesce(l.listed_open, 0) AS listed_open, coalesce(l.listed_overdue, 0) AS listed_overdue
FROM units u LEFT JOIN m ON m.unit_code = u.code LEFT JOIN l ON l.unit_code = u.code
WHERE in_filter($units, u.code)
ORDER BY u.code
