"""Reading ledger files (ledgers/reader.py): every sheet of a workbook, .xls and OLE2 files, CSV encodings,
unreadable files, merged ranges.

The fixtures are written here, into tmp_path; every expected count and value is worked out by hand
from the rows below (the comments say how)."""
import codecs
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from safetyboard.ledgers.importer import import_file, prepare
from safetyboard.ledgers.reader import read_file, ReadError

from workbook_support import EXPECTED_TYPES, LAYOUT_HEADER, biff8_xls, book, compound_file, parsed_sheets, values, write_hazard_workbook


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


def test_the_columnar_csv_reader_reads_what_the_row_reader_reads(tmp_path, monkeypatch):
    from safetyboard.ledgers import reader

    text = ("湛河区隐患台账\r\n" + ",".join(LAYOUT_HEADER) + "\r\n企业A,\"两行\r\n描述\",一般,2022-05-01,未整改\r\n\r\n"
            "企业B, b ,一般,,未整改\r\n注：本表\r\n")
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode("gbk"))
    assert reader._read_csv_columnar(path, "台账.csv", "gb18030", ",", len(LAYOUT_HEADER)) is not None
    fast = reader.read_file(path)[0]
    monkeypatch.setattr(reader, "_read_csv_columnar", lambda *a: None)
    slow = reader.read_file(path)[0]
    assert fast.table.to_pylist() == slow.table.to_pylist()
    assert fast.row_numbers.to_pylist() == slow.row_numbers.to_pylist() == [1, 2, 3, 4, 5, 6]
    assert fast.table.column("c1").to_pylist()[2] == "两行\r\n描述"


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


# ---------------------------------------------------------------- merged ranges

def test_reading_merges_does_not_load_openpyxl(tmp_path):
    path = book(tmp_path / "马庄.xlsx", [LAYOUT_HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"], [None, "b"]],
                merges=[(1, 0, 2, 0)])
    code = ("import sys; from safetyboard.ledgers.reader import read_file; s = read_file(sys.argv[1])[0];"
            " assert s.merges == [(1, 0, 2, 0)], s.merges; assert 'openpyxl' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_absurdly_many_merged_ranges_are_refused(store, tmp_path, monkeypatch):
    from safetyboard.ledgers import reader

    monkeypatch.setattr(reader, "MAX_MERGES", 1)
    path = book(tmp_path / "马庄.xlsx", [LAYOUT_HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"], [None, "b"], [None, "c"]],
                merges=[(1, 0, 2, 0), (2, 1, 3, 1)])
    (result,) = import_file(store, path)
    assert (result.status, result.error) == ("failed", "文件「马庄.xlsx」工作表「Sheet1」有2处合并单元格，超过1处的上限，不是正常的台账。")
