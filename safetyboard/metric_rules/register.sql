-- The 底数 and accidents: the enterprise register (生产经营单位名录) and 排查覆盖率; the cross-checks
-- between the hazard and case ledgers (通知 四(三): 逾期未改的必须处罚; 企业自查发现并整改的不予处罚); the accident
-- ledger (生产安全事故).
-- tables: register, accidents, hazards, enforcement, enterprises

-- The folded name key of a name already cleaned on import (NFKC, spaces collapsed): rules.fold_name in SQL, for the
-- 被举报单位 of a tip, which is stored as text without a key (a case's 当事人 has its party_key).
CREATE OR REPLACE MACRO name_key(name) AS upper(regexp_replace(name, '[\s()]', '', 'g'));

-- 口径 同一单位：两条记录都有统一社会信用代码时按代码比对；任一方无代码时按单位名称（去空格、全半角统一、去括号）比对。代码不同而名称相同的不算同一单位。
-- Two rows name the same enterprise: both have a 统一社会信用代码 and they are equal; or either lacks one and the
-- folded names are equal. Written as two equi-joins (by code, by name) wherever it joins large tables, so each
-- runs as a hash join; matched_by says which way a pair matched.
-- (Spelled as plain comparisons, not a CASE, so a filter on one enterprise over 1M hazards stays a cheap scan.)
CREATE OR REPLACE MACRO same_enterprise(code_a, key_a, code_b, key_b) AS
    ((code_a IS NOT NULL AND code_b IS NOT NULL AND code_a = code_b)
     OR ((code_a IS NULL OR code_b IS NULL) AND key_a = key_b));

-- The enterprise ids (table enterprises) of one enterprise for a lookup over the hazards: its 统一社会信用代码's and its
-- folded name's (the rows without a code under that name). A hazard with another code under the same name is not
-- reached this way, whereas same_enterprise would take it when code_b is NULL: 一企一档 opens one identity.
CREATE OR REPLACE MACRO enterprise_ids(credit_code, enterprise_key) AS TABLE
    SELECT id FROM enterprises WHERE identity = credit_code OR identity = enterprise_key;

-- The rows of the 一企一档 search index (table enterprise_index, migration 014): each enterprise identity under each of
-- its folded names in each 乡/街道, from the register, the hazards and the cases (当事人), whether the register
-- holds it, and its hazard count; names and 乡/街道 as the register writes them when it has the row. The importer
-- and undo rewrite the rows of the identities an import touches (ledgers/enterprise_index.py).
-- The name shown: the register's, else a hazard ledger's, else a case's; ties broken by the name itself, so the
-- index kept up by each import (ledgers/enterprise_index.py) and one built afresh always agree.
CREATE OR REPLACE VIEW enterprise_index_rows AS
SELECT identity, unit_code, enterprise_key, max(credit_code) AS credit_code,
       arg_max(enterprise, {'registered': registered, 'hazard': hazards, 'name': enterprise}) AS enterprise,
       arg_max(unit, {'registered': registered, 'hazard': hazards, 'name': unit}) AS unit,
       bool_or(registered) AS registered, CAST(sum(hazards) AS BIGINT) AS hazards
FROM (SELECT enterprise_identity(credit_code, enterprise_key) AS identity, unit_code, enterprise_key, credit_code,
             enterprise, unit, true AS registered, 0 AS hazards
      FROM register
      UNION ALL
      SELECT enterprise_identity(credit_code, enterprise_key), unit_code, enterprise_key, credit_code, enterprise, unit,
             false, 1
      FROM hazards
      UNION ALL
      SELECT enterprise_identity(credit_code, party_key), unit_code, party_key, credit_code, party, unit, false, 0
      FROM enforcement) rows
WHERE identity IS NOT NULL
GROUP BY identity, unit_code, enterprise_key;

-- ---------------------------------------------------------------- 排查覆盖率

-- The register rows within the shared filters.
CREATE OR REPLACE MACRO scoped_register(units, industries, departments) AS TABLE
    SELECT * FROM register
    WHERE in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);

-- 口径 已排查单位：本期。名录中的单位，在S至A之间有隐患记录（按“同一单位”比对），或名录所填最近排查日期在S至A之间。
-- The register rows (record_key) with a 排查 record in [S, A], and how: by a hazard matched by code, by name, or by
-- the register's own 最近排查日期.
CREATE OR REPLACE MACRO register_inspections(since, as_of) AS TABLE
    SELECT r.record_key, '统一社会信用代码' AS matched_by
    FROM register r JOIN hazards h ON h.credit_code = r.credit_code
    WHERE h.found_date BETWEEN since AND as_of
    UNION
    SELECT r.record_key, '单位名称'
    FROM register r JOIN hazards h ON h.enterprise_key = r.enterprise_key
    WHERE (r.credit_code IS NULL OR h.credit_code IS NULL) AND h.found_date BETWEEN since AND as_of
    UNION
    SELECT record_key, '最近排查日期' FROM register WHERE last_inspected BETWEEN since AND as_of;

-- 口径 排查覆盖率：本期。已排查单位数 ÷ 名录单位数（均按名录）；重点单位另算。未导入企业名录时不计覆盖率，只显示“涉及隐患的单位数”。
-- Every register row in scope with inspected = it has a 排查 record in [S, A].
CREATE OR REPLACE MACRO register_coverage(since, as_of, units, industries, departments) AS TABLE
    SELECT r.*, r.record_key IN (SELECT record_key FROM register_inspections(since, as_of)) AS inspected
    FROM scoped_register(units, industries, departments) r;

