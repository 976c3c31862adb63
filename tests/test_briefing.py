"""The Word 简报 (safetyboard.briefing), its charts (safetyboard.static_charts), its CLI and its page, on the
golden fixture (tests/fixture_ledgers.py). The expected numbers were worked out by hand from the fixture
rows; the comments say how (A = 2022-10-31, S = campaign start 2022-04-01 unless a test says otherwise)."""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from safetyboard import briefing as b
from safetyboard import static_charts as sc
from safetyboard.store import Store

REPO = Path(__file__).resolve().parents[1]
A = dt.date(2022, 10, 31)
MAZHUANG, JIULISHAN, CAOZHEN = "410411001000", "410411004000", "410411200000"


@pytest.fixture(scope="module")
def store(fixture_db):
    s = Store(fixture_db)
    yield s
    s.close()


def make(store, as_of=A, since=None, issue_no=None, **scope) -> tuple[b.Briefing, docx.Document]:
    result = b.build_briefing(store, b.resolve_scope(store, **scope), as_of=as_of, since=since, issue_no=issue_no)
    return result, docx.Document(io.BytesIO(result.content))


def text_of(document: docx.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def district(store):
    return make(store)


# ---------------------------------------------------------------- scope and period


def test_scopes_resolve_aliases_and_reject_unknowns(store):
    assert b.resolve_scope(store).kind == "district"
    for written in ("曹镇", "曹镇乡人民政府", " 曹镇乡 "):
        s = b.resolve_scope(store, unit=written)
        assert (s.kind, s.name, s.unit_codes) == ("unit", "曹镇乡", (CAOZHEN,))
    # The fixture's 分工: 一组 = 马庄街道 + 区应急管理局; 督导二组 = 九里山街道 + 企业C有限公司; 第3组 = 曹镇乡.
    g1 = b.resolve_scope(store, group="一组")
    assert (g1.name, g1.unit_codes, g1.unit_names, g1.departments) == ("第一督导组", (MAZHUANG,), ("马庄街道",),
                                                                        ("应急管理局",))
    g2 = b.resolve_scope(store, group="第二督导组")
    assert g2.unit_codes == (JIULISHAN,) and g2.departments == () and g2.enterprises == ("企业C有限公司",)
    assert b.resolve_scope(store, group="第3组").unit_names == ("曹镇乡",)
    with pytest.raises(b.BriefingError, match="湛南街道.*不是湛河区的乡/街道"):
        b.resolve_scope(store, unit="湛南街道")
    with pytest.raises(b.BriefingError, match="不是督导组"):
        b.resolve_scope(store, group="第九组")
    with pytest.raises(b.BriefingError, match="第四督导组没有分工对象"):
        b.resolve_scope(store, group="第四督导组")
    with pytest.raises(b.BriefingError, match="只能指定一个"):
        b.resolve_scope(store, group="一组", unit="曹镇")


def test_period_defaults_and_errors(store):
    p = b.make_period(store)
    # The latest date in the fixture is H07's completion date 2022-11-10; the period is its last 7 days.
    assert (p.as_of, p.since, p.previous, p.since_given) == (dt.date(2022, 11, 10), dt.date(2022, 11, 4),
                                                             dt.date(2022, 11, 3), False)
    assert "本期截止日前7天" in p.basis
    p = b.make_period(store, A, dt.date(2022, 10, 1))
    assert p.previous == dt.date(2022, 9, 30) and "本期起始日前一日" in p.basis
    assert not b.make_period(store, A, dt.date(2022, 4, 1)).has_previous
    with pytest.raises(b.BriefingError, match="晚于统计截止日"):
        b.make_period(store, A, dt.date(2022, 11, 1))
    with pytest.raises(b.BriefingError, match="早于活动开始日"):
        b.make_period(store, dt.date(2022, 3, 1))
    assert b.default_issue_no(A, dt.date(2022, 4, 1)) == 31       # 213 days after the start: week 31
    assert b.default_issue_no(dt.date(2022, 4, 1), dt.date(2022, 4, 1)) == 1


# ---------------------------------------------------------------- the district briefing


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
    assert masthead.font.color.rgb == b.RED and masthead.font.bold
    title = d.paragraphs[3].runs[0]
    assert title.font.size.pt == 22 and title.font.bold


def test_district_numbers_in_the_text(district):
    _result, d = district
    text = text_of(d)
    # In [S, A]: H01-H08, H11, H12 = 10; rectified H01, H02 (销号), H11 (no date), H12 = 4 -> 40.0%;
    # overdue H03, H05, H07 = 3; 重大 H02, H05 = 2; 临期 H08 (due 10-31) and H06 (11-05) = 2; enterprises A-F = 6.
    assert ("截至10月31日，全区共排查生产经营单位6家，排查隐患10处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率40.0%；"
            "重大隐患已整改1处，整改率50.0%。逾期未整改3处，临期（7日内到期）2处") in text
    # Previous = as of 10-24 (A - 7): the same 10 / 4 / 3 (nothing found, rectified or fallen overdue since).
    assert ("本期（10月25日至10月31日）新排查隐患0处，新完成整改0处，整改率与上期（40.0%）持平，"
            "逾期未整改隐患较上期持平（上期指截至10月24日，即本期截止日前7天）。") in text
    # 重大 and 挂牌督办: H02 区级 rectified, H05 市级 open since its 10-01 deadline (30 days), no 预案.
    assert "全区排查重大隐患2处，已整改1处（其中已销号1处），整改率50.0%" in text     # H02 销号
    assert "全部落实1处，占50.0%" in text
    assert "挂牌督办隐患2处（市级1处、区级1处），已整改1处。" in text
    assert ("1. 九里山街道企业C有限公司：储罐区无泄漏报警（危险化学品，监管部门应急管理局），市级挂牌督办，"
            "整改期限2022年10月1日，已逾期30天；“五落实”尚缺预案。") in text
    # Behind, one by one: 九里山 H05 (30 days), H07 (16); 马庄 H03 (07-01 -> 122 days).
    assert ("全区逾期未整改隐患3处，涉及2个乡/街道：九里山街道2处（最长逾期30天）、马庄街道1处（最长逾期122天）。"
            "按监管部门：应急管理局1处、住房和城乡建设局1处、市场监督管理局1处。") in text
    assert "曹镇乡企业E“软管老化”（10月31日到期）" in text and "企业C有限公司“标识不清”（11月5日到期）" in text
    # 自查报告: 87 expected, 4 on time, 1 late (马庄 05-26), 82 missing; node 1 missing = 29 - 3 on time = 26.
    assert "自查报告应报送87份，按时报送4份，迟报1份，未报送82份，报送及时率4.6%" in text
    assert "迟报的有马庄街道（5月26日报送）" in text
    node1 = next(p for p in text.splitlines() if p.startswith("第一次（4月25日）"))
    assert "（共26个）" in node1 and "马庄街道" not in node1 and "九里山街道" not in node1 and "曹镇乡" in node1
    # 打非治违月报: on time 应急管理局 and 住建局 for September. 月报 months June-October (campaign.toml), due by A June-September: 19 x 4 = 76; 2 on time, 2/76 = 2.6%.
    assert "打非治违月报应报送76份，按时报送2份，迟报0份，未报送74份，及时率2.6%" in text
    assert "应急管理局（6月至8月未报）；住房和城乡建设局（6月至8月未报）；交通运输局（6月至9月未报）" in text
    # 回头看: 第一组 马庄 reached (10-10), 应急管理局 not; 第二组 企业C (10-20) yes, 九里山 only on 09-28; 第三组 11-02.
    assert ("督导组“回头看”覆盖率：第一督导组50.0%（分工对象2个，已回头看1个）、第二督导组50.0%（分工对象2个，已回头看1个）、"
            "第三督导组0.0%（分工对象1个，已回头看0个）；第四督导组、第五督导组、第六督导组暂无分工。") in text
    assert "尚未“回头看”的分工对象：第一督导组——应急管理局（部门）；第二督导组——九里山街道；第三督导组——曹镇乡。" in text
    # 执法: C1-C3, C5 (C4 filed 11-02); fines 5万 + 3,000 + 0 = 5.3万; C5 (10-31) is this period's only case.
    assert "全区立案查处执法案件4起，罚款5.3万元；其中责令停产停业整顿1起，关闭取缔1起，移送司法1起。" in text
    assert "本期新立案1起。" in text
    assert b.NEXT_STEPS in text


def test_district_overdue_table(district):
    _result, d = district
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "序号")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["序号", "乡/街道", "单位名称", "隐患描述", "等级", "整改期限", "逾期天数", "监管部门"]
    assert rows[1:] == [
        ["1", "马庄街道", "企业B", "脚手架缺扣件", "一般", "2022-07-01", "122", "住房和城乡建设局"],
        ["2", "九里山街道", "企业C有限公司", "储罐区无泄漏报警", "重大", "2022-10-01", "30", "应急管理局"],
        ["3", "九里山街道", "企业D", "疏散通道堵塞", "一般", "2022-10-15", "16", "市场监督管理局"],
    ]


