"""Import ledger files into the store: one file is one transaction, the original is archived by
its SHA-256, a newer row replaces an older one with the same key (the old one goes to history)."""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pyarrow as pa

from ..config import archive_dir_for
from ..formatting import cn_datetime
from ..store import Store, run
from . import enterprise_index
from .context import resolve as resolve_context
from .headers import HeaderBand, Mapping, NotALedger, detect, locate_header
from .normalise import KINDS, ParsedSheet, cells_json, parse_sheet
from .redact import archive_name, carries_personal_data, write_redacted
from .reader import RawSheet, ReadError, read_file
from .spec import LEDGER_TYPES, KeyRule, LedgerType

Progress = Callable[[float, str], None]


@dataclass
class SheetResult:
    """One object of the CLI's --json array (field names are the contract)."""
    file: str
    sheet: str | None
    sha256: str | None
    status: str                       # imported | already_imported | failed | skipped (not a ledger)
    ledger_type: str | None = None
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0
    replaced: int = 0
    dropped_columns: list[str] = field(default_factory=list)
    error: str | None = None
    message: str | None = None
    import_id: int | None = None
    unmapped_columns: list[str] = field(default_factory=list)
    header_map: dict[str, str] = field(default_factory=dict)
    warnings: int = 0
    # Where a value shared by the whole ledger came from when it has no column, e.g.
    # {"unit": {"value": "曹镇乡", "source": "title"}} (ledgers/context.py); {} when every value is in a column.
    context: dict = field(default_factory=dict)
    filled: dict = field(default_factory=dict)   # {"merged": cells, "ditto": cells} given a value from elsewhere
    rejected_rows: list[dict] = field(default_factory=list)   # not in --json; for the page and error reports

    def to_json(self) -> dict:
        out = asdict(self)
        out.pop("rejected_rows")
        return out


def _key_part(ledger: LedgerType, column: str | KeyRule) -> str:
    """One part of a key as text: dates as ISO text, a month as YYYY-MM, free text without whitespace and case."""
    if isinstance(column, KeyRule):
        return f"{column.macro}({', '.join(_q(c) for c in column.columns)})"
    kind = _COLUMN_KINDS[ledger.key][column]
    if kind == "month":
        return f"strftime({_q(column)}, '%Y-%m')"
    if kind == "text":
        return f"lower(regexp_replace({_q(column)}, '\\s+', '', 'g'))"
    if kind in ("date", "node"):
        return f"CAST({_q(column)} AS VARCHAR)"
    return _q(column)


def _joined(ledger: LedgerType, columns: tuple) -> str:
    parts = [_key_part(ledger, c) for c in columns]
    return parts[0] if len(parts) == 1 else f"concat_ws('|', {', '.join(parts)})"


def key_sql(ledger: LedgerType) -> str:
    """The SQL of a ledger's record key, built from its spec: the natural_key columns joined by '|'; a row whose id
    is empty gets 'D-' and the first 16 hex digits of the md5 of its derived_key columns."""
    key = _joined(ledger, ledger.natural_key)
    if ledger.derived_key:
        key = f"coalesce({key}, 'D-' || substr(md5({_joined(ledger, ledger.derived_key.columns)}), 1, 16))"
    return key


def _column_kinds(ledger: LedgerType) -> dict[str, str]:
    """Stored column -> the kind of the field it comes from (a unit field stores unit_code and unit)."""
    return {o.name.format(f.name): f.kind for f in ledger.fields if f.kind != "ignore" for o in KINDS[f.kind][0]}


_COLUMN_KINDS = {k: _column_kinds(t) for k, t in LEDGER_TYPES.items()}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class PreparedSheet:
    raw: RawSheet
    band: HeaderBand | None
    mapping: Mapping | None
    parsed: ParsedSheet | None
    reason: str | None            # why the sheet is not a ledger


