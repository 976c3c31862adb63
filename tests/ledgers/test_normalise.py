"""Normalising a sheet (ledgers/normalise.py): which rows are data and which are skipped, the value each cell
becomes, the rows rejected and why, the warnings a usable row carries, ditto marks.

The fixtures are written here, into tmp_path; every expected count and value is worked out by hand
from the rows below (the comments say how)."""
import datetime as dt
from pathlib import Path

import pytest

from safetyboard.ledgers.importer import import_file

from import_support import PROBLEM_HEADER, rows
from workbook_support import LAYOUT_HEADER, book, parsed_sheets, stored_hazards, values, write_hazard_workbook, write_xlsx


D = dt.date


@pytest.fixture()
def hazard_workbook(tmp_path) -> Path:
    return write_hazard_workbook(tmp_path)


# ---------------------------------------------------------------- rows: data, skipped, rejected

def test_row_classification_and_accounting(hazard_workbook):
    parsed = parsed_sheets(hazard_workbook)["隐患"].parsed
    # Rows 5..16 lie under the header: 12 rows. Accepted H01, H02, H04, H05; rejected H03 (湛南街道);
    # skipped: the column-number row 5, blank rows 8 and 14, 小计 row 11, 合计 row 13, the note 15, the signatures 16.
    assert (parsed.rows, parsed.accepted, len(parsed.rejected), parsed.skipped) == (12, 4, 1, 7)
    assert parsed.rows == parsed.accepted + len(parsed.rejected) + parsed.skipped
    assert parsed.source_rows.to_pylist() == [6, 7, 10, 12]
    assert parsed.rejected == [{
        "row_number": 9,
        "cells": {"序号": "3", "隐患编号": "H03", "所属乡(街道)": "湛南街道", "单位名称": "企业C", "隐患描述": "临边无防护",
                  "隐患等级": "一般", "发现日期": "20220501", "整改情况/整改时限": None, "整改情况/整改状态": "未整改",
                  "整改情况/完成日期": None, "整改情况/整改资金(万元)": None, "挂牌督办": None, "备注": None},
        "reasons": "所属乡(街道)「湛南街道」不是湛河区的乡/街道"}]


