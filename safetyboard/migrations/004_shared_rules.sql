-- 004: the six groups (the rules once defined here moved to safetyboard/metric_rules/).

CREATE TABLE IF NOT EXISTS groups (ord INTEGER PRIMARY KEY, name VARCHAR NOT NULL);
