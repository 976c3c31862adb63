"""隐患地图 in a city instance (tests/city_support.py: 新华区's and 湛河区's packages): the county map at 全市 and a
county's 乡/街道 map. 新华区's figures are worked out by hand in tests/test_city.py: 3 hazards (X1-X3), 1 重大,
2 已整改; the other eight counties have no package."""
import json

import pytest
from apptest_support import nth_frame_with

import city_support as cs
from city_support import city, city_page  # noqa: F401  (fixtures)


@pytest.fixture()
def map_page(city_page):
    return lambda **query: city_page("pages/hazard_map.py", as_of="2022-10-31", **query)


def figure(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_county_map_at_city_level(map_page):
    at = map_page()
    assert len(at.get("plotly_chart")) == 1
    assert json.loads(at.get("plotly_chart")[0].proto.config)["scrollZoom"] is False
    fig = figure(at)
    areas = [t for t in fig["data"] if t["type"] == "choroplethmap"]
    located = [loc for t in areas for loc in t["locations"]]
    assert sorted(located) == sorted(c.code for c in cs.district.counties()) and len(located) == 10
    grey, coloured = areas     # the counties without a package first (grey), then the two with one
    assert sorted(coloured["locations"]) == [cs.XINHUA, cs.ZHANHE] and len(grey["locations"]) == 8
    labels = [t for t in fig["data"] if t["type"] == "scattermap" and t.get("mode") == "text"]
    texts = [x for t in labels for x in t["text"]]
    assert len(texts) == 10 and "新华" in texts and "叶县（无数据）" in texts and "卫东（无数据）" in texts
    hatch = [t for t in fig["data"] if t["type"] == "scattermap" and t.get("mode") == "lines"]
    assert len(hatch) == 1 and len(hatch[0]["lon"]) > 8     # the 8 counties without a package are hatched
    assert any("区县边界" in c.value and "Vonng/adcode" in c.value for c in at.caption)
    by_county = nth_frame_with(at, "区县").set_index("区县")
    assert by_county.loc["新华区", ["隐患数（本期）", "重大隐患（本期）", "已整改（本期）"]].tolist() == [3, 1, 2]
    assert by_county.loc["叶县", "数据截至"] == "无数据"
    # no county chosen yet: no 乡/街道 map
    assert at.selectbox(key="map_county").value is None


def test_a_rate_metric_colours_the_county_by_its_rate(map_page):
    at = map_page()
    at.radio(key="county_metric").set_value("整改率（本期）").run()
    assert not at.exception
    coloured = [t for t in figure(at)["data"] if t["type"] == "choroplethmap"][1]
    rates = dict(zip(coloured["locations"], (label for _name, label in coloured["customdata"])))
    assert rates[cs.XINHUA] == "66.7%"     # 2 of 3 rectified


def test_drilled_into_a_county(map_page):
    at = map_page()
    at.selectbox(key="map_county").set_value("新华区").run()
    assert not at.exception
    assert [s.value for s in at.subheader][:1] == ["新华区隐患地图"]
    unit_map = json.loads(at.get("plotly_chart")[-1].proto.spec)     # under the county map, which stays
    located = {loc for t in unit_map["data"] if t["type"] == "choroplethmap" for loc in t["locations"]}
    assert located and all(code.startswith(cs.XINHUA) for code in located)
    # 新华区's townships without a point in the townships file are listed, not drawn
    placed = cs.TOWNSHIPS.read_text(encoding="utf-8").splitlines()
    unplaced = [r.split(",")[2] for r in placed if r.split(",")[1] == "410402000000" and not r.split(",")[5]]
    note = next(c.value for c in at.caption if c.value.startswith("无坐标："))
    assert unplaced and all(n in note for n in unplaced)
    assert not (set(located) & {r.split(",")[0] for r in placed if r.split(",")[2] in unplaced})
    assert any(c.value.startswith("示意图") and "新华区轮廓" in c.value for c in at.caption)
    by_unit = nth_frame_with(at, "乡/街道").set_index("乡/街道")
    assert by_unit["隐患数（本期）"].sum() == 3
    assert by_unit.loc["焦店镇", "重大隐患（本期）"] == 1     # X3, written 焦店镇人民政府
    at.selectbox(key="map_unit").set_value("焦店镇").run()
    assert not at.exception
    assert nth_frame_with(at, "隐患编号")["隐患编号"].tolist() == ["X3"]


def test_drilled_into_zhanhe_and_into_a_county_without_a_package(map_page):
    at = map_page()
    at.selectbox(key="map_county").set_value("湛河区").run()
    assert not at.exception
    unit_map = json.loads(at.get("plotly_chart")[-1].proto.spec)
    located = {loc for t in unit_map["data"] if t["type"] == "choroplethmap" for loc in t["locations"]}
    assert len(located) == 10 and all(c.startswith(cs.ZHANHE) for c in located)      # every unit has its seed
    assert not [c for c in at.caption if c.value.startswith("无坐标")]
    at.selectbox(key="map_county").set_value("叶县").run()
    assert not at.exception and len(at.get("plotly_chart")) == 1     # the county map only
    assert any("该区县尚未导入数据包" in i.value for i in at.info)


def test_a_county_chosen_in_the_filters_opens_its_map(map_page):
    at = map_page(county=cs.XINHUA)     # the sidebar's 区县, in the URL
    assert len(at.get("plotly_chart")) == 1 and at.selectbox(key="map_unit").value is None   # no county map
    assert any(c.value.startswith("示意图") and "新华区轮廓" in c.value for c in at.caption)
    assert nth_frame_with(at, "乡/街道")["隐患数（本期）"].sum() == 3
