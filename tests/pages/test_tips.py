"""The 举报奖励 page under Streamlit's AppTest, on the fixture database (tests/fixture_ledgers.py). The default 统计截止日 is the latest date in the data,
2022-11-10; the expected numbers are worked out by hand from the fixture rows (see the comments and the query
tests)."""
from apptest_support import frame_with, metrics, texts

MAZHUANG = "410411001000"


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