def test_pre_numbered_empty_rows_are_blank(tmp_path):
    # Forms often come with 序号 filled in down the page; a row with nothing but its 序号 is a blank row.
    rows = [["序号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
            [1, "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改"]] + [[i] for i in range(2, 21)]
    parsed = parsed_sheets(write_xlsx(tmp_path / "h.xlsx", {"S": rows}))["S"].parsed
    assert (parsed.rows, parsed.accepted, len(parsed.rejected), parsed.skipped) == (20, 1, 0, 19)


def test_a_row_missing_required_cells_is_rejected_not_skipped(tmp_path):
    rows = [["序号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
            [1, None, "企业A", None, None, None, None]]
    parsed = parsed_sheets(write_xlsx(tmp_path / "h.xlsx", {"S": rows}))["S"].parsed
    assert (parsed.rows, parsed.accepted, parsed.skipped) == (1, 0, 0)
    assert parsed.rejected[0]["row_number"] == 2
    assert parsed.rejected[0]["reasons"] == ("所属乡(街道)为空（必填）；隐患描述为空（必填）；隐患等级为空（必填）；"
                                             "发现日期为空（必填）；整改状态为空（必填）")


def test_subtotal_and_repeated_header_rows_are_skipped(store, tmp_path):
    path = book(tmp_path / "马庄.xlsx", [
        LAYOUT_HEADER,
        ["企业A", "a", "一般", "2022-05-01", "未整改"],
        [None, "小计", None, None, "1"],
        LAYOUT_HEADER,
        ["企业B", "b", "一般", "2022-05-02", "未整改"],
        ["合计：2", None, None, None, None]])
    (result,) = import_file(store, path)
    # 6 rows below the first header: 2 accepted; 小计, the repeated header and 合计 skipped.
    assert (result.rows, result.accepted, result.rejected, result.skipped) == (5, 2, 0, 3)


def test_seq_column_is_dropped(hazard_workbook):
    p = parsed_sheets(hazard_workbook)["隐患"]
    assert "seq" not in p.parsed.columns
    assert not any(name.startswith("seq") for name in p.parsed.columns)


# ---------------------------------------------------------------- values

def test_hazard_values(hazard_workbook):
    p = parsed_sheets(hazard_workbook)["隐患"]
    d = dt.date
    assert values(p, "hazard_no", "unit_code", "unit", "level", "found_date", "deadline", "status", "rectified_date",
                  "funds_yuan", "listed", "note") == [
        # H01: a real datetime cell, a serial-number deadline (44681 = 2022-04-30), 0.5 万元 = 5000 元
        ("H01", "410411001000", "马庄街道", "一般", d(2022, 4, 25), d(2022, 4, 30), "已整改", d(2022, 4, 28), 5000.0, "否", None),
        ("H02", "410411001000", "马庄街道", "重大", d(2022, 5, 1), d(2022, 6, 1), "整改中", None, 120000.0, "区级", "备注x"),
        # H04: 5月30日 takes 2022 from the title row
        ("H04", "410411001000", "马庄街道", "一般", d(2022, 5, 2), d(2022, 5, 30), "未整改", None, None, "否", None),
        ("H05", "410411200000", "曹镇乡", "一般", d(2022, 5, 3), d(2022, 6, 3), "已销号", d(2022, 6, 1), None, "否", None),
    ]


def test_enforcement_sheet_of_the_same_workbook(hazard_workbook):
    p = parsed_sheets(hazard_workbook)["执法"]
    assert values(p, "case_no", "department", "party", "filed_date", "fine_yuan") == [
        ("平湛应急罚〔2022〕1号", "应急管理局", "企业A", dt.date(2022, 5, 10), 52000.0)]   # 5.2 under a 万元 header


def test_date_without_year_and_no_year_in_title_is_rejected(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", {"隐患": [
        ["马庄街道隐患台账"],
        ["所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
        ["马庄", "企业A", "灭火器过期", "一般", "4月25日", "未整改"],
        ["马庄", "企业A", "通道堵塞", "一般", "2022-04-25", "未整改"],
    ]})
    parsed = parsed_sheets(path)["隐患"].parsed
    assert parsed.accepted == 1
    assert [(r["row_number"], r["reasons"]) for r in parsed.rejected] == [
        (3, "发现日期「4月25日」没有年份，表头标题中也没有注明年份")]


def test_year_from_the_sheet_name(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", {"2022年隐患": [
        ["所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
        ["马庄", "企业A", "灭火器过期", "一般", "4月25日", "未整改"],
    ]})
    p = parsed_sheets(path)["2022年隐患"]
    assert values(p, "found_date") == [(dt.date(2022, 4, 25),)]


# ---------------------------------------------------------------- validation: rejections and warnings

def test_hazard_rejections_and_warnings(store, tmp_path):
    header = ["隐患编号", "所属乡（街道）", "单位名称", "统一社会信用代码", "监管部门", "隐患描述", "隐患等级", "发现日期",
              "整改时限", "整改状态"]
    path = write_xlsx(tmp_path / "隐患.xlsx", {"隐患": [["2022年隐患台账"], header,
        ["H1", "马庄", "企业A", "91350100M000100Y43", "区委宣传部", "灭火器过期", "一般", "2022-05-01", "2022-04-01", "未整改"],
        ["H2", "马庄", "企业B", "91350100M000100Y44", "区应急管理局", "通道堵塞", "一般", "2022-05-01", None, "未整改"],
        ["H3", "湛南街道", "企业C", None, "应急局", "x", "较大", "2022/13/45", None, "未整改"],
        ["H4", "九里山", "企业D", None, "住建局", "y", "一般", "2022-05-01", "2022-05-31", "已经好了"],
        ["H5", "曹镇", None, None, "应急局", None, "一般", "2022-05-01", None, "整改中"],
    ]})
    (r,) = import_file(store, path)
    assert (r.rows, r.accepted, r.rejected, r.skipped, r.warnings) == (5, 1, 4, 0, 2)
    assert rows(store, "SELECT record_key, credit_code, department, deadline FROM hazards") == [
        ("H1", "91350100M000100Y43", "区委宣传部", D(2022, 4, 1))]
    assert rows(store, "SELECT row_number, reasons FROM rejections ORDER BY row_number") == [
        (4, "统一社会信用代码「91350100M000100Y44」校验位错误（应为3）"),
        (5, "所属乡(街道)「湛南街道」不是湛河区的乡/街道；隐患等级「较大」应为一般/重大之一；发现日期「2022/13/45」不是有效日期"),
        (6, "整改状态「已经好了」应为未整改/整改中/已整改/已销号之一"),
        (7, "单位名称为空（必填）；隐患描述为空（必填）"),
    ]
    assert sorted(rows(store, "SELECT import_id, sheet, ledger_type, row_number, record_key, message FROM warnings")) == [
        (1, "隐患", "hazards", 3, "H1", "「区委宣传部」不在区安委会成员单位名单中，已按原文保存"),
        (1, "隐患", "hazards", 3, "H1", "整改时限早于发现日期，请核实"),
    ]


