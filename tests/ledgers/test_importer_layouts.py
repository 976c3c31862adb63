"""Every ledger type, written in every layout of tests/mangler_support.py, imports exactly the rows its clean
form imports (DOMAIN.md «Import rules»: merged cells, ditto marks, ledger context, 小计 and notes)."""
import shutil

import pytest

from mangler_support import LAYOUTS, SOURCES_BY_LAYOUT, make_case, write

from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.spec import LEDGER_TYPES
from safetyboard.store import Store

# Columns that say where a row came from, not what it holds.
PROVENANCE = {"import_id", "source_sheet", "source_row", "enterprise_id"}
SEED = 20221008


def stored(store: Store, table: str) -> list[tuple]:
    columns = [r[0] for r in store.con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position",
        {"t": table}).fetchall() if r[0] not in PROVENANCE]
    select = ", ".join(f'"{c}"' for c in columns)
    return sorted(store.con.execute(f"SELECT {select} FROM {table}").fetchall(), key=repr)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory):
    """A migrated empty database, copied for each import (migrating takes a second)."""
    path = tmp_path_factory.mktemp("mangler") / "empty.duckdb"
    Store(path).close()
    return path


@pytest.fixture(scope="module")
def clean_imports() -> dict:
    """(ledger type, clean rows) -> the rows their clean form stores: layouts of the same rows share it."""
    return {}


def imported(tmp_path, name, book, empty_db):
    directory = tmp_path / name
    directory.mkdir()
    shutil.copy(empty_db, directory / "db.duckdb")
    store = Store(directory / "db.duckdb")
    results = import_file(store, write(book, directory))
    for r in results:
        assert r.rows == r.accepted + r.rejected + r.skipped, r
    return store, results


CASES = [(key, layout) for key in LEDGER_TYPES for layout in LAYOUTS
         if make_case(key, layout, SEED, n=3) is not None]


def test_the_corpus_is_wide():
    assert len(LAYOUTS) >= 12
    assert {k for k, _ in CASES} == set(LEDGER_TYPES)


@pytest.mark.parametrize(("key", "layout"), CASES, ids=[f"{k}-{lay.name}" for k, lay in CASES])
def test_layout_imports_the_clean_rows(tmp_path_factory, empty_db, clean_imports, key, layout):
    case = make_case(key, layout, SEED)
    table = LEDGER_TYPES[key].key
    clean_key = (key, repr(case.rows))
    if clean_key not in clean_imports:
        clean_store, clean = imported(tmp_path_factory.mktemp("clean"), "clean", case.clean(), empty_db)
        assert sum(r.rejected for r in clean) == 0, [r.rejected_rows for r in clean]
        clean_imports[clean_key] = stored(clean_store, table)
        clean_store.close()
    expected = clean_imports[clean_key]
    assert len(expected) >= 3
    mangled_store, mangled = imported(tmp_path_factory.mktemp("mangled"), "mangled", layout.build(case), empty_db)
    try:
        got = [r for r in mangled if r.status == "imported"]
        assert sum(r.rejected for r in got) == 0, [r.rejected_rows for r in got]
        assert stored(mangled_store, table) == expected
        assert sum(r.accepted for r in got) == len(expected)
        source = SOURCES_BY_LAYOUT.get(layout.name)
        if source:
            field = LEDGER_TYPES[key].context_field
            assert sorted(r.context[field]["value"] for r in got) == sorted(case.context_value)
            assert {r.context[field]["source"] for r in got} == {source}
        else:
            assert all(r.context == {} for r in got)
    finally:
        mangled_store.close()
