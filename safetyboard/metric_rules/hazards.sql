-- 隐患 hazards: 整改 states, deadlines, 五落实, 挂牌督办, the scopes of a view and the tables built on them.
-- Two kinds of figure (DOMAIN.md): a flow counts hazards found in [S, A] (scoped_hazards); a stock counts what
-- stands open at A whatever S is (open_hazards), so choosing a phase never hides an open overdue hazard.
-- Lines "-- 口径 <名称>：<定义>" are the Chinese definitions the 口径 page shows, next to the SQL they describe.

-- 口径 已整改：截至A。状态为已整改或已销号，且整改完成日期为空或不晚于截止日期A。
-- 口径 整改率：本期。本期发现的隐患中截至A已整改的比例（隐患总数为0时不显示比率）；由计数计算，只在显示时四舍五入一次。
CREATE OR REPLACE MACRO is_rectified(status, rectified_date, as_of) AS
    (status IN ('已整改', '已销号') AND (rectified_date IS NULL OR rectified_date <= as_of));

-- 口径 已销号：状态为已销号（填有完成日期时不晚于A）；重大隐患已整改而未销号的为“已整改待销号”。
CREATE OR REPLACE MACRO is_closed(status, rectified_date, as_of) AS
    (status = '已销号' AND (rectified_date IS NULL OR rectified_date <= as_of));

-- 口径 整改期限：延期至晚于整改时限时以延期至为准，否则以整改时限为准（不晚于整改时限的延期至在导入时提示并忽略）。
CREATE OR REPLACE MACRO effective_deadline(deadline, extended_to) AS
    CASE WHEN extended_to > deadline THEN extended_to ELSE deadline END;

-- 口径 逾期未整改：存量（截至A）。发现日期不晚于A、截至A未整改、整改期限早于A的隐患，不受统计起始日期影响。
CREATE OR REPLACE MACRO is_overdue(status, rectified_date, deadline, extended_to, as_of) AS
    coalesce(NOT is_rectified(status, rectified_date, as_of) AND effective_deadline(deadline, extended_to) < as_of, false);

-- 口径 临期：存量（截至A）。截至A未整改、整改期限在A至A+7天之内（含两端）的隐患。
CREATE OR REPLACE MACRO is_upcoming(status, rectified_date, deadline, extended_to, as_of, days) AS
    coalesce(NOT is_rectified(status, rectified_date, as_of)
             AND effective_deadline(deadline, extended_to) BETWEEN as_of AND as_of + to_days(CAST(days AS INTEGER)), false);

-- 口径 未定整改时限：存量（截至A）。截至A未整改、且既无整改时限也无有效延期的隐患；与逾期并列显示。
CREATE OR REPLACE MACRO has_no_deadline(status, rectified_date, deadline, extended_to, as_of) AS
    (NOT is_rectified(status, rectified_date, as_of) AND effective_deadline(deadline, extended_to) IS NULL);

-- A 五落实 element is in place when it is written and does not say there is none.
CREATE OR REPLACE MACRO is_filled(value) AS
    (value IS NOT NULL AND trim(CAST(value AS VARCHAR)) NOT IN ('', '无', '否', '/', '-', '—', '暂无', '未落实'));

-- 口径 五落实完成率：本期。本期发现的重大隐患中，责任人、措施、资金、时限、预案五项均已落实的比例；五项亦各自单独统计。
CREATE OR REPLACE MACRO five_in_place(responsible, measures_taken, funds_yuan, deadline, emergency_plan) AS
    (is_filled(responsible) AND is_filled(measures_taken) AND funds_yuan IS NOT NULL
     AND deadline IS NOT NULL AND is_filled(emergency_plan));

-- 口径 列入治理计划的重大隐患：本期。本期发现、已填写整改措施（即已有治理方案）的重大隐患。
CREATE OR REPLACE MACRO is_planned(level, measures_taken) AS (level = '重大' AND is_filled(measures_taken));

-- 口径 挂牌督办：挂牌督办为区级、市级或省级的隐患（任何等级）；统计表“其中挂牌督办（重大）”列只计其中的重大隐患。
CREATE OR REPLACE MACRO is_listed(listed) AS coalesce(listed IN ('区级', '市级', '省级'), false);

-- 其中挂牌督办 of the statistics table: the hazard ledger's 挂牌督办 column; loop.sql replaces it (the register first).
CREATE OR REPLACE MACRO hazard_listed(of_hazard, listed, as_of) AS is_listed(listed);

-- 口径 隐患总数：本期（流量）。发现日期在统计起始日期S至截止日期A之间的隐患。
CREATE OR REPLACE MACRO scoped_hazards(since, as_of, units, industries, departments) AS TABLE
    SELECT * FROM hazards
    WHERE found_date BETWEEN since AND as_of
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);

-- 口径 未整改：存量（截至A）。发现日期不晚于A、截至A未整改的隐患，不论何时发现。
CREATE OR REPLACE MACRO open_hazards(as_of, units, industries, departments) AS TABLE
    SELECT * FROM hazards
    WHERE found_date <= as_of AND NOT is_rectified(status, rectified_date, as_of)
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);

