-- Rules shared by every subject: filters, rates, which rows belong to a 乡/街道, enterprise identity.
-- Applied on every open (store.apply_rules), in file-name order: this file comes first.

-- A filter list that is empty means "all".
CREATE OR REPLACE MACRO in_filter(filter_list, value) AS (len(filter_list) = 0 OR list_contains(filter_list, value));

-- 口径 比率：由计数直接计算，只在显示时四舍五入一次（30/38 显示为78.9%）；分母为0时不显示比率，而不是0%。
-- A rate that is empty, never 0, when there is nothing to divide; exact here, rounded once where it is shown.
CREATE OR REPLACE MACRO safe_rate(part, whole) AS
    CASE WHEN whole IS NULL OR whole = 0 THEN NULL ELSE part / whole END;

-- Which rows belong to a 乡/街道, for the $units filter (empty list = all), one rule per kind of row:
-- - rows that carry a unit code (hazards, enforcement cases, supervision visits, tips): in_filter(units, unit_code);
--   a supervision visit to a 乡/街道 carries that unit's code.
-- - rows that name an organisation instead (报送单位 of the monthly and self-inspection reports, 督导组分工
--   targets): org_in_units below. They belong to a 乡/街道 when they name it; a department's or an enterprise's
--   row belongs to no 乡/街道, so it drops out as soon as the filter names any unit.

-- The code of a 乡/街道 given by its canonical name; NULL for a department or an enterprise.
CREATE OR REPLACE MACRO unit_code_of(org_name) AS (SELECT min(u.code) FROM units u WHERE u.name = org_name);

-- A row named by an organisation belongs to the unit filter (empty filter: every row does).
CREATE OR REPLACE MACRO org_in_units(unit_codes, org_name) AS coalesce(in_filter(unit_codes, unit_code_of(org_name)), false);

-- 口径 排查单位数：本期。有隐患记录的生产经营单位，按统一社会信用代码去重，无代码的按单位名称（去空格、全半角统一）去重；未导入企业名录时称“涉及隐患的单位数”。
-- An enterprise (排查单位) is its 统一社会信用代码, else its folded name key; enterprise_id (table enterprises)
-- is only the number of that identity.
CREATE OR REPLACE MACRO enterprise_identity(credit_code, enterprise_key) AS coalesce(credit_code, enterprise_key);

-- The distinct enterprises of a group of rows as a set: a bitstring over enterprise_id (ids are dense from 1,
-- so it is small). Sets of several groups combine with bit_or (a 合计 row); enterprise_count is their number,
-- 0 for none. enterprise_set reads the column's statistics: use it on scoped_hazards, not on a derived table.
CREATE OR REPLACE MACRO enterprise_set(enterprise_id) AS bitstring_agg(enterprise_id);
CREATE OR REPLACE MACRO enterprise_count(enterprise_set) AS coalesce(bit_count(enterprise_set), 0);
