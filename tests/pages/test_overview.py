"""The 总览 page under Streamlit's AppTest, on the golden fixture database.

Expected numbers follow from tests/fixture_ledgers.py; the query tests and tests/test_metrics.py say how each
was worked out (A = 2022-10-31 unless the test says otherwise)."""
from apptest_support import frame_with, metrics, nth_frame_with, tiles

MAZHUANG = "410411001000"


# ---------------------------------------------------------------- 总览


def test_overview_numbers(open_page):
    m = tiles(open_page("pages/overview.py", as_of="2022-10-31"))
    # Flows over [S, A] (see tests/test_metrics.py); stocks at A: open H03-H08 = 6, overdue H03 H05 H07, no 时限 0,
    # 临期 H08 H06; 月报 2 of 76 on time = 2.6%.
    assert {k: v for k, (v, _) in m.items()} == {
        "涉及隐患的单位数": "6", "隐患总数": "10", "重大隐患": "2", "整改率": "40.0%", "重大隐患整改率": "50.0%",
        "挂牌督办": "2", "未整改": "6", "逾期未整改": "3", "未定整改时限": "0", "临期（7日内到期）": "2",
        "回头看覆盖率": "40.0%", "自查报告及时率": "4.6%", "月报及时率": "2.6%",
        "执法案件·案件台账": "4", "罚款·万元": "5.30", "停产停业整顿·案件台账": "1", "关闭取缔·案件台账": "1",
        "举报属实率": "66.7%",
        # no register: 涉及隐患的单位数, not 排查单位数; no accident ledger: zeros
        "生产安全事故": "0起", "事故死亡": "0人", "事故受伤": "0人", "直接经济损失·万元": "0.00", "瞒报谎报": "0起"}
    # Since 10-24: C5 (filed 10-31) is the only new case; 报送及时率 went from 3/58 (two nodes due x 29
    # reporters; on time: 马庄, 九里山, 应急管理局 for 04-25) = 0.0517 to 4/87 = 0.046: -0.6 points.
    # No hazard was found, rectified or fell overdue between 10-24 and 10-31 (H08's deadline is A itself).
    assert m["执法案件·案件台账"][1] == "+1"
    assert m["自查报告及时率"][1] == "-0.6 个百分点"
    assert m["隐患总数"][1] == "0" and m["逾期未整改"][1] == "0" and m["整改率"][1] == "0"


def test_overview_tiles_say_flow_or_stock(open_page):
    at = open_page("pages/overview.py", as_of="2022-10-31")
    labels = [m.label for m in at.metric]
    stocks = {"未整改", "逾期未整改", "未定整改时限", "临期（7日内到期）", "回头看覆盖率", "自查报告及时率", "月报及时率"}
    assert all(label.endswith("（本期）") or label.endswith("（截至10月31日）") for label in labels), labels
    assert {label.removesuffix("（截至10月31日）") for label in labels if label.endswith("（截至10月31日）")} == stocks
    # the figures that also exist as 月报 totals name their source
    assert "关闭取缔·案件台账（本期）" in labels and "停产停业整顿·案件台账（本期）" in labels


def test_overview_paragraph_and_top_overdue_units(open_page):
    at = open_page("pages/overview.py", as_of="2022-10-31")
    assert any(md.value == (
        "截至10月31日，全区共排查生产经营单位6家，排查隐患10处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率40.0%；"
        "重大隐患已整改1处，整改率50.0%。逾期未整改3处，临期（7日内到期）2处，须督促责任单位抓紧整改。"
        "立案查处执法案件4起，罚款5.3万元，责令停产停业整顿1起，关闭取缔1起。") for md in at.markdown)
    top = nth_frame_with(at, "逾期未整改（处）")
    assert top[["乡/街道", "逾期未整改（处）", "最长逾期（天）"]].values.tolist() == [["九里山街道", 2, 30], ["马庄街道", 1, 122]]


