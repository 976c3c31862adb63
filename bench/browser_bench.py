"""Browser benchmark: how long each page takes to be drawn in a real headless Chromium (Debian's, through
Playwright), on the demo data and on 1M generated hazards.

"Drawn" means: Streamlit's script has finished (the app root's script state is notRunning), the page's own
heading (or the meeting screen's view) is on screen, no spinner or skeleton is left, every visible plotly chart
has drawn its SVG and every visible data grid its canvas (visible: in the window, not in a hidden tab). Timed from the navigation to that state:
- cold: a fresh URL in a new tab (a new Streamlit session; the browser's cache of Streamlit's static files is
  warm, as it is for anyone who opened the dashboard before);
- warm: a click on the page's link in the sidebar from another page that is already drawn.
Also recorded: the bytes the server sent over the websocket for that navigation (figure JSON, tables).

`python bench/run.py browser [--rounds N] [--hazards N] [--save F.json] [--before F.json]` writes the "browser"
section of BENCHMARKS.md (with before/after columns when --before names an earlier run's JSON)."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from common import BENCH, REPO, build, dashboard_server, machine, page_times, replace_section, spread

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
TIMEOUT_MS = 120_000
WARMUP_TIMEOUT_MS = 900_000   # the warm-up runs every query uncached
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
    // when the script had run and the page's content had arrived: the rest is drawing
    if (!window.__sbScript) window.__sbScript = performance.now();
    if (document.querySelector('[data-testid="stSpinner"], [data-testid="stSkeleton"]')) return false;
    // on screen: the data grid draws its canvas only when scrolled into view
    const shown = el => { const r = el.getBoundingClientRect();
        return el.offsetParent !== null && r.height > 0 && r.top < innerHeight && r.bottom > 0; };
    for (const c of document.querySelectorAll('[data-testid="stPlotlyChart"]'))
        if (shown(c) && !c.querySelector('.main-svg')) return false;
    for (const d of document.querySelectorAll('[data-testid="stDataFrame"]'))
        if (shown(d) && !d.querySelector('canvas')) return false;
    return true;
}"""


