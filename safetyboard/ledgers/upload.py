"""Uploaded ledgers on their way into import_file(): checks before anything is read (name, size,
macros, external links), a temp copy, the preview the import page shows, and the result tables.

No Streamlit here: the import page (pages/import_data.py) calls these, and tests call them directly."""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
import time
import tomllib
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from ..config import REPO_DIR
from .context import LedgerContext
from .errors_report import original_cell
from .importer import prepare
from .reader import ReadError
from .spec import LEDGER_TYPES

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = (".xlsx", ".xls", ".csv")
DEFAULT_MAX_MB = 100
STREAMLIT_DEFAULT_MB = 200
STAGING_MAX_AGE_SECONDS = 24 * 3600
PREVIEW_ROWS = 10
SHOWN_REJECTED = 1000


def max_upload_mb() -> int:
    """The ledger size limit: env SAFETYBOARD_MAX_UPLOAD_MB, else 100 MB; never above Streamlit's transport
    ceiling (server.maxUploadSize), which refuses larger files in English before the page can explain."""
    env = os.environ.get("SAFETYBOARD_MAX_UPLOAD_MB", "")
    wanted = int(env) if env.isdigit() and int(env) > 0 else DEFAULT_MAX_MB
    return min(wanted, transport_ceiling_mb())


