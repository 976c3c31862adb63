"""No English a user can see, on every page in headless Chromium, and the phone layout's first view:
Latin words outside an allow-list fail the test; Streamlit's own widget texts are rewritten by ui/zh_ui.py."""
from __future__ import annotations

import re

import pytest

from browser_support import browser_page, has_exception, open_server, wait_for_app
from ui.navigation import PAGES

# Names users know in Latin letters (file formats, products, identifiers), and units.
ALLOWED = {"Excel", "Word", "ID", "PDF", "CSV", "XLSX", "XLS", "xlsx", "xls", "csv", "docx", "MB", "KB", "GB", "km",
           "GB32100", "OIDC", "URL", "IP", "WPS", "CC", "BY"}   # CC BY: the licence of the map's base data
# Text of drawn elements, without icon ligatures (the "upload" of a Material icon is a glyph, not a word) and the
# keyboard skip link (off screen until focused).
VISIBLE_TEXT = """(root) => {
  const skip = '[data-testid="stIconMaterial"], [data-testid="stSkipToContent"], script, style, noscript, code, pre';
  const it = document.createTreeWalker(root || document.body, NodeFilter.SHOW_TEXT), out = [];
  let n;
  while ((n = it.nextNode())) {
    const el = n.parentElement;
    if (!el || el.closest(skip) || el.getClientRects().length === 0) continue;
    out.push(n.nodeValue);
  }
  return out.join('\\n');
}"""

def english_words(text: str) -> list[str]:
    # A word of 2+ Latin letters that is not part of a file name or a code (e.g. 隐患.xlsx, 410411001000, H03).
    words = re.findall(r"(?<![\w.@/-])[A-Za-z]{2,}(?![\w.@/-])", text)
    return sorted({w for w in words if w not in ALLOWED})


@pytest.fixture(scope="module")
def server(fixture_db):
    with open_server(fixture_db) as url:
        yield url


def test_the_check_finds_english():
    assert english_words("全选 Select all 导出 Excel 隐患.xlsx Apr 2022") == ["Apr", "Select", "all"]


@pytest.mark.parametrize("entry", list(PAGES), ids=[p.url_path for p in PAGES])
def test_no_english_on_the_page(server, entry):
    with browser_page() as (page, outside):
        page.goto(f"{server}/{entry.url_path}?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_timeout(1500)
        assert not has_exception(page), entry.title
        seen = english_words(page.evaluate(VISIBLE_TEXT))
        # A multiselect's list opened: its bulk action is 全选, not "Select all".
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
        if box.count() and box.is_visible():   # the 大屏 hides the sidebar
            box.click()
            page.wait_for_timeout(500)
            seen += english_words(page.evaluate(VISIBLE_TEXT))
            page.keyboard.press("Escape")
        assert sorted(set(seen)) == [], (entry.title, seen)


def test_the_uploader_speaks_chinese(server):
    with browser_page() as (page, outside):
        page.goto(f"{server}/import_data")
        wait_for_app(page)
        page.locator('[data-testid="stFileUploader"]').first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        text = page.locator('[data-testid="stFileUploader"]').first.evaluate(VISIBLE_TEXT)
        assert english_words(text) == [], text
        assert "上传" in text and "上限见下方说明" in text


def test_phone_opens_with_the_drawer_closed(server):
    with browser_page(width=390, height=844) as (page, outside):
        page.goto(f"{server}/overview?as_of=2022-10-31")
        wait_for_app(page)
        page.wait_for_timeout(1000)
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_attribute("data-collapsed") == "true"
        # The page's heading is what the phone shows first, not the navigation.
        assert page.get_by_role("heading", name="总览").first.is_visible()
        assert not has_exception(page)


def test_date_axes_are_labelled_in_chinese():
    import datetime as dt

    import pandas as pd
    import plotly.graph_objects as go

    from ui.widgets import DATE_HOVER, chinese_date_axes
    months = go.Figure(go.Bar(x=pd.to_datetime(["2022-04-01", "2022-05-01"]), y=[1, 2]))
    chinese_date_axes(months)
    stops = {tuple(s.dtickrange): s.value for s in months.layout.xaxis.tickformatstops}
    # Month ticks read 2022年4月, day ticks 4月11日, year ticks 2022年; hover 2022年4月11日.
    assert stops[(86_400_000 * 28, "M12")] == "%Y年%-m月" and stops[(None, 86_400_000 * 28)] == "%-m月%-d日"
    assert months.layout.xaxis.hoverformat == DATE_HOVER == "%Y年%-m月%-d日"
    days = chinese_date_axes(go.Figure(go.Bar(x=[dt.date(2022, 4, 11)], y=[1])))
    assert days.layout.xaxis.hoverformat == DATE_HOVER
    # Not a date axis: untouched (a date format on numbers would print nonsense).
    numbers = chinese_date_axes(go.Figure(go.Bar(x=[90.5, 92.0], y=["马庄", "曹镇"], orientation="h")))
    assert numbers.layout.xaxis.hoverformat is None and not numbers.layout.xaxis.tickformatstops


def test_an_empty_table_says_so_in_chinese(server):
    # The golden database has no accident ledger: the 总览's 事故 chart has an empty table behind its 数据 tab.
    # A data grid would paint "empty" on its canvas (no text to check); the table is drawn as a static one.
    with browser_page() as (page, outside):
        page.goto(f"{server}/overview?as_of=2022-10-31")
        wait_for_app(page)
        tabs = page.locator('[data-testid="stMain"] [role="tab"]').filter(has_text="数据")
        for i in range(tabs.count()):   # each choice reruns the page and draws that tab (ui.widgets.lazy_tabs)
            tabs.nth(i).click()
            page.wait_for_timeout(300)
            wait_for_app(page)
        empty = page.locator('[data-testid="stTableStyledEmptyTableCell"]')
        empty.first.wait_for(timeout=60_000)
        assert empty.count() >= 1 and empty.first.is_visible()
        assert {t.strip() for t in empty.all_inner_texts()} == {"无数据"}
        assert english_words(page.evaluate(VISIBLE_TEXT)) == []
