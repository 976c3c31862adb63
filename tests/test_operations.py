"""Operations: backups, restore, health, the CLI reaching a running dashboard, crashes mid-import,
upgrades of an older database, and a full or read-only data folder."""
from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from control_support import HOLDER

from safetyboard.backup import backup, restore, table_counts
from safetyboard.ledgers.importer import import_file
from safetyboard.store import Store, migrations

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def cli(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "safetyboard", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **(env or {})})


def snapshot(db: Path) -> dict[str, list]:
    """Every row of every table, sorted: two snapshots are equal when the databases hold the same data."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for name in table_counts(con):
            rows = con.execute(f'SELECT * FROM "{name}"').fetchall()
            out[name] = sorted(map(repr, rows))
        return out
    finally:
        con.close()


@pytest.fixture()
def golden_copy(fixture_db, tmp_path) -> Path:
    db = tmp_path / "db" / "safetyboard.duckdb"
    db.parent.mkdir()
    shutil.copy2(fixture_db, db)
    if (fixture_db.parent / "archive").is_dir():
        shutil.copytree(fixture_db.parent / "archive", db.parent / "archive")
    return db


def test_backup_and_restore_give_back_every_table(golden_copy, tmp_path):
    from fixture_ledgers import write_fixture_ledgers

    before = snapshot(golden_copy)
    store = Store(golden_copy)
    target = backup(store, tmp_path / "backups")
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["hazards"] == 12 and manifest["archived_files"] == 7
    # Change the database after the backup: a newer hazard ledger replaces rows.
    newer = write_fixture_ledgers(tmp_path / "newer")["hazards"]
    newer.write_bytes(newer.read_bytes() + b"\0")      # another file (new hash) with the same rows
    assert import_file(store, newer)[0].status in ("imported", "failed")
    store.close()
    assert snapshot(golden_copy) != before
    kept = restore(target, golden_copy)
    assert kept.exists() and kept != golden_copy
    assert snapshot(golden_copy) == before


def test_restore_refuses_a_corrupt_backup(golden_copy, tmp_path):
    store = Store(golden_copy)
    target = backup(store, tmp_path / "backups")
    store.close()
    with open(target / "safetyboard.duckdb", "r+b") as f:
        f.seek(5000)
        f.write(b"corrupt")
    from safetyboard.backup import BackupError
    with pytest.raises(BackupError, match="已损坏"):
        restore(target, golden_copy)


@pytest.fixture()
def dashboard_holding(golden_copy):
    """A process that holds the database like the dashboard does, with its control worker running."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER.format(repo=str(REPO), db=str(golden_copy))],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    from safetyboard.control import dashboard_alive
    for _ in range(100):
        if dashboard_alive(golden_copy):
            break
        time.sleep(0.1)
    yield golden_copy, proc
    proc.kill()
    proc.wait()


def test_cli_works_while_the_dashboard_holds_the_database(dashboard_holding, tmp_path):
    db, _ = dashboard_holding
    health = cli("health", "--db", str(db))
    assert health.returncode == 0, health.stderr
    doc = json.loads(health.stdout)
    assert doc["ok"] and doc["source"] == "dashboard" and doc["db_readable"] and doc["last_import"]

    out = cli("backup", "--db", str(db), str(tmp_path / "bk"))
    assert out.returncode == 0, out.stderr
    target = Path(out.stdout.strip().split(" ", 1)[1])
    assert json.loads((target / "manifest.json").read_text(encoding="utf-8"))["tables"]["hazards"] == 12

    from fixture_ledgers import write_fixture_ledgers
    tips = write_fixture_ledgers(tmp_path / "again")["tips"]
    out = cli("import", "--db", str(db), "--json", str(tips))
    assert out.returncode == 0, out.stderr
    # A fresh copy of the tips ledger (another file, same rows): imported by the dashboard, every row replaced.
    assert [(r["status"], r["accepted"], r["replaced"]) for r in json.loads(out.stdout)] == [("imported", 5, 5)]


def test_cli_says_what_to_do_when_a_silent_process_holds_the_database(golden_copy):
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb, time; c = duckdb.connect({str(golden_copy)!r}); print('ready', flush=True); time.sleep(600)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        out = cli("import", "--db", str(golden_copy), str(golden_copy))
        assert out.returncode == 2
        assert "正被另一个程序使用" in out.stderr and "数据导入" in out.stderr
        assert "Traceback" not in out.stderr
        health = cli("health", "--db", str(golden_copy))
        assert health.returncode == 1 and json.loads(health.stdout)["ok"] is False
    finally:
        holder.kill()
        holder.wait()


IMPORTER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {repo!r})
    from safetyboard.store import Store
    from safetyboard.ledgers.importer import import_file
    store = Store({db!r})
    print("start", flush=True)
    print(import_file(store, {file!r})[0].status, flush=True)
