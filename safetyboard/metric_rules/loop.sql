-- Closing the loop: 督导发现问题 (交办 → 整改 → 复查 → 销号), the 挂牌督办 register, 约谈/通报/问责.
-- Stocks are as of A; a row belongs to a 乡/街道 filter by its unit_code (its own 所属乡(街道), or the 乡/街道 it is
-- about); a department's row belongs to no 乡/街道, as for org_in_units.
-- tables: problems, listings, accountability

-- A row with a unit code in the $units filter (empty filter: every row; no code: only then).
CREATE OR REPLACE MACRO row_in_units(units, unit_code) AS coalesce(in_filter(units, unit_code), false);

-- ---------------------------------------------------------------- 督导发现问题

-- 口径 督导问题已整改：截至A。整改情况为已整改（整改情况为空而填有整改完成日期的同样计入），且整改完成日期为空或不晚于A。
-- 已整改 as of A: 整改情况 已整改 (an empty 整改情况 with a 整改完成日期 reads so), the date empty or not after A.
CREATE OR REPLACE MACRO problem_rectified(status, rectified_date, as_of) AS
    (coalesce(status = '已整改', rectified_date IS NOT NULL) AND (rectified_date IS NULL OR rectified_date <= as_of));

-- 口径 督导问题逾期：截至A。A日前发现、截至A未整改且整改时限早于A的督导发现问题。
-- 口径 督导问题复查未通过：截至A。复查日期不晚于A且复查结论为未通过的问题。
-- 口径 督导问题已销号：截至A。销号日期不晚于A的问题。
-- Every problem found by A within the unit filter, with its state as of A (all stocks):
-- rectified; open = not rectified; overdue = open and its 整改时限 before A; rechecked = 复查 dated by A;
-- recheck_failed = that 复查 未通过; closed = 销号 dated by A.
CREATE OR REPLACE MACRO problem_states(as_of, units) AS TABLE
    SELECT *,
           problem_rectified(status, rectified_date, as_of) AS rectified,
           NOT problem_rectified(status, rectified_date, as_of) AS open,
           coalesce(NOT problem_rectified(status, rectified_date, as_of) AND deadline < as_of, false) AS overdue,
           coalesce(recheck_date <= as_of, false) AS rechecked,
           coalesce(recheck_date <= as_of AND recheck_result = '未通过', false) AS recheck_failed,
           coalesce(closed_date <= as_of, false) AS closed
    FROM problems
    WHERE found_date <= as_of AND row_in_units(units, unit_code);

-- 口径 督导发现问题数：本期。发现日期在S至A之间的督导发现问题；其余问题数字为截至A的存量。
-- The problem figures per 督导组: found = found in [S, A] (the flow); the rest stocks as of A (problem_states).
CREATE OR REPLACE MACRO problem_counts_by_group(since, as_of, units) AS TABLE
    SELECT "group",
           count(*) FILTER (WHERE found_date BETWEEN since AND as_of) AS found,
           count(*) FILTER (WHERE rectified) AS rectified,
           count(*) FILTER (WHERE open) AS open,
           count(*) FILTER (WHERE overdue) AS overdue,
           count(*) FILTER (WHERE rechecked) AS rechecked,
           count(*) FILTER (WHERE recheck_failed) AS recheck_failed,
           count(*) FILTER (WHERE closed) AS closed
    FROM problem_states(as_of, units)
    GROUP BY "group";

-- ---------------------------------------------------------------- 挂牌督办 register

-- The hazard a register row names: its 隐患编号, else the same enterprise and folded description; when several
-- match, one found by the 挂牌 date, then one the ledger marks 挂牌督办, then the latest.
CREATE OR REPLACE MACRO folded_text(text) AS lower(regexp_replace(text, '\s+', '', 'g'));

