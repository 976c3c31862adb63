"""The 执法检查 / 督导检查 / 打非治违与报送 / 举报奖励 pages under Streamlit's AppTest, on the fixture
database (tests/fixture_ledgers.py). The default 统计截止日 is the latest date in the data, 2022-11-10;
the expected numbers are worked out by hand from the fixture rows (see the comments and test_queries_b.py)."""
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[1]
MAZHUANG = "410411001000"


@pytest.fixture()
def run_page(fixture_db, monkeypatch):
    def run(name: str, db: Path | None = None, **query_params) -> AppTest:
        monkeypatch.setenv("SAFETYBOARD_DB", str(db or fixture_db))
        at = AppTest.from_file(str(REPO / "pages" / f"{name}.py"), default_timeout=60)
        for key, value in query_params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at
    return run


_KIND_SUFFIX = re.compile(r"（(本期|截至\d+月\d+日)）$")


def metrics(at: AppTest) -> list[tuple[str, str]]:
    """Tiles by label without the 本期 / 截至A suffix (test_reporting_labels checks it whole)."""
    return [(_KIND_SUFFIX.sub("", m.label), m.value) for m in at.metric]


def metric(at: AppTest, label: str) -> str:
    values = [v for k, v in metrics(at) if k == label]
    assert len(values) == 1, (label, metrics(at))
    return values[0]


def frame_with(at: AppTest, *columns: str):
    """The first dataframe on the page that has all these columns."""
    for df in at.dataframe:
        if set(columns) <= set(df.value.columns):
            return df.value
    raise AssertionError(f"no table with columns {columns}")


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)


# ---------------------------------------------------------------- 执法检查

def test_enforcement_default(run_page):
    at = run_page("enforcement")
    # A = 11-10: all five cases; fines 5万 + 3,000 + 1,000 + 0 = 54,000 元.
    assert at.title[0].value == "执法检查"
    assert metrics(at)[:7] == [("执法案件数·案件台账", "5"), ("罚款总额·案件台账", "5.40 万元"), ("停产停业整顿·案件台账", "1"), ("关闭取缔·案件台账", "1"),
                               ("移送司法·案件台账", "1"), ("典型案例·案件台账", "2"), ("曝光·案件台账", "1")]
    months = frame_with(at, "月份", "案件数")
    assert dict(zip(months["月份"], months["案件数"]))["2022-11"] == 1          # C4, 11-02
    assert "监管企业数" in texts(at.caption)                                     # the ranking says what it divides by


def test_enforcement_narrowed(run_page):
    # 马庄, A = 10-31: C1 (罚款、责令改正, 5万元, 典型) and C2 (停产整顿).
    at = run_page("enforcement", units=MAZHUANG, as_of="2022-10-31")
    assert metrics(at)[:7] == [("执法案件数·案件台账", "2"), ("罚款总额·案件台账", "5.00 万元"), ("停产停业整顿·案件台账", "1"), ("关闭取缔·案件台账", "0"),
                               ("移送司法·案件台账", "0"), ("典型案例·案件台账", "1"), ("曝光·案件台账", "0")]
    rank = frame_with(at, "排名", "部门", "监管企业数")
    assert list(rank["部门"]) == ["应急管理局", "住房和城乡建设局"]
    grid = frame_with(at, "部门", "季度", "典型案例数")
    short = grid[(grid["部门"] == "住房和城乡建设局") & (grid["季度"] == "2022年第2季度")]
    assert list(short["情况"]) == ["不足"]


def test_enforcement_recheck_phase(run_page):
    # 回头看 = 10-01..; A = 10-31: only C5 (消防, 警告/移送司法, 0 元, 典型).
    at = run_page("enforcement", phase="回头看", as_of="2022-10-31")
    assert metrics(at)[:7] == [("执法案件数·案件台账", "1"), ("罚款总额·案件台账", "0.00 万元"), ("停产停业整顿·案件台账", "0"), ("关闭取缔·案件台账", "0"),
                               ("移送司法·案件台账", "1"), ("典型案例·案件台账", "1"), ("曝光·案件台账", "0")]


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


# ---------------------------------------------------------------- 打非治违与报送

def test_reporting_default(run_page):
    at = run_page("reporting")
    m = metrics(at)
    # A = 11-10: 应急 Sep + Oct, 住建 Sep: 20+25+10, 3+4+1, 1, 1, 1.5+2+0.5 万, 1, 1.
    assert m[:7] == [("检查单位数·月报汇总", "55"), ("发现非法违法行为数·月报汇总", "8"), ("停产整顿数·月报汇总", "1"), ("关闭取缔数·月报汇总", "1"),
                     ("罚款金额·月报汇总", "4.00 万元"), ("移送司法数·月报汇总", "1"), ("曝光数·月报汇总", "1")]
    # 19 departments x 5 due months (June..October, campaign.toml) = 95; on time 2, late 1 (应急 Oct 11-05 > 11-03),
    # 2/95 = 2.1%.
    assert m[7:12] == [("应报月报", "95"), ("月报按时", "2"), ("月报迟报", "1"), ("月报未报", "92"), ("月报及时率", "2.1%")]
    # 自查报告 as of 11-10: 应急's 10-25 report (11-01) is late now: on time 4, late 2, missing 81 of 87.
    assert m[12:] == [("应报自查报告", "87"), ("自查报告按时", "4"), ("自查报告迟报", "2"), ("自查报告未报", "81"),
                      ("自查报告及时率", "4.6%"), ("总结按时报送", "未到期")]
    assert "成员单位" in texts(at.caption)                                   # who is expected to report


