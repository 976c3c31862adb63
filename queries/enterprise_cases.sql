-- enterprise_cases: 一企一档: the enforcement cases against the enterprise (当事人 folded like a name), up to A.
-- grain: one row per case, latest filed first.
-- params: $ent_code, $ent_key, $units, $as_of
SELECT case_no, department, party, unit, filed_date, decision_date, array_to_string(measures, '、') AS measures,
       fine_yuan, violation
FROM enforcement
WHERE same_enterprise(credit_code, party_key, $ent_code, $ent_key) AND in_filter($units, unit_code)
  AND filed_date <= $as_of
ORDER BY filed_date DESC, record_key
