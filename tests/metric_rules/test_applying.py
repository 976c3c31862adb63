"""The metric rules (safetyboard/metric_rules/*.sql) are applied on every open, writable or read-only, so a rule
edited there reaches a database an older release made; the copies older migrations stored in the file are gone."""
import gzip
import shutil
from pathlib import Path

import pytest

from safetyboard import store as store_module
from safetyboard.store import Store, StoreError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHIPPED_RULES = store_module.RULES_DIR
AS_OF = "DATE '2022-10-31'"
# The fixture's hazards overdue at A under the current rule, counted by the same macro: it must change with it.
OVERDUE_SQL = f"SELECT count(*) FROM hazards WHERE is_overdue(status, rectified_date, deadline, extended_to, {AS_OF})"


def _level2_copy(tmp_path: Path) -> Path:
    db = tmp_path / "old.duckdb"
    db.write_bytes(gzip.decompress((FIXTURES / "schema_level2.duckdb.gz").read_bytes()))
    return db


def _rules_copy(tmp_path: Path, monkeypatch, overdue_body: str | None = None) -> Path:
    """A copy of the rules directory, used by the store; overdue_body replaces the body of is_overdue."""
    rules = tmp_path / "rules"
    if rules.exists():
        shutil.rmtree(rules)
    shutil.copytree(SHIPPED_RULES, rules)
    if overdue_body is not None:
        path = rules / "hazards.sql"
        text = path.read_text(encoding="utf-8")
        head = "CREATE OR REPLACE MACRO is_overdue(status, rectified_date, deadline, extended_to, as_of) AS"
        start = text.index(head) + len(head)
        end = text.index(";", start)
        path.write_text(text[:start] + f" ({overdue_body})" + text[end:], encoding="utf-8")
    monkeypatch.setattr(store_module, "RULES_DIR", rules)
    return rules


def test_the_level2_fixture_holds_the_old_macros_in_its_file(tmp_path):
    import duckdb
    con = duckdb.connect(str(_level2_copy(tmp_path)), read_only=True)
    try:
        names = {r[0] for r in con.execute("SELECT function_name FROM duckdb_functions() WHERE database_name = 'old'").fetchall()}
    finally:
        con.close()
    assert {"is_overdue", "is_rectified", "scoped_hazards"} <= names


def test_an_older_database_answers_with_the_current_rule_and_a_changed_rule_applies(tmp_path, monkeypatch):
    db = _level2_copy(tmp_path)
    s = Store(db)
    try:
        current = s.scalar(OVERDUE_SQL)
        # the migrations dropped every rule copy from the file: the rules catalog is the only one answering
        assert s.scalar("SELECT count(*) FROM duckdb_functions() WHERE database_name = 'old' "
                        "AND function_type IN ('macro', 'table_macro')") == 0
        assert s.scalar("SELECT count(*) FROM duckdb_views() WHERE database_name = 'old' AND NOT internal") == 0
    finally:
        s.close()
    assert 0 < current < 12      # some of the fixture's 12 hazards are overdue at 10-31, not all

    _rules_copy(tmp_path, monkeypatch, overdue_body="true")      # a changed rule: every hazard overdue
    s = Store(db)
    try:
        assert s.scalar(OVERDUE_SQL) == 12
    finally:
        s.close()
    _rules_copy(tmp_path, monkeypatch, overdue_body="false")     # and read-only opens get the rules too
    ro = Store(db, read_only=True)
    try:
        assert ro.scalar(OVERDUE_SQL) == 0
        # every cursor sees them, including a snapshot's
        snap = ro.snapshot()
        try:
            assert snap.scalar(OVERDUE_SQL) == 0
        finally:
            snap.close()
    finally:
        ro.close()


def test_a_read_only_open_of_an_unmigrated_database_uses_the_rules_files_not_its_stored_macros(tmp_path, monkeypatch):
    db = _level2_copy(tmp_path)
    _rules_copy(tmp_path, monkeypatch, overdue_body="true")
    ro = Store(db, read_only=True)
    try:
        assert ro.schema_level() == 2
        assert ro.scalar(OVERDUE_SQL) == 12      # the file's own is_overdue (level 002) would say fewer
    finally:
        ro.close()


def test_a_rules_file_that_does_not_apply_is_named_in_a_chinese_message(tmp_path, monkeypatch):
    rules = _rules_copy(tmp_path, monkeypatch)
    (rules / "zz_broken.sql").write_text("CREATE OR REPLACE MACRO broken(x) AS no_such_function(x);", encoding="utf-8")
    with pytest.raises(StoreError) as raised:
        Store(tmp_path / "fresh.duckdb")
    assert str(raised.value).startswith("口径规则文件「zz_broken.sql」无法应用：")


def test_rules_files_apply_in_file_name_order(tmp_path, monkeypatch):
    rules = _rules_copy(tmp_path, monkeypatch)
    (rules / "zz_later.sql").write_text("CREATE OR REPLACE MACRO later_rule(x) AS earlier_rule(x) + 1;", encoding="utf-8")
    (rules / "zy_earlier.sql").write_text("CREATE OR REPLACE MACRO earlier_rule(x) AS x * 10;", encoding="utf-8")
    s = Store(tmp_path / "fresh.duckdb")
    try:
        assert s.scalar("SELECT later_rule(2)") == 21
    finally:
        s.close()


def test_definitions_come_from_the_rules_files_comments(tmp_path, monkeypatch):
    from safetyboard import definitions as defs
    rules = _rules_copy(tmp_path, monkeypatch)
    path = rules / "hazards.sql"
    text = path.read_text(encoding="utf-8").replace("-- 口径 临期：存量（截至A）。", "-- 口径 临期：存量（截至A）。改过的说明。")
    path.write_text(text, encoding="utf-8")
    changed = {d.name: d.text for d in defs.definitions(rules)}
    assert changed["临期"].startswith("存量（截至A）。改过的说明。")
    assert {d.name: d.text for d in defs.definitions(SHIPPED_RULES)}["临期"].startswith("存量（截至A）。截至A未整改")
