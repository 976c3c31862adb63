"""Run the benchmarks and write BENCHMARKS.md: `python bench/run.py [import] [queries] [load] [content_check] [--rows N]`."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def replace_section(name: str, body: str) -> None:
    path = REPO / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\nWritten by `python bench/run.py`. Machines are shared and noisy: compare ratios measured in the same run.\n"
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    if begin in text:
        text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")


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
    if "load" in args.what:
        from load_test import load_section
        load_section()
    if "content_check" in args.what:
        from content_check_bench import run, section
        replace_section("content_check", section(run(), machine(), f"{dt.datetime.now():%Y-%m-%d %H:%M}"))


if __name__ == "__main__":
    main()
