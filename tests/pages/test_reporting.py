"""The 打非治违与报送 page under Streamlit's AppTest, on the fixture database (tests/fixture_ledgers.py). The default 统计截止日 is the latest date in the data,
2022-11-10; the expected numbers are worked out by hand from the fixture rows (see the comments and the query
tests)."""
from apptest_support import frame_with, metrics, texts

MAZHUANG = "410411001000"


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
