-- 015: where a registered enterprise is (经度/纬度 of the register, decimal degrees, GCJ-02 like the map), for the
-- 隐患地图's point layer. Empty for registers imported before; the next register import fills them.
ALTER TABLE register ADD COLUMN lon DOUBLE;
ALTER TABLE register ADD COLUMN lat DOUBLE;
ALTER TABLE register_history ADD COLUMN lon DOUBLE;
ALTER TABLE register_history ADD COLUMN lat DOUBLE;