def _stats_table(d, first_header: str):
    table = next(t for t in d.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in r.cells] for r in table.rows]


def test_district_statistics_tables_in_the_national_layout(district):
    _result, d = district
    rows = _stats_table(d, "乡/街道")
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
    rows = _stats_table(d, "行业领域")
    body = {r[0]: r[1:] for r in rows[2:]}
    # 工贸: H01, H02, H11, H12 (H10 before S); 企业A, 企业F; 一般 3 all done; 重大 H02 done.
    assert body["工贸"] == ["2", "3", "3", "100.0", "1", "1", "100.0", "1", "1", "1", "1", "1", "1", "2.50", "1"]
    assert body["合计"] == ["6", "8", "3", "37.5", "2", "1", "50.0", "2", "2", "2", "2", "2", "1", "12.50", "2"]
    assert set(body) == {"工贸", "建筑施工", "危险化学品", "商贸", "燃气", "合计"}


def test_district_has_charts_and_landscape_annexes(district):
    _result, d = district
    assert len(d.inline_shapes) == 3                      # 整改率 by unit, weekly, 回头看 coverage
    assert d.sections[0].orientation == 0 and d.sections[-1].orientation == 1   # portrait body, landscape annex


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
    assert _east_asia(by_text["（一）隐患逾期未整改（截至10月31日）"].runs[0]._r.rPr) == "楷体"
    body = next(p for p in d.paragraphs if p.text.startswith("截至10月31日"))
    assert _east_asia(body.runs[0]._r.rPr) == "仿宋" and body.runs[0].font.size.pt == 16


