"""A small hand-made set of ledgers whose numbers are worked out by hand in the tests
(see the comments: every expected value in tests/test_metrics.py follows from these rows).

As of A = 2022-10-31, since S = 2022-04-01."""
from __future__ import annotations

from pathlib import Path

import xlsxwriter

AS_OF = "2022-10-31"
SINCE = "2022-04-01"

# 隐患: two-row merged header, a title row, a column-number row, aliases, mixed date formats.
HAZARD_HEADER_TOP = ["序号", "隐患编号", "所属乡（街道）", "单位名称", "统一社会信用代码", "行业领域", "监管部门",
                     "隐患描述", "隐患等级", "发现日期", "整改情况", "", "", "", "", "", "", "挂牌督办"]
HAZARD_HEADER_BOTTOM = ["", "", "", "", "", "", "", "", "", "", "整改责任人", "整改措施", "整改资金（万元）", "整改时限",
                        "应急预案", "整改状态", "完成日期", "延期至"]
# The 挂牌督办 column sits after 延期至 in the bottom row, so the top row carries it; see HAZARD_COLUMNS.
HAZARDS = [
    # no, unit, enterprise, industry, dept, desc, level, found, responsible, measures, funds, deadline, plan, status, done, extended, listed
    ("H01", "马庄街道办事处", "企业A", "工贸", "区应急管理局", "灭火器过期", "一般", "2022/4/10", None, None, None, "2022-05-10", None, "已整改", "2022-05-01", None, None),
    ("H02", "马庄", "企业A", "工贸", "应急管理局", "粉尘涉爆未除尘", "重大隐患", "2022年5月1日", "张三", "加装除尘", "2.5", "2022-08-01", "有", "销号", "2022.7.20", None, "区级"),
    ("H03", "马庄街道", "企业B", "建筑施工", "住建局", "脚手架缺扣件", "一般", "20220601", None, None, None, "2022-07-01", None, "整改中", None, None, None),
    ("H04", " 马庄 ", "企业B", "建筑施工", "住建局", "临边无防护", "一般事故隐患", "2022-06-15", None, None, None, "2022-09-30", None, "未整改", None, "2022-11-30", None),
    ("H05", "九里山办事处", "企业C有限公司", "危险化学品", "应急管理局", "储罐区无泄漏报警", "重大", "2022-07-01", "李四", "安装报警", "10", "2022-10-01", None, "未整改", None, None, "市级"),
    ("H06", "九里山", "企业C有限公司", "危险化学品", "应急管理局", "标识不清", "一般", "2022-08-01", None, None, None, "2022-11-05", None, "正在整改", None, None, None),
    ("H07", "九里山街道", "企业D", "商贸", "市场监督管理局", "疏散通道堵塞", "一般", "2022-09-01", None, None, None, "2022-10-15", None, "已整改", "2022-11-10", None, None),
    ("H08", "曹镇乡人民政府", "企业E", "燃气", "城市管理局", "软管老化", "一般", "2022-10-01", None, None, None, "2022-10-31", None, "待整改", None, None, None),
    ("H09", "曹镇", "企业E", "燃气", "城市管理局", "阀门锈蚀", "一般", "2022-11-05", None, None, None, "2022-11-20", None, "未整改", None, None, None),
    ("H10", "曹镇乡", "企业F", "工贸", "应急管理局", "电气线路乱拉", "一般", "2022-03-15", None, None, None, "2022-04-15", None, "已整改", "2022-04-01", None, None),
    ("H11", "曹镇", "企业F", "工贸", "应急管理局", "安全出口锁闭", "一般", "2022-10-20", None, None, None, "2022-12-01", None, "已整改", None, None, None),
    ("H12", "马庄", "企业A", "工贸", "应急管理局", "配电箱未接地", "一般", "2022-04-20", None, None, None, "2022-05-20", None, "已完成", "2022-04-30", None, None),
]
# Bad rows (rejected): an unknown unit, an impossible date, a missing description.
HAZARD_BAD = [
    ("H90", "湛南街道", "企业X", "工贸", "应急管理局", "x", "一般", "2022-05-01", None, None, None, None, None, "未整改", None, None, None),
    ("H91", "马庄", "企业X", "工贸", "应急管理局", "y", "一般", "2022/13/45", None, None, None, None, None, "未整改", None, None, None),
    ("H92", "马庄", "企业X", "工贸", "应急管理局", None, "一般", "2022-05-01", None, None, None, None, None, "未整改", None, None, None),
]

