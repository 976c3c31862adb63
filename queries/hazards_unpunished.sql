-- hazards_unpunished: 逾期未改未处罚 and 重大隐患未处罚, the hazards themselves (stocks at A), by department and unit.
-- grain: one row per open hazard, overdue or 重大, with no case against the same unit since it was found.
-- params: $as_of, $units, $industries, $departments
SELECT department, unit_code, unit, enterprise, credit_code, hazard_no, description, level, found_date,
       effective_deadline(deadline, extended_to) AS deadline, overdue
FROM unpunished_hazards($as_of, $units, $industries, $departments)
WHERE without_case
ORDER BY department NULLS LAST, unit_code, found_date, record_key
