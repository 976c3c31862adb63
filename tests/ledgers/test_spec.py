"""The ledger spec is the one source of each ledger's keys and per-ledger rules: the importer's key SQL is built
from natural_key and derived_key, every column they name is a column of the ledger's table, and no module of
ledgers/ but the spec branches on a ledger type."""
import ast
import dataclasses
from pathlib import Path

import pytest

from safetyboard.ledgers import spec
from safetyboard.ledgers.importer import key_sql
from safetyboard.ledgers.spec import LEDGER_TYPES, DerivedKey, KeyRule

LEDGERS = Path(__file__).resolve().parents[2] / "safetyboard" / "ledgers"


def key_columns(ledger) -> list[str]:
    parts = [c for part in ledger.natural_key for c in (part.columns if isinstance(part, KeyRule) else (part,))]
    return parts + list(ledger.derived_key.columns if ledger.derived_key else ())


@pytest.fixture(scope="module")
def table_columns(tmp_path_factory) -> dict[str, set[str]]:
    from safetyboard.store import Store
    store = Store(tmp_path_factory.mktemp("spec") / "fresh.duckdb")
    rows = store.query("SELECT table_name, column_name FROM information_schema.columns").to_pylist()
    store.close()
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["table_name"], set()).add(r["column_name"])
    return out


@pytest.mark.parametrize("key", list(LEDGER_TYPES))
def test_key_columns_are_columns_of_the_ledger_table(key, table_columns):
    ledger = LEDGER_TYPES[key]
    assert ledger.natural_key
    assert set(key_columns(ledger)) <= table_columns[key], set(key_columns(ledger)) - table_columns[key]
    assert "record_key" in table_columns[key]


@pytest.mark.parametrize("key", list(LEDGER_TYPES))
def test_key_sql_names_every_key_column_of_the_spec(key):
    ledger = LEDGER_TYPES[key]
    sql = key_sql(ledger)
    for column in key_columns(ledger):
        assert f'"{column}"' in sql, column
    assert ("'D-'" in sql) == (ledger.derived_key is not None)


@pytest.mark.parametrize("key", list(LEDGER_TYPES))
def test_changing_the_spec_changes_the_key_sql(key):
    ledger = LEDGER_TYPES[key]
    extra = next(f.name for f in ledger.fields if f.name not in key_columns(ledger)
                 and f.kind not in ("ignore", "unit", "enterprise", "target", "reporter"))
    other = dataclasses.replace(ledger, natural_key=(*ledger.natural_key, extra))
    assert key_sql(other) != key_sql(ledger) and f'"{extra}"' in key_sql(other)
    if ledger.derived_key:
        fewer = dataclasses.replace(ledger, derived_key=DerivedKey(ledger.derived_key.columns[:-1], ledger.derived_key.named))
        assert key_sql(fewer) != key_sql(ledger)


def test_key_sql_as_it_was_written_by_hand():
    """The generated keys equal the expressions the importer used to spell out (record keys stay what they were)."""
    assert key_sql(spec.ENFORCEMENT) == '"case_no"'
    assert key_sql(spec.SUPERVISION) == ("concat_ws('|', \"group\", \"visit_type\", \"target_key\","
                                         " CAST(\"visit_date\" AS VARCHAR))")
    assert key_sql(spec.MONTHLY_REPORTS) == "concat_ws('|', \"reporter\", strftime(\"month\", '%Y-%m'))"
    assert key_sql(spec.SUBMISSIONS) == "concat_ws('|', \"reporter\", CAST(\"node\" AS VARCHAR))"
    assert key_sql(spec.REGISTER) == 'enterprise_identity("credit_code", "enterprise_key")'
    assert key_sql(spec.HAZARDS) == (
        "coalesce(\"hazard_no\", 'D-' || substr(md5(concat_ws('|', \"unit_code\", \"enterprise_key\","
        " lower(regexp_replace(\"description\", '\\s+', '', 'g')), CAST(\"found_date\" AS VARCHAR))), 1, 16))")


def test_derived_keys_stand_in_for_one_id_column():
    for ledger in LEDGER_TYPES.values():
        if ledger.derived_key:
            assert len(ledger.natural_key) == 1, ledger.key
            assert ledger.field(ledger.natural_key[0]).kind == "id", ledger.key
            assert ledger.derived_key.named


def test_fills_and_warnings_name_fields_of_their_ledger():
    for ledger in LEDGER_TYPES.values():
        names = {f.name for f in ledger.fields}
        for fill in ledger.fills:
            assert fill.field in names, (ledger.key, fill)
            assert fill.source in names and ledger.field(fill.source).kind == "yesno", (ledger.key, fill)
        assert {name for name, _ in ledger.defaults} <= names, ledger.key
        for warning in ledger.warnings:
            limits = {warning.limit} if isinstance(warning.limit, str) else set()
            assert {warning.column, *limits} <= names, (ledger.key, warning)
            assert isinstance(warning.limit, str) or not warning.not_after, (ledger.key, warning)


def test_required_fields_come_from_the_spec():
    assert [f.name for f in spec.HAZARDS.required] == ["unit", "enterprise", "description", "level", "found_date"]
    assert all(f.required for t in LEDGER_TYPES.values() for f in t.required)


def _branches_on_a_ledger_type(tree: ast.AST) -> list[int]:
    """Lines comparing something with a ledger key written as a literal (`key == "hazards"`, `in ("tips", …)`)."""
    keys = set(LEDGER_TYPES)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for right in node.comparators:
                literals = right.elts if isinstance(right, (ast.Tuple, ast.List, ast.Set)) else [right]
                if any(isinstance(x, ast.Constant) and x.value in keys for x in literals):
                    found.append(node.lineno)
    return found


def test_no_module_of_ledgers_but_the_spec_branches_on_a_ledger_type():
    offenders = {}
    for path in sorted(LEDGERS.glob("*.py")):
        if path.name != "spec.py":
            lines = _branches_on_a_ledger_type(ast.parse(path.read_text(encoding="utf-8")))
            if lines:
                offenders[path.name] = lines
    assert offenders == {}


def test_the_branch_finder_finds_a_branch():
    assert _branches_on_a_ledger_type(ast.parse('if key == "hazards":\n    pass\nif k in ("tips", "x"):\n    pass')) == [1, 3]
