"""Every page in a city instance (平顶山市), for the whole city and for one county: the 区县 filter in the sidebar
and the URL, each county's 数据截至 and the stale-package warning, the 总览's 各区县情况 table, county accounts.

The city holds two packages: 新华区's (tests/fixture_counties.py, exported with 数据截至 10月20日) and 湛河区's
(the golden database plus the loop ledgers, 数据截至 10月31日). Hand-worked, with A = 2022-10-31: 新华区's ledger
has four rows, X4 names 湛河区's 马庄街道 and is refused, so 新华区 holds 3 hazards (X1-X3), 1 重大 (X3), 2 已整改
(X1, X3): 整改率 2/3 = 66.7%; X2 is open at A and past its 2022-07-01 deadline: 未整改 1, 逾期 1; no cases.
Its package is 11 days older than A (> 7): 滞后. The other eight counties sent no package."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import apptest_support as support
from fixture_counties import TOWNSHIPS, XINHUA_LEDGER

from safetyboard import auth, district
from safetyboard.config import REFERENCE_DIR
from safetyboard.ledgers.importer import import_file
from safetyboard.package import export_package, import_package
from safetyboard.store import Store, close_store
from ui.navigation import PAGES

A = dt.date(2022, 10, 31)
XINHUA_AS_OF = dt.date(2022, 10, 20)
XINHUA, ZHANHE = "410402", "410411"
JIAODIAN = "410402100000"      # 焦店镇, a 新华区 unit (data/pingdingshan/townships.csv)
# Pages another share makes city-ready (the map needs the county's outline, the 大屏 its city views).
@pytest.fixture(scope="module")
def city_db(tmp_path_factory, loop_db):
    """The city's configuration and database with the two packages (built once; each test gets a copy)."""
    d = tmp_path_factory.mktemp("city_pages")
    xinhua = district.write_config(d / "xinhua.toml", scope="district", code=XINHUA, name="新华区", units_file=TOWNSHIPS)
    (d / "xinhua.csv").write_text(XINHUA_LEDGER, encoding="utf-8")
    with district.configured(xinhua):
        own = Store(d / "xinhua.duckdb")
        import_file(own, d / "xinhua.csv", user="test")
        export_package(own, d / "xinhua.zip", as_of=XINHUA_AS_OF)
        own.close()
    with district.configured(REFERENCE_DIR / "district.toml"):
        own = Store(shutil.copy2(loop_db, d / "zhanhe.duckdb"))
        export_package(own, d / "zhanhe.zip", as_of=A)
        own.close()
    config = district.write_config(d / "city.toml", scope="city", code="410400", name="平顶山市")
    with district.configured(config):
        city = Store(d / "city.duckdb")
        for package in ("xinhua.zip", "zhanhe.zip"):
            import_package(city, d / package)
        city.close()
    return config, d / "city.duckdb"


@pytest.fixture()
def in_city(city_db, tmp_path, monkeypatch):
    """Pages run as the city instance on a copy of the city database, in demo mode until a test adds users."""
    config, source = city_db
    db = shutil.copy2(source, tmp_path / "city.duckdb")
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    auth.THROTTLE.reset()
    with district.configured(config):
        yield db
    close_store(db)


def _run(file: str, **query) -> AppTest:
    at = AppTest.from_file(str(support.REPO / file), default_timeout=120)
    for key, value in {"as_of": A.isoformat(), **query}.items():
        at.query_params[key] = value
    at.run()
    return at


