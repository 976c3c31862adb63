"""The 举报奖励 page under Streamlit's AppTest, on the fixture database (tests/fixture_ledgers.py). The default 统计截止日 is the latest date in the data,
2022-11-10; the expected numbers are worked out by hand from the fixture rows (see the comments and the query
tests)."""
from apptest_support import frame_with, metrics, show_chart_data, show_tab, texts

MAZHUANG = "410411001000"


# ---------------------------------------------------------------- 举报奖励

def test_tips_default(run_page):
    at = run_page("tips")
    # A = 11-10: T1-T5; 属实 T1 T4 T5, 不属实 T2 -> 3/4; rewards 500 + 1000 + 200; closed T1 T2 T5 (19, 9, 14 days).
    assert metrics(at) == [("举报件数", "5"), ("举报属实率", "75.0%"), ("奖励金额", "1,700 元"), ("获奖励举报", "3"),
                           ("已办结", "3"), ("未办结", "2"), ("办结用时（中位数）", "14 天"), ("办结用时（平均）", "14 天")]
    assert "不保存举报人信息" in texts(at.info)
    page_text = "\n".join(str(df.value.to_dict()) for df in at.dataframe)
    page_text += "\n".join(str(df.value.to_dict()) for df in show_chart_data(at).dataframe)   # the charts' tables
    for personal in ("王某某", "13800000001", "410411199001011234"):        # nothing of a reporter anywhere
        assert personal not in page_text


def test_tips_narrowed(run_page):
    # 马庄, A = 10-31: T1 (12350, 属实, 500 元, 19 days), T2 (12345, 不属实, 9 days).
    at = run_page("tips", units=MAZHUANG, as_of="2022-10-31")
    assert metrics(at) == [("举报件数", "2"), ("举报属实率", "50.0%"), ("奖励金额", "500 元"), ("获奖励举报", "1"),
                           ("已办结", "2"), ("未办结", "0"), ("办结用时（中位数）", "14 天"), ("办结用时（平均）", "14 天")]
    channels = frame_with(at, "举报渠道", "举报件数", "属实")
    assert dict(zip(channels["举报渠道"], channels["举报件数"])) == {"12350": 1, "12345政务热线": 1}


def test_a_charts_table_is_drawn_only_once_its_tab_is_chosen(run_page):
    # A browser draws a hidden tab's grid too: a chart's 数据 tab is drawn on a rerun when chosen (ui.widgets.chart).
    at = run_page("tips", as_of="2022-10-31")
    charts = len(at.get("plotly_chart"))
    assert charts == 3
    assert not [d for d in at.dataframe if "举报渠道" in d.value.columns]
    show_tab(at, "tips_channel", "数据")
    channels = [d.value for d in at.dataframe if "举报渠道" in d.value.columns]
    assert len(channels) == 1 and len(at.get("plotly_chart")) == charts - 1
    # A = 10-31: T1 12350, T2 12345 (the 政务热线), T3 来信, T5 举报电话; T4 comes 11-05.
    assert dict(zip(channels[0]["举报渠道"], channels[0]["举报件数"])) == {
        "12350": 1, "12345政务热线": 1, "来信": 1, "举报电话": 1}
    show_tab(at, "tips_channel", "图表")
    assert len(at.get("plotly_chart")) == charts and not [d for d in at.dataframe if "举报渠道" in d.value.columns]


def test_tip_list_links_the_accused_enterprise_for_the_admin_only(run_page, app_db):
    from safetyboard import access, auth
    from ui.enterprise_links import url
    at = run_page("tips", db=app_db, as_of="2022-10-31")   # the demo administrator
    tips = frame_with(at, "受理编号", "被举报单位", "一企一档")
    # A = 10-31: T1 (05-01), T2 (06-01), T3 (07-01), T5 (08-01); T4 comes 11-05. Newest first; no reporter column.
    assert list(tips["受理编号"]) == ["T5", "T3", "T2", "T1"]
    assert dict(zip(tips["受理编号"], tips["一企一档"])) == {
        "T5": url("企业E"), "T3": url("企业C有限公司"), "T2": url("企业B"), "T1": url("企业A")}
    assert not {"举报人", "联系电话", "身份证号"} & set(tips.columns)
    # Anyone else gets no list: the query is the 安委办's (scope: admin).
    assert access.may_run(auth.Principal("a", "admin"), "tips_list")
    assert not access.may_run(auth.Principal("l", "leader"), "tips_list")


def test_tip_list_draws_its_first_rows_and_the_download_keeps_them_all(run_page, app_db, monkeypatch, downloads):
    import io

    import openpyxl

    from ui import widgets
    from ui.enterprise_links import url
    monkeypatch.setattr(widgets, "LIST_SHOWN_ROWS", 2)
    at = run_page("tips", db=app_db, as_of="2022-10-31")   # the demo administrator
    tips = frame_with(at, "受理编号", "被举报单位", "一企一档")
    assert list(tips["受理编号"]) == ["T5", "T3"]                      # newest first: T5 08-01, T3 07-01
    assert any("表中显示前 2 条，共 4 条；下载的 Excel 含全部 4 条" in c.value for c in at.caption)
    sheet = openpyxl.load_workbook(io.BytesIO(downloads["dl_tips_list"]())).active
    cells = {c.value for row in sheet.iter_rows() for c in row}
    assert {"T1", "T2", "T3", "T5", url("企业A")} <= cells and "T4" not in cells
    assert not {"王某某", "13800000001"} & cells                      # no reporter in the file either
