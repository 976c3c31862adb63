"""The city's read model (safetyboard/city.py): counties and the whole city read through views over the active
packages, with the district's own query files; county accounts; cache invalidation by package imports.

Hand-worked figures: 新华区's ledger (XINHUA_LEDGER) has four rows, X4 names 湛河区's 马庄街道 and is refused,
so 新华区 holds 3 hazards of 3 enterprises (演示企业甲/乙/丙), 1 重大 (X3), 2 已整改 (X1, X3)."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from safetyboard import access, auth, city, district
from safetyboard.auth import AuthError, Principal, User, load_users, save_users, validate_user
from safetyboard.config import REFERENCE_DIR
from safetyboard.metrics import Filters, stats
from safetyboard.queries import run_rows
from safetyboard.package import export_package, import_package, undo_package
from safetyboard.store import Store

from fixture_counties import export_xinhua

SINCE, AS_OF = dt.date(2022, 4, 1), dt.date(2022, 10, 31)
XINHUA, ZHANHE = "410402", "410411"


@pytest.fixture(scope="module")
def packages(tmp_path_factory, loop_db):
    """One package of 新华区 (configured from the townships file) and one of the golden 湛河区 database."""
    d = tmp_path_factory.mktemp("city_packages")
    export_xinhua(d, AS_OF)
    shutil.copy2(loop_db, d / "zhanhe.duckdb")
    with district.configured(REFERENCE_DIR / "district.toml"):
        store = Store(d / "zhanhe.duckdb")
        zhanhe_stats = stats(store, Filters(since=SINCE, as_of=AS_OF))
        export_package(store, d / "zhanhe.zip", as_of=AS_OF)
        store.close()
    return {"dir": d, "zhanhe_stats": zhanhe_stats}


@pytest.fixture()
def city_store(tmp_path, packages):
    config = district.write_config(tmp_path / "city.toml", scope="city", code="410400", name="平顶山市")
    with district.configured(config):
        store = Store(tmp_path / "city.duckdb")
        import_package(store, packages["dir"] / "xinhua.zip")
        import_package(store, packages["dir"] / "zhanhe.zip")
        yield store
        store.close()


def _figures(store: Store, county: str | None) -> dict:
    return stats(store, Filters(since=SINCE, as_of=AS_OF, county=county))


def _summary(store: Store, county: str | None) -> dict:
    return run_rows(store, "hazard_summary", Filters(since=SINCE, as_of=AS_OF, county=county).params())[0]


def _flat(doc: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in doc.items():
        if isinstance(value, dict):
            out.update(_flat(value, prefix + key + "."))
        else:
            out[prefix + key] = value
    return out


def test_county_views_read_each_countys_package(city_store, packages):
    xinhua = _figures(city_store, XINHUA)["hazards"]
    assert (xinhua["total"], xinhua["major"], xinhua["rectified"]) == (3, 1, 2)
    assert _summary(city_store, XINHUA)["enterprises"] == 3
    assert _figures(city_store, ZHANHE) == packages["zhanhe_stats"]


def test_city_wide_counts_are_the_sum_of_the_counties(city_store, packages):
    whole = _flat(_figures(city_store, None))
    zhanhe = _flat(packages["zhanhe_stats"])
    assert whole["hazards.total"] == zhanhe["hazards.total"] + 3
    # enterprise ids are made distinct city-wide: 新华区's 1..3 would otherwise fall on 湛河区's
    assert _summary(city_store, None)["enterprises"] == _summary(city_store, ZHANHE)["enterprises"] + 3
    xinhua = _flat(_figures(city_store, XINHUA))
    counts = [k for k, v in whole.items() if isinstance(v, int) and not isinstance(v, bool)]
    assert len(counts) > 40
    for key in counts:
        assert whole[key] == (zhanhe.get(key) or 0) + (xinhua.get(key) or 0), key


def test_city_wide_names_carry_their_county(city_store):
    names = city_store.query("SELECT name FROM units ORDER BY sort_order", view=city.CITY_VIEW).column("name").to_pylist()
    assert names[0].startswith("新华区·") and "湛河区·马庄街道" in names
    own = city_store.query("SELECT name FROM units ORDER BY sort_order", view=city.county_view(ZHANHE)).column("name")
    assert own.to_pylist()[0] == "马庄街道"
    # the views keep the district table's columns, in order
    district_columns = city_store.query("SELECT * FROM main.hazards LIMIT 0").column_names
    assert city_store.query("SELECT * FROM hazards LIMIT 0", view=city.CITY_VIEW).column_names == district_columns


def test_unknown_county_is_refused_in_chinese(city_store):
    with pytest.raises(city.CityScopeError, match="区县代码「410499」不是平顶山市的区县"):
        _figures(city_store, "410499")


def test_undo_shows_the_county_without_its_package(city_store):
    before = city_store.data_version()
    undo_package(city_store, XINHUA)
    assert city_store.data_version() != before
    assert _figures(city_store, XINHUA)["hazards"]["total"] == 0
    zhanhe_total = _figures(city_store, ZHANHE)["hazards"]["total"]
    assert _figures(city_store, None)["hazards"]["total"] == zhanhe_total


def test_county_account_reads_only_its_county(city_store):
    xinhua = Principal("xh", "county", county_code=XINHUA, county="新华区")
    rows = access.run_scoped(city_store, xinhua, "hazard_summary", Filters(since=SINCE, as_of=AS_OF).params())
    assert rows[0]["total"] == 3          # the city-wide request is narrowed to 新华区
    with pytest.raises(access.AccessDenied, match="区县账号只能查看本区县（新华区）的数据"):
        access.run_scoped(city_store, xinhua, "hazard_summary",
                          Filters(since=SINCE, as_of=AS_OF, county=ZHANHE).params())
    with pytest.raises(access.AccessDenied):
        access.run_scoped(city_store, xinhua, "tips_list", Filters(since=SINCE, as_of=AS_OF).params())
    leader = Principal("sz", "leader")
    assert access.run_scoped(city_store, leader, "hazard_summary",
                             Filters(since=SINCE, as_of=AS_OF, county=XINHUA).params())[0]["total"] == 3


def test_city_roles_and_county_accounts(tmp_path):
    config = district.write_config(tmp_path / "city.toml", scope="city", code="410400", name="平顶山市")
    with district.configured(config):
        assert auth.role_label("admin") == "市安委办管理员" and auth.role_label("leader") == "市领导"
        user = validate_user(User("xh", "county", county="410402"))
        assert user.county == "新华区" and user.county_code == XINHUA
        path = save_users({"xh": user}, tmp_path / "users.toml")
        assert load_users(path)["xh"].county == "新华区"
        with pytest.raises(AuthError, match="区县账号必须用 --county 指定平顶山市的区县"):
            validate_user(User("x", "county", county="开封市"))
    assert auth.role_label("leader") == "区领导"
    with pytest.raises(AuthError, match="区县账号（--role county）只用于市级实例；本实例是湛河区"):
        validate_user(User("xh", "county", county="新华区"))


def test_county_summary_has_every_county_and_their_own_figures(city_store):
    params = Filters(since=SINCE, as_of=AS_OF).params()
    rows = {r["code"]: r for r in run_rows(city_store, "county_summary", params)}
    assert len(rows) == len(district.counties()) == 10
    xinhua = rows[XINHUA]     # hand-worked above: 3 hazards, 1 重大, 2 已整改; X2 open at A, past its 2022-07-01 deadline
    assert (xinhua["total"], xinhua["major"], xinhua["rectified"], xinhua["open"], xinhua["overdue"], xinhua["cases"]) == \
        (3, 1, 2, 1, 1, 0)
    assert xinhua["rectification_rate"] == pytest.approx(2 / 3)
    assert xinhua["data_as_of"] == AS_OF and xinhua["stale"] is False
    zhanhe_own = _summary(city_store, ZHANHE)
    zhanhe_cases = run_rows(city_store, "enforcement_summary", Filters(since=SINCE, as_of=AS_OF, county=ZHANHE).params())
    assert (rows[ZHANHE]["total"], rows[ZHANHE]["overdue"]) == (zhanhe_own["total"], zhanhe_own["overdue"])
    assert rows[ZHANHE]["cases"] == zhanhe_cases[0]["cases"] > 0
    ye = rows["410422"]       # 叶县 sent no package: zeros, no 数据截至, flagged
    assert (ye["total"], ye["data_as_of"], ye["stale"]) == (0, None, True)


def test_a_package_older_than_seven_days_is_stale(city_store):
    later = AS_OF + dt.timedelta(days=8)
    rows = {r["code"]: r for r in run_rows(city_store, "county_packages", {"as_of": later})}
    assert (rows[XINHUA]["days_behind"], rows[XINHUA]["stale"]) == (8, True)
    rows = {r["code"]: r for r in run_rows(city_store, "county_packages", {"as_of": AS_OF + dt.timedelta(days=7)})}
    assert rows[XINHUA]["stale"] is False


def test_township_codes_must_begin_with_the_county_code(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,type,aliases\n410402001000,甲街道,街道,\n999999001000,乙街道,街道,\n", encoding="utf-8")
    config = district.write_config(tmp_path / "d.toml", scope="district", code="410402", name="新华区", units_file=units)
    with district.configured(config):
        with pytest.raises(district.DistrictConfigError, match="「乙街道」的代码「999999001000」应为以新华区代码 410402 开头的12位"):
            district.unit_rows()


def test_stats_command_counts_one_county_or_the_city(city_store, capsys):
    from safetyboard.cli import main
    assert main(["stats", "--db", str(city_store.path), "--county", "新华区", "--json", "--as-of", "2022-10-31"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert (doc["hazards"]["total"], doc["hazards"]["major"], doc["hazards"]["rectified"]) == (3, 1, 2)
    assert main(["stats", "--db", str(city_store.path), "--json", "--as-of", "2022-10-31"]) == 0
    assert json.loads(capsys.readouterr().out)["hazards"]["total"] == _figures(city_store, None)["hazards"]["total"]
    with pytest.raises(SystemExit, match="「开封县」不是平顶山市的区县"):
        main(["stats", "--db", str(city_store.path), "--county", "开封县"])


def test_packages_are_imported_while_the_dashboard_holds_the_city_database(packages, tmp_path):
    """The CLI hands the packages to the dashboard's control worker, as it does ledgers; a refusal is reported."""
    import os
    import subprocess
    import sys

    from control_support import HOLDER

    from safetyboard import control
    repo = REFERENCE_DIR.parent
    config = district.write_config(tmp_path / "city.toml", scope="city", code="410400", name="平顶山市")
    db = tmp_path / "city.duckdb"
    env = {**os.environ, "SAFETYBOARD_DISTRICT": str(config)}
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(repo=str(repo), db=str(db))], stdout=subprocess.PIPE,
                              text=True, env=env)
    try:
        assert holder.stdout.readline().strip() == "ready"
        package = packages["dir"] / "xinhua.zip"
        run = subprocess.run([sys.executable, "-m", "safetyboard", "package", "import", "--db", str(db), str(package),
                              str(package)], cwd=repo, capture_output=True, text=True, timeout=300, env=env)
        assert control.dashboard_alive(db)
    finally:
        holder.kill()
        holder.wait()
    assert run.returncode == 1          # the second copy is refused
    assert "数据库正被仪表盘使用，已交由仪表盘进程导入" in run.stdout
    assert "已导入新华区（410402）数据包 #1：" in run.stdout
    assert run.stderr.strip() == "数据包「xinhua.zip」未导入：与新华区当前已导入的数据包相同。市级数据未做任何更改。"


