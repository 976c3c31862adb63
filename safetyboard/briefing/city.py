"""The city's 简报 (市安委办, a city instance briefing the whole city): one table of every county's headline
figures (county_summary: a row per 区县, counties without a package 「未报送数据包」, stale ones marked, and a 合计
row whose rate is recomputed from the sums), then short paragraphs naming the counties with the lowest 整改率,
the most 逾期 and those whose data are missing or stale. One county's briefing is not made here: it is the
ordinary district briefing read through the county's view (model.resolve_scope)."""
from __future__ import annotations

import io
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH

from .. import access
from ..auth import Principal
from ..definitions import definition
from ..exports import table_xlsx
from ..formatting import cn_date, cn_date_in_year, count, percent, rate_of, wan
from ..formatting import cn_month_day as md
from ..metrics import Filters
from ..store import Store
from .document import (FANGSONG, SIZE_ANNEX_TABLE, add_body, add_heading, add_run, add_table, add_table_caption,
                       add_title, merge_across, new_document, single_spaced)
from .layout import masthead
from .model import Period, Progress, Scope

QUERIES = ("county_summary",)

NO_PACKAGE = "未报送数据包"
STALE_MARK = "（滞后）"
TOTAL_LABEL = "合计"
NAMED = 3                        # counties named in the lowest-整改率 and most-逾期 sentences
HEADER = ["区县", "隐患数\n（处）", "重大隐患\n（处）", "整改率", "逾期未整改\n（处）", "执法案件\n（起）", "罚款\n（万元）",
          "数据截至"]
WIDTHS = [22, 17, 18, 17, 20, 18, 18, 26]       # 156 mm, the A4 type area
SUMMED = ("total", "major", "rectified", "open", "overdue", "cases", "fines_yuan")
SHEET = "各区县情况"


@dataclass(frozen=True)
class CityData:
    scope: Scope
    period: Period
    issue_no: int
    counties: list[dict]          # county_summary, in the city's order

    @property
    def reported(self) -> list[dict]:
        """The counties whose active package the city holds."""
        return [r for r in self.counties if r["data_as_of"] is not None]

    @property
    def missing(self) -> list[dict]:
        return [r for r in self.counties if r["data_as_of"] is None]

    @property
    def stale(self) -> list[dict]:
        """Counties with a package too old to compare (is_stale_package); those without one are listed apart."""
        return [r for r in self.reported if r["stale"]]

    @property
    def total(self) -> dict:
        """The 合计 row: sums of the counts; the 整改率 recomputed from the summed counts, never averaged."""
        sums = {k: sum(r[k] or 0 for r in self.counties) for k in SUMMED}
        return {**sums, "rectification_rate": rate_of(sums["rectified"], sums["total"])}


def collect_city(store: Store, principal: Principal, scope: Scope, period: Period, issue_no: int) -> CityData:
    """county_summary city-wide (the county filter empty), cumulative from the campaign start to A."""
    params = Filters(period.campaign_start, period.as_of).params()
    return CityData(scope, period, issue_no, access.run_scoped(store, principal, "county_summary", params))


# ---------------------------------------------------------------- wording

def _names(rows: list[dict], value) -> str:
    return "、".join(f"{r['name']}{value(r)}" for r in rows)


def overview_paragraph(data: CityData) -> str:
    t, a = data.total, data.period.as_of
    sent = f"全市{len(data.counties)}个区县中{len(data.reported)}个报送了数据包"
    if not data.reported:
        return f"截至{cn_date(a)}，{sent}，暂无可汇总的数据。"
    return (f"截至{cn_date(a)}，{sent}。{cn_date_in_year(data.period.campaign_start, a.year)}以来，全市排查隐患"
            f"{count(t['total'])}处，其中重大隐患{count(t['major'])}处；已整改{count(t['rectified'])}处，整改率"
            f"{percent(t['rectification_rate'])}；逾期未整改{count(t['overdue'])}处。立案查处执法案件{count(t['cases'])}起，"
            f"罚款{wan(t['fines_yuan'], trim=True)}万元。各区县情况见表1。")


def lowest_rate_sentence(data: CityData) -> str:
    """The counties with the lowest 整改率 (those with hazards; ties in the city's order)."""
    rated = [r for r in data.reported if r["rectification_rate"] is not None]
    if not rated:
        return "各区县尚无隐患数据，暂不比较整改率。"
    order = {r["code"]: i for i, r in enumerate(data.counties)}
    low = sorted(rated, key=lambda r: (r["rectification_rate"], order[r["code"]]))[:NAMED]
    which = "区县" if len(low) == 1 else f"{len(low)}个区县"
    named = _names(low, lambda r: "（" + percent(r["rectification_rate"]) + "）")
    return f"整改率最低的{which}：{named}，全市为{percent(data.total['rectification_rate'])}。"


