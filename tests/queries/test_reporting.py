"""Golden tests of the 打非治违与报送 query files against the fixture ledgers (tests/fixture_ledgers.py).

Every expected number was worked out by hand from the fixture rows; the comments say how.
S = 2022-04-01 throughout; A = 2022-10-31 unless a test says otherwise (tests/query_support.py)."""
import datetime as dt

D = dt.date


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
