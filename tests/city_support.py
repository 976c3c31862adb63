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


def export_county(folder: Path, code: str, name: str, db: Path, config: Path, ledger: str | None = None) -> Path:
    """One county's package (folder/<code>.zip) from its database, with its ledger imported first if given."""
    with district.configured(config):
        store = Store(db)
        try:
            if ledger is not None:
                source = folder / f"{name}隐患台账.csv"
                source.write_text(ledger, encoding="utf-8")
                import_file(store, source, user="test")
            export_package(store, folder / f"{code}.zip", as_of=AS_OF)
        finally:
            store.close()
    return folder / f"{code}.zip"


def build_packages(folder: Path, loop_db: Path) -> dict[str, Path]:
    xinhua_config = district.write_config(folder / "xinhua.toml", scope="district", code=XINHUA, name="新华区",
                                          units_file=TOWNSHIPS)
    xinhua = export_county(folder, XINHUA, "新华区", folder / "xinhua.duckdb", xinhua_config, XINHUA_LEDGER)
    zhanhe = export_county(folder, ZHANHE, "湛河区", shutil.copy2(loop_db, folder / "zhanhe.duckdb"),
                           REFERENCE_DIR / "district.toml")
    return {XINHUA: xinhua, ZHANHE: zhanhe}


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
