-- 打非治违 enforcement cases.

-- Enforcement cases filed in [S, A] within the shared filters.
CREATE OR REPLACE MACRO scoped_cases(since, as_of, units, industries, departments) AS TABLE
    SELECT * FROM enforcement
    WHERE filed_date BETWEEN since AND as_of
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);
