"""District packages: a county exports its normalised tables as one zip; the city imports them.

A package is a zip of one Parquet file per normalised table plus manifest.json (format version, schema level,
district, campaign, as-of, exported at, rows and SHA-256 per part, software version) and, when a key shared
with the city is configured, manifest.sig: HMAC-SHA256 of manifest.json's bytes. The manifest carries every
part's hash, so the signature covers the whole package. Never in a package: reporter identity (no table holds
it), the archive of original files, users, sessions, the audit log or rejected rows' cells.

The city keeps every package's rows in city_<part> tables tagged with district_code and package_id; a
district's figures are those of its one active package (migration 013)."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import audit, district
from . import city as city_views
from .config import load_campaign
from .store import Store, run

FORMAT = "safetyboard-district-package"
FORMAT_VERSION = 1
SOFTWARE_VERSION = "1.17"
MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
# The oldest schema a city accepts: level 011 added the 督导问题/挂牌督办/约谈 ledgers that stats reports.
MIN_SCHEMA_LEVEL = 11

# part name -> the SELECT that exports it. imports loses archive_path (where originals lie on the district's
# server) and imported_by (a district account name); units and departments are the district's own lists (the city
# reads each county with its own). A city reads every part through the views of city.py.
PARTS: dict[str, str] = {
    "hazards": "SELECT * FROM hazards",
    "enforcement": "SELECT * FROM enforcement",
    "supervision": "SELECT * FROM supervision",
    "assignments": "SELECT * FROM assignments",
    "monthly_reports": "SELECT * FROM monthly_reports",
    "submissions": "SELECT * FROM submissions",
    "tips": "SELECT * FROM tips",
    "problems": "SELECT * FROM problems",
    "listings": "SELECT * FROM listings",
    "accountability": "SELECT * FROM accountability",
    "enterprises": "SELECT * FROM enterprises",
    "register": "SELECT * FROM register",
    "accidents": "SELECT * FROM accidents",
    "enterprise_index": "SELECT * FROM enterprise_index",
    "departments": "SELECT * FROM departments",
    "imports": "SELECT import_id, sha256, file_name, file_size, imported_at, undone_at FROM imports",
    "units": "SELECT code, name, kind, lon, lat, sort_order FROM units",
}
_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")


class PackageError(Exception):
    """A package is refused or cannot be written; str(self) is one clear Chinese message. Nothing was changed."""


@dataclass(frozen=True)
class ImportedPackage:
    package_id: int
    district_code: str
    district_name: str
    as_of: dt.date | None
    rows: int
    replaced: int | None      # the package it superseded


# ---------------------------------------------------------------- export

def signature(key: bytes, manifest_bytes: bytes) -> str:
    return hmac.new(key, manifest_bytes, hashlib.sha256).hexdigest()


def export_package(store: Store, out: Path, as_of: dt.date | None = None, key: bytes | None = None,
                   exported_at: dt.datetime | None = None, user: str | None = None) -> dict:
    """Write the package file and return its manifest. key defaults to the configured shared key."""
    from .metrics import latest_data_date

    d = district.current()
    if d.is_city:
        raise PackageError("本实例是市级实例（district.toml 中 scope = \"city\"），不能导出区县数据包。")
    key = key if key is not None else district.package_key(d.code)
    campaign = load_campaign()
    as_of = as_of or latest_data_date(store) or campaign.end
    exported_at = exported_at or dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    parts, blobs = {}, {}
    snap = store.snapshot()     # every part from one committed state
    try:
        for name, sql in PARTS.items():
            table = snap.query(sql)
            buf = io.BytesIO()
            pq.write_table(table, buf, compression="zstd")
            blob = buf.getvalue()
            blobs[f"{name}.parquet"] = blob
            parts[name] = {"file": f"{name}.parquet", "rows": table.num_rows, "sha256": hashlib.sha256(blob).hexdigest()}
    finally:
        snap.close()
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "schema_level": store.schema_level(),
        "district": {"code": d.code, "name": d.name}, "city": {"code": d.city_code, "name": d.city_name},
        "campaign": {"year": campaign.year, "start": campaign.start.isoformat(), "end": campaign.end.isoformat()},
        "as_of": as_of.isoformat(), "exported_at": exported_at.isoformat(), "software_version": SOFTWARE_VERSION,
        "signed": key is not None, "parts": parts,
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED) as z:
        z.writestr(MANIFEST, manifest_bytes)
        if key is not None:
            z.writestr(SIGNATURE, signature(key, manifest_bytes))
        for file_name, blob in blobs.items():
            z.writestr(file_name, blob)
    tmp.replace(out)
    audit.record(store, "package_export", username=user, target=out.name,
                 detail={"as_of": manifest["as_of"], "rows": sum(p["rows"] for p in parts.values())})
    return manifest


# ---------------------------------------------------------------- verification

@dataclass(frozen=True)
class VerifiedPackage:
    manifest: dict
    tables: dict[str, pa.Table]
    sha256: str
    signed: bool


def _refuse(path: Path, why: str) -> PackageError:
    return PackageError(f"数据包「{Path(path).name}」未导入：{why}。市级数据未做任何更改。")


def read_package(path: Path, city: district.District, city_level: int) -> VerifiedPackage:
    """Open and verify a package against the city: checksums, signature (when a key is configured for the
    district), schema level, membership of the city. Raises PackageError naming what is wrong."""
    path = Path(path)
    try:
        data = path.read_bytes()
        z = zipfile.ZipFile(io.BytesIO(data))
        names = set(z.namelist())
    except (OSError, zipfile.BadZipFile):
        raise _refuse(path, "文件无法作为数据包（zip）打开，可能已损坏或不是本系统导出的数据包") from None
    if MANIFEST not in names:
        raise _refuse(path, "缺少清单文件 manifest.json，不是本系统导出的数据包")
    manifest_bytes = z.read(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        code, name = str(manifest["district"]["code"]), str(manifest["district"]["name"])
        parts = manifest["parts"]
        level = int(manifest["schema_level"])
        exported_at = dt.datetime.fromisoformat(manifest["exported_at"])
        dt.date.fromisoformat(manifest["as_of"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise _refuse(path, "清单文件 manifest.json 无法读取或缺少必需字段") from None
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise _refuse(path, f"数据包格式「{manifest.get('format')} {manifest.get('format_version')}」不受支持，"
                            f"应为「{FORMAT} {FORMAT_VERSION}」")
    county = district.county(code)
    if county is None or code[:4] != city.code[:4]:
        raise _refuse(path, f"这是「{name}」（{code}）的数据包，该区县不属于{city.name}（{city.code}）")
    key = district.package_key(code)
    signed = SIGNATURE in names
    if key is not None:
        if not signed:
            raise _refuse(path, f"数据包没有签名，而本市已为{county.name}配置了共享密钥，无法确认来源")
        if not hmac.compare_digest(z.read(SIGNATURE).decode("ascii", "replace").strip(), signature(key, manifest_bytes)):
            raise _refuse(path, f"签名与{county.name}的共享密钥不符：数据包在导出后被改动过，或不是由{county.name}导出")
    if level > city_level:
        raise _refuse(path, f"数据包的数据结构版本为 {level:03d}，高于市级平台的 {city_level:03d}，请先升级市级平台")
    if level < MIN_SCHEMA_LEVEL:
        raise _refuse(path, f"数据包的数据结构版本为 {level:03d}，过旧（至少应为 {MIN_SCHEMA_LEVEL:03d}），"
                            f"请{county.name}升级后重新导出")
    tables = {}
    for part, info in parts.items():
        if part not in PARTS:
            raise _refuse(path, f"清单中有未知的部分「{part}」")
        file_name = f"{part}.parquet"
        if file_name not in names:
            raise _refuse(path, f"缺少部分「{file_name}」")
        blob = z.read(file_name)
        if hashlib.sha256(blob).hexdigest() != info.get("sha256"):
            raise _refuse(path, f"部分「{file_name}」的校验值（SHA-256）与清单不符，数据包已损坏或被改动")
        try:
            table = pq.read_table(io.BytesIO(blob))
        except (pa.ArrowException, OSError):
            raise _refuse(path, f"部分「{file_name}」无法读取") from None
        if table.num_rows != info.get("rows"):
            raise _refuse(path, f"部分「{file_name}」有 {table.num_rows} 行，清单记为 {info.get('rows')} 行")
        bad = [c for c in table.column_names if not _COLUMN.match(c) or c in ("district_code", "package_id")]
        if bad:
            raise _refuse(path, f"部分「{file_name}」的列名「{bad[0]}」不合规")
        tables[part] = table
    missing = {"hazards", "units"} - set(tables)
    if missing:
        raise _refuse(path, f"缺少部分「{sorted(missing)[0]}.parquet」")
    manifest["_exported_at"] = exported_at
    return VerifiedPackage(manifest, tables, hashlib.sha256(data).hexdigest(), signed)


# ---------------------------------------------------------------- city import, undo

def _require_city() -> district.District:
    city = district.current()
    if not city.is_city:
        raise PackageError("本实例不是市级实例（district.toml 中 scope 应为 \"city\"），不能导入区县数据包。")
    return city


def active_package(store: Store, code: str) -> dict | None:
    rows = store.query("SELECT * FROM city_packages WHERE district_code = $code AND active", {"code": code}).to_pylist()
    return rows[0] if rows else None


def import_package(store: Store, path: Path, user: str | None = None) -> ImportedPackage:
    """Verify one package and make it its district's active package, in one transaction."""
    city = _require_city()
    pkg = read_package(path, city, store.schema_level())
    m = pkg.manifest
    code, name = m["district"]["code"], m["district"]["name"]
    with store.write_lock:
        current = active_package(store, code)
        if current is not None:
            new_at = _utc_naive(m["_exported_at"])
            if current["sha256"] == pkg.sha256:
                raise _refuse(path, f"与{name}当前已导入的数据包相同")
            if new_at <= current["exported_at"]:
                raise _refuse(path, f"不比已导入的{name}数据包新（已导入的导出于 {current['exported_at']:%Y-%m-%d %H:%M:%S}，"
                                    f"数据截至 {current['as_of']}；本包导出于 {new_at:%Y-%m-%d %H:%M:%S}）")
        with store.transaction() as cur:
            package_id = run(cur, "SELECT nextval('city_package_seq')")[0][0]
            city_views.ensure_tables(cur)
            offset = city_views.enterprise_offset(cur, package_id)
            for part, table in pkg.tables.items():
                _append_part(cur, part, table, code, package_id, offset)
            run(cur, "UPDATE city_packages SET active = false, superseded_by = $id WHERE district_code = $code AND active",
                {"id": package_id, "code": code})
            exported = _utc_naive(m["_exported_at"])
            manifest_json = json.dumps({k: v for k, v in m.items() if not k.startswith("_")}, ensure_ascii=False)
            run(cur, "INSERT INTO city_packages VALUES ($id, $code, $name, $as_of, $exported, $level, $version, $sha, "
                     "$file, $signed, $manifest, now(), $user, true, NULL, NULL)",
                {"id": package_id, "code": code, "name": name, "as_of": dt.date.fromisoformat(m["as_of"]),
                 "exported": exported, "level": int(m["schema_level"]), "version": str(m.get("software_version")),
                 "sha": pkg.sha256, "file": Path(path).name, "signed": pkg.signed, "manifest": manifest_json,
                 "user": user})
    rows = sum(t.num_rows for t in pkg.tables.values())
    audit.record(store, "package_import", username=user, target=Path(path).name,
                 detail={"district": code, "package_id": package_id, "as_of": m["as_of"], "rows": rows,
                         "replaced": current["package_id"] if current else None})
    return ImportedPackage(package_id, code, name, dt.date.fromisoformat(m["as_of"]), rows,
                           current["package_id"] if current else None)


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _append_part(cur, part: str, table: pa.Table, code: str, package_id: int, enterprise_offset: int) -> None:
    target = f"city_{part}"      # part is a key of PARTS (checked in read_package); the table exists (city.ensure_tables)
    cur.register("_part", table)
    try:
        # a package of a later schema level may bring columns the city has not seen yet
        have = {r[0] for r in run(cur, "SELECT column_name FROM duckdb_columns() WHERE table_name = $t "
                                       "AND database_name = current_database()", {"t": target})}
        for column, column_type in run(cur, "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM _part)"):
            if column not in have:
                run(cur, f'ALTER TABLE {target} ADD COLUMN "{column}" {column_type}')   # name checked by _COLUMN
        extra = city_views.city_columns_select(part, table.column_names)
        params = {"code": code, "id": package_id, "county_name": district.county(code).name,
                  "enterprise_offset": enterprise_offset}
        run(cur, f"INSERT INTO {target} BY NAME SELECT *, $code AS district_code, $id AS package_id{extra} FROM _part",
            {k: v for k, v in params.items() if k in ("code", "id") or f"${k}" in extra})
    finally:
        cur.unregister("_part")