def test_enforcement_values_and_large_fine_warning(store, tmp_path):
    header = ["序号", "案件编号", "执法部门", "当事人", "所属乡(街道)", "违法类别", "立案日期", "处罚种类", "罚款金额（元）",
              "典型案例", "曝光"]
    path = write_xlsx(tmp_path / "执法.xlsx", {"案件": [["2022年行政执法案件台账"], header,
        [1, "C1", "区应急管理局", "企业A", "马庄", "6", "2022-05-10", "罚款、责令改正", "5万元", "是", "否"],
        [2, "C2", "住建局", "企业B", "马庄", "第7类", "2022-06-01", "停产整顿", None, "√", "×"],
        [3, "C3", "市场监管局", "企业C", "九里山", "行业专项", "2022-07-01", "罚款;关闭取缔", "3,000", "N", "Y"],
        [4, "C4", "应急局", "企业D", "曹镇", "1", "2022-08-01", "罚款 警告", "1001万", "0", "1"],
        [5, "C5", "应急局", "企业E", "曹镇", "1", "2022-08-02", "罚款/移送司法", "1000万元", "否", "否"],
        [6, "C6", "应急局", "企业F", "曹镇", "1", "2022-08-03", "罚款、没收", "-1", "可能", "否"],
    ]})
    (r,) = import_file(store, path)
    assert (r.rows, r.accepted, r.rejected, r.warnings) == (6, 5, 1, 1)
    assert rows(store, "SELECT case_no, department, unit, category_no, measures, fine_yuan, typical, exposed FROM enforcement"
                       " ORDER BY case_no") == [
        ("C1", "应急管理局", "马庄街道", 6, ["罚款", "责令改正"], 50_000.0, True, False),
        ("C2", "住房和城乡建设局", "马庄街道", 7, ["停产停业整顿"], None, True, False),
        ("C3", "市场监督管理局", "九里山街道", 0, ["罚款", "关闭取缔"], 3_000.0, False, True),
        ("C4", "应急管理局", "曹镇乡", 1, ["罚款", "警告"], 10_010_000.0, False, True),
        ("C5", "应急管理局", "曹镇乡", 1, ["罚款", "移送司法"], 10_000_000.0, False, False),    # exactly 1000万: no warning
    ]
    assert rows(store, "SELECT row_number, record_key, message FROM warnings") == [(6, "C4", "罚款金额超过1000万元，请核实")]
    assert rows(store, "SELECT row_number, reasons FROM rejections") == [(8, (
        "处罚种类「没收」不是规定的处罚种类（罚款、警告、责令改正、停产停业整顿、关闭取缔、暂扣证照、吊销证照、查封扣押、移送司法、联合惩戒）；"
        "罚款金额(元)「-1」金额不能为负数；典型案例「可能」应为是/否之一"))]


def test_money_under_a_wan_yuan_header(store, tmp_path):
    header = ["报送单位", "月份", "报送日期", "检查单位数（家）", "罚款金额（万元）"]
    path = write_xlsx(tmp_path / "月报.xlsx", {"月报": [["2022年打非治违月报"], header,
                                                      ["应急管理局", "9月", "10月2日", "20家", "5.2"],
                                                      ["住建局", "2022-10", "2022-11-03", "10", "3000元"]]})
    (r,) = import_file(store, path)
    assert (r.accepted, r.rejected) == (2, 0)
    assert rows(store, "SELECT reporter, month, submitted_date, units_checked, fine_yuan FROM monthly_reports ORDER BY source_row") == [
        ("应急管理局", D(2022, 9, 1), D(2022, 10, 2), 20, 52_000.0), ("住房和城乡建设局", D(2022, 10, 1), D(2022, 11, 3), 10, 3_000.0)]


