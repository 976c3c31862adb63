"""What the benchmarks share: the machine line, BENCHMARKS.md sections, a local dashboard server, spread figures,
and the generated district database (build) the query, page, 一企一档, browser and package benches run on."""
from __future__ import annotations

import datetime as dt
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))   # safetyboard, for build()


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


def spread(samples: list[float]) -> tuple[float, float, float]:
    """(median, min, max)."""
    return statistics.median(samples), min(samples), max(samples)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_server(db: Path, log_path: Path, env: dict | None = None):
    """The dashboard on loopback over `db`; yields its base URL."""
    port = free_port()
    full_env = {**os.environ, "SAFETYBOARD_DB": str(db), **(env or {})}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not start; see {log_path}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


# ---------------------------------------------------------------- the generated district

SINCE, AS_OF = dt.date(2022, 4, 1), dt.date(2022, 11, 30)
PAGE_PARAMS = {"today": dt.date.today(), "unit_code": "410411001000", "group": "第一督导组", "limit": 2000,
               "row_limit": 2000, "top_n": 5, "typical_min": 1, "typical_max": 3,
               "target_key": "", "only_open": False, "search_key": "4242", "ent_code": None, "ent_key": "E4242"}


def build(db: Path, hazards: int) -> Path:
    """Synthetic ledgers in the real schema, generated in SQL (the import path is benchmarked separately).
    50,000 enterprises: the district has about 2,000, so this errs on the heavy side for distinct counts."""
    if db.exists():
        return db
    db.parent.mkdir(parents=True, exist_ok=True)
    from safetyboard.store import Store

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
    # The enterprise register: the 50,000 enterprises of the hazards, 规上 every 4th, 重点 every 10th, in
    # the 乡/街道 of their first hazard; accidents: a few hundred over 2021 and 2022.
    cur.execute("""
        INSERT INTO register
        SELECT 'E' || k, '企业' || k, 'E' || k, NULL, u.code, u.name, ind.name, d.name,
               CASE WHEN k % 4 = 0 THEN '规上' ELSE '小微' END, k % 10 = 0, NULL, NULL, 1, 'bench', k,
               NULL, NULL   -- 经度/纬度 (migration 015): the generated register has no points
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
    # The 一企一档 search index, as migration 014 fills it on a database that predates it.
    cur.execute("INSERT INTO enterprise_index SELECT * FROM enterprise_index_rows").fetchall()
    cur.execute("CHECKPOINT").fetchall()
    store.close()
    return db


def page_times(db: Path) -> dict[str, tuple[float, int, float]]:
    """Each page under AppTest: (seconds, query files run, seconds of it in SQL), median of 3 runs."""
    from streamlit.testing.v1 import AppTest

    from safetyboard import queries
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
