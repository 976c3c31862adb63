"""What the content check (safetyboard/ledgers/content_check.py) costs an import: the check inflates every
member of an .xlsx to count its bytes. Paired runs in one process, A B A B: the check, the import it
guards (baseline), the header-trusting check it replaced (the strongest alternative: no inflating, unsafe)
and reading the file's bytes (the floor)."""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run(n: int = 200_000, repeats: int = 5) -> dict:
    from gen_ledgers import write_xlsx
    from safetyboard.ledgers.content_check import check_file
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import Store

    path = BENCH / "data" / f"hazards_{n}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(path, n)

    def headers_only():
        with zipfile.ZipFile(path) as zf:
            sum(i.file_size for i in zf.infolist())

    def do_import():
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "b.duckdb")
            try:
                import_file(store, path)
            finally:
                store.close()

    kinds = {"check": lambda: check_file(path, path.name), "import": do_import,
             "headers": headers_only, "read": path.read_bytes}
    times: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(repeats):                      # A B A B …: machine noise lands on every kind alike
        for kind, fn in kinds.items():
            times[kind].append(_timed(fn))
    with zipfile.ZipFile(path) as zf:
        inflated = sum(i.file_size for i in zf.infolist())
    return {"rows": n, "file_mb": path.stat().st_size / 2**20, "inflated_mb": inflated / 2**20, "repeats": repeats,
            "times": {k: (statistics.median(v), min(v), max(v)) for k, v in times.items()}}


def section(r: dict, machine: str, when: str) -> str:
    t = r["times"]
    med = {k: v[0] for k, v in t.items()}
    rows = [("content check (inflates and counts every member)", "check"), ("import of the same file (baseline)", "import"),
            ("header sizes only (the old check; trusts the file)", "headers"), ("reading the file's bytes (floor)", "read")]
    lines = [f"## Content check ({r['rows']:,}-row .xlsx, {r['file_mb']:.0f} MB, {r['inflated_mb']:.0f} MB inflated)", "",
             f"Run {when} on {machine}. {r['repeats']} paired rounds (check, import, headers, read in turn); median (min–max).", "",
             "| what | seconds | vs import | vs check |", "|---|---:|---:|---:|"]
    for label, k in rows:
        median, low, high = t[k]
        lines.append(f"| {label} | {median:.3f} ({low:.3f}–{high:.3f}) | {median / med['import']:.1%} | "
                     f"{median / med['check']:.2f}x |")
    lines += ["", "The import includes one check (read_file runs it). The check adds the inflate time to every .xlsx import; it is what makes a zip bomb with false "
              "size headers cost a few MB instead of gigabytes (tests/test_hardening.py)."]
    return "\n".join(lines)
