-- listed_hazards_by_unit: the 挂牌督办 register per 乡/街道 (all units in code order, zeros included, then one row
-- for items with no 乡/街道): listed, delisted, open, overdue, open per level (listing_states, stocks as of A).
-- grain: one row per unit; code NULL for the row without a 乡/街道 (only when it has items).
-- params: $as_of, $units
WITH l AS (
    SELECT scope_unit_code AS code,
           count(*) AS listed,
           count(*) FILTER (WHERE delisted) AS delisted,
           count(*) FILTER (WHERE open) AS open,
           count(*) FILTER (WHERE overdue) AS overdue,
           count(*) FILTER (WHERE open AND level = '区级') AS open_district,
           count(*) FILTER (WHERE open AND level = '市级') AS open_city,
           count(*) FILTER (WHERE open AND level = '省级') AS open_province
    FROM listing_states($as_of, $units)
    GROUP BY scope_unit_code),
keys AS (SELECT code, name, sort_order FROM units WHERE in_filter($units, code)
         UNION ALL SELECT NULL, '未注明乡/街道', 999 WHERE EXISTS (SELECT 1 FROM l WHERE code IS NULL))
SELECT k.code, k.name AS unit,
       coalesce(l.listed, 0) AS listed, coalesce(l.delisted, 0) AS delisted, coalesce(l.open, 0) AS open,
       coalesce(l.overdue, 0) AS overdue, coalesce(l.open_district, 0) AS open_district,
       coalesce(l.open_city, 0) AS open_city, coalesce(l.open_province, 0) AS open_province
FROM keys k LEFT JOIN l ON l.code IS NOT DISTINCT FROM k.code
ORDER BY k.sort_order
