"""Load test: a real Streamlit server on loopback, N concurrent sessions paging
through every page with changing filters while hazard ledgers are imported through the CLI (which
hands them to the dashboard's control worker). Every 总览 a session sees is checked against the
numbers the database held before and after each import: never a number from no state, never a page
mixing two states, never a state older than one already committed when the run began.

    python bench/run.py load                                   # 20 sessions, 2 minutes -> BENCHMARKS.md
    python bench/run.py load --hazards 1000000                 # the same on 1M generated hazards, its own section
    python bench/load_test.py --sessions 5 --duration 20 --imports 3      # print only
    python bench/load_test.py --write                                     # same as run.py load

The sessions speak Streamlit's websocket protocol (bench/st_client.py), which costs a fraction of a
browser; --browsers N adds N headless Chromium pages (Debian chromium) loading the same views.

How a session behaves: it opens a shared link (filters in the query string), then visits every page
in a shuffled order, going back to 总览 after every second page (more views to check), changes the
sidebar filters every few pages (selectbox / date / multiselects, sent as widget states like the
browser does) and now and then opens another link in a new session.
When a page switch drops the sidebar filters (see `filters_lost_on_page_switch` in the result), it
sets them again, as a user would.

The served database is the demo data without the held-back ledgers, or with --hazards N the generated
district of bench/common.py build() at N hazards (cached in bench/data, copied for the run).
Legal numbers come from a scratch copy of the starting database, after the run: state 0 is the database
the server started with, state k the same plus the first k held-back ledgers, imported in order with the
ordinary importer into that one copy and read after each import for every filter set a session saw
(one copy, not one per state: at 1M hazards each is a large file); 隐患总数 is taken from
safetyboard.metrics.stats, the other 总览 numbers from the page's own named queries; the time shown as
最近导入 from the served database after the run."""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
for p in (str(REPO), str(BENCH)):
    if p not in sys.path:
        sys.path.insert(0, p)

from st_client import PageRun, Session  # noqa: E402

# Held-back hazard ledgers, imported during the run in this order (file names contain these words).
HOLD_ORDER = ("马庄街道", "河滨街道", "区住房和城乡建设局", "曹镇乡", "荆山街道", "轻工路街道", "高阳路街道", "北渡街道")

# Filter sets the sessions move between. Most of them cover a held-back ledger, so their totals change.
FILTER_SPECS: tuple[dict, ...] = (
    {},
    {"units": ["马庄街道"]},
    {"units": ["河滨街道", "曹镇乡"]},
    {"phase": "集中整治"},
    {"as_of": "2022-10-31"},
    {"phase": "自定义", "since": "2022-06-01", "as_of": "2022-09-30"},
    {"industries": ["建筑施工"]},
    {"units": ["荆山街道"], "departments": ["应急管理局"]},
    {"phase": "回头看", "units": ["轻工路街道", "马庄街道"]},
    {"industries": ["工贸"], "as_of": "2022-11-15"},
)
OVERVIEW_HAZARD_TILES = ("排查单位数", "涉及隐患的单位数", "隐患总数", "重大隐患", "整改率", "重大隐患整改率", "逾期未整改", "挂牌督办")
SIDEBAR = {"phase": "统计阶段", "as_of": "统计截止日", "since": "统计起始日", "units": "乡/街道",
           "industries": "行业领域", "departments": "监管部门"}
_CN_DATE = r"(\d{4})年(\d{1,2})月(\d{1,2})日"


def log(msg: str) -> None:
    print(f"[load {dt.datetime.now():%H:%M:%S}] {msg}", flush=True)


# ---------------------------------------------------------------------------- database states

@dataclass
class Plan:
    workdir: Path
    db: Path                    # the database the server serves
    base: Path                  # the served database as it was before the run (not touched)
    held: list[Path]            # imported during the run, in order
    unit_codes: dict[str, str]  # unit name -> code
    hazards: int = 0            # generated hazards of the base (bench/common.py build()), 0 = the demo data
    accepted: list[int] = field(default_factory=list)   # hazard rows accepted per held ledger (scratch import)


def _copy_db(src: Path, dst: Path) -> None:
    shutil.copy2(src, dst)
    wal = src.with_name(src.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, dst.with_name(dst.name + ".wal"))


def held_ledgers(n_imports: int) -> list[Path]:
    from safetyboard.config import SAMPLE_DIR
    from safetyboard.demo_db import sample_files

    files = sample_files(SAMPLE_DIR)
    held = []
    for word in HOLD_ORDER[:n_imports]:
        match = [f for f in files if word in f.name and "隐患" in f.name]
        if len(match) != 1:
            raise RuntimeError(f"expected one hazard ledger for {word} in {SAMPLE_DIR}, found {len(match)}")
        held.append(match[0])
    if len(held) < n_imports:
        raise RuntimeError(f"only {len(held)} hazard ledgers can be held back")
    return held


def prepare(workdir: Path, n_imports: int, hazards: int = 0) -> Plan:
    """The served database and the held-back hazard ledgers. With hazards=0 the served database holds every
    sample ledger except the held-back ones; with hazards=N it is the generated district of bench/common.py
    (build(), cached under bench/data like the other benches use it) at N hazards, copied."""
    from safetyboard import rules
    from safetyboard.config import SAMPLE_DIR
    from safetyboard.demo_db import build_demo_database, sample_files

    held = held_ledgers(n_imports)
    served = workdir / "served" / "safetyboard.duckdb"
    served.parent.mkdir(parents=True)
    if hazards:
        from common import build
        base = build(BENCH / "data" / f"queries_{hazards}.duckdb", hazards)
        _copy_db(base, served)
    else:
        start_dir = workdir / "sample-start"
        start_dir.mkdir(parents=True)
        for f in sample_files(SAMPLE_DIR):
            if f not in held:
                os.symlink(f, start_dir / f.name)
        failed = [r for r in build_demo_database(served, start_dir) if r.status == "failed"]
        if failed:
            raise RuntimeError(f"demo database: {failed[0].error}")
        base = workdir / "base" / "safetyboard.duckdb"
        base.parent.mkdir()
        _copy_db(served, base)
    return Plan(workdir, served, base, held, {u.name: u.code for u in rules.units()}, hazards)