-- ---------------------------------------------------------------- cross-checks

-- Every (hazard, case) pair naming the same enterprise, the case filed on or after the hazard's 发现日期 and by A.
-- hazard_keys: the hazard record_keys to look at (the join is only as wide as they are).
-- IN (unnest) is a hash semi-join; list_contains scanned the whole list for every hazard (minutes at 1M).
CREATE OR REPLACE MACRO hazard_case_pairs(hazard_keys, as_of) AS TABLE
    SELECT h.record_key AS hazard_key, c.record_key AS case_key, '统一社会信用代码' AS matched_by,
           h.found_date, c.filed_date
    FROM hazards h JOIN enforcement c ON c.credit_code = h.credit_code
    WHERE h.record_key IN (SELECT unnest(hazard_keys)) AND c.filed_date BETWEEN h.found_date AND as_of
    UNION ALL
    SELECT h.record_key, c.record_key, '单位名称', h.found_date, c.filed_date
    FROM hazards h JOIN enforcement c ON c.party_key = h.enterprise_key
    WHERE h.record_key IN (SELECT unnest(hazard_keys)) AND (h.credit_code IS NULL OR c.credit_code IS NULL)
      AND c.filed_date BETWEEN h.found_date AND as_of;

-- 口径 逾期未改未处罚：存量（截至A）。截至A逾期未整改的隐患中，自发现日期至A没有针对同一单位立案的执法案件的。
-- 口径 重大隐患未处罚：存量（截至A）。截至A未整改的重大隐患中，自发现日期至A没有针对同一单位立案的执法案件的。
-- The open hazards at A that the cross-check looks at (overdue, or 重大), each with its case pairs' count by way of
-- matching; without_case = none.
CREATE OR REPLACE MACRO unpunished_hazards(as_of, units, industries, departments) AS TABLE
    WITH h AS (SELECT *, is_overdue(status, rectified_date, deadline, extended_to, as_of) AS overdue
               FROM open_hazards(as_of, units, industries, departments)
               WHERE level = '重大' OR is_overdue(status, rectified_date, deadline, extended_to, as_of)),
    p AS (SELECT hazard_key,
                 count(*) FILTER (WHERE matched_by = '统一社会信用代码') AS by_code,
                 count(*) FILTER (WHERE matched_by = '单位名称') AS by_name
          FROM hazard_case_pairs((SELECT list(record_key) FROM h), as_of) GROUP BY hazard_key)
    SELECT h.*, coalesce(p.by_code, 0) AS cases_by_code, coalesce(p.by_name, 0) AS cases_by_name,
           p.hazard_key IS NULL AS without_case
    FROM h LEFT JOIN p ON p.hazard_key = h.record_key;

-- 口径 自查自改仍处罚：本期（S至A立案），供复核。案件当事人有一条发现方式为企业自查、且在整改期限内（含延期）已整改的隐患，案件立案日期晚于该隐患发现日期。
-- Cases filed in [S, A] against an enterprise whose 企业自查 hazard was rectified by its deadline (as of A) and
-- found before the case was filed; one row per (case, hazard), matched_by as above.
CREATE OR REPLACE MACRO self_found_penalised(since, as_of, units, industries, departments) AS TABLE
    WITH s AS (SELECT * FROM hazards
               WHERE discovery_method = '企业自查' AND is_rectified(status, rectified_date, as_of)
                 AND rectified_date <= effective_deadline(deadline, extended_to)),
    c AS (SELECT * FROM scoped_cases(since, as_of, units, industries, departments))
    SELECT c.record_key AS case_key, c.case_no, c.department, c.party, c.unit_code, c.unit, c.filed_date,
           s.record_key AS hazard_key, s.hazard_no, s.found_date, s.rectified_date, '统一社会信用代码' AS matched_by
    FROM c JOIN s ON s.credit_code = c.credit_code AND c.filed_date > s.found_date
    UNION ALL
    SELECT c.record_key, c.case_no, c.department, c.party, c.unit_code, c.unit, c.filed_date,
           s.record_key, s.hazard_no, s.found_date, s.rectified_date, '单位名称'
    FROM c JOIN s ON s.enterprise_key = c.party_key AND c.filed_date > s.found_date
    WHERE s.credit_code IS NULL OR c.credit_code IS NULL;

-- ---------------------------------------------------------------- 生产安全事故

-- 口径 事故起数、死亡、受伤、直接经济损失：本期（发生日期在S至A之间）；同比为上一年同期（S、A各减一年）。直接经济损失以万元显示。
-- 口径 瞒报谎报：本期。事故台账标为瞒报谎报的事故起数。
CREATE OR REPLACE MACRO scoped_accidents(since, as_of, units, industries) AS TABLE
    SELECT * FROM accidents
    WHERE occurred_date BETWEEN since AND as_of AND in_filter(units, unit_code) AND in_filter(industries, industry);

-- The previous year's same period: [S − 1 year, A − 1 year].
CREATE OR REPLACE MACRO previous_year_accidents(since, as_of, units, industries) AS TABLE
    SELECT * FROM scoped_accidents(CAST(since - INTERVAL 1 YEAR AS DATE), CAST(as_of - INTERVAL 1 YEAR AS DATE),
                                   units, industries);