def test_reporting_narrowed(run_page):
    at = run_page("reporting", as_of="2022-10-31", units=MAZHUANG)
    m = metrics(at)
    assert m[:7] == [("检查单位数·月报汇总", "30"), ("发现非法违法行为数·月报汇总", "4"), ("停产整顿数·月报汇总", "1"), ("关闭取缔数·月报汇总", "0"),
                     ("罚款金额·月报汇总", "2.00 万元"), ("移送司法数·月报汇总", "0"), ("曝光数·月报汇总", "1")]
    # 19 departments x 4 months due by 10-31 (June..September) = 76; 2 on time -> 2/76 = 2.6%.
    assert m[7:12] == [("应报月报", "76"), ("月报按时", "2"), ("月报迟报", "0"), ("月报未报", "74"), ("月报及时率", "2.6%")]
    assert m[12:] == [("应报自查报告", "87"), ("自查报告按时", "4"), ("自查报告迟报", "1"), ("自查报告未报", "82"),
                      ("自查报告及时率", "4.6%"), ("总结按时报送", "未到期")]
    labels = [x.label for x in at.metric]
    assert labels[0] == "检查单位数·月报汇总（本期）" and labels[11] == "月报及时率（截至10月31日）"
    assert labels[16] == "自查报告及时率（截至10月31日）"
    subs = frame_with(at, "报送单位", "报送节点", "情况")
    assert list(subs.loc[subs["报送单位"] == "马庄街道", "情况"]) == ["按时", "迟报", "按时", "未到期"]   # 总结 due 12-01
    assert list(subs.loc[subs["报送单位"] == "应急管理局", "情况"]) == ["按时", "未报", "未报", "未到期"]
    behind = frame_with(at, "部门", "月份", "报送期限", "情况")
    assert "2022-10" not in set(behind["月份"])                             # October is not due by 10-31


def test_reporting_one_department(run_page):
    # 应急管理局 only, A = 10-31: its September report; 6 months due, 1 on time.
    at = run_page("reporting", as_of="2022-10-31", departments="应急管理局")
    m = metrics(at)
    assert m[0] == ("检查单位数·月报汇总", "20") and m[4] == ("罚款金额·月报汇总", "1.50 万元")
    assert m[7:12] == [("应报月报", "4"), ("月报按时", "1"), ("月报迟报", "0"), ("月报未报", "3"), ("月报及时率", "25.0%")]   # June-Sept


# ---------------------------------------------------------------- 举报奖励

def test_tips_default(run_page):
    at = run_page("tips")
    # A = 11-10: T1-T5; 属实 T1 T4 T5, 不属实 T2 -> 3/4; rewards 500 + 1000 + 200; closed T1 T2 T5 (19, 9, 14 days).
    assert metrics(at) == [("举报件数", "5"), ("举报属实率", "75.0%"), ("奖励金额", "1,700 元"), ("获奖励举报", "3"),
                           ("已办结", "3"), ("未办结", "2"), ("办结用时（中位数）", "14 天"), ("办结用时（平均）", "14 天")]
    assert "不保存举报人信息" in texts(at.info)
    page_text = "\n".join(str(df.value.to_dict()) for df in at.dataframe)
    for personal in ("王某某", "13800000001", "410411199001011234"):        # nothing of a reporter anywhere
        assert personal not in page_text


def test_tips_narrowed(run_page):
    # 马庄, A = 10-31: T1 (12350, 属实, 500 元, 19 days), T2 (12345, 不属实, 9 days).
    at = run_page("tips", units=MAZHUANG, as_of="2022-10-31")
    assert metrics(at) == [("举报件数", "2"), ("举报属实率", "50.0%"), ("奖励金额", "500 元"), ("获奖励举报", "1"),
                           ("已办结", "2"), ("未办结", "0"), ("办结用时（中位数）", "14 天"), ("办结用时（平均）", "14 天")]
    channels = frame_with(at, "举报渠道", "举报件数", "属实")
    assert dict(zip(channels["举报渠道"], channels["举报件数"])) == {"12350": 1, "12345政务热线": 1}


# ---------------------------------------------------------------- an empty database never shows a traceback

@pytest.mark.parametrize("name", ["enforcement", "supervision", "reporting", "tips"])
def test_pages_on_an_empty_database(run_page, tmp_path, name):
    from safetyboard.store import Store
    db = tmp_path / "empty.duckdb"
    Store(db).close()            # exists, so the frame does not build the demo database
    at = run_page(name, db=db)
    assert at.info                # friendly notes instead of charts
