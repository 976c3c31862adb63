"""Row scope, tested differentially: for every query file that takes $units and every
乡/街道, what that unit's account reads from the whole database equals what an administrator reads, with the
same parameters, from a copy that holds only that unit's rows. Counts that feed captions are columns of the
results, so they are compared too. A query whose counting step ignores $units reads other units' rows on
the whole database and differs (the mutant test below shows it is caught)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import pandas as pd
import pytest

from safetyboard import access, auth, queries, rules
from safetyboard.metrics import Filters
from safetyboard.store import Store

# Admin-only queries are refused to a unit account outright (tests/test_access.py).
UNIT_QUERIES = [n for n in queries.names()
                if "units" in queries.load(n).params and "admin" not in access.scopes(queries.load(n))]
ADMIN = auth.Principal("a", "admin")
FILTERS = Filters(dt.date(2022, 4, 1), dt.date(2022, 12, 31))
PAGE_PARAMS = {"today": dt.date(2026, 1, 1), "group": "第一督导组", "limit": 100, "row_limit": 100, "top_n": 5,
               "typical_min": 1, "typical_max": 3, "target_key": "", "only_open": False, "search_key": "企业",
               "ent_code": None, "ent_key": "企业A"}
# Which rows are a unit's, written here independently of the queries' macros: by unit code where the row
# carries one, by the 乡/街道 named as 分工 target or 报送单位 where it names an organisation.
BY_CODE = ("hazards", "enforcement", "supervision", "tips")
BY_NAME = {"assignments": "target", "monthly_reports": "reporter", "submissions": "reporter"}


def unit_account(unit) -> auth.Principal:
    return auth.Principal(f"u-{unit.code}", "unit", unit_code=unit.code, unit=unit.name)


def keep_only(store: Store, unit) -> None:
    with store.write_lock:
        cur = store.cursor()
        try:
            for table in BY_CODE:
                for t in (table, f"{table}_history"):
                    cur.execute(f"DELETE FROM {t} WHERE unit_code IS DISTINCT FROM $code", {"code": unit.code})
            for table, column in BY_NAME.items():
                for t in (table, f"{table}_history"):
                    cur.execute(f'DELETE FROM {t} WHERE "{column}" IS DISTINCT FROM $name', {"name": unit.name})
        finally:
            cur.close()


@pytest.fixture(scope="module")
def whole(fixture_db, tmp_path_factory):
    db = tmp_path_factory.mktemp("whole") / "whole.duckdb"
    shutil.copy2(fixture_db, db)
    store = Store(db)
    yield store
    store.close()


@pytest.fixture(scope="module")
def unit_copies(fixture_db, tmp_path_factory):
    """One copy of the golden database per 乡/街道, holding only that unit's rows."""
    directory = tmp_path_factory.mktemp("per_unit")
    stores = {}
    for unit in rules.units():
        db = directory / f"{unit.code}.duckdb"
        shutil.copy2(fixture_db, db)
        stores[unit.code] = Store(db)
        keep_only(stores[unit.code], unit)
    yield stores
    for store in stores.values():
        store.close()


def results(name: str, whole: Store, only_unit: Store, unit) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(the unit account's result on the whole database, the administrator's on the unit's copy)."""
    asked = {**FILTERS.params(), **PAGE_PARAMS, "units": [], "unit_code": unit.code}
    scoped = access.scope_params(unit_account(unit), name, asked)
    mine = queries.run(whole, name, scoped).to_pandas()
    admins = queries.run(only_unit, name, access.scope_params(ADMIN, name, scoped)).to_pandas()
    return mine, admins


def differing_units(name: str, whole: Store, copies: dict) -> list[str]:
    out = []
    for unit in rules.units():
        mine, admins = results(name, whole, copies[unit.code], unit)
        try:
            pd.testing.assert_frame_equal(mine, admins, check_dtype=False)
        except AssertionError:
            out.append(unit.name)
    return out


def test_the_fixture_has_rows_of_several_units(whole):
    # Otherwise a query that ignores $units could not differ.
    assert whole.scalar("SELECT count(DISTINCT unit_code) FROM hazards") >= 3
    assert whole.scalar("SELECT count(DISTINCT unit_code) FROM tips") >= 2


@pytest.mark.parametrize("name", UNIT_QUERIES)
def test_a_unit_account_reads_what_an_admin_reads_from_only_that_units_rows(name, whole, unit_copies):
    assert differing_units(name, whole, unit_copies) == []


def test_a_query_whose_counts_ignore_units_is_caught(whole, unit_copies, monkeypatch):
    """The mutant of the issue: overdue_and_upcoming_hazards counting 逾期/临期 over every unit (the rows it lists are
    still the unit's own, joined through open_hazards with $units)."""
    real = queries.load("overdue_and_upcoming_hazards")
    counted = "FROM open_hazards($as_of, $units, $industries, $departments)),"
    assert counted in real.sql
    mutant = dataclasses.replace(real, sql=real.sql.replace(
        counted, "FROM open_hazards($as_of, [], $industries, $departments) WHERE $units IS NOT NULL),", 1))
    load = queries.load
    monkeypatch.setattr(queries, "load", lambda name, *a: mutant if name == "overdue_and_upcoming_hazards" else load(name, *a))
    caught = differing_units("overdue_and_upcoming_hazards", whole, unit_copies)
    # Every unit with rows of its own sees district-wide counts beside them.
    assert caught, "the mutant survived"
    with_rows = [u.name for u in rules.units() if whole.scalar(
        "SELECT count(*) FROM hazards WHERE unit_code = $c", {"c": u.code})]
    assert set(caught) & set(with_rows)
