"""The briefing's Excel 附表 (safetyboard/briefing/attachment.py) on the golden fixture (tests/fixture_ledgers.py,
A = 2022-10-31): its sheets, Chinese headers and row counts, and where the CLI writes it."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
from docx_support import make_briefing

from safetyboard.briefing import attachment


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: [r for r in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def test_district_attachment_sheets_and_rows(district):
    result, _d = district
    assert result.attachment_name == "湛河区安全生产大检查工作简报_第31期_全区_20221031.xlsx"
    sheets = _sheets(result.attachment)
    assert list(sheets) == ["逾期未整改隐患", "重大隐患", "临期隐患", "报送滞后", "约谈通报问责"]
    # Each sheet: a title row, two lines (scope, as-of), a blank row, the header, then the rows.
    overdue = sheets["逾期未整改隐患"]
    assert overdue[0][0] == "湛河区安全生产大检查工作简报第31期附表（全区）"
    header = overdue[4]
    assert header[:5] == ("序号", "乡/街道", "单位名称", "隐患描述", "隐患等级") and "逾期天数" in header
    # Overdue H03 (122 days), H05 (30), H07 (16); 重大 H02, H05 (H05 open first); 临期 H08, H06.
    assert [r[2] for r in overdue[5:]] == ["企业B", "企业C有限公司", "企业D"]
    assert [r[header.index("逾期天数")] for r in overdue[5:]] == [122, 30, 16]
    majors = sheets["重大隐患"]
    assert [r[majors[4].index("已整改")] for r in majors[5:]] == ["否", "是"]
    assert len(sheets["临期隐患"]) - 5 == 2
    # 自查报告: 82 missing + 1 late (马庄, node 2); 打非治违月报: 74 missing, none late.
    assert len(sheets["报送滞后"]) - 5 == 82 + 1 + 74
    assert len(sheets["约谈通报问责"]) - 5 == 0


def test_write_puts_the_attachment_next_to_the_document(district, tmp_path):
    result, _d = district
    docx, xlsx = result.write(tmp_path / "简报.docx")
    assert xlsx == tmp_path / "简报.xlsx" and docx.read_bytes() == result.content
    assert xlsx.read_bytes() == result.attachment


def test_the_body_points_to_the_sheets_by_their_names():
    assert attachment.see_sheet(attachment.SHEET_OVERDUE) == "见Excel附表“逾期未整改隐患”"


def test_group_attachment_has_its_departments_sheet(store):
    result, _d = make_briefing(store, as_of=dt.date(2022, 10, 31), group="一组")
    sheets = _sheets(result.attachment)
    # A group has no 约谈/通报/问责 passage (its problems instead); its departments' overdue hazards have a sheet:
    # 应急管理局 -> H05 (企业C, 30 days), as in the group's text.
    assert list(sheets) == ["逾期未整改隐患", "重大隐患", "临期隐患", "分工部门逾期隐患", "报送滞后"]
    assert [r[2] for r in sheets["分工部门逾期隐患"][5:]] == ["企业C有限公司"]
    # 马庄 through $units: overdue H03 only.
    assert [r[2] for r in sheets["逾期未整改隐患"][5:]] == ["企业B"]


def test_the_majors_sheet_lists_the_open_ones_in_the_body_order(store):
    # The golden fixture has one open 重大 (H05, 企业C, 30 days overdue) and one rectified (H02, 企业A).
    result, _d = make_briefing(store, as_of=dt.date(2022, 10, 31))
    majors = _sheets(result.attachment)["重大隐患"]
    header = majors[4]
    assert [(r[header.index("单位名称")], r[header.index("逾期天数")]) for r in majors[5:]] == [
        ("企业C有限公司", 30), ("企业A", None)]
