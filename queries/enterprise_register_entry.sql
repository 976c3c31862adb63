-- enterprise_register_entry: 一企一档: the enterprise's register entry (same_enterprise: by code when both have one, else by
-- folded name), at most one row in practice.
-- grain: one row per matching register row.
-- params: $ent_code, $ent_key, $units
SELECT enterprise, credit_code, unit, industry, department, scale, key_unit, last_inspected, inspection_result
FROM register
WHERE same_enterprise(credit_code, enterprise_key, $ent_code, $ent_key) AND in_filter($units, unit_code)