class Expectations:
    """What 总览 shows for a filter set in each database state: state 0 is the base, state k the base plus the
    first k held-back ledgers imported with the ordinary importer. One scratch copy of the base walks through
    the states in order (import, read every filter set asked for, import the next): exact, and one copy of
    the database instead of one per state (at 1M hazards each copy is a large file)."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.cache: dict[tuple, list[dict]] = {}
        self.last_import: list[dt.datetime | None] = [None] * (len(plan.held) + 1)
        self.walks = 0          # scratch walks through the states (one per prefetch of new filter sets)

    def close(self) -> None:
        pass

    def for_filters(self, key: tuple) -> list[dict]:
        self.prefetch([key])
        return self.cache[key]

    def prefetch(self, keys) -> None:
        """Read the numbers of every filter set in `keys` not read yet, in every state (one walk)."""
        from safetyboard.ledgers.importer import import_file
        from safetyboard.store import Store

        missing = list(dict.fromkeys(k for k in keys if k not in self.cache))
        if not missing:
            return
        self.walks += 1
        scratch = self.plan.workdir / "scratch" / "state.duckdb"
        scratch.parent.mkdir(exist_ok=True)
        for stale in scratch.parent.glob("state.duckdb*"):
            stale.unlink()
        _copy_db(self.plan.base, scratch)
        found: dict[tuple, list[dict]] = {k: [] for k in missing}
        accepted = []
        try:
            for k in range(len(self.plan.held) + 1):
                store = Store(scratch)
                try:
                    for key in missing:
                        found[key].append(self._expect(store, key))
                    if k < len(self.plan.held):
                        res = import_file(store, self.plan.held[k], user="scratch")
                        if any(r.status != "imported" for r in res):
                            raise RuntimeError(f"scratch import of {self.plan.held[k].name}: {[r.status for r in res]}")
                        accepted.append(sum(r.accepted for r in res))
                finally:
                    store.close()
        finally:
            for f in scratch.parent.glob("state.duckdb*"):
                f.unlink()
        self.plan.accepted = accepted
        self.cache.update(found)

    @staticmethod
    def _expect(store, key: tuple) -> dict:
        from safetyboard import queries
        from safetyboard.metrics import Filters, stats
        from safetyboard.formatting import count, percent

        since, as_of, units, industries, departments = key
        f = Filters(since, as_of, units, industries, departments)
        p = f.params()
        h = queries.run_rows(store, "hazard_summary", p)[0]
        before = (queries.run_rows(store, "hazard_summary", {**p, "as_of": p["week_ago"]})[0]["total"]
                  if p["week_ago"] >= since else None)
        top = queries.run_rows(store, "top_overdue_units", {**p, "top_n": 5})
        # The first tile: 排查单位数 inspected/registered with a register (the demo has one), else 涉及隐患的单位数.
        c = queries.run_rows(store, "register_coverage_summary", p)[0]
        first = ({"排查单位数": f"{count(c['inspected'])}/{count(c['registered'])}"} if c["has_register"]
                 else {"涉及隐患的单位数": count(c["hazard_enterprises"])})
        fmt = {**first, "隐患总数": count(h["total"]), "重大隐患": count(h["major"]),
               "整改率": percent(h["rectification_rate"]), "重大隐患整改率": percent(h["major_rectification_rate"]),
               "逾期未整改": count(h["overdue"]), "挂牌督办": count(h["listed"])}
        return {"total": stats(store, f)["hazards"]["total"], "tiles": fmt, "before_total": before,
                "top": [(r["unit"], int(r["overdue"]), int(r["open"])) for r in top]}


# ---------------------------------------------------------------------------- the server

SHIM = textwrap.dedent("""
    # The dashboard as `streamlit run dashboard.py`, plus the control worker started when the store opens
    # (used only when the dashboard does not start it itself: see the load test's report).
    import sys
    sys.path.insert(0, {repo!r})
    import safetyboard.store as _store
    from safetyboard.control import start_worker
    _get_store = _store.get_store
    def get_store(path=None):
        store = _get_store(path)
        start_worker(store)
        return store
    _store.get_store = get_store
    from streamlit.web.cli import main
    sys.argv = ["streamlit", "run", "dashboard.py", *{args!r}]
    main()
