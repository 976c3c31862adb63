import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """The golden fixture database (tests/fixture_ledgers.py), built once through the real import path."""
    from fixture_ledgers import build_fixture_db
    return build_fixture_db(tmp_path_factory.mktemp("golden"))


@pytest.fixture()
def store(tmp_path):
    from safetyboard.store import Store
    s = Store(tmp_path / "test.duckdb")
    yield s
    s.close()


def _app_copy(source: Path, tmp_path: Path, monkeypatch):
    import shutil

    from safetyboard import auth
    db = tmp_path / "app.duckdb"
    shutil.copy2(source, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    # The golden data is not the bundled demo: without users it is read-only unless demo mode is explicit.
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    auth.THROTTLE.reset()
    return db


@pytest.fixture()
def app_db(fixture_db, tmp_path, monkeypatch) -> Path:
    """A writable copy of the golden database for the app (SAFETYBOARD_DB), in demo mode (no users file) until
    a test configures users; the login throttle starts fresh; the shared store is closed afterwards."""
    from safetyboard.store import close_store
    db = _app_copy(fixture_db, tmp_path, monkeypatch)
    yield db
    close_store(db)


@pytest.fixture(scope="session")
def loop_db(fixture_db, tmp_path_factory) -> Path:
    """The golden database plus the loop ledgers of tests/fixture_loop.py."""
    from fixture_loop import build_loop_db
    return build_loop_db(fixture_db, tmp_path_factory.mktemp("loop"))


@pytest.fixture()
def loop_app_db(loop_db, tmp_path, monkeypatch) -> Path:
    """app_db's set-up over loop_db."""
    from safetyboard.store import close_store
    db = _app_copy(loop_db, tmp_path, monkeypatch)
    yield db
    close_store(db)


@pytest.fixture(scope="module")
def loop_store(loop_db, tmp_path_factory):
    """A Store over a private copy of loop_db (a shared file would stay open in this process)."""
    import shutil

    from safetyboard.store import Store
    s = Store(shutil.copy2(loop_db, tmp_path_factory.mktemp("loop_store") / "loop.duckdb"))
    yield s
    s.close()


@pytest.fixture(scope="session")
def register_db(tmp_path_factory) -> Path:
    """The 底数 / cross-check / accident ledgers of tests/fixture_register.py, in a database of their own."""
    from fixture_register import build_register_db
    return build_register_db(tmp_path_factory.mktemp("register"))


@pytest.fixture()
def register_app_db(register_db, tmp_path, monkeypatch) -> Path:
    """app_db's set-up over register_db."""
    from safetyboard.store import close_store
    db = _app_copy(register_db, tmp_path, monkeypatch)
    yield db
    close_store(db)


@pytest.fixture()
def run_page(fixture_db, monkeypatch):
    """Run pages/<name>.py once under AppTest on the golden database (or on `db`), with URL query parameters."""
    import apptest_support

    def run(name: str, db: Path | None = None, **query_params):
        monkeypatch.setenv("SAFETYBOARD_DB", str(db or fixture_db))
        return apptest_support.run_page(f"pages/{name}.py", **query_params)
    return run


@pytest.fixture()
def open_page(fixture_db, monkeypatch):
    """Run one page file (relative to the repository) under AppTest on the golden database, with URL query
    parameters (read by the frame on the first run)."""
    import apptest_support
    monkeypatch.setenv("SAFETYBOARD_DB", str(fixture_db))
    return apptest_support.run_page


@pytest.fixture()
def loop_page(run_page, loop_app_db):
    """Run a page on the golden database plus the loop ledgers (a copy, closed afterwards)."""
    return lambda name, db=None, **query: run_page(name, db=db or loop_app_db, **query)


@pytest.fixture()
def reg_page(run_page, register_app_db):
    """Run a page on the register fixture database (tests/fixture_register.py)."""
    return lambda name, **query: run_page(name, db=register_app_db, **query)


@pytest.fixture()
def downloads(monkeypatch) -> dict:
    """Each download button's data callable by key, to build the file in the test (AppTest drops deferred data:
    there is no runtime to serve it)."""
    import streamlit
    recorded, original = {}, streamlit.download_button

    def recording(label, data, *args, **kwargs):
        recorded[kwargs.get("key")] = data
        return original(label, data, *args, **kwargs)
    monkeypatch.setattr(streamlit, "download_button", recording)
    return recorded
