-- 督导 supervision: the 分工 and 回头看 coverage.

-- Each (group, target) of the current 分工, once.
CREATE OR REPLACE MACRO assigned_targets() AS TABLE
    SELECT "group", target_key, min(target) AS target, min(target_kind) AS target_kind
    FROM assignments GROUP BY "group", target_key;

-- 口径 回头看覆盖率：截至A。督导组分工对象中，在回头看时段内（且不晚于A）有该组“回头看”记录的对象 ÷ 该组分工对象数；督导检查记录不计入。
-- 回头看 that count: by a group, dated in the 回头看 window and not after A; per (group, target).
CREATE OR REPLACE MACRO rechecked_targets(as_of, recheck_start, recheck_end) AS TABLE
    SELECT "group", target_key, min(visit_date) AS first_recheck, max(visit_date) AS last_recheck, count(*) AS recheck_visits
    FROM supervision
    WHERE visit_type = '回头看' AND visit_date BETWEEN recheck_start AND recheck_end AND visit_date <= as_of
    GROUP BY "group", target_key;
