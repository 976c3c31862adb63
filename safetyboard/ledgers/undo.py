"""Undo an import (撤销导入) and list the import history.

Undoing import X, in one transaction: X's rows leave every ledger table; the rows X replaced come back
from <ledger>_history (replaced_by = X); imports.undone_at is set and import_undos says who. It is
refused while a later import that is not undone has replaced rows of X (those rows live only in
history now): that import must be undone first. After an undo the same file can be imported again
(import_file only treats files of imports that are not undone as already imported)."""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from ..formatting import DASH, cn_datetime
from ..store import Store, run
from . import enterprise_index
from .spec import LEDGER_TYPES

TABLES = tuple(LEDGER_TYPES)      # ledger key = table name (fixed spec, never input)


class UndoError(Exception):
    """str(self) is the Chinese message for the user."""


@dataclass
class UndoResult:
    import_id: int
    file_name: str
    removed: dict[str, int] = field(default_factory=dict)     # ledger -> rows removed
    restored: dict[str, int] = field(default_factory=dict)    # ledger -> earlier rows back from history

    @property
    def message(self) -> str:
        def part(counts: dict[str, int]) -> str:
            items = [f"{LEDGER_TYPES[k].label}{n}行" for k, n in counts.items() if n]
            return "、".join(items) if items else "0行"
        return (f"已撤销导入批次{self.import_id}（文件「{self.file_name}」）：删除{part(self.removed)}，"
                f"恢复被其替换的旧数据{part(self.restored)}。")


def _when(ts: dt.datetime | None) -> str:
    return cn_datetime(ts) if ts else DASH


def blocking_imports(store: Store, import_id: int) -> list[dict]:
    """Later imports, not undone, that replaced rows of this import (oldest first)."""
    union = " UNION ".join(
        f"SELECT DISTINCT replaced_by FROM {t}_history WHERE import_id = $id AND replaced_by <> $id" for t in TABLES)
    return store.query(
        f"SELECT i.import_id, i.file_name, i.imported_at, i.imported_by FROM imports i"
        f" WHERE i.undone_at IS NULL AND i.import_id IN ({union}) ORDER BY i.import_id",
        {"id": import_id}).to_pylist()


def undo_import(store: Store, import_id: int, user: str | None = None, now: dt.datetime | None = None) -> UndoResult:
    now = now or dt.datetime.now().replace(microsecond=0)
    with store.write_lock, store.transaction() as cur:
        found = run(cur, "SELECT file_name, undone_at FROM imports WHERE import_id = $id", {"id": import_id})
        if not found:
            raise UndoError(f"导入批次{import_id}不存在。")
        file_name, undone_at = found[0]
        if undone_at is not None:
            raise UndoError(f"导入批次{import_id}（文件「{file_name}」）已于{_when(undone_at)}撤销，无需再次撤销。")
        union = " UNION ".join(f"SELECT DISTINCT replaced_by FROM {t}_history WHERE import_id = $id"
                               f" AND replaced_by <> $id" for t in TABLES)
        blockers = run(cur, f"SELECT import_id, file_name, imported_at, imported_by FROM imports"
                            f" WHERE undone_at IS NULL AND import_id IN ({union}) ORDER BY import_id",
                       {"id": import_id})
        if blockers:
            later = "；".join(f"批次{b[0]}（文件「{b[1]}」，{_when(b[2])}" + (f"由{b[3]}" if b[3] else "") + "导入）"
                             for b in blockers)
            raise UndoError(f"不能撤销导入批次{import_id}（文件「{file_name}」）：其中的部分数据已被之后的导入替换——"
                            f"{later}。请先撤销{'、'.join(f'批次{b[0]}' for b in blockers)}，再撤销本批次。"
                            "数据库未做任何更改。")
        result = UndoResult(import_id, file_name)
        enterprise_index.start(cur)
        for t in TABLES:
            columns = [r[0] for r in run(
                cur, "SELECT column_name FROM information_schema.columns WHERE table_name = $t"
                     " ORDER BY ordinal_position", {"t": t})]
            names = ", ".join(f'"{c}"' for c in columns)
            enterprise_index.note(cur, t, "import_id = $id", {"id": import_id})
            enterprise_index.note(cur, t, "replaced_by = $id", {"id": import_id}, history=True)
            result.removed[t] = run(cur, f"DELETE FROM {t} WHERE import_id = $id", {"id": import_id})[0][0]
            # Rows of this same import that a later sheet of it replaced stay gone.
            result.restored[t] = run(cur, f"INSERT INTO {t} ({names}) SELECT {names} FROM {t}_history"
                                          f" WHERE replaced_by = $id AND import_id <> $id", {"id": import_id})[0][0]
            run(cur, f"DELETE FROM {t}_history WHERE replaced_by = $id", {"id": import_id})
        enterprise_index.refresh(cur)
        run(cur, "UPDATE imports SET undone_at = $now WHERE import_id = $id", {"now": now, "id": import_id})
        run(cur, "INSERT INTO import_undos VALUES ($id, $now, $user)", {"id": import_id, "now": now, "user": user})
    return result


def import_history(store: Store, limit: int = 500) -> list[dict]:
    """Imports newest first with their counts over all sheets, ledger types and undo state."""
    rows = store.query(
        """SELECT i.import_id, i.file_name, i.imported_at, i.imported_by, i.file_size,
                  list(DISTINCT s.ledger_type ORDER BY s.ledger_type) FILTER (WHERE s.ledger_type IS NOT NULL) AS ledger_types,
                  count(s.sheet) AS sheets,
                  CAST(coalesce(sum(s.rows), 0) AS BIGINT) AS rows, CAST(coalesce(sum(s.accepted), 0) AS BIGINT) AS accepted,
                  CAST(coalesce(sum(s.rejected), 0) AS BIGINT) AS rejected, CAST(coalesce(sum(s.skipped), 0) AS BIGINT) AS skipped,
                  CAST(coalesce(sum(s.replaced), 0) AS BIGINT) AS replaced,
                  i.undone_at, u.undone_by
           FROM imports i LEFT JOIN import_sheets s USING (import_id) LEFT JOIN import_undos u USING (import_id)
           GROUP BY ALL ORDER BY i.import_id DESC LIMIT $limit""", {"limit": int(limit)}).to_pylist()
    for r in rows:
        r["ledger_labels"] = [LEDGER_TYPES[k].label for k in (r["ledger_types"] or []) if k in LEDGER_TYPES]
    return rows


def batches_key(live_ids) -> str:
    """A short name of a set of live batches: changes whenever a batch is imported or undone."""
    return hashlib.sha256(",".join(map(str, sorted(live_ids))).encode()).hexdigest()[:12]


def batch_contents(store: Store, import_id: int) -> tuple[int, list[str]]:
    """(rows an undo of this batch removes, the 乡/街道 those rows belong to, in reference order)."""
    with_unit = {r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'unit_code'").to_pylist()}
    counts = " UNION ALL ".join(
        f"SELECT count(*) AS n, {'list(DISTINCT unit_code)' if t in with_unit else '[]::VARCHAR[]'} AS codes"
        f" FROM {t} WHERE import_id = $id" for t in TABLES)
    rows = store.query(f"SELECT CAST(sum(n) AS BIGINT) AS n, flatten(list(codes)) AS codes FROM ({counts})",
                       {"id": import_id}).to_pylist()[0]
    codes = set(rows["codes"] or [])
    names = store.query("SELECT code, name FROM units ORDER BY sort_order").to_pylist()
    return int(rows["n"] or 0), [u["name"] for u in names if u["code"] in codes]