# ---------------------------------------------------------------- group and unit briefings


def test_group_briefing(store):
    result, d = make(store, group="一组")
    text = text_of(d)
    assert result.file_name == "湛河区安全生产大检查工作简报_第31期_第一督导组_20221031.docx"
    assert d.paragraphs[2].text == "湛河区安全生产委员会第一督导组\t2022年10月31日"
    assert d.paragraphs[3].text == "第一督导组督导范围安全生产大检查工作进展情况"
    assert "第一督导组督导范围（乡/街道：马庄街道；部门：应急管理局）" in text
    # Units through $units = [马庄]: H01-H04, H12 -> 5; done H01, H02, H12 -> 60.0%; overdue H03; 重大 H02.
    assert "截至10月31日，马庄街道共排查生产经营单位2家，排查隐患5处，其中重大隐患1处，挂牌督办1处；已整改3处，整改率60.0%" in text
    assert "马庄街道逾期未整改隐患1处，最长逾期122天。" in text
    # Departments through $departments = [应急管理局]: H01, H02, H05, H06, H11, H12 -> 6 (企业A, C, F); done 4.
    assert "截至10月31日，应急管理局监管领域共排查生产经营单位3家，排查隐患6处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率66.7%" in text   # listed H02, H05
    assert "应急管理局监管领域逾期未整改的隐患：九里山街道企业C有限公司“储罐区无泄漏报警”（逾期30天）。" in text
    # Only the group's reporters are named; 应急管理局 sent node 3 on 11-01 (after A): missing.
    assert "第三次（10月25日）自查报告未报送的有应急管理局（共1个）。" in text
    assert "南环路街道" not in text
    # 应急 only: June-September due = 4, September on time.
    assert "打非治违月报应报送4份，按时报送1份，迟报0份，未报送3份，及时率25.0%。未按时报送的部门：应急管理局（6月至8月未报）。" in text
    assert "尚未“回头看”的分工对象：第一督导组——应急管理局（部门）。" in text
    assert "马庄街道立案查处执法案件2起，罚款5万元" in text          # C1 (5万元), C2
    assert "应急管理局立案查处执法案件1起，罚款5万元" in text        # C1 (C4 after A)
    body = {r[0]: r[1:] for r in _stats_table(d, "乡/街道")[2:]}
    assert list(body) == ["马庄街道", "合计"]
    assert body["合计"][:4] == ["2", "4", "2", "50.0"]


