-- 003: the audit log (append-only: safetyboard/audit.py only ever inserts) and who undid an import.
-- Written to be re-runnable (IF NOT EXISTS); Store.migrate applies it to a database that reached a higher
-- level before this file existed (every missing level is applied).

CREATE SEQUENCE IF NOT EXISTS audit_seq START 1;
CREATE TABLE IF NOT EXISTS audit_log (
    seq BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    occurred_at TIMESTAMP NOT NULL,
    username VARCHAR,                 -- as typed, for a failed login
    role VARCHAR,
    event VARCHAR NOT NULL,           -- login | login_failed | logout | session_expired | import | undo | export | briefing | access_denied
    target VARCHAR,                   -- what: a file, an import batch, a table or briefing title, a page
    filters VARCHAR,                  -- JSON: the filter set in force
    detail VARCHAR,                   -- JSON: counts, reasons (never a ledger cell)
    client VARCHAR                    -- the client's address when known
);

CREATE TABLE IF NOT EXISTS import_undos (
    import_id BIGINT PRIMARY KEY,
    undone_at TIMESTAMP NOT NULL,
    undone_by VARCHAR
);