CREATE OR REPLACE VIEW listing_hazard_links AS
    SELECT l.record_key AS listing_key, h.record_key AS hazard_key
    FROM listings l JOIN hazards h ON h.record_key = l.hazard_no
    UNION ALL
    SELECT l.record_key, first(h.record_key ORDER BY h.found_date <= l.listed_date DESC, h.listed <> '否' DESC,
                               h.found_date DESC, h.record_key)
    -- only the named enterprises' hazards have their description folded (a hash key over every hazard otherwise)
    FROM listings l JOIN (SELECT * FROM hazards
                          WHERE enterprise_key IN (SELECT enterprise_key FROM listings WHERE hazard_no IS NULL)) h
      ON l.hazard_no IS NULL AND h.enterprise_key = l.enterprise_key
     AND folded_text(h.description) = folded_text(l.description)
     AND (l.unit_code IS NULL OR h.unit_code = l.unit_code)
    GROUP BY l.record_key;

-- 挂牌督办 of a 重大 hazard in the statistics table as of A (replaces hazards.sql's, which reads the ledger column):
-- a hazard the register names is 挂牌督办 when its register row is listed by A; any other as its ledger column says.
-- Used on the 重大 pass only (a lookup per row it sees).
CREATE OR REPLACE MACRO hazard_listed(of_hazard, listed, as_of) AS coalesce(
    (SELECT bool_or(l.listed_date <= as_of) FROM listing_hazard_links k JOIN listings l ON l.record_key = k.listing_key
     WHERE k.hazard_key = of_hazard),
    is_listed(listed));

-- 口径 已挂牌：截至A。挂牌日期不晚于A的挂牌督办记录；挂牌级别取督办台账所填，未填时取隐患台账的挂牌督办级别。
-- 口径 已摘牌：截至A。摘牌日期不晚于A的已挂牌记录；其余为挂牌未摘牌。
-- 口径 超期未摘牌：截至A。挂牌未摘牌、且整改时限（督办台账所填，未填时取所督办隐患的整改期限）早于A的记录。
-- Every register row listed by A within the unit filter, with what it takes from its hazard and its state as of A:
-- level (the register's 挂牌级别, else the hazard's 挂牌督办), deadline (the register's 整改时限, else the hazard's
-- deadline in force), delisted (摘牌 by A), open (not delisted), overdue (open and its deadline before A).
CREATE OR REPLACE MACRO listing_states(as_of, units) AS TABLE
    WITH r AS (
        SELECT l.*, h.record_key AS hazard_key, h.level AS hazard_level, h.status AS hazard_status,
               coalesce(l.unit_code, h.unit_code) AS scope_unit_code, coalesce(l.unit, h.unit) AS scope_unit,
               coalesce(l.enterprise, h.enterprise) AS enterprise_name,
               coalesce(l.description, h.description) AS hazard_description,
               coalesce(l.listing_level, nullif(h.listed, '否')) AS level,
               coalesce(l.deadline, effective_deadline(h.deadline, h.extended_to)) AS deadline_in_force
        FROM listings l
        LEFT JOIN listing_hazard_links k ON k.listing_key = l.record_key
        LEFT JOIN hazards h ON h.record_key = k.hazard_key
        WHERE l.listed_date <= as_of)
    SELECT *,
           coalesce(delisted_date <= as_of, false) AS delisted,
           NOT coalesce(delisted_date <= as_of, false) AS open,
           coalesce(NOT coalesce(delisted_date <= as_of, false) AND deadline_in_force < as_of, false) AS overdue
    FROM r
    WHERE row_in_units(units, scope_unit_code);

-- ---------------------------------------------------------------- 约谈/通报/问责

-- 口径 约谈、通报批评、警示函、问责：本期。处理日期在S至A之间的记录，按对象和方式计数。
-- Records dated in [S, A] within the unit filter (a flow).
CREATE OR REPLACE MACRO scoped_accountability(since, as_of, units) AS TABLE
    SELECT * FROM accountability WHERE action_date BETWEEN since AND as_of AND row_in_units(units, unit_code);

