"""Ledgers as 乡/街道 send them (issue 10): merged data cells, ditto marks, the unit in the title, 小计 and
repeated header rows. Each expected row and message is worked out by hand from the file written here."""
import subprocess
import sys

import xlwt
from mangler_support import Book, Sheet, write

from safetyboard.ledgers.importer import import_file

HEADER = ["单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"]


def book(path, rows, merges=(), sheet="Sheet1"):
    """rows: lists of cells (None = empty); merges: (r0, c0, r1, c1) written as merged ranges."""
    return write(Book(path.stem, [Sheet(sheet, rows, list(merges))]), path.parent)


def hazards(store):
    return store.con.execute("SELECT unit, enterprise, description, level, CAST(found_date AS VARCHAR), status"
                             " FROM hazards ORDER BY source_row").fetchall()


def test_unit_from_the_title_line(store, tmp_path):
    path = book(tmp_path / "隐患台账.xlsx", [
        ["隐患排查整治台账"],
        ["填报单位（盖章）：湛河区曹镇乡人民政府", None, None, "填报日期：2022年10月8日"],
        HEADER,
        ["企业A", "灭火器过期", "一般", "2022-05-01", "未整改"]])
    (result,) = import_file(store, path)
    assert result.to_json()["context"] == {"unit": {"value": "曹镇乡", "source": "title"}}
    assert (result.accepted, result.rejected) == (1, 0)
    assert hazards(store) == [("曹镇乡", "企业A", "灭火器过期", "一般", "2022-05-01", "未整改")]


