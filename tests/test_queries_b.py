"""Golden tests of the query files of the 执法检查 / 督导检查 / 打非治违与报送 / 举报奖励 pages
(the queries listed in MINE) against the fixture ledgers (tests/fixture_ledgers.py).

Every expected number was worked out by hand from the fixture rows; the comments say how.
S = 2022-04-01 throughout; A = 2022-10-31 unless a test says otherwise."""
import datetime as dt
import re

import pytest

from safetyboard import queries
from safetyboard.config import load_campaign
from safetyboard.metrics import Filters
from safetyboard.store import Store

S = dt.date(2022, 4, 1)
A = dt.date(2022, 10, 31)
MAZHUANG = "410411001000"
D = dt.date


@pytest.fixture(scope="module")
def q(fixture_db):
    store = Store(fixture_db)

    def run(name: str, as_of: dt.date = A, since: dt.date = S, units=(), departments=(), **extra) -> list[dict]:
        params = Filters(since, as_of, units=tuple(units), departments=tuple(departments)).params() | extra
        return queries.run_rows(store, name, params)

    yield run
    store.close()


def typical_params() -> dict:
    low, high = load_campaign().typical_cases_per_quarter
    return {"typical_min": low, "typical_max": high}


# ---------------------------------------------------------------- the files themselves

MINE = ["enforcement_by_category", "enforcement_by_department", "enforcement_by_month", "typical_cases_by_quarter", "monthly_report_figures",
        "monthly_report_submissions", "monthly_report_compliance", "monthly_report_totals", "campaign_phases", "submission_grid",
        "supervision_visits", "supervision_groups", "recheck_grid", "tips_by_channel", "tips_by_month", "tips_by_days_to_close",
        "tips_handling"]
# The other files the unit scope of issue 5 changed (tests/test_unit_scope.py): the same header rules.
MINE += ["recheck_coverage_total", "submission_compliance", "supervision_coverage", "filter_options", "latest_data_date",
         "ledger_counts"]


@pytest.mark.parametrize("name", MINE)
def test_header_declares_name_grain_and_the_params_used(name):
    query = queries.load(name)
    lines = query.header.splitlines()
    assert lines[0].startswith(f"-- {name}: ")
    assert any(line.startswith("-- grain: ") for line in lines)
    declared = next(line for line in lines if line.startswith("-- params: "))
    assert set(re.findall(r"\$(\w+)", declared)) == set(query.params), declared
    assert "{" not in query.sql and "%s" not in query.sql   # bound parameters only, no formatting


# ---------------------------------------------------------------- 执法检查

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


# ---------------------------------------------------------------- 督导检查

def test_groups_side_by_side(q):
    # 第一: assigned 马庄, 应急; visits in [S, A]: 马庄 10-10 回头看, 应急 06-01 督导检查, 九里山 10-05 回头看
    #       (not its target) -> visited 2, visits 3; 回头看 in 10-01..10-31: 马庄 (3 found, 2 fixed), 九里山 (1, 1).
    # 第二: assigned 九里山, 企业C; visits 九里山 09-28 回头看 (before the window), 企业C 10-20 回头看 (4, 1).
    # 第三: assigned 曹镇; its only visit is 11-02, after A.
    rows = q("supervision_groups")
    got = {r["group"]: (r["assigned"], r["visited"], r["visits"], r["recheck_visits"], r["problems_found"],
                        r["problems_rectified"], r["rectified_rate"]) for r in rows}
    assert list(got) == ["第一督导组", "第二督导组", "第三督导组", "第四督导组", "第五督导组", "第六督导组"]
    assert got["第一督导组"] == (2, 2, 3, 2, 4, 3, 0.75)
    assert got["第二督导组"] == (2, 2, 2, 1, 4, 1, 0.25)
    assert got["第三督导组"] == (1, 0, 0, 0, 0, 0, None)
    assert got["第四督导组"] == (0, 0, 0, 0, 0, 0, None)


def test_groups_as_of_mid_october(q):
    # A = 10-15: 第二's 企业C re-check (10-20) has not happened; 第一's 马庄 (10-10) and 九里山 (10-05) have.
    got = {r["group"]: (r["visited"], r["visits"], r["recheck_visits"], r["problems_found"]) for r in q("supervision_groups", as_of=D(2022, 10, 15))}
    assert got["第一督导组"] == (2, 3, 2, 4)
    assert got["第二督导组"] == (1, 1, 0, 0)


