"""Reading ledger files: formats, encodings, the header band, row classification and type detection.

The fixtures are written here, into tmp_path; every expected count and value is worked out by hand
from the rows below (the comments say how)."""
import codecs
import datetime as dt
from pathlib import Path

import pytest

from safetyboard.ledgers.importer import prepare
from safetyboard.ledgers.reader import ReadError, read_file
from workbook_support import (HAZARD_BOTTOM, HAZARD_TOP, biff8_xls, compound_file, hazard_rows, parsed_sheets,
                              values, write_hazard_workbook, write_xlsx)

EXPECTED_TYPES = ("隐患排查整治台账、行政执法案件台账、督导检查记录、督导组分工、打非治违月报、自查报告报送、举报受理台账、"
                  "督导发现问题清单、挂牌督办登记、约谈通报问责记录、生产经营单位名录、生产安全事故台账")


@pytest.fixture()
def hazard_workbook(tmp_path) -> Path:
    return write_hazard_workbook(tmp_path)


def test_every_sheet_of_a_workbook(hazard_workbook):
    sheets = parsed_sheets(hazard_workbook)
    assert list(sheets) == ["隐患", "填表说明", "统计", "空表", "执法"]
    assert sheets["隐患"].mapping.ledger.key == "hazards"
    assert sheets["执法"].mapping.ledger.key == "enforcement"
    assert sheets["填表说明"].parsed is None
    assert sheets["填表说明"].reason == "未找到表头（前30行中没有可识别的列名）"
    assert sheets["统计"].parsed is None
    assert sheets["统计"].reason == "最接近「隐患排查整治台账」，但缺少必填列：所属乡(街道)、单位名称、隐患描述、隐患等级、发现日期、整改状态或是否整改"
    assert sheets["空表"].parsed is None and sheets["空表"].reason == "空工作表"


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


def test_seq_column_is_dropped(hazard_workbook):
    p = parsed_sheets(hazard_workbook)["隐患"]
    assert "seq" not in p.parsed.columns
    assert not any(name.startswith("seq") for name in p.parsed.columns)


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


# ---------------------------------------------------------------- .xls

def test_xls_workbook(tmp_path):
    path = tmp_path / "自查报告报送.xls"
    path.write_bytes(biff8_xls({"报送": [
        ["自查报告报送情况（2022年）"],
        ["序号", "报送单位", "报送节点", "报送日期"],
        [1, "马庄街道办事处", "第一次", 44676],          # 44676 = 2022-04-25 (a date cell without its format)
        [2, "区应急局", "05-25", "2022年5月24日"],
        [3, "湛南街道", "10-25", "2022-10-25"],
    ]}))
    p = parsed_sheets(path)["报送"]
    assert p.mapping.ledger.key == "submissions"
    assert values(p, "reporter", "reporter_kind", "node", "submitted_date") == [
        ("马庄街道", "乡/街道", 1, dt.date(2022, 4, 25)), ("应急管理局", "部门", 2, dt.date(2022, 5, 24))]
    assert [(r["row_number"], r["reasons"]) for r in p.parsed.rejected] == [
        (5, "报送单位「湛南街道」不是湛河区的乡/街道或区安委会成员单位")]


def test_ole_file_that_is_not_a_workbook(tmp_path):
    # A Word 97 document (an OLE2 file with a WordDocument stream) renamed .xls.
    path = tmp_path / "通知.xls"
    path.write_bytes(compound_file("WordDocument", b"\xec\xa5\xc1\x00" + b"\x00" * 600))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(info.value) == "文件「通知.xls」是Word文档，不是Excel台账。请上传.xlsx、.xls或.csv格式的台账。"


def test_ole_file_of_another_kind(tmp_path):
    path = tmp_path / "演示.xls"
    path.write_bytes(compound_file("PowerPoint Document", b"\x00" * 600))
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(info.value) == "文件「演示.xls」不是Excel工作簿。请上传.xlsx、.xls或.csv格式的台账。"


def test_ole_header_with_garbage(tmp_path):
    path = tmp_path / "坏文件.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01\x02\x03" * 500)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(info.value) == "文件「坏文件.xls」无法作为Excel工作簿读取（CalamineError）。请确认文件未加密、未损坏，并另存为.xlsx后再试。"


# ---------------------------------------------------------------- CSV encodings

