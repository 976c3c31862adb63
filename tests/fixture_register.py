"""Hand-made ledgers for the 底数 and the cross-checks: hazards with 统一社会信用代码 and 发现方式,
cases, an enterprise register and an accident ledger, in a database of their own. As of A = 2022-10-31,
since S = 2022-04-01. Every expected number in tests/metric_rules/test_register.py is counted from these rows."""
from __future__ import annotations

from pathlib import Path

from fixture_loop import sheet

from safetyboard.rules import credit_check_char

AS_OF = "2022-10-31"
SINCE = "2022-04-01"


def code(first17: str) -> str:
    return first17 + credit_check_char(first17)


CA, CC, CX, CF, CG = (code(f"91410411MA000000{i}") for i in "13456")   # 甲, 丙 (hazard), 丙 (case/register), 己, 庚

HAZARD_HEADER = ["序号", "隐患编号", "所属乡(街道)", "单位名称", "统一社会信用代码", "行业领域", "监管部门", "隐患描述",
                 "隐患等级", "发现方式", "发现日期", "整改时限", "整改状态", "整改完成日期"]
HAZARDS = [
    # overdue; a case against the same code (written with other spaces) → matched by code
    ("X01", "马庄", "甲公司", CA, "工贸", "应急管理局", "灭火器过期", "一般", "部门检查", "2022-05-01", "2022-06-01", "未整改", None),
    # overdue, no code; the case names it with full-width brackets → matched by folded name
    ("X02", "马庄", "乙有限公司", None, "工贸", "应急管理局", "通道堵塞", "一般", "部门检查", "2022-05-01", "2022-06-01", "未整改", None),
    # open 重大; the case against 丙公司 carries another code → no match (near-miss)
    ("X03", "九里山", "丙公司", CC, "危险化学品", "应急管理局", "储罐无报警", "重大", "部门检查", "2022-06-01", "2022-12-31", "未整改", None),
    # overdue; the case was filed before the hazard was found → no match (near-miss)
    ("X04", "九里山", "丁公司", None, "商贸", "市场监督管理局", "电线老化", "一般", "部门检查", "2022-06-01", "2022-07-01", "未整改", None),
    # overdue; the case names 戊公司分公司, another name → no match (near-miss); 执法检查 reads 部门检查
    ("X05", "九里山", "戊公司", None, "商贸", "市场监督管理局", "无应急灯", "一般", "执法检查", "2022-06-01", "2022-07-01", "未整改", None),
    # 企业自查, rectified in time; a later case by code → 自查自改仍处罚 (by code)
    ("X06", "曹镇", "己公司", CF, "燃气", "城市管理局", "软管老化", "一般", "企业自查", "2022-05-10", "2022-06-10", "已整改", "2022-06-01"),
    # 企业自查, rectified in time, no code; the case carries a code → matched by name
    ("X07", "曹镇", "庚公司", None, "燃气", "城市管理局", "阀门锈蚀", "一般", "自查", "2022-05-10", "2022-06-10", "已整改", "2022-06-05"),
    # 企业自查 but rectified after its deadline → not counted (near-miss)
    ("X08", "曹镇", "辛公司", None, "工贸", "应急管理局", "未接地", "一般", "企业自查", "2022-05-10", "2022-06-10", "已整改", "2022-07-01"),
    # 企业自查, in time, but the case was filed before it was found → not counted (near-miss)
    ("X09", "马庄", "壬公司", None, "工贸", "应急管理局", "标识缺失", "一般", "企业自查", "2022-09-01", "2022-09-30", "已整改", "2022-09-10"),
    # open, neither overdue nor 重大 → not checked
    ("X10", "马庄", "甲公司", CA, "工贸", "应急管理局", "安全出口锁闭", "一般", "举报", "2022-10-01", "2022-12-01", "未整改", None),
    # found before S, overdue at A, no case at all; no 发现方式
    ("X11", "马庄", "癸公司", None, "工贸", "应急管理局", "无安全培训", "一般", None, "2022-03-01", "2022-03-31", "未整改", None),
]

