"""Every query file: a header comment, one statement, and it runs against the fixture database with
every parameter it uses supplied by the shared filter set or a known page parameter."""
import datetime as dt

import pytest

from safetyboard import queries
from safetyboard.metrics import Filters
from safetyboard.store import Store

FILTERS = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31))
# Parameters pages add to the shared filter set (name -> a value valid for the fixture).
PAGE_PARAMS = {
    "today": dt.date(2026, 1, 1),
    "unit_code": "410411001000",
    "group": "第一督导组",
    "limit": 100,
    "row_limit": 100,
    "top_n": 5,
    "typical_min": 1,
    "typical_max": 3,
    "target_key": "",
    "only_open": False,
}


@pytest.fixture(scope="module")
def fixture_store(fixture_db):
    s = Store(fixture_db)
    yield s
    s.close()


@pytest.mark.parametrize("name", queries.names())
def test_query_file_runs_with_supplied_params(fixture_store, name):
    q = queries.load(name)
    assert q.header.startswith(f"-- {name}:") or q.header.startswith("-- name:") or q.header.startswith("--"), name
    assert "params:" in q.header, f"{name}: the header must list its parameters"
    supplied = {**FILTERS.params(), **PAGE_PARAMS}
    unknown = q.params - supplied.keys()
    assert not unknown, f"{name} uses parameters no page supplies: {sorted(unknown)}"
    assert q.code.strip().rstrip(";").count(";") == 0, f"{name}: one statement per file"
    queries.run(fixture_store, name, supplied)


def test_missing_parameter_is_an_error(fixture_store):
    with pytest.raises(queries.QueryError):
        queries.run(fixture_store, "hazard_summary", {"since": dt.date(2022, 4, 1)})