def test_recheck_grid(q):
    # Reached = a 回头看 by the group in 10-01..10-31, not after A (supervision_coverage's rule).
    rows = q("recheck_grid")
    got = [(r["group"], r["target"], r["reached"], r["first_recheck"]) for r in rows]
    assert got == [
        ("第一督导组", "马庄街道", True, D(2022, 10, 10)),
        ("第一督导组", "应急管理局", False, None),          # only a 督导检查 on 06-01
        ("第二督导组", "九里山街道", False, None),          # its 回头看 was 09-28, before the window
        ("第二督导组", "企业C有限公司", True, D(2022, 10, 20)),
        ("第三督导组", "曹镇乡", False, None),              # 11-02: after the window and after A
    ]
    by = {(r["group"], r["target"]): r for r in rows}
    assert by[("第一督导组", "应急管理局")]["last_visit"] == D(2022, 6, 1)
    assert by[("第二督导组", "九里山街道")]["last_visit"] == D(2022, 9, 28)
    assert by[("第三督导组", "曹镇乡")]["last_visit"] is None


def test_recheck_grid_agrees_with_supervision_coverage(q):
    grid = q("recheck_grid")
    for g in q("supervision_coverage"):
        mine = [r for r in grid if r["group"] == g["group"]]
        assert (len(mine), sum(r["reached"] for r in mine)) == (g["assigned"], g["covered"])


def test_group_visits(q):
    # 第一督导组 in [S, A], newest first: 马庄 10-10 (assigned, counts), 九里山 10-05 (not assigned, in window),
    # 应急 06-01 督导检查 (assigned, does not count for 回头看).
    rows = q("supervision_visits", group="第一督导组")
    assert [(r["visit_date"], r["target"], r["assigned"], r["counts_for_recheck"]) for r in rows] == [
        (D(2022, 10, 10), "马庄街道", True, True), (D(2022, 10, 5), "九里山街道", False, True),
        (D(2022, 6, 1), "应急管理局", True, False)]
    assert (rows[0]["problems_found"], rows[0]["problems_rectified"]) == (3, 2)
    # 第三督导组's only visit (11-02) is after A.
    assert q("supervision_visits", group="第三督导组") == []


# ---------------------------------------------------------------- 打非治违与报送

def test_monthly_figures(q):
    # As of 10-31 the October report of 应急 (sent 11-05) does not exist yet; September: 应急 20/3/1/0/1.5万/0/1,
    # 住建 10/1/0/0/0.5万/0/0.
    rows = q("monthly_report_figures")
    assert [(r["reporter"], f"{r['month']:%Y-%m}", r["units_checked"], r["violations_found"], r["suspended"],
             r["closed"], r["fine_yuan"], r["transferred"], r["exposed_count"]) for r in rows] == [
        ("应急管理局", "2022-09", 20, 3, 1, 0, 15000.0, 0, 1),
        ("住房和城乡建设局", "2022-09", 10, 1, 0, 0, 5000.0, 0, 0)]
    later = q("monthly_report_figures", as_of=D(2022, 11, 10))
    assert [(r["reporter"], f"{r['month']:%Y-%m}") for r in later][-1] == ("应急管理局", "2022-10")
    assert len(later) == 3


def test_monthly_totals(q):
    # A = 10-31: the two September reports. A = 11-10: plus 应急 October 25/4/0/1/2万/1/0.
    assert q("monthly_report_totals")[0] == {"reports": 2, "units_checked": 30, "violations_found": 4, "suspended": 1,
                                          "closed": 0, "fine_yuan": 20000.0, "transferred": 0, "exposed_count": 1}
    assert q("monthly_report_totals", as_of=D(2022, 11, 10))[0] == {
        "reports": 3, "units_checked": 55, "violations_found": 8, "suspended": 1, "closed": 1, "fine_yuan": 40000.0,
        "transferred": 1, "exposed_count": 1}
    assert q("monthly_report_totals", departments=["住房和城乡建设局"])[0]["units_checked"] == 10


def test_monthly_report_lateness(q):
    # Month M is due on the 3rd of M+1; the months expected are those of data/campaign.toml (June to October, the
    # 集中整治 phase). As of 10-31 due: June (07-03) .. September (10-03); October (11-03) not yet.
    # Expected: 19 member departments x 4 months = 76. 应急 September sent 10-02, 住建 September 10-03: on time.
    rows = q("monthly_report_submissions")
    assert len(rows) == 19 * 4
    assert {f"{r['month']:%Y-%m}" for r in rows} == {"2022-06", "2022-07", "2022-08", "2022-09"}
    sent = {(r["reporter"], f"{r['month']:%Y-%m}"): (r["due"], r["submitted_date"], r["state"])
            for r in rows if r["state"] != "missing"}
    assert sent == {("应急管理局", "2022-09"): (D(2022, 10, 3), D(2022, 10, 2), "on_time"),
                    ("住房和城乡建设局", "2022-09"): (D(2022, 10, 3), D(2022, 10, 3), "on_time")}
    assert q("monthly_report_compliance")[0] == {"expected": 76, "on_time": 2, "late": 0, "missing": 74,
                                                  "on_time_rate": 2 / 76}


