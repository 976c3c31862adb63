"""q(name, as_of=..., units=..., **page params): a query file's rows on the golden fixture database."""
import pytest

from query_support import run
from safetyboard.store import Store


@pytest.fixture(scope="module")
def q(fixture_db):
    store = Store(fixture_db)
    yield lambda name, **kwargs: run(store, name, **kwargs)
    store.close()
