-- The city level: which 区县 a row belongs to, and when a county's package is too old to compare.
-- tables: city_packages

-- 口径 区县归属：按乡/街道行政区划代码的前6位归入区县（410411001000 属湛河区 410411）；市级汇总中各区县的乡/街道、部门名称前加区县名（新华区·焦店镇）。
-- Township codes are 12-digit administrative codes that begin with their county's (district.unit_rows checks it).
CREATE OR REPLACE MACRO county_of(unit_code) AS left(unit_code, 6);
-- A place name city-wide (stored at package import, safetyboard/city.py): two counties each have a 城关镇.
CREATE OR REPLACE MACRO city_place_name(county_name, place) AS
    CASE WHEN place IS NULL OR place = '' THEN place ELSE county_name || '·' || place END;

-- 口径 数据滞后：某区县数据包的“数据截至”日期早于统计截止日7天以上（或尚无数据包），在市级各页标注“数据滞后”。
CREATE OR REPLACE MACRO stale_package_days() AS 7;
CREATE OR REPLACE MACRO is_stale_package(package_as_of, as_of) AS
    coalesce(package_as_of < as_of - to_days(stale_package_days()), true);

-- City-wide, import ids carry their package (import_id + package_id * stride, safetyboard/city.py), so a row
-- without a 乡/街道 (a department's case) still belongs to the county whose package brought it.
CREATE OR REPLACE MACRO city_import_stride() AS 1000000000;
CREATE OR REPLACE MACRO row_county(unit_code, import_id) AS coalesce(county_of(unit_code),
    (SELECT p.district_code FROM city_packages p WHERE p.package_id = import_id // city_import_stride()));
