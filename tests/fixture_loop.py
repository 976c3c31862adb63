"""Hand-made loop ledgers on top of the golden fixture (fixture_ledgers.py): 督导发现问题, 挂牌督办 and
约谈/通报/问责. As of A = 2022-10-31, since S = 2022-04-01, 回头看 window 10-01..10-31. Every expected number in
tests/metric_rules/test_loop.py is counted from these rows; the fixture's 回头看 visits by then: 第一督导组 → 马庄街道 10-10,
第一督导组 → 九里山街道 10-05, 第二督导组 → 企业C有限公司 10-20."""
from __future__ import annotations

import shutil
from pathlib import Path

import xlsxwriter

PROBLEM_HEADER = ["序号", "问题编号", "督导组", "督导对象", "所属乡(街道)", "发现日期", "问题描述", "问题类别", "交办日期",
                  "整改责任单位", "整改时限", "整改情况", "整改完成日期", "复查日期", "复查结果", "销号日期"]
PROBLEMS = [
    ("P01", "一组", "马庄街道", None, "2022-06-01", "安全生产责任制未逐级签订", "责任落实", "2022-06-03", "马庄街道",
     "2022-07-01", "已整改", "2022-06-20", "2022-10-10", "通过", "2022-10-12"),
    ("P02", "一组", "马庄街道办事处", None, "2022-06-01", "辖区企业隐患台账未建立", "台账管理", "2022-06-03", "马庄街道",
     "2022-07-01", "整改中", None, "2022-10-10", "未通过", None),
    ("P03", "第一督导组", "马庄", None, "2022-06-15", "应急演练未开展", "应急管理", "2022-06-16", "马庄街道",
     "2022-08-01", "已整改", "2022-10-20", None, None, None),
    ("P04", "第一督导组", "马庄街道", None, "2022-10-10", "回头看发现九小场所消防通道堵塞", "消防安全", "2022-10-11",
     "马庄街道", "2022-11-10", "未整改", None, None, None, None),
    ("P05", "第一督导组", "区应急管理局", None, "2022-06-01", "执法计划未按月分解", "执法检查", "2022-06-02",
     "应急管理局", "2022-06-30", "已整改", None, None, None, None),
    ("P06", "第二督导组", "企业C有限公司", None, "2022-07-05", "储罐区可燃气体报警器失效", "重大隐患", "2022-07-06",
     "企业C有限公司", "2022-09-30", "未整改", None, "2022-10-20", "未通过", None),
    ("P07", "督导二组", "企业C有限公司", None, "2022-07-05", "特种作业人员无证上岗", "持证上岗", "2022-07-06",
     "企业C有限公司", "2022-08-30", "已整改", "2022-08-25", "2022-10-20", "通过", "2022-10-25"),
    ("P08", "第二督导组", "九里山街道", None, "2022-09-28", "打非治违工作台账不全", "台账管理", "2022-09-29",
     "九里山街道", "2022-10-31", "整改中", None, None, None, None),
    ("P09", "第3组", "曹镇乡", None, "2022-03-20", "燃气企业巡查记录缺失", "燃气安全", "2022-03-21", "曹镇乡",
     "2022-04-20", "已整改", "2022-04-10", None, None, None),
    ("P10", "第3组", "曹镇", None, "2022-11-02", "回头看发现问题", None, None, None, None, "未整改", None, None, None, None),
    ("P11", "第二督导组", "企业D", "九里山", "2022-08-10", "疏散指示标志损坏", "消防安全", "2022-08-11", "企业D",
     "2022-09-10", "整改中", None, None, None, None),
]
# Rejected: 复查 before 交办; 销号 without 已整改.
PROBLEMS_BAD = [
    ("P90", "一组", "马庄", None, "2022-06-01", "x", None, "2022-06-05", None, "2022-07-01", "整改中", None, "2022-06-04",
     "通过", None),
    ("P91", "一组", "马庄", None, "2022-06-01", "y", None, "2022-06-05", None, "2022-07-01", "未整改", None, None, None,
     "2022-07-05"),
]

LISTING_HEADER = ["序号", "隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "挂牌级别", "挂牌日期", "督办单位", "整改时限",
                  "摘牌日期", "验收单位"]
LISTINGS = [
    ("H02", None, None, None, "区级", "2022-05-05", "区安委办", "2022-08-01", "2022-07-25", "区应急管理局"),
    (None, None, "企业C有限公司", "储罐区无泄漏报警", "市级", "2022-07-05", "市安委办", "2022-10-01", None, None),
    ("H06", None, None, None, "区级", "2022-08-10", "区安委办", None, None, None),
    ("H08", None, None, None, "省级", "2022-10-15", "省安委办", "2022-10-20", None, None),
    ("H07", None, None, None, "区级", "2022-11-03", "区安委办", "2022-11-30", None, None),
    (None, "曹镇", "企业Z", "液氨管道腐蚀", "区级", "2022-06-01", "区安委办", "2022-08-31", "2022-09-01", "区应急管理局"),
]
LISTINGS_BAD = [("H09", None, None, None, "区级", "2022-10-01", "区安委办", None, "2022-09-30", None)]   # 摘牌 before 挂牌

ACTION_HEADER = ["序号", "日期", "对象", "所属乡(街道)", "类型", "事由", "发文字号", "关联"]
ACTIONS = [
    ("2022-08-01", "九里山街道", None, "约谈", "重大隐患整改滞后", "湛安委办〔2022〕12号", "H05"),
    ("2022-09-01", "区住建局", None, "通报批评", "建筑施工执法检查偏松偏软", "湛安委〔2022〕15号", None),
    ("2022-09-15", "企业C有限公司", "九里山", "警示函", "挂牌隐患逾期未整改", "湛安委办〔2022〕18号", "H05"),
    ("2022-10-20", "马庄街道", None, "约谈", "回头看复查未通过", "湛安委办〔2022〕21号", "P02"),
    ("2022-11-10", "曹镇", None, "问责", "燃气安全监管不力", "湛纪〔2022〕3号", None),
    ("2022-03-10", "应急管理局", None, "约谈", "年度考核", None, None),
]


def sheet(path: Path, name: str, title: str, header: list[str], rows: list[tuple]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(name)
    ws.merge_range(0, 0, 0, len(header) - 1, title)
    ws.write_row(1, 0, header)
    for i, row in enumerate(rows):
        ws.write_number(2 + i, 0, i + 1)
        for j, v in enumerate(row):
            if v is not None:
                ws.write_string(2 + i, 1 + j, v)
    wb.close()
    return path


def write_loop_ledgers(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return {
        "problems": sheet(directory / "督导发现问题清单.xlsx", "问题清单", "2022年督导发现问题清单", PROBLEM_HEADER,
                           PROBLEMS + PROBLEMS_BAD),
        "listings": sheet(directory / "挂牌督办登记.xlsx", "挂牌督办", "重大隐患挂牌督办登记表", LISTING_HEADER,
                           LISTINGS + LISTINGS_BAD),
        "accountability": sheet(directory / "约谈通报问责.xlsx", "约谈通报问责", "2022年约谈、通报、问责情况",
                                 ACTION_HEADER, ACTIONS),
    }


def build_loop_db(fixture_db: Path, directory: Path) -> Path:
    """A copy of the golden fixture database with the loop ledgers imported."""
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import Store

    db = directory / "loop.duckdb"
    shutil.copy2(fixture_db, db)
    store = Store(db)
    for key, path in write_loop_ledgers(directory / "loop_ledgers").items():
        for result in import_file(store, path):
            assert result.status == "imported" and result.ledger_type == key, (key, result.error)
    store.close()
    return db