""")


class Server:
    def __init__(self, db: Path, port: int, shim: bool, log_path: Path):
        self.db, self.port, self.shim, self.log_path = db, port, shim, log_path
        self.url = f"http://127.0.0.1:{port}"
        args = ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
                "--browser.gatherUsageStats", "false"]
        cmd = ([sys.executable, "-c", SHIM.format(repo=str(REPO), args=args)] if shim
               else [sys.executable, "-m", "streamlit", "run", "dashboard.py", *args])
        env = {**os.environ, "SAFETYBOARD_DB": str(db),
               # no users file and explicit demo mode: the demo administrator without login (the file must not exist)
               "SAFETYBOARD_USERS": str(db.parent / "no-users-file.toml"), "SAFETYBOARD_DEMO": "1"}
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.proc.returncode}); see {log_path}")
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {log_path}")

    def rss(self) -> int:
        import psutil
        return psutil.Process(self.proc.pid).memory_info().rss

    def cpu_seconds(self) -> float:
        import psutil
        t = psutil.Process(self.proc.pid).cpu_times()
        return t.user + t.system

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()

    def log_errors(self) -> list[str]:
        """One line per traceback (its last frame and the exception) or ERROR line in the server log."""
        lines = self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        out = []
        for i, line in enumerate(lines):
            if line.startswith("Traceback (most recent call last)"):
                end = next((j for j in range(i + 1, len(lines)) if lines[j] and not lines[j][0].isspace()), None)
                if end is None:
                    out.append("Traceback (unfinished)")
                    continue
                where = next((lines[j].strip() for j in range(end - 1, i, -1) if lines[j].strip().startswith("File ")), "")
                out.append(f"{lines[end][:200]} ({where[:160]})")
            elif re.search(r"\bERROR\b", line):
                out.append(line[:300])
        return out


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _first_run(url: str) -> PageRun:
    async with Session(url) as s:
        return await s.run()


def start_server(plan: Plan, control: str) -> tuple[Server, str]:
    """Start the dashboard; make sure a CLI import reaches it. Returns (server, how the worker runs)."""
    from safetyboard.control import dashboard_alive

    if control in ("auto", "dashboard"):
        server = Server(plan.db, free_port(), False, plan.workdir / "server.log")
        run = asyncio.run(_first_run(server.url))
        deadline = time.time() + 8
        while time.time() < deadline and not dashboard_alive(plan.db):
            time.sleep(0.25)
        if dashboard_alive(plan.db):
            return server, "dashboard"
        server.stop()
        if control == "dashboard":
            raise RuntimeError(f"the dashboard did not start its control worker (first page: {run.status}); "
                               "`python -m safetyboard import` cannot reach it")
        log("the dashboard does not start its control worker: restarting it with the worker started beside it")
    server = Server(plan.db, free_port(), True, plan.workdir / "server-shim.log")
    asyncio.run(_first_run(server.url))
    deadline = time.time() + 8
    while time.time() < deadline and not dashboard_alive(plan.db):
        time.sleep(0.25)
    if not dashboard_alive(plan.db):
        server.stop()
        raise RuntimeError("no control worker heartbeat even with the worker started beside the dashboard")
    return server, "shim"


# ---------------------------------------------------------------------------- sessions

@dataclass
class Record:
    """One script run (one request) as a session saw it."""
    session: int
    seq: int
    kind: str            # open | page | filters | refilter
    page: str            # url_pathname ("" = 总览, the default page)
    t0: float            # monotonic start / end
    t1: float
    seconds: float
    status: str
    elements: int
    bytes: int
    errors: list[str] = field(default_factory=list)
    overview: dict | None = None
    view: str = ""       # the query string after the run (the filters as the URL shows them)


def url_query(spec: dict, unit_codes: dict[str, str]) -> str:
    q = {}
    if spec.get("phase"):
        q["phase"] = spec["phase"]
    if spec.get("as_of"):
        q["as_of"] = spec["as_of"]
    if spec.get("since"):
        q["since"] = spec["since"]
    if spec.get("units"):
        q["units"] = ",".join(unit_codes[n] for n in spec["units"])
    for k in ("industries", "departments"):
        if spec.get(k):
            q[k] = ",".join(spec[k])
    return urllib.parse.urlencode(q, safe=",")


def wanted_widgets(spec: dict, default_as_of: str) -> dict:
    w = {SIDEBAR["phase"]: spec.get("phase", "全程"), SIDEBAR["as_of"]: [spec.get("as_of", default_as_of)],
         SIDEBAR["units"]: list(spec.get("units", [])), SIDEBAR["industries"]: list(spec.get("industries", [])),
         SIDEBAR["departments"]: list(spec.get("departments", []))}
    if spec.get("phase") == "自定义":
        w[SIDEBAR["since"]] = [spec["since"]]
    return w


def sidebar_differs(run: PageRun, wanted: dict) -> dict:
    """The wanted sidebar values the page does not show (multiselects compared as sets)."""
    drawn = run.widgets()
    diff = {}
    for label, value in wanted.items():
        w = drawn.get(label)
        if w is None:
            if label == SIDEBAR["since"]:
                diff[label] = value      # appears once 统计阶段 is 自定义
            continue
        same = sorted(w.value or []) == sorted(value) if w.kind == "multiselect" else w.value == value
        if not same:
            diff[label] = value
    return diff


def overview_observation(run: PageRun, unit_codes: dict[str, str]) -> dict | None:
    """What a session read on 总览: the filters in force (header + sidebar), the hazard tiles, the top-5 table."""
    caption = next((c for c in run.captions() if "统计区间" in c), None)
    if caption is None:
        return None
    m = re.search(f"统计区间 {_CN_DATE} 至 {_CN_DATE}", caption)
    imp = re.search(f"最近导入 {_CN_DATE} (\\d\\d):(\\d\\d)", caption)
    drawn = run.widgets()
    # tiles by label without their 本期 / 截至A suffix
    metrics = {re.sub(r"（(本期|截至\d+月\d+日)）$", "", k): v for k, v in run.metrics().items()}
    tables = [t for t in run.tables() if t is not None and "未整改（处）" in t.column_names]
    top = []
    if tables:
        t = tables[0].to_pydict()
        top = [(u, int(o), int(n)) for u, o, n in zip(t["乡/街道"], t["逾期未整改（处）"], t["未整改（处）"], strict=True)]
    g = [int(x) for x in m.groups()] if m else None
    return {
        "since": dt.date(*g[:3]).isoformat() if g else None,
        "as_of": dt.date(*g[3:]).isoformat() if g else None,
        "last_import": "{}-{:02d}-{:02d} {:02d}:{:02d}".format(*map(int, imp.groups())) if imp else None,
        "units": [unit_codes.get(n, n) for n in (drawn[SIDEBAR["units"]].value if SIDEBAR["units"] in drawn else [])],
        "industries": list(drawn[SIDEBAR["industries"]].value) if SIDEBAR["industries"] in drawn else [],
        "departments": list(drawn[SIDEBAR["departments"]].value) if SIDEBAR["departments"] in drawn else [],
        "tiles": {k: metrics[k][0] for k in OVERVIEW_HAZARD_TILES if k in metrics},
        "total_delta": metrics.get("隐患总数", (None, None))[1],
        "top": top,
    }


class Load:
    def __init__(self, url: str, plan: Plan, duration: float, think: float, seed: int, default_as_of: str,
                 page_titles: dict[str, str], floors: dict[str, int]):
        self.url, self.plan, self.duration, self.think = url, plan, duration, think
        self.rng = random.Random(seed)
        self.default_as_of = default_as_of
        self.titles = page_titles
        self.floors = floors
        self.with_header: set[str] = set()     # pages that draw the 数据截至 header (from the warm-up)
        self.records: list[Record] = []
        self.imports: list[dict] = []
        self.rss: list[tuple[float, int]] = []
        self.lost_on_switch = 0
        self.lost_what: Counter = Counter()     # (page, sidebar label) a switch did not show as set
        self.page_switches = 0
        self.sessions_opened = 0
        self.page_visits = {name: 0 for name in page_titles}   # across sessions: the next page is a least-visited one
        self.stop_at = 0.0

    def _next_page(self, rng: random.Random) -> str:
        """A page among the least visited so far (ties at random): with a dozen pages and a short run every
        page still gets visited, which independent shuffles per session did not guarantee."""
        fewest = min(self.page_visits.values())
        name = rng.choice(sorted(n for n, v in self.page_visits.items() if v == fewest))
        self.page_visits[name] += 1
        return name

    # -- a virtual user
    async def user(self, uid: int, server: Server) -> None:
        rng = random.Random(self.rng.random())
        await asyncio.sleep(rng.uniform(0, 2))       # do not all arrive in the same instant
        seq = 0
        while time.monotonic() < self.stop_at:
            spec = rng.choice(FILTER_SPECS)
            session = Session(self.url, query_string=url_query(spec, self.plan.unit_codes))
            try:
                await session.connect()
            except Exception as exc:
                now = time.monotonic()
                self.records.append(Record(uid, seq, "open", "", now, now, 0.0, "connect_failed", 0, 0,
                                           [f"connect: {type(exc).__name__}: {exc}"]))
                seq += 1
                await asyncio.sleep(1)
                continue
            self.sessions_opened += 1
            wanted = wanted_widgets(spec, self.default_as_of)
            first = self._next_page(rng)
            run = await self._run(uid, seq, session, "open", first, None)
            seq += 1
            if run.status == "ok" and sidebar_differs(run, wanted):
                self.records[-1].errors.append(f"shared link ?{session.query_string} not applied: "
                                               f"{sidebar_differs(run, wanted)}")
            ok = run.status == "ok"
            visits = 0
            since_overview = 0 if first == "" else 1
            while ok and time.monotonic() < self.stop_at:
                await asyncio.sleep(rng.uniform(0, 2 * self.think))
                if time.monotonic() >= self.stop_at:
                    break
                roll = rng.random()
                if roll < 0.05 and visits >= 3:
                    break                                     # open another shared link (new session)
                if roll < 0.25:
                    spec = rng.choice(FILTER_SPECS)           # change the filters in the sidebar
                    wanted = wanted_widgets(spec, self.default_as_of)
                    run, seq = await self._apply(uid, seq, session, wanted)
                else:
                    if since_overview >= 2 and "" in self.titles:
                        target = ""                           # back to 总览 after every second page
                    else:
                        target = self._next_page(rng)
                    since_overview = 0 if target == "" else since_overview + 1
                    self.page_switches += 1
                    run = await self._run(uid, seq, session, "page", target, None)
                    seq += 1
                    visits += 1
                    if run.status == "ok" and (lost := sidebar_differs(run, wanted)):
                        self.lost_on_switch += 1              # the page switch dropped the filters: set them again
                        self.lost_what.update((self.titles.get(target, target), label) for label in lost)
                        run, seq = await self._apply(uid, seq, session, wanted, "refilter")
                ok = run.status == "ok"
            await session.close()

    async def _apply(self, uid: int, seq: int, session: Session, wanted: dict,
                     kind: str = "filters") -> tuple[PageRun, int]:
        run = None
        for _ in range(3):          # 自定义 first shows the 统计起始日 input, then it can be set
            labels = {w.label for w in session.widget_values.values()}
            change = {k: v for k, v in wanted.items() if k in labels}
            run = await self._run(uid, seq, session, kind, None, change)
            seq += 1
            if run.status != "ok" or not sidebar_differs(run, wanted):
                break
        else:
            self.records[-1].errors.append(f"sidebar filters not taken: {sidebar_differs(run, wanted)}")
        return run, seq

    async def _run(self, uid: int, seq: int, session: Session, kind: str, page: str | None,
                   widgets: dict | None) -> PageRun:
        t0 = time.monotonic()
        run = await session.run(page, widgets=widgets)
        t1 = time.monotonic()
        shown = page if page is not None else _current_page(session)
        rec = Record(uid, seq, kind, shown, t0, t1, run.seconds, run.status, run.element_count(), run.bytes,
                     view=session.query_string)
        if run.status != "ok":
            rec.errors.append(f"{run.status}: {run.error}")
        rec.errors += [f"exception element: {e[:200]}" for e in run.exceptions()]
        if run.page_not_found:
            rec.errors.append("page_not_found")
        if run.status == "ok":
            title = self.titles.get(shown)
            if title and title not in run.headings():
                rec.errors.append(f"page title {title!r} not drawn (headings {run.headings()[:2]})")
            floor = self.floors.get(shown, 10)
            if run.element_count() < floor:
                rec.errors.append(f"only {run.element_count()} elements (at least {floor} expected)")
            if shown in self.with_header and not any("数据截至" in c for c in run.captions()):
                rec.errors.append("header caption (数据截至 …) not drawn")
            if shown == "" and not run.exceptions():
                rec.overview = overview_observation(run, self.plan.unit_codes)
                if rec.overview is None:
                    rec.errors.append("总览 without the header caption")
        self.records.append(rec)
        return run

    # -- the imports
    async def importer(self, t_start: float) -> None:
        n = len(self.plan.held)
        for k, f in enumerate(self.plan.held, 1):
            at = t_start + self.duration * k / (n + 1)
            await asyncio.sleep(max(0.0, at - time.monotonic()))
            t0 = time.monotonic()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "safetyboard", "import", "--db", str(self.plan.db), "--json", str(f),
                cwd=REPO, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                env={**os.environ, "SAFETYBOARD_DB": str(self.plan.db)})
            out, err = await proc.communicate()
            t1 = time.monotonic()
            entry = {"k": k, "file": f.name, "t0": t0, "t1": t1, "seconds": round(t1 - t0, 2), "rc": proc.returncode,
                     "stderr": err.decode("utf-8", "replace")[-500:]}
            try:
                res = json.loads(out.decode("utf-8"))
                entry["status"] = [r["status"] for r in res]
                entry["accepted"] = sum(r.get("accepted", 0) for r in res)
                entry["import_id"] = next((r["import_id"] for r in res if r.get("import_id")), None)
            except ValueError:
                entry["status"] = ["no-json"]
                entry["stdout"] = out.decode("utf-8", "replace")[-500:]
            self.imports.append(entry)
            log(f"import {k}/{n} {f.name}: rc={proc.returncode} {entry.get('status')} "
                f"accepted={entry.get('accepted')} in {t1 - t0:.1f} s")

    async def sampler(self, server: Server) -> None:
        while time.monotonic() < self.stop_at:
            try:
                self.rss.append((time.monotonic(), server.rss()))
            except Exception:
                pass
            await asyncio.sleep(1.0)

    async def main(self, server: Server, sessions: int) -> float:
        t_start = time.monotonic()
        self.stop_at = t_start + self.duration
        await asyncio.gather(self.sampler(server), self.importer(t_start),
                             *(self.user(i, server) for i in range(sessions)))
        return t_start


def _current_page(session: Session) -> str:
    return next((name for name, h in session.pages.items() if h == session.page_script_hash), "?")


# ---------------------------------------------------------------------------- browsers (optional)

def browser_loop(url: str, n: int, stop_at: float, plan: Plan, out: list[dict], pages: dict[str, str]) -> None:
    """N headless Chromium pages loading shared links of every page until stop_at (monotonic)."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser_support import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    rng = random.Random(7)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        tabs = [browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page() for _ in range(n)]
        try:
            i = 0
            while time.monotonic() < stop_at:
                tab = tabs[i % n]
                i += 1
                page = rng.choice(list(pages))
                spec = rng.choice(FILTER_SPECS)
                q = url_query(spec, plan.unit_codes)
                target = f"{url}/{page}" + (f"?{q}" if q else "")
                t0 = time.monotonic()
                rec = {"page": page, "spec": spec, "t0": t0, "errors": []}
                try:
                    tab.goto(target, timeout=60_000)
                    tab.wait_for_selector('[data-testid="stMain"] h1', timeout=60_000)
                    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                          timeout=60_000)
                    rec["seconds"] = time.monotonic() - t0
                    if tab.locator('[data-testid="stException"]').count():
                        rec["errors"].append("stException on page")
                    if page == "":
                        metric = tab.locator('[data-testid="stMetric"]', has_text="隐患总数")
                        caption = tab.locator('[data-testid="stCaptionContainer"]', has_text="统计区间").first
                        rec["total"] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
                        rec["caption"] = caption.inner_text().strip()
                except Exception as exc:
                    rec["seconds"] = time.monotonic() - t0
                    rec["errors"].append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
                rec["t1"] = time.monotonic()
                out.append(rec)
        finally:
            browser.close()


