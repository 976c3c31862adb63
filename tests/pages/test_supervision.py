"""The 督导检查 page under Streamlit's AppTest, on the fixture database (tests/fixture_ledgers.py). The default 统计截止日 is the latest date in the data,
2022-11-10; the expected numbers are worked out by hand from the fixture rows (see the comments and the query
tests)."""
from apptest_support import frame_with, metrics, show_tab, texts

MAZHUANG = "410411001000"


# ---------------------------------------------------------------- 督导检查

def test_supervision_default(run_page):
    at = run_page("supervision")
    # Coverage does not change between 10-31 and 11-10 (曹镇's 11-02 回头看 is outside the window).
    assert metrics(at)[:6] == [("第一督导组", "50.0%"), ("第二督导组", "50.0%"), ("第三督导组", "0.0%"),
                               ("第四督导组", "—"), ("第五督导组", "—"), ("第六督导组", "—")]
    grid = frame_with(at, "督导对象", "对象类型", "第一督导组").set_index("督导对象")
    assert grid.loc["马庄街道", "第一督导组"] == "✓ 2022-10-10"
    assert grid.loc["应急管理局", "第一督导组"] == "✗ 未回头看"
    assert grid.loc["九里山街道", "第二督导组"] == "✗ 未回头看"
    assert grid.loc["企业C有限公司", "第二督导组"] == "✓ 2022-10-20"
    assert grid.loc["曹镇乡", "第三督导组"] == "✗ 未回头看"
    assert grid.loc["马庄街道", "第二督导组"] == ""                          # not its target
    # Detail of the first group: 2 targets, both visited, 回头看 problems 3 + 1 found, 2 + 1 rectified.
    assert metrics(at)[6:] == [("分工对象", "2"), ("已督导对象", "2"), ("回头看覆盖率", "50.0%"),
                               ("回头看发现问题", "4"), ("回头看已整改问题", "3")]


def test_supervision_narrowed(run_page):
    # A = 10-05: 第一's 马庄 re-check (10-10) has not happened; it has visited 应急 (06-01, 督导检查) of its two
    # targets, and re-checked only 九里山 (10-05, not its target: 1 found, 1 rectified).
    at = run_page("supervision", as_of="2022-10-05", units=MAZHUANG)
    assert metrics(at)[:3] == [("第一督导组", "0.0%"), ("第二督导组", "0.0%"), ("第三督导组", "0.0%")]
    assert metrics(at)[6:] == [("分工对象", "2"), ("已督导对象", "1"), ("回头看覆盖率", "0.0%"),
                               ("回头看发现问题", "1"), ("回头看已整改问题", "1")]
    assert "不适用" in texts(at.caption)                                     # the unit filter does not apply here


def test_supervision_group_detail(run_page):
    at = run_page("supervision", as_of="2022-10-31")
    at.selectbox(key="sup_group").set_value("第二督导组").run()
    assert not at.exception
    # 第二: 九里山 (09-28 回头看, before the window) and 企业C (10-20 回头看, 4 found, 1 rectified).
    assert metrics(at)[6:] == [("分工对象", "2"), ("已督导对象", "2"), ("回头看覆盖率", "50.0%"),
                               ("回头看发现问题", "4"), ("回头看已整改问题", "1")]
    visits = frame_with(at, "督导日期", "督导对象", "计入回头看")
    assert list(visits["督导对象"]) == ["企业C有限公司", "九里山街道"]
    assert list(visits["计入回头看"]) == ["是", "否"]