def prepare(path: Path, label: str, forced_type: str | None = None, progress: Progress | None = None) -> list[PreparedSheet]:
    """Read and parse every sheet; raises ReadError when the file holds no ledger at all."""
    if forced_type and forced_type not in LEDGER_TYPES:
        raise ReadError(f"台账类型「{forced_type}」不存在，应为：{'、'.join(LEDGER_TYPES)}")
    sheets = read_file(path, label)
    prepared: list[PreparedSheet] = []
    closest: list[str] = []
    for i, raw in enumerate(sheets):
        if progress:
            progress(0.1 + 0.5 * i / max(len(sheets), 1), f"正在解析工作表「{raw.name}」")
        if raw.num_rows == 0:
            prepared.append(PreparedSheet(raw, None, None, None, "空工作表"))
            continue
        if raw.hidden:   # a hidden sheet holds the drop-down lists (a 字典 sheet), not a ledger anyone reads
            prepared.append(PreparedSheet(raw, None, None, None, "隐藏的工作表（通常是下拉选项字典），未导入"))
            continue
        head = raw.table.slice(0, 30).to_pylist()
        band = locate_header([list(r.values()) for r in head], raw.table.column_names)
        if band is None:
            prepared.append(PreparedSheet(raw, None, None, None, "未找到表头（前30行中没有可识别的列名）"))
            continue
        try:
            mapping = detect(band, forced_type)
        except NotALedger as exc:
            closest.append(str(exc))
            prepared.append(PreparedSheet(raw, band, None, None, str(exc)))
            continue
        context = resolve_context(mapping, band, raw.name, label)
        prepared.append(PreparedSheet(raw, band, mapping, parse_sheet(raw, band, mapping, context), None))
    if not any(p.parsed for p in prepared):
        expected = "、".join(t.label for t in LEDGER_TYPES.values())
        detail = "；".join(f"工作表「{p.raw.name}」{p.reason}" for p in prepared) or "没有工作表"
        raise ReadError(f"文件「{label}」中没有可识别的台账（{detail}）。应为以下台账之一：{expected}。")
    return prepared


def import_file(store: Store, path: str | Path, *, label: str | None = None, forced_type: str | None = None,
                user: str | None = None, progress: Progress | None = None) -> list[SheetResult]:
    path = Path(path)
    label = label or path.name
    try:
        sha = sha256_of(path)
    except OSError as exc:
        return [SheetResult(label, None, None, "failed", error=f"文件「{label}」无法打开：{exc.strerror}")]
    earlier = store.query(
        "SELECT i.import_id, i.imported_at, s.sheet, s.ledger_type FROM imports i LEFT JOIN import_sheets s USING (import_id)"
        " WHERE i.sha256 = $sha AND i.undone_at IS NULL ORDER BY s.sheet", {"sha": sha}).to_pylist()
    if earlier:
        when = cn_datetime(earlier[0]["imported_at"])
        msg = f"文件「{label}」已于{when}导入（导入批次{earlier[0]['import_id']}），内容相同，本次未做任何更改。"
        return [SheetResult(label, e["sheet"], sha, "already_imported", e["ledger_type"], message=msg,
                            import_id=e["import_id"]) for e in earlier]
    if progress:
        progress(0.05, f"正在读取「{label}」")
    try:
        prepared = prepare(path, label, forced_type, progress)
    except ReadError as exc:
        return [SheetResult(label, None, sha, "failed", error=str(exc))]
    if progress:
        progress(0.65, "正在写入数据库")
    archive = archive_dir_for(store.path) / archive_name(sha, path.suffix, prepared)
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
        if not archive.exists():
            _archive(path, archive, prepared, label, sha)
        results = _write(store, prepared, label, sha, path.stat().st_size, archive, user)
    except OSError as exc:
        why = "磁盘空间不足" if exc.errno == errno.ENOSPC else f"无法写入数据目录（{exc.strerror}）"
        return [SheetResult(label, None, sha, "failed", error=f"文件「{label}」导入失败：{why}，数据库未做任何更改。")]
    except (duckdb.IOException, duckdb.FatalException) as exc:
        try:
            store.reconnect()
        except Exception:
            pass  # still unwritable: the next use reports it
        why = "磁盘空间不足" if "space" in str(exc).lower() else "无法写入数据目录（只读或无权限）"
        return [SheetResult(label, None, sha, "failed", error=f"文件「{label}」导入失败：{why}，数据库未做任何更改。")]
    if progress:
        progress(1.0, f"「{label}」导入完成")
    return results


def _archive(path: Path, archive: Path, prepared: list[PreparedSheet], label: str, sha: str) -> None:
    """The original, or for a ledger with personal data its redacted copy (ledgers/redact.py); written under a
    temporary name first, so a crash never leaves half a file under the final one."""
    partial = archive.with_name(archive.name + ".partial")
    if carries_personal_data(prepared):
        write_redacted(prepared, partial, label, sha)
    else:
        shutil.copyfile(path, partial)
    partial.replace(archive)