-- The national 隐患排查治理情况统计表 (DOMAIN.md), defined once for hazard_stats_table_by_unit, _by_county and
-- _by_industry: one row per key (key_kind 'unit': the unit code, 'county': the county's 6-digit code, 'industry': the
-- industry, NULL = none) and a 合计 row (is_total, key NULL) over all of them: counts and enterprises are true totals
-- (enterprise sets united), rates recomputed from the totals. For units and counties the keys are exactly
-- fixed_keys (every unit in the filter, every county of the city: zeros included); for industries every industry
-- with hazards in scope. Columns: see hazard_stats_table_by_unit.sql. Two passes (all hazards; 重大 only), no
-- count(DISTINCT): several times faster at 1M+ hazards than one GROUPING SETS query over the hazards.
CREATE OR REPLACE MACRO stats_table(since, as_of, units, industries, departments, key_kind, fixed_keys) AS TABLE
    WITH a AS (
        SELECT CASE key_kind WHEN 'unit' THEN unit_code WHEN 'county' THEN county_of(unit_code) ELSE industry END AS key,
               enterprise_set(enterprise_id) AS enterprise_set,
               count(*) FILTER (WHERE level = '一般') AS general_total,
               count(*) FILTER (WHERE level = '一般' AND is_rectified(status, rectified_date, as_of)) AS general_rectified,
               sum(funds_yuan) AS funds_yuan
        FROM scoped_hazards(since, as_of, units, industries, departments)
        GROUP BY 1),
    m AS (
        SELECT CASE key_kind WHEN 'unit' THEN unit_code WHEN 'county' THEN county_of(unit_code) ELSE industry END AS key,
               count(*) AS major_total,
               -- the national table's 已整改销号 of 重大: 已销号 only (已整改 not yet 销号 is 已整改待销号)
               count(*) FILTER (WHERE is_closed(status, rectified_date, as_of)) AS major_rectified,
               -- 列入治理计划: 重大 with 整改措施; then each 五落实 element of those, each alone
               count(*) FILTER (WHERE is_planned(level, measures_taken)) AS major_planned,
               count(*) FILTER (WHERE is_planned(level, measures_taken) AND is_filled(measures_taken)) AS planned_targets,
               count(*) FILTER (WHERE is_planned(level, measures_taken) AND funds_yuan IS NOT NULL) AS planned_funds,
               count(*) FILTER (WHERE is_planned(level, measures_taken) AND is_filled(responsible)) AS planned_staff,
               count(*) FILTER (WHERE is_planned(level, measures_taken)
                                AND effective_deadline(deadline, extended_to) IS NOT NULL) AS planned_time,
               count(*) FILTER (WHERE is_planned(level, measures_taken) AND is_filled(emergency_plan)) AS planned_plan,
               count(*) FILTER (WHERE hazard_listed(record_key, listed, as_of)) AS major_listed
        FROM scoped_hazards(since, as_of, units, industries, departments)
        WHERE level = '重大'
        GROUP BY 1),
    keys AS (
        SELECT unnest(fixed_keys) AS key WHERE key_kind <> 'industry'
        UNION ALL
        SELECT key FROM a WHERE key_kind = 'industry'),
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

-- 整改 progress per key, defined once for rectification_by_unit, rectification_by_industry and rectification_by_department (which add only
-- the reference list for labels and order). key_kind: 'unit' (key = unit code), 'county' (6-digit code), 'industry' or 'department'; a NULL
-- key collects the hazards where it is not filled in. total/rectified are flows (found in [S, A]); open, overdue,
-- upcoming and no_deadline are stocks at A (open_hazards). Aggregated before any join: at 1M+ hazards joining
-- first costs several times more.
CREATE OR REPLACE MACRO rectification_progress(since, as_of, units, industries, departments, upcoming_days, key_kind) AS TABLE
    WITH f AS (
        SELECT CASE key_kind WHEN 'unit' THEN unit_code WHEN 'county' THEN row_county(unit_code, import_id) WHEN 'industry' THEN industry ELSE department END AS key,
               count(*) AS total,
               count(*) FILTER (WHERE is_rectified(status, rectified_date, as_of)) AS rectified
        FROM scoped_hazards(since, as_of, units, industries, departments)
        GROUP BY 1),
    o AS (
        SELECT CASE key_kind WHEN 'unit' THEN unit_code WHEN 'county' THEN row_county(unit_code, import_id) WHEN 'industry' THEN industry ELSE department END AS key,
               count(*) AS open,
               count(*) FILTER (WHERE is_overdue(status, rectified_date, deadline, extended_to, as_of)) AS overdue,
               count(*) FILTER (WHERE is_upcoming(status, rectified_date, deadline, extended_to, as_of, upcoming_days)) AS upcoming,
               count(*) FILTER (WHERE has_no_deadline(status, rectified_date, deadline, extended_to, as_of)) AS no_deadline
        FROM open_hazards(as_of, units, industries, departments)
        GROUP BY 1)
    SELECT coalesce(f.key, o.key) AS key,
           coalesce(f.total, 0) AS total, coalesce(f.rectified, 0) AS rectified,
           coalesce(o.open, 0) AS open, coalesce(o.overdue, 0) AS overdue,
           coalesce(o.upcoming, 0) AS upcoming, coalesce(o.no_deadline, 0) AS no_deadline
    FROM f FULL JOIN o ON f.key IS NOT DISTINCT FROM o.key;
