"""Query benchmark: every query file at 1M and 10M generated hazards (other ledgers in
proportion), p50/p95 per query; the same aggregations in pandas on the same data; every page under
AppTest at 1M hazards. Data is generated inside DuckDB (bench/data/, never committed)."""
from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from safetyboard import queries  # noqa: E402
from safetyboard.metrics import Filters  # noqa: E402
from safetyboard.store import Store  # noqa: E402

from common import AS_OF, PAGE_PARAMS, SINCE, build, machine, page_times, replace_section, time_query  # noqa: E402

REPEATS = 7


def time_queries(db: Path) -> dict[str, tuple[float, float]]:
    store = Store(db)
    params = {**Filters(SINCE, AS_OF).params(), **PAGE_PARAMS}
    out = {}
    for name in queries.names():
        q = queries.load(name)
        if not q.params <= params.keys():
            continue
        samples = time_query(store, name, params, REPEATS)
        out[name] = (statistics.median(samples), samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))])
    store.close()
    return out


FILLED_NOT = ("", "无", "否", "/", "-", "—", "暂无", "未落实")   # is_filled (metric_rules/hazards.sql), for the pandas versions


def pandas_comparison(db: Path) -> list[tuple[str, float, float, bool]]:
    """The same aggregations in pandas on the same rows (loaded once through Arrow, not timed), each checked
    to give the same numbers as its query: (label, DuckDB ms, pandas ms, same result)."""
    import pandas as pd

    store = Store(db)
    params = {**Filters(SINCE, AS_OF).params(), **PAGE_PARAMS}
    h = store.query("""SELECT unit_code, level, status, rectified_date, deadline, extended_to, found_date, listed,
                              coalesce(credit_code, enterprise_key) AS enterprise, responsible, measures_taken,
                              funds_yuan, emergency_plan FROM hazards""").to_pandas()
    for c in ("rectified_date", "deadline", "extended_to", "found_date"):
        h[c] = pd.to_datetime(h[c])
    a, s = pd.Timestamp(AS_OF), pd.Timestamp(SINCE)
    days = params["upcoming_days"]

    # The rules of safetyboard/metric_rules/hazards.sql: 延期至 only when later; 逾期/临期 are stocks (found <= A).
    h["rect"] = h.status.isin(["已整改", "已销号"]) & (h.rectified_date.isna() | (h.rectified_date <= a))
    h["closed"] = (h.status == "已销号") & (h.rectified_date.isna() | (h.rectified_date <= a))
    in_force = h.extended_to.where(h.extended_to > h.deadline, h.deadline)
    stock = (h.found_date <= a) & ~h.rect
    h["overdue"] = stock & (in_force < a)
    h["upcoming"] = stock & (in_force >= a) & (in_force <= a + pd.Timedelta(days=days))
    h["major"] = h.level == "重大"
    h["is_listed"] = h.listed.isin(["区级", "市级", "省级"])

    def scoped() -> pd.DataFrame:
        return h[(h.found_date >= s) & (h.found_date <= a)]

    def stocks() -> pd.DataFrame:
        return h[(h.found_date <= a) & ~h.rect]

    def filled(col: pd.Series) -> pd.Series:
        return col.notna() & ~col.astype("string").str.strip().isin(FILLED_NOT)

    def summary():
        x = scoped()
        five = (x.major & filled(x.responsible) & filled(x.measures_taken) & x.funds_yuan.notna()
                & x.deadline.notna() & filled(x.emergency_plan))
        o = stocks()
        return {"enterprises": x.enterprise.nunique(), "total": len(x), "major": int(x.major.sum()),
                "rectified": int(x.rect.sum()), "major_rectified": int((x.major & x.rect).sum()),
                "overdue": int(o.overdue.sum()), "upcoming": int(o.upcoming.sum()),
                "listed": int(x.is_listed.sum()), "five_complete": int(five.sum())}

    def by_unit():
        x = scoped()
        g = x.groupby("unit_code").agg(total=("rect", "size"), major=("major", "sum"), rectified=("rect", "sum"),
                                       listed=("is_listed", "sum"))
        overdue = stocks().groupby("unit_code")["overdue"].sum()
        return {code: (int(row.total), int(row.major), int(row.rectified), int(overdue.get(code, 0)), int(row.listed))
                for code, row in g.iterrows()}

    def stats_by_unit():
        x = scoped()
        g = x.assign(general=~x.major, general_rect=~x.major & x.rect, major_rect=x.major & x.closed).groupby("unit_code").agg(
            enterprises=("enterprise", "nunique"), general_total=("general", "sum"),
            general_rectified=("general_rect", "sum"), major_total=("major", "sum"), major_rectified=("major_rect", "sum"))
        rows = {code: tuple(int(v) for v in row) for code, row in g.iterrows()}
        rows[None] = (x.enterprise.nunique(), *(int(g[c].sum()) for c in g.columns[1:]))
        return rows

    def weekly():
        x = scoped()
        found = x.groupby(x.found_date.dt.to_period("W")).size()
        done = x[x.rect & x.rectified_date.notna()]
        rect = done.groupby(done.rectified_date.dt.to_period("W")).size()
        return {p.start_time.date(): (int(found.get(p, 0)), int(rect.get(p, 0))) for p in found.index.union(rect.index)}

    def duck_value(name: str, rows: list[dict]):
        if name == "hazard_summary":
            return {k: rows[0][k] for k in summary_keys}
        if name == "hazards_by_unit":
            return {r["code"]: (r["total"], r["major"], r["rectified"], r["overdue"], r["listed"]) for r in rows if r["total"]}
        if name == "hazard_stats_table_by_unit":
            return {r["code"]: (r["enterprises"], r["general_total"], r["general_rectified"], r["major_total"],
                                r["major_rectified"]) for r in rows if r["is_total"] or r["general_total"] + r["major_total"]}
        return {r["week_start"]: (r["found"], r["rectified"]) for r in rows if r["found"] or r["rectified"]}

    summary_keys = list(summary())
    rows = []
    for label, query_name, fn in [("隐患KPI (hazard_summary)", "hazard_summary", summary),
                                  ("按乡/街道 (hazards_by_unit)", "hazards_by_unit", by_unit),
                                  ("统计表按乡/街道，含去重单位数 (hazard_stats_table_by_unit)", "hazard_stats_table_by_unit", stats_by_unit),
                                  ("每周发现与整改 (rectification_by_week)", "rectification_by_week", weekly)]:
        duck, pand = [], []
        for _ in range(5):
            t = time.perf_counter(); result = queries.run(store, query_name, params); duck.append(time.perf_counter() - t)
            t = time.perf_counter(); theirs = fn(); pand.append(time.perf_counter() - t)
        same = duck_value(query_name, result.to_pylist()) == theirs
        rows.append((label, statistics.median(duck) * 1000, statistics.median(pand) * 1000, same))
    store.close()
    return rows