""")


@pytest.fixture(scope="module")
def big_ledger(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    from gen_ledgers import write_xlsx
    return write_xlsx(tmp_path_factory.mktemp("big") / "hazards_60000.xlsx", 60_000)


def _run_import(db: Path, file: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", IMPORTER.format(repo=str(REPO), db=str(db), file=str(file))],
                            stdout=subprocess.PIPE, text=True)


def test_kill_9_during_import_leaves_the_database_as_it_was(golden_copy, big_ledger, tmp_path):
    # How long a full import takes here, to spread the kills over it (no assertion on time).
    scratch = tmp_path / "scratch" / "s.duckdb"
    scratch.parent.mkdir()
    shutil.copy2(golden_copy, scratch)
    started = time.perf_counter()
    proc = _run_import(scratch, big_ledger)
    assert proc.stdout.readline().strip() == "start"
    assert proc.communicate()[0].strip() == "imported"
    duration = time.perf_counter() - started

    before = snapshot(golden_copy)
    for fraction in (0.15, 0.4, 0.65, 0.85, 0.97):
        proc = _run_import(golden_copy, big_ledger)
        assert proc.stdout.readline().strip() == "start"
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        after = snapshot(golden_copy)   # opens (replays the WAL) and reads every table
        if after != before:             # the kill came after the commit: the whole file landed, never a part
            assert after["hazards"] != before["hazards"] and len(after["hazards"]) == len(before["hazards"]) + 60_000
            return
    store = Store(golden_copy)
    try:
        result = import_file(store, big_ledger)[0]
        assert (result.status, result.accepted) == ("imported", 60_000)
    finally:
        store.close()


def test_database_of_an_older_schema_upgrades_in_place_with_a_backup(tmp_path):
    db = tmp_path / "old.duckdb"
    db.write_bytes(gzip.decompress((FIXTURES / "schema_level2.duckdb.gz").read_bytes()))
    before = snapshot(db)
    latest = migrations()[-1][0]
    store = Store(db)
    try:
        assert store.schema_level() == latest
        assert store.scalar("SELECT count(*) FROM hazards") == 12
        assert store.scalar("SELECT count(*) FROM tips") == 5
    finally:
        store.close()
    backups = sorted(tmp_path.glob("old.before-migration-002-*.duckdb"))
    if latest > 2:
        assert len(backups) == 1 and snapshot(backups[0]) == before
    else:
        assert backups == []


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.fixture()
def small_disk(tmp_path):
    mnt = tmp_path / "disk"
    if not _mount_tmpfs(mnt, "24m"):
        if os.environ.get("CI"):
            pytest.fail("CI runs as root and must be able to mount a tmpfs for the disk-full test")
        pytest.skip("needs root to mount a small tmpfs")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


@pytest.mark.parametrize("room", ["archive", "database"])
def test_disk_full_import_fails_clearly_and_changes_nothing(small_disk, golden_copy, big_ledger, room):
    db = small_disk / "safetyboard.duckdb"
    shutil.copy2(golden_copy, db)
    before = snapshot(db)
    filler = small_disk / "filler"
    # Too little room to archive the original, or room for the archive but not for the rows.
    leave = 2 * 2**20 if room == "archive" else big_ledger.stat().st_size + 1 * 2**20
    with open(filler, "wb") as f:
        free = shutil.disk_usage(small_disk).free - leave
        f.write(b"\0" * max(free, 0))
    store = Store(db)
    results = import_file(store, big_ledger)
    store.close()
    assert [r.status for r in results] == ["failed"]
    assert "磁盘空间不足" in results[0].error or "无法写入数据目录" in results[0].error
    filler.unlink()
    assert snapshot(db) == before


def test_read_only_data_folder_import_fails_clearly_and_changes_nothing(small_disk, golden_copy):
    from fixture_ledgers import write_fixture_ledgers

    db = small_disk / "safetyboard.duckdb"
    shutil.copy2(golden_copy, db)
    before = snapshot(db)
    ledger = write_fixture_ledgers(small_disk.parent / "ledgers")["hazards"]
    ledger.write_bytes(ledger.read_bytes() + b"\0")
    assert subprocess.run(["mount", "-o", "remount,ro", str(small_disk)]).returncode == 0
    out = cli("import", "--db", str(db), str(ledger))
    assert out.returncode != 0
    assert "只读" in out.stderr + out.stdout or "无法写入" in out.stderr + out.stdout
    assert "Traceback" not in out.stderr
    assert snapshot(db) == before


def test_logs_rotate(tmp_path, monkeypatch):
    import logging

    from safetyboard import logs
    monkeypatch.setattr(logs, "LOG_BYTES", 2000)
    monkeypatch.setattr(logs, "LOG_FILES", 3)
    path = logs.setup_logging(tmp_path / "logs")
    log = logging.getLogger("safetyboard.test")
    for i in range(200):
        log.info("导入完成 %05d %s", i, "x" * 40)
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == ["safetyboard.log", "safetyboard.log.1", "safetyboard.log.2", "safetyboard.log.3"]
    assert all(p.stat().st_size <= 2000 + 200 for p in (tmp_path / "logs").iterdir())
    assert path.name == "safetyboard.log"
