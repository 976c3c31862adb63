"""Golden tests of the 举报奖励 query files against the fixture ledgers (tests/fixture_ledgers.py).

Every expected number was worked out by hand from the fixture rows; the comments say how.
S = 2022-04-01 throughout; A = 2022-10-31 unless a test says otherwise (tests/query_support.py)."""
import datetime as dt

from query_support import MAZHUANG

D = dt.date


def test_tips_by_channel(q):
    # In [S, A]: T1 12350 属实, T2 12345政务热线 不属实, T3 来信 核查中, T5 举报电话 属实 (T4 网站 is after A).
    rows = {r["channel"]: (r["tips"], r["verified_true"], r["verified_false"], r["pending"]) for r in q("tips_by_channel")}
    assert rows == {"12350": (1, 1, 0, 0), "12345政务热线": (1, 0, 1, 0), "来信": (1, 0, 0, 1), "举报电话": (1, 1, 0, 0)}
    # 马庄: T1, T2.
    assert {r["channel"] for r in q("tips_by_channel", units=[MAZHUANG])} == {"12350", "12345政务热线"}


def test_tips_by_month(q):
    # T1 05, T2 06, T3 07, T5 08; months April..October x the four channels.
    rows = q("tips_by_month")
    assert len(rows) == 7 * 4
    got = {(f"{r['month']:%Y-%m}", r["channel"]): r["tips"] for r in rows if r["tips"]}
    assert got == {("2022-05", "12350"): 1, ("2022-06", "12345政务热线"): 1, ("2022-07", "来信"): 1,
                   ("2022-08", "举报电话"): 1}


def test_tips_handling(q):
    # Closed by A: T1 05-01 -> 05-20 = 19 days, T2 06-01 -> 06-10 = 9, T5 08-01 -> 08-15 = 14; T3 open.
    # Median 14, mean (19 + 9 + 14) / 3 = 14. Rewarded: T1 500, T5 200.
    assert q("tips_handling")[0] == {"tips": 4, "closed": 3, "open": 1, "median_days": 14.0, "mean_days": 14.0,
                                     "max_days": 19, "rewarded": 2, "true_unrewarded": 0}
    # As of 11-10: T4 (属实, 1000 元, no 办结日期) joins: open 2, rewarded 3.
    later = q("tips_handling", as_of=D(2022, 11, 10))[0]
    assert (later["tips"], later["closed"], later["open"], later["rewarded"]) == (5, 3, 2, 3)
    # 马庄 (T1, T2): 19 and 9 days -> median 14, mean 14, max 19.
    mz = q("tips_handling", units=[MAZHUANG])[0]
    assert (mz["tips"], mz["closed"], mz["median_days"], mz["mean_days"], mz["max_days"]) == (2, 2, 14.0, 14.0, 19)


def test_days_to_close_distribution(q):
    # 9 and 14 days in 8-15, 19 days in 16-30.
    assert [(r["bucket"], r["tips"]) for r in q("tips_by_days_to_close")] == [
        ("7天以内", 0), ("8-15天", 2), ("16-30天", 1), ("31-60天", 0), ("60天以上", 0)]
    # Before T1 closed (A = 05-15) nothing is closed.
    assert sum(r["tips"] for r in q("tips_by_days_to_close", as_of=D(2022, 5, 15))) == 0