SUBMISSION_CSV = [
    "自查报告报送情况（2022年）",
    "序号,报送单位,报送节点,报送日期",
    "1,马庄街道办事处,第一次,2022/4/20",
    "2,九里山 ,4月25日,4月26日",
    ",,,",
    "3,湛南街道,第二次,2022-05-20",
    "合计,3,,",
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / "自查报告报送.csv"
    path.write_bytes(("\r\n".join(SUBMISSION_CSV) + "\r\n").encode(encoding))
    p = parsed_sheets(path)["自查报告报送"]
    assert p.mapping.ledger.key == "submissions"
    assert p.band.titles == ["自查报告报送情况（2022年）"]
    parsed = p.parsed
    assert (parsed.rows, parsed.accepted, len(parsed.rejected), parsed.skipped) == (5, 2, 1, 2)
    assert values(p, "reporter", "node", "submitted_date") == [
        ("马庄街道", 1, dt.date(2022, 4, 20)), ("九里山街道", 1, dt.date(2022, 4, 26))]
    assert parsed.source_rows.to_pylist() == [3, 4]
    assert [(r["row_number"], r["reasons"]) for r in parsed.rejected] == [
        (6, "报送单位「湛南街道」不是湛河区的乡/街道或区安委会成员单位")]


def test_bom_is_not_part_of_the_first_header(tmp_path):
    path = tmp_path / "报送.csv"
    path.write_bytes(codecs.BOM_UTF8 + "报送单位,报送节点,报送日期\n马庄,04-25,2022-04-25\n".encode())
    p = parsed_sheets(path)["报送"]
    assert p.band.rows == [0]
    assert p.parsed.header_map == {"报送单位": "报送单位", "报送节点": "报送节点", "报送日期": "报送日期"}


def test_gb18030_characters_outside_gbk(tmp_path):
    path = tmp_path / "举报.csv"
    text = "受理编号,受理日期,被举报单位\nT1,2022-05-01,𠀾记五金店\n"
    path.write_bytes(text.encode("gb18030"))
    p = parsed_sheets(path)["举报"]
    assert values(p, "tip_no", "accused") == [("T1", "𠀾记五金店")]


def test_tab_separated_text(tmp_path):
    path = tmp_path / "报送.txt"
    path.write_text("报送单位\t报送节点\t报送日期\n马庄, 街道\t04-25\t2022-04-25\n".replace("马庄, 街道", "马庄街道"),
                    encoding="utf-8")
    p = parsed_sheets(path)["报送"]
    assert values(p, "reporter", "node") == [("马庄街道", 1)]


def test_csv_row_numbers_count_records_not_lines(tmp_path):
    # A cell with line breaks is one spreadsheet row: Excel shows the 湛南街道 record on row 4, not line 6.
    path = tmp_path / "隐患.csv"
    path.write_text(
        "所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态\n"
        "马庄,企业A,\"1.灭火器过期\n2.通道堵塞\n3.无应急照明\",一般,2022-04-25,未整改\n"
        "马庄,企业B,临边无防护,一般,2022-04-26,未整改\n"
        "湛南街道,企业C,x,一般,2022-04-27,未整改\n", encoding="utf-8")
    parsed = parsed_sheets(path)["隐患"].parsed
    assert parsed.source_rows.to_pylist() == [2, 3]
    assert [r["row_number"] for r in parsed.rejected] == [4]
    assert parsed.columns["description"].to_pylist()[0] == "1.灭火器过期 2.通道堵塞 3.无应急照明"


# ---------------------------------------------------------------- unreadable files

def test_empty_file(tmp_path):
    path = tmp_path / "空.xlsx"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(info.value) == "文件「空.xlsx」是空文件，没有任何内容。"


def test_whitespace_only_csv(tmp_path):
    path = tmp_path / "空白.csv"
    path.write_bytes(b"  \r\n\r\n ")
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(info.value) == "文件「空白.csv」是空文件，没有任何内容。"


def test_binary_garbage_renamed_csv(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ReadError) as info:
        read_file(path)
    assert str(info.value) == "文件「台账.csv」不是文本表格也不是Excel工作簿（内容为二进制数据）。请上传.xlsx、.xls或.csv格式的台账。"


def test_csv_with_only_garbage_text(tmp_path):
    path = tmp_path / "乱码.csv"
    path.write_text("asdf qwer\nzxcv,1234\n!!!,???\n", encoding="utf-8")
    with pytest.raises(ReadError) as info:
        prepare(path, path.name)
    assert str(info.value) == (
        "文件「乱码.csv」中没有可识别的台账（工作表「乱码」未找到表头（前30行中没有可识别的列名））。"
        f"应为以下台账之一：{EXPECTED_TYPES}。")


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


def test_unknown_forced_type(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [["督导组", "督导对象"], ["一组", "马庄"]]})
    with pytest.raises(ReadError) as info:
        prepare(path, path.name, "weather")
    assert str(info.value) == ("台账类型「weather」不存在，应为：hazards、enforcement、supervision、assignments、monthly_reports、"
                               "submissions、tips、problems、listings、accountability、register、accidents")


def test_no_type_names_the_closest_and_its_missing_columns(tmp_path):
    path = write_xlsx(tmp_path / "隐患.xlsx", {"隐患": [
        ["隐患台账（2022年）"], ["所属乡(街道)", "单位名称", "隐患描述", "发现日期"], ["马庄", "企业A", "灭火器过期", "2022-04-25"]]})
    with pytest.raises(ReadError) as info:
        prepare(path, path.name)
    assert str(info.value) == ("文件「隐患.xlsx」中没有可识别的台账（工作表「隐患」最接近「隐患排查整治台账」，"
                               f"但缺少必填列：隐患等级、整改状态或是否整改）。应为以下台账之一：{EXPECTED_TYPES}。")


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


def test_gbk_csv_whose_encoding_sample_ends_inside_a_character(tmp_path, monkeypatch):
    """The encoding is told from the first bytes; a sample cut in the middle of a GBK character is fine."""
    from safetyboard.ledgers import reader

    header = "序号,所属乡(街道),单位名称\n".encode("gbk")
    row = "1,马庄街道,企业甲\n".encode("gbk")
    monkeypatch.setattr(reader, "SAMPLE_BYTES", len(header) + len(row) + 5)   # ends inside 庄 of row 2
    path = tmp_path / "gbk.csv"
    path.write_bytes(header + row * 3)
    sheet = reader.read_file(path)[0]
    assert sheet.table.column("c2").to_pylist() == ["单位名称", "企业甲", "企业甲", "企业甲"]
