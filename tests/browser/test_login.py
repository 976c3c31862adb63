"""A freshly started server with users configured, in a real headless Chromium: every page URL opened
directly shows the login form and no data; signing in shows the data; a ledger uploads through the
browser into the import page."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser_support import browser_page, has_exception, require_chromium, streamlit_server, wait_for_app
from safetyboard import auth
from ui.navigation import PAGES

PASSWORD = "browser password 1"
LEDGER = ("隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态\n"
          "B1,马庄,浏览器企业,上传测试一,一般,2022-06-01,未整改\n"
          "B2,湛南街道,浏览器企业,上传测试二,一般,2022-06-02,未整改\n")


@pytest.fixture(scope="module")
def server(fixture_db, tmp_path_factory):
    require_chromium()
    tmp = tmp_path_factory.mktemp("browser_login")
    db = tmp / "app.duckdb"
    shutil.copy2(fixture_db, db)
    users = {"office": auth.User("office", "admin", auth.hash_password(PASSWORD, rounds=4), "安委办"),
             "leader": auth.User("leader", "leader", auth.hash_password(PASSWORD, rounds=4), "区领导")}
    users_file = auth.save_users(users, tmp / "users.toml")
    with streamlit_server(db, env={"SAFETYBOARD_USERS": str(users_file)}) as url:
        yield url, tmp


def sign_in(page, name: str, password: str = PASSWORD) -> None:
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    wait_for_app(page)


def upload_as_office(page, url: str, path: Path) -> None:
    """Sign in as the office, open 数据导入 and choose a file in the uploader."""
    page.goto(f"{url}/overview")
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    sign_in(page, "office")
    page.locator('[data-testid="stPageLink"]').get_by_text("数据导入").click()
    wait_for_app(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_any_page_opened_directly_shows_only_the_login(server, entry):
    url, _ = server
    with browser_page() as (page, outside):
        page.goto(f"{url}/{entry.url_path}?as_of=2022-10-31")
        page.get_by_role("button", name="登录").wait_for(timeout=60_000)
        wait_for_app(page)
        assert not has_exception(page)
        assert page.get_by_role("button", name="登录").count() == 1
        assert page.get_by_label("用户名").count() == 1 and page.get_by_label("密码").count() == 1
        for data in ('[data-testid="stDataFrame"]', '[data-testid="stMetric"]', ".js-plotly-plot",
                     '[data-testid="stFileUploader"]', '[data-testid="stSidebarNav"]',
                     '[data-testid="stPageLink"]'):
            assert page.locator(data).count() == 0, (entry.url_path, data)
        assert page.get_by_text("数据截至", exact=False).count() == 0
        sidebar = page.locator('[data-testid="stSidebar"]')
        text = sidebar.inner_text() if sidebar.count() else ""
        assert not any(p.title in text for p in PAGES), text     # no page is listed before sign-in
    assert outside == []


def test_wrong_password_then_sign_in_shows_the_data(server):
    url, _ = server
    with browser_page() as (page, outside):
        page.goto(f"{url}/overview?as_of=2022-10-31")
        page.get_by_role("button", name="登录").wait_for(timeout=60_000)
        sign_in(page, "leader", "not the password")
        assert page.get_by_text("用户名或密码错误。").count() == 1
        assert page.locator('[data-testid="stMetric"]').count() == 0
        sign_in(page, "leader")
        page.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)
        assert page.get_by_text("数据截至", exact=False).count() >= 1
        nav = " ".join(page.locator('[data-testid="stPageLink"]').all_inner_texts())
        assert "总览" in nav and "数据导入" not in nav and "审计日志" not in nav
        assert not has_exception(page)
    assert outside == []


def test_upload_and_import_in_the_browser(server):
    url, tmp = server
    ledger = Path(tmp) / "浏览器上传.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    with browser_page() as (page, outside):
        upload_as_office(page, url, ledger)
        page.get_by_role("button", name="确认导入").wait_for(timeout=60_000)
        assert page.get_by_text("自动识别为「隐患排查整治台账」", exact=False).count() == 1
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("导入完成：共2行，接收1，拒收1", exact=False).wait_for(timeout=60_000)
        assert page.get_by_role("button", name="下载错误报告（.xlsx，可退回填报单位）").count() == 1
        assert not has_exception(page)
    assert outside == []


def test_a_300_mb_upload_gets_the_chinese_refusal_in_the_browser(server):
    url, tmp = server
    big = Path(tmp) / "全年隐患.xlsx"
    with open(big, "wb") as f:          # sparse: 300 MB of zeros without writing them
        f.truncate(300 * 2**20)
    with browser_page() as (page, outside):
        upload_as_office(page, url, big)
        message = "文件「全年隐患.xlsx」大小为300.0MB，超过100MB的上限，未导入。请删除多余的工作表或拆分成几个文件后再上传。"
        page.get_by_text(message).wait_for(timeout=120_000)
        assert page.get_by_text("must be", exact=False).count() == 0      # no English refusal from Streamlit
        assert page.get_by_role("button", name="确认导入").count() == 0
        assert not has_exception(page)
    assert outside == []
