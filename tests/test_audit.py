"""The audit log (safetyboard/audit.py, migration 003, pages/audit_log.py): append-only, who/when/what/filters,
viewable and exportable by the admin only."""
import ast
import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from safetyboard import audit, auth
from safetyboard.metrics import Filters
from safetyboard.store import Store, get_store

import apptest_support as support

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "audit password 1"
ADMIN = auth.Principal("admin", "admin", "安委办")


def test_record_and_read_back(store):
    f = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31), units=("410411200000",), industries=("工贸",))
    assert audit.record(store, "export", username="leader", role="leader", target="隐患清单", filters=f,
                        detail={"rows": 3}, client="10.0.0.8", at=dt.datetime(2022, 11, 1, 9, 30))
    assert audit.record_for(store, ADMIN, "login", detail={"via": "password"})
    rows = audit.entries(store).to_pylist()
    assert [r["event"] for r in rows] == ["login", "export"]            # newest first
    export = rows[1]
    assert (export["username"], export["role"], export["target"], export["client"]) == ("leader", "leader", "隐患清单", "10.0.0.8")
    assert export["occurred_at"] == dt.datetime(2022, 11, 1, 9, 30)
    assert '"as_of": "2022-10-31"' in export["filters"] and '"units": ["410411200000"]' in export["filters"]
    assert audit.describe_filters(export["filters"]).startswith("起始日：2022-04-01；截止日：2022-10-31；乡/街道：曹镇乡；行业领域：工贸")


def test_entries_filter_by_date_user_and_event(store):
    for day, who, event in ((1, "a", "login"), (2, "b", "export"), (3, "a", "export"), (4, "a", "login_failed")):
        audit.record(store, event, username=who, at=dt.datetime(2022, 11, day, 12))
    pick = lambda **kw: [(r["username"], r["event"]) for r in audit.entries(store, **kw).to_pylist()]  # noqa: E731
    assert pick(since=dt.date(2022, 11, 2), until=dt.date(2022, 11, 3)) == [("a", "export"), ("b", "export")]
    assert pick(username="a", events=["export", "login"]) == [("a", "export"), ("a", "login")]
    assert pick(events=["undo"]) == []
    assert audit.usernames(store) == ["a", "b"] and audit.count(store) == 4
    assert len(pick(limit=2)) == 2


def test_unknown_events_are_a_programming_error(store):
    with pytest.raises(ValueError):
        audit.record(store, "delete_everything", username="x")


