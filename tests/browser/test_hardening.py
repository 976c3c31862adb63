"""Hardening in a real headless Chromium with outside requests blocked: markup from ledger cells and file
names stays text (no image fetched from the outside host, no bold, no javascript: link), import → undo →
import → undo acts on the batch shown, and out-of-range dates in a shared link break no page, the meeting
screen included."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from browser_support import browser_page, has_exception, open_server, require_chromium, wait_for_app
from safetyboard.ledgers.importer import import_file
from safetyboard.store import Store

IMAGE = "![x](http://example.invalid/p.png)"
BOLD = "**粗体**"
JS_LINK = "[a](javascript:alert(1))"
HEADER = "隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态,行业领域,监管部门"


def csv(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


MARKUP = csv([f"M1,马庄,{JS_LINK},{BOLD},一般,2022-06-01,未整改,{IMAGE},{BOLD}",
              f"M2,马庄,企业,{IMAGE},一般,2022-06-02,未整改,{IMAGE},{JS_LINK}"])


@pytest.fixture(scope="module")
def db(fixture_db, tmp_path_factory) -> Path:
    require_chromium()
    path = tmp_path_factory.mktemp("browser_hardening") / "fixture.duckdb"
    shutil.copy(fixture_db, path)
    ledger = path.parent / "markup.csv"
    ledger.write_bytes(MARKUP)
    store = Store(path)
    try:
        assert import_file(store, ledger, label="markup.csv")[0].status == "imported"
    finally:
        store.close()
    return path


@pytest.fixture(scope="module")
def server(db):
    with open_server(db) as url:
        yield url


def no_markup_rendered(page) -> None:
    assert page.locator('img[src*="example.invalid"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("strong", has_text=re.compile(r"^粗体$")).count() == 0     # **粗体** did not turn bold


# ---------------------------------------------------------------- item 3

def test_markup_from_ledger_cells_is_shown_as_text(server):
    query = f"as_of=2022-10-31&industries={quote(IMAGE)}&departments={quote(BOLD + ',' + JS_LINK)}"
    with browser_page() as (page, outside):
        page.goto(f"{server}/overview?{query}")
        wait_for_app(page)
        page.get_by_text("情况综述").wait_for(timeout=60_000)
        assert not has_exception(page)
        summary = page.locator('[data-testid="stMarkdownContainer"]', has_text="共排查生产经营单位").last.inner_text()
        assert IMAGE in summary and BOLD in summary and JS_LINK in summary     # the characters, as written
        no_markup_rendered(page)
    assert outside == [], outside                                              # example.invalid never asked


def test_an_uploaded_file_name_with_markup_is_shown_as_text(server):
    name = f"{BOLD}{JS_LINK}.csv"
    with browser_page() as (page, outside):
        page.goto(f"{server}/import_data")
        wait_for_app(page)
        page.locator('input[type="file"]').set_input_files(
            files=[{"name": name, "mimeType": "text/csv", "buffer": csv(["F1,马庄,企业,问题,一般,2022-06-01,未整改,工贸,应急管理局"])}])
        page.get_by_role("button", name="确认导入").wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.get_by_text(name, exact=True).count() >= 1
        no_markup_rendered(page)
        assert not has_exception(page)
    assert outside == [], outside


# ---------------------------------------------------------------- item 2

def upload_and_import(page, name: str, content: bytes) -> None:
    page.get_by_role("tab", name="上传台账").click()
    page.locator('input[type="file"]').set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": content}])
    page.get_by_text(f"导入后的前", exact=False).last.wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_role("button", name="确认导入").last.click()
    page.locator('[data-testid="stAlertContentSuccess"]', has_text=f"「{name}」导入完成").first.wait_for(timeout=60_000)
    wait_for_app(page)


def undo_box(page):
    # After an import or undo the box has a new key: wait until the old one has left the page.
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stSelectbox\"]')]"
                           ".filter(e => e.innerText.includes('选择导入批次')).length === 1", timeout=60_000)
    return page.locator('[data-testid="stSelectbox"]', has_text="选择导入批次")


def offered_batches(page) -> list[str]:
    undo_box(page).get_by_role("button", name="Open").click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    texts = options.all_inner_texts()
    page.keyboard.press("Escape")
    return texts


def undo_newest(page, name: str) -> int:
    """On 导入记录与撤销: nothing is preselected; choose the batch of `name`, confirm, undo; its number."""
    page.get_by_role("tab", name="导入记录与撤销").click()
    box = undo_box(page)
    box.wait_for(timeout=30_000)
    combo = box.get_by_role("combobox")
    assert combo.input_value() == "" and combo.get_attribute("placeholder") == "请选择要撤销的导入批次"   # nothing chosen
    assert page.get_by_role("button", name=re.compile(r"^撤销批次")).count() == 0
    batches = offered_batches(page)
    mine = [b for b in batches if f"：{name}（" in b]
    assert len(mine) == 1, batches
    number = int(re.match(r"批次(\d+)：", mine[0])[1])
    box.get_by_role("button", name="Open").click()
    page.get_by_role("option", name=mine[0]).click()
    wait_for_app(page)
    # The confirmation names the file, the rows and the 乡/街道.
    page.get_by_text(f"将撤销批次{number}：文件「{name}」", exact=False).wait_for(timeout=30_000)
    assert page.get_by_text("马庄街道）", exact=False).count() >= 1
    button = page.get_by_role("button", name=f"撤销批次{number}")
    assert button.is_disabled()
    page.get_by_text(f"我已确认要撤销批次{number}").click()
    wait_for_app(page)
    button.click()
    page.get_by_text(f"已撤销导入批次{number}（文件「{name}」）", exact=False).first.wait_for(timeout=60_000)
    wait_for_app(page)
    return number


def test_import_undo_import_undo_acts_on_the_batch_shown(server):
    first_rows = [f"U{i},马庄,企业{i},问题{i},一般,2022-06-0{i},未整改,工贸,应急管理局" for i in range(1, 4)]
    second_rows = [f"V{i},马庄,企业{i},问题{i},一般,2022-07-0{i},未整改,工贸,应急管理局" for i in range(1, 3)]
    with browser_page() as (page, outside):
        page.goto(f"{server}/import_data")
        wait_for_app(page)
        upload_and_import(page, "一号.csv", csv(first_rows))
        first = undo_newest(page, "一号.csv")
        upload_and_import(page, "二号.csv", csv(second_rows))
        page.get_by_role("tab", name="导入记录与撤销").click()
        undo_box(page).wait_for(timeout=30_000)
        assert not [b for b in offered_batches(page) if b.startswith(f"批次{first}：")]    # undone: not offered
        second = undo_newest(page, "二号.csv")
        assert not has_exception(page)
    assert outside == [], outside
    assert second > first


# ---------------------------------------------------------------- item 8

@pytest.mark.parametrize("path, query", [
    ("overview", "as_of=9999-12-31"),
    ("rectification", "since=1999-12-31&phase=%E8%87%AA%E5%AE%9A%E4%B9%89"),
    ("screen", "as_of=9999-12-31&since=1999-12-31&phase=%E8%87%AA%E5%AE%9A%E4%B9%89&interval=60"),
])
def test_out_of_range_dates_in_a_link_break_no_page(server, path, query):
    with browser_page(1920, 1080) as (page, outside):
        page.goto(f"{server}/{path}?{query}")
        wait_for_app(page)
        if path == "screen":
            page.wait_for_selector("#scr-view", timeout=60_000)
        else:
            page.get_by_text("数据截至", exact=False).first.wait_for(timeout=60_000)
            assert page.get_by_text("不是2000年1月1日至2100年12月31日之间的日期，已忽略", exact=False).count() >= 1
        assert not has_exception(page)
        assert page.get_by_text("StreamlitAPIException", exact=False).count() == 0
    assert outside == [], outside
