"""The briefing's Word layout (safetyboard/briefing/layout.py, document.py) on the district briefing of the golden
fixture (tests/fixture_ledgers.py, A = 2022-10-31): GB/T 9704 masthead, page and fonts, the overdue table, the
national statistics tables (numbers worked out by hand from the fixture rows; the comments say how), charts and
the landscape annexes."""
from __future__ import annotations

from docx.oxml.ns import qn
from docx_support import table_rows

from safetyboard.briefing import document


def test_district_masthead_title_and_date_line(district):
    result, d = district
    paragraphs = [p.text for p in d.paragraphs]
    assert paragraphs[0] == "湛河区安全生产大检查工作简报"
    assert paragraphs[1] == "第31期"
    assert paragraphs[2] == "湛河区安全生产委员会办公室\t2022年10月31日"
    assert paragraphs[3] == "全区安全生产大检查工作进展情况"
    assert result.file_name == "湛河区安全生产大检查工作简报_第31期_全区_20221031.docx"
    # The red rule under the date line.
    bottom = d.paragraphs[2]._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000" and bottom.get(qn("w:val")) == "single"
    masthead = d.paragraphs[0].runs[0]
    assert masthead.font.color.rgb == document.RED and masthead.font.bold
    title = d.paragraphs[3].runs[0]
    assert title.font.size.pt == 22 and title.font.bold


def test_district_overdue_table(district):
    _result, d = district
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "序号")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["序号", "乡/街道", "单位名称", "隐患描述", "等级", "整改期限", "逾期\n天数", "监管部门"]
    # Dates in the campaign's year without it (they no longer wrap inside the cell).
    assert rows[1:] == [
        ["1", "马庄街道", "企业B", "脚手架缺扣件", "一般", "7月1日", "122", "住房和城乡建设局"],
        ["2", "九里山街道", "企业C有限公司", "储罐区无泄漏报警", "重大", "10月1日", "30", "应急管理局"],
        ["3", "九里山街道", "企业D", "疏散通道堵塞", "一般", "10月15日", "16", "市场监督管理局"],
    ]


def test_district_statistics_tables_in_the_national_layout(district):
    _result, d = district
    rows = table_rows(d, "乡/街道")
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "乡/街道")
    top, sub = table.rows[0]._tr.tc_lst, table.rows[1]._tr.tc_lst
    # The paper form's grouped header: real merged cells (gridSpan across a group, vMerge down a single column).
    spans = [(tc.grid_span, tc.tcPr.find(qn("w:vMerge")) is not None) for tc in top]
    assert spans == [(1, True), (1, True), (3, False), (3, False), (6, False), (1, True), (1, True)]
    assert [tc.tcPr.find(qn("w:vMerge")) is not None for tc in sub][:2] == [True, True]
    # Two-level header: merged group cells repeat their text across the merged columns in python-docx.
    assert rows[0][:8] == ["乡/街道", "排查单\n位数\n（家）", "一般隐患", "一般隐患", "一般隐患", "重大隐患", "重大隐患",
                           "重大隐患"]
    assert rows[0][8:14] == ["列入治理计划的重大隐患"] * 6
    assert rows[1][2:8] == ["隐患数\n（项）", "已整改\n（项）", "整改率\n（%）", "隐患数\n（项）", "已整改\n销号\n（项）",
                            "整改率\n（%）"]
    assert rows[1][0] == "乡/街道" and rows[1][-2:] == ["累计落实\n治理资金\n（万元）", "其中挂\n牌督办\n（项）"]
    body = {r[0]: r[1:] for r in rows[2:]}
    assert list(body)[-1] == "合计" and len(body) == 11          # all ten units, 合计 last
    # 合计: enterprises A-F 6; 一般 8 (rectified H01, H11, H12 = 3 -> 37.5); 重大 2 (H02 销号 -> 50.0);
    # planned (重大 with a 整改时限) H02, H05: targets/funds/staff/time 2 each, 预案 only H02; funds 2.5 + 10 万元;
    # 挂牌督办 H02, H05.
    assert body["合计"] == ["6", "8", "3", "37.5", "2", "1", "50.0", "2", "2", "2", "2", "2", "1", "12.50", "2"]
    # 马庄: 企业A, 企业B; 一般 H01, H03, H04, H12 (H01, H12 done); 重大 H02 done, all five in place, 2.5 万元, 区级.
    assert body["马庄街道"] == ["2", "4", "2", "50.0", "1", "1", "100.0", "1", "1", "1", "1", "1", "1", "2.50", "1"]
    assert body["九里山街道"] == ["2", "2", "0", "0.0", "1", "0", "0.0", "1", "1", "1", "1", "1", "0", "10.00", "1"]
    assert body["姚孟街道"] == ["0", "0", "0", "—", "0", "0", "—", "0", "0", "0", "0", "0", "0", "0.00", "0"]
    rows = table_rows(d, "行业领域")
    body = {r[0]: r[1:] for r in rows[2:]}
    # 工贸: H01, H02, H11, H12 (H10 before S); 企业A, 企业F; 一般 3 all done; 重大 H02 done.
    assert body["工贸"] == ["2", "3", "3", "100.0", "1", "1", "100.0", "1", "1", "1", "1", "1", "1", "2.50", "1"]
    assert body["合计"] == ["6", "8", "3", "37.5", "2", "1", "50.0", "2", "2", "2", "2", "2", "1", "12.50", "2"]
    assert set(body) == {"工贸", "建筑施工", "危险化学品", "商贸", "燃气", "合计"}