def transport_ceiling_mb() -> int:
    """server.maxUploadSize of .streamlit/config.toml (Streamlit's default, 200, when unset or unreadable)."""
    try:
        raw = tomllib.loads((REPO_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
        value = int(raw.get("server", {}).get("maxUploadSize", STREAMLIT_DEFAULT_MB))
        return value if value > 0 else STREAMLIT_DEFAULT_MB
    except (OSError, ValueError, tomllib.TOMLDecodeError):
        return STREAMLIT_DEFAULT_MB


def _size_text(size: int) -> str:
    return f"{size / 2**20:.1f}MB" if size >= 2**20 else f"{max(size, 0) / 1024:.1f}KB"


def check_upload(name: str, size: int) -> str | None:
    """A Chinese message when the file must not be read at all (by name and size only), else None."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsm":
        return (f"文件「{name}」是含宏的工作簿（.xlsm），为安全起见不予导入。"
                "请在Excel中“另存为”Excel工作簿（.xlsx）后再上传。")
    if suffix not in ALLOWED_SUFFIXES:
        return f"文件「{name}」的类型（{suffix or '无扩展名'}）不能导入。请上传.xlsx、.xls或.csv格式的台账。"
    limit = max_upload_mb()
    if size > limit * 2**20:
        return (f"文件「{name}」大小为{_size_text(size)}，超过{limit}MB的上限，未导入。"
                "请删除多余的工作表或拆分成几个文件后再上传。")
    if size == 0:
        return f"文件「{name}」是空文件，没有任何内容。"
    return None


def staging_dir() -> Path:
    directory = Path(tempfile.gettempdir()) / f"safetyboard-uploads-{os.getuid() if hasattr(os, 'getuid') else 0}"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def stage(name: str, data: bytes | BinaryIO, directory: Path | None = None) -> Path:
    """Copy an upload to a temp file with its original extension (the archive keeps it by hash). The name
    starts with this process's id, so a later start knows which copies no running process owns."""
    directory = directory or staging_dir()
    _purge(directory)
    path = directory / f"{os.getpid()}-{uuid.uuid4().hex}{Path(name).suffix.lower()}"
    with open(path, "wb") as out:
        if isinstance(data, (bytes, bytearray, memoryview)):
            out.write(data)
        else:
            if hasattr(data, "seek"):
                data.seek(0)
            shutil.copyfileobj(data, out, 1 << 20)
    return path


@contextmanager
def staged(name: str, data: bytes | BinaryIO, directory: Path | None = None) -> Iterator[Path]:
    """A temp copy that exists only while the preview or the import reads it: between page runs the upload
    stays in memory (Streamlit holds it), so a tips ledger with 举报人 is never left on disk, whatever
    happens to the session (closed tab, failed preview, server stopped)."""
    path = stage(name, data, directory)
    try:
        yield path
    finally:
        discard(path)


def discard(path: Path | str | None) -> None:
    if path:
        Path(path).unlink(missing_ok=True)


def _purge(directory: Path) -> None:
    """Temp copies left by sessions that ended without importing."""
    cutoff = time.time() - STAGING_MAX_AGE_SECONDS
    for p in directory.glob("*"):
        try:
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass


def purge_orphans(directory: Path | None = None) -> int:
    """At start-up: remove the copies no running process owns (a process killed mid-import); how many."""
    directory = directory or staging_dir()
    removed = 0
    for p in directory.glob("*"):
        owner = p.name.split("-", 1)[0]
        if owner.isdigit() and int(owner) != os.getpid() and _running(int(owner)):
            continue
        try:
            p.unlink()
            removed += 1
        except OSError:
            pass
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------- preview

@dataclass
class SheetPreview:
    sheet: str
    ledger_type: str | None
    header_map: list[tuple[str, str]] = field(default_factory=list)   # (original header, field label)
    unmapped: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    rows: int = 0
    accepted: int = 0
    rejected: int = 0
    skipped: int = 0
    sample: list[dict] = field(default_factory=list)   # the first rows as they will be stored
    reason: str | None = None                          # why the sheet is not a ledger
    context: str | None = None     # the whole ledger's unit when it has no column: "所属乡(街道)：曹镇乡（取自…）"
    filled: str | None = None      # cells filled from merges and ditto marks, said in words
    rejected_rows: list[dict] = field(default_factory=list)   # the first SHOWN_REJECTED, with their reasons

    @property
    def ledger_label(self) -> str | None:
        return LEDGER_TYPES[self.ledger_type].label if self.ledger_type else None


@dataclass
class FilePreview:
    file: str
    sheets: list[SheetPreview] = field(default_factory=list)
    error: str | None = None

    @property
    def detected_type(self) -> str | None:
        return next((s.ledger_type for s in self.sheets if s.ledger_type), None)


def preview(path: Path, label: str, forced_type: str | None = None, rows: int = PREVIEW_ROWS) -> FilePreview:
    """What import_file would do with the file (before duplicate keys and replacements are known)."""
    try:
        prepared = prepare(path, label, forced_type)
    except ReadError as exc:
        return FilePreview(label, error=str(exc))
    except Exception as exc:   # never a traceback for a user's file
        log.exception("preview of %s failed", label)
        return FilePreview(label, error=f"文件「{label}」无法解析（{type(exc).__name__}），数据库未做任何更改。")
    out = FilePreview(label)
    for p in prepared:
        if p.parsed is None:
            out.sheets.append(SheetPreview(p.raw.name, None, reason=p.reason))
            continue
        ledger, parsed = p.mapping.ledger, p.parsed
        out.sheets.append(SheetPreview(
            p.raw.name, ledger.key, header_map=list(parsed.header_map.items()), unmapped=list(p.mapping.unmapped),
            dropped=list(p.mapping.dropped), rows=parsed.rows, accepted=parsed.accepted, rejected=len(parsed.rejected),
            skipped=parsed.skipped, sample=_sample(ledger, parsed, set(p.mapping.fields.values()) | (
                {parsed.context.field} if parsed.context else set()), rows),
            context=context_text(ledger, parsed.context), filled=filled_text(parsed.merged_filled, parsed.ditto_filled),
            rejected_rows=parsed.rejected[:SHOWN_REJECTED]))
    return out


def context_text(ledger, context) -> str | None:
    return f"{ledger.field(context.field).label}：{context.describe()}" if context else None


def filled_text(merged: int, ditto: int) -> str | None:
    parts = ([f"合并单元格补全{merged}格"] if merged else []) + ([f"“同上”类标记沿用上方内容{ditto}格"] if ditto else [])
    return "，".join(parts) or None


def _sample(ledger, parsed, present: set[str], n: int) -> list[dict]:
    fields = [f for f in ledger.fields if f.name in present and f.kind != "ignore" and f.name in parsed.columns]
    numbers = parsed.source_rows.slice(0, n).to_pylist()
    columns = {f.label: parsed.columns[f.name].slice(0, n).to_pylist() for f in fields}
    return [{"原表行号": number, **{label: display(values[i]) for label, values in columns.items()}}
            for i, number in enumerate(numbers)]


def display(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    return value


# ---------------------------------------------------------------- results

STATUS_TEXT = {"imported": "已导入", "already_imported": "已导入过（未更改）", "failed": "失败", "skipped": "不是台账，已跳过"}


def result_rows(results) -> list[dict]:
    """One row per file and sheet for the results table."""
    return [{"文件": r.file, "工作表": r.sheet or "—", "台账类型": LEDGER_TYPES[r.ledger_type].label if r.ledger_type else "—",
             "结果": STATUS_TEXT.get(r.status, r.status), "总行数": r.rows, "接收": r.accepted, "拒收": r.rejected,
             "跳过": r.skipped, "替换": r.replaced, "需核实": r.warnings, "未导入的列": "、".join(r.dropped_columns) or "—",
             "整表单位": _result_context(r), "说明": r.error or r.message or ""} for r in results]


def _result_context(r) -> str:
    """The context of an import result ({"unit": {"value", "source"}}) in words, "—" when every value had a column."""
    if not r.context or not r.ledger_type:
        return "—"
    (name, ctx), = r.context.items()
    return context_text(LEDGER_TYPES[r.ledger_type], LedgerContext(name, ctx["value"], source=ctx["source"]))


def rejected_table(results, limit: int = SHOWN_REJECTED) -> tuple[list[dict], int]:
    """(the first `limit` rejected rows with their reasons and original cells, how many there are in all)."""
    total = sum(len(r.rejected_rows) for r in results)
    out: list[dict] = []
    for r in results:
        for row in r.rejected_rows:
            if len(out) >= limit:
                return out, total
            cells = "；".join(f"{k}：{original_cell(v)}" for k, v in row["cells"].items() if v not in (None, ""))
            out.append({"工作表": r.sheet or "—", "原表行号": row["row_number"], "拒收原因": row["reasons"], "原始内容": cells})
    return out, total


def accepts_nothing(pv: FilePreview) -> bool:
    """A readable file in which no ledger row would be accepted: importing it only records an empty batch."""
    ledgers = [s for s in pv.sheets if s.ledger_type]
    return bool(ledgers) and not any(s.accepted for s in ledgers)


def summary(results) -> str:
    """One Chinese line for the audit log and messages."""
    done = [r for r in results if r.status == "imported"]
    if not done:
        return next((r.error or r.message for r in results if r.error or r.message), "未导入")
    return (f"共{sum(r.rows for r in done)}行，接收{sum(r.accepted for r in done)}，拒收{sum(r.rejected for r in done)}，"
            f"跳过{sum(r.skipped for r in done)}，替换{sum(r.replaced for r in done)}")


def template_bytes(ledger_key: str) -> bytes:
    """The blank template of a ledger type (ledgers/templates.py) as bytes, for a download button."""
    from .templates import write_template

    with tempfile.TemporaryDirectory(prefix="safetyboard-template-") as tmp:
        path = write_template(LEDGER_TYPES[ledger_key], Path(tmp) / f"{ledger_key}.xlsx")
        return path.read_bytes()
