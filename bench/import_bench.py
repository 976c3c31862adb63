"""Import benchmark (issue 2): a generated 1,000,000-row hazard .xlsx and the same rows as a GBK .csv,
imported end to end (read, normalise, validate, insert), against plain pandas+openpyxl reading of the
same .xlsx in the same run. Each measurement runs in its own process so peak RSS is its own."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, {repo!r})
kind, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
t = time.perf_counter()
if kind == "import":
    from safetyboard.store import Store
    from safetyboard.ledgers.importer import import_file
    store = Store(db)
    results = import_file(store, path)
    rows = sum(r.accepted for r in results)
    info = [r.to_json() for r in results]
    store.close()
elif kind == "pandas_openpyxl":
    import pandas as pd
    frame = pd.read_excel(path, engine="openpyxl", header=1)
    rows, info = len(frame), None
elif kind == "pandas_calamine":
    import pandas as pd
    frame = pd.read_excel(path, engine="calamine", header=1)
    rows, info = len(frame), None
seconds = time.perf_counter() - t
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": seconds, "rows": rows, "peak_mb": peak_mb, "info": info}}))
"""


def measure(kind: str, path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CHILD.format(repo=str(REPO)), kind, str(path), f"{tmp}/b.duckdb"],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(n: int = 1_000_000, baseline: bool = True) -> list[dict]:
    from gen_ledgers import write_gbk_csv, write_xlsx

    data = BENCH / "data"
    xlsx, csv_path = data / f"hazards_{n}.xlsx", data / f"hazards_{n}_gbk.csv"
    if not xlsx.exists():
        print(f"generating {xlsx} …", flush=True)
        write_xlsx(xlsx, n)
    if not csv_path.exists():
        print(f"generating {csv_path} …", flush=True)
        write_gbk_csv(csv_path, n)
    results = []
    for label, kind, path in [("safetyboard import, .xlsx (read+normalise+validate+insert)", "import", xlsx),
                              ("safetyboard import, GBK .csv", "import", csv_path),
                              *([("baseline: pandas.read_excel(engine=openpyxl), read only", "pandas_openpyxl", xlsx),
                                 ("reference: pandas.read_excel(engine=calamine), read only", "pandas_calamine", xlsx)]
                                if baseline else [])]:
        print(f"running: {label}", flush=True)
        r = measure(kind, path)
        r.update(label=label, kind=kind, file=path.name, size_mb=path.stat().st_size / 2**20)
        print(f"  {r['seconds']:.1f} s, {r['rows']:,} rows, peak {r['peak_mb']:.0f} MB", flush=True)
        results.append(r)
    return results