def queries_section() -> None:

    lines = ["## Queries and pages", "", f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}.", ""]
    sizes = (1_000_000, 10_000_000) if os.environ.get("BENCH_10M", "1") != "0" else (1_000_000,)
    for n in sizes:   # all data first: timing right after writing 10M rows measures the disk, not the queries
        db = BENCH / "data" / f"queries_{n}.duckdb"
        print(f"building {db} …", flush=True)
        build(db, n)
    results = {}
    for n in sizes:
        print(f"timing queries at {n:,} …", flush=True)
        results[n] = time_queries(BENCH / "data" / f"queries_{n}.duckdb")
    nan = (float("nan"),) * 2
    slow_1m = [n for n, (p50, _) in results[1_000_000].items() if p50 >= 100]
    slow_10m = [n for n, (p50, _) in results.get(10_000_000, {}).items() if p50 >= 500]
    lines += ["Data generated in SQL by bench/common.py (the real schema, not through the importer): 1M and 10M hazards "
              "all found inside the campaign, so the default view (全程, all filters empty) takes every row; 50,000 "
              "enterprises, each in every 乡/街道 and under every department (heavy on distinct counts); cases, tips and "
              "visits in proportion. Parameters: the default view as of 2022-11-30.", "",
              "Every query file, median (p50) and p95 of 7 runs, ms, slowest at 1M first. "
              "Targets: p50 < 100 ms at 1M, < 500 ms at 10M.", "",
              "| query | 1M p50 | 1M p95 | 10M p50 | 10M p95 |", "|---|---:|---:|---:|---:|"]
    for name in sorted(results[1_000_000], key=lambda n: -results[1_000_000][n][0]):
        a, b = results[1_000_000][name], results.get(10_000_000, {}).get(name, nan)
        lines.append(f"| {name} | {a[0]:.1f} | {a[1]:.1f} | {b[0]:.1f} | {b[1]:.1f} |")
    print("pandas comparison …", flush=True)
    lines += ["", "The same aggregations in pandas on the same rows (1M hazards, data already in memory; each checked "
              "to give the query's numbers), ms:", "",
              "| aggregation | DuckDB | pandas | pandas / DuckDB | same numbers |", "|---|---:|---:|---:|---|"]
    for label, duck, pand, same in pandas_comparison(BENCH / "data" / "queries_1000000.duckdb"):
        lines.append(f"| {label} | {duck:.1f} | {pand:.1f} | {pand / duck:.1f}x | {'yes' if same else 'NO'} |")
    print("page times …", flush=True)
    pages = page_times(BENCH / "data" / "queries_1000000.duckdb")
    lines += ["", "Each page under AppTest at 1M hazards (a parameter set not in the cache; median of 3 runs): the whole "
              "run, how many query files it ran and their time; the rest is the frame, charts and tables. Target < 1.5 s.",
              "", "| page | seconds | query files run | of which SQL (s) |", "|---|---:|---:|---:|"]
    for title, (seconds, count, sql) in pages.items():
        lines.append(f"| {title} | {seconds:.2f} | {count} | {sql:.2f} |")
    slow_pages = [t for t, (seconds, _, _) in pages.items() if seconds >= 1.5]

    def verdict(missed: list[str], what: str) -> str:
        return f"met ({what})" if not missed else f"NOT met: {', '.join(sorted(missed))}"
    lines += ["", "Targets in this run:",
              f"- queries p50 < 100 ms at 1M: {verdict(slow_1m, f'all {len(results[1_000_000])}')}",
              (f"- queries p50 < 500 ms at 10M: {verdict(slow_10m, f'all {len(results[10_000_000])}')}"
               if 10_000_000 in results else "- queries at 10M: not run (BENCH_10M=0)"),
              f"- pages < 1.5 s at 1M: {verdict(slow_pages, f'all {len(pages)}')}"]
    replace_section("queries", "\n".join(lines))