def most_overdue_sentence(data: CityData) -> str:
    late = [r for r in data.reported if r["overdue"]]
    if not late:
        return "各区县均无逾期未整改的隐患。" if data.reported else ""
    order = {r["code"]: i for i, r in enumerate(data.counties)}
    top = sorted(late, key=lambda r: (-r["overdue"], order[r["code"]]))[:NAMED]
    more = f"等{len(late)}个区县" if len(late) > len(top) else ""
    named = _names(top, lambda r: count(r["overdue"]) + "处")
    return f"逾期未整改隐患最多的区县：{named}{more}。"


def lagging_sentences(data: CityData) -> list[str]:
    out = []
    if data.missing:
        out.append(f"尚未报送数据包的区县（{len(data.missing)}个）：{'、'.join(r['name'] for r in data.missing)}，"
                   f"表中未计入其数据。")
    if data.stale:
        year = data.period.as_of.year
        named = "、".join(f"{r['name']}（数据截至{cn_date_in_year(r['data_as_of'], year)}）" for r in data.stale)
        out.append(f"数据滞后的区县：{named}，请督促尽快报送最新数据包。")
    if not out:
        out.append("各区县均已报送数据包，且数据均未滞后。")
    return out


# ---------------------------------------------------------------- layout

def table_cells(data: CityData) -> list[list[str]]:
    """The rows of 表1 as text: one per county (a county without a package: its name and 未报送数据包), then 合计."""
    year = data.period.as_of.year
    rows = []
    for r in data.counties:
        if r["data_as_of"] is None:
            rows.append([r["name"], NO_PACKAGE] + [""] * (len(HEADER) - 2))
            continue
        as_of = cn_date_in_year(r["data_as_of"], year) + (STALE_MARK if r["stale"] else "")
        rows.append([r["name"], count(r["total"]), count(r["major"]), percent(r["rectification_rate"]),
                     count(r["overdue"]), count(r["cases"]), wan(r["fines_yuan"]), as_of])
    t = data.total
    rows.append([TOTAL_LABEL, count(t["total"]), count(t["major"]), percent(t["rectification_rate"]),
                 count(t["overdue"]), count(t["cases"]), wan(t["fines_yuan"]), f"{len(data.reported)}个区县已报送"])
    return rows


def render_city(data: CityData, progress: Progress | None = None) -> bytes:
    progress = progress or (lambda f, t: None)
    progress(0.6, "正在排版全市简报……")
    a = data.period.as_of
    doc = new_document()
    masthead(doc, data.scope, data.issue_no, a)
    add_title(doc, data.scope.title, f"（截至{cn_date(a)}）")
    add_body(doc, "现将全市各区县安全生产大检查工作进展情况通报如下。")

    add_heading(doc, "一、总体进展", 1)
    add_body(doc, overview_paragraph(data))
    add_table_caption(doc, f"表1　各区县安全生产大检查主要数据（截至{md(a)}）")
    cells = table_cells(data)
    table = add_table(doc, HEADER, cells, WIDTHS, size=SIZE_ANNEX_TABLE, bold_rows=(len(cells) - 1,))
    for i, row in enumerate(cells, 1):
        if row[1] == NO_PACKAGE:
            merge_across(table.rows[i], 1, len(HEADER) - 1, NO_PACKAGE, SIZE_ANNEX_TABLE)
    p = doc.add_paragraph()
    single_spaced(p, before=4)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    add_run(p, f"注：隐患、执法为活动开始以来截至{md(a)}的累计数，逾期为截至该日的存量；合计行的整改率由合计数计算。"
               f"数据滞后：{definition('数据滞后').rstrip('。')}，表中标“滞后”。", FANGSONG, 10.5)

    add_heading(doc, "二、需要关注的区县", 1)
    for text in (lowest_rate_sentence(data), most_overdue_sentence(data), *lagging_sentences(data)):
        if text:
            add_body(doc, text)

    p = doc.add_paragraph()
    single_spaced(p, before=12)
    add_run(p, "（数据来源：各区县报送的数据包。）", FANGSONG, 11)
    buffer = io.BytesIO()
    doc.save(buffer)
    progress(1.0, "简报已生成。")
    return buffer.getvalue()


def city_workbook(data: CityData, title: str) -> bytes:
    """The 附表: the table's figures as numbers (yuan, fractions), one row per county."""
    import pandas as pd
    frame = pd.DataFrame({
        "区县": [r["name"] for r in data.counties],
        "隐患数（处）": [r["total"] for r in data.counties], "重大隐患（处）": [r["major"] for r in data.counties],
        "已整改（处）": [r["rectified"] for r in data.counties],
        "整改率": [percent(r["rectification_rate"]) for r in data.counties],
        "逾期未整改（处）": [r["overdue"] for r in data.counties], "执法案件（起）": [r["cases"] for r in data.counties],
        "罚款（元）": [r["fines_yuan"] for r in data.counties],
        "数据截至": [r["data_as_of"] or NO_PACKAGE for r in data.counties],
        "数据滞后": ["是" if r["stale"] else "否" for r in data.counties]})
    return table_xlsx({SHEET: frame}, title=title, filters=[f"统计截至{cn_date(data.period.as_of)}"])
