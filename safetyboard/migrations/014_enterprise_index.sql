-- 014: the 一企一档 search index: one short row per enterprise identity, 乡/街道 and folded name among the register,
-- the hazards and the cases, so a search scans tens of thousands of keys instead of every hazard row. Its rows are
-- the view enterprise_index_rows (metric_rules/register.sql); the importer and undo keep it current in the same
-- transaction (ledgers/enterprise_index.py); existing databases fill it once here, after the rules are applied.
CREATE TABLE enterprise_index (
    identity VARCHAR NOT NULL,        -- enterprise_identity: 统一社会信用代码, else the folded name
    unit_code VARCHAR,
    enterprise_key VARCHAR,           -- the folded name (a case's party_key)
    credit_code VARCHAR,
    enterprise VARCHAR, unit VARCHAR,
    registered BOOLEAN NOT NULL,      -- the register holds this identity under this name in this 乡/街道
    hazards BIGINT NOT NULL           -- its hazards (every date) under this name in this 乡/街道
);
-- after rules: INSERT INTO enterprise_index SELECT * FROM enterprise_index_rows