# ---------------------------------------------------------------------------- checking

def overview_key(o: dict) -> tuple:
    """The filter set of a 总览 observation, as Expectations takes it."""
    return (dt.date.fromisoformat(o["since"]), dt.date.fromisoformat(o["as_of"]), tuple(sorted(o["units"])),
            tuple(sorted(o["industries"])), tuple(sorted(o["departments"])))


def browser_key(b: dict, plan: Plan) -> tuple | None:
    m = re.search(f"统计区间 {_CN_DATE} 至 {_CN_DATE}", b.get("caption", ""))
    if not m:
        return None
    g = [int(x) for x in m.groups()]
    spec = b["spec"]
    return (dt.date(*g[:3]), dt.date(*g[3:]), tuple(sorted(plan.unit_codes[n] for n in spec.get("units", []))),
            tuple(sorted(spec.get("industries", []))), tuple(sorted(spec.get("departments", []))))


def check(records: list[Record], imports: list[dict], exp: Expectations, browser_records: list[dict]) -> dict:
    """Every 总览 observation against the legal database states. Returns the findings."""
    n_states = len(exp.plan.held) + 1
    exp.prefetch([overview_key(r.overview) for r in records if r.overview]
                 + [k for b in browser_records if "total" in b and (k := browser_key(b, exp.plan))])
    done = sorted(i["t1"] for i in imports if i["rc"] == 0)
    begun = sorted(i["t0"] for i in imports)
    inconsistent, illegal_total, regress = [], [], []
    seen_states = Counter()
    lower = defaultdict(int)
    checked = 0
    for rec in sorted(records, key=lambda r: (r.session, r.seq)):
        o = rec.overview
        if not o:
            continue
        checked += 1
        key = overview_key(o)
        e = exp.for_filters(key)
        from safetyboard.formatting import count
        from safetyboard.overview_text import delta_count
        legal = {count(x["total"]) for x in e}
        body = o["tiles"].get("隐患总数")
        if body not in legal:
            illegal_total.append({"session": rec.session, "seq": rec.seq, "seen": body, "legal": sorted(legal),
                                  "filters": [str(k) for k in key]})
        total = int(body.replace(",", "")) if body and body != "—" else None
        parts = {
            "tiles": {s for s in range(n_states) if e[s]["tiles"] == o["tiles"]},
            "delta": {s for s in range(n_states)
                      if (delta_count(total, e[s]["before_total"]) if e[s]["before_total"] is not None else None)
                      == (o["total_delta"] or None)},
            "top": {s for s in range(n_states) if e[s]["top"] == o["top"]},
            "last_import": {s for s in range(n_states)
                            if exp.last_import[s] and exp.last_import[s].strftime("%Y-%m-%d %H:%M") == o["last_import"]},
        }
        # States possible in time: committed before the run began .. begun before it ended.
        lo = sum(1 for t in done if t <= rec.t0)
        hi = sum(1 for t in begun if t <= rec.t1)
        window = set(range(lo, hi + 1))
        both = set.intersection(*parts.values())
        states = both & window
        if not states:
            why = "mixed" if not both else "stale_or_early"
            inconsistent.append({"session": rec.session, "seq": rec.seq, "why": why, "window": [lo, hi],
                                 "parts": {k: sorted(v) for k, v in parts.items()}, "seen": o,
                                 "filters": [str(k) for k in key]})
            continue
        # A session never goes back to an older state.
        possible = sorted(s for s in states if s >= lower[rec.session])
        if not possible:
            regress.append({"session": rec.session, "seq": rec.seq, "states": sorted(states), "after": lower[rec.session]})
        else:
            lower[rec.session] = possible[0]
            seen_states[possible[0] if len(possible) == 1 else f"{possible[0]}..{possible[-1]}"] += 1
    browser_illegal = []
    for b in browser_records:
        if "total" not in b:
            continue
        key = browser_key(b, exp.plan)
        if key is None:
            browser_illegal.append({**b, "why": "no caption"})
            continue
        spec = b["spec"]
        from safetyboard.formatting import count
        if b["total"] not in {count(x["total"]) for x in exp.for_filters(key)}:
            browser_illegal.append({"page": b["page"], "spec": spec, "seen": b["total"]})
    return {"checked": checked, "inconsistent": inconsistent, "illegal_total": illegal_total, "regressions": regress,
            "states_seen": dict(seen_states), "browser_checked": sum(1 for b in browser_records if "total" in b),
            "browser_illegal": browser_illegal}


