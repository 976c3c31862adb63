-- 002: the metric rules of DOMAIN.md as SQL macros, so every query file uses one definition.

-- A filter list that is empty means "all".
CREATE OR REPLACE MACRO in_filter(filter_list, value) AS (len(filter_list) = 0 OR list_contains(filter_list, value));

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

-- A rate that is empty, never 0, when there is nothing to divide.
CREATE OR REPLACE MACRO safe_rate(part, whole) AS
    CASE WHEN whole IS NULL OR whole = 0 THEN NULL ELSE round(part / whole, 4) END;

-- Hazards found in [S, A] within the shared filters.
CREATE OR REPLACE MACRO scoped_hazards(since, as_of, units, industries, departments) AS TABLE
    SELECT * FROM hazards
    WHERE found_date BETWEEN since AND as_of
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);

-- Enforcement cases filed in [S, A] within the shared filters.
CREATE OR REPLACE MACRO scoped_cases(since, as_of, units, industries, departments) AS TABLE
    SELECT * FROM enforcement
    WHERE filed_date BETWEEN since AND as_of
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);

-- Tips received in [S, A] within the unit filter.
CREATE OR REPLACE MACRO scoped_tips(since, as_of, units) AS TABLE
    SELECT * FROM tips WHERE received_date BETWEEN since AND as_of AND in_filter(units, unit_code);

-- Who must report: every 乡/街道 and member department.
CREATE OR REPLACE VIEW reporters AS
    SELECT name AS reporter, '乡/街道' AS reporter_kind, sort_order FROM units
    UNION ALL SELECT name, '部门', 100 + sort_order FROM departments;
