"""The briefing as a Word document: the layout follows the GB/T 9704 conventions of Chinese official documents:
red masthead, 期号 and date line over a red rule, 二号 title, 三号 仿宋 body with 黑体/楷体 headings, A4 with
公文 margins, "— 1 —" page numbers; the 隐患排查治理情况统计表 appendices keep the national layout."""
from __future__ import annotations

import io

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

from .. import static_charts
from ..definitions import definition
from ..formatting import cn_date, cn_date_in_year
from ..formatting import cn_month_day as md
from . import register
from .collect import BriefingData
from .document import (FANGSONG, HEI, KAI, RED, RED_HEX, SIZE_ANNEX_HEADER, SIZE_ANNEX_TABLE, SIZE_BODY, SONG,
                       add_body, add_border, add_heading, add_lead_in, add_picture, add_run, add_table,
                       add_table_caption, add_title, fill_cell, new_document, repeat_header, set_cell_margins,
                       set_widths, single_spaced)
from .attachment import SHEET_DEPARTMENTS_OVERDUE, see_sheet
from .model import Progress
from .stats_form import STATS_LAYOUT, stats_cells
from .wording import (OVERDUE_TABLE_ROWS, accountability_paragraphs, as_int, enforcement_sentence, listing_paragraphs,
                      major_paragraphs, overdue_paragraphs, problem_paragraphs, progress_paragraphs,
                      recheck_paragraphs, reporting_paragraphs)

NEXT_STEPS = "下一步工作：（请督导组填写）"
OVERDUE_WIDTHS = [9.5, 18, 38, 38, 9, 18.5, 9, 16]
FIGURE_WIDTH_MM = 112           # the three figures of 附件1 on one page
OVERDUE_NAMED = 5                # a group's departments: overdue hazards named one by one


def make_charts(data: BriefingData) -> list[tuple[str, bytes]]:
    charts = []
    if data.rate_rows and as_int(data.hazards.get("total")):
        rows = [r for r in data.rate_rows if data.rate_by == "乡/街道" or r["total"]]
        png, _ = static_charts.rate_bars([r["label"] for r in rows], [r["rectification_rate"] for r in rows],
                                         [r["total"] for r in rows], f"各{data.rate_by}隐患整改率",
                                         overall=data.hazards.get("rectification_rate"))
        charts.append((f"{data.scope.territory}各{data.rate_by}隐患整改率", png))
    if data.weekly and as_int(data.hazards.get("total")):
        png, _ = static_charts.weekly_found_rectified(
            [r["week_start"] for r in data.weekly], [r["found"] for r in data.weekly],
            [r["rectified"] for r in data.weekly], [r["found_cum"] for r in data.weekly],
            [r["rectified_cum"] for r in data.weekly], "每周隐患发现与整改")
        undated = as_int(data.weekly[0].get("rectified_undated"))
        note = f"（另有{undated}处已整改隐患未填整改完成日期，未计入各周）" if undated else ""
        charts.append((f"{data.scope.territory}每周隐患发现与整改情况{note}", png))
    if data.scope.kind == "district" and any(r["assigned"] for r in data.coverage) and \
            (not data.recheck_start or data.period.as_of >= data.recheck_start):
        png, _ = static_charts.coverage_bars(
            [r["group"] for r in data.coverage], [r["coverage"] for r in data.coverage],
            [r["assigned"] for r in data.coverage], [r["covered"] for r in data.coverage], "各督导组“回头看”覆盖率")
        charts.append(("各督导组“回头看”覆盖率", png))
    return charts