# What a drawn page holds: plotly figures (all / visible) and the JSON size of their data and layout, data grids
# (all / visible), static HTML tables.
CONTENT_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]') || document;
    const shown = el => { const r = el.getBoundingClientRect();
        return el.offsetParent !== null && r.height > 0 && r.top < innerHeight && r.bottom > 0; };
    const figs = [...main.querySelectorAll('.js-plotly-plot')];
    const grids = [...main.querySelectorAll('[data-testid="stDataFrame"]')];
    let json = 0;
    for (const f of figs) { try { json += JSON.stringify(f.data || []).length + JSON.stringify(f.layout || {}).length; } catch (e) {} }
    return {figures: figs.length, figures_shown: figs.filter(shown).length, figure_kb: json / 1024,
            grids: grids.length, grids_shown: grids.filter(shown).length,
            tables: main.querySelectorAll('[data-testid="stTable"], .sb-table').length};
}"""


@dataclass
class PageTimes:
    title: str
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    cold_kb: list[float] = field(default_factory=list)
    warm_kb: list[float] = field(default_factory=list)
    cold_script: list[float] = field(default_factory=list)   # seconds until the script had run (the rest: drawing)
    warm_script: list[float] = field(default_factory=list)
    content: dict = field(default_factory=dict)


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


def _wait_drawn(page, heading: str | None, timeout_ms: int = TIMEOUT_MS) -> None:
    page.wait_for_function(DRAWN_JS, arg=heading, timeout=timeout_ms, polling="raf")


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
            _wait_drawn(warmup, heading, WARMUP_TIMEOUT_MS)
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
                times[title].cold_script.append(tab.evaluate("window.__sbScript") / 1000)
                times[title].content = tab.evaluate(CONTENT_JS)
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
                tab.evaluate("window.__sbScript = 0; window.__sbClick = performance.now()")
                t0 = time.perf_counter()
                link.click()
                _wait_drawn(tab, heading)
                times[title].warm.append(time.perf_counter() - t0)
                times[title].warm_script.append(tab.evaluate("(window.__sbScript - window.__sbClick) / 1000"))
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


def run_dataset(label: str, db: Path, runs: int, env_extra: dict | None = None) -> dict[str, PageTimes]:
    work = BENCH / "out"
    # A private copy: the server opens it read-write and must not share the file with another process.
    copy = work / f"browser_{db.stem}.duckdb"
    work.mkdir(parents=True, exist_ok=True)
    for old in work.glob(copy.name + "*"):
        old.unlink()
    shutil.copy(db, copy)
    env = {"SAFETYBOARD_USERS": str(work / "no-users.toml"), "SAFETYBOARD_DEMO": "1", **(env_extra or {})}
    print(f"browser bench on {label} …", flush=True)
    with dashboard_server(copy, work / f"browser_{db.stem}.log", env) as url:
        return measure(url, runs)


def _to_json(results: list[tuple[str, dict[str, PageTimes]]]) -> dict:
    return {"ran_at": f"{dt.datetime.now():%Y-%m-%d %H:%M}", "machine": machine(),
            "datasets": [{"label": label, "pages": [asdict(t) for t in times.values()]} for label, times in results]}


def measure_all(runs: int, hazards: int, save: Path | None = None, demo: bool = True, city: Path | None = None) -> dict:
    """Every dataset measured; the raw samples written to `save` (JSON) for a later before/after table.
    city: a directory holding a city instance's city.duckdb and city.toml (bench/city_bench.py keeps one)."""
    work = BENCH / "data"
    work.mkdir(parents=True, exist_ok=True)
    datasets = [("演示数据 (data/sample)", demo_db(work), None)] if demo else []
    if hazards:
        datasets.append((f"{hazards:,} generated hazards", large_db(hazards), None))
    if city:
        from safetyboard import district
        with district.configured(city / "city.toml"):
            from safetyboard.store import Store
            store = Store(city / "city.duckdb", read_only=True)
            rows = store.scalar("SELECT count(*) FROM hazards", view="city_all")
            store.close()
        datasets.append((f"city: {city.name}, {rows:,} hazards city-wide (全市)", city / "city.duckdb",
                         {"SAFETYBOARD_DISTRICT": str((city / "city.toml").resolve())}))
    done = []
    for label, db, env_extra in datasets:   # saved after each dataset: a later failure keeps what was measured
        done.append((label, run_dataset(label, db, runs, env_extra)))
        raw = _to_json(done) | {"runs": runs}
        if save:
            save.parent.mkdir(parents=True, exist_ok=True)
            save.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    if hazards:
        raw["apptest"] = apptest_times(large_db(hazards))
    if save:
        save.parent.mkdir(parents=True, exist_ok=True)
        save.write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return raw


def apptest_times(db: Path) -> dict[str, float]:
    """The secondary figure: each page's script under AppTest, uncached parameters (bench/query_bench.py)."""
    return {title: v[0] for title, v in page_times(db).items()}


def _fmt_spread(samples: list[float]) -> str:
    m, lo, hi = spread(samples)
    return f"**{m:.2f}** ({lo:.2f}–{hi:.2f})"


def _median(samples: list[float] | None) -> str:
    return f"{spread(samples)[0]:.2f}" if samples else ""


