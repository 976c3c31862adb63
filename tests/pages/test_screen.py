"""The meeting screen (pages/screen.py, ui/screen.py) under Streamlit's AppTest on the golden fixture:
its numbers, the rotation, the interval from the URL, new data picked up without a reload, roles.
Expected numbers as in tests/test_metrics.py (A = 2022-10-31: 隐患 10, 整改率 40.0%, 逾期 3, ...)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from apptest_support import run_page
from city_store_support import build_city
from streamlit.testing.v1 import AppTest

from safetyboard import district
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
    found = re.findall(r'<div class="lab">([^<]+)</div><div class="val"[^>]*>([^<]+)', html_of(at))
    return dict(found)


def kinds(at: AppTest) -> dict[str, tuple[str, str]]:
    """label -> (what the tile counts, its change against 7 days before or "")."""
    found = re.findall(r'<div class="lab">([^<]+)</div><div class="val".*?</div><div class="kind"[^>]*>([^<]*)(?: <b[^>]*>([^<]+)</b>)?</div>',
                       html_of(at))
    return {label: (kind, delta) for label, kind, delta in found}


def rows_of(at: AppTest) -> list[tuple[str, str]]:
    """(who, number) of every list row on the screen, in order."""
    return re.findall(r'<div class="scr-row"><div class="who">([^<]+)(?:<span class="sub">[^<]*</span>)?</div>'
                      r'<div class="num[^"]*">([^<]+)', html_of(at))


def test_screen_numbers_and_header(run_screen):
    at = run_screen(as_of="2022-10-31")
    text = html_of(at)
    assert "湛河区安全生产大检查" in text and "数据截至 2022年10月31日" in text
    # 回头看覆盖率, district: 2 of 5 assigned targets (第一组 马庄, 第二组 企业C) = 40.0%. The fixture has no accident
    # ledger: 0 accidents, 0 deaths.
    assert kpis(at) == {"隐患总数": "10", "整改率": "40.0", "重大隐患": "2", "逾期未整改": "3", "未定整改时限": "0",
                        "挂牌督办": "2", "执法案件": "4", "罚款": "5.3", "回头看覆盖率": "40.0", "生产安全事故": "0"}
    # Each tile says whether it counts the period or what stands at A, and its change against 7 days before
    # (A − 7 = 10月24日, S unchanged): the ten hazards were all found by 10-20 and none changed state between
    # 10-24 and 10-31, so every hazard tile is 0; C5 (消防, 立案 10-31, 罚款 0 元) is the one case after 10-24: 执法案件
    # +1, 罚款 0; 回头看 (第二组 企业C 10-20, 第一组 九里山 10-05) unchanged.
    assert kinds(at) == {"隐患总数": ("本期", "0"), "整改率": ("本期", "0"), "重大隐患": ("本期", "0"),
                         "逾期未整改": ("截至10月31日", "0"), "未定整改时限": ("截至10月31日", "0"),
                         "挂牌督办": ("本期", "0"), "执法案件": ("本期·案件台账", "+1"), "罚款": ("本期·案件台账", "0"),
                         "回头看覆盖率": ("截至10月31日", "0"), "生产安全事故": ("本期·死亡0人", "0")}
    assert "较7天前（2022年10月24日）的变化" in text
    assert "每20秒切换" in text and view_of(at) == 0 and "隐患整改" in text
    # 整改率 bars in HTML, with what the brackets and the colours mean: 九里山 0.0% (3 hazards) below the district's
    # 40.0%, 曹镇 50.0% (2), 马庄 60.0% (5).
    assert "0.0%（3）" in text and "50.0%（2）" in text and "60.0%（5）" in text
    assert "括号内为本期隐患数（处）" in text and "低于全区 40.0%" in text and "不低于全区" in text
    # The frame's title is drawn (and hidden by the screen's CSS), the CSS hides the chrome.
    css = "\n".join(m.value for m in at.markdown)
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stToolbar"]', 'header[data-testid="stHeader"]', "footer"):
        assert hidden in css
    assert len(at.get("plotly_chart")) == 1        # the map; the bars and weekly columns are HTML


def test_no_change_when_seven_days_before_is_before_the_period(run_screen):
    # S = 10-28, A = 10-31: A − 7 lies before S, so the tiles show no change (as on 总览).
    at = run_screen(phase="自定义", since="2022-10-28", as_of="2022-10-31")
    tiles = kinds(at)
    assert len(tiles) == 10 and all(delta == "" for _, delta in tiles.values())
    assert "较7天前" not in html_of(at)


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
    assert seen == [0, 1, 2, 3, 4, 5, 6, 0]
    assert titles[:7] == [v.title for v in screen.VIEWS]
    assert titles[:7] == ["隐患整改", "逾期未整改", "重大隐患与挂牌督办", "红黑榜", "未报送", "执法检查", "督导“回头看”"]
    # The overdue view names the units and hazards behind (top_overdue_units, overdue_and_upcoming_hazards).
    at = run_screen(as_of="2022-10-31", view="2")
    text = html_of(at)
    assert view_of(at) == 1
    assert "九里山街道" in text and "2 处" in text and "最长逾期 30 天" in text and "122 天" in text


def test_major_and_listed_view(run_screen):
    # 重大 in [S, A]: H02 (马庄, 销号 7-20) and H05 (九里山 企业C有限公司, 储罐区无泄漏报警, 时限 10-01, 未整改, 责任人
    # 李四, 市级 in the ledger's 挂牌督办 column). Open at A: H05 only, 30 days past 10-01. The fixture has no
    # 挂牌督办 register: nothing listed and not delisted.
    at = run_screen(as_of="2022-10-31", view="3")
    text = html_of(at)
    assert view_of(at) == 2
    assert "未整改重大隐患 1 处（逾期 1 处）" in text
    assert rows_of(at) == [("九里山街道 企业C有限公司", "逾期 30 天")]
    assert "储罐区无泄漏报警（责任人 李四·市级挂牌）" in text
    assert "挂牌督办未摘牌 0 项（逾期 0 项）" in text and "挂牌督办登记中没有未摘牌的隐患" in text


def test_ranking_view(run_screen):
    at = run_screen(as_of="2022-10-31", view="4")
    text = html_of(at)
    assert view_of(at) == 3
    cards = re.findall(r'<div class="scr-card"><div class="kind">([^<]+)</div>(.*?)</div></div></div>(?=<div class="scr-card">|</div>$)',
                       text.split('class="scr scr-board">', 1)[1], flags=re.S)
    board = {}
    for kind, body in cards:
        red, black = body.split('<div class="tag black">黑榜</div>')
        row = re.compile(r'<div class="who">([^<]+)</div><div class="num[^"]*">([^<]+)<span class="delta">([^<]*)</span>')
        board[kind] = (row.findall(red), row.findall(black))
    # 乡/街道 整改率 over the 10 hazards found in [S, A] (units with none are not ranked): 马庄 3 of 5 (H01, H02,
    # H12) = 60.0%, 曹镇 1 of 2 (H11) = 50.0%, 九里山 0 of 3; unchanged since 10-24 (nothing found or rectified in
    # between). Three ranked: two on the 红榜, one on the 黑榜.
    assert board["乡/街道·整改率（本期）"] == ([("马庄街道", "60.0%", "（0）"), ("曹镇乡", "50.0%", "（0）")],
                                          [("九里山街道", "0.0%", "（0）")])
    # 逾期 at A: 九里山 2 (H05 时限 10-01, H07 rectified only on 11-10), 马庄 1 (H03 时限 7-01; H04 extended to 11-30),
    # the other eight 0 (曹镇's H08 is due on A itself). Ties keep the unit order.
    assert board["乡/街道·逾期未整改（截至10月31日）"] == (
        [("南环路街道", "0 处", "（0）"), ("姚孟街道", "0 处", "（0）"), ("轻工路街道", "0 处", "（0）")],
        [("九里山街道", "2 处", "（0）"), ("马庄街道", "1 处", "（0）"), ("曹镇乡", "0 处", "（0）")])
    # 自查报告 nodes due by A: 04-25, 05-25, 10-25. 马庄 on time at 04-25 and 10-25, late at 05-25: 2/3 = 66.7%,
    # at 10-24 1/2 = 50.0% (+16.7); 九里山 on time at 04-25 only: 1/3 = 33.3%, at 10-24 1/2 (-16.7).
    red, black = board["乡/街道·自查报告及时率（截至10月31日）"]
    assert red[:2] == [("马庄街道", "66.7%", "（+16.7个百分点）"), ("九里山街道", "33.3%", "（-16.7个百分点）")]
    # 部门 整改率: 应急管理局 H01 H02 H05 H06 H11 H12, rectified H01 H02 H11 H12: 4/6 = 66.7%; 住建 H03 H04, 市场监管 H07,
    # 城管 H08: 0. Four ranked: two and two, ties in the reference order.
    assert board["部门·整改率（本期）"] == ([("应急管理局", "66.7%", "（0）"), ("住房和城乡建设局", "0.0%", "（0）")],
                                      [("城市管理局", "0.0%", "（0）"), ("市场监督管理局", "0.0%", "（0）")])
    assert board["部门·逾期未整改（截至10月31日）"] == (
        [("城市管理局", "0 处", "（0）"), ("应急管理局", "1 处", "（0）")],
        [("市场监督管理局", "1 处", "（0）"), ("住房和城乡建设局", "1 处", "（0）")])


def test_missing_reports_view(run_screen):
    # The latest 自查报告 node due by A is 10-25 (6 days before A). Sent by A: 马庄 only (应急管理局 sent on 11-01).
    # So 9 乡/街道 and all 19 departments are missing; 九里山 sent 04-25 and misses 05-25 too (1 earlier), the
    # others miss 04-25 and 05-25 (2 earlier), 应急管理局 sent 04-25 (1 earlier). The latest 月报 due by A is
    # September's (due 10-03, 28 days): sent by 应急管理局 (10-02) and 住建局 (10-03); 17 departments missing, each
    # also missing June-August (3 earlier).
    at = run_screen(as_of="2022-10-31", view="5")
    text = html_of(at)
    assert view_of(at) == 4
    assert "未报送的乡/街道（9 个，截至10月31日）" in text and "未报送的部门（19 个）" in text
    rows = rows_of(at)
    units = rows[:8]                 # 8 shown and "另有 1 项"
    assert units[0] == ("南环路街道", "6 天") and ("九里山街道", "6 天") in units
    assert "自查报告（10-25）；此前另有 1 期未报" in text and "自查报告（10-25）；此前另有 2 期未报" in text
    assert text.count("另有 1 项") == 1
    assert ("应急管理局", "6 天") in rows and "另有 28 项" in text       # 19 + 17 department rows, 8 shown


@pytest.mark.parametrize("codes_values, expected", [
    ({"410411004000": 100.0}, "#222222"),      # the brightest red: dark text
    ({"410411004000": 0.0}, "#FFFFFF"),        # the darkest fill: white text
])
def test_every_unit_gets_a_label_with_contrast(codes_values, expected):
    import pandas as pd

    from safetyboard import config, maps, rules
    boundaries, _, _ = maps.active_boundaries(config.DATA_DIR, resolve_unit=rules.resolve_unit)
    values = pd.DataFrame({"code": list(codes_values) + ["410411001000"],
                           "value": list(codes_values.values()) + [100.0 - next(iter(codes_values.values()))]})
    labels = screen.label_features(boundaries, values, screen.DARK_REDS, reverse=False, z_range=None)
    names = [f["properties"]["name"] for f in labels["features"]]
    assert sorted(names) == sorted(n.removesuffix("街道").removesuffix("乡") for n in boundaries["name"])
    assert "九里山" in names and len(names) == 10
    colour = {f["properties"]["code"]: f["properties"]["colour"] for f in labels["features"]}
    assert colour["410411004000"] == expected
    style = screen.dark_map_style(labels)
    layer = next(x for x in style["layers"] if x["id"] == screen.LABEL_LAYER)
    assert layer["layout"]["text-allow-overlap"] is True          # MapLibre hides no name
    assert style["sources"], "MapLibre refuses a style without sources (Map error.)"


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


# ---------------------------------------------------------------- a city instance (tests/city_store_support.py)
# At A = 2022-10-31: 新华区 3 hazards, 1 重大, 2 已整改 = 66.7%, 1 逾期; 湛河区 (the golden fixture, package labelled
# 数据截至 10-20: 11 days behind, stale) 10, 2, 4 = 40.0%, 3 逾期, 4 cases, 53,000 元; the other eight counties sent
# nothing. City-wide: 13 hazards, 3 重大, 6/13 = 46.2%, 4 逾期, 4 cases, 5.3 万元.


@pytest.fixture(scope="module")
def city_files(fixture_db, tmp_path_factory):
    return build_city(tmp_path_factory.mktemp("city_screen"), fixture_db)


@pytest.fixture()
def run_city(city_files, monkeypatch, tmp_path):
    config, db = city_files
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    with district.configured(config):
        yield lambda **query: run_page("pages/screen.py", timeout=90, **query)


def _cards(text: str) -> dict:
    """The 红黑榜 cards: kind -> (红榜 rows, 黑榜 rows), each row (who, number, change)."""
    board = text.split('class="scr scr-board scr-board-2">', 1)[1]
    row = re.compile(r'<div class="who">([^<]+)</div><div class="num[^"]*">([^<]+)<span class="delta">([^<]*)</span>')
    out = {}
    for kind, body in re.findall(r'<div class="scr-card"><div class="kind">([^<]+)</div>(.*?)(?=<div class="scr-card">|$)',
                                 board, flags=re.S):
        red, black = body.split('<div class="tag black">黑榜</div>')
        out[kind] = (row.findall(red), row.findall(black))
    return out


def test_city_screen_rotates_through_the_city_views(run_city):
    at = run_city(as_of="2022-10-31", interval="3")
    titles = [re.search(r'data-view="\d+">([^<]+)<', html_of(at))[1]]
    for _ in range(len(screen.city_views())):
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        titles.append(re.search(r'data-view="\d+">([^<]+)<', html_of(at))[1])
    assert titles == ["区县红黑榜", "各区县整改情况", "数据截至", "重大隐患与挂牌督办", "未报送", "区县红黑榜"]
    assert "平顶山市安全生产大检查" in html_of(at)


def test_city_tiles_are_city_wide_and_the_ranking_names_the_counties(run_city):
    at = run_city(as_of="2022-10-31", view="1")
    text = html_of(at)
    assert view_of(at) == 0
    tiles = kpis(at)
    assert {k: tiles[k] for k in ("隐患总数", "整改率", "重大隐患", "逾期未整改", "执法案件", "罚款")} == \
        {"隐患总数": "13", "整改率": "46.2", "重大隐患": "3", "逾期未整改": "4", "执法案件": "4", "罚款": "5.3"}
    # Two counties ranked (the eight without a package are not): one on each list. Nothing changed between 10-24
    # and 10-31 in either county's hazards.
    assert _cards(text) == {
        "整改率（本期）": ([("新华区", "66.7%", "（0）")], [("湛河区", "40.0%", "（0）")]),
        "逾期未整改（截至10月31日）": ([("新华区", "1 处", "（0）")], [("湛河区", "3 处", "（0）")])}
    assert "2 个区县已报送数据包" in text and "未报送数据包的区县不参加排名" in text
    assert len(at.get("plotly_chart")) == 0        # no 乡/街道 map in a city


def test_city_data_dates_view(run_city):
    at = run_city(as_of="2022-10-31", view="3")
    text = html_of(at)
    assert view_of(at) == 2
    rows = rows_of(at)
    assert ("新华区", "10月31日") in rows and ("湛河区", "10月20日") in rows and ("叶县", "未报送") in rows
    assert "已报送数据包的区县（2 个，其中数据滞后 1 个）" in text and "未报送数据包的区县（8 个）" in text
    assert "数据滞后，早于统计截止日 11 天" in text and "与统计截止日同日" in text
    assert '<div class="num ok">10月31日' in text and '<div class="num">10月20日' in text    # stale in red


def test_city_major_and_missing_views_read_the_whole_city(run_city):
    # 重大 open at A: 湛河区's H05 (see test_major_and_listed_view); 新华区's X3 is rectified.
    at = run_city(as_of="2022-10-31", view="4")
    assert view_of(at) == 3
    assert "未整改重大隐患 1 处（逾期 1 处）" in html_of(at)
    assert rows_of(at)[0] == ("湛河区·九里山街道 企业C有限公司", "逾期 30 天")
    # 自查报告 due by A (10-25): 新华区's 11 乡/街道 (townships.csv) sent none, 湛河区's 9 of 10 (all but 马庄): 20,
    # named with their county, 新华区's first (the city's order).
    at = run_city(as_of="2022-10-31", view="5")
    text = html_of(at)
    assert view_of(at) == 4 and "未报送的乡/街道（20 个，截至10月31日）" in text
    assert rows_of(at)[0] == ("新华区·西高皇街道", "6 天")
    assert len(at.get("plotly_chart")) == 0


def test_city_county_map_view(run_city):
    # 整改率 本期: 新华区 2/3 = 66.7% of 3, 湛河区 4/10 = 40.0% of 10, below the city's 6/13 = 46.2% (red);
    # 逾期 at A: 湛河区 3 (of 6 open), 新华区 1 (of 1 open); the eight counties without a package are not listed.
    at = run_city(as_of="2022-10-31", view="2")
    text = html_of(at)
    assert view_of(at) == 1
    assert len(at.get("plotly_chart")) == 1
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    located = [loc for trace in figure["data"] for loc in trace.get("locations", [])]
    assert sorted(located) == sorted(c.code for c in district.counties())
    assert "66.7%（3）" in text and "40.0%（10）" in text and "低于全市 46.2%" in text
    assert ("湛河区", "3 处") in rows_of(at) and ("新华区", "1 处") in rows_of(at)
    assert "区县边界：高德行政区划" in text


def test_a_county_account_gets_no_county_comparison(run_city):
    from safetyboard.auth import Principal

    class FakePage:
        principal = Principal("xh", "county", county_code="410402", county="新华区")

        def can(self, name):
            from safetyboard import access
            return access.may_run(self.principal, name)

    assert [v.key for v in screen.views_for(FakePage())] == ["county_packages", "major", "missing"]


def test_the_county_map_hook_joins_the_city_rotation(monkeypatch):
    hook = screen.View("county_map", "区县地图", lambda page, p, ctx: None, ("county_summary",))
    monkeypatch.setattr(screen, "COUNTY_MAP_VIEW", hook)
    assert [v.key for v in screen.city_views()] == ["county_ranking", "county_map", "county_packages", "major", "missing"]
