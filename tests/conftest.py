import os
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
