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


@pytest.fixture()
def app_db(fixture_db, tmp_path, monkeypatch) -> Path:
    """A writable copy of the golden database for the app (SAFETYBOARD_DB), in demo mode (no users file, SAFETYBOARD_DEMO=1) until
    a test configures users; the login throttle starts fresh; the shared store is closed afterwards."""
    import shutil

    from safetyboard import auth
    from safetyboard.store import close_store
    db = tmp_path / "app.duckdb"
    shutil.copy2(fixture_db, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    # The golden data is not the bundled demo: without users it is read-only unless demo mode is explicit.
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    auth.THROTTLE.reset()
    yield db
    close_store(db)