def _write(store: Store, prepared: list[PreparedSheet], label: str, sha: str, size: int, archive: Path,
           user: str | None) -> list[SheetResult]:
    now = dt.datetime.now().replace(microsecond=0)
    with store.write_lock, store.transaction() as cur:
        import_id = run(cur, "SELECT nextval('import_id_seq')")[0][0]
        run(cur, "INSERT INTO imports VALUES ($id, $sha, $name, $size, $archive, $at, $user, NULL)",
            {"id": import_id, "sha": sha, "name": label, "size": size, "archive": str(archive),
             "at": now, "user": user})
        enterprise_index.start(cur)
        results = [_write_sheet(cur, import_id, p, label, sha, now) for p in prepared]
        enterprise_index.refresh(cur)
    return results


def _write_sheet(cur, import_id: int, p: PreparedSheet, label: str, sha: str, now: dt.datetime) -> SheetResult:
    if p.parsed is None:
        result = SheetResult(label, p.raw.name, sha, "skipped", message=f"工作表「{p.raw.name}」不是台账，已跳过：{p.reason}",
                             import_id=import_id)
        run(cur, "INSERT INTO import_sheets VALUES ($id, $sheet, NULL, 'skipped', 0, 0, 0, 0, 0, [], NULL, $msg)",
                    {"id": import_id, "sheet": p.raw.name, "msg": result.message})
        return result
    parsed, ledger = p.parsed, p.mapping.ledger
    table = pa.table({**parsed.columns, "source_row": parsed.source_rows})
    cur.register("incoming", table)
    run(cur, f"""CREATE OR REPLACE TEMP TABLE stage AS
        SELECT *, {key_sql(ledger)} AS record_key FROM incoming""")
    cur.unregister("incoming")
    # Two rows of one sheet with the same key: the first stands, the later one is rejected.
    dups = cur.execute("""SELECT source_row, record_key, first_row FROM (
            SELECT source_row, record_key, min(source_row) OVER (PARTITION BY record_key) AS first_row FROM stage)
        WHERE source_row <> first_row ORDER BY source_row""").fetchall()
    rejected = list(parsed.rejected)
    if dups:
        cells = _raw_cells(p, [d[0] for d in dups])
        id_field, same = (ledger.natural_key[0], ledger.derived_key.named) if ledger.derived_key else (None, "")
        # The id column name comes from the fixed spec, never from input.
        derived = {r[0] for r in run(cur, f"SELECT source_row FROM stage WHERE {_q(id_field)} IS NULL")} \
            if id_field else set()
        run(cur, "DELETE FROM stage WHERE source_row IN (SELECT unnest($rows))", {"rows": [d[0] for d in dups]})
        for row, key, first in dups:
            # A derived key is not in the sheet: say which cells make the two rows the same instead.
            reason = (f"与本表第{first}行重复（未填{ledger.key_label}，{same}均相同）"
                      if row in derived else f"{ledger.key_label}「{key}」与本表第{first}行重复")
            rejected.append({"row_number": row, "cells": cells[row], "reasons": reason})
        rejected.sort(key=lambda r: r["row_number"])
    target = ledger.key
    columns = [r[0] for r in run(cur, 
        "SELECT column_name FROM information_schema.columns WHERE table_name = $t ORDER BY ordinal_position",
        {"t": target})]
    staged = {r[0] for r in run(cur, "SELECT column_name FROM (DESCRIBE stage)")}
    select = ", ".join(_select_expr(c, staged, ledger) for c in columns)
    if ledger.replaces_all:
        replaced_where = "TRUE"
    else:
        replaced_where = "record_key IN (SELECT record_key FROM stage)"
    # Table names come from the fixed ledger spec, never from input.
    replaced = run(cur, f"SELECT count(*) FROM {target} WHERE {replaced_where}")[0][0]
    # By name: a ledger table may have gained columns after its history table was made (migration 005).
    run(cur, f"INSERT INTO {target}_history BY NAME SELECT *, $id AS replaced_by, $at AS replaced_at"
             f" FROM {target} WHERE {replaced_where}", {"id": import_id, "at": now})
    if "enterprise_id" in columns:   # the table numbers its enterprises (migration 005)
        _register_enterprises(cur, staged)
    enterprise_index.note(cur, target, replaced_where)
    run(cur, f"DELETE FROM {target} WHERE {replaced_where}")
    run(cur, f"INSERT INTO {target} ({', '.join(_q(c) for c in columns)}) SELECT {select} FROM stage",
                {"import_id": import_id, "sheet": p.raw.name})
    enterprise_index.note(cur, target, "import_id = $id", {"id": import_id})
    accepted = run(cur, "SELECT count(*) FROM stage")[0][0]
    if rejected:
        cur.register("rej", pa.table({
            "row_number": [r["row_number"] for r in rejected],
            "cells": [cells_json(r["cells"]) for r in rejected],
            "reasons": [r["reasons"] for r in rejected]}))
        run(cur, "INSERT INTO rejections SELECT $id, $sheet, $type, row_number, cells, reasons FROM rej",
                    {"id": import_id, "sheet": p.raw.name, "type": ledger.key})
        cur.unregister("rej")
    warned = 0
    if parsed.warnings:
        cur.register("warn", pa.table({"row_number": [w[0] for w in parsed.warnings],
                                       "message": [w[1] for w in parsed.warnings]}))
        # Only rows that were stored: a row rejected as a duplicate key has its rejection, not a warning too.
        warned = run(cur, """INSERT INTO warnings SELECT $id, $sheet, $type, w.row_number, s.record_key, w.message
                       FROM warn w JOIN stage s ON s.source_row = w.row_number""",
                     {"id": import_id, "sheet": p.raw.name, "type": ledger.key})[0][0]
        cur.unregister("warn")
    run(cur, "DROP TABLE stage")
    result = SheetResult(label, p.raw.name, sha, "imported", ledger.key, rows=parsed.rows, accepted=accepted,
                         rejected=len(rejected), skipped=parsed.skipped, replaced=replaced,
                         dropped_columns=p.mapping.dropped, import_id=import_id,
                         unmapped_columns=p.mapping.unmapped, header_map=parsed.header_map,
                         warnings=warned, rejected_rows=rejected,
                         context=parsed.context.to_json() if parsed.context else {},
                         filled={"merged": parsed.merged_filled, "ditto": parsed.ditto_filled})
    if p.mapping.dropped:
        result.message = f"为保护举报人，以下列未导入：{'、'.join(p.mapping.dropped)}"
    run(cur, "INSERT INTO import_sheets VALUES ($id, $sheet, $type, 'imported', $rows, $acc, $rej, $skip, $repl,"
                " $dropped, $map, $msg)",
                {"id": import_id, "sheet": p.raw.name, "type": ledger.key, "rows": result.rows, "acc": accepted,
                 "rej": result.rejected, "skip": result.skipped, "repl": replaced, "dropped": p.mapping.dropped,
                 "map": json.dumps(parsed.header_map, ensure_ascii=False), "msg": result.message})
    assert result.rows == result.accepted + result.rejected + result.skipped, "row accounting broken"
    return result


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _identity_expr(staged: set[str]) -> str:
    """The enterprise identity of a staged hazard row (macro enterprise_identity, metric_rules/common.sql)."""
    return f"enterprise_identity({_select_expr('credit_code', staged)}, {_select_expr('enterprise_key', staged)})"