def read_import_times(plan: Plan, imports: list[dict], exp: Expectations) -> None:
    """最近导入 of each state, from the served database (the server has stopped)."""
    import duckdb
    con = duckdb.connect(str(plan.db), read_only=True)
    try:
        rows = con.execute("SELECT import_id, imported_at FROM imports WHERE undone_at IS NULL ORDER BY import_id").fetchall()
    finally:
        con.close()
    ids = {i["k"]: i.get("import_id") for i in imports}
    first_cli = min((v for v in ids.values() if v), default=None)
    start = [at for iid, at in rows if first_cli is None or iid < first_cli]
    exp.last_import[0] = max(start) if start else None
    for k in range(1, len(plan.held) + 1):
        iid = ids.get(k)
        at = [a for i, a in rows if iid and i <= iid]
        exp.last_import[k] = max(at) if at else None


# ---------------------------------------------------------------------------- the whole run

def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, max(0, math.ceil(q * len(v)) - 1))]


async def _warm_up(url: str, plan: Plan, header_pages: set,
                   first_bytes: dict | None = None) -> tuple[dict[str, str], dict[str, int], str]:
    """One pass over every page with the default filters: page list, titles, element floors, the pages
    with the 数据截至 header (added to header_pages), the default 截止日; the bytes of each page's run into
    first_bytes (the same view on every dataset: a payload comparable between the demo data and 1M)."""
    async with Session(url) as s:
        first = await s.run()
        titles = {name: s.titles[name] for name in s.pages}
        floors = {}
        for name in titles:
            run = await s.run(name)
            if run.status != "ok" or run.exceptions():
                log(f"warm-up: page {titles[name]} {run.status} {run.exceptions()[:1]}")
            # A filter with no rows draws a short "no records" page: 30 % of the default view is still plausible.
            floors[name] = max(8, int(run.element_count() * 0.3))
            if first_bytes is not None:
                first_bytes[name] = run.bytes
            if any("数据截至" in c for c in run.captions()):
                header_pages.add(name)
        o = overview_observation(first, plan.unit_codes)
        return titles, floors, (o or {}).get("as_of") or "2022-11-30"


