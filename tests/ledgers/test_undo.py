"""撤销导入 (safetyboard/ledgers/undo.py): an import's rows go, the rows it replaced come back, in one
transaction; refused while a later import replaced rows of it; the same file can be imported again."""
import datetime as dt
from pathlib import Path

import pytest

from safetyboard.ledgers import undo
from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.undo import undo_import

from import_support import PROBLEM_HEADER, rows
from workbook_support import write_xlsx

HEADER = "隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态"


def hazards_csv(path: Path, rows: list[tuple]) -> Path:
    lines = [HEADER] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(store, table: str = "hazards") -> list[tuple]:
    cols = ("record_key, unit, enterprise, description, status, import_id" if table == "hazards"
            else 'record_key, "group", target, import_id')
    return store.query(f"SELECT {cols} FROM {table} ORDER BY record_key").to_pylist()


def state(store) -> dict:
    """Everything an undo may touch."""
    out = {}
    for t in undo.TABLES:
        out[t] = store.query(f"SELECT * FROM {t} ORDER BY record_key").to_pylist()
        out[f"{t}_history"] = store.query(f"SELECT * FROM {t}_history ORDER BY record_key, replaced_by").to_pylist()
    out["imports"] = store.query("SELECT * FROM imports ORDER BY import_id").to_pylist()
    out["import_undos"] = store.query("SELECT * FROM import_undos ORDER BY import_id").to_pylist()
    return out


def one_import(store, path, **kw) -> int:
    res = import_file(store, path, user="tester", **kw)
    assert all(r.status == "imported" for r in res), [r.error or r.message for r in res]
    return res[0].import_id


@pytest.fixture()
def files(tmp_path):
    a = hazards_csv(tmp_path / "第一批.csv", [
        ("U1", "马庄", "企业甲", "灭火器过期", "一般", "2022-05-01", "未整改"),
        ("U2", "马庄", "企业甲", "通道堵塞", "一般", "2022-05-02", "未整改"),
        ("U3", "曹镇", "企业乙", "配电箱", "重大", "2022-05-03", "整改中")])
    b = hazards_csv(tmp_path / "第二批.csv", [
        ("U2", "马庄", "企业甲", "通道堵塞", "一般", "2022-05-02", "已整改"),     # replaces A's U2
        ("U4", "九里山", "企业丙", "无标识", "一般", "2022-06-01", "未整改")])
    c = hazards_csv(tmp_path / "第三批.csv", [
        ("U2", "马庄", "企业甲", "通道堵塞", "一般", "2022-05-02", "已销号")])    # replaces B's U2
    return a, b, c


def test_undo_removes_the_rows_and_brings_back_what_it_replaced(store, files):
    a, b, _ = files
    ia = one_import(store, a)
    before_b = snapshot(store)
    ib = one_import(store, b)
    assert {r["record_key"]: r["status"] for r in snapshot(store)}["U2"] == "已整改"

    result = undo.undo_import(store, ib, user="admin")
    assert snapshot(store) == before_b                     # U4 gone, A's U2 back exactly
    assert result.removed["hazards"] == 2 and result.restored["hazards"] == 1
    assert "删除隐患排查整治台账2行" in result.message and "恢复被其替换的旧数据隐患排查整治台账1行" in result.message
    assert store.query("SELECT count(*) AS n FROM hazards_history").to_pylist()[0]["n"] == 0
    undone = store.query("SELECT i.undone_at, u.undone_by FROM imports i JOIN import_undos u USING (import_id)"
                         " WHERE import_id = $id", {"id": ib}).to_pylist()[0]
    assert undone["undone_at"] is not None and undone["undone_by"] == "admin"
    assert ia < ib


def test_undo_is_refused_while_a_later_import_replaced_its_rows(store, files):
    a, b, c = files
    ia, ib = one_import(store, a), one_import(store, b)
    before = state(store)
    with pytest.raises(undo.UndoError) as err:
        undo.undo_import(store, ia)
    message = str(err.value)
    assert f"不能撤销导入批次{ia}（文件「第一批.csv」）" in message
    assert f"批次{ib}（文件「第二批.csv」" in message and "tester" in message and f"请先撤销批次{ib}" in message
    assert state(store) == before
    assert [b["import_id"] for b in undo.blocking_imports(store, ia)] == [ib]

    # Undo the later one first, then the earlier one goes too.
    undo.undo_import(store, ib)
    undo.undo_import(store, ia)
    assert snapshot(store) == []


def test_a_chain_of_replacements_unwinds_in_order(store, files):
    a, b, c = files
    ia, ib, ic = one_import(store, a), one_import(store, b), one_import(store, c)
    with pytest.raises(undo.UndoError, match=f"批次{ic}"):
        undo.undo_import(store, ib)
    undo.undo_import(store, ic)
    assert {r["record_key"]: r["status"] for r in snapshot(store)}["U2"] == "已整改"
    undo.undo_import(store, ib)
    assert {r["record_key"]: r["status"] for r in snapshot(store)}["U2"] == "未整改"
    assert {r["import_id"] for r in snapshot(store)} == {ia}


def test_undone_import_no_longer_blocks(store, files):
    a, b, _ = files
    ia, ib = one_import(store, a), one_import(store, b)
    undo.undo_import(store, ib)
    assert undo.blocking_imports(store, ia) == []
    undo.undo_import(store, ia)


