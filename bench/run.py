"""Run the benchmarks and write BENCHMARKS.md: `python bench/run.py [import] [queries] [load] [browser] [--rows N] [--runs N]`."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from common import machine, replace_section  # noqa: E402


def import_section(n: int, baseline: bool) -> None:
    from import_bench import run

    results = run(n, baseline)
    by_kind = {(r["kind"], r["file"].endswith(".csv")): r for r in results}
    base = by_kind.get(("pandas_openpyxl", False))
    lines = [f"## Import ({n:,} hazard rows)", "", f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}.", "",
             "| what | file | seconds | rows/s | peak RSS (MB) | vs pandas+openpyxl read |", "|---|---|---:|---:|---:|---:|"]
    for r in results:
        ratio = f"{base['seconds'] / r['seconds']:.1f}x faster" if base and r is not base else ("baseline" if r is base else "—")
        lines.append(f"| {r['label']} | {r['file']} ({r['size_mb']:.0f} MB) | {r['seconds']:.1f} | "
                     f"{r['rows'] / r['seconds']:,.0f} | {r['peak_mb']:,.0f} | {ratio} |")
    lines += ["", "Target (issue 2): the full import at least 8x faster than the pandas+openpyxl read alone, peak memory under 3 GB."]
    replace_section("import", "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", nargs="*", default=["import", "queries", "load"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--runs", type=int, default=5, help="browser: runs per page (cold and warm)")
    args = parser.parse_args()
    if "import" in args.what:
        import_section(args.rows, not args.no_baseline)
    if "queries" in args.what:
        try:
            from query_bench import queries_section
        except ImportError:
            print("query benchmark not available yet")
        else:
            queries_section()
    if "browser" in args.what:
        from browser_bench import browser_section
        browser_section(args.runs, args.rows)
    if "load" in args.what:
        from load_test import load_section
        load_section()


if __name__ == "__main__":
    main()