def test_district_has_charts_and_landscape_annexes(district):
    _result, d = district
    assert len(d.inline_shapes) == 3                      # 整改率 by unit, weekly, 回头看 coverage
    # The charts are 附件1 (portrait), after the body; the statistics tables follow in landscape.
    assert [s.orientation for s in d.sections] == [0, 0, 1, 1]
    paragraphs = [p.text for p in d.paragraphs]
    assert paragraphs.index("附件1") > paragraphs.index("下一步工作：（请督导组填写）")
    assert any(p.startswith("本期（") and p.endswith("各乡/街道整改率和每周发现与整改情况见附件1。") for p in paragraphs)


def test_layout_follows_gbt_9704(district):
    _result, d = district
    s = d.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    for edge, mm in (("top_margin", 37), ("bottom_margin", 35), ("left_margin", 28), ("right_margin", 26)):
        assert abs(getattr(s, edge).mm - mm) < 0.1, edge
    footer = s.footer._element.xml
    assert "PAGE" in footer and "— " in footer and " —" in footer and 'w:fldCharType="begin"' in footer
    normal = d.styles["Normal"]
    assert normal.font.size.pt == 16
    assert abs(normal.paragraph_format.line_spacing.pt - 28.95) < 0.05


def _east_asia(rpr) -> str | None:
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_east_asian_fonts_are_explicit(district):
    _result, d = district
    styles = d.styles
    assert _east_asia(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))) == "仿宋"
    assert _east_asia(styles["Normal"].element.rPr) == "仿宋"
    assert _east_asia(styles["Heading 1"].element.rPr) == "黑体"
    assert _east_asia(styles["Heading 2"].element.rPr) == "楷体"
    for name in ("Normal", "Heading 1", "Heading 2"):
        fonts = styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsiaTheme")) is None and fonts.get(qn("w:asciiTheme")) is None, name
    # Every run of the body, the tables and the footer names its East-Asian font.
    runs = [r for p in d.paragraphs for r in p.runs]
    runs += [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    runs += [r for p in d.sections[0].footer.paragraphs for r in p.runs]
    missing = [r.text for r in runs if r.text and not _east_asia(r._r.rPr)]
    assert missing == []
    by_text = {p.text: p for p in d.paragraphs}
    assert _east_asia(by_text["湛河区安全生产大检查工作简报"].runs[0]._r.rPr) == "宋体"
    assert _east_asia(by_text["全区安全生产大检查工作进展情况"].runs[0]._r.rPr) == "宋体"
    assert _east_asia(by_text["一、总体进展"].runs[0]._r.rPr) == "黑体"
    assert by_text["一、总体进展"].style.name == "Heading 1"
    # The subsections of 三 are run-in 楷体 leads before their first paragraph.
    lead = next(p for p in d.paragraphs if p.text.startswith("（一）隐患逾期未整改。"))
    assert lead.runs[0].text == "（一）隐患逾期未整改。" and _east_asia(lead.runs[0]._r.rPr) == "楷体"
    body = next(p for p in d.paragraphs if p.text.startswith("截至10月31日"))
    assert _east_asia(body.runs[0]._r.rPr) == "仿宋" and body.runs[0].font.size.pt == 16