def test_a_city_database_opens_read_only_with_its_views(city_store, tmp_path):
    """A viewer process may open a published copy read-only (docs/scale.md): the views are built without writing."""
    import shutil
    city_store.con.execute("CHECKPOINT")
    copy = tmp_path / "published.duckdb"
    shutil.copy2(city_store.path, copy)
    reader = Store(copy, read_only=True)
    try:
        assert _figures(reader, XINHUA)["hazards"]["total"] == 3
        assert _figures(reader, None)["hazards"]["total"] == _figures(city_store, None)["hazards"]["total"]
    finally:
        reader.close()


def test_a_city_database_from_before_the_stored_city_columns_is_brought_up_to_date(city_store, tmp_path):
    """A city database built before enterprise ids and place names were stored gets them on open."""
    import shutil
    expected = _summary(city_store, None)["enterprises"]
    copy = tmp_path / "old.duckdb"
    city_store.con.execute("CHECKPOINT")
    shutil.copy2(city_store.path, copy)
    old = Store(copy)
    for table in ("city_hazards", "city_enterprises"):
        old.con.execute(f"ALTER TABLE {table} DROP COLUMN city_enterprise_id")
    old.con.execute('ALTER TABLE city_units DROP COLUMN "city_name"')
    old.close()
    reopened = Store(copy)
    try:
        assert _summary(reopened, None)["enterprises"] == expected
        names = reopened.query("SELECT name FROM units", view=city.CITY_VIEW).column("name").to_pylist()
        assert "湛河区·马庄街道" in names
    finally:
        reopened.close()
