"""The meeting screen and the downloads in a real headless Chromium (tests/browser_support.py) on a running
server, with every request to an outside host blocked and recorded.

Screen at 1920x1080: fits without scrollbars, no Streamlit chrome, no error, the view changes by itself
after the interval, the clock ticks, no outside request. Downloads keep their Chinese file names (Streamlit
sends non-ASCII names RFC 5987-encoded) and the .xlsx carries its title row and filter lines.

SAFETYBOARD_SCREENSHOTS=docs/screenshots saves screen_1.png and screen_2.png (the README's images are made
from the demo data by docs/make_images.py)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from browser_support import browser_page, has_exception, open_server, require_chromium, wait_for_app
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
    page.wait_for_selector(".maplibregl-canvas", timeout=60_000)
    page.wait_for_timeout(800)


def _no_errors(page) -> None:
    assert not has_exception(page)
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def test_screen_fits_rotates_and_stays_offline(server):
    with browser_page(1920, 1080) as (page, outside):
        page.goto(f"{server}/{url_path('pages/screen.py')}?as_of=2022-10-31&interval=3")
        _wait_for_screen(page)
        _no_errors(page)
        assert page.evaluate(OVERFLOW_JS) == []
        for chrome in ('[data-testid="stSidebar"]', 'header[data-testid="stHeader"]', '[data-testid="stToolbar"]'):
            assert not any(el.is_visible() for el in page.locator(chrome).all()), chrome
        assert page.locator(".scr-asof").inner_text() == "数据截至 2022年10月31日"
        assert page.locator(".scr-kpi .val").first.inner_text().startswith("10")
        first = page.locator("#scr-view").get_attribute("data-view")
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "screen_1.png"))
        # The clock ticks in the browser.
        clock = page.locator("#scr-clock").inner_text()
        page.wait_for_function("t => document.getElementById('scr-clock').textContent !== t", arg=clock,
                               timeout=5_000)
        # The view changes by itself after the interval (3 s), without a reload.
        page.wait_for_function("v => { const e = document.getElementById('scr-view');"
                               " return e && e.getAttribute('data-view') !== v; }", arg=first, timeout=20_000)
        _wait_for_screen(page)
        _no_errors(page)
        assert page.evaluate(OVERFLOW_JS) == []
        assert page.locator("#scr-view").get_attribute("data-view") != first
        if SHOTS:
            page.screenshot(path=str(SHOTS / "screen_2.png"))
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
