"""A second county's ledger for the district-package and city tests (新华区, configured from the townships file)."""
import datetime as dt
from pathlib import Path

from safetyboard import district
from safetyboard.config import REFERENCE_DIR
from safetyboard.ledgers.importer import import_file
from safetyboard.package import export_package
from safetyboard.store import Store

TOWNSHIPS = REFERENCE_DIR / "pingdingshan" / "townships.csv"

# 新华区 hazards written with its 2016 aliases (data/pingdingshan/townships.csv), and one 湛河区 unit.
XINHUA_LEDGER = """隐患编号,所属乡（街道）,单位名称,行业领域,监管部门,隐患描述,隐患等级,发现日期,整改时限,整改状态,完成日期
X1,曙光街办事处,演示企业甲,工贸,应急管理局,灭火器过期,一般,2022-05-01,2022-06-01,已整改,2022-05-20
X2,西高皇,演示企业乙,商贸,市场监督管理局,疏散通道堵塞,一般,2022-06-01,2022-07-01,未整改,
X3,焦店镇人民政府,演示企业丙,危险化学品,应急管理局,储罐无报警,重大,2022-07-01,2022-08-01,已整改,2022-07-15
X4,马庄街道,演示企业丁,工贸,应急管理局,临边无防护,一般,2022-07-01,2022-08-01,未整改,
"""


def export_xinhua(directory: Path, as_of: dt.date) -> Path:
    """新华区 configured from the townships file, its ledger imported, its package exported: directory/xinhua.zip."""
    directory = Path(directory)
    config = district.write_config(directory / "xinhua.toml", scope="district", code="410402", name="新华区",
                                   units_file=TOWNSHIPS)
    ledger = directory / "新华区隐患台账.csv"
    ledger.write_text(XINHUA_LEDGER, encoding="utf-8")
    with district.configured(config):
        store = Store(directory / "xinhua.duckdb")
        import_file(store, ledger, user="test")
        export_package(store, directory / "xinhua.zip", as_of=as_of)
        store.close()
    return directory / "xinhua.zip"
