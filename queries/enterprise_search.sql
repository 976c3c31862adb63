-- enterprise_search: 一企一档 search: the enterprises of the register and the hazard and case ledgers whose folded name
-- (rules.fold_name) or 统一社会信用代码 contains $search_key (the search box's text, folded the same way).
-- grain: one row per enterprise identity (统一社会信用代码, else folded name), at most $limit, registered ones
-- first, then by hazard count. ent_code / ent_key identify it for the enterprise_* profile queries.
-- params: $search_key, $units, $limit
WITH r AS (SELECT credit_code, enterprise_key, enterprise, unit
           FROM register
           WHERE in_filter($units, unit_code)
             AND (contains(enterprise_key, $search_key) OR contains(coalesce(credit_code, ''), $search_key))),
h AS (SELECT enterprise_identity(credit_code, enterprise_key) AS identity, any_value(credit_code) AS credit_code,
             any_value(enterprise_key) AS enterprise_key, any_value(enterprise) AS enterprise, any_value(unit) AS unit,
             count(*) AS hazards
      FROM hazards
      WHERE in_filter($units, unit_code)
        AND (contains(enterprise_key, $search_key) OR contains(coalesce(credit_code, ''), $search_key))
      GROUP BY 1),
c AS (SELECT enterprise_identity(credit_code, party_key) AS identity, any_value(credit_code) AS credit_code,
             any_value(party_key) AS enterprise_key, any_value(party) AS enterprise, any_value(unit) AS unit
      FROM enforcement
      WHERE in_filter($units, unit_code)
        AND (contains(party_key, $search_key) OR contains(coalesce(credit_code, ''), $search_key))
      GROUP BY 1),
found AS (
    SELECT enterprise_identity(credit_code, enterprise_key) AS identity, credit_code, enterprise_key, enterprise, unit,
           true AS registered, 0 AS hazards FROM r
    UNION ALL SELECT identity, credit_code, enterprise_key, enterprise, unit, false, hazards FROM h
    UNION ALL SELECT identity, credit_code, enterprise_key, enterprise, unit, false, 0 FROM c)
SELECT identity, arg_max(credit_code, registered) AS ent_code, arg_max(enterprise_key, registered) AS ent_key,
       arg_max(enterprise, registered) AS enterprise, arg_max(unit, registered) AS unit, bool_or(registered) AS registered,
       sum(hazards) AS hazards
FROM found
GROUP BY identity
ORDER BY registered DESC, hazards DESC, enterprise
LIMIT $limit
