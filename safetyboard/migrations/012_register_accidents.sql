-- 012: the enterprise register (生产经营单位名录, the 底数; a snapshot, each import replaces it) and the
-- accident ledger (生产安全事故) (DOMAIN.md "Closing the loop"). Tables only; their rules are in safetyboard/metric_rules/register.sql.

CREATE TABLE register (
    record_key VARCHAR PRIMARY KEY,   -- the enterprise identity: 统一社会信用代码, else the folded name
    enterprise VARCHAR NOT NULL, enterprise_key VARCHAR, credit_code VARCHAR,
    unit_code VARCHAR NOT NULL, unit VARCHAR NOT NULL,
    industry VARCHAR, department VARCHAR,
    scale VARCHAR,                    -- 规上 | 规下 | 小微 | 个体 (as written)
    key_unit BOOLEAN,                 -- 是否重点
    last_inspected DATE,              -- 最近排查日期
    inspection_result VARCHAR,        -- 有隐患 | 无隐患 (as written)
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE accidents (
    record_key VARCHAR PRIMARY KEY,   -- 事故编号, or a key derived from unit + enterprise + date
    accident_no VARCHAR,
    occurred_date DATE NOT NULL,
    unit_code VARCHAR NOT NULL, unit VARCHAR NOT NULL,
    enterprise VARCHAR, enterprise_key VARCHAR, credit_code VARCHAR,
    industry VARCHAR, accident_type VARCHAR,
    deaths INTEGER, injuries INTEGER,
    loss_yuan DOUBLE,                 -- 直接经济损失, in 元 like every money column (the ledger writes 万元)
    concealed BOOLEAN,                -- 是否瞒报谎报
    note VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE register_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM register WITH NO DATA;
CREATE TABLE accidents_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM accidents WITH NO DATA;

-- The 当事人 of a case gets the folded name key hazards have (enterprise_key), so the cross-checks and 一企一档 join
-- cases to hazards by name without folding every case on every query. New rows get it from the importer
-- (rules.fold_name); stored rows here: the same folding of text already cleaned on import (NFKC, spaces collapsed).
ALTER TABLE enforcement ADD COLUMN party_key VARCHAR;
ALTER TABLE enforcement_history ADD COLUMN party_key VARCHAR;
UPDATE enforcement SET party_key = upper(regexp_replace(party, '[\s()]', '', 'g'));
UPDATE enforcement_history SET party_key = upper(regexp_replace(party, '[\s()]', '', 'g'));
