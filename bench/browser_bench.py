"""Browser benchmark: how long each page takes to be drawn in a real headless Chromium (Debian's, through
Playwright), on the demo data and on 1M generated hazards.

"Drawn" means: Streamlit's script has finished (the app root's script state is notRunning), the page's own
heading (or the meeting screen's view) is on screen, no spinner or skeleton is left, every visible plotly chart
has drawn its SVG and every visible data grid its canvas. Timed from the navigation to that state:
- cold: a fresh URL in a new tab (a new Streamlit session; the browser's cache of Streamlit's static files is
  warm, as it is for anyone who opened the dashboard before);
- warm: a click on the page's link in the sidebar from another page that is already drawn.
Also recorded: the bytes the server sent over the websocket for that navigation (figure JSON, tables).

`python bench/run.py browser [--runs N]` writes the "browser" section of BENCHMARKS.md."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from common import BENCH, REPO, build, dashboard_server, machine, replace_section, spread

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1920, "height": 1080}

# True once the page titled `title` is drawn (see the module docstring). `title` null: the meeting screen.
DRAWN_JS = """(title) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (title === null) {
        if (!document.querySelector('#scr-view')) return false;
    } else {
        const heads = [...document.querySelectorAll('[data-testid="stMain"] h1')].map(h => h.textContent.trim());
        if (!heads.some(t => t.startsWith(title))) return false;
    }
    if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) return false;
    const shown = el => el.offsetParent !== null && el.getBoundingClientRect().height > 0;
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (shown(c) && !c.querySelector('.main-svg')) return false;
    for (const d of document.querySelectorAll('[data-testid="stDataFrame"]'))
        if (shown(d) && !d.querySelector('canvas')) return false;
    return true;
}"""


@dataclass
class PageTimes:
    title: str
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    cold_kb: list[float] = field(default_factory=list)
    warm_kb: list[float] = field(default_factory=list)


def bench_pages() -> list[tuple[str, str, str | None]]:
    """(title, url path, heading to wait for) of every page a leader opens; the admin pages are left out."""
    from ui.navigation import PAGES
    out = []
    for e in PAGES:
        if e.url_path in ("import_data", "audit_log"):
            continue
        out.append((e.title, e.url_path, None if e.url_path == "screen" else e.title))
    return sorted(out, key=lambda p: p[2] is None)   # the 大屏 last (see measure)


class WebsocketBytes:
    """Bytes received over the page's websockets since the last reset."""

    def __init__(self, page):
        self.total = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        self.total += len(payload) if payload is not None else 0

    def take(self) -> float:
        kb, self.total = self.total / 1024, 0
        return kb


def _wait_drawn(page, heading: str | None) -> None:
    page.wait_for_function(DRAWN_JS, arg=heading, timeout=TIMEOUT_MS, polling="raf")


def measure(url: str, runs: int) -> dict[str, PageTimes]:
    from playwright.sync_api import sync_playwright

    pages = bench_pages()
    times = {title: PageTimes(title) for title, _, _ in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport=VIEWPORT, locale="zh-CN")
        warmup = context.new_page()                      # fills the browser cache and the server's query caches
        for _, path, heading in pages:
            warmup.goto(f"{url}/{path}", wait_until="commit")
            _wait_drawn(warmup, heading)
        warmup.close()
        for _ in range(runs):
            for title, path, heading in pages:            # cold: a fresh URL in a new tab
                tab = context.new_page()
                ws = WebsocketBytes(tab)
                t0 = time.perf_counter()
                tab.goto(f"{url}/{path}", wait_until="commit")
                _wait_drawn(tab, heading)
                times[title].cold.append(time.perf_counter() - t0)
                times[title].cold_kb.append(ws.take())
                tab.close()
            # warm: sidebar clicks, each page from the one before; the 大屏 has no sidebar, so it comes last and
            # the round starts from the last page that has one
            start = next(p for p in reversed(pages) if p[2] is not None)
            tab = context.new_page()
            ws = WebsocketBytes(tab)
            tab.goto(f"{url}/{start[1]}", wait_until="commit")
            _wait_drawn(tab, start[2])
            for title, path, heading in pages:
                ws.take()
                link = tab.locator('[data-testid="stSidebar"] [data-testid="stPageLink"]').get_by_text(title, exact=True).first
                t0 = time.perf_counter()
                link.click()
                _wait_drawn(tab, heading)
                times[title].warm.append(time.perf_counter() - t0)
                times[title].warm_kb.append(ws.take())
            tab.close()
        context.close()
        browser.close()
    return times


