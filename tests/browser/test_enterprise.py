"""一企一档 in a real headless Chromium on a running server over tests/fixture_register.py, outside
requests blocked: the page opened by the address its links carry shows the enterprise; a search typed in the box
finds one by part of its folded name; a click on a 一企一档 link in 执法检查's case list opens that enterprise. Numbers as in tests/pages/test_enterprise.py (A = 2022-10-31)."""
from __future__ import annotations

import shutil

import pytest
from fixture_register import CA, CX

from browser_support import (browser_page, has_exception, metric_value, open_server,
                             wait_for_app)
from ui.enterprise_links import url


@pytest.fixture(scope="module")
def server(register_db, tmp_path_factory):
    db = shutil.copy2(register_db, tmp_path_factory.mktemp("ent_browser") / "register.duckdb")
    with open_server(db) as url_:
        yield url_


def test_a_link_opens_the_enterprise_in_the_browser(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/{url('甲公司', CA)}&as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        assert not has_exception(page)
        assert [metric_value(page, k) for k in ("隐患", "未整改", "执法案件", "生产安全事故")] == ["2", "2", "1", "1"]
        assert page.locator('[data-testid="stDataFrame"]').count() >= 3     # entry, timeline, hazards, cases
    assert outside == [], outside


def test_typing_part_of_a_name_finds_it_in_the_browser(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/enterprise?as_of=2022-10-31")
        wait_for_app(page)
        box = page.get_by_label("查找单位")
        box.fill("丙")
        box.press("Enter")
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        assert not has_exception(page)
        # the registered 丙公司 (code CX) first: no hazard of its own, case K3
        assert [metric_value(page, k) for k in ("隐患", "执法案件")] == ["0", "1"]
        page.get_by_text(CX).first.wait_for(state="attached", timeout=30_000)
    assert outside == [], outside


def link_x(page, frame, y: float) -> float:
    """The x of the first point in row y of a data grid (drawn on a canvas) where the pointer becomes a hand: the link."""
    box = frame.bounding_box()
    for x in range(int(box["x"] + box["width"]) - 5, int(box["x"]), -8):
        page.mouse.move(x, y)
        if page.evaluate("([x, y]) => { for (let e = document.elementFromPoint(x, y); e; e = e.parentElement)"
                         " if (getComputedStyle(e).cursor === 'pointer') return true; return false; }", [x, y]):
            return x
    raise AssertionError("no link in that row")


def test_a_click_on_a_link_in_the_case_list_opens_the_enterprise(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/enforcement?as_of=2022-10-31")
        wait_for_app(page)
        # 执法案件清单: newest first, its first row is case K5 against 戊公司分公司 (no hazard of its own)
        table = page.locator('[data-testid="stDataFrame"]').filter(
            has=page.locator('[id^="glide-cell-"]', has_text="戊公司分公司")).first
        table.scroll_into_view_if_needed()
        row = table.bounding_box()["y"] + 35 + 17          # below the 35 px header, the middle of the first row
        x = link_x(page, table, row)
        with page.context.expect_page(timeout=30_000) as opened:
            page.mouse.click(x, row)
        ent = opened.value
        wait_for_app(ent)
        ent.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        assert not has_exception(ent)
        assert ent.url.endswith(url("戊公司分公司"))
        ent.get_by_role("heading", name="戊公司分公司").wait_for(timeout=30_000)
        assert [metric_value(ent, k) for k in ("隐患", "执法案件")] == ["0", "1"]     # K5 only
    assert outside == [], outside
