-- register_points: 隐患地图's point layer: the registered enterprises in scope that have coordinates (名录 经度/纬度),
-- with their hazards matched as 同一单位 (by 统一社会信用代码, else by folded name; two equi-joins as in
-- register_inspections): found in [S, A] (flow, 本期) and still open at A (stock, 截至A). The hazards are counted per
-- (code, name) before the join, so 1M hazards meet tens of thousands of rows, not the other way round.
-- grain: one row per register row with both coordinates, in unit code order then by name.
-- params: $since, $as_of, $units, $industries, $departments
WITH p AS (SELECT record_key, enterprise, credit_code, enterprise_key, unit_code, unit, coalesce(key_unit, false) AS key_unit,
                  lon, lat
           FROM scoped_register($units, $industries, $departments)
           WHERE lon IS NOT NULL AND lat IS NOT NULL),
hz AS (SELECT credit_code, enterprise_key,
              count(*) FILTER (WHERE found_date >= $since) AS hazards,
              count(*) FILTER (WHERE NOT is_rectified(status, rectified_date, $as_of)) AS open
       FROM hazards
       WHERE in_filter($units, unit_code) AND found_date <= $as_of AND EXISTS (SELECT 1 FROM p)
       GROUP BY credit_code, enterprise_key),
m AS (SELECT p.record_key, hz.hazards, hz.open FROM p JOIN hz ON hz.credit_code = p.credit_code
      UNION ALL
      SELECT p.record_key, hz.hazards, hz.open FROM p JOIN hz ON hz.enterprise_key = p.enterprise_key
      WHERE p.credit_code IS NULL OR hz.credit_code IS NULL)
SELECT p.record_key, p.enterprise, p.credit_code, p.unit_code, p.unit, p.key_unit, p.lon, p.lat,
       CAST(coalesce(sum(m.hazards), 0) AS BIGINT) AS hazards, CAST(coalesce(sum(m.open), 0) AS BIGINT) AS open
FROM p LEFT JOIN m USING (record_key)
GROUP BY ALL
ORDER BY p.unit_code, p.enterprise