CASES_HEADER = ["序号", "案件编号", "执法部门", "当事人", "所属乡(街道)", "违法类别", "立案日期", "处罚种类", "罚款金额(元)", "典型案例", "曝光"]
CASES = [
    ("C1", "应急管理局", "企业A", "马庄", "6", "2022-05-10", "罚款、责令改正", "5万元", "是", "否"),
    ("C2", "区住建局", "企业B", "马庄", "7", "2022-06-01", "停产整顿", None, "否", "否"),
    ("C3", "市场监管局", "企业D", "九里山", "行业专项", "2022-07-01", "罚款;关闭取缔", "3,000", "否", "是"),
    ("C4", "应急管理局", "企业F", "曹镇", "1", "2022-11-02", "罚款", "1000", "否", "否"),
    ("C5", "消防大队", "企业E", "曹镇", "8", "2022-10-31", "警告/移送司法", "0", "是", "否"),
]

ASSIGN_HEADER = ["督导组", "督导对象", "对象类型"]
ASSIGNMENTS = [
    ("第一督导组", "马庄街道", "乡/街道"), ("一组", "区应急管理局", "部门"),
    ("第二督导组", "九里山街道", "乡/街道"), ("督导二组", "企业C有限公司", "企业"),
    ("第3组", "曹镇乡", "乡/街道"),
]
VISIT_HEADER = ["序号", "督导组", "督导类型", "督导对象", "督导日期", "发现问题数", "已整改问题数"]
VISITS = [
    ("一组", "回头看", "马庄街道办事处", "2022-10-10", "3", "2"),
    ("第1组", "督导检查", "应急局", "2022-06-01", "2", "2"),
    ("督导二组", "回头看", "九里山", "2022-09-28", "1", "0"),
    ("第二督导组", "回头看", "企业C有限公司 ", "2022-10-20", "4", "1"),
    ("第三督导组", "回头看", "曹镇", "2022-11-02", "0", "0"),
    ("第一督导组", "回头看", "九里山街道", "2022-10-05", "1", "1"),
]

SUBMISSION_HEADER = ["报送单位", "报送节点", "报送日期"]
SUBMISSIONS = [
    ("马庄街道", "04-25", "2022-04-20"), ("马庄街道办事处", "第二次", "2022-05-26"), ("马庄", "10-25", "2022-10-25"),
    ("九里山", "第一次", "2022-04-25"), ("区应急管理局", "4月25日", "2022-04-24"), ("应急管理局", "10-25", "2022-11-01"),
]

MONTHLY_HEADER = ["报送单位", "月份", "报送日期", "检查单位数", "发现非法违法行为数", "停产整顿数", "关闭取缔数", "罚款金额（万元）", "移送司法数", "曝光数"]
MONTHLY = [
    ("应急管理局", "2022年9月", "2022-10-02", "20", "3", "1", "0", "1.5", "0", "1"),
    ("应急管理局", "2022-10", "2022-11-05", "25", "4", "0", "1", "2", "1", "0"),
    ("住建局", "2022年9月", "2022-10-03", "10", "1", "0", "0", "0.5", "0", "0"),
]

TIPS_HEADER = ["受理编号", "受理日期", "举报渠道", "举报人", "联系电话", "身份证号", "被举报单位", "所属乡(街道)", "核查结果", "奖励金额(元)", "办结日期"]
TIPS = [
    ("T1", "2022-05-01", "12350", "王某某", "13800000001", "410411199001011234", "企业A", "马庄", "属实", "500", "2022-05-20"),
    ("T2", "2022-06-01", "12345", "赵某", "13800000002", None, "企业B", "马庄", "不属实", None, "2022-06-10"),
    ("T3", "2022-07-01", "来信", "钱某", "13800000003", None, "企业C有限公司", "九里山", "核查中", None, None),
    ("T4", "2022-11-05", "网站", "孙某", "13800000004", None, "企业D", "九里山", "属实", "1000", None),
    ("T5", "2022-08-01", "举报电话", "李某", "13800000005", None, "企业E", "曹镇", "属实", "200", "2022-08-15"),
]
REPORTER_VALUES = ["王某某", "13800000001", "410411199001011234", "赵某", "13800000002", "钱某", "13800000003",
                   "孙某", "13800000004", "李某", "13800000005"]


