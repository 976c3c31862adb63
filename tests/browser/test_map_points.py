"""隐患地图's register point layer in a real headless Chromium over tests/fixture_register.py, outside requests
blocked: switched on, the map draws the register's four located enterprises as markers, with no tile, glyph or
any other request leaving the machine."""
from __future__ import annotations

import shutil

import pytest

from browser_support import browser_page, has_exception, open_server, wait_for_app


@pytest.fixture(scope="module")
def server(register_db, tmp_path_factory):
    db = shutil.copy2(register_db, tmp_path_factory.mktemp("map_points") / "register.duckdb")
    with open_server(db) as url_:
        yield url_


MARKERS = """() => {
    const plot = document.querySelector('.js-plotly-plot');
    return plot ? plot.data.filter(t => t.mode === 'markers').map(t => t.customdata.length) : null;
}"""


def test_the_point_layer_draws_offline(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/hazard_map?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        assert page.evaluate(MARKERS) == []
        page.get_by_text("显示名录单位点位").click()
        wait_for_app(page)
        page.wait_for_function(f"() => ({MARKERS})()?.length > 0", timeout=60_000)
        assert not has_exception(page)
        # tests/metric_rules/test_register.py: 丙公司 and 某某加油站 without open hazards, 甲公司 and 癸公司 with
        assert page.evaluate(MARKERS) == [2, 2]
        page.wait_for_timeout(1000)          # let the map finish drawing before the outside requests are read
    assert outside == [], outside
