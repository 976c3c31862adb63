-- punished_self_found_hazards: 自查自改仍处罚, for review: cases filed in [S, A] against a unit whose 企业自查 hazard was
-- rectified in time, with the hazard and how the two matched.
-- grain: one row per (case, hazard).
-- params: $since, $as_of, $units, $industries, $departments
SELECT case_no, department, party, unit, filed_date, hazard_no, found_date, rectified_date, matched_by
FROM self_found_penalised($since, $as_of, $units, $industries, $departments)
ORDER BY filed_date, case_no, hazard_no
