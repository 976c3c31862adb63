-- major_hazards: the 重大隐患 in scope with their 五落实 elements and 挂牌督办 level; unrectified first.
-- The element tests are those of the five_in_place macro (text elements through is_filled, 资金/时限 present).
-- 挂牌督办: the 挂牌督办 register's row for the hazard when it has one (listing_states: its level, 挂牌 and 摘牌 dates as
-- of A), else the hazard ledger's 挂牌督办 column; listed_from says which.
-- grain: one row per 重大 hazard, at most $row_limit rows; total_rows = rows before the limit (on every row).
-- params: $since, $as_of, $units, $industries, $departments, $row_limit
SELECT
    record_key, hazard_no, unit_code, unit, enterprise, industry, department, description, found_date,
    deadline, extended_to, effective_deadline(deadline, extended_to) AS deadline_in_force,
    status, rectified_date,
    is_rectified(status, rectified_date, $as_of) AS rectified,
    is_overdue(status, rectified_date, deadline, extended_to, $as_of) AS overdue,
    is_filled(responsible) AS has_responsible,
    is_filled(measures_taken) AS has_measures,
    funds_yuan IS NOT NULL AS has_funds,
    effective_deadline(deadline, extended_to) IS NOT NULL AS has_deadline,
    has_no_deadline(status, rectified_date, deadline, extended_to, $as_of) AS no_deadline,
    is_closed(status, rectified_date, $as_of) AS closed,
    is_filled(emergency_plan) AS has_plan,
    five_in_place(responsible, measures_taken, funds_yuan, deadline, emergency_plan) AS five_complete,
    responsible, measures_taken, funds_yuan, emergency_plan,
    coalesce(r.level, listed) AS listed,
    CASE WHEN r.hazard_key IS NULL THEN '隐患台账' ELSE '挂牌督办登记' END AS listed_from,
    r.listed_date, r.delisted_date,
    count(*) OVER () AS total_rows
FROM scoped_hazards($since, $as_of, $units, $industries, $departments) h
LEFT JOIN (SELECT hazard_key, arg_max(level, listed_date) AS level, max(listed_date) AS listed_date,
                  max(delisted_date) FILTER (WHERE delisted) AS delisted_date
           FROM listing_states($as_of, $units) WHERE hazard_key IS NOT NULL GROUP BY hazard_key) r
       ON r.hazard_key = h.record_key
WHERE h.level = '重大'
ORDER BY rectified, overdue DESC, found_date, record_key
LIMIT $row_limit
