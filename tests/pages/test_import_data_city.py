"""数据导入 in a city instance (tests/city_support.py: 新华区's and 湛河区's packages already imported): district
packages are uploaded, verified, accepted or refused whole, listed, and undone per county."""
import io
import json
import zipfile

import pytest
from apptest_support import frame_with

import city_support as cs
from city_support import city, city_page  # noqa: F401  (fixtures)
from safetyboard import package
from safetyboard.store import get_store

ZIP = "application/zip"


@pytest.fixture()
def import_page(city_page):
    return lambda: city_page("pages/import_data.py")


def ok(at):
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload(at, name: str, content: bytes):
    at.get("file_uploader")[0].set_value([(name, content, ZIP)])
    ok(at.run())
    next(b for b in at.button if b.key == "pkg_go").click()
    return ok(at.run())


def package_list(at):
    return frame_with(at, "区县", "数据截至", "导出时间", "签名", "状态")


def tampered(source: bytes) -> bytes:
    """The package with one part's bytes changed after export (its manifest still names the old SHA-256)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as z, zipfile.ZipFile(out, "w") as w:
        for name in z.namelist():
            blob = z.read(name)
            w.writestr(name, blob[:-1] + bytes([blob[-1] ^ 1]) if name == "hazards.parquet" else blob)
    return out.getvalue()


def test_the_package_list(import_page):
    at = import_page()
    shown = package_list(at)
    assert shown[["区县", "数据截至", "签名", "状态"]].values.tolist() == [
        ["新华区", "2022年10月31日", "未签名", "有效"], ["湛河区", "2022年10月31日", "未签名", "有效"]]
    assert {b.label for b in at.button} >= {"撤销新华区的数据包", "撤销湛河区的数据包"}
    assert not [t for t in at.tabs if t.label == "上传台账"]      # a city imports no ledgers
    counties = frame_with(at, "区县", "滞后天数").set_index("区县")
    # A defaults to the latest date in the data, 2022-11-10: the packages' 10-31 is 10 days behind, more than 7
    assert len(counties) == 10 and counties.loc["新华区", ["滞后天数", "状态"]].tolist() == [10, "数据滞后"]
    assert counties.loc["叶县", "状态"] == "尚未导入"


def test_a_tampered_package_is_refused_and_changes_nothing(import_page, city):
    at = import_page()
    before = package_list(at)
    db = get_store()
    hazards = db.scalar("SELECT count(*) FROM city_hazards")
    at = upload(at, "新华区数据包.zip", tampered((city[1].parent.parent / f"{cs.XINHUA}.zip").read_bytes()))
    assert [e.value for e in at.error] == [
        "数据包「新华区数据包.zip」未导入：部分「hazards.parquet」的校验值（SHA-256）与清单不符，数据包已损坏或被改动。"
        "市级数据未做任何更改。"]
    assert package_list(at).equals(before)
    assert db.scalar("SELECT count(*) FROM city_hazards") == hazards and len(package.packages(db)) == 2


def test_a_newer_package_is_accepted_and_undone(import_page, city, tmp_path):
    newer = cs.newer_package(city[1].parent.parent, cs.XINHUA, tmp_path / "xinhua_newer.zip")
    at = upload(import_page(), "新华区1101.zip", newer.read_bytes())
    with zipfile.ZipFile(newer) as z:
        rows = sum(p["rows"] for p in json.loads(z.read("manifest.json"))["parts"].values())
    assert [(b.proto.value, b.proto.text) for b in at.get("progress")] == [(100, "已处理1个数据包。")]
    assert [s.value for s in at.success] == [f"数据包「新华区1101.zip」已导入：新华区，数据截至2022年11月1日，共{rows:,}行，"
                                             "替换了该区县此前的数据包（可撤销恢复）。"]
    shown = package_list(at)
    assert shown[["区县", "数据截至", "状态"]].values.tolist() == [
        ["新华区", "2022年10月31日", "已被较新的数据包替换"], ["湛河区", "2022年10月31日", "有效"],
        ["新华区", "2022年11月1日", "有效"]]
    assert shown["文件"].tolist()[-1] == "新华区1101.zip"

    next(b for b in at.button if b.label == "撤销新华区的数据包").click()
    ok(at.run())
    assert any("已撤销新华区的数据包「新华区1101.zip」；恢复为此前的数据包（数据截至2022年10月31日）" in s.value for s in at.success)
    states = package_list(at)["状态"].tolist()
    assert states[0] == "有效" and states[2].startswith("已于") and states[2].endswith("撤销")
    # audited by the core, as the signed-in user (the demo's administrator here)
    logged = get_store().query("SELECT event, username FROM audit_log ORDER BY seq DESC LIMIT 2").to_pylist()
    assert logged == [{"event": "package_undo", "username": "demo"}, {"event": "package_import", "username": "demo"}]
