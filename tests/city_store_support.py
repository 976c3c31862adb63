"""A small city instance for the city 简报 and 大屏 tests: 新华区's package (tests/fixture_counties.py: 3 hazards,
1 重大, 2 已整改, 1 逾期 at 2022-10-31) and the golden 湛河区 database's (tests/fixture_ledgers.py: 10 hazards, 2 重大,
4 已整改, 3 逾期, 4 cases, 53,000 元 at 2022-10-31), the latter labelled 数据截至 2022-10-20, so at A = 2022-10-31
it is stale (11 days behind); the other eight counties sent nothing."""
from __future__ import annotations

import datetime as dt
import shutil
from contextlib import contextmanager
from pathlib import Path

from safetyboard import district
from safetyboard.config import REFERENCE_DIR
from safetyboard.package import export_package, import_package
from safetyboard.store import Store

from fixture_counties import export_xinhua

AS_OF = dt.date(2022, 10, 31)
ZHANHE_AS_OF = dt.date(2022, 10, 20)
XINHUA, ZHANHE = "410402", "410411"


def build_city(directory: Path, zhanhe_db: Path) -> tuple[Path, Path]:
    """(city.toml, city.duckdb) in directory; zhanhe_db is copied, not changed."""
    directory = Path(directory)
    export_xinhua(directory, AS_OF)
    shutil.copy2(zhanhe_db, directory / "zhanhe.duckdb")
    with district.configured(REFERENCE_DIR / "district.toml"):
        store = Store(directory / "zhanhe.duckdb")
        export_package(store, directory / "zhanhe.zip", as_of=ZHANHE_AS_OF)
        store.close()
    config = district.write_config(directory / "city.toml", scope="city", code="410400", name="平顶山市")
    db = directory / "city.duckdb"
    with district.configured(config):
        store = Store(db)
        import_package(store, directory / "xinhua.zip")
        import_package(store, directory / "zhanhe.zip")
        store.close()
    return config, db


@contextmanager
def open_city(directory: Path, zhanhe_db: Path):
    """build_city, then its store opened as the city instance (closed and the district restored on exit)."""
    config, db = build_city(directory, zhanhe_db)
    with district.configured(config):
        store = Store(db)
        try:
            yield store
        finally:
            store.close()
