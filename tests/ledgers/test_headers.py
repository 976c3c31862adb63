"""Finding the header (ledgers/headers.py): the header band under title rows, two-row and merged headers, and
which ledger type a header names (detection, forced types, the closest type and its missing columns)."""
import datetime as dt
from pathlib import Path

import pytest

from safetyboard.ledgers.importer import import_file, prepare
from safetyboard.ledgers.reader import ReadError

from workbook_support import EXPECTED_TYPES, parsed_sheets, values, write_hazard_workbook, write_xlsx


@pytest.fixture()
def hazard_workbook(tmp_path) -> Path:
    return write_hazard_workbook(tmp_path)


def test_header_band_under_title_rows(hazard_workbook):
    p = parsed_sheets(hazard_workbook)["隐患"]
    assert p.band.rows == [2, 3]                     # Excel rows 3 and 4
    assert p.band.titles == ["湛河区马庄街道隐患排查整治台账（2022年）", "填报单位：马庄街道安监办", "填报日期：2022年11月5日"]


def test_two_row_merged_header_is_flattened(hazard_workbook):
    p = parsed_sheets(hazard_workbook)["隐患"]
    assert p.parsed.header_map == {
        "序号": "序号", "隐患编号": "隐患编号", "所属乡(街道)": "所属乡(街道)", "单位名称": "单位名称",
        "隐患描述": "隐患描述", "隐患等级": "隐患等级", "发现日期": "发现日期",
        "整改情况/整改时限": "整改时限", "整改情况/整改状态": "整改状态", "整改情况/完成日期": "整改完成日期",
        "整改情况/整改资金(万元)": "整改资金(万元)", "挂牌督办": "挂牌督办", "备注": "备注"}
    assert p.mapping.unmapped == [] and p.mapping.dropped == []
    assert p.mapping.money_units == {"funds_yuan": "万元"}


def test_form_line_with_labels_in_their_own_cells_is_not_a_header_row(tmp_path):
    # 「填报单位：」 | 马庄街道 | … | 「填报日期：」 | 2022年11月5日 right above a two-row header: a title line, not
    # the upper header row (填报单位 alone would be a column name of the 报送 ledgers).
    path = write_xlsx(tmp_path / "h.xlsx", {"S": [
        ["马庄街道隐患排查整治台账"],
        ["填报单位：", "马庄街道", None, None, None, "填报日期：", "2022年11月5日"],
        ["所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", None],
        [None, None, None, None, None, "整改状态", "完成日期"],
        ["马庄", "企业A", "灭火器过期", "一般", "4月25日", "已整改", "5月1日"],
    ]})
    p = parsed_sheets(path)["S"]
    assert p.band.rows == [2, 3]
    assert p.band.titles == ["马庄街道隐患排查整治台账", "填报单位：", "马庄街道", "填报日期：", "2022年11月5日"]
    assert list(p.parsed.header_map) == ["所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况/整改状态",
                                         "整改情况/完成日期"]
    # The year comes from the 填报日期 line.
    assert values(p, "found_date", "status", "rectified_date") == [(dt.date(2022, 4, 25), "已整改", dt.date(2022, 5, 1))]