def _shown_text(at: AppTest) -> str:
    """Everything a visitor reads: texts, the sidebar's choices and every table cell."""
    parts = [e.value for kind in ("title", "markdown", "caption", "warning", "info", "error", "subheader")
             for e in getattr(at, kind)]
    parts += [str(o) for w in (*at.selectbox, *at.multiselect) for o in w.options]
    parts += [df.value.to_string() for df in at.dataframe]
    parts += [m.label for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize("county", ["", XINHUA], ids=["全市", "新华区"])
@pytest.mark.parametrize("file", [p.file for p in PAGES])
def test_every_page_runs_in_a_city(in_city, file, county):
    at = _run(file, **({"county": county} if county else {}))
    assert not at.exception, [e.message for e in at.exception]
    name = "新华区" if county else "平顶山市"
    assert at.title[0].value.endswith(f"（{name}）")
    assert f"**{name}安全生产大检查数据看板**" in [m.value for m in at.sidebar.markdown]
    assert at.sidebar.selectbox(key="flt_county").value == county


def test_overview_shows_each_county_with_its_package_date(in_city):
    at = _run("pages/overview.py")
    table = support.frame_with(at, "区县", "数据截至").set_index("区县")
    assert len(table) == 10
    xinhua = table.loc["新华区"]
    assert [xinhua[c] for c in ("隐患数（本期）", "重大隐患（本期）", "整改率（%，本期）", "未整改（截至10月31日）",
                                "逾期未整改（截至10月31日）", "执法案件（本期）", "罚款（万元，本期）")] == [3, 1, 66.7, 1, 1, 0, 0.0]
    assert (xinhua["数据截至"], xinhua["滞后"]) == ("2022年10月20日", "滞后")
    assert (table.loc["湛河区", "数据截至"], table.loc["湛河区", "滞后"]) == ("2022年10月31日", "")
    assert table.loc["湛河区", "隐患数（本期）"] > 0
    # no package: no figures, not zeros
    assert table.loc["叶县", "数据截至"] == "未报送" and table.loc["叶县", "滞后"] == "滞后"
    assert table.loc["叶县"].iloc[:7].isna().all()
    captions = [c.value for c in at.caption]
    assert "各区县数据截至 2022年10月20日 至 2022年10月31日（2个区县已报送数据包，共10个区县）" in captions
    warning = next(w.value for w in at.warning if w.value.startswith("数据滞后"))
    assert warning.startswith("数据滞后：新华区（截至10月20日，落后11天）；未报送数据包：卫东区、石龙区、宝丰县、叶县")
    # the city's whole figures are the two counties' together
    total = table["隐患数（本期）"].sum()
    assert support.tiles(at)["隐患总数"][0] == str(total)
    assert any(m.value.startswith(f"截至10月31日，全市共排查") and f"排查隐患{total}处" in m.value for m in at.markdown)


def test_one_county_is_read_alone(in_city):
    at = _run("pages/overview.py", county=XINHUA)
    assert support.tiles(at)["隐患总数"][0] == "3" and support.tiles(at)["整改率"][0] == "66.7%"
    assert "各区县情况" not in [s.value for s in at.subheader]
    assert any(m.value.startswith("截至10月31日，新华区共排查生产经营单位3家，排查隐患3处，其中重大隐患1处")
               for m in at.markdown)
    assert "新华区数据包：数据截至 2022年10月20日" in [c.value for c in at.caption]
    assert any(w.value == "数据滞后：新华区（截至10月20日，落后11天）。" for w in at.warning)
    units = at.sidebar.multiselect(key="flt_units").options
    assert "焦店镇" in units and not any("·" in u or u == "马庄街道" for u in units)
    assert at.sidebar.selectbox(key="flt_county").options[:3] == ["全市", "新华区", "卫东区（无数据）"]
    assert at.query_params["county"] == XINHUA


def test_a_county_without_a_package_says_so(in_city):
    at = _run("pages/rectification.py", county="410422")
    assert not at.exception, [e.message for e in at.exception]
    assert "叶县尚未报送数据包，本页没有叶县的数据。" in [w.value for w in at.warning]


def test_changing_the_county_starts_the_unit_filter_again(in_city):
    at = _run("pages/overview.py", units=JIAODIAN)
    assert at.sidebar.multiselect(key="flt_units").value == ["新华区·焦店镇"]
    assert support.tiles(at)["隐患总数"][0] == "1"          # X3, found at 焦店镇
    at.sidebar.selectbox(key="flt_county").set_value(ZHANHE).run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.sidebar.multiselect(key="flt_units").value == []
    assert "马庄街道" in at.sidebar.multiselect(key="flt_units").options
    assert at.query_params["county"] == ZHANHE and "units" not in at.query_params
    assert at.title[0].value == "总览（湛河区）"


def test_an_unknown_county_in_the_url_shows_the_whole_city(in_city):
    at = _run("pages/overview.py", county="410499")
    assert not at.exception
    assert "网址中的区县代码「410499」不是平顶山市的区县，已忽略，改为显示全市。" in [w.value for w in at.warning]
    assert at.title[0].value == "总览（平顶山市）"


def test_a_county_account_sees_only_its_county(in_city, tmp_path, monkeypatch):
    support.use_user(monkeypatch, tmp_path, "xh", "county", county="新华区")
    at = support.open_signed_in("pages/overview.py", "xh", as_of=A.isoformat(), county=ZHANHE)
    assert not at.exception, [e.message for e in at.exception]
    assert not [s for s in at.sidebar.selectbox if s.key == "flt_county"]
    assert "区县：**新华区**（本区县）" in [m.value for m in at.sidebar.markdown]
    assert at.title[0].value == "总览（新华区）"
    assert support.tiles(at)["隐患总数"][0] == "3"
    assert "各区县情况" not in [s.value for s in at.subheader]
    shown = _shown_text(at)
    others = [c.name for c in district.counties() if c.code != XINHUA]
    assert [name for name in others if name in shown] == []
    assert "新华区" in shown


def test_a_district_instance_has_no_county_filter(app_db):
    at = _run("pages/overview.py")
    assert not at.exception
    assert not [s for s in at.sidebar.selectbox if s.key == "flt_county"]
    assert at.title[0].value == "总览"
    assert "各区县情况" not in [s.value for s in at.subheader]


def test_the_county_survives_a_page_switch(in_city):
    at = AppTest.from_file(str(support.REPO / "dashboard.py"), default_timeout=120)
    at.query_params["as_of"] = A.isoformat()
    at.run()
    at.sidebar.selectbox(key="flt_county").set_value(XINHUA).run()
    at.sidebar.multiselect(key="flt_units").set_value(["焦店镇"]).run()
    at.switch_page("pages/enforcement.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "执法检查（新华区）"
    assert at.sidebar.selectbox(key="flt_county").value == XINHUA
    assert at.sidebar.multiselect(key="flt_units").value == ["焦店镇"]
    at.switch_page("pages/overview.py").run()
    assert at.sidebar.selectbox(key="flt_county").value == XINHUA
    assert support.tiles(at)["隐患总数"][0] == "1"          # X3, found at 焦店镇


def test_a_county_keeps_only_the_filter_values_it_has(in_city):
    at = _run("pages/overview.py")
    departments = at.sidebar.multiselect(key="flt_departments")
    assert "新华区·应急管理局" in departments.options          # city-wide names carry their county
    departments.set_value(["新华区·应急管理局"]).run()
    at.sidebar.selectbox(key="flt_county").set_value(XINHUA).run()
    assert not at.exception, [e.message for e in at.exception]
    # 新华区's own view names its department 应急管理局: the city-wide value is not one of its choices
    assert at.sidebar.multiselect(key="flt_departments").value == []
    assert "应急管理局" in at.sidebar.multiselect(key="flt_departments").options
    assert support.tiles(at)["隐患总数"][0] == "3"
    # a value the next county also offers is kept
    at.sidebar.multiselect(key="flt_departments").set_value(["应急管理局"]).run()
    at.sidebar.selectbox(key="flt_county").set_value(ZHANHE).run()
    assert at.sidebar.multiselect(key="flt_departments").value == ["应急管理局"]
    assert at.query_params["departments"] == "应急管理局"

