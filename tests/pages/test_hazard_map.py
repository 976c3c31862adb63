"""The 隐患地图 page under Streamlit's AppTest, on the golden fixture database.

Expected numbers follow from tests/fixture_ledgers.py; the query tests and tests/test_metrics.py say how each
was worked out (A = 2022-10-31 unless the test says otherwise)."""
import json

import pandas as pd
import pytest
from apptest_support import nth_frame_with

MAZHUANG = "410411001000"


# ---------------------------------------------------------------- 隐患地图


def test_hazard_map_and_drill_down(open_page):
    at = open_page("pages/hazard_map.py", as_of="2022-10-31")
    assert len(at.get("plotly_chart")) == 1
    # The wheel scrolls the page, not the map (zoom by the map's buttons).
    assert json.loads(at.get("plotly_chart")[0].proto.config)["scrollZoom"] is False
    assert any(c.value.startswith("示意图") for c in at.caption)
    by_unit = nth_frame_with(at, "隐患数（本期）").set_index("乡/街道")
    assert by_unit.loc["马庄街道", "隐患数（本期）"] == 5 and by_unit.loc["九里山街道", "逾期未整改（截至10月31日）"] == 2
    assert by_unit.loc["曹镇乡", "整改率（%，本期）"] == 50.0 and pd.isna(by_unit.loc["姚孟街道", "整改率（%，本期）"])
    # stocks at A: 马庄 open H03 H04; no hazard without a 时限
    assert by_unit.loc["马庄街道", ["未整改（截至10月31日）", "未定整改时限（截至10月31日）"]].tolist() == [2, 0]
    # No unit chosen yet: a hint, no list.
    assert any("查看该乡/街道的隐患清单" in i.value for i in at.info)

    at.selectbox(key="map_unit").set_value("马庄街道").run()
    assert not at.exception
    hazards = nth_frame_with(at, "隐患编号")
    assert list(hazards.columns) == ["隐患编号", "单位名称", "隐患描述", "等级", "发现日期", "整改时限", "延期至", "状态",
                                     "整改完成日期", "是否逾期", "未定整改时限", "挂牌督办"]
    assert hazards["隐患编号"].tolist() == ["H03", "H02", "H01", "H12", "H04"]
    assert hazards.set_index("隐患编号")["是否逾期"].to_dict() == {"H03": "是", "H02": "否", "H01": "否", "H12": "否", "H04": "否"}
    assert hazards.set_index("隐患编号").loc["H02", "挂牌督办"] == "区级"


@pytest.mark.parametrize("metric", ["隐患数（本期）", "重大隐患（本期）", "整改率（本期）", "逾期未整改（截至10月31日）",
                                    "未定整改时限（截至10月31日）", "挂牌督办（本期）"])
def test_hazard_map_every_metric(open_page, metric):
    at = open_page("pages/hazard_map.py", as_of="2022-10-31")
    at.radio(key="map_metric").set_value(metric).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1


def test_hazard_map_narrowed(open_page):
    at = open_page("pages/hazard_map.py", as_of="2022-10-31", units=MAZHUANG)
    by_unit = nth_frame_with(at, "隐患数（本期）")
    assert by_unit[["乡/街道", "隐患数（本期）"]].values.tolist() == [["马庄街道", 5]]
    assert at.selectbox(key="map_unit").options == ["马庄街道"]


def test_hazard_map_bad_boundary_file_shows_the_message(open_page, tmp_path, monkeypatch):
    from safetyboard import config
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "boundaries" / "official.geojson").write_text("这不是边界文件", encoding="utf-8")
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    at = open_page("pages/hazard_map.py", as_of="2022-10-31")
    assert len(at.error) == 1 and "official.geojson" in at.error[0].value
    assert len(at.get("plotly_chart")) == 0
    assert nth_frame_with(at, "隐患数（本期）")["隐患数（本期）"].sum() == 10       # the data table still works


def test_register_point_layer(run_page, register_app_db):
    at = run_page("hazard_map", db=register_app_db, as_of="2022-10-31")
    figure = lambda: json.loads(at.get("plotly_chart")[0].proto.spec)["data"]   # noqa: E731
    assert not [t for t in figure() if t.get("mode") == "markers"]              # off until asked for
    at.toggle(key="map_points").set_value(True).run()
    assert not at.exception
    markers = [t for t in figure() if t.get("mode") == "markers"]
    # tests/metric_rules/test_register.py: 丙公司 and 某某加油站 have no open hazard (grey), 甲公司 (2 open) and
    # 癸公司 (1) have (dark); customdata = (乡/街道, name, 本期 hazards, open at A).
    assert [sorted(tuple(c) for c in t["customdata"]) for t in markers] == [
        [("九里山街道", "丙公司", "0", "0"), ("九里山街道", "某某加油站", "0", "0")],
        [("马庄街道", "甲公司", "2", "2"), ("马庄街道", "癸公司", "0", "1")]]


def test_register_point_layer_without_coordinates(open_page):
    at = open_page("pages/hazard_map.py", as_of="2022-10-31")
    at.toggle(key="map_points").set_value(True).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    assert any("没有单位的经度、纬度" in i.value for i in at.info)