def masthead(doc, scope, issue_no: int, as_of) -> None:
    """The red masthead, the 期号, the issuer and date over the red rule (the city briefing's too)."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, before=6, after=18)
    add_run(p, scope.masthead, SONG, 30, bold=True, color=RED, latin=SONG)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, after=12)
    add_run(p, f"第{issue_no}期", FANGSONG, SIZE_BODY)

    p = doc.add_paragraph()
    single_spaced(p, after=0)
    type_width = Mm(210 - 28 - 26)
    p.paragraph_format.tab_stops.add_tab_stop(type_width, WD_TAB_ALIGNMENT.RIGHT)
    add_run(p, scope.issuer, FANGSONG, SIZE_BODY)
    add_run(p, "\t" + cn_date(as_of), FANGSONG, SIZE_BODY)
    add_border(p, "bottom", RED_HEX, 18, space=6)


def _stats_table(doc, first_header: str, rows: list[dict]) -> None:
    n = 1 + len(STATS_LAYOUT)
    table = doc.add_table(rows=2 + len(rows), cols=n)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    top, sub = table.rows[0].cells, table.rows[1].cells
    size = SIZE_ANNEX_HEADER
    # Two-row header: single columns merged vertically, groups merged horizontally.
    fill_cell(top[0].merge(sub[0]), first_header, size, bold=True)
    j = 1
    while j < n:
        group = STATS_LAYOUT[j - 1][0]
        if group is None:
            fill_cell(top[j].merge(sub[j]), STATS_LAYOUT[j - 1][2], size, bold=True)
            j += 1
            continue
        k = j
        while k + 1 < n and STATS_LAYOUT[k][0] == group:
            k += 1
        fill_cell(top[j].merge(top[k]) if k > j else top[j], group, size, bold=True)
        for c in range(j, k + 1):
            fill_cell(sub[c], STATS_LAYOUT[c - 1][2], size, bold=True)
        j = k + 1
    repeat_header(table.rows[0])
    repeat_header(table.rows[1])
    for i, row in enumerate(rows, 2):
        for c, text in enumerate(stats_cells(row)):
            fill_cell(table.rows[i].cells[c], text, SIZE_ANNEX_TABLE, bold=bool(row.get("is_total")) and c == 0)
    # the 万元 column takes "6922.68" on one line
    set_widths(table, [22] + [17.5 if column == "funds_wan" else 13.2 for _g, column, _s in STATS_LAYOUT])
    set_cell_margins(table, 45)


def _annex_heading(doc, number: int, title: str) -> None:
    p = doc.add_paragraph()
    single_spaced(p, after=6)
    add_run(p, f"附件{number}", HEI, SIZE_BODY)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    single_spaced(p, after=6)
    add_run(p, title, SONG, 18, bold=True, latin=SONG)


def _figures_annex(doc, number: int, title: str, charts: list[tuple[str, bytes]]) -> None:
    doc.add_section(WD_SECTION.NEW_PAGE)
    _annex_heading(doc, number, title)
    for i, (caption, png) in enumerate(charts, 1):
        add_picture(doc, png, caption, i, width_mm=FIGURE_WIDTH_MM)


def _annex(doc, number: int, title: str, first_header: str, rows: list[dict], data: BriefingData) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)
    section.footer_distance = Mm(15)
    _annex_heading(doc, number, title)
    p = doc.add_paragraph()
    single_spaced(p, after=4)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(297 - 37 - 35), WD_TAB_ALIGNMENT.RIGHT)
    add_run(p, f"填报单位：{data.scope.issuer}", FANGSONG, 12)
    add_run(p, f"\t统计区间：{cn_date(data.period.campaign_start)}至{cn_date(data.period.as_of)}", FANGSONG, 12)
    _stats_table(doc, first_header, rows)
    p = doc.add_paragraph()
    single_spaced(p, before=4)
    notes = "；".join(f"{name}：{definition(name).rstrip('。')}" for name in ("已整改", "已销号", "列入治理计划的重大隐患", "挂牌督办"))
    add_run(p, f"注（A为统计截止日）：{notes}。", FANGSONG, 10.5)


def _subsection(doc, title: str, texts: list[str]) -> None:
    """A run-in 楷体 heading ("（二）报送不及时。") before the passage's first paragraph: the body stays short."""
    add_lead_in(doc, f"{title}。", texts[0] if texts else "", font=KAI)
    for text in texts[1:]:
        add_body(doc, text)


