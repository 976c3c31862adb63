"""District packages: the district is configuration, district packages, the city instance's import.

The second district (新华区) runs from a district.toml alone; the city (410400) imports packages and refuses
broken, foreign, older and tampered ones with nothing changed."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from safetyboard import district
from safetyboard.config import REFERENCE_DIR
from safetyboard.ledgers.importer import import_file
from safetyboard.metrics import Filters, stats
from safetyboard.package import PackageError, district_stats, export_package, import_package, packages, undo_package
from safetyboard.store import Store, migrations

from fixture_counties import TOWNSHIPS, XINHUA_LEDGER

LEVEL = max(n for n, _ in migrations())   # the schema level a package of this release carries

AS_OF = dt.date(2022, 10, 31)
T1 = dt.datetime(2022, 11, 1, 8, 0, tzinfo=dt.timezone.utc)
T2 = dt.datetime(2022, 11, 8, 8, 0, tzinfo=dt.timezone.utc)



@pytest.fixture(scope="module")
def xinhua(tmp_path_factory):
    """新华区 from configuration alone: its units from the townships file, its ledger, its package."""
    d = tmp_path_factory.mktemp("xinhua")
    config = district.write_config(d / "district.toml", scope="district", code="410402", name="新华区",
                                   units_file=TOWNSHIPS)
    ledger = d / "新华区隐患台账.csv"
    ledger.write_text(XINHUA_LEDGER, encoding="utf-8")
    with district.configured(config):
        store = Store(d / "xinhua.duckdb")
        results = import_file(store, ledger, user="test")
        own = stats(store, Filters(since=dt.date(2022, 4, 1), as_of=AS_OF))
        units = store.query("SELECT code, name FROM units ORDER BY code").to_pylist()
        hazards = store.query("SELECT hazard_no, unit_code FROM hazards ORDER BY hazard_no").to_pylist()
        first = export_package(store, d / "xinhua-1.zip", as_of=AS_OF, exported_at=T1)
        export_package(store, d / "xinhua-2.zip", as_of=AS_OF, exported_at=T2)
        store.close()
    return {"dir": d, "results": results, "stats": own, "units": units, "hazards": hazards, "manifest": first}


@pytest.fixture()
def city(tmp_path, monkeypatch):
    config = district.write_config(tmp_path / "city.toml", scope="city", code="410400", name="平顶山市")
    with district.configured(config):
        store = Store(tmp_path / "city.duckdb")
        yield store
        store.close()


def _state(store: Store) -> tuple:
    tables = [r[0] for r in store.con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'city_%' "
                                              "ORDER BY 1").fetchall()]
    counts = tuple((t, store.scalar(f"SELECT count(*) FROM {t}")) for t in tables)
    return tuple(tuple(sorted(p.items())) for p in packages(store)), counts


def _rewrite(src: Path, dst: Path, change) -> Path:
    """Copy a package, letting change(name, bytes) return each entry's new bytes (None drops it)."""
    with zipfile.ZipFile(src) as z_in, zipfile.ZipFile(dst, "w") as z_out:
        for name in z_in.namelist():
            data = change(name, z_in.read(name))
            if data is not None:
                z_out.writestr(name, data)
    return dst