def run_load(sessions: int = 20, duration: float = 120.0, imports: int = 6, browsers: int = 0, think: float = 0.5,
             seed: int = 1, control: str = "auto", keep: bool = False, workdir: Path | None = None,
             hazards: int = 0) -> dict:
    """Run the load test; returns the figures and findings (see the keys at the end). hazards=N serves the
    generated district at N hazards (bench/common.py build()) instead of the demo data."""
    import psutil

    own_dir = workdir is None
    workdir = Path(workdir or tempfile.mkdtemp(prefix="safetyboard-load-"))
    log(f"preparing the database in {workdir} ({imports} hazard ledgers held back"
        + (f", {hazards:,} generated hazards)" if hazards else ", demo data)"))
    plan = prepare(workdir, imports, hazards)
    server, worker = start_server(plan, control)
    log(f"server {server.url} pid {server.proc.pid}, control worker: {worker}")
    browser_records: list[dict] = []
    try:
        rss_ready = server.rss()
        header_pages: set[str] = set()
        first_bytes: dict[str, int] = {}
        titles, floors, default_as_of = asyncio.run(_warm_up(server.url, plan, header_pages, first_bytes))
        rss_start = server.rss()
        cpu_start = server.cpu_seconds()
        load_avg_start = os.getloadavg()[0]
        load = Load(server.url, plan, duration, think, seed, default_as_of, titles, floors)
        load.with_header = header_pages
        me = psutil.Process()
        client_start = sum(me.cpu_times()[:2])
        log(f"{sessions} sessions for {duration:.0f} s over {len(titles)} pages, {imports} imports, {browsers} browser pages")
        bthread = None
        if browsers:
            stop_at_b = time.monotonic() + duration
            bthread = threading.Thread(target=browser_loop, args=(server.url, browsers, stop_at_b, plan, browser_records, titles),
                                       daemon=True)
            bthread.start()
        t_start = asyncio.run(load.main(server, sessions))
        wall = time.monotonic() - t_start
        rss_end = server.rss()
        cpu_end = server.cpu_seconds()
        load_avg_end = os.getloadavg()[0]
        if bthread:
            bthread.join(120)
        time.sleep(3)
        rss_after = server.rss()
        client_cpu = sum(me.cpu_times()[:2]) - client_start
    finally:
        server.stop()
    log_errors = server.log_errors()
    exp = Expectations(plan)
    from safetyboard.config import load_campaign
    default_key = (load_campaign().start, dt.date.fromisoformat(default_as_of), (), (), ())
    t_check = time.monotonic()
    exp.prefetch([default_key] + [overview_key(r.overview) for r in load.records if r.overview])
    read_import_times(plan, load.imports, exp)
    findings = check(load.records, load.imports, exp, browser_records)
    check_s = time.monotonic() - t_check
    log(f"checked {findings['checked']} 总览 views over {len(exp.cache)} filter sets in {check_s:.0f} s "
        f"({exp.walks} scratch walk(s) through {len(plan.held) + 1} states)")

    recs = load.records
    times = [r.seconds for r in recs if r.status == "ok"]
    failed = [r for r in recs if r.errors]
    per_page = {}
    for name, title in titles.items():
        t = [r.seconds for r in recs if r.page == name and r.status == "ok"]
        per_page[title] = {"runs": sum(1 for r in recs if r.page == name), "p50": pct(t, 0.5), "p95": pct(t, 0.95),
                           "max": max(t) if t else float("nan"), "errors": sum(1 for r in recs if r.page == name and r.errors),
                           "kb": statistics.mean([r.bytes for r in recs if r.page == name] or [0]) / 1024,
                           "kb_default": first_bytes.get(name, 0) / 1024}
    per_kind = {k: {"runs": len(v), "p50": pct(v, 0.5), "p95": pct(v, 0.95)}
                for k, v in _group([(r.kind, r.seconds) for r in recs if r.status == "ok"]).items()}
    import_errors = [i for i in load.imports if i["rc"] != 0 or i.get("status") != ["imported"]
                     or i.get("accepted") != plan.accepted[i["k"] - 1]]
    btimes = [b["seconds"] for b in browser_records if not b["errors"]]
    result = {
        "date": dt.datetime.now().isoformat(timespec="minutes"),
        "sessions": sessions, "duration_s": duration, "wall_s": wall, "think_s": think, "browsers": browsers,
        "control_worker": worker, "pages": list(titles.values()),
        "requests": len(recs), "requests_ok": len(times), "errors": len(failed),
        "server_log_error_count": len(log_errors),
        "error_samples": [f"{r.kind} {titles.get(r.page, r.page)} ?{urllib.parse.unquote(r.view)}: {'; '.join(r.errors)}"
                          for r in failed[:20]],
        "error_causes": dict(Counter(f"{titles.get(r.page, r.page)}: {re.sub(r'[0-9]+', 'N', e)[:90]}"
                                     for r in failed for e in r.errors).most_common()),
        "server_log_errors": log_errors[:20],
        "p50_s": pct(times, 0.5), "p95_s": pct(times, 0.95), "max_s": max(times) if times else float("nan"),
        "throughput_rps": len(times) / wall if wall else 0.0,
        "per_page": per_page, "per_kind": per_kind,
        "sessions_opened": load.sessions_opened, "page_switches": load.page_switches,
        "filters_lost_on_page_switch": load.lost_on_switch,
        "filters_lost_what": [f"{page}: {label} × {n}" for (page, label), n in load.lost_what.most_common(8)],
        "rss_ready_mb": rss_ready / 2**20, "rss_start_mb": rss_start / 2**20, "rss_end_mb": rss_end / 2**20,
        "rss_peak_mb": max([r for _, r in load.rss] + [rss_end]) / 2**20, "rss_after_mb": rss_after / 2**20,
        "rss_every_10s_mb": [round(r / 2**20) for _, r in load.rss[::10]],
        "load_avg": (load_avg_start, load_avg_end), "server_cpu_s": cpu_end - cpu_start, "client_cpu_s": client_cpu,
        "imports": [{k: v for k, v in i.items() if k not in ("t0", "t1")} | {"at_s": round(i["t0"] - t_start, 1)}
                    for i in load.imports],
        "import_errors": len(import_errors) + (len(plan.held) - len(load.imports)),
        "legal_totals_default": [x["total"] for x in exp.for_filters(default_key)],
        "hazards": hazards, "check_s": check_s, "filter_sets_checked": len(exp.cache),
        "overview_checked": findings["checked"], "inconsistent": len(findings["inconsistent"]) + len(findings["regressions"]),
        "illegal_total": len(findings["illegal_total"]), "findings": findings,
        "browser_loads": len(browser_records), "browser_errors": sum(1 for b in browser_records if b["errors"]),
        "browser_p50_s": pct(btimes, 0.5), "browser_p95_s": pct(btimes, 0.95),
        "browser_error_samples": [b["errors"] for b in browser_records if b["errors"]][:5],
        "workdir": str(workdir),
    }
    (workdir / "load-result.json").write_text(json.dumps(result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if own_dir and not keep and not (result["errors"] or result["inconsistent"] or log_errors):
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _group(pairs):
    out = defaultdict(list)
    for k, v in pairs:
        out[k].append(v)
    return out


# ---------------------------------------------------------------------------- report

def summary(r: dict) -> str:
    return (f"{r['requests']} requests ({r['throughput_rps']:.1f}/s), errors {r['errors']}, "
            f"inconsistent {r['inconsistent']} (illegal 隐患总数 {r['illegal_total']}) of {r['overview_checked']} 总览 checked, "
            f"p50 {r['p50_s']:.2f} s, p95 {r['p95_s']:.2f} s, RSS {r['rss_start_mb']:.0f} -> {r['rss_end_mb']:.0f} MB "
            f"(peak {r['rss_peak_mb']:.0f}), imports {len(r['imports'])} (errors {r['import_errors']}), "
            f"filters lost on {r['filters_lost_on_page_switch']} of {r['page_switches']} page switches, worker: {r['control_worker']}")


def markdown(r: dict) -> str:
    from common import machine

    ms = lambda s: "—" if s != s else f"{s * 1000:,.0f}"   # noqa: E731  (NaN -> —)
    lines = [
        f"## Load{dataset_title(r.get('hazards', 0))} ({r['sessions']} sessions, {r['duration_s'] / 60:.0f} minutes, imports running)", "",
        f"Run {r['date'].replace('T', ' ')} on {machine()}.", "",
        (f"`python bench/run.py load --hazards {r['hazards']}`: the generated district of bench/common.py build() "
           f"({r['hazards']:,} hazards, 50,000 enterprises) plus the held-back demo hazard ledgers imported during the run. "
           if r.get("hazards") else "")
        + f"A real Streamlit server on loopback (`streamlit run dashboard.py`, demo mode without login); {r['sessions']} "
        f"sessions drive Streamlit's websocket protocol directly (`bench/st_client.py`: rerun requests with page, "
        f"query string and widget values, ForwardMsgs read until `script_finished`)"
        + (f", plus {r['browsers']} headless Chromium pages loading shared links" if r["browsers"] else "") + ". "
        f"Each session opens a shared link, visits every page ({len(r['pages'])}) in shuffled order, back to 总览 after every second one, changes the "
        f"sidebar filters every few pages and sometimes opens a new link; think time 0–{2 * r['think_s']:.0f} s. "
        f"Meanwhile {len(r['imports'])} held-back hazard ledgers are imported one at a time with "
        f"`python -m safetyboard import`, which hands them to the dashboard's control worker.", "",
        "| figure | value |", "|---|---:|",
        f"| requests served (script runs) | {r['requests']:,} ({r['throughput_rps']:.1f}/s) |",
        f"| errors (failed runs, exception elements, implausible pages) | {r['errors']} |",
        f"| tracebacks / ERROR lines in the server log | {r['server_log_error_count']} |",
        f"| page time p50 / p95 / max (ms) | {ms(r['p50_s'])} / {ms(r['p95_s'])} / {ms(r['max_s'])} |",
        f"| 总览 views checked against the legal states | {r['overview_checked']:,} |",
        f"| inconsistent views (mixed, stale or impossible numbers) | {r['inconsistent']} |",
        f"| 隐患总数 not among the legal values | {r['illegal_total']} |",
        f"| imports during the run (all accepted as in a scratch import) | {len(r['imports'])} ({r['import_errors']} errors) |",
        f"| server RSS at start / end / peak (MB) | {r['rss_start_mb']:.0f} / {r['rss_end_mb']:.0f} / {r['rss_peak_mb']:.0f} |",
        f"| server CPU during the run (s), per request (ms) | {r['server_cpu_s']:.0f}, "
        f"{1000 * r['server_cpu_s'] / max(r['requests'], 1):.0f} |",
        f"| load generator CPU (s) | {r['client_cpu_s']:.0f} |",
        f"| machine load average (1 min) at start / end | {r['load_avg'][0]:.1f} / {r['load_avg'][1]:.1f} |",
        f"| sessions opened | {r['sessions_opened']} |",
    ]
    if r["browsers"]:
        lines.append(f"| Chromium page loads (errors), p50 / p95 load time (ms) | {r['browser_loads']} "
                     f"({r['browser_errors']}), {ms(r['browser_p50_s'])} / {ms(r['browser_p95_s'])} |")
    lines += page_table(r)
    legal = " → ".join(f"{t:,}" for t in r["legal_totals_default"])
    lines += ["", f"Legal 隐患总数 for the default view, before the first import and after each: {legal}. "
              "Legal values for every filter set a session used come from one scratch copy of the starting database "
              "taken through the same imports in order, read after each (`safetyboard.metrics.stats` and the page's "
              "named queries); a 总览 view is consistent when its 隐患 tiles, the 7-day change of "
              "隐患总数, the top-5 overdue table and 最近导入 all match one state that was possible during the run."
              + (f" That check took {r['check_s']:.0f} s for {r['filter_sets_checked']} filter sets." if "check_s" in r else ""),
              "", f"Server RSS just after start-up {r['rss_ready_mb']:.0f} MB; 'start' is after one warm-up pass over "
              f"every page; 3 s after the sessions stopped {r['rss_after_mb']:.0f} MB. Control worker: {'started by the dashboard' if r['control_worker'] == 'dashboard' else 'NOT started by the dashboard; the load test started it beside the dashboard (see bench/load_test.py)'}."]
    if r["filters_lost_on_page_switch"]:
        lines += ["", f"Note: {r['filters_lost_on_page_switch']} of {r['page_switches']} page switches dropped the "
                  "sidebar filters (the sessions then set them again; those runs are counted as requests). "
                  f"Most often (page: filter × times): {'; '.join(r.get('filters_lost_what', []))}."]
    if r["errors"] or r["server_log_error_count"] or r["inconsistent"]:
        lines += ["", "Problems (count × cause):", ""] + [f"- {n} × {cause}" for cause, n in list(r["error_causes"].items())[:8]]
        lines += [f"- {n} × server log: {e}" for e, n in Counter(r["server_log_errors"]).most_common(5)]
    for i in r["findings"]["inconsistent"][:5]:
        parts = ", ".join(f"{k} {'/'.join(map(str, v)) or 'none'}" for k, v in i["parts"].items())
        lines.append(f"- inconsistent 总览 ({i['why']}, filters {' '.join(x for x in i['filters'] if x != '()')}): "
                     f"state matching each part — {parts}; states possible at that time {i['window'][0]}–{i['window'][1]} "
                     "(state k = after the k-th import)")
    return "\n".join(lines)


MEETING_PACE_THINK = 8.0    # mean seconds between a person's clicks (0–16 s): a leader reading a page


def dataset_title(hazards: int) -> str:
    return "" if not hazards else f" at {hazards / 1e6:g}M hazards" if hazards % 100_000 == 0 else f" at {hazards:,} hazards"


def section_name(hazards: int) -> str:
    """The BENCHMARKS.md section: "load" for the demo data, "load_1m" etc. for the generated district."""
    return "load" if not hazards else f"load_{hazards // 1_000_000}m" if hazards % 1_000_000 == 0 else f"load_{hazards}"


def load_section(sessions: int = 20, duration: float = 120.0, imports: int = 6, browsers: int = 0,
                 hazards: int = 0, **kw) -> dict:
    """`python bench/run.py load [--hazards N]`: run the load test at the stress pace (think 0–1 s), then again at
    a meeting-day pace, and write the load section of BENCHMARKS.md (the stress run in full, the paced run's key
    figures): "load" on the demo data, its own section at N generated hazards."""
    from common import replace_section

    kw = {**kw, "hazards": hazards}
    result = run_load(sessions=sessions, duration=duration, imports=imports, browsers=browsers, **kw)
    log(summary(result))
    paced = run_load(sessions=sessions, duration=duration, imports=imports, browsers=browsers,
                     **{**kw, "think": MEETING_PACE_THINK})
    log("meeting pace: " + summary(paced))
    replace_section(section_name(hazards), markdown(result) + "\n\n" + paced_markdown(paced))
    return result


def paced_markdown(r: dict) -> str:
    ms = lambda s: "—" if s != s else f"{s * 1000:,.0f}"   # noqa: E731  (NaN -> —)
    return "\n".join([
        f"### The same at a meeting-day pace (think time 0–{2 * r['think_s']:.0f} s)", "",
        f"The same server set-up, {r['sessions']} sessions and {len(r['imports'])} imports, each person reading a page for "
        f"up to {2 * r['think_s']:.0f} s before the next click. Run {r['date'].replace('T', ' ')}; machine load average "
        f"(1 min) at start / end {r['load_avg'][0]:.1f} / {r['load_avg'][1]:.1f}.", "",
        "| figure | value |", "|---|---:|",
        f"| requests served | {r['requests']} ({r['throughput_rps']:.1f}/s) |",
        f"| errors | {r['errors']} |",
        f"| inconsistent 总览 views | {r['inconsistent']} of {r['overview_checked']} |",
        f"| page time p50 / p95 / max (ms) | {ms(r['p50_s'])} / {ms(r['p95_s'])} / {ms(r['max_s'])} |",
        f"| server RSS at start / end (MB) | {r['rss_start_mb']:.0f} / {r['rss_end_mb']:.0f} |",
        f"| filters lost on page switches | {r['filters_lost_on_page_switch']} of {r['page_switches']} |",
        *page_table(r)])


def page_table(r: dict) -> list[str]:
    ms = lambda s: "—" if s != s else f"{s * 1000:,.0f}"   # noqa: E731  (NaN -> —)
    lines = ["", "| page | runs | p50 (ms) | p95 (ms) | max (ms) | errors | KB sent per run | KB, default view |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for title, p in r["per_page"].items():
        lines.append(f"| {title} | {p['runs']:,} | {ms(p['p50'])} | {ms(p['p95'])} | {ms(p['max'])} | {p['errors']} | "
                     f"{p['kb']:.0f} | {p.get('kb_default', float('nan')):.0f} |")
    return lines + ["", "KB sent per run: the mean over the runs of the page (filters as the sessions had them); "
                    "KB, default view: its run in the warm-up pass, default filters (the same view on every dataset)."]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--duration", type=float, default=120.0)
    ap.add_argument("--imports", type=int, default=6, help="hazard ledgers held back and imported during the run")
    ap.add_argument("--browsers", type=int, default=0, help="headless Chromium pages alongside")
    ap.add_argument("--think", type=float, default=0.5, help="mean think time between requests (s)")
    ap.add_argument("--control", choices=("auto", "dashboard", "shim"), default="auto")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hazards", type=int, default=0,
                    help="serve the generated district at N hazards (bench/common.py build(), cached in bench/data); 0 = demo data")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--write", action="store_true", help="write the load section of BENCHMARKS.md")
    ap.add_argument("--json", action="store_true", help="print the whole result as JSON")
    a = ap.parse_args()
    kw = dict(sessions=a.sessions, duration=a.duration, imports=a.imports, browsers=a.browsers, think=a.think,
              seed=a.seed, control=a.control, keep=a.keep, hazards=a.hazards)
    result = load_section(**kw) if a.write else run_load(**kw)
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=1, default=str))
    print(summary(result))
    if not a.write:
        print(markdown(result))
    sys.exit(1 if result["errors"] or result["inconsistent"] or result["import_errors"]
             or result["server_log_error_count"] else 0)


if __name__ == "__main__":
    main()