def render(data: BriefingData, progress: Progress | None = None) -> bytes:
    """The .docx bytes of a briefing."""
    progress = progress or (lambda f, t: None)
    scope, period = data.scope, data.period
    progress(0.5, "正在绘制图表……")
    charts = make_charts(data) if scope.has_units else []
    progress(0.7, "正在排版简报……")
    doc = new_document()
    masthead(doc, data.scope, data.issue_no, data.period.as_of)
    add_title(doc, scope.title, f"（截至{cn_date(period.as_of)}）")

    if scope.kind == "group":
        parts = []
        if scope.unit_names:
            parts.append("乡/街道：" + "、".join(scope.unit_names))
        if scope.departments:
            parts.append("部门：" + "、".join(scope.departments))
        if scope.enterprises:
            parts.append("企业：" + "、".join(scope.enterprises))
        reach = f"{scope.name}督导范围（{'；'.join(parts)}）"
    else:
        reach = scope.name
    add_body(doc, f"按照区安委会工作部署，现将{reach}安全生产大检查工作进展情况通报如下。")

    add_heading(doc, "一、总体进展", 1)
    if scope.has_units:
        if scope.kind == "group":
            add_heading(doc, "（一）分工乡/街道", 2)
        texts = progress_paragraphs(data, data.hazards, data.hazards_before, scope.territory)
        if charts:   # the figures are the first annex: the body stays within four pages
            texts[-1] += f"各{data.rate_by}整改率和每周发现与整改情况见附件1。"
        for text in texts:
            add_body(doc, text)
    if data.departments is not None:
        if scope.has_units:
            add_heading(doc, "（二）分工部门", 2)
        d = data.departments
        words = "、".join(scope.departments) + "监管领域"
        for text in progress_paragraphs(data, d["hazards"], d["hazards_before"], words):
            add_body(doc, text)
        overdue = d["overdue_list"]
        if overdue:
            named = "、".join(f"{r['unit']}{r['enterprise']}“{r['description']}”（逾期{r['days_overdue']}天）"
                              for r in overdue[:OVERDUE_NAMED])
            more = (f"等{len(overdue)}处（以上为逾期时间最长的{OVERDUE_NAMED}处，全部{see_sheet(SHEET_DEPARTMENTS_OVERDUE)}）"
                    if len(overdue) > OVERDUE_NAMED else "")
            add_body(doc, f"{words}逾期未整改的隐患：{named}{more}。")

    section_no = iter(["二", "三", "四", "五", "六", "七"])
    if scope.has_units:
        add_heading(doc, f"{next(section_no)}、重大隐患和挂牌督办情况", 1)
        texts = major_paragraphs(data)
        listed = next((i for i, t in enumerate(texts) if t.startswith("挂牌督办隐患")), None)
        listing = listing_paragraphs(data, levels=listed is None)
        if listing and listed is not None:   # the register's 摘牌 after the ledger's 挂牌 (and levels), one paragraph
            texts[listed] += listing[0]
        else:
            texts += listing
        for text in texts:
            add_body(doc, text)
    if scope.kind == "group":
        add_heading(doc, f"{next(section_no)}、督导发现问题整改情况", 1)
        for text in problem_paragraphs(data):
            add_body(doc, text)

    add_heading(doc, f"{next(section_no)}、工作滞后的单位和部门", 1)
    sub = iter(["（一）", "（二）", "（三）", "（四）"])
    if scope.has_units:
        _subsection(doc, f"{next(sub)}隐患逾期未整改", overdue_paragraphs(data))
        overdue = [r for r in data.overdue_list if r["kind"] == "overdue"][:OVERDUE_TABLE_ROWS]
        if overdue:
            add_table_caption(doc, f"表1　逾期未整改隐患清单（截至{md(period.as_of)}，不论何时发现）")
            year = period.campaign_start.year
            rows = [[str(i), r["unit"], r["enterprise"], r["description"], r["level"],
                     cn_date_in_year(r["deadline_in_force"], year), str(r["days_overdue"]), r.get("department") or ""]
                    for i, r in enumerate(overdue, 1)]
            # 小五, widths (156 mm in all) that fit a five-character 乡/街道, a date as 11月30日 and three-digit
            # days on one line; names, descriptions and departments wrap.
            add_table(doc, ["序号", "乡/街道", "单位名称", "隐患描述", "等级", "整改期限", "逾期\n天数", "监管部门"], rows,
                      OVERDUE_WIDTHS, size=SIZE_ANNEX_TABLE, left_columns=(2, 3))
    _subsection(doc, f"{next(sub)}报送不及时", reporting_paragraphs(data) or ["暂无到期的报送任务。"])
    _subsection(doc, f"{next(sub)}督导“回头看”", recheck_paragraphs(data))
    if scope.kind != "group":
        _subsection(doc, f"{next(sub)}约谈、通报和问责", accountability_paragraphs(data))

    add_heading(doc, f"{next(section_no)}、执法检查情况（执法案件台账）", 1)
    if scope.has_units:
        add_body(doc, enforcement_sentence(scope.territory, data.enforcement, data.enforcement_before, data.by_measure,
                                           data.by_department_cases))
    if data.departments is not None:
        add_body(doc, enforcement_sentence("、".join(scope.departments), data.departments["enforcement"], None))
    for text in register.paragraphs(data.register, f"截至{md(period.as_of)}"):
        add_body(doc, text)

    add_lead_in(doc, "下一步工作：", "（请督导组填写）")

    p = doc.add_paragraph()
    single_spaced(p, before=12)
    p.paragraph_format.first_line_indent = Pt(0)
    add_run(p, f"（数据来源：各单位报送的台账；隐患、执法为{cn_date(period.campaign_start)}以来累计数。）", FANGSONG, 11)

    annex = 0
    if charts:
        annex += 1
        _figures_annex(doc, annex, f"{scope.territory}隐患整改情况图", charts)
    if scope.has_units:
        progress(0.85, "正在生成隐患排查治理情况统计表……")
        if scope.kind != "unit":
            annex += 1
            _annex(doc, annex, "隐患排查治理情况统计表（按乡/街道）", "乡/街道", data.stats_by_unit, data)
        annex += 1
        _annex(doc, annex, "隐患排查治理情况统计表（按行业领域）", "行业领域", data.stats_by_industry, data)
    buffer = io.BytesIO()
    doc.save(buffer)
    progress(1.0, "简报已生成。")
    return buffer.getvalue()