def test_the_same_file_can_be_imported_again_after_an_undo(store, files):
    a = files[0]
    ia = one_import(store, a)
    again = import_file(store, a)
    assert again[0].status == "already_imported"
    undo.undo_import(store, ia)
    assert snapshot(store) == []
    res = import_file(store, a)
    assert res[0].status == "imported" and res[0].accepted == 3 and res[0].import_id != ia
    assert len(snapshot(store)) == 3


def test_undo_changes_the_data_version(store, files):
    ia = one_import(store, files[0])
    version = store.data_version()
    undo.undo_import(store, ia)
    assert store.data_version() != version


def test_undo_again_or_of_nothing_is_a_clear_message(store, files):
    ia = one_import(store, files[0])
    undo.undo_import(store, ia)
    with pytest.raises(undo.UndoError, match=f"导入批次{ia}（文件「第一批.csv」）已于.*撤销，无需再次撤销"):
        undo.undo_import(store, ia)
    with pytest.raises(undo.UndoError, match="导入批次999不存在"):
        undo.undo_import(store, 999)


def test_undo_is_one_transaction(store, files, monkeypatch):
    a, b, _ = files
    one_import(store, a)
    ib = one_import(store, b)
    before = state(store)
    # The last table does not exist: the undo fails after the hazards were already handled.
    monkeypatch.setattr(undo, "TABLES", undo.TABLES + ("no_such_ledger",))
    with pytest.raises(Exception):
        undo.undo_import(store, ib)
    monkeypatch.undo()
    assert state(store) == before
    undo.undo_import(store, ib)     # and the store is still usable


def test_undo_of_a_group_assignment_snapshot_restores_the_previous_one(store, tmp_path):
    first = tmp_path / "分工1.csv"
    first.write_text("督导组,督导对象,对象类型\n第一督导组,马庄街道,乡/街道\n第二督导组,九里山街道,乡/街道\n", encoding="utf-8")
    second = tmp_path / "分工2.csv"
    second.write_text("督导组,督导对象,对象类型\n第三督导组,曹镇乡,乡/街道\n", encoding="utf-8")
    one_import(store, first)
    before = snapshot(store, "assignments")
    i2 = one_import(store, second)
    assert len(snapshot(store, "assignments")) == 1
    undo.undo_import(store, i2)
    assert snapshot(store, "assignments") == before


def test_undo_of_a_workbook_whose_sheets_replace_each_other(store, tmp_path):
    import xlsxwriter
    path = tmp_path / "两个工作表.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    for sheet, status in (("一月", "未整改"), ("二月", "已整改")):
        ws = wb.add_worksheet(sheet)
        for c, v in enumerate(HEADER.split(",")):
            ws.write_string(0, c, v)
        for c, v in enumerate(("W1", "马庄", "企业甲", "漏电", "一般", "2022-05-01", status)):
            ws.write_string(1, c, v)
    wb.close()
    earlier = one_import(store, hazards_csv(tmp_path / "旧.csv", [("W1", "马庄", "企业甲", "漏电", "一般", "2022-05-01", "整改中")]))
    before = snapshot(store)
    later = one_import(store, path)
    assert snapshot(store)[0]["status"] == "已整改"
    undo.undo_import(store, later)
    assert snapshot(store) == before and snapshot(store)[0]["import_id"] == earlier


def test_import_history_lists_counts_and_undo_state(store, files):
    a, b, _ = files
    ia, ib = one_import(store, a), one_import(store, b)
    undo.undo_import(store, ib, user="admin")
    history = undo.import_history(store)
    assert [h["import_id"] for h in history] == [ib, ia]
    latest, first = history
    assert (first["file_name"], first["rows"], first["accepted"], first["replaced"], first["undone_at"]) == \
        ("第一批.csv", 3, 3, 0, None)
    assert first["imported_by"] == "tester" and first["ledger_labels"] == ["隐患排查整治台账"]
    assert (latest["replaced"], latest["undone_by"]) == (1, "admin")
    assert isinstance(latest["undone_at"], dt.datetime)


def test_newer_problem_list_replaces_and_undo_restores(store, tmp_path):
    first = write_xlsx(tmp_path / "问题1.xlsx", {"问题清单": [PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄", "2022-06-01", "台账不全", "2022-06-03", None, "2022-07-01", "未整改", None, None, None, None]]})
    second = write_xlsx(tmp_path / "问题2.xlsx", {"问题清单": [PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄", "2022-06-01", "台账不全", "2022-06-03", None, "2022-07-01", "已整改", "2022-06-25",
         "2022-10-10", "通过", None]]})
    (a,) = import_file(store, first)
    (b,) = import_file(store, second)
    assert (b.accepted, b.replaced) == (1, 1)
    assert rows(store, "SELECT status FROM problems") == [("已整改",)]
    assert rows(store, "SELECT status, replaced_by FROM problems_history") == [("未整改", b.import_id)]
    undo_import(store, b.import_id)
    assert rows(store, "SELECT status FROM problems") == [("未整改",)]
    assert rows(store, "SELECT count(*) FROM problems_history") == [(0,)]
