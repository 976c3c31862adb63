"""`demo --city`: 湛河区's demo database (the bundled sample ledgers) and clearly synthetic ledgers for a few
other counties, each imported by its own configured instance and exported as a district package, then a city
database built from the packages.

Every enterprise of the synthetic counties is named 演示企业…; their 乡/街道 are the real ones from
data/pingdingshan, the figures are invented. Counties not in the demo have no package (the city shows them as
未报送数据包)."""
from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

from . import district
from .config import REFERENCE_DIR, SAMPLE_DIR
from .demo_db import build_demo_database
from .ledgers.importer import import_file
from .package import export_package, import_package
from .store import Store

# (code, name, hazards, package as-of): counties with township points in data/pingdingshan/townships.csv.
# 郏县's package is older than the others, so the city shows a stale county (数据滞后).
DEMO_COUNTIES = (("410402", "新华区", 600, dt.date(2022, 11, 30)), ("410422", "叶县", 900, dt.date(2022, 11, 30)),
                 ("410425", "郏县", 450, dt.date(2022, 11, 16)))
ZHANHE = ("410411", "湛河区")
CASE_HEADER = ["案件编号", "执法部门", "当事人", "所属乡(街道)", "行业领域", "违法行为", "立案日期", "处罚种类", "罚款金额(元)"]
TOWNSHIPS = REFERENCE_DIR / "pingdingshan" / "townships.csv"
HAZARD_HEADER = ["隐患编号", "所属乡（街道）", "单位名称", "行业领域", "监管部门", "隐患描述", "隐患等级", "发现日期",
                 "整改时限", "整改状态", "完成日期"]
INDUSTRIES = ["工贸", "建筑施工", "危险化学品", "商贸", "燃气"]
DEPARTMENTS = ["应急管理局", "住建局", "市场监督管理局", "城市管理局"]
FLAWS = ["灭火器过期", "疏散通道堵塞", "电气线路乱拉", "临边无防护", "安全出口锁闭"]
AS_OF = dt.date(2022, 11, 30)          # the bundled sample ledgers' last date


def synthetic_hazards(path: Path, code: str, count: int, until: dt.date = AS_OF) -> Path:
    """A hazards ledger (CSV) for a county, found up to `until`: units written as their aliases where they have one."""
    rng = random.Random(int(code))
    units = district.unit_rows()
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HAZARD_HEADER)
        for i in range(1, count + 1):
            unit = rng.choice(units)
            written = rng.choice([unit["name"], *[a for a in unit["aliases"].split("|") if a]])
            found = dt.date(2022, 4, 1) + dt.timedelta(days=rng.randrange((until - dt.date(2022, 4, 1)).days + 1))
            deadline = found + dt.timedelta(days=rng.choice([15, 30, 60]))
            done = found + dt.timedelta(days=rng.randrange(5, 90))
            rectified = done <= until and rng.random() < 0.7
            w.writerow([f"YS{code}-{i:04d}", written, f"演示企业{rng.randrange(1, count // 2):03d}", rng.choice(INDUSTRIES),
                        rng.choice(DEPARTMENTS), rng.choice(FLAWS), "重大" if rng.random() < 0.05 else "一般",
                        found.isoformat(), deadline.isoformat(), "已整改" if rectified else "未整改",
                        done.isoformat() if rectified else ""])
    return path


def synthetic_cases(path: Path, code: str, count: int, until: dt.date) -> Path:
    """An enforcement ledger (CSV) for a county, cases filed up to `until`."""
    rng = random.Random(int(code) + 1)
    units = district.unit_rows()
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(CASE_HEADER)
        for i in range(1, count + 1):
            filed = dt.date(2022, 4, 1) + dt.timedelta(days=rng.randrange((until - dt.date(2022, 4, 1)).days + 1))
            fined = rng.random() < 0.6
            w.writerow([f"AJ{code}-{i:04d}", rng.choice(DEPARTMENTS), f"演示企业{rng.randrange(1, 300):03d}",
                        rng.choice(units)["name"], rng.choice(INDUSTRIES), rng.choice(FLAWS), filed.isoformat(),
                        "罚款" if fined else "责令限期整改", rng.randrange(1, 50) * 1000 if fined else ""])
    return path


def _zhanhe_package(out_dir: Path, progress) -> Path:
    """湛河区 as its own instance runs on the demo: the bundled sample ledgers, exported."""
    code, name = ZHANHE
    county_dir = out_dir / code
    county_dir.mkdir(exist_ok=True)
    db = county_dir / "safetyboard.duckdb"
    with district.configured(REFERENCE_DIR / "district.toml"):
        build_demo_database(db, SAMPLE_DIR, replace=True)
        store = Store(db)
        try:
            package = out_dir / f"{code}_{name}_数据包.zip"
            export_package(store, package, user="demo")       # as of its latest data, like the district would
        finally:
            store.close()
    progress(f"{name}（{code}）：示例台账已导入，数据包「{package.name}」已导出")
    return package


def build_city_demo(out_dir: Path, counties=DEMO_COUNTIES, progress=print, with_zhanhe: bool = True) -> tuple[Path, list[Path]]:
    """Build one database and package per county under out_dir, and out_dir/city.duckdb from the packages."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    packages = [_zhanhe_package(out_dir, progress)] if with_zhanhe else []
    for code, name, count, as_of in counties:
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
                ledger = synthetic_hazards(county_dir / f"{name}隐患排查整治台账（演示）.csv", code, count, as_of)
                import_file(store, ledger, user="demo")
                cases = synthetic_cases(county_dir / f"{name}行政执法案件台账（演示）.csv", code, count // 10, as_of)
                import_file(store, cases, user="demo")
                package = out_dir / f"{code}_{name}_数据包.zip"
                export_package(store, package, as_of=as_of, user="demo")
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
