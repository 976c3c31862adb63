"""Row-level access in the data layer (safetyboard/access.py, ui.data.query): a 乡/街道 user gets only its own
unit's rows from every query, whatever it asks for; queries without a unit scope are refused unless declared
reference; admin-only queries are refused for everyone else."""
import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest
from apptest_support import open_signed_in, use_user
from streamlit.testing.v1 import AppTest

from safetyboard import access, auth, queries
from safetyboard.metrics import Filters
from safetyboard.queries import NamedQuery
from safetyboard.store import close_store, get_store

REPO = Path(__file__).resolve().parents[1]
CAOZHEN, MAZHUANG, JIULISHAN = "410411200000", "410411001000", "410411004000"

ADMIN = auth.Principal("a", "admin")
LEADER = auth.Principal("l", "leader")
GROUP = auth.Principal("g", "group", group="第一督导组")
UNIT = auth.Principal("u", "unit", unit_code=CAOZHEN, unit="曹镇乡")
FILTERS = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31))
PAGE_PARAMS = {"today": dt.date(2026, 1, 1), "unit_code": MAZHUANG, "group": "第一督导组", "limit": 100,
               "row_limit": 100, "top_n": 5, "typical_min": 1, "typical_max": 3,
               "target_key": "", "only_open": False, "search_key": "企业", "ent_code": None, "ent_key": "企业E"}
# An admin-only query (scope: admin) is refused to a unit account outright (test below).
UNIT_QUERIES = [n for n in queries.names()
                if "units" in queries.load(n).params and "admin" not in access.scopes(queries.load(n))]


def params(**extra) -> dict:
    return {**FILTERS.params(), **PAGE_PARAMS, **extra}


def fake(name: str, header: str, params_used=("since",)) -> NamedQuery:
    return NamedQuery(name, "SELECT 1", frozenset(params_used), header, "SELECT 1")


# ---------------------------------------------------------------- scope_params

def test_admin_leader_and_group_keep_their_request():
    for who in (ADMIN, LEADER, GROUP):
        assert access.scope_params(who, "hazard_summary", params(units=[MAZHUANG]))["units"] == [MAZHUANG]
        assert access.scope_params(who, "hazard_summary", params(units=[]))["units"] == []


@pytest.mark.parametrize("requested, scoped", [
    ([], [CAOZHEN]),                              # nothing asked: its own unit, never "all"
    ([CAOZHEN], [CAOZHEN]),
    ([MAZHUANG], ["__none__"]),                   # another unit: no rows
    ([MAZHUANG, JIULISHAN], ["__none__"]),
    ([CAOZHEN, MAZHUANG], [CAOZHEN]),             # its own part of a wider request
    (["'; drop table hazards; --"], ["__none__"]),
])
def test_unit_users_units_are_forced(requested, scoped):
    assert access.scope_params(UNIT, "hazard_summary", params(units=requested))["units"] == scoped


def test_unit_users_single_unit_parameter_is_forced():
    assert access.scope_params(UNIT, "unit_hazards", params(unit_code=MAZHUANG))["unit_code"] == "__none__"
    assert access.scope_params(UNIT, "unit_hazards", params(unit_code=CAOZHEN))["unit_code"] == CAOZHEN


def test_unit_user_without_a_known_unit_sees_nothing():
    nobody = auth.Principal("x", "unit", unit_code=None)
    assert access.scope_params(nobody, "hazard_summary", params())["units"] == ["__none__"]


def test_queries_without_units_are_refused_for_unit_users_unless_reference():
    with pytest.raises(access.AccessDenied, match="乡/街道账号无权查看"):
        access.scope_params(UNIT, fake("district_total", "-- district_total: x\n-- params: $since"), params())
    ok = fake("calendar", "-- calendar: x\n-- scope: reference\n-- params: none")
    assert access.scope_params(UNIT, ok, {"since": 1}) == {"since": 1}
    assert access.scope_params(ADMIN, fake("district_total", "-- x"), {"since": 1}) == {"since": 1}
    assert not access.may_run(UNIT, fake("district_total", "-- x"))