def test_monthly_report_lateness_after_the_october_due_date(q):
    # As of 11-10 October is due (11-03): 应急 sent it 11-05 -> late; 住建 never -> missing. 19 x 5 = 95 expected.
    rows = {(r["reporter"], f"{r['month']:%Y-%m}"): r for r in q("monthly_report_submissions", as_of=D(2022, 11, 10))}
    assert len(rows) == 95
    assert (rows[("应急管理局", "2022-10")]["state"], rows[("应急管理局", "2022-10")]["submitted_date"]) == ("late", D(2022, 11, 5))
    assert rows[("住房和城乡建设局", "2022-10")]["state"] == "missing"
    assert q("monthly_report_compliance", as_of=D(2022, 11, 10))[0] == {
        "expected": 95, "on_time": 2, "late": 1, "missing": 92, "on_time_rate": 2 / 95}


def test_monthly_report_lateness_for_one_department(q):
    # 应急 only: 4 months due (June-September), September on time.
    assert q("monthly_report_compliance", departments=["应急管理局"])[0] == {
        "expected": 4, "on_time": 1, "late": 0, "missing": 3, "on_time_rate": 1 / 4}


def test_submissions_grid(q):
    # 马庄: 04-20 (due 04-25) on time, 05-26 (due 05-25) late, 10-25 on time.
    # 应急: 04-24 on time, nothing for 05-25, its 10-25 report is dated 11-01 (after A) -> missing.
    rows = q("submission_grid")
    assert len(rows) == 29 * 4                                 # 10 乡/街道 + 19 departments, three nodes and the 总结
    grid = {(r["reporter"], r["label"]): r["state"] for r in rows}
    assert {grid[(r, "总结")] for r, _ in grid} == {"not_due"}  # due 12-01
    assert [grid[("马庄街道", n)] for n in ("04-25", "05-25", "10-25")] == ["on_time", "late", "on_time"]
    assert [grid[("应急管理局", n)] for n in ("04-25", "05-25", "10-25")] == ["on_time", "missing", "missing"]
    assert [grid[("九里山街道", n)] for n in ("04-25", "05-25", "10-25")] == ["on_time", "missing", "missing"]
    assert rows[0]["reporter"] == "马庄街道" and rows[-1]["reporter"] == "生态环境分局"   # units first, then departments
    # The same counts as submission_compliance (4 on time, 1 late, 82 missing).
    states = [r["state"] for r in rows if r["label"] != "总结"]
    assert (states.count("on_time"), states.count("late"), states.count("missing")) == (4, 1, 82)


def test_submissions_grid_before_the_later_nodes(q):
    # As of 05-10 only 04-25 is due; 马庄's 05-26 report does not exist yet -> 05-25 and 10-25 are not due.
    grid = {(r["reporter"], r["label"]): r["state"] for r in q("submission_grid", as_of=D(2022, 5, 10))}
    assert [grid[("马庄街道", n)] for n in ("04-25", "05-25", "10-25")] == ["on_time", "not_due", "not_due"]
    assert grid[("曹镇乡", "04-25")] == "missing"


def test_submissions_grid_after_all_nodes(q):
    # As of 11-10 应急's 10-25 report (11-01) exists: late.
    grid = {(r["reporter"], r["label"]): r["state"] for r in q("submission_grid", as_of=D(2022, 11, 10))}
    assert grid[("应急管理局", "10-25")] == "late"


def test_phases(q):
    rows = q("campaign_phases")
    assert [(r["name"], r["nested"]) for r in rows] == [("自查自纠", False), ("集中整治", False), ("回头看", True),
                                                        ("巩固提升", False)]


# ---------------------------------------------------------------- 举报奖励

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


def test_summary_is_counted_apart_from_the_self_inspection_reports(q):
    # As of 12-05 the 总结 (due 12-01) is expected from all 29 reporters; the fixture has none -> 29 missing, 0 %.
    assert q("summary_compliance", as_of=D(2022, 12, 5))[0] == {"expected": 29, "on_time": 0, "late": 0,
                                                                 "missing": 29, "on_time_rate": 0.0}
    # ... and the 自查报告 figures stay over their three nodes: 87 expected (4 on time; 马庄 05-26 and 应急 11-01 late).
    assert q("submission_compliance", as_of=D(2022, 12, 5))[0]["expected"] == 87
    # Before 12-01 nothing is expected (rate empty, never 0 %).
    assert q("summary_compliance")[0] == {"expected": 0, "on_time": 0, "late": 0, "missing": 0, "on_time_rate": None}


def test_monthly_report_due_on_a_is_expected(q):
    # A = 10-03 is September's due date: June-September due = 4 months x 19 departments = 76; 应急 (10-02) and
    # 住建 (10-03, on the due day itself) on time. A day earlier September is not yet due: 3 x 19 = 57, none on time.
    assert q("monthly_report_compliance", as_of=D(2022, 10, 3))[0] == {
        "expected": 76, "on_time": 2, "late": 0, "missing": 74, "on_time_rate": 2 / 76}
    assert q("monthly_report_compliance", as_of=D(2022, 10, 2))[0]["expected"] == 57
