"""Run the benchmarks and write BENCHMARKS.md: `python bench/run.py [import] [queries] [load] [content_check] [package] [--rows N]`."""
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


def import_section(n: int, baseline: bool, rounds: int = 5, openpyxl_rounds: int | None = None,
                   calamine_rounds: int | None = None) -> None:
    from import_bench import run

    kinds = ["import_xlsx", "fastexcel", "pandas_calamine", *(["pandas_openpyxl"] if baseline else []),
             "import_csv", "read_csv", "decode"]
    capped = {k: r for k, r in (("pandas_openpyxl", openpyxl_rounds), ("pandas_calamine", calamine_rounds)) if r}
    res = run(n, rounds, kinds, capped)
    sec = {k: v["seconds"]["median"] for k, v in res.items()}

    def span(v: dict, what: str, fmt: str) -> str:
        m = v[what]
        return f"{m['median']:{fmt}} ({m['min']:{fmt}}–{m['max']:{fmt}})"

    def vs(k: str) -> str:
        """Ratios of medians: our import against the floor and the alternatives of its format."""
        if k == "import_xlsx":
            parts = [f"{sec[k] / sec['fastexcel']:.2f}x the fastexcel read"]
            parts += [f"{sec[o] / sec[k]:.1f}x faster than {o.replace('pandas_', 'pandas+')}" for o in
                      ("pandas_calamine", "pandas_openpyxl") if o in sec]
            return "; ".join(parts)
        if k == "import_csv":
            return f"{sec[k] / sec['read_csv']:.2f}x read_csv; {sec[k] / sec['decode']:.1f}x the raw decode"
        return "—"

    info = res["import_xlsx"]["info"][0]
    capped_text = "".join(f", {k.replace('pandas_', 'pandas+')} in the first {r} only" for k, r in capped.items())
    lines = [f"## Import ({n:,} hazard rows)", "", f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}.",
             f"`python bench/run.py import --rows {n}`: each kind in its own process, the kinds in turn, "
             f"{rounds} rounds (A B A B …){capped_text}; median (min–max) of the rounds. Peak RSS is the process's "
             "ru_maxrss.", "",
             f"The file (bench/gen_ledgers.py) is not clean: of its {info['rows']:,} rows {info['rejected']:,} are "
             f"rejected (impossible dates, empty 隐患描述), {info['filled']['merged']:,} cells are filled from merged "
             f"ranges (.xlsx), and {info['replaced']:,} rows replace the rows of an earlier import (imported first, "
             f"not timed).", "",
             "| what | file | runs | seconds | peak RSS (MB) | our import against |", "|---|---|---:|---:|---:|---|"]
    for k, v in res.items():
        lines.append(f"| {v['label']} | {v['file']} ({v['size_mb']:.0f} MB) | {v['seconds']['n']} | "
                     f"{span(v, 'seconds', '.2f')} | {span(v, 'peak_mb', ',.0f')} | {vs(k)} |")
    lines += ["", "Targets (issue 10) at 1M rows: the .xlsx import ≤ 1.5x the fastexcel read, the CSV import ≤ 2x "
              "pandas.read_csv, peak RSS ≤ 1.5 GB."]
    replace_section("import", "\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", nargs="*", default=["import", "queries", "load"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-baseline", action="store_true", help="leave out pandas+openpyxl (minutes at 1M rows)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--openpyxl-rounds", type=int, help="fewer rounds for pandas+openpyxl")
    parser.add_argument("--calamine-rounds", type=int, help="fewer rounds for pandas+calamine")
    args = parser.parse_args()
    if "import" in args.what:
        import_section(args.rows, not args.no_baseline, args.rounds, args.openpyxl_rounds, args.calamine_rounds)
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
    if "package" in args.what:
        from package_bench import run, section
        replace_section("package", section(run(args.rows, args.rounds), machine(), f"{dt.datetime.utcnow():%Y-%m-%d %H:%M}"))
    if "content_check" in args.what:
        from content_check_bench import run, section
        replace_section("content_check", section(run(), machine(), f"{dt.datetime.now():%Y-%m-%d %H:%M}"))


if __name__ == "__main__":
    main()