def render(raw: dict, before: dict | None = None) -> str:
    runs = raw.get("runs", 5)
    lines = ["## Pages in a browser", "",
             f"Run {raw['ran_at']} on {raw['machine']}; Debian Chromium (headless, 1920×1080) "
             "through Playwright, the dashboard on loopback. The machine is shared with other engineers' builds and "
             "tests and is noisy: compare the before and after columns, which ran under the same kind of load, not "
             "the absolute seconds.", "",
             "Seconds from navigation until the page is drawn: the script finished, the page heading (the 大屏's view) "
             "shown, no spinner, every visible plotly chart and data grid drawn. **cold**: a fresh URL in a new tab "
             "(new session; Streamlit's static files already in the browser cache). **warm**: a click on the sidebar "
             f"link from the page before. Median of {runs} runs, min–max in brackets; KB = websocket bytes the server "
             "sent for that navigation (median); of it script = seconds until the script had run and the page's content "
             "had arrived (heading shown, script state idle; the rest of the time is the browser drawing); figures = "
             "plotly figures (in the window / in the page, hidden tabs included) and their JSON in KB; grids = data "
             "grids (in the window / in the page). Query results were cached by "
             "a warm-up visit of every page, as on a working day. AppTest = the page's script alone under "
             "streamlit.testing, uncached parameters (secondary figure). Targets (issue 16): ≤ 1.5 s cold, ≤ 0.8 s "
             "warm at 1M hazards.", ""]
    old = {d["label"]: {pg["title"]: pg for pg in d["pages"]} for d in (before or {}).get("datasets", [])}
    for d in raw["datasets"]:
        label, pages = d["label"], d["pages"]
        prior = old.get(label, {})
        apptest = raw.get("apptest", {}) if "generated" in label else {}
        head = "| page | cold s | of it script | warm s | of it script | cold KB | warm KB | figures | figure KB | grids |"
        rule = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        if prior:
            head += " before: cold s | before: warm s | before: cold KB |"
            rule += "---:|---:|---:|"
        if apptest:
            head += " AppTest s |"
            rule += "---:|"
        lines += [f"### {label}", "", head, rule]
        for t in pages:
            c = t.get("content") or {}
            row = (f"| {t['title']} | {_fmt_spread(t['cold'])} | {_median(t.get('cold_script'))} | "
                   f"{_fmt_spread(t['warm'])} | {_median(t.get('warm_script'))} | "
                   f"{spread(t['cold_kb'])[0]:,.0f} | {spread(t['warm_kb'])[0]:,.0f} | "
                   f"{c.get('figures_shown', '')}/{c.get('figures', '')} | {c.get('figure_kb', 0):,.0f} | "
                   f"{c.get('grids_shown', '')}/{c.get('grids', '')} |")
            b = prior.get(t["title"])
            if prior:
                row += (f" {_fmt_spread(b['cold'])} | {_fmt_spread(b['warm'])} | {spread(b['cold_kb'])[0]:,.0f} |"
                        if b else " | | |")
            if apptest:
                row += f" {apptest.get(t['title'], float('nan')):.2f} |"
            lines.append(row)
        slow_cold = [t["title"] for t in pages if spread(t["cold"])[0] > 1.5]
        slow_warm = [t["title"] for t in pages if spread(t["warm"])[0] > 0.8]
        lines += ["", f"Over target here: cold > 1.5 s: {', '.join(slow_cold) or 'none'}; "
                      f"warm > 0.8 s: {', '.join(slow_warm) or 'none'}.", ""]
    if before:
        lines += [f"Before: run {before['ran_at']}, same machine, same method.", ""]
    return "\n".join(lines)


def browser_section(runs: int = 5, hazards: int = 1_000_000, save: Path | None = None,
                    before: Path | None = None, demo: bool = True, city: Path | None = None) -> None:
    raw = measure_all(runs, hazards, save or BENCH / "out" / "browser_last.json", demo, city)
    text = render(raw, json.loads(before.read_text(encoding="utf-8")) if before else None)
    if city and not demo and not hazards:     # the city alone: its own section, the district figures stay
        text = text.replace("## Pages in a browser", "## Pages in a browser: a city instance", 1)
        replace_section("browser_city", text)
    else:
        replace_section("browser", text)
    print(text)


if __name__ == "__main__":
    os.chdir(REPO)
    browser_section(int(os.environ.get("BENCH_RUNS", "5")), int(os.environ.get("BENCH_HAZARDS", "1000000")))
