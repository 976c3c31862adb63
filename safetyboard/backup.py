"""Consistent backups (database + archived originals) and restore.

A backup is taken by the process that holds the database: writes are paused by the store's write
lock, a CHECKPOINT folds the WAL into the file, and the file is copied and verified. The CLI reaches
a running dashboard through safetyboard.control when it cannot open the file itself."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import duckdb

from .config import archive_dir_for
from .store import Store, StoreLocked

MANIFEST = "manifest.json"
DB_NAME = "safetyboard.duckdb"


class BackupError(Exception):
    """str(self) is the Chinese message."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def table_counts(con) -> dict[str, int]:
    cur = con.cursor()
    try:
        names = [r[0] for r in cur.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = 'main'"
            " ORDER BY table_name").fetchall()]
        # Table names come from the catalog; a relation per table, no SQL text built from them.
        return {n: cur.table(n).aggregate("count(*)").fetchall()[0][0] for n in names}
    finally:
        cur.close()


def backup(store: Store, dest_dir: Path) -> Path:
    """Write dest_dir/safetyboard-<stamp>/ with the database, the archive and a manifest."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = Path(dest_dir) / f"safetyboard-{stamp}"
    try:
        target.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        target = Path(dest_dir) / f"safetyboard-{stamp}-{dt.datetime.now():%f}"
        target.mkdir(parents=True)
    except OSError as exc:
        raise BackupError(f"无法在「{dest_dir}」创建备份目录：{exc.strerror}") from None
    try:
        with store.write_lock:   # no import can land while the file is copied
            cur = store.cursor()
            cur.execute("CHECKPOINT").fetchall()
            cur.close()
            counts = table_counts(store.con)
            level = store.schema_level()
            shutil.copy2(store.path, target / DB_NAME)
        archive = archive_dir_for(store.path)
        copied = 0
        if archive.is_dir():
            (target / "archive").mkdir()
            for f in sorted(archive.iterdir()):
                if f.is_file():
                    shutil.copy2(f, target / "archive" / f.name)
                    copied += 1
    except OSError as exc:
        shutil.rmtree(target, ignore_errors=True)
        raise BackupError(f"备份失败：无法写入「{dest_dir}」（{exc.strerror}），未生成不完整的备份。") from None
    verify = duckdb.connect(str(target / DB_NAME), read_only=True)
    try:
        if table_counts(verify) != counts:
            raise BackupError("备份校验失败：备份中的数据行数与数据库不一致。")
    finally:
        verify.close()
    manifest = {"created_at": dt.datetime.now().isoformat(timespec="seconds"), "source": str(store.path),
                "schema_level": level, "tables": counts, "archived_files": copied,
                "sha256": _sha256(target / DB_NAME)}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def restore(backup_dir: Path, db_path: Path) -> Path:
    """Bring a backup back as db_path; the current database is kept beside it. Returns that copy's path
    (or db_path when there was none). The dashboard must be stopped: restore refuses a held file."""
    backup_dir = Path(backup_dir)
    manifest_path = backup_dir / MANIFEST
    if not manifest_path.is_file() or not (backup_dir / DB_NAME).is_file():
        raise BackupError(f"「{backup_dir}」不是有效的备份目录（缺少 {MANIFEST} 或 {DB_NAME}）。")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if _sha256(backup_dir / DB_NAME) != manifest["sha256"]:
        raise BackupError(f"备份「{backup_dir}」已损坏（校验值不符），未做任何更改。")
    db_path = Path(db_path)
    if db_path.exists():
        try:
            duckdb.connect(str(db_path)).close()
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLocked("数据库正被仪表盘使用。恢复备份前请先停止仪表盘，恢复后再启动。") from None
            raise
    kept = db_path
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    if db_path.exists():
        kept = db_path.with_name(f"{db_path.stem}.before-restore-{stamp}{db_path.suffix}")
        db_path.rename(kept)
        wal = Path(str(db_path) + ".wal")
        if wal.exists():
            wal.rename(Path(str(kept) + ".wal"))
    shutil.copy2(backup_dir / DB_NAME, db_path)
    archive = archive_dir_for(db_path)
    if (backup_dir / "archive").is_dir():
        archive.mkdir(parents=True, exist_ok=True)
        for f in (backup_dir / "archive").iterdir():
            if not (archive / f.name).exists():
                shutil.copy2(f, archive / f.name)
    return kept
