"""Golden tests of the 执法检查 query files against the fixture ledgers (tests/fixture_ledgers.py).

Every expected number was worked out by hand from the fixture rows; the comments say how.
S = 2022-04-01 throughout; A = 2022-10-31 unless a test says otherwise (tests/query_support.py)."""
import datetime as dt

from query_support import MAZHUANG
from safetyboard.config import load_campaign

D = dt.date


def typical_params() -> dict:
    low, high = load_campaign().typical_cases_per_quarter
    return {"typical_min": low, "typical_max": high}


def test_cases_by_month(q):
    # Filed in [S, A]: C1 05-10 (5万元), C2 06-01 (no fine), C3 07-01 (3,000), C5 10-31 (0); C4 11-02 is after A.
    rows = {f"{r['month']:%Y-%m}": (r["cases"], r["fines_yuan"]) for r in q("enforcement_by_month")}
    assert rows == {"2022-04": (0, 0), "2022-05": (1, 50000.0), "2022-06": (1, 0), "2022-07": (1, 3000.0),
                    "2022-08": (0, 0), "2022-09": (0, 0), "2022-10": (1, 0.0)}
    assert list(rows) == sorted(rows)


def test_cases_by_month_in_one_unit(q):
    # 马庄: C1 (05) and C2 (06) only.
    rows = {f"{r['month']:%Y-%m}": r["cases"] for r in q("enforcement_by_month", units=[MAZHUANG])}
    assert {m: n for m, n in rows.items() if n} == {"2022-05": 1, "2022-06": 1}
    assert len(rows) == 7                                   # April..October, zeros included


def test_cases_by_category(q):
    # C1 违法类别 6, C2 7, C3 行业专项 (0), C5 8; the ten categories in order, then 行业专项; no 未分类 row.
    rows = q("enforcement_by_category")
    assert [r["no"] for r in rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0]
    assert {r["no"]: r["cases"] for r in rows if r["cases"]} == {6: 1, 7: 1, 8: 1, 0: 1}
    assert rows[-1]["category"] == "行业专项"
    assert rows[0]["category"].startswith("无证")


def test_cases_by_department_ranked_by_cases_per_enterprise(q):
    # Cases in [S, A]: 应急 C1, 住建 C2, 市场监管 C3, 消防 C5 (one each).
    # Enterprises supervised (hazards found in [S, A] = H01-H08, H11, H12, by 监管部门):
    #   应急 H01/H02/H12 企业A, H05/H06 企业C, H11 企业F -> 3; 住建 H03/H04 企业B -> 1; 市场监管 H07 企业D -> 1;
    #   城管 H08 企业E -> 1 (H09 found after A); 消防 none.
    # Cases per enterprise: 住建 1/1, 市场监管 1/1, 应急 1/3, 城管 0/1, 消防 none (no rank, last).
    rows = q("enforcement_by_department")
    got = [(r["rank"], r["department"], r["cases"], r["enterprises"], r["cases_per_enterprise"]) for r in rows]
    assert got == [(1, "住房和城乡建设局", 1, 1, 1.0), (1, "市场监督管理局", 1, 1, 1.0), (3, "应急管理局", 1, 3, 1 / 3),
                   (4, "城市管理局", 0, 1, 0.0), (None, "消防救援大队", 1, 0, None)]
    by = {r["department"]: r for r in rows}
    assert by["应急管理局"]["fines_yuan"] == 50000.0 and by["市场监督管理局"]["fines_yuan"] == 3000.0
    assert (by["住房和城乡建设局"]["suspended"], by["市场监督管理局"]["closed"], by["消防救援大队"]["transferred"]) == (1, 1, 1)
    assert by["应急管理局"]["typical"] == 1 and by["消防救援大队"]["typical"] == 1   # C1, C5


def test_cases_by_department_in_one_unit(q):
    # 马庄: cases C1 (应急), C2 (住建); hazards H01-H04, H12: 应急 企业A, 住建 企业B -> 1 each.
    rows = q("enforcement_by_department", units=[MAZHUANG])
    assert [(r["rank"], r["department"], r["cases"], r["enterprises"]) for r in rows] == [
        (1, "应急管理局", 1, 1), (1, "住房和城乡建设局", 1, 1)]


def test_typical_cases_per_quarter(q):
    # Departments: the 17 of data/departments.csv marked 负有安全监管职责 (all but 发改委 and 人社局), whether or
    # not they have cases: one with none shows 0 and 不足 (short).
    # Quarters from Q2 (S) to Q4 (A); Q2 and Q3 ended by A, Q4 runs to 12-31.
    # Typical cases: C1 应急 05-10 (Q2), C5 消防 10-31 (Q4). Requirement 1..3 per quarter.
    rows = q("typical_cases_by_quarter", **typical_params())
    got = {(r["department"], r["quarter"]): (r["typical"], r["state"]) for r in rows}
    assert len(got) == 17 * 3
    assert {k: v for k, v in got.items() if k[0] in ("应急管理局", "消防救援大队", "交通运输局")} == {
        ("应急管理局", 2): (1, "ok"), ("应急管理局", 3): (0, "short"), ("应急管理局", 4): (0, "pending"),
        ("消防救援大队", 2): (0, "short"), ("消防救援大队", 3): (0, "short"), ("消防救援大队", 4): (1, "ok"),
        # no case and no hazard at all: still expected, still short
        ("交通运输局", 2): (0, "short"), ("交通运输局", 3): (0, "short"), ("交通运输局", 4): (0, "pending"),
    }
    departments = list(dict.fromkeys(r["department"] for r in rows))
    assert "发展和改革委员会" not in departments and "人力资源和社会保障局" not in departments
    # in the reference order of departments.csv
    assert departments[:5] == ["应急管理局", "住房和城乡建设局", "交通运输局", "消防救援大队", "市场监督管理局"]


def test_typical_cases_use_the_required_range_and_the_department_filter(q):
    # With at most 0 allowed, 应急's one Q2 case is 'over'; after Q4 ends (A = 12-31) its empty Q4 is short.
    rows = q("typical_cases_by_quarter", as_of=D(2022, 12, 31), departments=["应急管理局"], typical_min=1, typical_max=0)
    assert [(r["quarter"], r["typical"], r["state"]) for r in rows] == [(2, 1, "over"), (3, 0, "short"), (4, 0, "short")]
