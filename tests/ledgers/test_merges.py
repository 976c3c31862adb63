"""Merged data cells (ledgers/merges.py): a merge fills only the cells inside it, in .xlsx and in a legacy .xls,
wherever the table starts. Each expected row is worked out by hand from the file written here."""
import xlwt

from safetyboard.ledgers.importer import import_file

from workbook_support import LAYOUT_HEADER, book, stored_hazards


def test_merged_cells_fill_only_inside_the_merge(store, tmp_path):
    # 单位名称 merged over rows 2-3 (企业A); row 4's 单位名称 is empty and outside the merge: rejected.
    # 发现日期 merged across rows 2-4 (one date for three hazards).
    path = book(tmp_path / "马庄.xlsx", [
        ["马庄街道隐患台账"], LAYOUT_HEADER,
        ["企业A", "a", "一般", "2022-05-01", "未整改"],
        [None, "b", "一般", None, "未整改"],
        [None, "c", "重大", None, "已整改"]],
        merges=[(2, 0, 3, 0), (2, 3, 4, 3)])
    (result,) = import_file(store, path)
    assert (result.accepted, result.rejected, result.filled) == (2, 1, {"merged": 3, "ditto": 0})
    assert [(r["row_number"], r["reasons"]) for r in result.rejected_rows] == [(5, "单位名称为空（必填）")]
    assert stored_hazards(store) == [("马庄街道", "企业A", "a", "一般", "2022-05-01", "未整改"),
                              ("马庄街道", "企业A", "b", "一般", "2022-05-01", "未整改")]


def test_merges_of_a_sheet_with_an_empty_first_column(store, tmp_path):
    # The table starts in column B: the merge B3:B4 is the table's first column.
    rows = [[None, *r] for r in [["马庄街道隐患台账"], LAYOUT_HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"],
                                 [None, "b", "一般", "2022-05-02", "未整改"]]]
    (result,) = import_file(store, book(tmp_path / "马庄.xlsx", rows, merges=[(2, 1, 3, 1)]))
    assert [h[1] for h in stored_hazards(store)] == ["企业A", "企业A"]
    assert result.filled == {"merged": 1, "ditto": 0}


def test_merged_cells_in_a_legacy_xls(store, tmp_path):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("曹镇乡")
    for c, h in enumerate(LAYOUT_HEADER):
        ws.write(0, c, h)
    ws.write_merge(1, 2, 0, 0, "企业A")
    for r, row in enumerate([["a", "一般", "2022-05-01", "未整改"], ["b", "重大", "2022-05-02", "未整改"]], start=1):
        for c, v in enumerate(row, start=1):
            ws.write(r, c, v)
    wb.save(str(tmp_path / "台账.xls"))
    (result,) = import_file(store, tmp_path / "台账.xls")
    assert result.context == {"unit": {"value": "曹镇乡", "source": "sheet"}}
    assert [(h[0], h[1], h[2]) for h in stored_hazards(store)] == [("曹镇乡", "企业A", "a"), ("曹镇乡", "企业A", "b")]
