"""The 总览, 隐患地图 and 隐患整改 pages under Streamlit's AppTest, on the golden fixture database.

Expected numbers follow from tests/fixture_ledgers.py; tests/test_queries_a.py and test_metrics_golden.py
say how each was worked out (A = 2022-10-31 unless the test says otherwise)."""
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from ui.navigation import PAGES

REPO = Path(__file__).resolve().parents[1]
MY_PAGES = {"pages/overview.py": "总览", "pages/hazard_map.py": "隐患地图", "pages/rectification.py": "隐患整改"}
MAZHUANG = "410411001000"


@pytest.fixture()
def app(fixture_db, monkeypatch):
    """An AppTest factory for one page with URL query parameters (read by the frame on the first run)."""
    monkeypatch.setenv("SAFETYBOARD_DB", str(fixture_db))

    def make(page: str, **query) -> AppTest:
        # AppTest resolves a relative path against the calling file, so pass it absolute.
        at = AppTest.from_file(str(REPO / page), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        return at
    return make


# The 本期 / 截至A suffix every tile carries (checked whole in test_overview_tiles_say_flow_or_stock).
_KIND_SUFFIX = re.compile(r"（(本期|截至\d+月\d+日)）$")


def metrics(at: AppTest) -> dict[str, tuple[str, str | None]]:
    """Tiles by their label without the 本期 / 截至A suffix."""
    return {_KIND_SUFFIX.sub("", m.label): (m.value, m.delta) for m in at.metric}


def frame_with(at: AppTest, column: str, index: int = 0) -> pd.DataFrame:
    """The index-th table shown that has the given (Chinese) column."""
    return [d.value for d in at.dataframe if column in d.value.columns][index]


# ---------------------------------------------------------------- navigation


def test_my_page_files_are_the_registered_pages():
    registered = {e.file: e.title for e in PAGES}
    for file, title in MY_PAGES.items():
        assert (REPO / file).is_file()
        assert registered[file] == title


@pytest.mark.parametrize("file", sorted(MY_PAGES))
def test_page_title_matches_navigation(app, file):
    at = app(file, as_of="2022-10-31")
    assert at.title[0].value == MY_PAGES[file]


# ---------------------------------------------------------------- 总览


def test_overview_numbers(app):
    m = metrics(app("pages/overview.py", as_of="2022-10-31"))
    # Flows over [S, A] (see test_metrics_golden.py); stocks at A: open H03-H08 = 6, overdue H03 H05 H07, no 时限 0,
    # 临期 H08 H06; 月报 2 of 76 on time = 2.6%.
    assert {k: v for k, (v, _) in m.items()} == {
        "涉及隐患的单位数": "6", "隐患总数": "10", "重大隐患": "2", "整改率": "40.0%", "重大隐患整改率": "50.0%",
        "挂牌督办": "2", "未整改": "6", "逾期未整改": "3", "未定整改时限": "0", "临期（7日内到期）": "2",
        "回头看覆盖率": "40.0%", "自查报告及时率": "4.6%", "月报及时率": "2.6%",
        "执法案件·案件台账": "4", "罚款·万元": "5.30", "停产停业整顿·案件台账": "1", "关闭取缔·案件台账": "1",
        "举报属实率": "66.7%",
        # no register: 涉及隐患的单位数, not 排查单位数 (issue 15); no accident ledger: zeros
        "生产安全事故": "0起", "事故死亡": "0人", "事故受伤": "0人", "直接经济损失·万元": "0.00", "瞒报谎报": "0起"}
    # Since 10-24: C5 (filed 10-31) is the only new case; 报送及时率 went from 3/58 (two nodes due x 29
    # reporters; on time: 马庄, 九里山, 应急管理局 for 04-25) = 0.0517 to 4/87 = 0.046: -0.6 points.
    # No hazard was found, rectified or fell overdue between 10-24 and 10-31 (H08's deadline is A itself).
    assert m["执法案件·案件台账"][1] == "+1"
    assert m["自查报告及时率"][1] == "-0.6 个百分点"
    assert m["隐患总数"][1] == "0" and m["逾期未整改"][1] == "0" and m["整改率"][1] == "0"


def test_overview_tiles_say_flow_or_stock(app):
    at = app("pages/overview.py", as_of="2022-10-31")
    labels = [m.label for m in at.metric]
    stocks = {"未整改", "逾期未整改", "未定整改时限", "临期（7日内到期）", "回头看覆盖率", "自查报告及时率", "月报及时率"}
    assert all(label.endswith("（本期）") or label.endswith("（截至10月31日）") for label in labels), labels
    assert {label.removesuffix("（截至10月31日）") for label in labels if label.endswith("（截至10月31日）")} == stocks
    # the figures that also exist as 月报 totals name their source
    assert "关闭取缔·案件台账（本期）" in labels and "停产停业整顿·案件台账（本期）" in labels


def test_overview_paragraph_and_top_overdue_units(app):
    at = app("pages/overview.py", as_of="2022-10-31")
    assert any(md.value == (
        "截至10月31日，全区共排查生产经营单位6家，排查隐患10处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率40.0%；"
        "重大隐患已整改1处，整改率50.0%。逾期未整改3处，临期（7日内到期）2处，须督促责任单位抓紧整改。"
        "立案查处执法案件4起，罚款5.3万元，责令停产停业整顿1起，关闭取缔1起。") for md in at.markdown)
    top = frame_with(at, "逾期未整改（处）")
    assert top[["乡/街道", "逾期未整改（处）", "最长逾期（天）"]].values.tolist() == [["九里山街道", 2, 30], ["马庄街道", 1, 122]]


def test_overview_narrowed_to_mazhuang(app):
    at = app("pages/overview.py", as_of="2022-10-31", units=MAZHUANG)
    m = metrics(at)
    # 马庄: H01-H04, H12; rectified H01 H02 H12; overdue H03; cases C1, C2; tips T1 属实, T2 不属实.
    assert (m["隐患总数"][0], m["整改率"][0], m["逾期未整改"][0], m["执法案件·案件台账"][0], m["举报属实率"][0]) == (
        "5", "60.0%", "1", "2", "50.0%")
    # District-wide tiles do not follow the unit filter.
    assert m["回头看覆盖率"][0] == "40.0%" and m["自查报告及时率"][0] == "4.6%"
    assert any(md.value.startswith("截至10月31日，马庄街道共排查生产经营单位2家，排查隐患5处") for md in at.markdown)
    top = frame_with(at, "逾期未整改（处）")
    assert top["乡/街道"].tolist() == ["马庄街道"]


def test_overview_recheck_phase(app):
    at = app("pages/overview.py", as_of="2022-10-31", phase="回头看")
    m = metrics(at)
    # Found 10-01..10-31: H08 and H11 (rectified, no date): 2 hazards, 50.0%. 逾期 is a stock at A whatever the
    # phase: H03 (found 06-01, due 07-01), H05 (07-01, due 10-01), H07 (09-01, due 10-15, done only 11-10) = 3.
    assert (m["隐患总数"][0], m["整改率"][0], m["逾期未整改"][0]) == ("2", "50.0%", "3")
    top = frame_with(at, "逾期未整改（处）")
    assert top[["乡/街道", "逾期未整改（处）"]].values.tolist() == [["九里山街道", 2], ["马庄街道", 1]]


def test_overview_default_as_of_is_the_latest_data_date(app):
    at = app("pages/overview.py")
    assert "数据截至 2022年11月10日" in at.caption[0].value
    # Found 04-01..11-10: H01-H09, H11, H12 = 11; rectified by 11-10: H01 H02 H07 H11 H12 = 5 -> 45.5%.
    m = metrics(at)
    assert (m["隐患总数"][0], m["整改率"][0]) == ("11", "45.5%")


def test_overview_with_a_unit_without_hazards(app):
    at = app("pages/overview.py", as_of="2022-10-31", units="410411003000")  # 姚孟街道
    m = metrics(at)
    assert (m["隐患总数"][0], m["整改率"][0]) == ("0", "—")
    assert any(md.value == "截至10月31日，姚孟街道暂无隐患排查记录。暂无立案查处的执法案件。" for md in at.markdown)


# ---------------------------------------------------------------- 隐患地图


def test_hazard_map_and_drill_down(app):
    at = app("pages/hazard_map.py", as_of="2022-10-31")
    assert len(at.get("plotly_chart")) == 1
    # The wheel scrolls the page, not the map (zoom by the map's buttons).
    assert json.loads(at.get("plotly_chart")[0].proto.config)["scrollZoom"] is False
    assert any(c.value.startswith("示意图") for c in at.caption)
    by_unit = frame_with(at, "隐患数（本期）").set_index("乡/街道")
    assert by_unit.loc["马庄街道", "隐患数（本期）"] == 5 and by_unit.loc["九里山街道", "逾期未整改（截至10月31日）"] == 2
    assert by_unit.loc["曹镇乡", "整改率（%，本期）"] == 50.0 and pd.isna(by_unit.loc["姚孟街道", "整改率（%，本期）"])
    # stocks at A: 马庄 open H03 H04; no hazard without a 时限
    assert by_unit.loc["马庄街道", ["未整改（截至10月31日）", "未定整改时限（截至10月31日）"]].tolist() == [2, 0]
    # No unit chosen yet: a hint, no list.
    assert any("查看该乡/街道的隐患清单" in i.value for i in at.info)

    at.selectbox(key="map_unit").set_value("马庄街道").run()
    assert not at.exception
    hazards = frame_with(at, "隐患编号")
    assert list(hazards.columns) == ["隐患编号", "单位名称", "隐患描述", "等级", "发现日期", "整改时限", "延期至", "状态",
                                     "整改完成日期", "是否逾期", "未定整改时限", "挂牌督办"]
    assert hazards["隐患编号"].tolist() == ["H03", "H02", "H01", "H12", "H04"]
    assert hazards.set_index("隐患编号")["是否逾期"].to_dict() == {"H03": "是", "H02": "否", "H01": "否", "H12": "否", "H04": "否"}
    assert hazards.set_index("隐患编号").loc["H02", "挂牌督办"] == "区级"


@pytest.mark.parametrize("metric", ["隐患数（本期）", "重大隐患（本期）", "整改率（本期）", "逾期未整改（截至10月31日）",
                                    "未定整改时限（截至10月31日）", "挂牌督办（本期）"])
def test_hazard_map_every_metric(app, metric):
    at = app("pages/hazard_map.py", as_of="2022-10-31")
    at.radio(key="map_metric").set_value(metric).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1


def test_hazard_map_narrowed(app):
    at = app("pages/hazard_map.py", as_of="2022-10-31", units=MAZHUANG)
    by_unit = frame_with(at, "隐患数（本期）")
    assert by_unit[["乡/街道", "隐患数（本期）"]].values.tolist() == [["马庄街道", 5]]
    assert at.selectbox(key="map_unit").options == ["马庄街道"]


def test_hazard_map_bad_boundary_file_shows_the_message(app, tmp_path, monkeypatch):
    from safetyboard import config
    (tmp_path / "boundaries").mkdir()
    (tmp_path / "boundaries" / "official.geojson").write_text("这不是边界文件", encoding="utf-8")
    monkeypatch.setattr(config, "DATA_DIR", tmp_path)
    at = app("pages/hazard_map.py", as_of="2022-10-31")
    assert len(at.error) == 1 and "official.geojson" in at.error[0].value
    assert len(at.get("plotly_chart")) == 0
    assert frame_with(at, "隐患数（本期）")["隐患数（本期）"].sum() == 10       # the data table still works


# ---------------------------------------------------------------- 隐患整改


def test_rectification_page(app):
    at = app("pages/rectification.py", as_of="2022-10-31")
    m = metrics(at)
    assert {k: v for k, (v, _) in m.items()} == {
        "隐患总数": "10", "已整改": "4", "整改率": "40.0%", "逾期未整改": "3", "未定整改时限": "0",
        "临期（7日内到期）": "2", "重大隐患五落实率": "50.0%"}
    grouped = frame_with(at, "临期（截至10月31日）").set_index("乡/街道")
    assert list(grouped.columns) == ["隐患数（本期）", "已整改（本期）", "整改率（%，本期）", "逾期未整改（截至10月31日）",
                                     "未定整改时限（截至10月31日）", "临期（截至10月31日）"]
    assert grouped.loc["九里山街道"].tolist() == [3, 0, 0.0, 2, 0, 1]    # H05-H07; overdue H05 H07; 临期 H06

    weekly = frame_with(at, "本周发现").set_index("周起始日")
    assert weekly.loc[pd.Timestamp("2022-04-25").date(), ["本周发现", "本周整改", "累计发现", "累计整改"]].tolist() == [1, 2, 3, 2]
    assert any("1 处隐患已整改但台账未填整改完成日期" in c.value for c in at.caption)

    major = frame_with(at, "五落实").set_index("隐患编号")
    assert major.loc["H02", ["责任人", "措施", "资金", "时限", "预案", "五落实", "挂牌督办", "销号"]].tolist() == [
        "✓", "✓", "✓", "✓", "✓", "完成", "区级", "已销号"]
    assert major.loc["H05", ["责任人", "措施", "资金", "时限", "预案", "五落实", "挂牌督办"]].tolist() == [
        "✓", "✓", "✓", "✓", "✗", "未完成", "市级"]

    late = frame_with(at, "逾期天数")
    assert late[["类别", "隐患编号"]].values.tolist() == [["逾期", "H03"], ["逾期", "H05"], ["逾期", "H07"],
                                                         ["临期", "H08"], ["临期", "H06"]]
    assert late["逾期天数"].tolist()[:3] == [122, 30, 16] and late["剩余天数"].tolist()[3:] == [0, 5]
    assert late.iloc[0][["乡/街道", "监管部门", "单位名称"]].tolist() == ["马庄街道", "住房和城乡建设局", "企业B"]

    by_unit = frame_with(at, "排查单位数（家）", 0)
    total = by_unit.iloc[-1]
    assert by_unit.columns[0] == "乡/街道" and total["乡/街道"] == "合计"
    assert total[["排查单位数（家）", "一般隐患·隐患数（项）", "一般隐患·已整改（项）", "一般隐患·整改率（%）",
                  "重大隐患·隐患数（项）", "重大隐患·已整改销号（项）", "重大隐患·整改率（%）", "列入治理计划的重大隐患（项）",
                  "其中·落实安全措施应急预案", "累计落实治理资金（万元）", "其中挂牌督办（重大）（项）"]].tolist() == [
        6, 8, 3, 37.5, 2, 1, 50.0, 2, 1, 12.5, 2]
    at.radio(key="rect_stats_by").set_value("按行业领域").run()   # one table at a time (a switch, not tabs)
    assert not at.exception
    by_industry = frame_with(at, "排查单位数（家）", 0)
    assert by_industry["行业领域"].tolist() == ["危险化学品", "工贸", "建筑施工", "燃气", "商贸", "合计"]


def test_rectification_groupings(app):
    at = app("pages/rectification.py", as_of="2022-10-31")
    at.radio(key="rect_group").set_value("按行业领域").run()
    assert not at.exception
    assert frame_with(at, "临期（截至10月31日）")["行业领域"].tolist() == ["危险化学品", "工贸", "建筑施工", "燃气", "商贸"]
    at.radio(key="rect_group").set_value("按监管部门").run()
    assert not at.exception
    dept = frame_with(at, "临期（截至10月31日）").set_index("监管部门")
    assert dept.loc["应急管理局", "整改率（%，本期）"] == 66.7 and dept.loc["应急管理局", "隐患数（本期）"] == 6


def test_rectification_narrowed_to_mazhuang(app):
    at = app("pages/rectification.py", as_of="2022-10-31", units=MAZHUANG)
    m = metrics(at)
    assert (m["隐患总数"][0], m["整改率"][0], m["逾期未整改"][0], m["临期（7日内到期）"][0]) == ("5", "60.0%", "1", "0")
    assert frame_with(at, "逾期天数")["隐患编号"].tolist() == ["H03"]
    stats = frame_with(at, "排查单位数（家）", 0)
    assert stats["乡/街道"].tolist() == ["马庄街道", "合计"]
    assert stats.iloc[-1]["一般隐患·整改率（%）"] == 50.0


def test_rectification_without_hazards(app):
    at = app("pages/rectification.py", as_of="2022-10-31", units="410411003000")  # 姚孟街道: no hazards
    assert metrics(at)["隐患总数"][0] == "0"
    assert any("没有隐患记录" in i.value for i in at.info)