def test_the_frame_queries_run_for_a_unit_user_by_their_headers_not_by_name():
    for name in ("filter_options", "latest_data_date", "ledger_counts"):
        assert access.may_run(UNIT, name)
    assert access.is_reference(queries.load("latest_data_date"))
    # filter_options and ledger_counts take $units: the frame asks without, the data layer fills it in.
    assert access.scope_params(UNIT, "filter_options", {})["units"] == [CAOZHEN]
    assert access.scope_params(ADMIN, "ledger_counts", {})["units"] == []
    # No name is special any more: a file called filter_options without $units or a scope line is refused.
    assert not access.may_run(UNIT, fake("filter_options", "-- filter_options: x\n-- params: none", ()))
    assert not access.may_run(UNIT, fake("filter_options", "-- filter_options: x\n-- scope: admin"))


def test_admin_scoped_queries_are_refused_for_everyone_else():
    tips = fake("tip_list", "-- tip_list: the individual tips\n-- scope: admin\n-- params: $units", ("units",))
    assert access.may_run(ADMIN, tips)
    for who in (LEADER, GROUP, UNIT):
        with pytest.raises(access.AccessDenied, match="仅区安委办管理员"):
            access.scope_params(who, tips, {"units": []})
    assert access.may_see_tip_details(ADMIN) and not access.may_see_tip_details(LEADER)


def test_nobody_signed_in_is_refused():
    with pytest.raises(access.AccessDenied, match="请先登录"):
        access.scope_params(None, "hazard_summary", params())


def test_scope_filters_for_core_callers():
    f = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31), units=(MAZHUANG,))
    assert access.scope_filters(UNIT, f).units == ("__none__",)
    assert access.scope_filters(UNIT, Filters(f.since, f.as_of)).units == (CAOZHEN,)
    assert access.scope_filters(LEADER, f) is f


def test_briefing_rights():
    assert access.may_brief_group(GROUP, "第一督导组") and access.may_brief_group(GROUP, "一组")
    assert not access.may_brief_group(GROUP, "第二督导组") and not access.may_brief_group(GROUP, "不是组")
    assert access.may_brief_group(LEADER, "第二督导组") and not access.may_brief_group(UNIT, "第一督导组")
    assert access.may_see_unit(UNIT, CAOZHEN) and not access.may_see_unit(UNIT, MAZHUANG)
    assert access.may_see_unit(LEADER, MAZHUANG)


# ---------------------------------------------------------------- every unit-scoped query, on the golden data

@pytest.fixture(scope="module")
def golden(fixture_db):
    # Closed afterwards: a browser test's server process opens the golden file too.
    yield get_store(fixture_db)
    from safetyboard.store import close_store
    close_store(fixture_db)
    close_store(fixture_db)


def run_as(store, who, name, **extra) -> pd.DataFrame:
    return queries.run(store, name, access.scope_params(who, name, params(**extra))).to_pandas()


@pytest.mark.parametrize("name", UNIT_QUERIES)
def test_unit_user_gets_exactly_its_own_rows_from_every_unit_query(golden, name):
    own = run_as(golden, ADMIN, name, units=[CAOZHEN], unit_code=CAOZHEN)
    nothing = run_as(golden, ADMIN, name, units=["__none__"], unit_code="__none__")
    pd.testing.assert_frame_equal(run_as(golden, UNIT, name, units=[], unit_code=CAOZHEN), own)
    pd.testing.assert_frame_equal(run_as(golden, UNIT, name, units=[MAZHUANG], unit_code=CAOZHEN), nothing)
    pd.testing.assert_frame_equal(run_as(golden, UNIT, name, units=[MAZHUANG, JIULISHAN], unit_code=MAZHUANG), nothing)


def test_another_units_rows_never_reach_a_unit_user(golden):
    rows = run_as(golden, UNIT, "hazards_by_unit", units=[MAZHUANG])
    assert rows.empty
    assert run_as(golden, UNIT, "hazard_summary", units=[MAZHUANG])["total"].iloc[0] == 0
    assert run_as(golden, UNIT, "unit_hazards", unit_code=MAZHUANG).empty
    mine = run_as(golden, UNIT, "hazards_by_unit")
    assert mine["code"].tolist() == [CAOZHEN]


# ---------------------------------------------------------------- through the pages (URL parameters)

