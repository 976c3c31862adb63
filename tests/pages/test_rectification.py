"""The 隐患整改 page under Streamlit's AppTest, on the golden fixture database.

Expected numbers follow from tests/fixture_ledgers.py; the query tests and tests/test_metrics.py say how each
was worked out (A = 2022-10-31 unless the test says otherwise)."""
import re

import pandas as pd
from city_support import city, city_page  # noqa: F401  (fixtures)
from apptest_support import frame_with, metrics, nth_frame_with, tiles
from fixture_register import CX

from ui.enterprise_links import url

MAZHUANG = "410411001000"


def stats_form(at) -> tuple[list[list[str]], list[list[str]]]:
    """The 统计表 drawn as HTML: its header rows (cell texts, <br> as a line break) and its body rows."""
    block = next(m.value for m in at.markdown if "stats-form" in m.value)
    head, body = block.split("<tbody>")
    cells = lambda row, tag: [c.replace("<br>", "\n") for c in re.findall(rf"<{tag}[^>]*>(.*?)</{tag}>", row)]  # noqa: E731
    return ([cells(r, "th") for r in re.findall(r"<tr>(.*?)</tr>", head)],
            [cells(r, "td") for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body)])


# ---------------------------------------------------------------- 隐患整改


def test_rectification_page(open_page):
    at = open_page("pages/rectification.py", as_of="2022-10-31")
    m = tiles(at)
    assert {k: v for k, (v, _) in m.items()} == {
        "隐患总数": "10", "已整改": "4", "整改率": "40.0%", "逾期未整改": "3", "未定整改时限": "0",
        "临期（7日内到期）": "2", "重大隐患五落实率": "50.0%"}
    grouped = nth_frame_with(at, "临期（截至10月31日）").set_index("乡/街道")
    assert list(grouped.columns) == ["隐患数（本期）", "已整改（本期）", "整改率（%，本期）", "逾期未整改（截至10月31日）",
                                     "未定整改时限（截至10月31日）", "临期（截至10月31日）"]
    assert grouped.loc["九里山街道"].tolist() == [3, 0, 0.0, 2, 0, 1]    # H05-H07; overdue H05 H07; 临期 H06

    weekly = nth_frame_with(at, "本周发现").set_index("周起始日")
    assert weekly.loc[pd.Timestamp("2022-04-25").date(), ["本周发现", "本周整改", "累计发现", "累计整改"]].tolist() == [1, 2, 3, 2]
    assert any("1 处隐患已整改但台账未填整改完成日期" in c.value for c in at.caption)

    major = nth_frame_with(at, "五落实").set_index("隐患编号")
    assert major.loc["H02", ["责任人", "措施", "资金", "时限", "预案", "五落实", "挂牌督办", "销号"]].tolist() == [
        "✓", "✓", "✓", "✓", "✓", "完成", "区级", "已销号"]
    assert major.loc["H05", ["责任人", "措施", "资金", "时限", "预案", "五落实", "挂牌督办"]].tolist() == [
        "✓", "✓", "✓", "✓", "✗", "未完成", "市级"]

    late = nth_frame_with(at, "逾期天数")
    assert late[["类别", "隐患编号"]].values.tolist() == [["逾期", "H03"], ["逾期", "H05"], ["逾期", "H07"],
                                                         ["临期", "H08"], ["临期", "H06"]]
    assert late["逾期天数"].tolist()[:3] == [122, 30, 16] and late["剩余天数"].tolist()[3:] == [0, 5]
    assert late.iloc[0][["乡/街道", "监管部门", "单位名称"]].tolist() == ["马庄街道", "住房和城乡建设局", "企业B"]

    # The paper form's two header rows: the groups over their columns, single columns spanning both rows.
    head, body = stats_form(at)
    assert len(head) == 2
    assert head[0] == ["乡/街道", "排查单\n位数\n（家）", "一般隐患", "重大隐患", "列入治理计划的重大隐患",
                       "累计落实\n治理资金\n（万元）", "其中挂\n牌督办\n（项）"]
    assert head[1][:3] == ["隐患数\n（项）", "已整改\n（项）", "整改率\n（%）"] and len(head[1]) == 12
    block = next(m.value for m in at.markdown if "stats-form" in m.value)
    assert '<th colspan="6" rowspan="1">列入治理计划的重大隐患</th>' in block and "一般隐患·" not in block
    # 合计 as in tests/briefing/test_layout.py (the same numbers, the same cell texts as the Word briefing).
    assert body[-1] == ["合计", "6", "8", "3", "37.5", "2", "1", "50.0", "2", "2", "2", "2", "2", "1", "12.50", "2"]
    assert [b.proto.label for b in at.get("download_button")][-1] == "下载 Excel"   # the Excel download stays
    at.radio(key="rect_stats_by").set_value("按行业领域").run()   # one table at a time (a switch, not tabs)
    assert not at.exception
    head, body = stats_form(at)
    assert head[0][0] == "行业领域"
    assert [r[0] for r in body] == ["危险化学品", "工贸", "建筑施工", "燃气", "商贸", "合计"]


