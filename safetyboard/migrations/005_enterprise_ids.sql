-- 005: an integer key per enterprise (排查单位), so that distinct-enterprise counts (排查单位数, 监管企业数) hash
-- integers instead of text: at 1M+ hazards count(DISTINCT <text>) was most of the time of those queries.
-- The identity rule is unchanged: the 统一社会信用代码, else the folded name key; enterprise_id is only its number.

CREATE OR REPLACE MACRO enterprise_identity(credit_code, enterprise_key) AS coalesce(credit_code, enterprise_key);

-- One row per identity ever stored; an id never changes and is never reused (an identity that leaves the
-- ledgers keeps its row, so an undone import that comes back gets the same id). The importer adds new ones.
CREATE SEQUENCE IF NOT EXISTS enterprise_id_seq START 1;
CREATE TABLE IF NOT EXISTS enterprises (id INTEGER PRIMARY KEY, identity VARCHAR NOT NULL UNIQUE);

-- NULL exactly when the identity is NULL (such a hazard counts for no enterprise, as before).
ALTER TABLE hazards ADD COLUMN enterprise_id INTEGER;
ALTER TABLE hazards_history ADD COLUMN enterprise_id INTEGER;

INSERT INTO enterprises
SELECT nextval('enterprise_id_seq'), identity
FROM (SELECT enterprise_identity(credit_code, enterprise_key) AS identity FROM hazards
      UNION
      SELECT enterprise_identity(credit_code, enterprise_key) FROM hazards_history) t
WHERE identity IS NOT NULL
ORDER BY identity;

UPDATE hazards SET enterprise_id = e.id FROM enterprises e
WHERE e.identity = enterprise_identity(hazards.credit_code, hazards.enterprise_key);

UPDATE hazards_history SET enterprise_id = e.id FROM enterprises e
WHERE e.identity = enterprise_identity(hazards_history.credit_code, hazards_history.enterprise_key);

-- The distinct enterprises of a group of hazards as a set: a bitstring over enterprise_id (ids are dense from 1,
-- so it is small). Sets of several groups combine with bit_or (a 合计 row); enterprise_count is their number,
-- 0 for no hazards. enterprise_set reads the column's statistics: use it on scoped_hazards, not on a derived table.
CREATE OR REPLACE MACRO enterprise_set(enterprise_id) AS bitstring_agg(enterprise_id);
CREATE OR REPLACE MACRO enterprise_count(enterprise_set) AS coalesce(bit_count(enterprise_set), 0);

-- The national 隐患排查治理情况统计表 (DOMAIN.md), defined once for rect_stats_table_by_unit and _by_industry: one row
-- per key (the unit code when by_unit, else the industry; NULL = none) and a 合计 row (is_total, key NULL) over all
-- of them: counts and enterprises are true totals (enterprise sets united), rates recomputed from the totals.
-- by_unit: the keys are exactly unit_keys (every unit in the filter, zeros included); otherwise every industry
-- with hazards in scope. Columns: see rect_stats_table_by_unit.sql. Two passes (all hazards; 重大 only), no
-- count(DISTINCT): several times faster at 1M+ hazards than one GROUPING SETS query over the hazards.
CREATE OR REPLACE MACRO stats_table(since, as_of, units, industries, departments, by_unit, unit_keys) AS TABLE
    WITH a AS (
        SELECT CASE WHEN by_unit THEN unit_code ELSE industry END AS key,
               enterprise_set(enterprise_id) AS enterprise_set,
               count(*) FILTER (WHERE level = '一般') AS general_total,
               count(*) FILTER (WHERE level = '一般' AND is_rectified(status, rectified_date, as_of)) AS general_rectified,
               sum(funds_yuan) AS funds_yuan
        FROM scoped_hazards(since, as_of, units, industries, departments)
        GROUP BY 1),
    m AS (
        SELECT CASE WHEN by_unit THEN unit_code ELSE industry END AS key,
               count(*) AS major_total,
               count(*) FILTER (WHERE is_rectified(status, rectified_date, as_of)) AS major_rectified,
               -- 列入治理计划: 重大 with a 整改时限; then each 五落实 element of those
               count(*) FILTER (WHERE deadline IS NOT NULL) AS major_planned,
               count(*) FILTER (WHERE deadline IS NOT NULL AND is_filled(measures_taken)) AS planned_targets,
               count(*) FILTER (WHERE deadline IS NOT NULL AND funds_yuan IS NOT NULL) AS planned_funds,
               count(*) FILTER (WHERE deadline IS NOT NULL AND is_filled(responsible)) AS planned_staff,
               count(*) FILTER (WHERE deadline IS NOT NULL) AS planned_time,
               count(*) FILTER (WHERE deadline IS NOT NULL AND is_filled(emergency_plan)) AS planned_plan,
               count(*) FILTER (WHERE listed <> '否') AS major_listed
        FROM scoped_hazards(since, as_of, units, industries, departments)
        WHERE level = '重大'
        GROUP BY 1),
    keys AS (
        SELECT unnest(unit_keys) AS key WHERE by_unit
        UNION ALL
        SELECT key FROM a WHERE NOT by_unit),
    t AS (
        SELECT k.key, grouping(k.key) = 1 AS is_total,
               enterprise_count(bit_or(a.enterprise_set)) AS enterprises,
               coalesce(sum(a.general_total), 0)::BIGINT AS general_total,
               coalesce(sum(a.general_rectified), 0)::BIGINT AS general_rectified,
               coalesce(sum(m.major_total), 0)::BIGINT AS major_total,
               coalesce(sum(m.major_rectified), 0)::BIGINT AS major_rectified,
               coalesce(sum(m.major_planned), 0)::BIGINT AS major_planned,
               coalesce(sum(m.planned_targets), 0)::BIGINT AS planned_targets,
               coalesce(sum(m.planned_funds), 0)::BIGINT AS planned_funds,
               coalesce(sum(m.planned_staff), 0)::BIGINT AS planned_staff,
               coalesce(sum(m.planned_time), 0)::BIGINT AS planned_time,
               coalesce(sum(m.planned_plan), 0)::BIGINT AS planned_plan,
               sum(a.funds_yuan) AS funds_yuan,
               coalesce(sum(m.major_listed), 0)::BIGINT AS major_listed
        FROM keys k
        LEFT JOIN a ON a.key IS NOT DISTINCT FROM k.key
        LEFT JOIN m ON m.key IS NOT DISTINCT FROM k.key
        GROUP BY GROUPING SETS ((k.key), ()))
    SELECT key, is_total, enterprises,
           general_total, general_rectified, safe_rate(general_rectified, general_total) AS general_rate,
           major_total, major_rectified, safe_rate(major_rectified, major_total) AS major_rate,
           major_planned, planned_targets, planned_funds, planned_staff, planned_time, planned_plan,
           round(coalesce(funds_yuan, 0) / 10000, 4) AS funds_wan,
           major_listed
    FROM t;