def test_unit_from_the_sheet_name_then_the_file_name(store, tmp_path):
    (by_sheet,) = import_file(store, book(tmp_path / "台账.xlsx", [HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"]],
                                          sheet="马庄街道"))
    assert by_sheet.context == {"unit": {"value": "马庄街道", "source": "sheet"}}
    (by_file,) = import_file(store, book(tmp_path / "湛河区九里山街道隐患台账.xlsx",
                                         [HEADER, ["企业B", "b", "一般", "2022-05-02", "未整改"]]))
    assert by_file.context == {"unit": {"value": "九里山街道", "source": "file"}}


def test_a_column_wins_over_the_title(store, tmp_path):
    path = book(tmp_path / "曹镇乡.xlsx", [["填报单位：曹镇乡人民政府"], ["所属乡(街道)", *HEADER],
                                           ["马庄", "企业A", "a", "一般", "2022-05-01", "未整改"]])
    (result,) = import_file(store, path)
    assert result.context == {}
    assert hazards(store)[0][0] == "马庄街道"


def test_a_title_naming_two_units_is_not_used(store, tmp_path):
    # The title names 马庄 and 曹镇; the sheet (Sheet1) and file (台账) name none: both rows rejected.
    path = book(tmp_path / "台账.xlsx", [["填报单位：马庄街道、曹镇乡"], HEADER,
                                         ["企业A", "a", "一般", "2022-05-01", "未整改"],
                                         ["企业B", "b", "一般", "2022-05-02", "未整改"]])
    (result,) = import_file(store, path)
    assert (result.status, result.accepted, result.rejected) == ("imported", 0, 2)
    assert result.context == {"unit": {"value": None, "source": None}}
    assert [r["reasons"] for r in result.rejected_rows] == [
        "所属乡(街道)：表中没有此列，也无法从表头上方的填报单位、工作表名或文件名确定唯一的单位"] * 2


def test_merged_cells_fill_only_inside_the_merge(store, tmp_path):
    # 单位名称 merged over rows 2-3 (企业A); row 4's 单位名称 is empty and outside the merge: rejected.
    # 发现日期 merged across rows 2-4 (one date for three hazards).
    path = book(tmp_path / "马庄.xlsx", [
        ["马庄街道隐患台账"], HEADER,
        ["企业A", "a", "一般", "2022-05-01", "未整改"],
        [None, "b", "一般", None, "未整改"],
        [None, "c", "重大", None, "已整改"]],
        merges=[(2, 0, 3, 0), (2, 3, 4, 3)])
    (result,) = import_file(store, path)
    assert (result.accepted, result.rejected, result.filled) == (2, 1, {"merged": 3, "ditto": 0})
    assert [(r["row_number"], r["reasons"]) for r in result.rejected_rows] == [(5, "单位名称为空（必填）")]
    assert hazards(store) == [("马庄街道", "企业A", "a", "一般", "2022-05-01", "未整改"),
                              ("马庄街道", "企业A", "b", "一般", "2022-05-01", "未整改")]


def test_merges_of_a_sheet_with_an_empty_first_column(store, tmp_path):
    # The table starts in column B: the merge B3:B4 is the table's first column.
    rows = [[None, *r] for r in [["马庄街道隐患台账"], HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"],
                                 [None, "b", "一般", "2022-05-02", "未整改"]]]
    (result,) = import_file(store, book(tmp_path / "马庄.xlsx", rows, merges=[(2, 1, 3, 1)]))
    assert [h[1] for h in hazards(store)] == ["企业A", "企业A"]
    assert result.filled == {"merged": 1, "ditto": 0}


def test_merged_cells_in_a_legacy_xls(store, tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("曹镇乡")
    for c, h in enumerate(HEADER):
        ws.write(0, c, h)
    ws.write_merge(1, 2, 0, 0, "企业A")
    for r, row in enumerate([["a", "一般", "2022-05-01", "未整改"], ["b", "重大", "2022-05-02", "未整改"]], start=1):
        for c, v in enumerate(row, start=1):
            ws.write(r, c, v)
    wb.save(str(tmp_path / "台账.xls"))
    (result,) = import_file(store, tmp_path / "台账.xls")
    assert result.context == {"unit": {"value": "曹镇乡", "source": "sheet"}}
    assert [(h[0], h[1], h[2]) for h in hazards(store)] == [("曹镇乡", "企业A", "a"), ("曹镇乡", "企业A", "b")]


def test_ditto_marks_take_the_value_above(store, tmp_path):
    path = book(tmp_path / "马庄.xlsx", [
        HEADER,
        ["企业A", "a", "一般", "2022-05-01", "未整改"],
        ["同上", "b", "〃", "同前", "未整改"],
        ["“", "c", "重大", '"', "同上"]])
    (result,) = import_file(store, path)
    # Row 3: three marks; row 4: three marks (the 单位名称 and 发现日期 marks chain through row 3's).
    assert (result.accepted, result.filled) == (3, {"merged": 0, "ditto": 6})
    assert hazards(store) == [("马庄街道", "企业A", "a", "一般", "2022-05-01", "未整改"),
                              ("马庄街道", "企业A", "b", "一般", "2022-05-01", "未整改"),
                              ("马庄街道", "企业A", "c", "重大", "2022-05-01", "未整改")]


def test_a_ditto_mark_in_the_first_data_row_is_rejected(store, tmp_path):
    path = book(tmp_path / "马庄.xlsx", [HEADER, ["同上", "a", "一般", "2022-05-01", "未整改"],
                                         ["企业B", "b", "一般", "2022-05-01", "未整改"]])
    (result,) = import_file(store, path)
    assert (result.accepted, result.rejected, result.filled) == (1, 1, {"merged": 0, "ditto": 0})
    assert [(r["row_number"], r["reasons"]) for r in result.rejected_rows] == [
        (2, "单位名称填写「同上」，但上方没有可沿用的值")]


def test_subtotal_and_repeated_header_rows_are_skipped(store, tmp_path):
    path = book(tmp_path / "马庄.xlsx", [
        HEADER,
        ["企业A", "a", "一般", "2022-05-01", "未整改"],
        [None, "小计", None, None, "1"],
        HEADER,
        ["企业B", "b", "一般", "2022-05-02", "未整改"],
        ["合计：2", None, None, None, None]])
    (result,) = import_file(store, path)
    # 6 rows below the first header: 2 accepted; 小计, the repeated header and 合计 skipped.
    assert (result.rows, result.accepted, result.rejected, result.skipped) == (5, 2, 0, 3)


def test_reading_merges_does_not_load_openpyxl(tmp_path):
    path = book(tmp_path / "马庄.xlsx", [HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"], [None, "b"]],
                merges=[(1, 0, 2, 0)])
    code = ("import sys; from safetyboard.ledgers.reader import read_file; s = read_file(sys.argv[1])[0];"
            " assert s.merges == [(1, 0, 2, 0)], s.merges; assert 'openpyxl' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "ok"


def test_the_columnar_csv_reader_reads_what_the_row_reader_reads(tmp_path, monkeypatch):
    from safetyboard.ledgers import reader

    text = ("湛河区隐患台账\r\n" + ",".join(HEADER) + "\r\n企业A,\"两行\r\n描述\",一般,2022-05-01,未整改\r\n\r\n"
            "企业B, b ,一般,,未整改\r\n注：本表\r\n")
    path = tmp_path / "台账.csv"
    path.write_bytes(text.encode("gbk"))
    assert reader._read_csv_columnar(path, "台账.csv", "gb18030", ",", len(HEADER)) is not None
    fast = reader.read_file(path)[0]
    monkeypatch.setattr(reader, "_read_csv_columnar", lambda *a: None)
    slow = reader.read_file(path)[0]
    assert fast.table.to_pylist() == slow.table.to_pylist()
    assert fast.row_numbers.to_pylist() == slow.row_numbers.to_pylist() == [1, 2, 3, 4, 5, 6]
    assert fast.table.column("c1").to_pylist()[2] == "两行\r\n描述"


def test_absurdly_many_merged_ranges_are_refused(store, tmp_path, monkeypatch):
    from safetyboard.ledgers import reader

    monkeypatch.setattr(reader, "MAX_MERGES", 1)
    path = book(tmp_path / "马庄.xlsx", [HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"], [None, "b"], [None, "c"]],
                merges=[(1, 0, 2, 0), (2, 1, 3, 1)])
    (result,) = import_file(store, path)
    assert (result.status, result.error) == ("failed", "文件「马庄.xlsx」工作表「Sheet1」有2处合并单元格，超过1处的上限，不是正常的台账。")
