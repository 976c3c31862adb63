"""A small city instance for page tests: 新华区's package (tests/fixture_counties.py: 3 hazards, hand-worked in
tests/test_city.py) and 湛河区's (the golden database plus the loop ledgers), the city's config, and a city
database holding both. Pages run on it under AppTest through the fixtures `city` and `city_page` (a test module
imports them by name)."""
from __future__ import annotations

import datetime as dt
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from safetyboard import auth, district
from safetyboard import maps  # noqa: F401  (imported as the district: it takes its units and outline at import)
from safetyboard.config import REFERENCE_DIR
from safetyboard.ledgers.importer import import_file
from safetyboard.package import export_package, import_package
from safetyboard.store import Store, close_store

from apptest_support import run_page
from fixture_counties import TOWNSHIPS, XINHUA_LEDGER

AS_OF = dt.date(2022, 10, 31)
XINHUA, ZHANHE = "410402", "410411"


def export_county(db: Path, config: Path, out: Path, ledger: str | None = None, as_of: dt.date = AS_OF,
                  exported_at: dt.datetime | None = None) -> Path:
    """One county's package from its database (configured by `config`), with a hazard ledger imported first if given."""
    with district.configured(config) as county:
        store = Store(db)
        try:
            if ledger is not None:
                source = out.with_name(f"{county.name}隐患台账.csv")
                source.write_text(ledger, encoding="utf-8")
                import_file(store, source, user="test")
            export_package(store, out, as_of=as_of, exported_at=exported_at)
        finally:
            store.close()
    return out


def _county_files(folder: Path, code: str) -> tuple[Path, Path]:
    """(database, config) of a county of build_packages."""
    if code == XINHUA:
        return folder / "xinhua.duckdb", folder / "xinhua.toml"
    return folder / "zhanhe.duckdb", REFERENCE_DIR / "district.toml"


def build_packages(folder: Path, loop_db: Path) -> dict[str, Path]:
    """folder/<code>.zip of 新华区 and 湛河区, exported from folder/xinhua.duckdb and folder/zhanhe.duckdb."""
    district.write_config(folder / "xinhua.toml", scope="district", code=XINHUA, name="新华区", units_file=TOWNSHIPS)
    shutil.copy2(loop_db, folder / "zhanhe.duckdb")
    return {XINHUA: export_county(*_county_files(folder, XINHUA), folder / f"{XINHUA}.zip", XINHUA_LEDGER),
            ZHANHE: export_county(*_county_files(folder, ZHANHE), folder / f"{ZHANHE}.zip")}


def newer_package(folder: Path, code: str, out: Path) -> Path:
    """A later export of a county of build_packages (exported a day later, data as of A + 1 day)."""
    later = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(days=1)
    return export_county(*_county_files(folder, code), out, as_of=AS_OF + dt.timedelta(days=1), exported_at=later)


def build_city(folder: Path, packages: dict[str, Path]) -> tuple[Path, Path]:
    """(city.toml, city.duckdb) with the given packages imported, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    config = district.write_config(folder / "city.toml", scope="city", code="410400", name="平顶山市")
    with district.configured(config):
        store = Store(folder / "city.duckdb")
        try:
            for package in packages.values():
                import_package(store, package)
        finally:
            store.close()
    return config, folder / "city.duckdb"


@contextmanager
def city_app(config: Path, db: Path, into: Path, monkeypatch):
    """Point the app at a copy of a city database (in the folder `into`, one per test: the app keeps a store per
    path), as the city instance, in demo mode (every visitor is the city's administrator); close the shared store
    and restore the district afterwards."""
    copy = Path(shutil.copy2(db, into / "city_app.duckdb"))
    monkeypatch.setenv("SAFETYBOARD_DB", str(copy))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(into / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    auth.THROTTLE.reset()
    try:
        with district.configured(config):
            yield copy
    finally:
        close_store(copy)


@pytest.fixture(scope="module")
def city(tmp_path_factory, loop_db) -> tuple[Path, Path]:
    """(city.toml, city.duckdb) with 新华区's and 湛河区's packages; the packages lie beside it (<code>.zip)."""
    folder = tmp_path_factory.mktemp("city")
    return build_city(folder / "city", build_packages(folder, loop_db))


@pytest.fixture()
def city_page(city, tmp_path, monkeypatch):
    """Run a page file (relative to the repository) of the city instance under AppTest, with URL query parameters."""
    with city_app(*city, tmp_path, monkeypatch):
        yield lambda file, **query: run_page(file, timeout=120, **query)

