"""隐患地图 of a city instance in a real headless Chromium (tests/city_support.py: 新华区's and 湛河区's packages),
outside requests blocked: the county map draws offline, and a click on a county opens that county's 乡/街道 map."""
from __future__ import annotations

import shutil

import pytest

import city_support as cs
from browser_support import browser_page, has_exception, require_chromium, streamlit_server, wait_for_app
from city_support import city  # noqa: F401  (fixture)
from safetyboard import maps


@pytest.fixture(scope="module")
def server(city, tmp_path_factory):
    require_chromium()
    config, db = city
    copy = shutil.copy2(db, tmp_path_factory.mktemp("city_map_browser") / "city.duckdb")
    env = {"SAFETYBOARD_DISTRICT": str(config), "SAFETYBOARD_USERS": str(copy.parent / "no-users.toml")}
    with streamlit_server(copy, env=env) as url_:
        yield url_


# Where a lon/lat lies on the page: the plotly map's MapLibre projection, plus the canvas's place.
ON_PAGE = """([lon, lat]) => {
    const map = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map;
    const at = map.project([lon, lat]);
    const box = map.getCanvas().getBoundingClientRect();
    return [box.left + at.x, box.top + at.y];
}"""
HEADINGS = '[data-testid="stHeading"]'


def test_a_click_on_a_county_opens_its_map(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/hazard_map?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_selector(".maplibregl-canvas", timeout=60_000)
        page.wait_for_timeout(2000)          # the map's first frame
        assert "新华区隐患地图" not in page.locator(HEADINGS).all_inner_texts()
        page.evaluate("() => document.querySelector('.maplibregl-canvas').scrollIntoView({block: 'center'})")
        inside = maps.county_outline(cs.XINHUA).representative_point()
        x, y = page.evaluate(ON_PAGE, [inside.x, inside.y])
        page.mouse.click(x, y)
        page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stHeading\"]')]"
                               ".some(h => h.innerText.includes('新华区隐患地图'))", timeout=60_000)
        wait_for_app(page)
        assert page.locator(".js-plotly-plot").count() == 2      # the county map and 新华区's 乡/街道 map
        assert not has_exception(page)
        page.wait_for_timeout(1000)          # let the maps finish drawing before the outside requests are read
    assert outside == [], outside
