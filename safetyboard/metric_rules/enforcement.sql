-- 打非治违 enforcement cases.

-- 口径 执法案件数：本期（案件台账）。立案日期在S至A之间的行政执法案件；按处罚种类统计时，一案列有几种处罚就在每种下各计一次；罚款以元计。
-- 口径 停产停业整顿、关闭取缔：本期，两个来源。「案件台账」为处罚种类含该项的案件数；「月报汇总」为各部门月报自报数之和（按家计）。两者并列时各自标明来源。
-- 口径 典型执法案例：按季度。应报部门为 data/departments.csv 中标为“负有安全监管职责”的成员单位（配置名单，不是“恰好有案件的部门”），每季度1至3件，按立案日期计入季度；没有案件的部门显示0件、不足。
-- Enforcement cases filed in [S, A] within the shared filters.
CREATE OR REPLACE MACRO scoped_cases(since, as_of, units, industries, departments) AS TABLE
    SELECT * FROM enforcement
    WHERE filed_date BETWEEN since AND as_of
      AND in_filter(units, unit_code) AND in_filter(industries, industry) AND in_filter(departments, department);
