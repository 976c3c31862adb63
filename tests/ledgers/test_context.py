"""The value a whole ledger shares when it has no column for it (ledgers/context.py): the 乡/街道 from the title
line, the sheet name or the file name; a column wins; a title naming two units is not used. Each expected row and
message is worked out by hand from the file written here."""
from safetyboard.ledgers.importer import import_file

from workbook_support import LAYOUT_HEADER, book, stored_hazards


def test_unit_from_the_title_line(store, tmp_path):
    path = book(tmp_path / "隐患台账.xlsx", [
        ["隐患排查整治台账"],
        ["填报单位（盖章）：湛河区曹镇乡人民政府", None, None, "填报日期：2022年10月8日"],
        LAYOUT_HEADER,
        ["企业A", "灭火器过期", "一般", "2022-05-01", "未整改"]])
    (result,) = import_file(store, path)
    assert result.to_json()["context"] == {"unit": {"value": "曹镇乡", "source": "title"}}
    assert (result.accepted, result.rejected) == (1, 0)
    assert stored_hazards(store) == [("曹镇乡", "企业A", "灭火器过期", "一般", "2022-05-01", "未整改")]


def test_unit_from_the_sheet_name_then_the_file_name(store, tmp_path):
    (by_sheet,) = import_file(store, book(tmp_path / "台账.xlsx", [LAYOUT_HEADER, ["企业A", "a", "一般", "2022-05-01", "未整改"]],
                                          sheet="马庄街道"))
    assert by_sheet.context == {"unit": {"value": "马庄街道", "source": "sheet"}}
    (by_file,) = import_file(store, book(tmp_path / "湛河区九里山街道隐患台账.xlsx",
                                         [LAYOUT_HEADER, ["企业B", "b", "一般", "2022-05-02", "未整改"]]))
    assert by_file.context == {"unit": {"value": "九里山街道", "source": "file"}}


def test_a_column_wins_over_the_title(store, tmp_path):
    path = book(tmp_path / "曹镇乡.xlsx", [["填报单位：曹镇乡人民政府"], ["所属乡(街道)", *LAYOUT_HEADER],
                                           ["马庄", "企业A", "a", "一般", "2022-05-01", "未整改"]])
    (result,) = import_file(store, path)
    assert result.context == {}
    assert stored_hazards(store)[0][0] == "马庄街道"


def test_a_title_naming_two_units_is_not_used(store, tmp_path):
    # The title names 马庄 and 曹镇; the sheet (Sheet1) and file (台账) name none: both rows rejected.
    path = book(tmp_path / "台账.xlsx", [["填报单位：马庄街道、曹镇乡"], LAYOUT_HEADER,
                                         ["企业A", "a", "一般", "2022-05-01", "未整改"],
                                         ["企业B", "b", "一般", "2022-05-02", "未整改"]])
    (result,) = import_file(store, path)
    assert (result.status, result.accepted, result.rejected) == ("imported", 0, 2)
    assert result.context == {"unit": {"value": None, "source": None}}
    assert [r["reasons"] for r in result.rejected_rows] == [
        "所属乡(街道)：表中没有此列，也无法从表头上方的填报单位、工作表名或文件名确定唯一的单位"] * 2
