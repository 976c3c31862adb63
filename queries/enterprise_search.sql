-- enterprise_search: 一企一档 search: the enterprises of the register and the hazard and case ledgers whose folded name
-- (rules.fold_name) or 统一社会信用代码 contains $search_key (the search box's text, folded the same way). It scans
-- the search index enterprise_index (one row per identity, 乡/街道 and name; view enterprise_index_rows), not the
-- ledgers.
-- grain: one row per enterprise identity (统一社会信用代码, else folded name), at most $limit, registered ones
-- first, then by hazard count (every date). ent_code / ent_key identify it for the enterprise_* profile queries.
-- params: $search_key, $units, $limit
SELECT identity, arg_max(credit_code, registered) AS ent_code, arg_max(enterprise_key, registered) AS ent_key,
       arg_max(enterprise, registered) AS enterprise, arg_max(unit, registered) AS unit, bool_or(registered) AS registered,
       CAST(sum(hazards) AS BIGINT) AS hazards
FROM enterprise_index
WHERE in_filter($units, unit_code)
  AND (contains(enterprise_key, $search_key) OR contains(coalesce(credit_code, ''), $search_key))
GROUP BY identity
ORDER BY registered DESC, hazards DESC, enterprise
LIMIT $limit
