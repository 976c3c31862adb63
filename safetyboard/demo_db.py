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


def _sample_hashes(sample_dir: Path) -> frozenset[str]:
    from .ledgers.importer import sha256_of

    files = sample_files(sample_dir) if sample_dir.is_dir() else []
    signature = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    cached = _HASHES.get(sample_dir)
    if cached is None or cached[0] != signature:
        cached = _HASHES[sample_dir] = (signature, frozenset(sha256_of(p) for p in files))
    return cached[1]


_HASHES: dict[Path, tuple[tuple, frozenset[str]]] = {}


def holds_only_demo_data(store: Store, sample_dir: Path | None = None) -> bool:
    """Whether every import that is not undone is one of the bundled sample ledgers (by content), i.e. no
    real ledger has been imported: then a visitor may use the dashboard as the demo administrator."""
    from .config import SAMPLE_DIR

    live = {r["sha256"] for r in store.query("SELECT DISTINCT sha256 FROM imports WHERE undone_at IS NULL").to_pylist()}
    return live <= _sample_hashes(Path(sample_dir or SAMPLE_DIR))


def demo_forced() -> bool:
    """SAFETYBOARD_DEMO=1: demo administrator whatever the data (a training or test machine)."""
    import os
    return os.environ.get("SAFETYBOARD_DEMO", "") == "1"
