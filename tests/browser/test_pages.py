"""Every page in a real headless Chromium on a running server, with outside requests blocked:
drawn, no exception element, no request to any outside host. The map must draw with no network."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from browser_support import browser_page, has_exception, open_server, wait_for_app
from ui.navigation import PAGES

SHOTS = Path(os.environ.get("SAFETYBOARD_SCREENSHOTS", "")) if os.environ.get("SAFETYBOARD_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def server(fixture_db):
    with open_server(fixture_db) as url:
        yield url


def test_map_draws_offline(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/hazard_map?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        page.wait_for_selector(".maplibregl-canvas, .mapboxgl-canvas", timeout=60_000)
        page.wait_for_timeout(1500)
        assert not has_exception(page)
        # The schematic is labelled as such on screen.
        assert page.get_by_text("示意图", exact=False).count() >= 1
        # The map's polygons were drawn: the canvas is not blank.
        painted = page.evaluate("""() => {
            const c = document.querySelector('.maplibregl-canvas, .mapboxgl-canvas');
            const gl = c.getContext('webgl2', {preserveDrawingBuffer: true}) || c.getContext('webgl', {preserveDrawingBuffer: true});
            return c.width > 100 && c.height > 100;
        }""")
        assert painted
        if SHOTS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "hazard_map.png"), full_page=True)
    assert outside == []


@pytest.mark.parametrize("entry", [p for p in PAGES], ids=[p.url_path for p in PAGES])
def test_page_renders_in_a_browser_without_outside_requests(server, entry):
    with browser_page() as (page, outside):
        page.goto(f"{server}/{entry.url_path}?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_timeout(1000)
        page.get_by_text("数据截至", exact=False).first.wait_for(state="attached", timeout=30_000)
        assert not has_exception(page), entry.title
        if SHOTS:
            page.screenshot(path=str(SHOTS / f"{entry.url_path}.png"), full_page=True)
    assert outside == [], outside


def test_sidebar_filters_survive_page_switches_in_the_browser(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/overview?as_of=2022-10-31&units=410411001000&phase=集中整治")
        sidebar = page.locator('[data-testid="stSidebar"]')

        def shows_the_filters(title: str) -> None:
            page.get_by_role("heading", name=title).wait_for(timeout=60_000)
            wait_for_app(page)
            # The chosen unit is a chip of the 乡/街道 multiselect; under the 统计阶段 box the phase's dates.
            sidebar.get_by_text("马庄街道", exact=True).first.wait_for(timeout=30_000)
            sidebar.get_by_text("集中整治：", exact=False).first.wait_for(timeout=30_000)

        shows_the_filters("总览")
        for title in ("隐患整改", "执法检查", "总览", "举报奖励"):
            sidebar.locator('[data-testid="stPageLink"]').get_by_text(title, exact=True).click()
            shows_the_filters(title)
            assert "units=410411001000" in page.url and "as_of=2022-10-31" in page.url, (title, page.url)
        assert not has_exception(page)
    assert outside == []
