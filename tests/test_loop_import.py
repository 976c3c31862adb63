"""The three ledgers that close the loop (issue 14) through the import pipeline: detection, values, the
cross-field rejections (复查 before 交办, 摘牌 before 挂牌, 销号 without 已整改), replacement and undo."""
from __future__ import annotations

import datetime as dt

from workbook_support import write_xlsx

from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.undo import undo_import

D = dt.date

PROBLEM_HEADER = ["序号", "问题编号", "督导组", "督导对象", "发现日期", "问题描述", "交办日期", "整改责任单位", "整改时限",
                  "整改情况", "整改完成日期", "复查日期", "复查结果", "销号日期"]
LISTING_HEADER = ["隐患编号", "单位名称", "隐患描述", "挂牌级别", "挂牌日期", "督办单位", "整改时限", "摘牌日期"]
ACTION_HEADER = ["日期", "对象", "所属乡(街道)", "类型", "事由", "发文字号", "关联"]


def rows(store, sql):
    return [tuple(r.values()) for r in store.query(sql).to_pylist()]


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


def test_recheck_before_found_and_close_before_rectified(store, tmp_path):
    path = write_xlsx(tmp_path / "问题.xlsx", {"问题清单": [PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄", "2022-06-10", "a", None, None, None, "已整改", "2022-06-20", "2022-06-09", "通过", None],
        ["2", "P2", "一组", "马庄", "2022-06-10", "b", None, None, None, "已整改", "2022-06-20", None, None, "2022-06-19"],
    ]})
    (r,) = import_file(store, path)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [
        (2, "复查日期（2022-06-09）早于发现日期（2022-06-10）"),
        (3, "销号日期（2022-06-19）早于整改完成日期（2022-06-20）")]


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


def test_newer_problem_list_replaces_and_undo_restores(store, tmp_path):
    first = write_xlsx(tmp_path / "问题1.xlsx", {"问题清单": [PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄", "2022-06-01", "台账不全", "2022-06-03", None, "2022-07-01", "未整改", None, None, None, None]]})
    second = write_xlsx(tmp_path / "问题2.xlsx", {"问题清单": [PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄", "2022-06-01", "台账不全", "2022-06-03", None, "2022-07-01", "已整改", "2022-06-25",
         "2022-10-10", "通过", None]]})
    (a,) = import_file(store, first)
    (b,) = import_file(store, second)
    assert (b.accepted, b.replaced) == (1, 1)
    assert rows(store, "SELECT status FROM problems") == [("已整改",)]
    assert rows(store, "SELECT status, replaced_by FROM problems_history") == [("未整改", b.import_id)]
    undo_import(store, b.import_id)
    assert rows(store, "SELECT status FROM problems") == [("未整改",)]
    assert rows(store, "SELECT count(*) FROM problems_history") == [(0,)]


def test_a_supervision_visit_ledger_is_not_taken_for_a_problem_list(store, tmp_path):
    path = write_xlsx(tmp_path / "督导.xlsx", {"督导": [
        ["督导组", "督导类型", "督导对象", "督导日期", "发现问题数", "已整改问题数", "备注"],
        ["一组", "回头看", "马庄", "2022-10-10", "3", "2", "问题已交办"]]})
    (r,) = import_file(store, path)
    assert r.ledger_type == "supervision"


def test_two_rows_of_one_problem_without_a_number_name_the_cells_that_make_them_the_same(store, tmp_path):
    header = ["督导组", "督导对象", "发现日期", "问题描述", "整改情况"]
    path = write_xlsx(tmp_path / "问题.xlsx", {"问题清单": [header,
        ["一组", "马庄", "2022-06-01", "台账不全", "未整改"],
        ["第一督导组", "马庄街道", "2022/6/1", "台账 不全", "整改中"]]})
    (r,) = import_file(store, path)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [
        (3, "与本表第2行重复（未填问题编号，督导组、督导对象、发现日期、问题描述均相同）")]
