"""Unit scope: a 乡/街道 user sees its own unit's numbers on every page. Every query either takes $units (rows of
those 乡/街道; empty = all) or declares `-- scope: reference`; access.py has no exceptions by name.

Golden numbers for the queries that became unit-aware, worked out by hand from tests/fixture_ledgers.py
(S = 2022-04-01, A = 2022-10-31 unless a test says otherwise), then every page of ui.navigation.PAGES run
under AppTest as a signed-in 乡/街道 user (马庄街道)."""
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from safetyboard import access, auth, queries
from safetyboard.metrics import Filters
from safetyboard.store import Store, close_store
from ui.navigation import PAGES

from apptest_support import nth_frame_with, open_signed_in, use_user

REPO = Path(__file__).resolve().parents[1]
S, A, D = dt.date(2022, 4, 1), dt.date(2022, 10, 31), dt.date
MAZHUANG, JIULISHAN, CAOZHEN = "410411001000", "410411004000", "410411200000"

# The query files this change made unit-aware or declared reference.
CHANGED = ["typical_cases_by_quarter", "recheck_coverage_total", "monthly_report_figures", "monthly_report_submissions",
           "monthly_report_compliance", "monthly_report_totals", "campaign_phases", "submission_grid",
           "submission_compliance", "supervision_visits", "supervision_groups", "recheck_grid", "supervision_coverage",
           "filter_options", "latest_data_date", "ledger_counts"]
REFERENCE = {"campaign_phases", "latest_data_date"}
# Query files without $units and without a scope line that never reach the access layer. Each entry says why;
# the test below fails once an entry is no longer needed, so the list only shrinks.
NOT_THROUGH_ACCESS = {
    # Run only by safetyboard.briefing.model.group_scope, after check_access: the 分工 of one group, to build a
    # group briefing's scope. Not reference (it lists enterprises); a unit user may not brief a group anyway.
    "group_targets",
}


# ---------------------------------------------------------------- the rule itself

