"""The 挂牌督办与问责 page under AppTest on the golden database plus the loop ledgers of tests/fixture_loop.py
(督导检查's 三个清单 and 问题整改复查 are in test_supervision.py). Numbers as in tests/metric_rules/test_loop.py
(A = 2022-10-31)."""
from apptest_support import frame_with, metrics

JIULISHAN = "410411004000"


def test_listing_and_accountability_page(loop_page):
    at = loop_page("loop_control", as_of="2022-10-31")
    assert metrics(at) == [
        ("已挂牌", "5"), ("已摘牌", "2"), ("挂牌未摘牌", "3"), ("超期未摘牌", "2"),          # test_listing_summary_and_levels
        ("合计", "4"), ("约谈", "2"), ("通报批评", "1"), ("警示函", "1"), ("问责", "0"), ("提级调查", "0")]
    listing = frame_with(at, "挂牌级别", "超期未摘牌")
    # 挂牌未摘牌 only (the default): H05 (企业C, 市级, overdue), H08 (省级, overdue) first, then H06
    assert list(zip(listing["挂牌级别"], listing["超期未摘牌"])) == [("市级", "是"), ("省级", "是"), ("区级", "否")]
    units = frame_with(at, "乡/街道", "挂牌未摘牌", "超期未摘牌", "其中省级").set_index("乡/街道")
    assert tuple(units.loc["九里山街道", ["已挂牌", "挂牌未摘牌", "超期未摘牌"]]) == (2, 2, 1)
    records = frame_with(at, "发文字号", "事由")
    assert list(records["发文字号"]) == ["湛安委办〔2022〕21号", "湛安委办〔2022〕18号", "湛安委〔2022〕15号",
                                     "湛安委办〔2022〕12号"]


def test_listing_page_all_rows_and_one_unit(loop_page):
    at = loop_page("loop_control", as_of="2022-10-31", units=JIULISHAN)
    # 九里山: H05 and H06 are its open items (H05 through its hazard); 约谈 of 九里山 and 警示函 of 企业C
    assert metrics(at)[:4] == [("已挂牌", "2"), ("已摘牌", "0"), ("挂牌未摘牌", "2"), ("超期未摘牌", "1")]
    assert metrics(at)[4:6] == [("合计", "2"), ("约谈", "1")]
    at.toggle(key="loop_only_open").set_value(False).run()
    assert not at.exception
    assert len(frame_with(at, "挂牌级别", "超期未摘牌")) == 2


def test_loop_page_without_loop_ledgers(loop_page, app_db):
    at = loop_page("loop_control", db=app_db, as_of="2022-10-31")
    assert ("挂牌未摘牌", "0") in metrics(at)
    assert any("没有挂牌督办登记" in i.value for i in at.info)
    assert any("没有约谈、通报或问责记录" in i.value for i in at.info)


def test_notice_download_on_the_page(loop_page):
    at = loop_page("loop_control", as_of="2022-10-31")
    to = at.selectbox(key="loop_notice_to")
    assert to.options[:2] == ["马庄街道", "南环路街道"] and "应急管理局" in to.options   # 乡/街道, then departments
    labels = [b.proto.label for b in at.get("download_button")]
    assert "下载督办通知单（Word）" in labels
    at.radio(key="loop_notice_kind").set_value("催报通知").run()
    assert not at.exception
    assert "下载催报通知（Word）" in [b.proto.label for b in at.get("download_button")]


def test_a_target_named_like_markdown_is_shown_as_written(loop_page, loop_app_db):
    from workbook_support import write_xlsx

    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import get_store
    path = write_xlsx(loop_app_db.parent / "问题.xlsx", {"问题清单": [
        ["问题编号", "督导组", "督导对象", "所属乡(街道)", "发现日期", "问题描述"],
        ["PX", "一组", "**企业**_[点我](http://example.com)", "马庄", "2022-06-01", "x"]]})
    (r,) = import_file(get_store(loop_app_db), path)
    assert r.accepted == 1
    at = loop_page("loop_control", as_of="2022-10-31")   # any page run first: the store is the app's
    at = loop_page("supervision", as_of="2022-10-31")
    labels = [e.label for e in at.expander]
    assert r"\*\*企业\*\*\_\[点我\](http\://example.com)（企业）：发现问题1个，已整改0个，未整改1个" in labels


def test_tables_naming_an_enterprise_link_its_file(loop_page):
    from ui.enterprise_links import url
    at = loop_page("loop_control", as_of="2022-10-31")
    # The open 挂牌 items H05, H08 and H06 name 企业C有限公司, 企业E and 企业C有限公司: each row links its enterprise.
    listing = frame_with(at, "挂牌级别", "一企一档")
    assert list(listing["一企一档"]) == [url("企业C有限公司"), url("企业E"), url("企业C有限公司")]
    # 约谈/通报/问责: only the object that is an enterprise (企业C, 警示函) gets a link, never a 乡/街道 or a 部门.
    for columns in (("次数", "一企一档"), ("发文字号", "一企一档")):
        objects = frame_with(at, *columns)
        linked = {o: link for o, link in zip(objects["对象"], objects["一企一档"]) if isinstance(link, str)}
        assert linked == {"企业C有限公司": url("企业C有限公司")} and len(objects) == 4