def test_supervision_values_and_warning(store, tmp_path):
    header = ["督导组", "督导类型", "督导对象", "对象类型", "督导日期", "发现问题数", "已整改问题数"]
    path = write_xlsx(tmp_path / "督导.xlsx", {"督导": [["2022年督导检查记录"], header,
        ["一组", "回头看", "马庄街道办事处", "企业", "2022-10-10", "3", "2"],
        ["第1组", "督查", "区应急局", "部门", "2022-06-01", "2", "5"],
        ["督导二组", "回头看", "企业（C）有限公司 ", "企业", "2022-10-20", "4", "1"],
        ["第七督导组", "回头看", "曹镇", None, "2022-10-21", "1", "1"],
    ]})
    (r,) = import_file(store, path)
    assert (r.accepted, r.rejected, r.warnings) == (3, 1, 1)
    assert rows(store, 'SELECT "group", visit_type, target, target_kind, target_key FROM supervision ORDER BY source_row') == [
        ("第一督导组", "回头看", "马庄街道", "乡/街道", "乡/街道:马庄街道"),        # a 乡/街道 whatever the column says
        ("第一督导组", "督导检查", "应急管理局", "部门", "部门:应急管理局"),
        ("第二督导组", "回头看", "企业(C)有限公司", "企业", "企业:企业C有限公司")]
    assert rows(store, "SELECT row_number, message FROM warnings") == [(4, "已整改问题数大于发现问题数，请核实")]
    assert rows(store, "SELECT row_number, reasons FROM rejections") == [
        (6, "督导组「第七督导组」不是督导组（应为第一督导组…第六督导组）")]


# ---------------------------------------------------------------- ditto marks

def test_ditto_marks_take_the_value_above(store, tmp_path):
    path = book(tmp_path / "马庄.xlsx", [
        LAYOUT_HEADER,
        ["企业A", "a", "一般", "2022-05-01", "未整改"],
        ["同上", "b", "〃", "同前", "未整改"],
        ["“", "c", "重大", '"', "同上"]])
    (result,) = import_file(store, path)
    # Row 3: three marks; row 4: three marks (the 单位名称 and 发现日期 marks chain through row 3's).
    assert (result.accepted, result.filled) == (3, {"merged": 0, "ditto": 6})
    assert stored_hazards(store) == [("马庄街道", "企业A", "a", "一般", "2022-05-01", "未整改"),
                              ("马庄街道", "企业A", "b", "一般", "2022-05-01", "未整改"),
                              ("马庄街道", "企业A", "c", "重大", "2022-05-01", "未整改")]


def test_a_ditto_mark_in_the_first_data_row_is_rejected(store, tmp_path):
    path = book(tmp_path / "马庄.xlsx", [LAYOUT_HEADER, ["同上", "a", "一般", "2022-05-01", "未整改"],
                                         ["企业B", "b", "一般", "2022-05-01", "未整改"]])
    (result,) = import_file(store, path)
    assert (result.accepted, result.rejected, result.filled) == (1, 1, {"merged": 0, "ditto": 0})
    assert [(r["row_number"], r["reasons"]) for r in result.rejected_rows] == [
        (2, "单位名称填写「同上」，但上方没有可沿用的值")]


# ---------------------------------------------------------------- 督导发现问题清单, 挂牌督办登记, 约谈通报问责记录

LISTING_HEADER = ["隐患编号", "单位名称", "隐患描述", "挂牌级别", "挂牌日期", "督办单位", "整改时限", "摘牌日期"]


ACTION_HEADER = ["日期", "对象", "所属乡(街道)", "类型", "事由", "发文字号", "关联"]


def test_problem_list_values_and_rejections(store, tmp_path):
    path = write_xlsx(tmp_path / "问题.xlsx", {"问题清单": [["第一督导组督导发现问题清单"], PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄街道办事处", "2022-06-01", "安全台账不全", "2022-06-03", "马庄街道", "2022-07-01",
         "已完成", "2022-06-20", "2022-10-10", "合格", "2022-10-12"],
        ["2", "P2", "督导一组", "企业（A）", "2022年6月1日", " 灭火器过期 ", "2022-06-05", None, "2022-07-01",
         "正在整改", None, "2022-06-04", "未通过", None],
        ["3", "P3", "第1组", "企业A", "2022-06-01", "通道堵塞", "2022-06-05", None, "2022-07-01",
         "整改中", None, None, None, "2022-07-04"],
        ["4", "P4", "第二督导组", "区应急局", "2022-06-02", "执法检查计划未落实", None, None, None,
         None, "2022-06-30", None, None, "2022-07-01"],
        ["5", "P5", "第七督导组", "曹镇", "2022-06-02", "x", None, None, None, "未整改", None, None, None, None],
    ]})
    (r,) = import_file(store, path)
    assert (r.ledger_type, r.rows, r.accepted, r.rejected, r.skipped) == ("problems", 5, 2, 3, 0)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [
        (4, "复查日期（2022-06-04）早于交办日期（2022-06-05）"),
        (5, "销号日期（2022-07-04）已填，但整改情况为「整改中」、整改完成日期（未填）：整改情况为已整改后才能填销号日期"),
        (7, "督导组「第七督导组」不是督导组（应为第一督导组…第六督导组）")]
    assert rows(store, 'SELECT record_key, "group", target, target_kind, unit, found_date, description, assigned_date,'
                       ' status, rectified_date, recheck_date, recheck_result, closed_date FROM problems ORDER BY source_row') == [
        ("P1", "第一督导组", "马庄街道", "乡/街道", "马庄街道", D(2022, 6, 1), "安全台账不全", D(2022, 6, 3),
         "已整改", D(2022, 6, 20), D(2022, 10, 10), "通过", D(2022, 10, 12)),
        # An empty 整改情况 with a 整改完成日期 may be 销号 (it reads as 已整改).
        ("P4", "第二督导组", "应急管理局", "部门", None, D(2022, 6, 2), "执法检查计划未落实", None,
         None, D(2022, 6, 30), None, None, D(2022, 7, 1))]
    # The rejections are stored with the original cells, like every ledger's.
    assert rows(store, "SELECT row_number FROM rejections ORDER BY row_number") == [(4,), (5,), (7,)]