def undo_package(store: Store, code: str, user: str | None = None) -> dict:
    """Withdraw a district's active package: the one it replaced (if any) becomes active again. Rows are kept."""
    _require_city()
    with store.write_lock:
        current = active_package(store, code)
        if current is None:
            raise PackageError(f"区县代码「{code}」没有可撤销的数据包。")
        with store.transaction() as cur:
            run(cur, "UPDATE city_packages SET active = false, undone_at = now() WHERE package_id = $id",
                {"id": current["package_id"]})
            run(cur, "UPDATE city_packages SET active = true, superseded_by = NULL WHERE package_id = "
                     "(SELECT max(package_id) FROM city_packages WHERE superseded_by = $id AND undone_at IS NULL)",
                {"id": current["package_id"]})
    audit.record(store, "package_undo", username=user, target=current["file_name"],
                 detail={"district": code, "package_id": current["package_id"]})
    return current


def district_stats(store: Store, code: str, since: dt.date | None = None, as_of: dt.date | None = None) -> dict:
    """The `stats --json` document of one district as the city holds it: the same query files, reading the
    county's view of its active package (city.py)."""
    from .metrics import Filters, stats

    package = active_package(store, code)
    if package is None:
        raise PackageError(f"市级数据中没有区县代码「{code}」的数据包。")
    campaign = load_campaign()
    return stats(store, Filters(since=since or campaign.start, as_of=as_of or package["as_of"], county=code))


def packages(store: Store) -> list[dict]:
    return store.query("SELECT package_id, district_code, district_name, as_of, exported_at, active, superseded_by, "
                       "undone_at, file_name, signed FROM city_packages ORDER BY package_id").to_pylist()