CASE_HEADER = ["序号", "案件编号", "执法部门", "当事人", "统一社会信用代码", "所属乡(街道)", "立案日期", "处罚种类", "罚款金额(元)"]
CASES = [
    ("K1", "应急管理局", "甲 公司", CA, "马庄", "2022-07-01", "罚款", "1000"),
    ("K2", "应急管理局", "乙（有限）公司", None, "马庄", "2022-06-15", "罚款", "2000"),
    ("K3", "应急管理局", "丙公司", CX, "九里山", "2022-07-01", "责令改正", None),
    ("K4", "市场监管局", "丁公司", None, "九里山", "2022-05-20", "罚款", "500"),
    ("K5", "市场监管局", "戊公司分公司", None, "九里山", "2022-08-01", "罚款", "500"),
    ("K6", "城市管理局", "己公司", CF, "曹镇", "2022-07-01", "罚款", "3000"),
    ("K7", "城市管理局", "庚公司", CG, "曹镇", "2022-08-01", "罚款", "3000"),
    ("K8", "应急管理局", "辛公司", None, "曹镇", "2022-08-01", "罚款", "1000"),
    ("K9", "应急管理局", "壬公司", None, "马庄", "2022-08-01", "罚款", "1000"),
]

REGISTER_HEADER = ["序号", "单位名称", "统一社会信用代码", "所属乡(街道)", "行业领域", "监管部门", "规模", "是否重点",
                   "最近排查日期", "排查结果", "经度", "纬度"]
# 经度/纬度 (the map's point layer) for four of them; the others leave both blank.
REGISTER = [
    ("甲公司", CA, "马庄街道", "工贸", "应急管理局", "规上", "是", None, None, "113.3012", "33.7401"),  # X01/X10 by code: inspected
    ("乙 有限 公司", None, "马庄", "工贸", "应急管理局", "小微", "否", None, None, None, None),  # X02 by folded name: inspected
    ("丙公司", CX, "九里山", "危险化学品", "应急管理局", "规上", "是", None, None, "113.2605", "33.6902"),  # X03 has another code: not
    ("丁公司", None, "九里山", "商贸", "市场监督管理局", "个体", "否", None, None, None, None),  # X04 by name: inspected
    ("某某加油站", None, "九里山", "危险化学品", "应急管理局", "规下", "是", "2022-06-15", "无隐患", "113.2650°", "33.6950"),  # by date: inspected
    ("某某餐馆", None, "曹镇", "商贸", "市场监督管理局", "个体", "否", "2022-03-01", "无隐患", None, None),  # date before S: not
    ("癸公司", None, "马庄", "工贸", "应急管理局", "小微", "否", None, None, "113.3101", "33.7350"),  # X11 found before S: not
    ("己公司", CF, "曹镇", "燃气", "城市管理局", "规上", "是", None, None, None, None),  # X06 by code: inspected
]
REGISTER_BAD = [("甲公司（重复）", CA, "马庄", "工贸", "应急管理局", "规上", "是", None, None, None, None)]   # same code as row 1

ACCIDENT_HEADER = ["序号", "事故编号", "发生日期", "所属乡(街道)", "单位名称", "行业领域", "事故类型", "死亡人数", "受伤人数",
                   "直接经济损失(万元)", "是否瞒报谎报"]
ACCIDENTS = [
    ("SG01", "2022-05-03", "马庄", "甲公司", "工贸", "机械伤害", "1", "2", "120", "否"),
    ("SG02", "2022-08-20", "九里山", "丙公司", "危险化学品", "火灾", "0", "3", "35.5", "是"),
    ("SG03", "2022-11-05", "曹镇", "己公司", "燃气", "中毒和窒息", "1", "0", "10", "否"),    # after A
    (None, "2021-06-01", "马庄", "癸公司", "工贸", "物体打击", "0", "1", "5", "否"),          # the previous year's period
    ("SG05", "2021-03-01", "曹镇", "某某餐馆", "商贸", "火灾", "1", "0", "50", "否"),        # before S − 1 year
]


def write_register_ledgers(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return {
        "hazards": sheet(directory / "隐患台账.xlsx", "隐患", "隐患排查整治台账", HAZARD_HEADER, HAZARDS),
        "enforcement": sheet(directory / "执法案件.xlsx", "案件", "行政执法案件台账", CASE_HEADER, CASES),
        "register": sheet(directory / "生产经营单位名录.xlsx", "名录", "湛河区生产经营单位名录", REGISTER_HEADER,
                           REGISTER + REGISTER_BAD),
        "accidents": sheet(directory / "生产安全事故.xlsx", "事故", "湛河区生产安全事故台账", ACCIDENT_HEADER, ACCIDENTS),
    }


def build_register_db(directory: Path) -> Path:
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import Store

    db = directory / "register.duckdb"
    store = Store(db)
    for key, path in write_register_ledgers(directory / "ledgers").items():
        for result in import_file(store, path):
            assert result.status == "imported" and result.ledger_type == key, (key, result.error, result.message)
    store.close()
    return db
