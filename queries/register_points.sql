-- register_points: 隐患地图's point layer: the registered enterprises in scope that have coordinates (名录 经度/纬度),
-- with their hazards matched as 同一单位 (by 统一社会信用代码, else by folded name; two equi-joins as in
-- register_inspections): found in [S, A] (flow, 本期) and still open at A (stock, 截至A).
-- grain: one row per register row with both coordinates, in unit code order then by name.
-- params: $since, $as_of, $units, $industries, $departments
WITH p AS (SELECT record_key, enterprise, credit_code, enterprise_key, unit_code, unit, coalesce(key_unit, false) AS key_unit,
                  lon, lat
           FROM scoped_register($units, $industries, $departments)
           WHERE lon IS NOT NULL AND lat IS NOT NULL),
h AS (SELECT p.record_key, h.found_date, h.status, h.rectified_date
      FROM p JOIN hazards h ON h.credit_code = p.credit_code
      WHERE in_filter($units, h.unit_code) AND h.found_date <= $as_of
      UNION ALL
      SELECT p.record_key, h.found_date, h.status, h.rectified_date
      FROM p JOIN hazards h ON h.enterprise_key = p.enterprise_key
      WHERE (p.credit_code IS NULL OR h.credit_code IS NULL) AND in_filter($units, h.unit_code) AND h.found_date <= $as_of)
SELECT p.record_key, p.enterprise, p.credit_code, p.unit_code, p.unit, p.key_unit, p.lon, p.lat,
       count(h.record_key) FILTER (WHERE h.found_date >= $since) AS hazards,
       count(h.record_key) FILTER (WHERE NOT is_rectified(h.status, h.rectified_date, $as_of)) AS open
FROM p LEFT JOIN h USING (record_key)
GROUP BY ALL
ORDER BY p.unit_code, p.enterprise