def test_supervision_three_lists_and_problem_recheck(loop_page):
    at = loop_page("supervision", as_of="2022-10-31")
    targets = frame_with(at, "督导对象", "回头看", "问题整改复查").set_index("督导对象")
    # 马庄 回头看 10-10: P01 P02 P03 before it; P01 rectified by then; P02 复查 未通过 and still open
    assert targets.loc["马庄街道", "问题整改复查"] == "前期问题3个：已整改1个，复查未通过1个，仍未整改1个"
    assert targets.loc["应急管理局", "问题整改复查"] == "—"                     # not reached
    labels = [e.label for e in at.expander]
    assert "马庄街道（乡/街道）：发现问题4个，已整改2个，未整改2个，其中逾期1个" in labels
    problems = frame_with(at, "问题编号", "问题描述", "复查结果")
    assert list(problems["问题编号"]) == ["P02", "P04", "P01", "P03"]           # 马庄's expander, open first
    # The other two lists are not drawn until their tab is chosen (a browser draws hidden tabs too).
    fix_columns = ("督导对象", "已整改", "逾期未整改", "复查未通过")
    assert not [d for d in at.dataframe if set(fix_columns) <= set(d.value.columns)]
    fix = frame_with(show_tab(at, "sup_lists", "整改清单"), *fix_columns).set_index("督导对象")
    assert tuple(fix.loc["马庄街道", ["发现问题", "已整改", "未整改", "逾期未整改"]]) == (4, 2, 2, 1)
    assert not [d for d in at.dataframe if "问题编号" in d.value.columns]
    who = frame_with(show_tab(at, "sup_lists", "责任清单"), "督导对象", "整改责任单位", "最近整改时限").set_index("督导对象")
    assert who.loc["应急管理局", "整改责任单位"] == "应急管理局"


def test_supervision_three_lists_of_another_group(loop_page):
    at = loop_page("supervision", as_of="2022-10-31")
    at.selectbox(key="sup_group").set_value("第二督导组").run()
    assert not at.exception
    targets = frame_with(at, "督导对象", "回头看", "问题整改复查").set_index("督导对象")
    assert targets.loc["企业C有限公司", "问题整改复查"] == "前期问题2个：已整改1个，复查未通过1个，仍未整改1个"
    fix = frame_with(show_tab(at, "sup_lists", "整改清单"), "督导对象", "已整改", "逾期未整改", "复查未通过")
    assert list(fix["督导对象"]) == ["九里山街道", "企业C有限公司", "企业D"]


def test_enterprise_targets_link_their_file(run_page):
    from ui.enterprise_links import url
    at = run_page("supervision", as_of="2022-10-31")
    # 第一督导组's targets are 马庄街道 and 应急管理局: no enterprise, so no link.
    assert frame_with(at, "回头看", "一企一档")["一企一档"].isna().all()
    at.selectbox(key="sup_group").set_value("第二督导组").run()
    assert not at.exception
    # 第二督导组: 九里山街道 and 企业C有限公司 (tests/fixture_loop.py); only the enterprise links its 一企一档.
    targets = frame_with(at, "回头看", "一企一档").set_index("督导对象")["一企一档"]
    assert targets["企业C有限公司"] == url("企业C有限公司") and targets.drop("企业C有限公司").isna().all()
    visits = frame_with(at, "督导类型", "一企一档")
    assert {o for o, link in zip(visits["督导对象"], visits["一企一档"]) if isinstance(link, str)} == {"企业C有限公司"}


def test_problem_lists_link_the_enterprise_they_name(loop_page):
    from ui.enterprise_links import url
    at = loop_page("supervision", as_of="2022-10-31")
    at.selectbox(key="sup_group").set_value("第二督导组").run()
    # 第二督导组's problems (tests/fixture_loop.py) are on 企业C有限公司 (P06, P07) and 企业D (P11) among others.
    for tab, columns in (("整改清单", ("已复查", "一企一档")), ("责任清单", ("整改责任单位", "最近整改时限", "一企一档"))):
        lists = frame_with(show_tab(at, "sup_lists", tab), *columns)
        linked = {o: link for o, link in zip(lists["督导对象"], lists["一企一档"]) if isinstance(link, str)}
        assert linked == {"企业C有限公司": url("企业C有限公司"), "企业D": url("企业D")}, linked
