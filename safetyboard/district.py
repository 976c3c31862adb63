"""Which county-level unit (or city) this instance serves: read from data/district.toml, never wired into code.

SAFETYBOARD_DISTRICT names another TOML file (a 新华区 or 叶县 instance, or the city). The shared HMAC key for
district packages is configuration too: SAFETYBOARD_PACKAGE_KEY (one key), or SAFETYBOARD_PACKAGE_KEYS naming a
TOML file of `"<district code>" = "<key>"` for a city that shares a key with each county. Keys never enter a package."""
from __future__ import annotations

import csv
import json
import os
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import REFERENCE_DIR

SCOPE_DISTRICT, SCOPE_CITY = "district", "city"
CITY_REFERENCE = REFERENCE_DIR / "pingdingshan"


class DistrictConfigError(Exception):
    """The district configuration is unusable; str(self) says which file and field, in Chinese."""


@dataclass(frozen=True)
class County:
    code: str          # 6 digits, e.g. 410411
    name: str
    kind: str = ""     # 市辖区, 县, 县级市
    lon: float | None = None
    lat: float | None = None


@dataclass(frozen=True)
class District:
    scope: str
    code: str
    name: str
    city_code: str
    city_name: str
    units_file: Path | None
    outline_file: Path | None
    source: Path

    @property
    def is_city(self) -> bool:
        return self.scope == SCOPE_CITY

    @property
    def office(self) -> str:
        """区安委会办公室 or 县/市/城市 安委办 (an instance's own office name in texts)."""
        return f"{self.name}安全生产委员会办公室"


def config_path() -> Path:
    return Path(os.environ.get("SAFETYBOARD_DISTRICT") or REFERENCE_DIR / "district.toml")


@lru_cache(maxsize=4)
def _load(path: Path) -> District:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DistrictConfigError(f"区县配置文件「{path}」无法读取：{str(exc).splitlines()[0][:120]}") from None

    def field(key: str, default=None) -> str:
        value = raw.get(key, default)
        if value is None or not str(value).strip():
            raise DistrictConfigError(f"区县配置文件「{path}」缺少字段「{key}」")
        return str(value).strip()

    def data_file(key: str) -> Path | None:
        if not raw.get(key):
            return None
        p = Path(raw[key])
        p = p if p.is_absolute() else (path.parent / p if (path.parent / p).exists() else REFERENCE_DIR / p)
        if not p.exists():
            raise DistrictConfigError(f"区县配置文件「{path}」的字段「{key}」指向的文件「{p}」不存在")
        return p

    scope = field("scope", SCOPE_DISTRICT)
    if scope not in (SCOPE_DISTRICT, SCOPE_CITY):
        raise DistrictConfigError(f"区县配置文件「{path}」的字段「scope」应为 district 或 city，实为「{scope}」")
    code = field("code")
    if not (len(code) == 6 and code.isdigit()):
        raise DistrictConfigError(f"区县配置文件「{path}」的字段「code」应为6位行政区划代码，实为「{code}」")
    return District(scope=scope, code=code, name=field("name"), city_code=field("city_code", "410400"),
                    city_name=field("city_name", "平顶山市"), units_file=data_file("units_file"),
                    outline_file=data_file("outline_file"), source=path)


def current() -> District:
    return _load(config_path())


def reload() -> District:
    """After SAFETYBOARD_DISTRICT changed (tests; a second instance in one process): forget cached reference data."""
    from . import rules
    _load.cache_clear()
    rules.units.cache_clear()
    rules._unit_index.cache_clear()
    return current()


def unit_rows(d: District | None = None) -> list[dict]:
    """The configured 乡/街道 rows as {code, name, type, aliases, lon, lat}. Reads the district's own list
    (seed_lon_gcj02/seed_lat_gcj02) or the city's townships file (lon_gcj02/lat_gcj02, filtered by county_code).
    A unit with no point has lon/lat None."""
    d = d or current()
    if d.units_file is None:
        return []
    with open(d.units_file, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    county = d.code + "000000"
    out = []
    for r in rows:
        if "county_code" in r and r["county_code"] != county:
            continue
        lon = r.get("seed_lon_gcj02", r.get("lon_gcj02")) or None
        lat = r.get("seed_lat_gcj02", r.get("lat_gcj02")) or None
        if not (len(r["code"]) == 12 and r["code"].isdigit() and r["code"].startswith(d.code)):
            # the city groups rows by 区县 through this prefix (metric_rules/city.sql county_of)
            raise DistrictConfigError(f"乡/街道名单「{d.units_file}」中「{r['name']}」的代码「{r['code']}」应为以"
                                      f"{d.name}代码 {d.code} 开头的12位行政区划代码")
        out.append({"code": r["code"], "name": r["name"], "type": r.get("type") or "", "aliases": r.get("aliases") or "",
                    "lon": float(lon) if lon else None, "lat": float(lat) if lat else None})
    if not out:
        raise DistrictConfigError(f"乡/街道名单「{d.units_file}」中没有{d.name}（{d.code}）的乡/街道")
    return out


@lru_cache(maxsize=1)
def counties() -> tuple[County, ...]:
    """The county-level units of the city (data/pingdingshan/counties.csv)."""
    with open(CITY_REFERENCE / "counties.csv", encoding="utf-8") as f:
        return tuple(County(r["code"][:6], r["name"], r.get("type") or "",
                            float(r["lon_gcj02"]) if r.get("lon_gcj02") else None,
                            float(r["lat_gcj02"]) if r.get("lat_gcj02") else None) for r in csv.DictReader(f))


def county(code: str) -> County | None:
    return next((c for c in counties() if c.code == code), None)


def package_key(district_code: str) -> bytes | None:
    """The HMAC key shared with a district, or None when signatures are not configured."""
    keys_file = os.environ.get("SAFETYBOARD_PACKAGE_KEYS")
    if keys_file:
        raw = tomllib.loads(Path(keys_file).read_text(encoding="utf-8"))
        key = raw.get(district_code)
        return key.encode("utf-8") if key else None
    key = os.environ.get("SAFETYBOARD_PACKAGE_KEY")
    return key.encode("utf-8") if key else None


@contextmanager
def configured(path: Path):
    """Run as the instance configured by another district.toml (the city demo builds several counties in one
    process; tests start a second district). Restores the previous configuration on exit."""
    before = os.environ.get("SAFETYBOARD_DISTRICT")
    os.environ["SAFETYBOARD_DISTRICT"] = str(path)
    try:
        yield reload()
    finally:
        if before is None:
            os.environ.pop("SAFETYBOARD_DISTRICT", None)
        else:
            os.environ["SAFETYBOARD_DISTRICT"] = before
        reload()


def write_config(path: Path, *, scope: str, code: str, name: str, units_file: Path | None = None,
                 city_code: str = "410400", city_name: str = "平顶山市") -> Path:
    """A district.toml for another instance (the city demo; tests)."""
    lines = [f'scope = "{scope}"', f'code = "{code}"', f'name = "{name}"', f'city_code = "{city_code}"',
             f'city_name = "{city_name}"']
    if units_file:
        lines.append(f"units_file = {json.dumps(str(units_file), ensure_ascii=False)}")
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)
