"""The loop views in a real headless Chromium on a running server over the golden database plus
tests/fixture_loop.py, outside requests blocked: 挂牌督办与问责 shows its figures, and on 督导检查 a target's row of
the 问题清单 expands to its problems. Numbers as in tests/metric_rules/test_loop.py (A = 2022-10-31)."""
from __future__ import annotations

import shutil

import pytest

from browser_support import (browser_page, has_exception, metric_value, open_server,
                             wait_for_app)


@pytest.fixture(scope="module")
def server(loop_db, tmp_path_factory):
    db = shutil.copy2(loop_db, tmp_path_factory.mktemp("loop_browser") / "loop.duckdb")
    with open_server(db) as url:
        yield url


def test_listing_and_accountability_page_in_the_browser(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/loop_control?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        assert not has_exception(page)
        assert [metric_value(page, k) for k in ("已挂牌", "已摘牌", "挂牌未摘牌", "超期未摘牌")] == ["5", "2", "3", "2"]
        assert [metric_value(page, k) for k in ("约谈", "通报批评", "警示函", "问责")] == ["2", "1", "1", "0"]
        # the charts draw after the tiles: wait for them (a count taken at once found 1 on a loaded machine)
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=60_000)
        assert page.locator(".js-plotly-plot").count() >= 3          # by level, by unit, by type
        assert page.locator('[data-testid="stDataFrame"]').count() >= 3
    assert outside == [], outside


def test_a_target_row_expands_to_its_problems_in_the_browser(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/supervision?as_of=2022-10-31")
        wait_for_app(page)
        assert not has_exception(page)
        label = "马庄街道（乡/街道）：发现问题4个，已整改2个，未整改2个，其中逾期1个"
        expander = page.locator('[data-testid="stExpander"]').filter(has=page.get_by_text(label, exact=True))
        expander.scroll_into_view_if_needed()
        assert expander.count() == 1
        details = expander.locator("details")
        assert details.get_attribute("open") is None                  # collapsed until clicked
        expander.get_by_text(label, exact=True).click()
        page.wait_for_function("(el) => el.open", arg=details.element_handle(), timeout=10_000)
        grid = expander.locator('[data-testid="stDataFrame"]')
        grid.wait_for(state="visible", timeout=10_000)
        assert grid.count() == 1
        for tab in ("问题清单", "整改清单", "责任清单"):
            assert page.get_by_role("tab", name=tab).count() >= 1
        assert not has_exception(page)
    assert outside == [], outside
