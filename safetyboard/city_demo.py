"""`demo --city`: clearly synthetic ledgers for a few counties, each imported by its own configured instance
and exported as a district package, then a city database built from the packages.

Every enterprise is named 演示企业…; the counties' 乡/街道 are the real ones from data/pingdingshan, the
figures are invented."""
from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from . import district
from .config import REFERENCE_DIR
from .ledgers.importer import import_file
from .package import export_package, import_package
from .store import Store

# (code, name, hazards): counties with township points in data/pingdingshan/townships.csv
DEMO_COUNTIES = (("410402", "新华区", 60), ("410422", "叶县", 90), ("410425", "郏县", 45))
TOWNSHIPS = REFERENCE_DIR / "pingdingshan" / "townships.csv"
HAZARD_HEADER = ["隐患编号", "所属乡（街道）", "单位名称", "行业领域", "监管部门", "隐患描述", "隐患等级", "发现日期",
                 "整改时限", "整改状态", "完成日期"]
INDUSTRIES = ["工贸", "建筑施工", "危险化学品", "商贸", "燃气"]
DEPARTMENTS = ["应急管理局", "住建局", "市场监督管理局", "城市管理局"]
FLAWS = ["灭火器过期", "疏散通道堵塞", "电气线路乱拉", "临边无防护", "安全出口锁闭"]
AS_OF = dt.date(2022, 10, 31)


def synthetic_hazards(path: Path, code: str, count: int) -> Path:
    """A hazards ledger (CSV) for a county: units written as their aliases where they have one."""
    rng = random.Random(int(code))
    units = district.unit_rows()
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HAZARD_HEADER)
        for i in range(1, count + 1):
            unit = rng.choice(units)
            written = rng.choice([unit["name"], *[a for a in unit["aliases"].split("|") if a]])
            found = dt.date(2022, 4, 1) + dt.timedelta(days=rng.randrange(200))
            deadline = found + dt.timedelta(days=rng.choice([15, 30, 60]))
            done = found + dt.timedelta(days=rng.randrange(5, 90))
            rectified = done <= AS_OF and rng.random() < 0.7
            w.writerow([f"YS{code}-{i:04d}", written, f"演示企业{rng.randrange(1, count // 2):03d}", rng.choice(INDUSTRIES),
                        rng.choice(DEPARTMENTS), rng.choice(FLAWS), "重大" if rng.random() < 0.05 else "一般",
                        found.isoformat(), deadline.isoformat(), "已整改" if rectified else "未整改",
                        done.isoformat() if rectified else ""])
    return path


def build_city_demo(out_dir: Path, counties=DEMO_COUNTIES, progress=print) -> tuple[Path, list[Path]]:
    """Build one database and package per county under out_dir, and out_dir/city.duckdb from the packages."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    packages = []
    for code, name, count in counties:
        county_dir = out_dir / code
        county_dir.mkdir(exist_ok=True)
        config = district.write_config(county_dir / "district.toml", scope="district", code=code, name=name,
                                       units_file=TOWNSHIPS)
        with district.configured(config):
            db = county_dir / "safetyboard.duckdb"
            for old in county_dir.glob("safetyboard.duckdb*"):
                old.unlink()
            store = Store(db)
            try:
                ledger = synthetic_hazards(county_dir / f"{name}隐患排查整治台账（演示）.csv", code, count)
                import_file(store, ledger, user="demo")
                package = out_dir / f"{code}_{name}_数据包.zip"
                export_package(store, package, as_of=AS_OF, user="demo")
            finally:
                store.close()
        packages.append(package)
        progress(f"{name}（{code}）：演示台账已导入，数据包「{package.name}」已导出")
    city_config = district.write_config(out_dir / "city.toml", scope="city", code="410400", name="平顶山市")
    city_db = out_dir / "city.duckdb"
    for old in out_dir.glob("city.duckdb*"):
        old.unlink()
    with district.configured(city_config):
        store = Store(city_db)
        try:
            for package in packages:
                result = import_package(store, package, user="demo")
                progress(f"市级：已导入{result.district_name}数据包（{result.rows} 行，数据截至 {result.as_of}）")
        finally:
            store.close()
    progress(f"市级数据库：{city_db}（配置文件 {city_config}，以 SAFETYBOARD_DISTRICT 指定）")
    return city_db, packages
