-- 001: the seven ledgers, reference tables, import log, rejections, warnings and row history.

CREATE TABLE units (code VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR, lon DOUBLE, lat DOUBLE, sort_order INTEGER);
CREATE TABLE departments (name VARCHAR PRIMARY KEY, sort_order INTEGER);
CREATE TABLE industries (name VARCHAR PRIMARY KEY, sort_order INTEGER);
CREATE TABLE categories (no INTEGER PRIMARY KEY, name VARCHAR NOT NULL);
CREATE TABLE submission_nodes (no INTEGER PRIMARY KEY, label VARCHAR, due DATE NOT NULL);
CREATE TABLE phases (key VARCHAR PRIMARY KEY, name VARCHAR, start_date DATE, end_date DATE);
CREATE TABLE campaign (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
    import_id BIGINT PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    file_size BIGINT,
    archive_path VARCHAR,
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR,
    undone_at TIMESTAMP
);
CREATE TABLE import_sheets (
    import_id BIGINT NOT NULL,
    sheet VARCHAR NOT NULL,
    ledger_type VARCHAR,
    status VARCHAR NOT NULL,          -- imported | skipped (not a ledger)
    rows INTEGER, accepted INTEGER, rejected INTEGER, skipped INTEGER, replaced INTEGER,
    dropped_columns VARCHAR[],
    header_map VARCHAR,               -- JSON: original header -> field
    message VARCHAR
);
CREATE TABLE rejections (
    import_id BIGINT NOT NULL, sheet VARCHAR, ledger_type VARCHAR, row_number INTEGER,
    cells VARCHAR,                    -- JSON object: original header -> original cell text
    reasons VARCHAR
);
CREATE TABLE warnings (
    import_id BIGINT NOT NULL, sheet VARCHAR, ledger_type VARCHAR, row_number INTEGER, record_key VARCHAR, message VARCHAR
);

CREATE TABLE hazards (
    record_key VARCHAR PRIMARY KEY,   -- 隐患编号, or a key derived from unit + enterprise + description + found date
    hazard_no VARCHAR,
    key_derived BOOLEAN,
    unit_code VARCHAR NOT NULL, unit VARCHAR NOT NULL,
    enterprise VARCHAR NOT NULL, enterprise_key VARCHAR, credit_code VARCHAR,
    industry VARCHAR, department VARCHAR,
    description VARCHAR NOT NULL,
    level VARCHAR NOT NULL,           -- 一般 | 重大
    discovery_method VARCHAR,
    found_date DATE NOT NULL, deadline DATE, extended_to DATE,
    responsible VARCHAR, measures_taken VARCHAR, funds_yuan DOUBLE, emergency_plan VARCHAR,
    status VARCHAR NOT NULL,          -- 未整改 | 整改中 | 已整改 | 已销号
    rectified_date DATE,
    listed VARCHAR NOT NULL,          -- 否 | 区级 | 市级 | 省级
    note VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE enforcement (
    record_key VARCHAR PRIMARY KEY, case_no VARCHAR NOT NULL,
    department VARCHAR NOT NULL, party VARCHAR NOT NULL, credit_code VARCHAR,
    unit_code VARCHAR, unit VARCHAR, industry VARCHAR, violation VARCHAR,
    category_no INTEGER,              -- 1..10 打非治违 共性 categories, 0 行业专项
    filed_date DATE NOT NULL, decision_date DATE,
    measures VARCHAR[], fine_yuan DOUBLE, typical BOOLEAN, exposed BOOLEAN, case_status VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE supervision (
    record_key VARCHAR PRIMARY KEY,
    "group" VARCHAR NOT NULL, visit_type VARCHAR NOT NULL,
    target VARCHAR NOT NULL, target_kind VARCHAR NOT NULL, target_key VARCHAR NOT NULL,
    unit_code VARCHAR, unit VARCHAR, visit_date DATE NOT NULL,
    problems_found INTEGER, problems_rectified INTEGER, note VARCHAR,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE assignments (
    record_key VARCHAR PRIMARY KEY,
    "group" VARCHAR NOT NULL, target VARCHAR NOT NULL, target_kind VARCHAR NOT NULL, target_key VARCHAR NOT NULL,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE monthly_reports (
    record_key VARCHAR PRIMARY KEY,
    reporter VARCHAR NOT NULL, reporter_kind VARCHAR NOT NULL, month DATE NOT NULL, submitted_date DATE,
    units_checked INTEGER, violations_found INTEGER, suspended INTEGER, closed INTEGER,
    fine_yuan DOUBLE, transferred INTEGER, exposed_count INTEGER,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE submissions (
    record_key VARCHAR PRIMARY KEY,
    reporter VARCHAR NOT NULL, reporter_kind VARCHAR NOT NULL, node INTEGER NOT NULL, submitted_date DATE,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

CREATE TABLE tips (
    record_key VARCHAR PRIMARY KEY, tip_no VARCHAR NOT NULL, received_date DATE NOT NULL,
    channel VARCHAR, accused VARCHAR, unit_code VARCHAR, unit VARCHAR, category VARCHAR,
    result VARCHAR, reward_yuan DOUBLE, reward_date DATE, closed_date DATE,
    import_id BIGINT NOT NULL, source_sheet VARCHAR, source_row INTEGER
);

-- Replaced versions: the same columns, then who replaced them and when.
CREATE TABLE hazards_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM hazards WITH NO DATA;
CREATE TABLE enforcement_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM enforcement WITH NO DATA;
CREATE TABLE supervision_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM supervision WITH NO DATA;
CREATE TABLE assignments_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM assignments WITH NO DATA;
CREATE TABLE monthly_reports_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM monthly_reports WITH NO DATA;
CREATE TABLE submissions_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM submissions WITH NO DATA;
CREATE TABLE tips_history AS SELECT *, NULL::BIGINT AS replaced_by, NULL::TIMESTAMP AS replaced_at FROM tips WITH NO DATA;