def _register_enterprises(cur, staged: set[str]) -> None:
    """Give every enterprise identity of the staged rows that has none yet its integer key."""
    identity = _identity_expr(staged)
    run(cur, f"""INSERT INTO enterprises
        SELECT nextval('enterprise_id_seq'), identity
        FROM (SELECT DISTINCT {identity} AS identity FROM stage) s
        WHERE identity IS NOT NULL AND identity NOT IN (SELECT identity FROM enterprises)""")


def _select_expr(column: str, staged: set[str], ledger: LedgerType | None = None) -> str:
    if column == "enterprise_id":
        return f"(SELECT e.id FROM enterprises e WHERE e.identity = {_identity_expr(staged)})"
    if column == "import_id":
        return "$import_id"
    if column == "source_sheet":
        return "$sheet"
    if column == "key_derived" and ledger and ledger.derived_key:
        return f"{_q(ledger.natural_key[0])} IS NULL"
    if column in staged:
        return _q(column)
    return "NULL"


def _raw_cells(p: PreparedSheet, row_numbers: list[int]) -> dict[int, dict]:
    wanted = set(row_numbers)
    numbers = p.raw.row_numbers.to_pylist() if p.raw.row_numbers is not None else range(1, p.raw.num_rows + 1)
    out = {}
    cols = p.mapping.stored_columns(p.band)
    for index, number in enumerate(numbers):
        if number in wanted:
            row = p.raw.table.slice(index, 1).select(cols).to_pylist()[0]
            out[number] = {p.band.header_text(c): row[c] for c in cols}
    return out
