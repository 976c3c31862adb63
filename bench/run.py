"""Run the benchmarks and write BENCHMARKS.md:
`python bench/run.py [import] [queries] [load] [browser] [content_check] [enterprise] [package] [city] [--rows N] [--rounds N] [--hazards N]`."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(BENCH))

from common import machine, replace_section  # noqa: E402


def import_section(n: int, baseline: bool, rounds: int = 5, openpyxl_rounds: int | None = None,
                   calamine_rounds: int | None = None) -> None:
    from import_bench import run

    kinds = ["import_xlsx", "fastexcel", "pandas_calamine", *(["pandas_openpyxl"] if baseline else []),
             "import_csv", "read_csv", "decode"]
    capped = {k: r for k, r in (("pandas_openpyxl", openpyxl_rounds), ("pandas_calamine", calamine_rounds)) if r}
    res = run(n, rounds, kinds, capped)
    ran_at = f"{dt.datetime.now():%Y-%m-%d %H:%M}"
    (BENCH / "data" / f"import_{n}.json").write_text(json.dumps({"rounds": rounds, "capped": capped, "results": res,
                                                                "ran_at": ran_at}))
    render_import(n, res, rounds, capped, ran_at)


def render_import(n: int, res: dict, rounds: int, capped: dict, ran_at: str) -> None:
    """The section from results (bench/import_bench.py run(); `--from-json` renders a saved run again)."""

    def paired(a: str, b: str, inverse: bool = False) -> str:
        """Median (min–max) over the rounds of a's time / b's time measured in the same round: on a shared
        machine the load of a round falls on both."""
        ratios = [(y["seconds"] / x["seconds"]) if inverse else (x["seconds"] / y["seconds"])
                  for x, y in zip(res[a]["runs"], res[b]["runs"])]
        return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}–{max(ratios):.2f}, {len(ratios)} rounds)"

    def span(v: dict, what: str, fmt: str) -> str:
        m = v[what]
        return f"{m['median']:{fmt}} ({m['min']:{fmt}}–{m['max']:{fmt}})"

    def vs(k: str) -> str:
        """Paired ratios: our import against the floor and the alternatives of its format."""
        if k == "import_xlsx":
            parts = [f"{paired(k, 'fastexcel')} the time of the fastexcel read"]
            parts += [f"faster than {o.replace('pandas_', 'pandas+')} by {paired(k, o, inverse=True)}" for o in
                      ("pandas_calamine", "pandas_openpyxl") if o in res]
            return "; ".join(parts)
        if k == "import_csv":
            return f"{paired(k, 'read_csv')} the time of read_csv; {paired(k, 'decode')} the raw decode"
        return "—"

    info = res["import_xlsx"]["info"][0]
    capped_text = "".join(f", {k.replace('pandas_', 'pandas+')} in the first {r} only" for k, r in capped.items())
    lines = [f"## Import ({n:,} hazard rows)", "", f"Run {ran_at} on {machine()}.",
             f"`python bench/run.py import --rows {n}`: each kind in its own process, the kinds in turn, "
             f"{rounds} rounds (A B A B …){capped_text}; median (min–max) of the rounds. Ratios are taken within a "
             "round, then their median (min–max). Peak RSS is the process's ru_maxrss.", "",
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
    parser.add_argument("--rounds", type=int, default=5, help="paired rounds (import) or runs per page (browser)")
    parser.add_argument("--openpyxl-rounds", type=int, help="fewer rounds for pandas+openpyxl")
    parser.add_argument("--calamine-rounds", type=int, help="fewer rounds for pandas+calamine")
    parser.add_argument("--from-json", type=Path, help="render the import section from a saved run")
    parser.add_argument("--hazards", type=int, help="browser: generated hazards for the large dataset "
                        "(default --rows; 0 = demo data only); load: serve N generated hazards (default: the demo data)")
    parser.add_argument("--save", type=Path, help="browser: write the raw samples to this JSON file")
    parser.add_argument("--no-demo", action="store_true", help="browser: the large dataset only")
    parser.add_argument("--before", type=Path, help="browser: an earlier run's JSON, shown as before columns")
    parser.add_argument("--city", type=Path, help="browser: also a city instance's directory (city.duckdb, city.toml), "
                        "e.g. bench/data/city_10x1000000 that `run.py city` keeps")
    parser.add_argument("--districts", type=int, default=10, help="city: districts of --rows hazards each")
    parser.add_argument("--no-plain", action="store_true", help="city: skip the plain database of the same size")
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text())
        render_import(args.rows, saved["results"], saved["rounds"], saved["capped"], saved["ran_at"])
    elif "import" in args.what:
        import_section(args.rows, not args.no_baseline, args.rounds, args.openpyxl_rounds, args.calamine_rounds)
    if "queries" in args.what:
        try:
            from query_bench import queries_section
        except ImportError:
            print("query benchmark not available yet")
        else:
            queries_section()
    if "browser" in args.what:
        from browser_bench import browser_section
        browser_section(args.rounds, args.rows if args.hazards is None else args.hazards, args.save, args.before,
                        not args.no_demo, args.city)
    if "load" in args.what:
        from load_test import load_section
        load_section(hazards=args.hazards or 0)   # the demo data unless --hazards N
    if "enterprise" in args.what:
        from enterprise_bench import section as enterprise_section
        replace_section("enterprise", enterprise_section(machine()))
    if "package" in args.what:
        from package_bench import run, section
        replace_section("package", section(run(args.rows, args.rounds), machine(), f"{dt.datetime.utcnow():%Y-%m-%d %H:%M}"))
    if "city" in args.what:
        from city_bench import run as city_run
        from city_bench import section as city_section
        replace_section("city", city_section(city_run(args.districts, args.rows, min(args.rounds, 3), not args.no_plain),
                                             machine(), f"{dt.datetime.utcnow():%Y-%m-%d %H:%M}"))
    if "content_check" in args.what:
        from content_check_bench import run, section
        replace_section("content_check", section(run(), machine(), f"{dt.datetime.now():%Y-%m-%d %H:%M}"))


if __name__ == "__main__":
    main()
