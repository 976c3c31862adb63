"""What an import left in the database, read back for the ledger tests, and the headers of the ledgers they write."""
from pathlib import Path

from safetyboard.store import Store

from workbook_support import write_xlsx


HAZARD_HEADER = ["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改时限", "整改状态", "完成日期"]
PROBLEM_HEADER = ["序号", "问题编号", "督导组", "督导对象", "发现日期", "问题描述", "交办日期", "整改责任单位", "整改时限",
                  "整改情况", "整改完成日期", "复查日期", "复查结果", "销号日期"]


def snapshot(store: Store) -> dict[str, list[str]]:
    """Every row of every table, sorted: equal snapshots mean the database holds the same data."""
    tables = [r[0] for r in store.con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE'"
        " ORDER BY table_name").fetchall()]
    return {t: sorted(map(repr, store.con.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}


def rows(store: Store, sql: str, params: dict | None = None) -> list[tuple]:
    return store.con.execute(sql, params or {}).fetchall()


def accounted(results) -> None:
    for r in results:
        assert r.rows == r.accepted + r.rejected + r.skipped, r


def hazard_file(path: Path, data: list[list], title: str = "马庄街道隐患排查整治台账（2022年）") -> Path:
    return write_xlsx(path, {"隐患": [[title], HAZARD_HEADER, *data]})
