-- 隐患 hazards: 整改 states, deadlines, 五落实, the scope of a view and the tables built on them.

-- 已整改 as of A: status 已整改/已销号 and the completion date empty or not after A.
CREATE OR REPLACE MACRO is_rectified(status, rectified_date, as_of) AS
    (status IN ('已整改', '已销号') AND (rectified_date IS NULL OR rectified_date <= as_of));

-- The deadline in force: an approved extension replaces 整改时限.
CREATE OR REPLACE MACRO effective_deadline(deadline, extended_to) AS coalesce(extended_to, deadline);

-- 逾期未整改: not rectified as of A and the deadline in force before A.
CREATE OR REPLACE MACRO is_overdue(status, rectified_date, deadline, extended_to, as_of) AS
    (NOT is_rectified(status, rectified_date, as_of) AND coalesce(extended_to, deadline) < as_of);

-- 临期: not rectified and the deadline in force within the next N days (A included).
CREATE OR REPLACE MACRO is_upcoming(status, rectified_date, deadline, extended_to, as_of, days) AS
    (NOT is_rectified(status, rectified_date, as_of)
     AND coalesce(extended_to, deadline) BETWEEN as_of AND as_of + to_days(CAST(days AS INTEGER)));

-- A 五落实 element is in place when it is written and does not say there is none.
CREATE OR REPLACE MACRO is_filled(value) AS
    (value IS NOT NULL AND trim(CAST(value AS VARCHAR)) NOT IN ('', '无', '否', '/', '-', '—', '暂无', '未落实'));

CREATE OR REPLACE MACRO five_in_place(responsible, measures_taken, funds_yuan, deadline, emergency_plan) AS
    (is_filled(responsible) AND is_filled(measures_taken) AND funds_yuan IS NOT NULL
     AND deadline IS NOT NULL AND is_filled(emergency_plan));

-- 其中挂牌督办 of the statistics table: the hazard ledger's 挂牌督办 column; loop.sql replaces it (the register first).
CREATE OR REPLACE MACRO hazard_listed(of_hazard, listed, as_of) AS (listed <> '否');

-- Hazards found in [S, A] within the shared filters.
CREATE OR REPLACE MACRO scoped_hazards(since, as_of, units, industries, departments) AS TABLE
    SELECT * FROM hazards
    WHERE found_date BETWEEN since AND as_of
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);

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
               count(*) FILTER (WHERE hazard_listed(record_key, listed, as_of)) AS major_listed
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

-- 整改 progress of the hazards in scope per key, defined once for rect_by_unit, rect_by_industry and
-- rect_by_department (which add only the reference list for labels and order). key_kind: 'unit' (key = unit code),
-- 'industry' or 'department'; a NULL key collects the hazards where it is not filled in. Aggregated before any
-- join: at 1M+ hazards joining first costs several times more.
CREATE OR REPLACE MACRO rectification_progress(since, as_of, units, industries, departments, upcoming_days, key_kind) AS TABLE
    SELECT CASE key_kind WHEN 'unit' THEN unit_code WHEN 'industry' THEN industry ELSE department END AS key,
           count(*) AS total,
           count(*) FILTER (WHERE is_rectified(status, rectified_date, as_of)) AS rectified,
           count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, as_of)) AS overdue,
           count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, as_of, upcoming_days)) AS upcoming
    FROM scoped_hazards(since, as_of, units, industries, departments)
    GROUP BY 1;
