"""The 大屏 of a city instance in a real headless Chromium (tests/browser_support.py) at 1920x1080, on the small city
of tests/city_store_support.py (新华区 and a stale 湛河区 sent packages; eight counties did not): a full rotation
through the city's views by itself, with no console error, no failed request, every view inside the window, and
the 区县红黑榜 naming 新华区 (整改率 66.7%, the better of the two counties ranked)."""
from __future__ import annotations

import re

import pytest
from browser_support import browser_page, has_exception, require_chromium, streamlit_server, wait_for_app
from city_store_support import build_city

from ui import screen
from ui.navigation import PAGES

# Streamlit's start-up probes under a page's path answer 404 before it falls back to / (not an error of ours).
PROBE = re.compile(r"/screen/_stcore/(health|host-config)$")
# The screen fits the window: nothing scrolls and its footer (the last line) lies inside the window.
FITS_JS = """() => { const d = document.documentElement, foot = document.querySelector('.scr-foot');
    return !(d.scrollHeight > innerHeight || d.scrollWidth > innerWidth) && !!foot
        && foot.getBoundingClientRect().bottom <= innerHeight + 1; }"""


@pytest.fixture(scope="module")
def city_server(fixture_db, tmp_path_factory):
    require_chromium()
    config, db = build_city(tmp_path_factory.mktemp("browser_city"), fixture_db)
    env = {"SAFETYBOARD_DISTRICT": str(config), "SAFETYBOARD_USERS": str(db.parent / "no-users.toml")}
    with streamlit_server(db, env=env) as url:
        yield url


def test_city_screen_rotates_through_its_views(city_server):
    path = next(e.url_path for e in PAGES if e.file == "pages/screen.py")
    count = len(screen.city_views())
    errors, failed = [], []
    with browser_page(1920, 1080) as (page, outside):
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and not PROBE.search(r.url) else None)
        page.goto(f"{city_server}/{path}?as_of=2022-10-31&interval=6")
        seen: set[str] = set()
        step = 0
        while len(seen) < count and step < 3 * count:      # each view checked once, by the rotation itself
            view = step % count
            step += 1
            page.wait_for_function("v => { const e = document.getElementById('scr-view');"
                                   " return e && e.getAttribute('data-view') === v; }", arg=str(view), timeout=90_000)
            wait_for_app(page)
            title = page.locator("#scr-view").evaluate("e => e.getAttribute('data-view') + ':' + e.firstChild.textContent")
            if not title.startswith(f"{view}:"):
                continue             # the next rotation came while this one was drawn: checked on the next round
            seen.add(title.split(":", 1)[1])
            assert not has_exception(page)
            assert page.locator('[data-testid="stAlertContentError"]').count() == 0
            assert page.evaluate(FITS_JS)
            if view == 0:
                board = page.locator(".scr-board-2")
                assert board.is_visible()
                red = board.locator(".scr-card").first.locator(".scr-row .who").first.inner_text()
                assert red == "新华区"
                assert page.locator(".scr-title").inner_text() == "平顶山市安全生产大检查"
                assert page.locator(".scr-kpi .val").first.inner_text().startswith("13")
        assert [e for e in errors if not e.startswith("Failed to load resource")] == [], errors
        assert failed == [], failed
    assert outside == [], outside
    assert seen == {"区县红黑榜", "各区县整改情况", "数据截至", "重大隐患与挂牌督办", "未报送"}
