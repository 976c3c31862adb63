-- 005: an integer key per enterprise (排查单位), so that distinct-enterprise counts (排查单位数, 监管企业数) hash
-- integers instead of text: at 1M+ hazards count(DISTINCT <text>) was most of the time of those queries.
-- The identity rule is unchanged: the 统一社会信用代码, else the folded name key; enterprise_id is only its number.
-- This data move spells that rule as it stood at level 005; the rule itself is enterprise_identity in
-- safetyboard/metric_rules/common.sql.

-- One row per identity ever stored; an id never changes and is never reused (an identity that leaves the
-- ledgers keeps its row, so an undone import that comes back gets the same id). The importer adds new ones.
CREATE SEQUENCE IF NOT EXISTS enterprise_id_seq START 1;
CREATE TABLE IF NOT EXISTS enterprises (id INTEGER PRIMARY KEY, identity VARCHAR NOT NULL UNIQUE);

-- NULL exactly when the identity is NULL (such a hazard counts for no enterprise, as before).
ALTER TABLE hazards ADD COLUMN enterprise_id INTEGER;
ALTER TABLE hazards_history ADD COLUMN enterprise_id INTEGER;

INSERT INTO enterprises
SELECT nextval('enterprise_id_seq'), identity
FROM (SELECT coalesce(credit_code, enterprise_key) AS identity FROM hazards
      UNION
      SELECT coalesce(credit_code, enterprise_key) FROM hazards_history) t
WHERE identity IS NOT NULL
ORDER BY identity;

UPDATE hazards SET enterprise_id = e.id FROM enterprises e
WHERE e.identity = coalesce(hazards.credit_code, hazards.enterprise_key);

UPDATE hazards_history SET enterprise_id = e.id FROM enterprises e
WHERE e.identity = coalesce(hazards_history.credit_code, hazards_history.enterprise_key);
