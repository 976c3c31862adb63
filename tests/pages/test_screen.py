"""The meeting screen (pages/screen.py, ui/screen.py) under Streamlit's AppTest on the golden fixture:
its numbers, the rotation, the interval from the URL, new data picked up without a reload, roles.
Expected numbers as in tests/test_metrics.py (A = 2022-10-31: 隐患 10, 整改率 40.0%, 逾期 3, ...)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from apptest_support import run_page
from streamlit.testing.v1 import AppTest

from ui import screen


@pytest.fixture(scope="module")
def screen_db(fixture_db, tmp_path_factory) -> Path:
    """A copy of the fixture: AppTest opens the database in this process and keeps it open (the store is
    process-wide), which would lock the shared fixture file against the browser tests' servers."""
    db = tmp_path_factory.mktemp("screen") / "fixture.duckdb"
    shutil.copy(fixture_db, db)
    return db


@pytest.fixture()
def run_screen(screen_db, monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")    # the fixture is not the bundled demo data

    def run(db: Path | None = None, **query) -> AppTest:
        monkeypatch.setenv("SAFETYBOARD_DB", str(db or screen_db))
        return run_page("pages/screen.py", timeout=90, **query)
    return run


def html_of(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def view_of(at: AppTest) -> int:
    return int(re.search(r'data-view="(\d+)"', html_of(at))[1])


def kpis(at: AppTest) -> dict[str, str]:
    found = re.findall(r'<div class="lab">([^<]+)</div><div class="val">([^<]+)', html_of(at))
    return dict(found)


def test_screen_numbers_and_header(run_screen):
    at = run_screen(as_of="2022-10-31")
    text = html_of(at)
    assert "湛河区安全生产大检查" in text and "数据截至 2022年10月31日" in text
    # 回头看覆盖率, district: 2 of 5 assigned targets (第一组 马庄, 第二组 企业C) = 40.0%.
    assert kpis(at) == {"隐患总数": "10", "整改率": "40.0", "重大隐患": "2", "逾期未整改": "3", "未定整改时限": "0",
                        "挂牌督办": "2", "执法案件": "4", "罚款": "5.3", "回头看覆盖率": "40.0"}
    # each tile says whether it counts the period or what stands at A
    kinds = re.findall(r'<div class="lab">([^<]+)</div><div class="val">.*?</div><div class="kind">([^<]+)</div>', text)
    assert dict(kinds) == {"隐患总数": "本期", "整改率": "本期", "重大隐患": "本期", "逾期未整改": "截至10月31日",
                           "未定整改时限": "截至10月31日", "挂牌督办": "本期", "执法案件": "本期·案件台账",
                           "罚款": "本期·案件台账", "回头看覆盖率": "截至10月31日"}
    assert "每20秒切换" in text and view_of(at) == 0 and "隐患整改" in text
    # The frame's title is drawn (and hidden by the screen's CSS), the CSS hides the chrome.
    css = "\n".join(m.value for m in at.markdown)
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stToolbar"]', 'header[data-testid="stHeader"]', "footer"):
        assert hidden in css
    assert len(at.get("plotly_chart")) >= 2


def test_screen_rotates_through_every_view(run_screen):
    at = run_screen(as_of="2022-10-31", interval="3")
    assert "每3秒切换" in html_of(at)
    seen = [view_of(at)]
    titles = [re.search(r'data-view="\d+">([^<]+)<', html_of(at))[1]]
    for _ in range(len(screen.VIEWS)):
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        seen.append(view_of(at))
        titles.append(re.search(r'data-view="\d+">([^<]+)<', html_of(at))[1])
    assert seen == [0, 1, 2, 3, 0]
    assert titles[:4] == [v.title for v in screen.VIEWS]
    # The overdue view names the units and hazards behind (top_overdue_units, overdue_and_upcoming_hazards).
    at = run_screen(as_of="2022-10-31", view="2")
    text = html_of(at)
    assert view_of(at) == 1
    assert "九里山街道" in text and "2 处" in text and "最长逾期 30 天" in text and "122 天" in text


@pytest.mark.parametrize("given, expected", [("3", 3), ("abc", 20), ("1", 2), ("99999", 3600), ("7.5", 7)])
def test_interval_from_the_url(run_screen, given, expected):
    at = run_screen(as_of="2022-10-31", interval=given)
    assert f"每{expected}秒切换" in html_of(at)


def test_screen_picks_up_new_data_without_a_reload(run_screen, fixture_db, tmp_path):
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import get_store

    db = tmp_path / "screen.duckdb"
    shutil.copy(fixture_db, db)
    at = run_screen(db)              # no as_of in the URL: the screen follows the data
    # Latest date 2022-11-10 (H07 done): found in [S, A] are H01-H09, H11, H12 = 11.
    assert "数据截至 2022年11月10日" in html_of(at) and kpis(at)["隐患总数"] == "11"
    ledger = tmp_path / "新增隐患.csv"
    ledger.write_text("隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改时限,整改状态\n"
                      "H30,马庄,企业Z,消防通道被占用,一般,2022-11-12,2022-11-20,未整改\n", encoding="utf-8")
    results = import_file(get_store(db), ledger)
    assert [r.status for r in results] == ["imported"], [r.error for r in results]
    at.run()                          # the next rotation, same session
    assert not at.exception
    assert "数据截至 2022年11月12日" in html_of(at) and kpis(at)["隐患总数"] == "12"


def test_views_a_principal_may_not_run_are_left_out():
    from safetyboard.auth import Principal

    class FakePage:
        def __init__(self, principal):
            self.principal = principal

        def can(self, name):
            from safetyboard import access
            return access.may_run(self.principal, name)

    admin = FakePage(Principal("a", "admin"))
    unit = FakePage(Principal("u", "unit", unit_code="410411001000", unit="马庄街道"))
    assert [v.key for v in screen.views_for(admin)] == [v.key for v in screen.VIEWS]
    # The 督导 queries are unit-aware: a 乡/街道 account gets every view, narrowed to its own targets.
    assert [v.key for v in screen.views_for(unit)] == [v.key for v in screen.VIEWS]


def test_screen_with_a_unit_that_has_no_hazards(run_screen):
    # 姚孟街道 has no hazards in the fixture: the map scale is empty, the screen still draws (was a ValueError).
    at = run_screen(as_of="2022-10-31", units="410411003000")
    assert kpis(at)["隐患总数"] == "0"