@pytest.fixture()
def unit_app(fixture_db, tmp_path, monkeypatch):
    db = tmp_path / "app.duckdb"
    shutil.copy2(fixture_db, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    use_user(monkeypatch, tmp_path, "cz", "unit", unit="曹镇")

    def open_page(file: str, **query) -> AppTest:
        at = open_signed_in(file, "cz", **query)
        assert not at.exception, [e.message for e in at.exception]
        return at
    yield open_page
    close_store(db)


OTHER_NAMES = ("马庄", "九里山", "企业A", "企业B", "企业C", "企业D")


def shown_text(at: AppTest) -> str:
    parts = [d.value.to_csv() for d in at.dataframe] + [str(m.value) for m in at.metric]
    for kind in ("markdown", "caption", "info", "success", "table"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("file", ["pages/overview.py", "pages/hazard_map.py", "pages/rectification.py",
                                  "pages/enforcement.py", "pages/supervision.py", "pages/reporting.py", "pages/tips.py"])
def test_unit_user_asking_for_another_unit_in_the_url_gets_nothing_of_it(unit_app, file):
    at = unit_app(file, as_of="2022-10-31", units=MAZHUANG)
    assert any("只能查看本单位（曹镇乡）" in w.value for w in at.warning)
    text = shown_text(at)
    assert not any(name in text for name in OTHER_NAMES), file
    for frame in (d.value for d in at.dataframe):
        assert frame.empty or not frame.astype(str).apply(lambda c: c.str.contains("马庄")).any().any()


def test_unit_user_sees_its_own_unit_by_default(unit_app):
    at = unit_app("pages/hazard_map.py", as_of="2022-10-31")
    assert not any("只能查看本单位" in w.value for w in at.warning)
    units_shown = [d.value for d in at.dataframe if "乡/街道" in d.value.columns][0]["乡/街道"].tolist()
    assert units_shown == ["曹镇乡"]
    assert any("曹镇乡" in m.value and "本单位" in m.value for m in at.sidebar.markdown)
    assert "乡/街道" not in [m.label for m in at.sidebar.multiselect]   # nothing to choose: its own unit only


def test_a_refused_query_stops_the_page_with_a_message_not_a_traceback(unit_app, monkeypatch):
    # Every page's queries are unit-aware now (tests/test_unit_scope.py); pretend supervision_groups were not.
    real = access.unit_scoped
    monkeypatch.setattr(access, "unit_scoped", lambda q: q.name != "supervision_groups" and real(q))
    at = unit_app("pages/supervision.py", as_of="2022-10-31")
    assert not at.exception
    assert any("乡/街道账号无权查看" in w.value for w in at.warning)
    assert not at.metric                                   # stopped before anything was drawn


def test_group_user_defaults_to_its_assigned_units_but_may_widen(fixture_db, tmp_path, monkeypatch):
    db = tmp_path / "g.duckdb"
    shutil.copy2(fixture_db, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    use_user(monkeypatch, tmp_path, "g1", "group", group="一组")
    # The golden 分工: 第一督导组 covers 马庄街道 (and a department).
    assert access.group_default_units(get_store(db), "第一督导组") == [MAZHUANG]

    def open_page(**query) -> AppTest:
        at = open_signed_in("pages/hazard_map.py", "g1", **query)
        assert not at.exception
        return at
    try:
        at = open_page(as_of="2022-10-31")
        assert at.sidebar.multiselect(key="flt_units").value == ["马庄街道"]
        by_unit = [d.value for d in at.dataframe if "乡/街道" in d.value.columns][0]
        assert by_unit["乡/街道"].tolist() == ["马庄街道"]
        at.sidebar.multiselect(key="flt_units").set_value([]).run()        # a default, not a limit
        assert len([d.value for d in at.dataframe if "乡/街道" in d.value.columns][0]) == 10
        at = open_page(as_of="2022-10-31", units=JIULISHAN)                # the URL wins over the default
        assert at.sidebar.multiselect(key="flt_units").value == ["九里山街道"]
    finally:
        close_store(db)


def test_admin_only_unit_queries_are_refused_to_a_unit_account():
    assert not access.may_run(UNIT, "enterprise_tips") and access.may_run(ADMIN, "enterprise_tips")
