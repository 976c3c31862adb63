"""City benchmark: a city of N districts x 1M hazards (10M rows at N = 10) built from district packages.

One district database is generated (bench/common.py build, 1M hazards, other ledgers in proportion) and exported
as 湛河区's package; N county packages are forged from it (clearly synthetic: each county's copy has its 乡/街道
codes moved under its own county code and its enterprises its own, the 乡/街道 names stay 湛河区's; manifest rewritten,
unsigned). Measured:
- import: each package into one city database (verify, read Parquet, insert, one transaction), in turn;
- queries: every query file the pages run, city-wide (全市, over the views of safetyboard/city.py) and for one
  county, p50 of the rounds after a warm run; compared, query by query, with the same query on one plain district
  database of N x 1M hazards (bench/common.py build at 10M: the same rows without packages or views), the floor
  for what the views cost."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import statistics
import tempfile
import time
import zipfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from common import AS_OF, BENCH, PAGE_PARAMS, SINCE, build, time_query

from safetyboard import district, queries
from safetyboard.config import REFERENCE_DIR
from safetyboard.metrics import Filters
from safetyboard.package import MANIFEST, export_package, import_package
from safetyboard.store import Store

BASE_CODE = "410411"
CODE_COLUMNS = ("unit_code", "code")      # columns holding 12-digit 乡/街道 codes
# Enterprise names, keys and codes: each county's copy gets its own enterprises (prefixed with the county code), as
# real counties have; without it every enterprise would appear in all ten counties and city-wide matches by name
# (the register's coverage, the cross-checks) would multiply tenfold.
ENTERPRISE_COLUMNS = ("enterprise", "enterprise_key", "credit_code", "party", "party_key", "identity")


def forge(base: Path, out: Path, code: str, name: str, minute: int) -> Path:
    """A copy of the base package as county `code`'s: 乡/街道 codes moved under the county, manifest rewritten."""
    with zipfile.ZipFile(base) as z:
        manifest = json.loads(z.read(MANIFEST))
        blobs = {}
        for part, info in manifest["parts"].items():
            table = pq.read_table(io.BytesIO(z.read(info["file"])))
            for column in (*CODE_COLUMNS, *ENTERPRISE_COLUMNS):
                if column in table.column_names and pa.types.is_string(table.schema.field(column).type):
                    if column in CODE_COLUMNS:
                        moved = pc.replace_substring_regex(table[column], pattern=f"^{BASE_CODE}", replacement=code)
                    else:
                        moved = pc.binary_join_element_wise(pa.scalar(code), table[column], "")
                    table = table.set_column(table.column_names.index(column), column, moved)
            buf = io.BytesIO()
            pq.write_table(table, buf, compression="zstd")
            blobs[info["file"]] = buf.getvalue()
            info["sha256"] = hashlib.sha256(blobs[info["file"]]).hexdigest()
    manifest["district"] = {"code": code, "name": name}
    manifest["exported_at"] = dt.datetime(2022, 12, 1, 0, minute, tzinfo=dt.timezone.utc).isoformat()
    manifest["signed"] = False
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
        for file_name, blob in blobs.items():
            z.writestr(file_name, blob)
    return out


def _page_queries(params: dict) -> list[str]:
    return [n for n in queries.names() if queries.load(n).params <= params.keys()]


def _time_query(store: Store, name: str, params: dict, rounds: int) -> tuple[float, float, float]:
    """(p50, min, max) in ms."""
    samples = time_query(store, name, params, rounds)
    return statistics.median(samples), samples[0], samples[-1]


