"""Build the demo database from the bundled sample ledgers, through the ordinary import path."""
from __future__ import annotations

from pathlib import Path

from .ledgers.importer import SheetResult, import_file
from .store import Store, close_store

LEDGER_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".txt"}


def sample_files(sample_dir: Path) -> list[Path]:
    # 督导组分工 first is not needed (it is a snapshot), but a stable order keeps the demo reproducible.
    return sorted(p for p in sample_dir.iterdir() if p.suffix.lower() in LEDGER_SUFFIXES and not p.name.startswith("~$"))


def build_demo_database(db_path: Path, sample_dir: Path, regenerate: bool = False, replace: bool = False,
                        progress=None) -> list[SheetResult]:
    if regenerate or not any(sample_dir.glob("*.xls*")):
        from .demo import generate_sample_ledgers
        generate_sample_ledgers(sample_dir)
    if replace and db_path.exists():
        close_store(db_path)
        for p in db_path.parent.glob(db_path.name + "*"):
            p.unlink()
    store = Store(db_path)
    results: list[SheetResult] = []
    files = sample_files(sample_dir)
    try:
        for i, path in enumerate(files):
            if progress:
                progress(i / max(len(files), 1), f"正在导入示例台账「{path.name}」")
            results.extend(import_file(store, path, user="demo"))
    finally:
        store.close()
    return results
