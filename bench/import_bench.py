"""Import benchmark: a generated hazard ledger (bench/gen_ledgers.py: rejections, merged cells, and 5 % of
its rows imported before so that they are replaced) as .xlsx and as GBK .csv, imported end to end (read,
fill merges, normalise, validate, insert), against the reading floor and the usual alternatives:

- .xlsx: a plain fastexcel read to Arrow (the floor: what our import reads with), pandas+calamine,
  pandas+openpyxl (the baseline);
- .csv: pandas.read_csv(encoding="gbk", dtype=str), and a raw decode of the bytes (the floor).

Every measurement is its own process (peak RSS is its own); the kinds run in turn, round after round
(A B A B …), so the load of a shared machine falls on all of them alike. Figures are medians with min–max."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {repo!r})
kind, path, db, previous = sys.argv[1:5]
info = None
import fastexcel, pandas, pyarrow   # loaded before the clock starts, for every kind alike
if kind == "import":
    from safetyboard.store import Store
    from safetyboard.ledgers.importer import import_file
    store = Store(db)
    import_file(store, previous)       # not timed: the rows the benchmark file replaces
t = time.perf_counter()
if kind == "import":
    results = import_file(store, path)
    rows = sum(r.accepted for r in results)
    info = [r.to_json() for r in results]
    store.close()
elif kind == "fastexcel":
    import fastexcel
    reader = fastexcel.read_excel(path)
    batch = reader.load_sheet(reader.sheet_names[0], header_row=None, skip_rows=0, dtypes="string", eager=True)
    rows = batch.num_rows
elif kind == "pandas_openpyxl":
    import pandas as pd
    rows = len(pd.read_excel(path, engine="openpyxl", header=1, dtype=str))
elif kind == "pandas_calamine":
    import pandas as pd
    rows = len(pd.read_excel(path, engine="calamine", header=1, dtype=str))
elif kind == "read_csv":
    import pandas as pd
    rows = len(pd.read_csv(path, encoding="gbk", dtype=str, skiprows=1))
elif kind == "decode":
    with open(path, "rb") as f:
        text = f.read().decode("gbk")
    rows = text.count("\n")
seconds = time.perf_counter() - t
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "rows": rows, "peak_mb": peak_mb, "info": info}}))
"""

KINDS = {
    "import_xlsx": ("safetyboard import, .xlsx (read, fill merges, normalise, validate, insert)", "import", "xlsx"),
    "fastexcel": ("floor: fastexcel read to Arrow (all cells as text)", "fastexcel", "xlsx"),
    "pandas_calamine": ("pandas.read_excel(engine=calamine, dtype=str)", "pandas_calamine", "xlsx"),
    "pandas_openpyxl": ("baseline: pandas.read_excel(engine=openpyxl, dtype=str)", "pandas_openpyxl", "xlsx"),
    "import_csv": ("safetyboard import, GBK .csv", "import", "csv"),
    "read_csv": ('pandas.read_csv(encoding="gbk", dtype=str)', "read_csv", "csv"),
    "decode": ("floor: read the bytes and decode GBK", "decode", "csv"),
}


def files(n: int) -> dict[str, Path]:
    from gen_ledgers import write_gbk_csv, write_previous_csv, write_xlsx

    data = BENCH / "data"
    out = {"xlsx": data / f"hazards_{n}_v2.xlsx", "csv": data / f"hazards_{n}_v2_gbk.csv",
           "previous": data / f"hazards_{n}_v2_previous.csv"}
    for key, write in (("xlsx", write_xlsx), ("csv", write_gbk_csv), ("previous", write_previous_csv)):
        if not out[key].exists():
            print(f"generating {out[key]} …", flush=True)
            write(out[key], n, messy=True)
    return out


def measure(kind: str, path: Path, previous: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CHILD.format(repo=str(REPO)), kind, str(path),
                              f"{tmp}/b.duckdb", str(previous)], capture_output=True, text=True)
    if out.returncode:
        raise RuntimeError(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(n: int, rounds: int = 5, kinds: list[str] | None = None, rounds_of: dict[str, int] | None = None) -> dict:
    """{kind: {label, file, runs: [...], median/min/max of seconds and peak_mb, info}}; rounds_of caps the
    rounds of a slow kind (pandas+openpyxl at 1M rows takes minutes a run)."""
    paths = files(n)
    kinds = kinds or list(KINDS)
    out = {k: {"label": KINDS[k][0], "file": paths[KINDS[k][2]].name,
               "size_mb": paths[KINDS[k][2]].stat().st_size / 2**20, "runs": []} for k in kinds}
    for i in range(rounds):
        for k in kinds:
            if rounds_of and i >= rounds_of.get(k, rounds):
                continue
            r = measure(KINDS[k][1], paths[KINDS[k][2]], paths["previous"])
            out[k]["runs"].append(r)
            print(f"round {i + 1} {k}: {r['seconds']:.2f} s, {r['rows']:,} rows, peak {r['peak_mb']:.0f} MB", flush=True)
    for k, v in out.items():
        for what in ("seconds", "peak_mb"):
            values = [r[what] for r in v["runs"]]
            v[what] = {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}
        v["info"] = v["runs"][-1]["info"]
    return out
