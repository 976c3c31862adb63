-- 013: a city instance's register of imported district packages. The packages' rows live in
-- city_<table> tables created on first import from the package's own Parquet schema, each row carrying its
-- district_code and package_id; a district's figures are those of its active package. Nothing is deleted:
-- a newer package supersedes the older one, and undo makes the older one active again.
CREATE SEQUENCE IF NOT EXISTS city_package_seq START 1;
CREATE TABLE IF NOT EXISTS city_packages (
    package_id BIGINT PRIMARY KEY,
    district_code VARCHAR NOT NULL,       -- 6 digits
    district_name VARCHAR NOT NULL,
    as_of DATE,
    exported_at TIMESTAMP NOT NULL,
    schema_level INTEGER NOT NULL,
    software_version VARCHAR,
    sha256 VARCHAR NOT NULL,              -- of the package file
    file_name VARCHAR,
    signed BOOLEAN NOT NULL,
    manifest VARCHAR NOT NULL,            -- JSON, as received
    imported_at TIMESTAMP NOT NULL,
    imported_by VARCHAR,
    active BOOLEAN NOT NULL,              -- the package whose rows are this district's figures
    superseded_by BIGINT,
    undone_at TIMESTAMP
);
