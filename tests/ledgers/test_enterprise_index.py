"""The 一企一档 search index (safetyboard/ledgers/enterprise_index.py, table enterprise_index): after every import
and every undo it holds exactly the rows of the view enterprise_index_rows, including the enterprises a replaced
row leaves; a database from before the index gets it filled when it is migrated."""
from pathlib import Path

from safetyboard import queries
from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.undo import undo_import
from safetyboard.store import Store

from fixture_register import CA, CX, write_register_ledgers

HEADER = "隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态"
COLUMNS = "identity, unit, enterprise_key, credit_code, enterprise, registered, hazards"


def hazards_csv(path: Path, rows: list[tuple]) -> Path:
    path.write_text("\n".join([HEADER] + [",".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


def index(store) -> list[tuple]:
    return [tuple(r.values()) for r in
            store.query(f"SELECT {COLUMNS} FROM enterprise_index ORDER BY ALL").to_pylist()]


def from_ledgers(store) -> list[tuple]:
    return [tuple(r.values()) for r in
            store.query(f"SELECT {COLUMNS} FROM enterprise_index_rows ORDER BY ALL").to_pylist()]


def brief(store) -> list[tuple]:
    """(name, 乡/街道, registered, hazards) per index row."""
    return [(r[4], r[1], r[5], r[6]) for r in index(store)]


def one_import(store, path) -> int:
    res = import_file(store, path, user="tester")
    assert all(r.status == "imported" for r in res), [r.error or r.message for r in res]
    return res[0].import_id


def search(store, text: str) -> list[tuple]:
    found = queries.run(store, "enterprise_search", {"search_key": text, "units": [], "limit": 50}).to_pylist()
    return [(r["enterprise"], r["registered"], r["hazards"]) for r in found]


def test_a_replaced_hazard_leaves_its_enterprise_and_undo_brings_it_back(store, tmp_path):
    a = one_import(store, hazards_csv(tmp_path / "第一批.csv", [
        ("U1", "马庄", "企业甲", "灭火器过期", "一般", "2022-05-01", "未整改"),
        ("U2", "马庄", "企业甲", "通道堵塞", "一般", "2022-05-02", "未整改"),
        ("U3", "曹镇", "企业乙", "配电箱", "重大", "2022-05-03", "整改中")]))
    after_a = [("企业乙", "曹镇乡", False, 1), ("企业甲", "马庄街道", False, 2)]
    assert brief(store) == after_a
    b = one_import(store, hazards_csv(tmp_path / "第二批.csv", [
        ("U2", "马庄", "企业丙", "通道堵塞", "一般", "2022-05-02", "已整改"),      # U2 moves from 企业甲 to 企业丙
        ("U4", "九里山", "企业丙", "无标识", "一般", "2022-06-01", "未整改")]))
    # 企业甲 keeps U1 only; 企业丙 has U2 in 马庄 and U4 in 九里山 (one row per 乡/街道)
    assert brief(store) == [("企业丙", "九里山街道", False, 1), ("企业丙", "马庄街道", False, 1),
                            ("企业乙", "曹镇乡", False, 1), ("企业甲", "马庄街道", False, 1)]
    assert index(store) == from_ledgers(store)
    assert search(store, "企业丙") == [("企业丙", False, 2)]
    undo_import(store, b)
    assert brief(store) == after_a
    assert search(store, "企业丙") == []
    undo_import(store, a)
    assert index(store) == []


def test_the_register_cases_and_hazards_of_the_cross_check_fixture(store, tmp_path):
    files = write_register_ledgers(tmp_path / "ledgers")
    ids = {}
    for key in ("hazards", "enforcement", "register"):
        ids[key] = one_import(store, files[key])
        assert index(store) == from_ledgers(store), key
    # Counted from tests/fixture_register.py: 10 hazard enterprises (X01 and X10 are both 甲公司 in 马庄: 11
    # hazards); the cases add 丙公司 under its other code CX, 戊公司分公司 and 庚公司 under code CG; the register
    # adds 某某加油站 and 某某餐馆 (its duplicate-code row is rejected): 15 rows, 8 of them registered.
    rows = index(store)
    assert (len(rows), sum(r[5] for r in rows), sum(r[6] for r in rows)) == (15, 8, 11)
    assert search(store, "甲公") == [("甲公司", True, 2)]
    assert search(store, CX[-6:]) == [("丙公司", True, 0)]          # by a part of the 统一社会信用代码
    undo_import(store, ids["hazards"])
    # The hazards' own three go (丙公司 under CC, 戊公司, 庚公司 without a code); every count is 0.
    rows = index(store)
    assert (len(rows), sum(r[5] for r in rows), sum(r[6] for r in rows)) == (12, 8, 0)
    assert rows == from_ledgers(store)
    undo_import(store, ids["register"])
    assert search(store, "加油站") == []
    assert search(store, CA) == [("甲 公司", False, 0)]              # still named by case K1, as it writes it
    assert index(store) == from_ledgers(store)


def test_a_database_from_before_the_index_gets_it_filled_on_migration(tmp_path):
    db = tmp_path / "old.duckdb"
    store = Store(db)
    one_import(store, write_register_ledgers(tmp_path / "ledgers")["hazards"])
    # Back to level 013: no index table, not recorded as applied.
    store.query("DROP TABLE enterprise_index")
    store.query("DELETE FROM schema_migrations WHERE level = 14")
    store.close()
    store = Store(db)
    try:
        assert len(index(store)) == 10 and index(store) == from_ledgers(store)
    finally:
        store.close()