def test_rectification_groupings(open_page):
    at = open_page("pages/rectification.py", as_of="2022-10-31")
    at.radio(key="rect_group").set_value("按行业领域").run()
    assert not at.exception
    assert nth_frame_with(at, "临期（截至10月31日）")["行业领域"].tolist() == ["危险化学品", "工贸", "建筑施工", "燃气", "商贸"]
    at.radio(key="rect_group").set_value("按监管部门").run()
    assert not at.exception
    dept = nth_frame_with(at, "临期（截至10月31日）").set_index("监管部门")
    assert dept.loc["应急管理局", "整改率（%，本期）"] == 66.7 and dept.loc["应急管理局", "隐患数（本期）"] == 6


def test_rectification_narrowed_to_mazhuang(open_page):
    at = open_page("pages/rectification.py", as_of="2022-10-31", units=MAZHUANG)
    m = tiles(at)
    assert (m["隐患总数"][0], m["整改率"][0], m["逾期未整改"][0], m["临期（7日内到期）"][0]) == ("5", "60.0%", "1", "0")
    assert nth_frame_with(at, "逾期天数")["隐患编号"].tolist() == ["H03"]
    _head, body = stats_form(at)
    assert [r[0] for r in body] == ["马庄街道", "合计"] and body[-1][4] == "50.0"


def test_rectification_without_hazards(open_page):
    at = open_page("pages/rectification.py", as_of="2022-10-31", units="410411003000")  # 姚孟街道: no hazards
    assert tiles(at)["隐患总数"][0] == "0"
    assert any("没有隐患记录" in i.value for i in at.info)


def test_rectification_coverage_and_uninspected_list_links(reg_page):
    at = reg_page("rectification", as_of="2022-10-31")
    m = dict(metrics(at))
    assert (m["名录单位数"], m["已排查单位数"], m["排查覆盖率"], m["重点单位覆盖率"]) == ("8", "5", "62.5%", "75.0%（3/4）")
    missing = frame_with(at, "单位名称", "一企一档", "最近排查日期")
    assert list(missing["单位名称"]) == ["癸公司", "丙公司", "某某餐馆"]
    assert list(missing["一企一档"]) == [url("癸公司"), url("丙公司", CX), url("某某餐馆")]
    # the existing lists that name an enterprise link to it too (by name: they carry no code)
    late = frame_with(at, "逾期天数", "单位名称", "一企一档")
    assert all(link == url(name) for name, link in zip(late["单位名称"], late["一企一档"])) and len(late) >= 5
    assert set(frame_with(at, "五落实", "一企一档")["一企一档"]) == {url("丙公司")}
    shares = frame_with(at, "发现方式", "隐患数")
    assert list(shares["隐患数"]) == [4, 5, 0, 1, 0]


def test_without_a_register_the_rectification_page_says_so(run_page, app_db):
    at = run_page("rectification", db=app_db, as_of="2022-10-31")
    assert any("尚未导入生产经营单位名录" in i.value and "涉及隐患的单位数：6家" in i.value for i in at.info)


def test_the_uninspected_list_draws_its_first_rows_and_the_download_keeps_them_all(reg_page, monkeypatch, downloads):
    """A register of 50,000 enterprises leaves tens of thousands uninspected: every one of them went to the browser
    on every run. The page draws the first rows (here 2 of the fixture's 3) and the Excel download holds all 3."""
    import io

    import openpyxl

    from ui import widgets
    monkeypatch.setattr(widgets, "LIST_SHOWN_ROWS", 2)
    at = reg_page("rectification", as_of="2022-10-31")
    assert not at.exception
    missing = frame_with(at, "单位名称", "一企一档", "最近排查日期")
    assert list(missing["单位名称"]) == ["癸公司", "丙公司"]
    assert any("表中显示前 2 条，共 3 条；下载的 Excel 含全部 3 条" in c.value for c in at.caption)
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["dl_reg_missing"]())).active
    names = [c.value for row in sheet.iter_rows() for c in row]
    assert {"癸公司", "丙公司", "某某餐馆"} <= set(names)


def test_the_whole_city_gets_the_statistics_table_by_county(city_page):
    at = city_page("pages/rectification.py", as_of="2022-10-31")
    assert not at.exception, [e.message for e in at.exception]
    switch = next(r for r in at.radio if r.key == "rect_stats_by")
    assert switch.options[0] == "按区县" and switch.value == "按区县"
    form = next(m.value for m in at.markdown if "stats-form" in m.value)
    assert "<td>新华区</td>" in form and "<td>叶县</td>" in form and "<td>合计</td>" in form
    # one county: the form by its 乡/街道, as in its own instance
    at = city_page("pages/rectification.py", as_of="2022-10-31", county="410402")
    switch = next(r for r in at.radio if r.key == "rect_stats_by")
    assert "按区县" not in switch.options