def run(districts: int = 10, hazards: int = 1_000_000, rounds: int = 3, plain: bool = True) -> dict:
    db = build(BENCH / "data" / f"bench_{hazards}.duckdb", hazards)
    plain_db = build(BENCH / "data" / f"queries_{hazards * districts}.duckdb", hazards * districts) if plain else None
    work = Path(tempfile.mkdtemp(prefix="citybench-"))
    counties = district.counties()[:districts]
    try:
        base = work / "base.zip"
        with district.configured(REFERENCE_DIR / "district.toml"):
            store = Store(db)
            try:
                export_package(store, base, as_of=AS_OF)
            finally:
                store.close()
        packages = [forge(base, work / f"{c.code}.zip", c.code, c.name, i) for i, c in enumerate(counties)]
        city_cfg = district.write_config(work / "city.toml", scope="city", code="410400", name="平顶山市")
        imports = []
        with district.configured(city_cfg):
            city = Store(work / "city.duckdb")
            try:
                for p in packages:
                    t = time.perf_counter()
                    import_package(city, p)
                    imports.append(time.perf_counter() - t)
                rows = city.scalar("SELECT count(*) FROM hazards", view="city_all")
                params = {**Filters(SINCE, AS_OF).params(), **PAGE_PARAMS}
                names = _page_queries(params)
                county = {**params, "county": counties[0].code}
                timed = {n: (_time_query(city, n, params, rounds), _time_query(city, n, county, rounds)) for n in names}
                city.con.execute("CHECKPOINT")
            finally:
                city.close()
            city_bytes = (work / "city.duckdb").stat().st_size
        kept = city_dir(districts, hazards)       # for the browser bench (bench/run.py browser --city)
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir(parents=True)
        shutil.move(work / "city.duckdb", kept / "city.duckdb")
        shutil.copy(city_cfg, kept / "city.toml")
        floor = {}
        if plain_db is not None:
            store = Store(plain_db, read_only=True)
            try:
                floor = {n: _time_query(store, n, {**Filters(SINCE, AS_OF).params(), **PAGE_PARAMS}, rounds) for n in names}
            finally:
                store.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"districts": districts, "hazards": hazards, "rounds": rounds, "imports": imports, "rows": rows,
            "city_bytes": city_bytes, "package_bytes": base_size(packages), "queries": timed, "floor": floor}


def city_dir(districts: int, hazards: int) -> Path:
    """Where the city database of a run is kept, with its city.toml."""
    return BENCH / "data" / f"city_{districts}x{hazards}"


def base_size(packages: list[Path]) -> int:
    return packages[0].stat().st_size if packages and packages[0].exists() else 0


def section(result: dict, machine: str, when: str) -> str:
    q, floor = result["queries"], result["floor"]
    imports = result["imports"]
    city_p50 = sorted(q, key=lambda n: -q[n][0][0])
    over = [n for n in q if q[n][0][0] >= 500]
    over_county = [n for n in q if q[n][1][0] >= 500]
    lines = [
        f"## A city of {result['districts']} districts x {result['hazards']:,} hazards (issue 17)", "",
        f"{machine}; {when} UTC. `python bench/run.py city`. {result['districts']} county packages forged from one "
        f"generated district (bench/city_bench.py: synthetic, each county's copy under its own 乡/街道 codes and with its "
        f"own enterprises), "
        f"imported into one city database ({result['rows']:,} hazards city-wide, database file "
        f"{result['city_bytes'] / 2**20:.0f} MiB).", "",
        f"- Package import, one after another: median {statistics.median(imports):.1f} s per package "
        f"({min(imports):.1f}–{max(imports):.1f}), {sum(imports):.0f} s for all {len(imports)}.",
        f"- Queries: every query file the pages run ({len(q)}), p50 of {result['rounds']} runs after a warm one "
        f"(min–max in brackets), ms. "
        f"全市 reads the city-wide views (every active package), 区县 one county's view. "
        + ("The floor is the same query on one plain district database holding the same number of hazards "
           "(bench/common.py build, no packages, no views)." if floor else "The plain-database floor was not run."),
        f"- Target p50 < 500 ms: 全市 {'met' if not over else 'NOT met by ' + str(len(over)) + ': ' + ', '.join(sorted(over))}; "
        f"one county {'met' if not over_county else 'NOT met by ' + str(len(over_county)) + ': ' + ', '.join(sorted(over_county))}.",
        "", "| query | 全市 p50 | 区县 p50 | plain 10M p50 | 全市 / plain |", "|---|---:|---:|---:|---:|"]
    def cell(t):
        return f"{t[0]:.0f} ({t[1]:.0f}–{t[2]:.0f})"
    for n in city_p50:
        f = floor.get(n)
        lines.append(f"| {n} | {cell(q[n][0])} | {cell(q[n][1])} | {cell(f)} | {q[n][0][0] / f[0]:.2f} |" if f else
                     f"| {n} | {cell(q[n][0])} | {cell(q[n][1])} | — | — |")
    if floor:
        ratios = sorted(q[n][0][0] / floor[n][0] for n in q if floor.get(n))
        lines += ["", f"全市 over the views vs the plain database: median ratio {statistics.median(ratios):.2f} "
                      f"(range {ratios[0]:.2f}–{ratios[-1]:.2f}) over {len(ratios)} queries."]
    lines += ["", "The pages at this size in a browser: section \"Pages in a browser: a city instance\" (`python bench/run.py browser --hazards 0 --no-demo --city bench/data/city_10x1000000`)."]
    return "\n".join(lines)
