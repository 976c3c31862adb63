"""The meeting screen and the downloads in a real headless Chromium (tests/browser_support.py) on a running
server, with every request to an outside host blocked and recorded.

Screen at 1920x1080, 1366x768 and 3840x2160: a full rotation by itself, every view fitting the window with
nothing outside its panel, every unit named on the map, the map's colour bar and its labels sized with the window,
no console error; no Streamlit chrome, the clock
ticks, no outside request. Downloads keep their Chinese file names (Streamlit
sends non-ASCII names RFC 5987-encoded) and the .xlsx carries its title row and filter lines.

SAFETYBOARD_SCREENSHOTS=docs/screenshots saves screen_1.png … screen_7.png (one a view, at 1920x1080) (the README's images are made
from the demo data by docs/make_images.py)."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from browser_support import browser_page, has_exception, open_server, require_chromium, wait_for_app
from ui import screen
from ui.navigation import PAGES

SHOTS = Path(os.environ["SAFETYBOARD_SCREENSHOTS"]) if os.environ.get("SAFETYBOARD_SCREENSHOTS") else None

# Every element that scrolls (the document, Streamlit's scrolling main section, any panel) and overflows.
OVERFLOW_JS = """() => {
    const out = [];
    const d = document.documentElement;
    if (d.scrollHeight > innerHeight || d.scrollWidth > innerWidth)
        out.push(['document', d.scrollWidth, d.scrollHeight, innerWidth, innerHeight]);
    for (const el of document.querySelectorAll('*')) {
        const cs = getComputedStyle(el);
        const y = ['auto', 'scroll'].includes(cs.overflowY) && el.scrollHeight > el.clientHeight + 1;
        const x = ['auto', 'scroll'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth + 1;
        if (y || x) out.push([el.tagName, el.getAttribute('data-testid'), el.scrollWidth, el.scrollHeight,
                              el.clientWidth, el.clientHeight]);
    }
    return out;
}"""

# Every panel of the screen lies inside the window, every element inside its panel, and no text is cut
# by a box that clips (names and descriptions from the data, .who and .sub, may end in an ellipsis by design).
PANELS_JS = """() => {
    const out = [];
    const panels = document.querySelectorAll('.scr-head, .scr-kpi, .scr-panel-title, .scr-list, .scr-bars, .scr-cols,'
        + ' .scr-board, .scr-card, .scr-foot, .scr-source, .scr-scale, [class*="st-key-scr_map"]');
    if (panels.length < 14) out.push(['too few panels', panels.length]);
    for (const p of panels) {
        const pr = p.getBoundingClientRect();
        if (pr.right > innerWidth + 1 || pr.bottom > innerHeight + 1 || pr.left < -1 || pr.top < -1)
            out.push(['panel outside the window', p.className, pr.right, pr.bottom]);
        for (const el of p.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (!r.width || !r.height || el.closest('.js-plotly-plot')) continue;
            if (r.right > pr.right + 1 || r.bottom > pr.bottom + 1 || r.left < pr.left - 1 || r.top < pr.top - 1)
                out.push(['outside its panel', p.className, el.className, el.textContent.slice(0, 30)]);
        }
        for (const el of [p, ...p.querySelectorAll('*')]) {
            if (el.closest('.who') || el.closest('.js-plotly-plot')) continue;
            const cs = getComputedStyle(el);
            const clips = cs.overflowX !== 'visible' || cs.overflowY !== 'visible';
            if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
                out.push(['cut', el.className, el.textContent.slice(0, 30), el.scrollWidth, el.clientWidth,
                          el.scrollHeight, el.clientHeight]);
        }
    }
    return out;
}"""

# The unit names MapLibre has drawn on the screen's map, once the map is fitted to its panel (none: no map).
MAP_NAMES_JS = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const m = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
    if (!m || !gd.__safetyboardFitted || !m.loaded()) return null;
    const drawn = m.queryRenderedFeatures();
    if (!drawn.some(f => f.layer.type === 'fill')) return null;      // the units' fills not drawn yet
    return drawn.filter(f => f.layer.id === 'scr-labels').map(f => f.properties.name).sort();
}"""

# The map's colour bar (drawn in HTML under the map, or plotly's own inside it) and its smallest text, in px.
SCALE_JS = """() => {
    const bar = document.querySelector('.scr-scale .bar') || document.querySelector('.js-plotly-plot .colorbar .cbfill');
    if (!bar) return null;
    const r = bar.getBoundingClientRect();
    const texts = [...document.querySelectorAll('.scr-scale .title, .scr-scale .tick, .js-plotly-plot .colorbar text')]
        .filter(t => t.textContent.trim());
    return {width: r.width, height: r.height, texts: texts.length,
            font: Math.min(...texts.map(t => parseFloat(getComputedStyle(t).fontSize)))};
}"""

# Streamlit's own start-up probes: a page opened at /screen first asks /screen/_stcore/health and
# /screen/_stcore/host-config, gets 404 (the browser logs "Failed to load resource") and falls back to /.
STREAMLIT_PROBE = re.compile(r"/screen/_stcore/(health|host-config)$")

SIZES = [(1920, 1080), (1366, 768), (3840, 2160)]


def url_path(file: str) -> str:
    entry = next((e for e in PAGES if e.file == file), None)
    assert entry is not None, f"{file} is not in ui.navigation.PAGES"
    return entry.url_path


@pytest.fixture(scope="module")
def server(fixture_db, tmp_path_factory):
    require_chromium()
    # The server gets its own copy: a test that left the shared fixture open in this process (a process-wide
    # store) would lock it against the server.
    db = tmp_path_factory.mktemp("browser_screen") / "fixture.duckdb"
    shutil.copy(fixture_db, db)
    with open_server(db) as url:
        yield url


def _wait_for_screen(page) -> None:
    wait_for_app(page)
    page.wait_for_selector("#scr-view", timeout=60_000)
    page.wait_for_timeout(800)


def _no_errors(page) -> None:
    assert not has_exception(page)
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


class Console:
    """The console errors, uncaught page errors and failed responses of a page."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("response", lambda r: self.failed.append(r.url) if r.status >= 400 else None)

    def unexpected(self) -> list[str]:
        probes = [u for u in self.failed if STREAMLIT_PROBE.search(u)]
        others = [u for u in self.failed if not STREAMLIT_PROBE.search(u)]
        loads = [e for e in self.errors if e.startswith("Failed to load resource")]
        rest = [e for e in self.errors if not e.startswith("Failed to load resource")]
        return others + rest + (loads[len(probes):] if len(loads) > len(probes) else [])


def _check_scale(page, width: int, height: int) -> bool:
    """The map's colour bar, when the view has one, is as large as the window allows: a fixed px bar and 15 px
    labels are unreadable across the room on a 4K screen. Returns whether the view has one."""
    scale = page.evaluate(SCALE_JS)
    if scale is None:
        return False
    assert scale["height"] >= height / 100, scale          # 1.0u: 19 px at 1080 rows, 38 px at 2160
    assert scale["width"] >= width / 6, scale
    assert scale["texts"] >= 3 and scale["font"] >= height / 90, scale   # title and ticks: 0.85u and up
    return True


def _check_view(page, names: list[str]) -> None:
    _no_errors(page)
    assert page.evaluate(OVERFLOW_JS) == []
    assert page.evaluate(PANELS_JS) == []
    if page.locator(".js-plotly-plot").count():
        # Every unit named on the map, 九里山 included (MapLibre hid colliding names before).
        drawn = page.wait_for_function(f"() => {{ const n = ({MAP_NAMES_JS})(); return n && n.length === {len(names)} && n; }}",
                                       timeout=30_000)
        assert drawn.json_value() == names


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_screen_fits_rotates_and_stays_offline(server, width, height):
    """A full rotation at this window size: every view fits (no scrolling, nothing outside its panel, no text
    cut), names every unit on its map, and logs no console error; nothing leaves the machine."""
    from safetyboard import config, maps, rules
    boundaries, _, _ = maps.active_boundaries(config.DATA_DIR, resolve_unit=rules.resolve_unit)
    names = sorted(re.sub(r"(街道|乡)$", "", n) for n in boundaries["name"])
    with browser_page(width, height) as (page, outside):
        console = Console(page)
        page.goto(f"{server}/{url_path('pages/screen.py')}?as_of=2022-10-31&interval=6")
        _wait_for_screen(page)
        for chrome in ('[data-testid="stSidebar"]', 'header[data-testid="stHeader"]', '[data-testid="stToolbar"]'):
            assert not any(el.is_visible() for el in page.locator(chrome).all()), chrome
        assert page.locator(".scr-asof").inner_text() == "数据截至 2022年10月31日"
        assert page.locator(".scr-kpi .val").first.inner_text().startswith("10")
        assert page.locator(".scr-kpi").count() == 10
        # The clock ticks in the browser.
        clock = page.locator("#scr-clock").inner_text()
        page.wait_for_function("t => document.getElementById('scr-clock').textContent !== t", arg=clock,
                               timeout=5_000)
        count = len(screen.VIEWS)
        scaled = set()
        # Each view in turn, by itself (the fragment reruns every 6 s), back to the first.
        for step in range(count + 1):
            view = step % count
            page.wait_for_function("v => { const e = document.getElementById('scr-view');"
                                   " return e && e.getAttribute('data-view') === v; }", arg=str(view), timeout=90_000)
            _wait_for_screen(page)
            if page.locator("#scr-view").get_attribute("data-view") != str(view):
                continue             # the next rotation came while this one was checked: checked on the next round
            _check_view(page, names)
            if _check_scale(page, width, height):
                scaled.add(view)
            if SHOTS and width == 1920 and step < count:
                SHOTS.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(SHOTS / f"screen_{view + 1}.png"))
        assert console.unexpected() == [], (console.errors, console.failed)
        assert scaled, "no view drew its map's colour bar"   # 整改率, 逾期, 重大隐患 and 执法 have one
    assert outside == [], outside


def test_table_download_keeps_its_chinese_file_name(server, tmp_path):
    from openpyxl import load_workbook

    with browser_page() as (page, outside):
        page.goto(f"{server}/{url_path('pages/overview.py')}?as_of=2022-10-31")
        wait_for_app(page)
        wanted = f"逾期未整改隐患最多的乡镇街道_{dt.date.today():%Y%m%d}.xlsx"
        page.get_by_text("逾期未整改隐患最多的乡/街道", exact=False).first.wait_for(timeout=30_000)
        buttons = page.get_by_role("button", name="下载 Excel")
        buttons.first.wait_for(timeout=30_000)
        download = None
        for i in range(buttons.count()):      # the page has several tables; find this one's button
            with page.expect_download(timeout=30_000) as info:
                buttons.nth(i).click()
            download = info.value
            if download.suggested_filename == wanted:
                break
        assert download is not None and download.suggested_filename == wanted
        target = tmp_path / download.suggested_filename
        download.save_as(target)
    assert outside == [], outside
    ws = load_workbook(target).active
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "逾期未整改隐患最多的乡镇街道"                 # the title row
    assert rows[1][0] == "统计区间：2022-04-01 至 2022-10-31"            # the filter settings
    header = rows[3]
    assert header[:2] == ("乡/街道", "逾期未整改（处）")
    # (The counts arrive as text today: safetyboard.exports writes numpy integers with write_string.)
    assert [(r[0], int(r[1])) for r in rows[4:6]] == [("九里山街道", 2), ("马庄街道", 1)]


def test_briefing_download_in_the_browser(server, tmp_path):
    import docx

    with browser_page() as (page, outside):
        page.goto(f"{server}/{url_path('pages/briefing.py')}?as_of=2022-10-31")
        wait_for_app(page)
        page.get_by_role("button", name="生成简报").click()
        button = page.get_by_role("button", name="下载简报（Word）")
        button.wait_for(timeout=120_000)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        assert download.suggested_filename == "湛河区安全生产大检查工作简报_第31期_全区_20221031.docx"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        _no_errors(page)
    assert outside == [], outside
    d = docx.Document(str(target))
    assert d.paragraphs[0].text == "湛河区安全生产大检查工作简报"
    assert "排查隐患10处" in "\n".join(p.text for p in d.paragraphs)