def test_overview_narrowed_to_mazhuang(open_page):
    at = open_page("pages/overview.py", as_of="2022-10-31", units=MAZHUANG)
    m = tiles(at)
    # 马庄: H01-H04, H12; rectified H01 H02 H12; overdue H03; cases C1, C2; tips T1 属实, T2 不属实.
    assert (m["隐患总数"][0], m["整改率"][0], m["逾期未整改"][0], m["执法案件·案件台账"][0], m["举报属实率"][0]) == (
        "5", "60.0%", "1", "2", "50.0%")
    # District-wide tiles do not follow the unit filter.
    assert m["回头看覆盖率"][0] == "40.0%" and m["自查报告及时率"][0] == "4.6%"
    assert any(md.value.startswith("截至10月31日，马庄街道共排查生产经营单位2家，排查隐患5处") for md in at.markdown)
    top = nth_frame_with(at, "逾期未整改（处）")
    assert top["乡/街道"].tolist() == ["马庄街道"]


def test_overview_recheck_phase(open_page):
    at = open_page("pages/overview.py", as_of="2022-10-31", phase="回头看")
    m = tiles(at)
    # Found 10-01..10-31: H08 and H11 (rectified, no date): 2 hazards, 50.0%. 逾期 is a stock at A whatever the
    # phase: H03 (found 06-01, due 07-01), H05 (07-01, due 10-01), H07 (09-01, due 10-15, done only 11-10) = 3.
    assert (m["隐患总数"][0], m["整改率"][0], m["逾期未整改"][0]) == ("2", "50.0%", "3")
    top = nth_frame_with(at, "逾期未整改（处）")
    assert top[["乡/街道", "逾期未整改（处）"]].values.tolist() == [["九里山街道", 2], ["马庄街道", 1]]


def test_overview_default_as_of_is_the_latest_data_date(open_page):
    at = open_page("pages/overview.py")
    assert "数据截至 2022年11月10日" in at.caption[0].value
    # Found 04-01..11-10: H01-H09, H11, H12 = 11; rectified by 11-10: H01 H02 H07 H11 H12 = 5 -> 45.5%.
    m = tiles(at)
    assert (m["隐患总数"][0], m["整改率"][0]) == ("11", "45.5%")


def test_overview_with_a_unit_without_hazards(open_page):
    at = open_page("pages/overview.py", as_of="2022-10-31", units="410411003000")  # 姚孟街道
    m = tiles(at)
    assert (m["隐患总数"][0], m["整改率"][0]) == ("0", "—")
    assert any(md.value == "截至10月31日，姚孟街道暂无隐患排查记录。暂无立案查处的执法案件。" for md in at.markdown)


def test_overview_counts_inspected_registered_units_and_accidents(reg_page):
    m = dict(metrics(reg_page("overview", as_of="2022-10-31")))
    # tests/metric_rules/test_register.py: 5 of 8 registered inspected; accidents SG01 SG02 against the 2021 one
    assert m["排查单位数"] == "5/8" and "涉及隐患的单位数" not in m
    assert (m["生产安全事故"], m["事故死亡"], m["事故受伤"], m["直接经济损失·万元"], m["瞒报谎报"]) == (
        "2起", "1人", "5人", "155.50", "1起")


def test_the_accident_list_draws_its_first_rows_and_the_download_keeps_them_all(reg_page, monkeypatch, downloads):
    # A city's accident list ran to a thousand rows, sent on every 总览 run: the first rows are drawn, all downloaded.
    import io

    import openpyxl

    from ui import enterprise_links, widgets
    monkeypatch.setattr(widgets, "LIST_SHOWN_ROWS", 1)
    at = reg_page("overview", as_of="2022-10-31")
    # 本期 to 10-31: SG01 (甲公司, 05-03) and SG02 (丙公司, 08-20); SG03 comes after A, SG05 a year before.
    listed = frame_with(at, "事故编号", "一企一档")
    assert len(listed) == 1 and listed["一企一档"].iloc[0] == enterprise_links.url(listed["单位名称"].iloc[0])
    assert any("表中显示前 1 条，共 2 条；下载的 Excel 含全部 2 条" in c.value for c in at.caption)
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["dl_accident_list"]())).active
    cells = {c.value for row in sheet.iter_rows() for c in row}
    assert {"SG01", "SG02", "甲公司", "丙公司", enterprise_links.url("甲公司")} <= cells and "SG03" not in cells


def test_overview_seven_most_important_tiles_come_first(open_page):
    # A phone shows the tiles two per row in page order: the seven a leader asks for first lead the page.
    at = open_page("pages/overview.py", as_of="2022-10-31")
    first = [m.label.split("（")[0] for m in at.metric][:7]
    assert first == ["隐患总数", "重大隐患", "整改率", "逾期未整改", "重大隐患整改率", "未整改", "挂牌督办"]