def test_unit_briefing_with_given_period(store):
    result, d = make(store, unit="曹镇", since=dt.date(2022, 10, 1), issue_no=7)
    text = text_of(d)
    assert result.file_name == "湛河区安全生产大检查工作简报_第7期_曹镇乡_20221031.docx"
    assert d.paragraphs[1].text == "第7期"
    # 曹镇乡: H08 (10-01), H11 (10-20, done without a date); H09 after A, H10 before S.
    assert "截至10月31日，曹镇乡共排查生产经营单位2家，排查隐患2处，未排查出重大隐患；已整改1处，整改率50.0%" in text
    # Previous = 09-30: nothing yet, so both are new in this period.
    assert "本期（10月1日至10月31日）新排查隐患2处，新完成整改1处" in text
    assert "上期指截至9月30日，即本期起始日前一日" in text
    assert "曹镇乡无逾期未整改隐患。" in text
    assert "第三督导组截至10月31日尚未对曹镇乡开展“回头看”。" in text    # its 回头看 was on 11-02
    assert "曹镇乡立案查处执法案件1起；其中移送司法1起。" in text       # C5 (10-31); C4 on 11-02
    assert "第一次（4月25日）自查报告未报送的有曹镇乡（共1个）。" in text
    assert [t.rows[0].cells[0].text for t in d.tables if t.rows[0].cells[0].text != "序号"] == ["行业领域"]


def test_month_span():
    months = [dt.date(2022, m, 1) for m in (4, 5, 6, 8, 10, 11)]
    assert b.month_span(months) == "4月至6月、8月、10月至11月"
    assert b.month_span([dt.date(2022, 9, 1)]) == "9月"


def test_first_period_has_nothing_to_compare(store):
    _result, d = make(store, since=dt.date(2022, 4, 1))
    assert "本期为活动开始后的首期简报，暂无上期数据可比" in text_of(d)