def test_an_unknown_column_under_a_group_title_is_not_taken_for_the_group(tmp_path):
    # 整改情况 spans 整改措施 | 验收人 | 整改状态. 整改情况 alone is also a synonym of 整改状态, but under a group title the
    # unknown 验收人 column must stay unmapped, leaving 整改状态 to its own column.
    path = write_xlsx(tmp_path / "h.xlsx", {"S": [
        ["所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", None, None],
        [None, None, None, None, None, "整改措施", "验收人", "整改状态"],
        ["马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "更换", "张三", "已整改"],
    ]})
    p = parsed_sheets(path)["S"]
    assert p.mapping.unmapped == ["整改情况/验收人"]
    assert p.parsed.header_map["整改情况/整改状态"] == "整改状态"
    assert values(p, "measures_taken", "status") == [("更换", "已整改")]


def test_a_header_merged_down_two_rows_keeps_its_own_name(tmp_path):
    # 整改状态 alone in the upper row (merged down) next to a group: one part, matched as written.
    path = write_xlsx(tmp_path / "h.xlsx", {"S": [
        ["所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改情况", None, "整改状态"],
        [None, None, None, None, None, "整改措施", "整改责任人", None],
        ["马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "更换", "张三", "整改中"],
    ]})
    p = parsed_sheets(path)["S"]
    assert p.mapping.unmapped == []
    assert values(p, "measures_taken", "responsible", "status") == [("更换", "张三", "整改中")]


# ---------------------------------------------------------------- type detection

ONE_ROW_PER_TYPE = {
    "hazards": (["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"],
                ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改"]),
    "enforcement": (["案件编号", "执法部门", "当事人", "立案日期", "处罚种类"],
                    ["C1", "应急局", "企业A", "2022-05-10", "罚款"]),
    "supervision": (["督导组", "督导类型", "督导对象", "督导日期", "发现问题数"],
                    ["一组", "回头看", "马庄", "2022-10-10", "3"]),
    "assignments": (["督导组", "督导对象", "对象类型"], ["一组", "马庄", "乡/街道"]),
    "monthly_reports": (["报送单位", "月份", "报送日期", "检查单位数"], ["应急局", "2022-09", "2022-10-02", "20"]),
    "submissions": (["报送单位", "报送节点", "报送日期"], ["马庄", "04-25", "2022-04-20"]),
    "tips": (["受理编号", "受理日期", "举报渠道", "核查结果"], ["T1", "2022-05-01", "12350", "属实"]),
}


@pytest.mark.parametrize("key", list(ONE_ROW_PER_TYPE))
def test_type_detection(tmp_path, key):
    header, row = ONE_ROW_PER_TYPE[key]
    path = write_xlsx(tmp_path / f"{key}.xlsx", {"S": [["2022年台账"], header, row]})
    p = parsed_sheets(path)["S"]
    assert p.mapping.ledger.key == key
    assert (p.parsed.accepted, p.parsed.rejected) == (1, [])


def test_header_variants_are_detected(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", {"S": [
        [" 乡镇（街道） ", "企业 名称", "隐患内容", "隐患级别", "排查日期", "是否整改", "整改资金"],
        ["马庄", "企业A", "灭火器过期", "一般隐患", "2022-04-25", "是", "2"],
        ["马庄", "企业A", "通道堵塞", "一般隐患", "2022-04-25", "否", None],
    ]})
    p = parsed_sheets(path)["S"]
    assert p.mapping.ledger.key == "hazards"
    # 是否整改 是/否 -> 已整改/未整改; 整改资金 without a unit in the header defaults to 万元.
    assert values(p, "unit", "enterprise", "level", "status", "funds_yuan") == [
        ("马庄街道", "企业A", "一般", "已整改", 20000.0), ("马庄街道", "企业A", "一般", "未整改", None)]


def test_forced_type_overrides_detection(tmp_path):
    header = ["督导组", "督导类型", "督导对象", "对象类型", "督导日期"]
    path = write_xlsx(tmp_path / "督导.xlsx", {"S": [header, ["一组", "回头看", "马庄", "乡/街道", "2022-10-10"]]})
    assert parsed_sheets(path)["S"].mapping.ledger.key == "supervision"
    forced = parsed_sheets(path, "assignments")["S"]
    assert forced.mapping.ledger.key == "assignments"
    assert values(forced, "group", "target", "target_kind", "target_key") == [("第一督导组", "马庄街道", "乡/街道", "乡/街道:马庄街道")]
    assert forced.mapping.unmapped == ["督导类型", "督导日期"]


def test_forced_type_missing_columns(tmp_path):
    path = write_xlsx(tmp_path / "督导.xlsx", {"S": [["督导组", "督导类型", "督导对象", "督导日期"], ["一组", "回头看", "马庄", "2022-10-10"]]})
    with pytest.raises(ReadError) as info:
        prepare(path, path.name, "tips")
    assert str(info.value) == ("文件「督导.xlsx」中没有可识别的台账（工作表「S」最接近「举报受理台账」，但缺少必填列：受理编号、受理日期）。"
                               f"应为以下台账之一：{EXPECTED_TYPES}。")


def test_no_type_names_the_closest_and_its_missing_columns(tmp_path):
    path = write_xlsx(tmp_path / "隐患.xlsx", {"隐患": [
        ["隐患台账（2022年）"], ["所属乡(街道)", "单位名称", "隐患描述", "发现日期"], ["马庄", "企业A", "灭火器过期", "2022-04-25"]]})
    with pytest.raises(ReadError) as info:
        prepare(path, path.name)
    assert str(info.value) == ("文件「隐患.xlsx」中没有可识别的台账（工作表「隐患」最接近「隐患排查整治台账」，"
                               f"但缺少必填列：隐患等级、整改状态或是否整改）。应为以下台账之一：{EXPECTED_TYPES}。")


def test_a_supervision_visit_ledger_is_not_taken_for_a_problem_list(store, tmp_path):
    path = write_xlsx(tmp_path / "督导.xlsx", {"督导": [
        ["督导组", "督导类型", "督导对象", "督导日期", "发现问题数", "已整改问题数", "备注"],
        ["一组", "回头看", "马庄", "2022-10-10", "3", "2", "问题已交办"]]})
    (r,) = import_file(store, path)
    assert r.ledger_type == "supervision"
