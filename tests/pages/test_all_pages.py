"""What holds for every page: a page run reads one snapshot (never a mix of before and after an import),
the sidebar filters survive a page switch (the load test saw them dropped), each page file is registered in the
navigation under its title, and an empty database never shows a traceback."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from fixture_ledgers import unique_hazard_ledger

from ui.navigation import PAGES

REPO = Path(__file__).resolve().parents[2]
MY_PAGES = {"pages/overview.py": "总览", "pages/hazard_map.py": "隐患地图", "pages/rectification.py": "隐患整改"}


def test_snapshot_keeps_its_state_while_an_import_lands(app_db, tmp_path):
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import Store

    store = Store(app_db)
    try:
        before = store.scalar("SELECT count(*) FROM hazards")
        version_before = store.data_version()
        snapshot = store.snapshot()
        assert snapshot.scalar("SELECT count(*) FROM hazards") == before
        extra = unique_hazard_ledger(tmp_path / "snapshot-1.csv")
        assert [r.status for r in import_file(store, extra)] == ["imported"]
        # The store sees the new import; the snapshot still sees the state it began with.
        assert store.data_version() != version_before
        assert snapshot.data_version() == version_before
        # Read once per transaction (a page run asks before every query): no second read of the database.
        snapshot.scalar = None
        assert snapshot.data_version() == version_before
        del snapshot.scalar
        snapshot.close()
        assert snapshot.closed
        snapshot.close()    # closing twice is harmless
    finally:
        store.close()


def _run_straddling_an_import():
    """A page-like script: two reads of the same query with an import landing between them."""
    import os
    from pathlib import Path

    import streamlit as st

    from fixture_ledgers import unique_hazard_ledger
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import get_store
    from ui import data
    from ui.data import PRINCIPAL_KEY
    from safetyboard.auth import DEMO_PRINCIPAL

    st.session_state[PRINCIPAL_KEY] = DEMO_PRINCIPAL
    store = get_store(os.environ["SAFETYBOARD_DB"])
    data.begin_run(store)
    first = data.query(store, "ledger_counts", {})
    ledger = unique_hazard_ledger(Path(os.environ["SB_TEST_LEDGERS"]) / "snapshot-2.csv")
    import_file(store, ledger)       # another session's import, as far as this run can tell
    second = data.query(store, "ledger_counts", {})
    st.write(f"{first['last_import'].max()}|{second['last_import'].max()}|{data.data_version(store)}")
    data.end_run()
    third = data.query(store, "ledger_counts", {})
    st.write(f"{third['last_import'].max()}|{data.data_version(store)}")


def test_a_page_run_reads_one_state_and_the_next_run_the_new_one(app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SB_TEST_LEDGERS", str(tmp_path / "ledgers"))
    monkeypatch.syspath_prepend(str(REPO / "tests"))
    at = AppTest.from_function(_run_straddling_an_import, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    first, second, version_in_run = at.markdown[0].value.split("|")
    third, version_after = at.markdown[1].value.split("|")
    # Within the run: the last import and the data version are those from before the import landed.
    assert first == second
    # Once the run's snapshot ends, reads see the import (timestamps have whole seconds: compare versions).
    assert third >= first
    assert int(version_after) > int(version_in_run)
    from safetyboard.store import close_store
    close_store(app_db)


def test_sidebar_filters_survive_a_page_switch(app_db):
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    at.query_params["as_of"] = "2022-10-31"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    first_unit = at.sidebar.multiselect(key="flt_units").options[0]
    at.sidebar.multiselect(key="flt_units").set_value([first_unit]).run()
    chosen = at.sidebar.multiselect(key="flt_units").value
    assert len(chosen) == 1
    at.sidebar.selectbox(key="flt_preset").set_value("集中整治").run()
    at.switch_page("pages/enforcement.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "执法检查"
    assert at.sidebar.multiselect(key="flt_units").value == chosen
    assert at.sidebar.selectbox(key="flt_preset").value == "集中整治"
    assert at.sidebar.date_input(key="flt_as_of").value.isoformat() == "2022-10-31"
    at.switch_page("pages/overview.py").run()
    assert at.sidebar.multiselect(key="flt_units").value == chosen
    assert at.sidebar.selectbox(key="flt_preset").value == "集中整治"


def test_a_unit_without_rows_is_not_told_to_import(app_db, tmp_path, monkeypatch):
    import apptest_support as support
    support.use_users(monkeypatch, tmp_path / "users.toml", support.user("yaomeng", "unit", "unit password 1", unit="姚孟街道"))
    at = support.sign_in(support.run_page("pages/overview.py", as_of="2022-10-31"), "yaomeng", "unit password 1")
    infos = [i.value for i in at.info]
    assert "还没有本单位（姚孟街道）的台账数据。各乡/街道台账由区安委办统一导入，如有遗漏请联系区安委办。" in infos
    assert not any("还没有导入任何台账" in i for i in infos)


def _mutate_a_cached_result():
    import os

    import streamlit as st

    from safetyboard.auth import DEMO_PRINCIPAL
    from safetyboard.store import get_store
    from ui import data

    st.session_state[data.PRINCIPAL_KEY] = DEMO_PRINCIPAL
    store = get_store(os.environ["SAFETYBOARD_DB"])
    first = data.query(store, "ledger_counts", {})
    first["rows"] = -1                   # a page may change the frame it got
    second = data.query(store, "ledger_counts", {})
    st.write(f"{int(second['rows'].min())}")


def test_a_page_changing_its_result_does_not_change_the_cache(app_db):
    at = AppTest.from_function(_mutate_a_cached_result, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert int(at.markdown[0].value) >= 0


# ---------------------------------------------------------------- registered in the navigation


def test_my_page_files_are_the_registered_pages():
    registered = {e.file: e.title for e in PAGES}
    for file, title in MY_PAGES.items():
        assert (REPO / file).is_file()
        assert registered[file] == title


@pytest.mark.parametrize("file", sorted(MY_PAGES))
def test_page_title_matches_navigation(open_page, file):
    at = open_page(file, as_of="2022-10-31")
    assert at.title[0].value == MY_PAGES[file]


# ---------------------------------------------------------------- an empty database never shows a traceback

@pytest.mark.parametrize("name", ["enforcement", "supervision", "reporting", "tips"])
def test_pages_on_an_empty_database(run_page, tmp_path, name):
    from safetyboard.store import Store
    db = tmp_path / "empty.duckdb"
    Store(db).close()            # exists, so the frame does not build the demo database
    at = run_page(name, db=db)
    assert at.info                # friendly notes instead of charts