def test_listing_register_values_and_rejections(store, tmp_path):
    path = write_xlsx(tmp_path / "挂牌.xlsx", {"挂牌": [["重大隐患挂牌督办登记表"], LISTING_HEADER,
        ["H02", None, None, "区级挂牌", "2022-05-05", "区安委办", "2022-08-01", "2022-07-25"],
        [None, "企业C有限公司", "储罐区无泄漏报警", "市", "2022-07-05", "市安委办", "2022-10-01", None],
        [None, "企业D", "疏散通道堵塞", "区级", "2022-09-05", "区安委办", "2022-10-01", "2022-09-01"],
        [None, "企业D", None, "区级", "2022-09-05", "区安委办", "2022-10-01", None],
        ["H09", None, None, "否", "2022-09-05", None, None, None],
    ]})
    (r,) = import_file(store, path)
    assert (r.ledger_type, r.accepted, r.rejected) == ("listings", 2, 3)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [
        (5, "摘牌日期（2022-09-01）早于挂牌日期（2022-09-05）"),
        (6, "隐患编号或隐患描述为空（必填）"),
        (7, "挂牌级别「否」应为区级/市级/省级之一")]
    assert rows(store, "SELECT hazard_no, enterprise, description, listing_level, listed_date, supervising_org, deadline,"
                       " delisted_date FROM listings ORDER BY source_row") == [
        ("H02", None, None, "区级", D(2022, 5, 5), "区安委办", D(2022, 8, 1), D(2022, 7, 25)),
        (None, "企业C有限公司", "储罐区无泄漏报警", "市级", D(2022, 7, 5), "市安委办", D(2022, 10, 1), None)]


def test_accountability_records(store, tmp_path):
    path = write_xlsx(tmp_path / "约谈.xlsx", {"约谈通报问责": [["2022年约谈、通报、问责情况"], ACTION_HEADER,
        ["2022-08-01", "九里山办事处", None, "约谈", "重大隐患整改滞后", "湛安委办〔2022〕12号", "H05"],
        ["2022-09-01", "区住建局", None, "全区通报", "执法偏软", "湛安委〔2022〕15号", None],
        ["2022-09-15", "企业C有限公司", "九里山", "警示函", "挂牌隐患逾期", None, "H05"],
        ["2022-09-20", "企业C有限公司", None, "罚款", None, None, None],
    ]})
    (r,) = import_file(store, path)
    assert (r.ledger_type, r.accepted, r.rejected) == ("accountability", 3, 1)
    assert r.rejected_rows[0]["reasons"] == "类型「罚款」应为约谈/通报批评/警示函/问责/提级调查之一"
    assert rows(store, "SELECT action_date, target, target_kind, unit, action_type, doc_no, related FROM accountability"
                       " ORDER BY source_row") == [
        (D(2022, 8, 1), "九里山街道", "乡/街道", "九里山街道", "约谈", "湛安委办〔2022〕12号", "H05"),
        (D(2022, 9, 1), "住房和城乡建设局", "部门", None, "通报批评", "湛安委〔2022〕15号", None),
        (D(2022, 9, 15), "企业C有限公司", "企业", "九里山街道", "警示函", None, "H05")]
