"""The 简报 page (pages/briefing.py) on a copy of the golden fixture (tests/fixture_ledgers.py), and in a city
instance (tests/city_store_support.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from apptest_support import open_signed_in, use_user
from city_store_support import build_city

from safetyboard import district

REPO = Path(__file__).resolve().parents[2]


def test_briefing_page_generates_a_download(fixture_db, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    # A copy: AppTest keeps the database open in this process (the store is process-wide), which would lock
    # the shared fixture file against the browser tests' servers.
    db = tmp_path / "fixture.duckdb"
    shutil.copy(fixture_db, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")    # the fixture is not the bundled demo data
    at = AppTest.from_file(str(REPO / "pages" / "briefing.py"), default_timeout=120)
    at.query_params["as_of"] = "2022-10-31"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "简报"
    at.radio(key="brief_kind").set_value("督导组").run()
    assert at.selectbox(key="brief_group").options == ["第一督导组", "第二督导组", "第三督导组"]
    at.selectbox(key="brief_group").set_value("第三督导组")
    at.button(key="brief_make").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("湛河区安全生产大检查工作简报_第31期_第三督导组_20221031.docx" in s.value for s in at.success)
    # The Excel 附表 is the second download, next to the Word document.
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载简报（Word）", "下载附表（Excel）"]


@pytest.fixture()
def city_page(fixture_db, tmp_path, monkeypatch):
    """The small city of tests/city_store_support.py as the app's instance (SAFETYBOARD_DISTRICT and _DB)."""
    config, db = build_city(tmp_path, fixture_db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    with district.configured(config):
        yield tmp_path


def _made(at) -> list[str]:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return [s.value for s in at.success]


def test_city_briefing_page_makes_the_city_and_a_county_briefing(city_page):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "pages" / "briefing.py"), default_timeout=120)
    at.query_params["as_of"] = "2022-10-31"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.radio(key="brief_kind").options == ["全市", "区县"]
    at.button(key="brief_make").click().run()
    assert any("平顶山市安全生产大检查工作简报_第31期_全市_20221031.docx" in s for s in _made(at))
    at.radio(key="brief_kind").set_value("区县").run()
    assert at.selectbox(key="brief_county").options[:3] == ["新华区", "卫东区", "石龙区"]
    at.selectbox(key="brief_county").set_value("新华区")
    at.button(key="brief_make").click().run()
    assert any("新华区安全生产大检查工作简报_第31期_全区_20221031.docx" in s for s in _made(at))


def test_a_county_account_may_brief_only_its_county(city_page, monkeypatch):
    use_user(monkeypatch, city_page, "xh", "county", county="新华区")
    at = open_signed_in("pages/briefing.py", "xh", timeout=120, as_of="2022-10-31")
    assert not at.exception, [e.message for e in at.exception]
    assert at.radio(key="brief_kind").options == ["区县"]
    assert at.selectbox(key="brief_county").options == ["新华区"]
    at.button(key="brief_make").click().run()
    assert any("新华区安全生产大检查工作简报_第31期_全区_20221031.docx" in s for s in _made(at))