def _with_manifest(src: Path, dst: Path, edit) -> Path:
    def change(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        edit(manifest)
        return json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    return _rewrite(src, dst, change)


# ---------------------------------------------------------------- the district is configuration

def test_second_district_runs_from_configuration(xinhua):
    # units: the 新华区 rows of townships.csv (county_code 410402000000), none of 湛河区
    codes = [u["code"] for u in xinhua["units"]]
    assert codes and all(c.startswith("410402") for c in codes)
    assert {"code": "410402001000", "name": "曙光街街道"} in xinhua["units"]
    # aliases resolve: 曙光街办事处 -> 曙光街街道, 西高皇 -> 西高皇街道, 焦店镇人民政府 -> 焦店镇
    assert xinhua["hazards"] == [{"hazard_no": "X1", "unit_code": "410402001000"},
                                 {"hazard_no": "X2", "unit_code": "410402010000"},
                                 {"hazard_no": "X3", "unit_code": "410402100000"}]
    # 马庄街道 is a 湛河区 unit: rejected, the message names the configured district
    (result,) = xinhua["results"]
    assert (result.accepted, result.rejected) == (3, 1)
    assert any("「马庄街道」不是新华区的乡/街道" in str(r) for r in result.rejected_rows)
    # X1, X2, X3 found within [04-01, 10-31]; X3 is 重大; X1 and X3 rectified
    h = xinhua["stats"]["hazards"]
    assert (h["total"], h["major"], h["rectified"]) == (3, 1, 2)


def test_default_configuration_is_zhanhe():
    d = district.current()
    assert (d.scope, d.code, d.name, d.city_code) == ("district", "410411", "湛河区", "410400")
    assert len(district.unit_rows()) == 10


def test_bad_district_configuration_names_file_and_field(tmp_path):
    bad = tmp_path / "district.toml"
    bad.write_text('scope = "district"\ncode = "4104"\nname = "叶县"\n', encoding="utf-8")
    with pytest.raises(district.DistrictConfigError) as info:
        with district.configured(bad):
            pass
    assert str(info.value) == f"区县配置文件「{bad}」的字段「code」应为6位行政区划代码，实为「4104」"


# ---------------------------------------------------------------- package export

def test_package_holds_parts_and_manifest_only(xinhua):
    path = xinhua["dir"] / "xinhua-1.zip"
    m = xinhua["manifest"]
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        assert names == {"manifest.json"} | {p["file"] for p in m["parts"].values()}   # no archive, no signature
        for part in m["parts"].values():
            blob = z.read(part["file"])
            assert hashlib.sha256(blob).hexdigest() == part["sha256"]
            assert pq.read_table(io.BytesIO(blob)).num_rows == part["rows"]
        imports = pq.read_table(io.BytesIO(z.read("imports.parquet")))
    assert "archive_path" not in imports.column_names and "imported_by" not in imports.column_names
    assert m["district"] == {"code": "410402", "name": "新华区"}
    assert (m["format_version"], m["schema_level"], m["as_of"], m["signed"]) == (1, LEVEL, "2022-10-31", False)
    assert m["exported_at"] == "2022-11-01T08:00:00+00:00" and m["campaign"]["year"] == 2022
    assert m["parts"]["hazards"]["rows"] == 3 and m["software_version"]


def test_signed_package_carries_signature_not_key(xinhua, tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETYBOARD_PACKAGE_KEY", "shared-secret-xinhua")
    with district.configured(xinhua["dir"] / "district.toml"):
        store = Store(xinhua["dir"] / "xinhua.duckdb")
        try:
            m = export_package(store, tmp_path / "signed.zip", as_of=AS_OF)
        finally:
            store.close()
    raw = (tmp_path / "signed.zip").read_bytes()
    assert m["signed"] is True and b"shared-secret-xinhua" not in raw
    with zipfile.ZipFile(tmp_path / "signed.zip") as z:
        assert "manifest.sig" in z.namelist()


# ---------------------------------------------------------------- city import

def test_city_import_replace_and_undo(xinhua, city):
    first = import_package(city, xinhua["dir"] / "xinhua-1.zip", user="city-admin")
    assert (first.district_code, first.rows > 3, first.replaced) == ("410402", True, None)
    second = import_package(city, xinhua["dir"] / "xinhua-2.zip", user="city-admin")
    assert second.replaced == first.package_id
    # history kept: both packages' rows are stored, only the newer is active
    assert city.scalar("SELECT count(*) FROM city_hazards WHERE district_code = '410402'") == 6
    assert [(p["package_id"], p["active"], p["superseded_by"]) for p in packages(city)] == \
        [(first.package_id, False, second.package_id), (second.package_id, True, None)]
    undone = undo_package(city, "410402", user="city-admin")
    assert undone["package_id"] == second.package_id
    assert [(p["package_id"], p["active"]) for p in packages(city)] == [(first.package_id, True), (second.package_id, False)]
    events = [r[0] for r in city.con.execute("SELECT event FROM audit_log ORDER BY seq").fetchall()]
    assert events == ["package_import", "package_import", "package_undo"]


def test_city_figures_equal_district_figures(xinhua, city):
    import_package(city, xinhua["dir"] / "xinhua-1.zip")
    assert district_stats(city, "410402", as_of=AS_OF) == xinhua["stats"]


def test_city_figures_for_zhanhe_equal_its_own_stats(loop_db, city, tmp_path):
    """The golden 湛河区 database (all ledger types): every key of stats --json agrees."""
    zhanhe_db = tmp_path / "zhanhe.duckdb"
    shutil.copy2(loop_db, zhanhe_db)
    with district.configured(REFERENCE_DIR / "district.toml"):
        store = Store(zhanhe_db)
        try:
            own = stats(store, Filters(since=dt.date(2022, 4, 1), as_of=AS_OF))
            export_package(store, tmp_path / "zhanhe.zip", as_of=AS_OF)
        finally:
            store.close()
    import_package(city, tmp_path / "zhanhe.zip")
    assert own["hazards"]["total"] > 0 and own["problems"]["found"] > 0
    assert district_stats(city, "410411", as_of=AS_OF) == own


# ---------------------------------------------------------------- refusals: one message, nothing changed

def _refused(city: Store, path: Path) -> str:
    before = _state(city)
    with pytest.raises(PackageError) as info:
        import_package(city, path)
    assert _state(city) == before
    return str(info.value)


def test_broken_package_refused(xinhua, city, tmp_path):
    import_package(city, xinhua["dir"] / "xinhua-1.zip")
    broken = tmp_path / "broken.zip"
    broken.write_bytes((xinhua["dir"] / "xinhua-2.zip").read_bytes()[:500])
    assert _refused(city, broken) == ("数据包「broken.zip」未导入：文件无法作为数据包（zip）打开，可能已损坏或不是本系统导出的数据包。"
                                      "市级数据未做任何更改。")


def test_foreign_package_refused(xinhua, city, tmp_path):
    def to_jinshui(m):
        m["district"] = {"code": "410105", "name": "金水区"}
    foreign = _with_manifest(xinhua["dir"] / "xinhua-2.zip", tmp_path / "foreign.zip", to_jinshui)
    assert _refused(city, foreign) == ("数据包「foreign.zip」未导入：这是「金水区」（410105）的数据包，该区县不属于平顶山市（410400）。"
                                       "市级数据未做任何更改。")


def test_older_package_refused(xinhua, city):
    import_package(city, xinhua["dir"] / "xinhua-2.zip")
    assert _refused(city, xinhua["dir"] / "xinhua-1.zip") == (
        "数据包「xinhua-1.zip」未导入：不比已导入的新华区数据包新（已导入的导出于 2022-11-08 08:00:00，数据截至 2022-10-31；"
        "本包导出于 2022-11-01 08:00:00）。市级数据未做任何更改。")


def test_tampered_part_refused(xinhua, city, tmp_path):
    import_package(city, xinhua["dir"] / "xinhua-1.zip")

    def flip(name, data):
        return data[:-20] + bytes([data[-20] ^ 1]) + data[-19:] if name == "hazards.parquet" else data
    tampered = _rewrite(xinhua["dir"] / "xinhua-2.zip", tmp_path / "tampered.zip", flip)
    assert _refused(city, tampered) == ("数据包「tampered.zip」未导入：部分「hazards.parquet」的校验值（SHA-256）与清单不符，"
                                        "数据包已损坏或被改动。市级数据未做任何更改。")


def test_tampered_manifest_refused_by_signature(xinhua, city, tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETYBOARD_PACKAGE_KEY", "shared-secret-xinhua")
    with district.configured(xinhua["dir"] / "district.toml"):
        store = Store(xinhua["dir"] / "xinhua.duckdb")
        try:
            export_package(store, tmp_path / "signed.zip", as_of=AS_OF, exported_at=T2)
        finally:
            store.close()

    def later(m):
        m["as_of"] = "2022-12-31"
    forged = _with_manifest(tmp_path / "signed.zip", tmp_path / "forged.zip", later)
    assert _refused(city, forged) == ("数据包「forged.zip」未导入：签名与新华区的共享密钥不符：数据包在导出后被改动过，或不是由新华区导出。"
                                      "市级数据未做任何更改。")
    # an unsigned package where a key is configured cannot show where it came from
    assert _refused(city, xinhua["dir"] / "xinhua-2.zip") == (
        "数据包「xinhua-2.zip」未导入：数据包没有签名，而本市已为新华区配置了共享密钥，无法确认来源。市级数据未做任何更改。")
    assert import_package(city, tmp_path / "signed.zip").district_code == "410402"


def test_newer_schema_level_refused(xinhua, city, tmp_path):
    def future(m):
        m["schema_level"] = 99
    newer = _with_manifest(xinhua["dir"] / "xinhua-2.zip", tmp_path / "newer.zip", future)
    assert _refused(city, newer) == (f"数据包「newer.zip」未导入：数据包的数据结构版本为 099，高于市级平台的 {LEVEL:03d}，请先升级市级平台。"
                                     "市级数据未做任何更改。")


def test_district_instance_cannot_import(xinhua):
    with district.configured(xinhua["dir"] / "district.toml"):
        store = Store(xinhua["dir"] / "xinhua.duckdb")
        try:
            with pytest.raises(PackageError) as info:
                import_package(store, xinhua["dir"] / "xinhua-2.zip")
        finally:
            store.close()
    assert str(info.value) == "本实例不是市级实例（district.toml 中 scope 应为 \"city\"），不能导入区县数据包。"


# ---------------------------------------------------------------- command line

def test_cli_export_import_and_refusal(xinhua, tmp_path, capsys):
    from safetyboard.cli import main

    with district.configured(xinhua["dir"] / "district.toml"):
        assert main(["package", "export", "--db", str(xinhua["dir"] / "xinhua.duckdb"), "--as-of", "2022-10-31",
                     "-o", str(tmp_path / "cli.zip")]) == 0
    assert "已导出新华区数据包" in capsys.readouterr().out
    city_cfg = district.write_config(tmp_path / "city.toml", scope="city", code="410400", name="平顶山市")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    with district.configured(city_cfg):
        assert main(["package", "import", "--db", str(tmp_path / "city.duckdb"), str(tmp_path / "cli.zip"),
                     str(broken)]) == 1
        out = capsys.readouterr()
        assert "已导入新华区（410402）数据包 #1" in out.out
        assert out.err.strip() == ("数据包「broken.zip」未导入：文件无法作为数据包（zip）打开，可能已损坏或不是本系统导出的数据包。"
                                   "市级数据未做任何更改。")
        assert main(["package", "undo", "--db", str(tmp_path / "city.duckdb"), "410402"]) == 0
        assert main(["package", "undo", "--db", str(tmp_path / "city.duckdb"), "410402"]) == 1
        assert capsys.readouterr().err.strip() == "区县代码「410402」没有可撤销的数据包。"


def test_demo_city_builds_packages_and_city(tmp_path):
    from safetyboard.city_demo import DEMO_COUNTIES, build_city_demo

    city_db, built = build_city_demo(tmp_path, progress=lambda _: None)
    assert len(built) == len(DEMO_COUNTIES) + 1 >= 3          # and 湛河区's own demo
    with district.configured(tmp_path / "city.toml"):
        store = Store(city_db)
        try:
            got = store.query("SELECT district_code, count(*) AS n FROM city_hazards WHERE district_code <> '410411' "
                              "GROUP BY 1 ORDER BY 1").to_pylist()
            zhanhe = store.scalar("SELECT count(*) FROM city_hazards WHERE district_code = '410411'")
        finally:
            store.close()
    # every synthetic hazard row of every county arrives, tagged with its county
    assert got == [{"district_code": code, "n": n} for code, _, n, _ in sorted(DEMO_COUNTIES)]
    assert zhanhe > 1000


def test_second_district_map_from_configuration(xinhua):
    """The map module reads the configured district when the process starts: a 新华区 process draws 新华区's
    schematic (its units with a point, clipped to its real outline from the city's county boundaries)."""
    import os
    import subprocess
    import sys

    code = ("from safetyboard import maps; cells = maps.schematic_cells(); "
            "print(len(cells), sorted(cells['code'])[0], round(float(cells.union_all().area), 6), maps.SCHEMATIC_LABEL[:40])")
    env = {**os.environ, "SAFETYBOARD_DISTRICT": str(xinhua["dir"] / "district.toml")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REFERENCE_DIR.parent,
                         check=True).stdout.split()
    import geopandas as gpd
    counties = gpd.read_file(REFERENCE_DIR / "pingdingshan" / "counties_410400_gcj02.geojson")
    xinhua_area = counties[counties["code"] == "410402000000"].geometry.iloc[0].area
    with open(TOWNSHIPS, encoding="utf-8") as f:
        with_points = sum(1 for line in f if line.split(",")[1] == "410402000000" and line.rstrip().split(",")[-1])
    assert int(out[0]) == with_points and out[1].startswith("410402")
    assert abs(float(out[2]) - xinhua_area) < 1e-6          # the cells tile 新华区's outline
    assert "裁剪至新华区轮廓" in out[3]


def test_cli_with_broken_district_configuration_says_why(tmp_path, monkeypatch, capsys):
    """A process started with a broken district.toml gets one Chinese message naming file and field."""
    import subprocess
    import sys

    bad = tmp_path / "district.toml"
    bad.write_text('scope = "county"\ncode = "410422"\nname = "叶县"\n', encoding="utf-8")
    env = {**__import__("os").environ, "SAFETYBOARD_DISTRICT": str(bad)}
    done = subprocess.run([sys.executable, "-m", "safetyboard", "stats", "--db", str(tmp_path / "x.duckdb")],
                          capture_output=True, text=True, env=env, cwd=REFERENCE_DIR.parent)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == f"区县配置文件「{bad}」的字段「scope」应为 district 或 city，实为「county」"
