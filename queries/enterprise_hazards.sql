-- enterprise_hazards: 一企一档: the enterprise's hazards (every date up to A), with status and deadlines as of A.
-- One enterprise is one identity of the enterprises table (统一社会信用代码, else folded name): the hazards with its
-- code, and those without a code under its name (same_enterprise, through enterprise_id so 1M hazards are an
-- integer scan, not a text one).
-- grain: one row per hazard, latest found first.
-- params: $ent_code, $ent_key, $units, $as_of
SELECT hazard_no, unit, description, level, discovery_method, found_date,
       effective_deadline(deadline, extended_to) AS deadline, status, rectified_date,
       is_rectified(status, rectified_date, $as_of) AS rectified,
       is_overdue(status, rectified_date, deadline, extended_to, $as_of) AS overdue, listed
FROM hazards
WHERE enterprise_id IN (SELECT id FROM enterprise_ids($ent_code, $ent_key))
  AND in_filter($units, unit_code) AND found_date <= $as_of
ORDER BY found_date DESC, record_key