def _sheet(wb, name: str, title: str, header: list[str], rows: list[tuple], seq: bool = True):
    ws = wb.add_worksheet(name)
    ws.merge_range(0, 0, 0, len(header) - 1, title)
    ws.write_row(1, 0, header)
    for i, row in enumerate(rows):
        values = ([i + 1] if seq and header[0] == "序号" else []) + list(row)
        for j, v in enumerate(values):
            if v is not None:
                ws.write_string(2 + i, j, str(v)) if not isinstance(v, int) else ws.write_number(2 + i, j, v)
    return ws


def write_fixture_ledgers(directory: Path) -> dict[str, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}

    paths["hazards"] = directory / "隐患台账.xlsx"
    wb = xlsxwriter.Workbook(str(paths["hazards"]))
    ws = wb.add_worksheet("隐患")
    ws.merge_range(0, 0, 0, 18, "湛河区安全生产隐患排查整治台账（2022年）")
    top = ["序号", "隐患编号", "所属乡（街道）", "单位名称", "行业领域", "监管部门", "隐患描述", "隐患等级", "发现日期",
           "整改情况", "", "", "", "", "", "", "", "挂牌督办"]
    bottom = ["", "", "", "", "", "", "", "", "", "整改责任人", "整改措施", "整改资金（万元）", "整改时限", "应急预案",
              "整改状态", "完成日期", "延期至", ""]
    ws.write_row(1, 0, top)
    ws.write_row(2, 0, bottom)
    ws.write_row(3, 0, list(range(1, len(top) + 1)))
    for i, row in enumerate(HAZARDS + HAZARD_BAD):
        ws.write_number(4 + i, 0, i + 1)
        for j, v in enumerate(row):
            if v is not None:
                ws.write_string(4 + i, 1 + j, v)
    n = 4 + len(HAZARDS) + len(HAZARD_BAD)
    ws.write_string(n + 1, 0, "合计")
    ws.write_string(n + 2, 0, "注：本表由各乡（街道）安监办填报。")
    wb.close()

    paths["enforcement"] = directory / "执法案件台账.xlsx"
    wb = xlsxwriter.Workbook(str(paths["enforcement"]))
    _sheet(wb, "案件", "2022年行政执法案件台账", CASES_HEADER, CASES)
    wb.close()

    paths["assignments"] = directory / "督导组分工.xlsx"
    wb = xlsxwriter.Workbook(str(paths["assignments"]))
    _sheet(wb, "分工", "督导组分工表", ASSIGN_HEADER, ASSIGNMENTS, seq=False)
    wb.close()

    paths["supervision"] = directory / "督导检查记录.xlsx"
    wb = xlsxwriter.Workbook(str(paths["supervision"]))
    _sheet(wb, "督导", "2022年督导检查记录", VISIT_HEADER, VISITS)
    wb.close()

    paths["submissions"] = directory / "自查报告报送.csv"
    lines = ["自查报告报送情况（2022年）", ",".join(SUBMISSION_HEADER)] + [",".join(r) for r in SUBMISSIONS]
    paths["submissions"].write_bytes(("\n".join(lines) + "\n").encode("gbk"))

    paths["monthly_reports"] = directory / "打非治违月报.xlsx"
    wb = xlsxwriter.Workbook(str(paths["monthly_reports"]))
    _sheet(wb, "月报", "2022年打非治违月报汇总", MONTHLY_HEADER, MONTHLY, seq=False)
    wb.close()

    paths["tips"] = directory / "举报受理台账.xlsx"
    wb = xlsxwriter.Workbook(str(paths["tips"]))
    _sheet(wb, "举报", "2022年举报受理台账", TIPS_HEADER, TIPS, seq=False)
    wb.close()
    return paths


def unique_hazard_ledger(path: Path) -> Path:
    """A one-row hazards CSV whose content differs by file name (a file imported twice changes nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态\n"
                    f"S-{path.stem},马庄,快照企业,快照测试,一般,2022-06-01,未整改\n", encoding="utf-8")
    return path


def build_fixture_db(directory: Path) -> Path:
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import Store

    paths = write_fixture_ledgers(directory / "ledgers")
    db = directory / "fixture.duckdb"
    store = Store(db)
    for key in ("assignments", "hazards", "enforcement", "supervision", "submissions", "monthly_reports", "tips"):
        for result in import_file(store, paths[key]):
            assert result.status == "imported", (key, result.error)
    store.close()
    return db
