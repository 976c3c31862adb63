"""Query benchmark (issue 3): every query file at 1M and 10M generated hazards (other ledgers in
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

SINCE, AS_OF = dt.date(2022, 4, 1), dt.date(2022, 11, 30)
PAGE_PARAMS = {"today": dt.date.today(), "unit_code": "410411001000", "group": "第一督导组", "limit": 2000,
               "row_limit": 2000, "top_n": 5, "typical_min": 1, "typical_max": 3,
               "target_key": "", "only_open": False, "search_key": "4242", "ent_code": None, "ent_key": "E4242"}
REPEATS = 7


def build(db: Path, hazards: int) -> Path:
    """Synthetic ledgers in the real schema, generated in SQL (the import path is benchmarked separately).
    50,000 enterprises: the district has about 2,000, so this errs on the heavy side for distinct counts."""
    if db.exists():
        return db
    db.parent.mkdir(parents=True, exist_ok=True)
    store = Store(db)
    cur = store.cursor()
    scale = hazards / 6000
    # The enterprise keys of migration 005, as the importer assigns them (one id per identity).
    cur.execute("INSERT INTO enterprises SELECT nextval('enterprise_id_seq'), 'E' || k FROM range(50000) t(k)").fetchall()
    p = {"n": hazards, "cases": int(400 * scale), "tips": int(300 * scale), "visits": max(int(120 * scale), 120)}
    cur.execute("""
        INSERT INTO hazards
        SELECT 'B-' || i, 'B-' || i, false, u.code, u.name, '企业' || (i % 50000), 'E' || (i % 50000), NULL,
               ind.name, d.name, '隐患描述' || (i % 997), CASE WHEN i % 33 = 0 THEN '重大' ELSE '一般' END,
               '部门检查', found, found + 30, CASE WHEN i % 50 = 0 THEN found + 60 END,
               CASE WHEN i % 33 = 0 THEN '张三' END, CASE WHEN i % 33 = 0 THEN '措施' END,
               CASE WHEN i % 33 = 0 THEN 15000.0 END, CASE WHEN i % 33 = 0 THEN '有' END,
               CASE WHEN i % 10 < 7 THEN '已整改' WHEN i % 10 = 7 THEN '已销号' WHEN i % 10 = 8 THEN '整改中' ELSE '未整改' END,
               CASE WHEN i % 10 < 8 THEN found + 12 END,
               CASE WHEN i % 33 = 0 AND i % 5 = 0 THEN '区级' ELSE '否' END, NULL, 1, 'bench', i, e.id
        FROM (SELECT i, DATE '2022-04-01' + CAST(i % 240 AS INTEGER) AS found FROM range($n) t(i)) g
        JOIN enterprises e ON e.identity = 'E' || (g.i % 50000)
        JOIN units u ON u.sort_order = g.i % 10
        JOIN industries ind ON ind.sort_order = g.i % 16
        JOIN departments d ON d.sort_order = g.i % 19
    """, {"n": p["n"]}).fetchall()
    cur.execute("""
        INSERT INTO enforcement
        SELECT 'C-' || i, 'C-' || i, d.name, '企业' || (i % 50000), NULL, u.code, u.name, ind.name, '违法行为',
               i % 11, DATE '2022-04-01' + CAST(i % 240 AS INTEGER), NULL,
               CASE i % 4 WHEN 0 THEN ['罚款', '责令改正'] WHEN 1 THEN ['停产停业整顿'] WHEN 2 THEN ['罚款', '关闭取缔'] ELSE ['警告'] END,
               (i % 20) * 1000.0, i % 40 = 0, i % 9 = 0, '已结案', 1, 'bench', i, 'E' || (i % 50000)
        FROM range($cases) t(i)
        JOIN units u ON u.sort_order = i % 10 JOIN industries ind ON ind.sort_order = i % 16
        JOIN departments d ON d.sort_order = i % 19
    """, {"cases": p["cases"]}).fetchall()
    cur.execute("""
        INSERT INTO tips
        SELECT 'T-' || i, 'T-' || i, DATE '2022-04-01' + CAST(i % 240 AS INTEGER),
               ['12350', '12345政务热线', '举报电话', '网站', '来信', '来访'][i % 6 + 1], '企业' || i, u.code, u.name, '类别',
               ['属实', '不属实', '核查中'][i % 3 + 1], CASE WHEN i % 3 = 0 THEN 500.0 END,
               CASE WHEN i % 3 = 0 THEN DATE '2022-04-01' + CAST(i % 240 AS INTEGER) + 20 END,
               DATE '2022-04-01' + CAST(i % 240 AS INTEGER) + 15, 1, 'bench', i
        FROM range($tips) t(i) JOIN units u ON u.sort_order = i % 10
    """, {"tips": p["tips"]}).fetchall()
    cur.execute("""
        INSERT INTO assignments
        SELECT 'A-' || i, ['第一督导组','第二督导组','第三督导组','第四督导组','第五督导组','第六督导组'][i % 6 + 1],
               u.name, '乡/街道', '乡/街道:' || u.name, 1, 'bench', i FROM range(10) t(i) JOIN units u ON u.sort_order = i
        UNION ALL
        SELECT 'A-D' || i, ['第一督导组','第二督导组','第三督导组','第四督导组','第五督导组','第六督导组'][i % 6 + 1],
               d.name, '部门', '部门:' || d.name, 1, 'bench', 100 + i FROM range(19) t(i) JOIN departments d ON d.sort_order = i
    """).fetchall()
    cur.execute("""
        INSERT INTO supervision
        SELECT 'V-' || i, a."group", CASE WHEN i % 2 = 0 THEN '回头看' ELSE '督导检查' END, a.target, a.target_kind,
               a.target_key, NULL, NULL, CASE WHEN i % 2 = 0 THEN DATE '2022-10-01' + CAST(i % 31 AS INTEGER)
               ELSE DATE '2022-05-01' + CAST(i % 120 AS INTEGER) END, i % 5, i % 3, NULL, 1, 'bench', i
        FROM range($visits) t(i) JOIN (SELECT *, row_number() OVER () - 1 AS k FROM assignments) a ON a.k = i % 29
    """, {"visits": p["visits"]}).fetchall()
    cur.execute("""
        INSERT INTO submissions SELECT r.reporter || '|' || n.no, r.reporter, r.reporter_kind, n.no, n.due - 1, 1, 'bench', 1
        FROM reporters r CROSS JOIN submission_nodes n
    """).fetchall()
    cur.execute("""
        INSERT INTO monthly_reports
        SELECT d.name || '|' || m, d.name, '部门', DATE '2022-04-01' + to_months(CAST(m AS INTEGER)),
               DATE '2022-05-02' + to_months(CAST(m AS INTEGER)), 20, 3, 1, 0, 5000.0, 0, 1, 1, 'bench', 1
        FROM departments d CROSS JOIN range(8) t(m)
    """).fetchall()
    # The enterprise register (issue 15): the 50,000 enterprises of the hazards, 规上 every 4th, 重点 every 10th, in
    # the 乡/街道 of their first hazard; accidents: a few hundred over 2021 and 2022.
    cur.execute("""
        INSERT INTO register
        SELECT 'E' || k, '企业' || k, 'E' || k, NULL, u.code, u.name, ind.name, d.name,
               CASE WHEN k % 4 = 0 THEN '规上' ELSE '小微' END, k % 10 = 0, NULL, NULL, 1, 'bench', k
        FROM range(50000) t(k)
        JOIN units u ON u.sort_order = k % 10 JOIN industries ind ON ind.sort_order = k % 16
        JOIN departments d ON d.sort_order = k % 19
    """).fetchall()
    cur.execute("""
        INSERT INTO accidents
        SELECT 'SG-' || i, 'SG-' || i, DATE '2021-01-01' + CAST(i * 7 % 700 AS INTEGER), u.code, u.name,
               '企业' || (i * 97 % 50000), 'E' || (i * 97 % 50000), NULL, ind.name, '机械伤害', CAST(i % 3 = 0 AS INTEGER), i % 4,
               (i % 50) * 10000.0, i % 30 = 0, NULL, 1, 'bench', i
        FROM range(300) t(i) JOIN units u ON u.sort_order = i % 10 JOIN industries ind ON ind.sort_order = i % 16
    """).fetchall()
    # Every generated row says import 1: take that id from the sequence, so a later real import gets 2.
    cur.execute("INSERT INTO imports VALUES (nextval('import_id_seq'), 'bench', 'bench', 0, NULL, now(), 'bench', NULL)").fetchall()
    cur.execute("CHECKPOINT").fetchall()
    store.close()
    return db


def time_queries(db: Path) -> dict[str, tuple[float, float]]:
    store = Store(db)
    params = {**Filters(SINCE, AS_OF).params(), **PAGE_PARAMS}
    out = {}
    for name in queries.names():
        q = queries.load(name)
        if not q.params <= params.keys():
            continue
        queries.run(store, name, params)  # warm
        samples = []
        for _ in range(REPEATS):
            t = time.perf_counter()
            queries.run(store, name, params)
            samples.append((time.perf_counter() - t) * 1000)
        samples.sort()
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


def page_times(db: Path) -> dict[str, tuple[float, int, float]]:
    """Each page under AppTest: (seconds, query files run, seconds of it in SQL), median of 3 runs."""
    from streamlit.testing.v1 import AppTest

    from ui import data
    from ui.navigation import PAGES
    os.environ["SAFETYBOARD_DB"] = str(db)
    calls: list[float] = []
    run = queries.run

    def timed_run(*args, **kwargs):
        t = time.perf_counter()
        try:
            return run(*args, **kwargs)
        finally:
            calls.append(time.perf_counter() - t)
    queries.run = timed_run   # ui.data calls queries.run: count and time the query files a page runs
    out = {}
    try:
        for entry in PAGES:
            if entry.file.endswith(("import_data.py", "audit_log.py")):
                continue
            at = AppTest.from_file(str(REPO / entry.file), default_timeout=300)
            at.run()  # first run fills the caches of the frame
            samples = []
            for _ in range(3):
                at = AppTest.from_file(str(REPO / entry.file), default_timeout=300)
                at.query_params["as_of"] = "2022-11-29"   # a parameter set not cached yet
                calls.clear()
                t = time.perf_counter()
                at.run()
                samples.append((time.perf_counter() - t, len(calls), sum(calls)))
                data.clear()
            samples.sort()
            out[entry.title] = samples[1]
    finally:
        queries.run = run
    return out


def queries_section() -> None:
    from common import machine, replace_section

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
    lines += ["Data generated in SQL by bench/query_bench.py (the real schema, not through the importer): 1M and 10M hazards "
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