def test_the_api_is_append_only():
    source = (REPO / "safetyboard" / "audit.py").read_text(encoding="utf-8")
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("#", '"""')))
    for verb in ("UPDATE ", "DELETE ", "DROP ", "TRUNCATE", "ALTER ", "INSERT OR REPLACE", "ON CONFLICT"):
        assert verb not in code.upper().replace("\"\"\"", ""), verb
    public = [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
    assert sorted(public) == ["count", "describe_detail", "describe_filters", "entries", "record", "record_for", "usernames"]


def test_nothing_on_the_audit_page_can_edit_the_log():
    source = (REPO / "pages" / "audit_log.py").read_text(encoding="utf-8")
    assert "data_editor" not in source and "st.button" not in source and "audit.record" not in source


def test_migration_is_applied_to_a_database_that_skipped_it(tmp_path):
    db = tmp_path / "old.duckdb"
    s = Store(db)
    s.query("DROP TABLE audit_log")
    s.query("DROP TABLE import_undos")
    s.query("DROP SEQUENCE audit_seq")
    s.query("DELETE FROM schema_migrations WHERE level = 3")
    s.close()
    s = Store(db)                     # a level missing below the highest one is applied on open
    assert s.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'audit_log'") == 1
    assert audit.record(s, "login", username="x")
    assert audit.count(s) == 1
    assert s.scalar("SELECT count(*) FROM schema_migrations WHERE level = 3") == 1
    s.close()


def test_a_fresh_store_has_the_audit_tables_without_any_extra_step(tmp_path):
    """The migrations alone make the audit tables: recording, reading and undoing need no schema call of their own."""
    from safetyboard.ledgers.importer import import_file
    from safetyboard.ledgers.undo import import_history, undo_import
    from workbook_support import write_xlsx

    s = Store(tmp_path / "fresh.duckdb")
    tables = {r["table_name"] for r in s.query("SELECT table_name FROM information_schema.tables").to_pylist()}
    assert {"audit_log", "import_undos"} <= tables
    assert s.scalar("SELECT count(*) FROM schema_migrations WHERE level = 3") == 1
    assert audit.count(s) == 0 and audit.usernames(s) == []
    assert audit.record(s, "import", username="x") and audit.count(s) == 1
    path = write_xlsx(tmp_path / "h.xlsx", {"隐患": [["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
                                                   ["A1", "曹镇乡", "甲厂", "灭火器过期", "一般隐患", "2022-05-01", "未整改"]]})
    [result] = import_file(s, path)
    assert result.status == "imported", result.error
    undone = undo_import(s, result.import_id, user="x")
    assert undone.removed["hazards"] == 1
    assert import_history(s)[0]["undone_by"] == "x"
    s.close()


def test_an_unwritable_database_does_not_stop_the_caller(tmp_path):
    db = tmp_path / "ro.duckdb"
    Store(db).close()
    ro = Store(db, read_only=True)
    assert audit.record(ro, "login", username="x") is False
    ro.close()


def test_download_hook_records_who_exported_what(store, monkeypatch):
    from ui import data
    monkeypatch.setattr(data, "current_principal", lambda: ADMIN)
    monkeypatch.setattr(data, "client_address", lambda: "192.168.1.20")
    monkeypatch.setattr(data, "get_store", lambda path=None: store)
    f = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31), departments=("应急管理局",))
    produce = data.audited("逾期隐患清单", f, lambda: b"xlsx-bytes")
    assert audit.count(store) == 0                       # nothing until the file is made
    assert produce() == b"xlsx-bytes"
    entry = audit.entries(store).to_pylist()[0]
    assert (entry["event"], entry["username"], entry["target"], entry["client"]) == \
        ("export", "admin", "逾期隐患清单", "192.168.1.20")
    assert "应急管理局" in entry["filters"]
    data.audited("第三督导组简报", f, lambda: b"docx", event="briefing")()
    assert audit.entries(store, events=["briefing"]).to_pylist()[0]["target"] == "第三督导组简报"


# ---------------------------------------------------------------- the page

@pytest.fixture()
def admin_app(app_db, tmp_path, monkeypatch):
    support.use_users(monkeypatch, tmp_path / "users.toml", support.user("admin", "admin", PASSWORD, display_name="安委办"))
    return app_db


def signed_in(file: str) -> AppTest:
    return support.sign_in(support.run_page(file), "admin", PASSWORD)


def test_admin_sees_and_filters_the_log(admin_app):
    store = get_store(admin_app)
    audit.record(store, "export", username="leader", role="leader", target="执法案件表",
                 filters={"since": dt.date(2022, 4, 1), "units": ["410411001000"]})
    at = signed_in("pages/audit_log.py")
    log = at.dataframe[0].value
    assert list(log.columns) == ["序号", "时间", "用户", "角色", "事件", "对象", "筛选条件", "详情", "客户端地址"]
    assert set(log["事件"]) == {"登录", "导出表格"}
    # The sign-in's detail {"via": "password"} in words, not JSON.
    assert set(log.loc[log["事件"] == "登录", "详情"]) == {"方式：密码"}
    row = log[log["事件"] == "导出表格"].iloc[0]
    assert (row["用户"], row["角色"], row["对象"]) == ("leader", "区领导", "执法案件表")
    assert "乡/街道：马庄街道" in row["筛选条件"]
    assert [b.label for b in at.get("download_button")] == ["导出审计日志（Excel）"]
    at.multiselect(key="aud_events").set_value(["login"]).run()
    assert set(at.dataframe[0].value["事件"]) == {"登录"}


def test_detail_is_shown_in_chinese_words_not_json():
    import json

    from safetyboard import audit
    detail = {"import_id": 3, "forced_type": None, "sheets": [
        {"sheet": "隐患", "status": "imported", "ledger_type": "hazards", "rows": 14, "accepted": 12, "rejected": 2,
         "skipped": 0, "replaced": 0, "dropped_columns": []}]}
    assert audit.describe_detail(json.dumps(detail, ensure_ascii=False)) == (
        "批次：3，工作表：（工作表：隐患，结果：已导入，台账类型：隐患排查整治台账，总行数：14，接收：12，拒收：2，跳过：0，替换：0）")
    assert audit.describe_detail('{"via": "password"}') == "方式：密码"
    assert audit.describe_detail(None) == "" and audit.describe_detail("旧记录") == "旧记录"
