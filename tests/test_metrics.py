"""Every metric of the stats contract against the golden fixture (tests/fixture_ledgers.py).

The expected numbers were worked out by hand from the fixture rows; the comments say how."""
import datetime as dt

import pytest

from safetyboard.metrics import Filters, stats
from safetyboard.store import Store

A = dt.date(2022, 10, 31)
S = dt.date(2022, 4, 1)


@pytest.fixture(scope="module")
def doc(fixture_db):
    store = Store(fixture_db)
    yield stats(store, Filters(S, A))
    store.close()


def test_hazard_totals(doc):
    h = doc["hazards"]
    # In [S, A]: H01-H08, H11, H12 (H09 found after A, H10 before S; H90-H92 rejected).
    assert h["total"] == 10
    assert h["major"] == 2                      # H02, H05
    assert h["rectified"] == 4                  # H01, H02 (销号), H11 (no date), H12 (已完成); H07 done after A
    assert h["rectification_rate"] == 0.4
    assert h["major_rectified"] == 1            # H02
    assert h["major_rectification_rate"] == 0.5
    assert h["overdue"] == 3                    # H03 (07-01), H05 (10-01), H07 (10-15, done only 11-10); H04 extended
    assert h["listed"] == 2                     # H02 区级, H05 市级
    assert h["five_complete_rate"] == 0.5       # H02 all five; H05 has no 应急预案
    assert h["closed"] == 1                     # H02 销号
    assert h["planned"] == 2                    # H02 (加装除尘), H05 (安装报警): 重大 with 整改措施
    # Stocks at A (found <= A, open at A, whatever S): H03 H04 H05 H06 H07 H08 = 6 (H10 was rectified 04-01).
    assert h["open"] == 6
    assert h["upcoming"] == 2                   # H08 (due on A), H06 (11-05 = A+5); H04 in force 11-30
    assert h["no_deadline"] == 0                # every open fixture hazard has a 整改时限
    assert (h["major_open"], h["major_no_deadline"]) == (1, 0)   # H05
    assert list(h) == ["total", "major", "rectified", "rectification_rate", "major_rectified",
                       "major_rectification_rate", "closed", "listed", "planned", "five_complete_rate",
                       "open", "overdue", "upcoming", "no_deadline", "major_open", "major_no_deadline"]


def test_by_unit_lists_all_ten_in_code_order(doc):
    rows = {r["unit"]: r for r in doc["by_unit"]}
    assert [r["code"] for r in doc["by_unit"]] == sorted(r["code"] for r in doc["by_unit"])
    assert len(rows) == 10
    # 马庄 open at A: H03, H04 = 2, overdue H03; 九里山 open H05 H06 H07 = 3, overdue H05 H07.
    assert rows["马庄街道"] == {"code": "410411001000", "unit": "马庄街道", "total": 5, "major": 1, "rectified": 3,
                            "rectification_rate": 0.6, "open": 2, "overdue": 1}
    assert rows["九里山街道"] | {} == {"code": "410411004000", "unit": "九里山街道", "total": 3, "major": 1,
                                  "rectified": 0, "rectification_rate": 0.0, "open": 3, "overdue": 2}
    assert rows["曹镇乡"]["total"] == 2 and rows["曹镇乡"]["rectification_rate"] == 0.5
    # A unit with no hazards has an empty rate, never 0%.
    assert rows["姚孟街道"]["total"] == 0 and rows["姚孟街道"]["rectification_rate"] is None


def test_enforcement(doc):
    e = doc["enforcement"]
    assert e["cases"] == 4                      # C4 filed 11-02, after A
    assert e["fines_yuan"] == 53000.0           # 5万元 + 3,000 + 0
    assert e["by_measure"] == {"罚款": 2, "责令改正": 1, "停产停业整顿": 1, "关闭取缔": 1, "警告": 1, "移送司法": 1}


def test_supervision_coverage(doc):
    got = {g["group"]: (g["assigned"], g["covered"], g["coverage"]) for g in doc["supervision"]}
    assert list(got) == ["第一督导组", "第二督导组", "第三督导组", "第四督导组", "第五督导组", "第六督导组"]
    assert got["第一督导组"] == (2, 1, 0.5)     # 马庄 re-checked 10-10; 应急局 only 督导检查; 九里山 not its target
    assert got["第二督导组"] == (2, 1, 0.5)     # 企业C re-checked 10-20 (name with a trailing space); 九里山 on 09-28
    assert got["第三督导组"] == (1, 0, 0.0)     # 曹镇 re-checked 11-02, outside the window and after A
    assert got["第四督导组"] == (0, 0, None)


def test_submissions(doc):
    # 自查报告: 3 nodes due by A x (10 units + 19 departments) = 87 expected; 4/87 = 0.04598 -> 0.046.
    # 月报: months 6-10 configured; due (the 3rd of the next month) by A: June-September = 4 x 19 departments = 76;
    # on time 应急管理局 and 住建局 for September (10-02, 10-03; due 10-03) = 2; 2/76 = 0.026316 -> 0.0263.
    # 总结: due 12-01, after A: nothing expected yet, rate empty.
    assert doc["submissions"] == {"expected": 87, "on_time": 4, "late": 1, "missing": 82, "on_time_rate": 0.046,
                                  "monthly": {"expected": 76, "on_time": 2, "late": 0, "missing": 74,
                                              "on_time_rate": 0.0263},
                                  "summary": {"expected": 0, "on_time": 0, "late": 0, "missing": 0,
                                              "on_time_rate": None}}


def test_tips(doc):
    # T4 received after A. 属实 T1, T5; 不属实 T2; T3 核查中 is in neither.
    assert doc["tips"] == {"total": 4, "verified_true": 2, "verified_false": 1, "verified_rate": 0.6667,
                           "rewards_yuan": 700.0}


def test_unit_filter_narrows_every_hazard_number(fixture_db):
    store = Store(fixture_db)
    try:
        doc = stats(store, Filters(S, A, units=("410411001000",)))
    finally:
        store.close()
    assert doc["hazards"]["total"] == 5 and doc["hazards"]["overdue"] == 1
    assert [r["unit"] for r in doc["by_unit"]] == ["马庄街道"]
    assert doc["enforcement"]["cases"] == 2      # C1, C2 in 马庄
    assert doc["tips"]["total"] == 2             # T1, T2
