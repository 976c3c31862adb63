-- unit_locations: the 乡/街道 list with each one's representative point (units.lon/lat, GCJ-02; NULL where the list
-- has none), for the 示意图 of a county read in a city (隐患地图 drilled into a 区县). A reference list: no unit's
-- rows, the same for every user.
-- grain: one row per unit (code, name), in the list's order.
-- params: none
-- scope: reference
SELECT code, name, lon, lat
FROM units
ORDER BY sort_order, code
