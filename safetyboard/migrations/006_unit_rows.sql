-- 006: which rows belong to a 乡/街道, for the $units filter (empty list = all), one rule per kind of row:
-- - rows that carry a unit code (hazards, enforcement cases, supervision visits, tips): in_filter(units, unit_code)
--   (002); a supervision visit to a 乡/街道 carries that unit's code.
-- - rows that name an organisation instead (报送单位 of the monthly and self-inspection reports, 督导组分工
--   targets): org_in_units below. They belong to a 乡/街道 when they name it; a department's or an enterprise's
--   row belongs to no 乡/街道, so it drops out as soon as the filter names any unit.

-- The code of a 乡/街道 given by its canonical name; NULL for a department or an enterprise.
CREATE OR REPLACE MACRO unit_code_of(org_name) AS (SELECT min(u.code) FROM units u WHERE u.name = org_name);

-- A row named by an organisation belongs to the unit filter (empty filter: every row does).
CREATE OR REPLACE MACRO org_in_units(unit_codes, org_name) AS coalesce(in_filter(unit_codes, unit_code_of(org_name)), false);