def test_progress_is_reported_in_order(store):
    seen = []
    b.build_briefing(store, b.district_scope(), as_of=A, progress=lambda f, t: seen.append((f, t)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and all(t for _, t in seen)


# ---------------------------------------------------------------- charts: Chinese glyphs


def test_chart_font_is_cjk_and_has_every_glyph():
    font = sc.cjk_font()
    assert font.family in sc.CJK_FAMILIES
    labels = ["马庄街道", "九里山街道", "曹镇乡", "姚孟街道"]
    _png, fig = sc.rate_bars(labels, [0.6, 0.0, 0.5, None], [5, 3, 2, 0], "各乡/街道隐患整改率", overall=0.4)
    texts = sc.text_fonts(fig)
    drawn = "".join(t for t, _ in texts)
    for label in (*labels, "整改率", "暂无隐患", "各乡/街道隐患整改率"):
        assert label in drawn
    for text, used in texts:
        assert used.path == font.path and used.face_index == font.face_index, text
        assert sc.missing_glyphs(text, used) == set(), text
    weeks = [dt.date(2022, 9, 5) + dt.timedelta(days=7 * i) for i in range(8)]
    _png, fig = sc.weekly_found_rectified(weeks, [1, 0, 2, 1, 0, 0, 1, 0], [0, 1, 1, 0, 1, 0, 0, 2],
                                          [1, 1, 3, 4, 4, 4, 5, 5], [0, 1, 2, 2, 3, 3, 3, 5], "每周隐患发现与整改")
    for text, used in sc.text_fonts(fig):
        assert sc.missing_glyphs(text, used) == set(), text
    assert {"新发现", "完成整改", "累计发现", "累计整改"} <= {t for t, _ in sc.text_fonts(fig)}


def test_glyph_check_detects_a_font_without_chinese():
    from matplotlib import font_manager
    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    assert sc.missing_glyphs("湛河 40%", sc.CJKFont("DejaVu Sans", str(latin), 0)) == {"湛", "河"}


def test_no_cjk_font_is_a_clear_error(monkeypatch):
    sc.cjk_font.cache_clear()
    monkeypatch.setattr(sc, "CJK_FAMILIES", ("No Such Font Family",))
    try:
        with pytest.raises(sc.CJKFontMissing, match="fonts-noto-cjk"):
            sc.cjk_font()
    finally:
        monkeypatch.undo()
        sc.cjk_font.cache_clear()


# ---------------------------------------------------------------- the command line


def run_cli(argv: list[str]) -> int:
    """Through `python -m safetyboard` once the lead has wired it into cli.py, else through register()."""
    from safetyboard import briefing_cli, cli
    if "briefing_cli" in (REPO / "safetyboard" / "cli.py").read_text(encoding="utf-8"):
        return cli.main(["briefing", *argv])
    parser = argparse.ArgumentParser(prog="python -m safetyboard")
    briefing_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["briefing", *argv])
    return args.func(args)


def test_cli_writes_the_briefing(fixture_db, tmp_path, capsys):
    out = tmp_path / "简报.docx"
    code = run_cli(["--db", str(fixture_db), "--group", "第三督导组", "--as-of", "2022-10-31", "--issue-no", "5",
                    "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "已生成简报" in capsys.readouterr().out
    d = docx.Document(str(out))
    assert d.paragraphs[1].text == "第5期"
    assert "截至10月31日，曹镇乡共排查生产经营单位2家，排查隐患2处" in text_of(d)


@pytest.mark.parametrize("argv, message", [
    (["--unit", "湛南街道"], "不是湛河区的乡/街道"),
    (["--group", "第九组"], "不是督导组"),
    (["--group", "第四督导组"], "没有分工对象"),
    (["--group", "一组", "--unit", "曹镇"], "只能指定一个"),
    (["--as-of", "2022/13/45"], "不是有效日期"),
    (["--since", "2022-11-05", "--as-of", "2022-10-31"], "晚于统计截止日"),
    (["--issue-no", "零"], "应为正整数"),
    (["--issue-no", "0"], "应为正整数"),
    ([], "请用 -o 指定输出文件"),
])
def test_cli_bad_arguments_exit_2_with_a_chinese_message(fixture_db, tmp_path, capsys, argv, message):
    if "-o" not in argv and message != "请用 -o 指定输出文件":
        argv = [*argv, "-o", str(tmp_path / "x.docx")]
    assert run_cli(["--db", str(fixture_db), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_cli_missing_database_and_bad_output(tmp_path, fixture_db, capsys):
    assert run_cli(["--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "x.docx")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()
    assert run_cli(["--db", str(fixture_db), "-o", str(tmp_path / "x.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err
    assert run_cli(["--db", str(fixture_db), "-o", str(tmp_path / "no" / "x.docx")]) == 2
    assert "不存在" in capsys.readouterr().err


# ---------------------------------------------------------------- PDF (LibreOffice) and the first page


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; scripts/setup.sh --system installs it")
        pytest.skip(f"{tool} not installed (run scripts/setup.sh --system)")
    return path


def test_briefing_converts_to_pdf_and_renders(district, tmp_path):
    if b.soffice_path() is None:
        _require("soffice")
    pdftoppm, pdftotext = _require("pdftoppm"), _require("pdftotext")
    result, _d = district
    source = tmp_path / result.file_name
    source.write_bytes(result.content)
    pdf = b.to_pdf(source, tmp_path / "pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    first = flat(pages[0])
    assert "湛河区安全生产大检查工作简报" in first and "第31期" in first and "全区安全生产大检查工作进展情况" in first
    assert "排查隐患10处" in first and "整改率40.0%" in first
    assert "—1—" in first                                    # the PAGE field, rendered
    assert "—2—" in flat(pages[1])
    assert "隐患排查治理情况统计表（按乡/街道）" in flat(text)
    subprocess.run([pdftoppm, "-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page1")], check=True)
    png = tmp_path / "page1.png"
    assert png.stat().st_size > 20_000
    if os.environ.get("SAFETYBOARD_DOCS_IMAGES"):
        shutil.copy(png, REPO / "docs" / "briefing_page1.png")


# ---------------------------------------------------------------- the page


def test_briefing_page_generates_a_download(fixture_db, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    # A copy: AppTest keeps the database open in this process (the store is process-wide), which would lock
    # the shared fixture file against the browser tests' servers.
    db = tmp_path / "fixture.duckdb"
    shutil.copy(fixture_db, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")    # the fixture is not the bundled demo data
    at = AppTest.from_file(str(REPO / "pages" / "briefing.py"), default_timeout=120)
    at.query_params["as_of"] = "2022-10-31"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "简报"
    at.radio(key="brief_kind").set_value("督导组").run()
    assert at.selectbox(key="brief_group").options == ["第一督导组", "第二督导组", "第三督导组"]
    at.selectbox(key="brief_group").set_value("第三督导组")
    at.button(key="brief_make").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("湛河区安全生产大检查工作简报_第31期_第三督导组_20221031.docx" in s.value for s in at.success)
