"""The 公文 building blocks (GB/T 9704) the briefing and the notices share: page set-up, fonts, runs, headings,
body paragraphs, tables and pictures.

East-Asian fonts are written explicitly (w:eastAsia on every rFonts, also in the styles and document
defaults): python-docx only sets the Latin font, and Word/WPS would otherwise show 宋体/等线 everywhere."""
from __future__ import annotations

import io
from typing import Iterable

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor


# Fonts: Windows/WPS names (present on every Chinese Windows install); LibreOffice maps them through
# fontconfig (see to_pdf). 小标宋 is not a standard system font, so titles use 宋体 bold.
SONG, FANGSONG, HEI, KAI = "宋体", "仿宋", "黑体", "楷体"
LATIN = "Times New Roman"
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"

# GB/T 9704 sizes: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt, 小五 9pt.
SIZE_TITLE, SIZE_BODY, SIZE_PAGE_NO, SIZE_TABLE, SIZE_ANNEX_TABLE, SIZE_ANNEX_HEADER = 22, 16, 14, 10.5, 9, 8
LINE_PITCH = Pt(28.95)           # 22 lines in the 225 mm type area


def _set_fonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Explicit fonts on an rPr (run or style): Latin and East-Asian, theme fonts removed (they win otherwise)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")


def _style_fonts(style, east_asia: str, size: float, bold: bool = False, latin: str = LATIN) -> None:
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element.get_or_add_rPr(), east_asia, latin)


def add_run(paragraph, text: str, east_asia: str = FANGSONG, size: float = SIZE_BODY, bold: bool = False,
            color: RGBColor | None = None, latin: str = LATIN):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run._r.get_or_add_rPr(), east_asia, latin)
    return run


def add_border(paragraph, edge: str, color: str, size_eighths: int, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)


def single_spaced(paragraph, before: float = 0, after: float = 0) -> None:
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.first_line_indent = Pt(0)


def _page_number_footer(section) -> None:
    footer = section.footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(paragraph)
    add_run(paragraph, "— ", SONG, SIZE_PAGE_NO, latin=SONG)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = add_run(paragraph, "", SONG, SIZE_PAGE_NO, latin=SONG)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    add_run(paragraph, " —", SONG, SIZE_PAGE_NO, latin=SONG)


def _paragraph_style(style, east_asia: str):
    """A style on the 22-line grid, first line indented two characters; its paragraph format, to add to."""
    _style_fonts(style, east_asia, SIZE_BODY)
    pf = style.paragraph_format
    pf.line_spacing = LINE_PITCH
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(SIZE_BODY * 2)
    return pf


def new_document() -> Document:
    doc = Document()
    # Document defaults: explicit fonts and Chinese language, so unstyled text is 仿宋 too.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FANGSONG)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = _paragraph_style(doc.styles["Normal"], FANGSONG)
    normal.widow_control = True
    normal.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, font in (("Heading 1", HEI), ("Heading 2", KAI)):
        _paragraph_style(doc.styles[name], font).keep_with_next = True
    for name in ("Heading 1 Char", "Heading 2 Char"):
        if name in [s.name for s in doc.styles]:
            _style_fonts(doc.styles[name], HEI if "1" in name else KAI, SIZE_BODY)
    table_grid = doc.styles["Table Grid"]
    _set_fonts(table_grid.element.get_or_add_rPr(), FANGSONG)

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    _page_number_footer(section)
    return doc


def add_title(doc, text: str, subtitle: str | None = None) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, before=28, after=0 if subtitle else 18)
    add_run(p, text, SONG, SIZE_TITLE, bold=True, latin=SONG)
    if subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        single_spaced(p, before=6, after=18)
        add_run(p, subtitle, KAI, SIZE_BODY)


def add_heading(doc, text: str, level: int) -> None:
    p = doc.add_paragraph(style="Heading 1" if level == 1 else "Heading 2")
    add_run(p, text, HEI if level == 1 else KAI, SIZE_BODY)


def add_body(doc, text: str) -> None:
    p = doc.add_paragraph()
    add_run(p, text)


def add_lead_in(doc, lead: str, text: str, font: str = HEI) -> None:
    """A paragraph with a run-in lead ("下一步工作：" in 黑体, or a 楷体 "（二）报送不及时。")."""
    p = doc.add_paragraph()
    add_run(p, lead, font)
    add_run(p, text)


def add_picture(doc, png: bytes, caption: str, number: int, width_mm: float = 150) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, before=6)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, after=8)
    add_run(p, f"图{number}　{caption}", KAI, 12)


def fill_cell(cell, text: str, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER,
              font: str = FANGSONG) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    single_spaced(p)
    for i, line in enumerate(text.split("\n")):
        run = add_run(p, line, HEI if bold else font, size)
        if i:
            run._r.insert(list(run._r).index(run._r.find(qn("w:t"))), OxmlElement("w:br"))


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def add_table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float], size: float = SIZE_TABLE,
              left_columns: Iterable[int] = (), bold_rows: Iterable[int] = ()):
    """A table with a repeated header row; bold_rows: indexes into rows set in 黑体 (a 合计 row). The table."""
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, bold = set(left_columns), set(bold_rows)
    for j, text in enumerate(header):
        fill_cell(table.rows[0].cells[j], text, size, bold=True)
    repeat_header(table.rows[0])
    for i, values in enumerate(rows, 1):
        for j, text in enumerate(values):
            fill_cell(table.rows[i].cells[j], text, size, bold=i - 1 in bold,
                      align=WD_ALIGN_PARAGRAPH.LEFT if j in left else WD_ALIGN_PARAGRAPH.CENTER)
    set_widths(table, widths_mm)
    set_cell_margins(table, 60)
    return table


def merge_across(row, first: int, last: int, text: str, size: float) -> None:
    """Cells first..last of a table row as one cell that reads text (a row with nothing to count)."""
    cell = row.cells[first].merge(row.cells[last])
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    for run in cell.paragraphs[0].runs:
        run._r.getparent().remove(run._r)
    fill_cell(cell, text, size)


def set_widths(table, widths_mm: list[float]) -> None:
    """Column widths in the grid (LibreOffice, WPS) and on every cell (Word)."""
    for j, width in enumerate(widths_mm):
        table.columns[j].width = Mm(width)
    for row in table.rows:
        for j, width in enumerate(widths_mm):
            row.cells[j].width = Mm(width)


def set_cell_margins(table, twips: int) -> None:
    """Narrow left/right cell margins, so numbers fit the columns of the wide tables."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def add_table_caption(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, before=6, after=4)
    add_run(p, text, HEI, 14)