def test_access_has_no_list_of_exceptions_by_name():
    assert not hasattr(access, "REFERENCE_FALLBACK")
    assert "REFERENCE_FALLBACK" not in Path(access.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", queries.names())
def test_every_query_takes_units_or_declares_a_scope(name):
    query = queries.load(name)
    if name in NOT_THROUGH_ACCESS:
        assert "units" not in query.params and not access.scopes(query), f"{name}: drop it from NOT_THROUGH_ACCESS"
        return
    assert "units" in query.params or access.scopes(query), (
        f"{name}: add a $units parameter (rows of those 乡/街道) or the header line `-- scope: reference`")


def test_no_other_query_is_run_without_the_access_layer():
    # The exempt file is read by briefing.model.group_scope only (not by a page, the frame or ui.data).
    for name in NOT_THROUGH_ACCESS:
        users = [p for p in list((REPO / "pages").glob("*.py")) + list((REPO / "ui").glob("*.py"))
                 if f'"{name}"' in p.read_text(encoding="utf-8")]
        assert not users, (name, users)


@pytest.mark.parametrize("name", CHANGED)
def test_changed_queries_are_unit_aware_or_reference(name):
    # (Their header lines, name / grain / params, are checked by the query tests.)
    query = queries.load(name)
    assert ("units" in query.params) == (name not in REFERENCE)
    assert access.is_reference(query) == (name in REFERENCE)


def test_reference_and_unit_queries_for_a_unit_user():
    unit = auth.Principal("u", "unit", unit_code=CAOZHEN, unit="曹镇乡")
    admin = auth.Principal("a", "admin")
    for name in CHANGED:
        assert access.may_run(unit, name), name
    # The frame asks filter_options and ledger_counts without units: all for the admin, its own for a unit.
    assert access.scope_params(admin, "ledger_counts", {})["units"] == []
    assert access.scope_params(unit, "ledger_counts", {})["units"] == [CAOZHEN]
    assert access.scope_params(unit, "filter_options", {"units": [MAZHUANG]})["units"] == ["__none__"]
    assert access.scope_params(unit, "latest_data_date", {"today": A}) == {"today": A}


# ---------------------------------------------------------------- golden numbers with a unit filter

@pytest.fixture(scope="module")
def q(fixture_db):
    store = Store(fixture_db)

    def run(name: str, units=(), as_of: dt.date = A, since: dt.date = S, **extra) -> list[dict]:
        params = Filters(since, as_of, units=tuple(units)).params() | extra
        return queries.run_rows(store, name, params)

    yield run
    store.close()


def test_typical_quarters_in_one_unit(q):
    # 马庄: cases C1 (应急, 典型, 05-10 -> Q2) and C2 (住建); hazards H01-H04, H12 (应急, 住建) -> those two
    # departments; 消防 (C5, 曹镇), 市场监管 (九里山), 城管 (曹镇) drop out.
    rows = q("typical_cases_by_quarter", units=[MAZHUANG], typical_min=1, typical_max=3)
    assert [(r["department"], r["quarter"], r["typical"], r["state"]) for r in rows] == [
        ("应急管理局", 2, 1, "ok"), ("应急管理局", 3, 0, "short"), ("应急管理局", 4, 0, "pending"),
        ("住房和城乡建设局", 2, 0, "short"), ("住房和城乡建设局", 3, 0, "short"), ("住房和城乡建设局", 4, 0, "pending")]
    # 曹镇: cases C4 (应急), C5 (消防, 典型, 10-31 -> Q4); hazards H08-H11 (城管, 应急).
    rows = q("typical_cases_by_quarter", units=[CAOZHEN], typical_min=1, typical_max=3)
    assert {(r["department"], r["quarter"]): r["typical"] for r in rows if r["typical"]} == {("消防救援大队", 4): 1}
    assert list(dict.fromkeys(r["department"] for r in rows)) == ["应急管理局", "消防救援大队", "城市管理局"]


def test_recheck_coverage_in_one_unit(q):
    # Targets that are the unit: 马庄 (第一组, 回头看 10-10 in the window) -> 1/1; 九里山 (第二组, 回头看 09-28 before
    # the window; 第一组's 10-05 visit is not its target) -> 0/1; 曹镇 (第三组, 11-02 after A) -> 0/1.
    assert q("recheck_coverage_total", units=[MAZHUANG]) == [{"assigned": 1, "covered": 1, "coverage": 1.0}]
    assert q("recheck_coverage_total", units=[JIULISHAN]) == [{"assigned": 1, "covered": 0, "coverage": 0.0}]
    assert q("recheck_coverage_total", units=[CAOZHEN, MAZHUANG]) == [{"assigned": 2, "covered": 1, "coverage": 0.5}]
    rows = {r["group"]: (r["assigned"], r["covered"], r["coverage"]) for r in q("supervision_coverage", units=[MAZHUANG])}
    assert len(rows) == 6                                   # all six groups, the others with nothing in scope
    assert rows["第一督导组"] == (1, 1, 1.0) and rows["第二督导组"] == (0, 0, None) and rows["第三督导组"] == (0, 0, None)


def test_groups_in_one_unit(q):
    # 九里山: 第二组's target; visits carrying its code: 第二组 09-28 回头看 (1 found, 0 fixed, before the window),
    # 第一组 10-05 回头看 (1 found, 1 fixed, in the window, not its target).
    got = {r["group"]: (r["assigned"], r["visited"], r["visits"], r["recheck_visits"], r["problems_found"],
                        r["problems_rectified"], r["rectified_rate"]) for r in q("supervision_groups", units=[JIULISHAN])}
    assert got["第一督导组"] == (0, 0, 1, 1, 1, 1, 1.0)
    assert got["第二督导组"] == (1, 1, 1, 0, 0, 0, None)
    assert got["第三督导组"] == (0, 0, 0, 0, 0, 0, None)
    # 马庄: 第一组's 10-10 回头看 (3 found, 2 fixed); its 应急局 target and visit (no unit) drop out.
    got = {r["group"]: (r["assigned"], r["visited"], r["visits"], r["recheck_visits"], r["problems_found"],
                        r["problems_rectified"], r["rectified_rate"]) for r in q("supervision_groups", units=[MAZHUANG])}
    assert got["第一督导组"] == (1, 1, 1, 1, 3, 2, 2 / 3)
    assert sum(v[2] for v in got.values()) == 1


def test_recheck_grid_and_visits_in_one_unit(q):
    assert [(r["group"], r["target"], r["reached"], r["last_visit"]) for r in q("recheck_grid", units=[JIULISHAN])] \
        == [("第二督导组", "九里山街道", False, D(2022, 9, 28))]
    assert [(r["group"], r["target"], r["reached"], r["first_recheck"]) for r in q("recheck_grid", units=[MAZHUANG])] \
        == [("第一督导组", "马庄街道", True, D(2022, 10, 10))]
    # 第一组's visits: 马庄 10-10 carries 马庄's code, 九里山 10-05 九里山's, 应急局 06-01 none.
    visits = q("supervision_visits", units=[JIULISHAN], group="第一督导组")
    assert [(r["visit_date"], r["target"], r["assigned"], r["counts_for_recheck"]) for r in visits] == [
        (D(2022, 10, 5), "九里山街道", False, True)]
    assert [r["target"] for r in q("supervision_visits", units=[MAZHUANG], group="第一督导组")] == ["马庄街道"]
    assert q("supervision_visits", units=[CAOZHEN], group="第一督导组") == []


def test_submissions_in_one_unit(q):
    # 马庄: 04-20 (due 04-25) on time, 05-26 (due 05-25) late, 10-25 on time -> 2/3.
    assert [(r["reporter"], r["label"], r["state"]) for r in q("submission_grid", units=[MAZHUANG])] == [
        ("马庄街道", "04-25", "on_time"), ("马庄街道", "05-25", "late"), ("马庄街道", "10-25", "on_time"),
        ("马庄街道", "总结", "not_due")]
    assert q("submission_compliance", units=[MAZHUANG]) == [
        {"expected": 3, "on_time": 2, "late": 1, "missing": 0, "on_time_rate": 2 / 3}]
    # A = 10-24 (the overview's week-ago): two nodes due, one on time, one late.
    assert q("submission_compliance", units=[MAZHUANG], as_of=D(2022, 10, 24))[0]["on_time_rate"] == 0.5
    # 九里山: only 04-25 (sent 04-25) -> 1/3; 曹镇 sent nothing -> 0/3 (a rate of 0, not empty: 3 were due).
    assert q("submission_compliance", units=[JIULISHAN])[0] == {
        "expected": 3, "on_time": 1, "late": 0, "missing": 2, "on_time_rate": 1 / 3}
    assert q("submission_compliance", units=[CAOZHEN])[0]["on_time_rate"] == 0.0
    # Departments' rows are no unit's rows: 应急管理局 is gone; without a filter all 29 x 4 remain.
    assert len(q("submission_grid")) == 29 * 4     # three 自查 nodes and the 总结


def test_monthly_reports_in_one_unit(q):
    # The fixture's monthly reports are all from departments (应急, 住建): no unit's rows, nothing expected.
    assert q("monthly_report_figures", units=[MAZHUANG]) == []
    assert q("monthly_report_totals", units=[MAZHUANG])[0] == {
        "reports": 0, "units_checked": 0, "violations_found": 0, "suspended": 0, "closed": 0, "fine_yuan": 0.0,
        "transferred": 0, "exposed_count": 0}
    assert q("monthly_report_submissions", units=[MAZHUANG]) == []
    assert q("monthly_report_compliance", units=[MAZHUANG])[0] == {
        "expected": 0, "on_time": 0, "late": 0, "missing": 0, "on_time_rate": None}
    assert q("monthly_report_totals")[0]["reports"] == 2            # unchanged without a filter


def test_a_units_own_monthly_report_is_its_row(fixture_db, tmp_path):
    # The fixture plus one September report sent by 马庄 itself (10-02; 7 checked, 2 found, 0.1万 = 1,000 元).
    db = tmp_path / "with_unit_report.duckdb"
    shutil.copy2(fixture_db, db)
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO monthly_reports (record_key, reporter, reporter_kind, month, submitted_date, units_checked,"
                " violations_found, suspended, closed, fine_yuan, transferred, exposed_count, import_id)"
                " VALUES ('test-mz-09', '马庄街道', '乡/街道', DATE '2022-09-01', DATE '2022-10-02', 7, 2, 0, 0, 1000, 0, 0, 1)")
    con.close()
    store = Store(db)
    try:
        p = Filters(S, A, units=(MAZHUANG,)).params()
        rows = queries.run_rows(store, "monthly_report_figures", p)
        assert [(r["reporter"], f"{r['month']:%Y-%m}", r["units_checked"], r["fine_yuan"]) for r in rows] == [
            ("马庄街道", "2022-09", 7, 1000.0)]
        assert queries.run_rows(store, "monthly_report_totals", p)[0]["reports"] == 1
        # Still not an expected reporter (the expectation is the member departments).
        assert queries.run_rows(store, "monthly_report_submissions", p) == []
        # Another unit's filter does not reach it; no filter: 2 department reports + this one.
        assert queries.run_rows(store, "monthly_report_figures", Filters(S, A, units=(JIULISHAN,)).params()) == []
        assert queries.run_rows(store, "monthly_report_totals", Filters(S, A).params())[0]["reports"] == 3
        assert [r["rows"] for r in queries.run_rows(store, "ledger_counts", p) if r["ledger_type"] == "monthly_reports"] == [1]
    finally:
        store.close()


def test_filter_options_of_one_unit(q):
    # 曹镇: hazards H08-H11 (燃气 城管, 工贸 应急), cases C4 应急, C5 消防 (the case ledger has no 行业 column).
    got = [(r["kind"], r["value"]) for r in q("filter_options", units=[CAOZHEN])]
    assert got == [("department", "应急管理局"), ("department", "消防救援大队"), ("department", "城市管理局"),
                   ("industry", "工贸"), ("industry", "燃气")]
    # Values only other units' rows hold do not reach it: 市场监管 / 危险化学品 / 商贸 (九里山), 住建 / 建筑施工 (马庄).
    values = {v for _, v in got}
    assert not values & {"市场监督管理局", "住房和城乡建设局", "危险化学品", "商贸", "建筑施工"}
    assert len(q("filter_options")) == 10                       # all: 5 departments + 5 industries


def test_ledger_counts_of_one_unit(q):
    counts = lambda units: {r["ledger_type"]: r["rows"] for r in q("ledger_counts", units=units)}  # noqa: E731
    # Everything: 12 hazards, 5 cases, 6 visits, 5 分工 rows, 3 monthly reports, 6 submissions, 5 tips.
    assert counts([]) == {"hazards": 12, "enforcement": 5, "supervision": 6, "assignments": 5, "monthly_reports": 3,
                          "submissions": 6, "tips": 5}
    # 马庄: H01-H04, H12; C1, C2; 第一组's 10-10 visit; its 分工 row; no monthly report; 3 submissions; T1, T2.
    assert counts([MAZHUANG]) == {"hazards": 5, "enforcement": 2, "supervision": 1, "assignments": 1,
                                  "monthly_reports": 0, "submissions": 3, "tips": 2}
    # 曹镇: H08-H11; C4, C5; 第三组's 11-02 visit; its 分工 row; nothing sent; T5.
    assert counts([CAOZHEN]) == {"hazards": 4, "enforcement": 2, "supervision": 1, "assignments": 1,
                                 "monthly_reports": 0, "submissions": 0, "tips": 1}
    assert all(r["last_import"] is not None for r in q("ledger_counts", units=[CAOZHEN]))


# ---------------------------------------------------------------- every page as a 乡/街道 user

OTHER_UNITS = ("九里山", "曹镇", "南环路", "姚孟")
OTHER_ROWS = ("企业C", "企业D", "企业E", "企业F", "市场监督管理局", "消防救援大队")


@pytest.fixture(scope="module")
def unit_db(fixture_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("unit_scope") / "app.duckdb"
    shutil.copy2(fixture_db, db)
    yield db
    close_store(db)


@pytest.fixture()
def as_mazhuang(unit_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETYBOARD_DB", str(unit_db))
    use_user(monkeypatch, tmp_path, "mz", "unit", unit="马庄")
    return lambda file, **query: open_signed_in(file, "mz", timeout=90, **query)


def shown_text(at: AppTest) -> str:
    parts = [d.value.to_csv() for d in at.dataframe] + [f"{m.label} {m.value}" for m in at.metric]
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "table", "title", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(o) for s in at.selectbox for o in s.options]
    parts += [e.proto.body for e in at.get("html")]              # the meeting screen draws with st.html
    return "\n".join(parts)


@pytest.mark.parametrize("entry", PAGES, ids=[e.url_path for e in PAGES])
def test_every_page_as_a_unit_user(as_mazhuang, entry):
    at = as_mazhuang(entry.file, as_of="2022-10-31")
    assert not at.exception, [e.message for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert not any("无权查看" in w for w in warnings), warnings
    text = shown_text(at)
    if "unit" not in entry.roles:                     # 数据导入, 审计日志: refused, nothing shown
        assert any("无权打开" in e.value for e in at.error)
        assert not at.dataframe and not at.metric
        return
    assert at.title[0].value == entry.title
    for name in OTHER_UNITS + OTHER_ROWS:
        assert name not in text, (entry.file, name)


def test_unit_user_overview_tiles(as_mazhuang):
    # 马庄 as 马庄: 回头看 1/1 (第一组, 10-10); 自查报告 2 of 3 on time; week-ago (10-24): 1 of 2.
    at = as_mazhuang("pages/overview.py", as_of="2022-10-31")
    m = {x.label: (x.value, x.delta) for x in at.metric}
    assert m["回头看覆盖率（截至10月31日）"][0] == "100.0%" and m["自查报告及时率（截至10月31日）"][0] == "66.7%"
    assert m["隐患总数（本期）"][0] == "5" and m["执法案件·案件台账（本期）"][0] == "2"
    assert m["月报及时率（截至10月31日）"][0] == "—"     # 月报 are the departments': none expected of a 乡/街道


def test_unit_user_supervision_and_reporting(as_mazhuang):
    at = as_mazhuang("pages/supervision.py", as_of="2022-10-31")
    tiles = [(x.label, x.value) for x in at.metric]
    assert tiles[:3] == [("第一督导组（截至10月31日）", "100.0%"), ("第二督导组（截至10月31日）", "—"),
                         ("第三督导组（截至10月31日）", "—")]
    grid = nth_frame_with(at, "督导对象")
    assert grid["督导对象"].tolist() == ["马庄街道"]
    at = as_mazhuang("pages/reporting.py", as_of="2022-10-31")
    m = [(x.label, x.value) for x in at.metric]
    assert ("应报自查报告（截至10月31日）", "3") in m and ("自查报告按时（截至10月31日）", "2") in m
    assert ("自查报告迟报（截至10月31日）", "1") in m and ("自查报告及时率（截至10月31日）", "66.7%") in m
    assert "月报及时率（截至10月31日）" not in dict(m)          # departments' reports: not a unit's to see
    assert any("乡/街道不在应报范围内" in i.value for i in at.info)
    subs = nth_frame_with(at, "报送单位")
    assert set(subs["报送单位"]) == {"马庄街道"}


def test_unit_user_enforcement_typical_cases(as_mazhuang):
    at = as_mazhuang("pages/enforcement.py", as_of="2022-10-31")
    grid = nth_frame_with(at, "典型案例数")
    assert list(dict.fromkeys(grid["部门"])) == ["应急管理局", "住房和城乡建设局"]
    assert any("仅为该乡/街道部分的对照" in c.value for c in at.caption)


@pytest.mark.parametrize("view", [1, 2, 3, 4])
def test_every_meeting_screen_view_as_a_unit_user(as_mazhuang, view):
    # Four views for a 乡/街道 account too: the 回头看 view is no longer left out.
    at = as_mazhuang("pages/screen.py", as_of="2022-10-31", view=str(view))
    assert not at.exception, [e.message for e in at.exception]
    assert not any("无权查看" in w.value for w in at.warning)
    text = shown_text(at)
    assert f'data-view="{view - 1}"' in text
    for name in OTHER_UNITS + OTHER_ROWS:
        assert name not in text, (view, name)