def demo_db(workdir: Path) -> Path:
    from safetyboard.config import SAMPLE_DIR
    from safetyboard.demo_db import build_demo_database
    from safetyboard.store import close_store

    db = workdir / "browser_demo.duckdb"
    if not db.exists():
        build_demo_database(db, SAMPLE_DIR)
        close_store(db)
    return db


def large_db(hazards: int) -> Path:
    return build(BENCH / "data" / f"queries_{hazards}.duckdb", hazards)


def run_dataset(label: str, db: Path, runs: int) -> dict[str, PageTimes]:
    work = BENCH / "out"
    # A private copy: the server opens it read-write and must not share the file with another process.
    copy = work / f"browser_{db.stem}.duckdb"
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob(copy.name + "*"):
        old.unlink()
    shutil.copy(db, copy)
    env = {"SAFETYBOARD_USERS": str(work / "no-users.toml"), "SAFETYBOARD_DEMO": "1"}
    print(f"browser bench on {label} …", flush=True)
    with dashboard_server(copy, work / f"browser_{db.stem}.log", env) as url:
        return measure(url, runs)


def browser_section(runs: int = 5, hazards: int = 1_000_000) -> None:
    work = BENCH / "data"
    work.mkdir(parents=True, exist_ok=True)
    datasets = [("演示数据 (data/sample)", demo_db(work))]
    if hazards:
        datasets.append((f"{hazards:,} generated hazards", large_db(hazards)))
    results = [(label, run_dataset(label, db, runs)) for label, db in datasets]
    lines = ["## Pages in a browser", "",
             f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine()}; Debian Chromium (headless, 1920×1080) "
             "through Playwright, the dashboard on loopback.", "",
             "Seconds from navigation until the page is drawn: the script finished, the page heading (the 大屏's view) "
             "shown, no spinner, every visible plotly chart and data grid drawn. **cold**: a fresh URL in a new tab "
             "(new session; Streamlit's static files already in the browser cache). **warm**: a click on the sidebar "
             f"link from the page before. Median of {runs} runs with min–max; KB = websocket bytes the server sent "
             "for that navigation (median). Query results were cached by a warm-up visit of every page, as on a "
             "working day. Targets (issue 16): ≤ 1.5 s cold, ≤ 0.8 s warm at 1M hazards.", ""]
    for label, times in results:
        lines += [f"### {label}", "", "| page | cold s | cold min–max | warm s | warm min–max | cold KB | warm KB |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for t in times.values():
            c, w = spread(t.cold), spread(t.warm)
            lines.append(f"| {t.title} | {c[0]:.2f} | {c[1]:.2f}–{c[2]:.2f} | {w[0]:.2f} | {w[1]:.2f}–{w[2]:.2f} | "
                         f"{spread(t.cold_kb)[0]:,.0f} | {spread(t.warm_kb)[0]:,.0f} |")
        slow_cold = [t.title for t in times.values() if spread(t.cold)[0] > 1.5]
        slow_warm = [t.title for t in times.values() if spread(t.warm)[0] > 0.8]
        lines += ["", f"Over target here: cold > 1.5 s: {', '.join(slow_cold) or 'none'}; "
                      f"warm > 0.8 s: {', '.join(slow_warm) or 'none'}.", ""]
    replace_section("browser", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    os.chdir(REPO)
    browser_section(int(os.environ.get("BENCH_RUNS", "5")), int(os.environ.get("BENCH_HAZARDS", "1000000")))
