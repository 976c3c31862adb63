-- 011: the three ledgers that close the loop: 督导发现问题清单, 挂牌督办 register, 约谈/通报/问责 records.
-- Tables only; their rules are in safetyboard/metric_rules/loop.sql.

CREATE TABLE problems (
    record_key VARCHAR PRIMARY KEY,   -- 问题编号, or a key derived from group + target + found date + description
    problem_no VARCHAR,
    "group" VARCHAR NOT NULL,
    target VARCHAR NOT NULL, target_kind VARCHAR NOT NULL, target_key VARCHAR NOT NULL,
    unit_code VARCHAR, unit VARCHAR,
    found_date DATE NOT NULL,
    description VARCHAR NOT NULL, category VARCHAR,
    assigned_date DATE,               -- 交办
    responsible_org VARCHAR,          -- 整改责任单位
    deadline DATE,
    status VARCHAR,                   -- 未整改 | 整改中 | 已整改 (empty: read from rectified_date)
    rectified_date DATE,
    recheck_date DATE, recheck_result VARCHAR,   -- 通过 | 未通过
    closed_date DATE,                 -- 销号
    note VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE listings (
    record_key VARCHAR PRIMARY KEY,   -- 隐患编号, or a key derived from enterprise + description
    hazard_no VARCHAR,
    unit_code VARCHAR, unit VARCHAR,
    enterprise VARCHAR, enterprise_key VARCHAR, description VARCHAR,
    listing_level VARCHAR,            -- 区级 | 市级 | 省级 (empty: the hazard ledger's 挂牌督办)
    listed_date DATE NOT NULL,
    supervising_org VARCHAR, deadline DATE, delisted_date DATE, accepting_org VARCHAR, note VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE accountability (
    record_key VARCHAR PRIMARY KEY,   -- date + type + object
    action_date DATE NOT NULL,
    target VARCHAR NOT NULL, target_kind VARCHAR NOT NULL, target_key VARCHAR NOT NULL,
    unit_code VARCHAR, unit VARCHAR,
    action_type VARCHAR NOT NULL,     -- 约谈 | 通报批评 | 警示函 | 问责 | 提级调查
    reason VARCHAR, doc_no VARCHAR, related VARCHAR, note VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE problems_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM problems WITH NO DATA;
CREATE TABLE listings_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM listings WITH NO DATA;
CREATE TABLE accountability_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM accountability WITH NO DATA;
