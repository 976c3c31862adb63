"""Every query file: a header comment, one statement, and it runs against the fixture database with
every parameter it uses supplied by the shared filter set or a known page parameter."""
import datetime as dt
import re

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
    "search_key": "企业",
    "ent_code": None,
    "ent_key": "企业A",
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


# The files checked for the full header: name, grain and exactly the params the SQL uses.
HEADER_CHECKED = [
    "enforcement_by_category", "enforcement_by_department", "enforcement_by_month", "typical_cases_by_quarter",
    "monthly_report_figures", "monthly_report_submissions", "monthly_report_compliance", "monthly_report_totals",
    "campaign_phases", "submission_grid", "supervision_visits", "supervision_groups", "recheck_grid",
    "tips_by_channel", "tips_by_month", "tips_by_days_to_close", "tips_handling"]
# The files that became unit-aware with the 乡/街道 row scope (tests/test_unit_scope.py): the same header rules.
HEADER_CHECKED += ["recheck_coverage_total", "submission_compliance", "supervision_coverage", "filter_options",
                   "latest_data_date", "ledger_counts"]


@pytest.mark.parametrize("name", HEADER_CHECKED)
def test_header_declares_name_grain_and_the_params_used(name):
    query = queries.load(name)
    lines = query.header.splitlines()
    assert lines[0].startswith(f"-- {name}: ")
    assert any(line.startswith("-- grain: ") for line in lines)
    declared = next(line for line in lines if line.startswith("-- params: "))
    assert set(re.findall(r"\$(\w+)", declared)) == set(query.params), declared
    assert "{" not in query.sql and "%s" not in query.sql   # bound parameters only, no formatting
