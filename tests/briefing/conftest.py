import datetime as dt

import pytest
from docx_support import make_briefing

from safetyboard.store import Store

A = dt.date(2022, 10, 31)


@pytest.fixture(scope="module")
def store(fixture_db):
    """The golden fixture (tests/fixture_ledgers.py), opened for one test module."""
    s = Store(fixture_db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def district(store):
    """The district briefing as of A = 2022-10-31: (Briefing, docx.Document)."""
    return make_briefing(store, as_of=A)
