"""The 简报 (work briefing) as a Word document, for the district, one 督导组 or one 乡/街道.

Every number comes from the query files (safetyboard.queries.run with bound parameters); this module
only words them. The layout follows the GB/T 9704 conventions of Chinese official documents: red
masthead, 期号 and date line over a red rule, 二号 title, 三号 仿宋 body with 黑体/楷体 headings, A4 with
公文 margins, "— 1 —" page numbers; the 隐患排查治理情况统计表 appendices keep the national layout.

East-Asian fonts are written explicitly (w:eastAsia on every rFonts, also in the styles and document
defaults): python-docx only sets the Latin font, and Word/WPS would otherwise show 宋体/等线 everywhere.

Scopes: district (all units), group (its assigned 乡/街道 through $units; its assigned departments
through $departments, in separate passages), unit (one 乡/街道 through $units).

Access: given a principal (the dashboard's signed-in user), check_access() refuses briefings it may not
make and every query runs with the parameters safetyboard.access scopes for it; a query it may not run
leaves its passage out (data.withheld) instead of reporting "nothing". The CLI runs as the local
administrator (no principal)."""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .definitions import definition
from .overview_text import md, pct, scope_text, summary_paragraph, wan

from . import access, briefing_register, district, rules, static_charts
from .auth import Principal
from .config import load_campaign
from .metrics import Filters, latest_data_date
from .queries import run_rows
from .store import Store

Progress = Callable[[float, str], None]

# Names of the configured district (data/district.toml), fixed when the process starts.
MASTHEAD = f"{district.current().name}安全生产大检查工作简报"
OFFICE = district.current().office
NEXT_STEPS = "下一步工作：（请督导组填写）"
OVERDUE_TABLE_ROWS = 30          # the overdue list in the body; the full list is on the dashboard
MAJORS_NAMED = 10                # open 重大隐患 described one by one (most urgent first)
UPCOMING_NAMED = 10              # 临期 hazards named one by one; more are counted per 乡/街道
OVERDUE_NAMED = 10               # a group's departments: overdue hazards named one by one
ALL_ROWS = 100_000               # row_limit when every row is needed for naming

# Fonts: Windows/WPS names (present on every Chinese Windows install); LibreOffice maps them through
# fontconfig (see to_pdf). 小标宋 is not a standard system font, so titles use 宋体 bold.
SONG, FANGSONG, HEI, KAI = "宋体", "仿宋", "黑体", "楷体"
LATIN = "Times New Roman"
RED = RGBColor(0xFF, 0x00, 0x00)
RED_HEX = "FF0000"

# GB/T 9704 sizes: 二号 22pt, 三号 16pt, 四号 14pt, 小四 12pt, 五号 10.5pt, 小五 9pt.
SIZE_TITLE, SIZE_BODY, SIZE_PAGE_NO, SIZE_TABLE, SIZE_ANNEX_TABLE, SIZE_ANNEX_HEADER = 22, 16, 14, 10.5, 9, 8
LINE_PITCH = Pt(28.95)           # 22 lines in the 225 mm type area


class BriefingError(Exception):
    """A briefing that cannot be made as asked; str(self) is the Chinese reason."""


# ---------------------------------------------------------------- scope and period


@dataclass(frozen=True)
class Scope:
    kind: str                                  # district | group | unit
    name: str                                  # 全区 | 第三督导组 | 曹镇乡
    unit_codes: tuple[str, ...] = ()           # the $units filter; () = all (district only)
    unit_names: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()          # the group's departments ($departments, their own passages)
    enterprises: tuple[str, ...] = ()          # the group's enterprise targets (named only)

    @property
    def label(self) -> str:
        """Who the numbers cover, in a sentence: 全区 / 第三督导组督导范围 / 曹镇乡."""
        return f"{self.name}督导范围" if self.kind == "group" else self.name

    @property
    def issuer(self) -> str:
        return f"{district.current().name}安全生产委员会{self.name}" if self.kind == "group" else OFFICE

    @property
    def has_units(self) -> bool:
        """Whether the territorial passages apply (a group may have departments only)."""
        return self.kind != "group" or bool(self.unit_codes)

    @property
    def title(self) -> str:
        return f"{self.label}安全生产大检查工作进展情况"

    @property
    def territory(self) -> str:
        """The territorial scope in a sentence: 全区, 曹镇乡, 马庄街道、九里山街道."""
        return scope_text(list(self.unit_names)) if self.kind != "district" else "全区"

    @property
    def reporters(self) -> set[str] | None:
        """Reporters whose 自查报告 this briefing names; None = all."""
        if self.kind == "district":
            return None
        return set(self.unit_names) | set(self.departments)

    def unit_params(self) -> dict:
        return {"units": list(self.unit_codes), "industries": [], "departments": []}

    def department_params(self) -> dict:
        return {"units": [], "industries": [], "departments": list(self.departments)}


def district_scope() -> Scope:
    return Scope("district", "全区")


def unit_scope(text: str) -> Scope:
    unit = rules.resolve_unit(text)
    if unit is None:
        names = "、".join(u.name for u in rules.units())
        raise BriefingError(f"「{text}」不是{district.current().name}的乡/街道。可选：{names}。")
    return Scope("unit", unit.name, (unit.code,), (unit.name,))


def group_scope(store: Store, text: str) -> Scope:
    try:
        group = rules.parse_group(text)
    except rules.ValueRejected as exc:
        raise BriefingError(str(exc) + "。") from None
    targets = run_rows(store, "group_targets", {"group": group})
    if not targets:
        raise BriefingError(f"{group}没有分工对象：请先在「数据导入」页面导入督导组分工表。")
    units = [t for t in targets if t["target_kind"] == "乡/街道" and t["unit_code"]]
    return Scope(
        "group", group,
        unit_codes=tuple(t["unit_code"] for t in units), unit_names=tuple(t["target"] for t in units),
        departments=tuple(t["target"] for t in targets if t["target_kind"] == "部门"),
        enterprises=tuple(t["target"] for t in targets if t["target_kind"] == "企业"))


def resolve_scope(store: Store, group: str | None = None, unit: str | None = None) -> Scope:
    if group and unit:
        raise BriefingError("督导组和乡/街道只能指定一个：不指定为全区简报。")
    if group:
        return group_scope(store, group)
    if unit:
        return unit_scope(unit)
    return district_scope()


def check_access(principal: Principal | None, scope: Scope) -> None:
    """Raise BriefingError when the principal may not make this briefing (None = the local administrator)."""
    if principal is None:
        return
    if principal.role == "unit":
        if scope.kind != "unit" or not access.may_see_unit(principal, scope.unit_codes[0]):
            raise BriefingError(f"乡/街道账号只能生成本单位（{principal.unit or '—'}）的简报。")
    elif scope.kind == "group" and not access.may_brief_group(principal, scope.name):
        raise BriefingError(f"督导组账号只能生成本组（{principal.group or '—'}）的简报。")


@dataclass(frozen=True)
class Period:
    """Numbers are cumulative from the campaign start to as_of; the briefing period is [since, as_of] and
    the previous briefing's numbers are the same queries at previous = since - 1 day."""
    campaign_start: dt.date
    since: dt.date
    as_of: dt.date
    since_given: bool

    @property
    def previous(self) -> dt.date:
        return self.since - dt.timedelta(days=1)

    @property
    def has_previous(self) -> bool:
        return self.previous >= self.campaign_start

    @property
    def basis(self) -> str:
        """Which previous period the text compares with, in words."""
        if self.since_given:
            return f"上期指截至{md(self.previous)}，即本期起始日前一日"
        return f"上期指截至{md(self.previous)}，即本期截止日前7天"


def make_period(store: Store, as_of: dt.date | None = None, since: dt.date | None = None) -> Period:
    campaign = load_campaign()
    as_of = as_of or latest_data_date(store) or campaign.end
    if as_of < campaign.start:
        raise BriefingError(f"统计截止日{cn_date(as_of)}早于活动开始日{cn_date(campaign.start)}。")
    if since is not None and since > as_of:
        raise BriefingError(f"本期起始日{cn_date(since)}晚于统计截止日{cn_date(as_of)}。")
    if since is not None and since < campaign.start:
        since = campaign.start
    return Period(campaign.start, since or (as_of - dt.timedelta(days=6)), as_of, since is not None)


def default_issue_no(as_of: dt.date, campaign_start: dt.date | None = None) -> int:
    """Weekly numbering: the week of the campaign the as-of date falls in (第1期 = the first week)."""
    start = campaign_start or load_campaign().start
    return max(1, (as_of - start).days // 7 + 1)


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def file_name(scope: Scope, issue_no: int, as_of: dt.date) -> str:
    return f"{MASTHEAD}_第{issue_no}期_{scope.name}_{as_of:%Y%m%d}.docx"


# ---------------------------------------------------------------- the numbers


@dataclass
class BriefingData:
    scope: Scope
    period: Period
    issue_no: int
    hazards: dict
    hazards_before: dict | None
    enforcement: dict
    enforcement_before: dict | None
    by_measure: list[dict]
    by_department_cases: list[dict]
    rate_rows: list[dict]            # rectification_by_unit (or rectification_by_industry for one unit)
    by_unit: list[dict]              # rectification_by_unit
    rate_by: str                     # 乡/街道 | 行业领域
    weekly: list[dict]
    majors: list[dict]
    listed_levels: list[dict]
    overdue_units: list[dict]
    overdue_departments: list[dict]
    overdue_list: list[dict]         # overdue_and_upcoming_hazards, overdue and 临期 rows
    submissions: dict | None         # submission_compliance (district only)
    submissions_behind: list[dict]   # submission_grid rows late / missing within the scope
    monthly_summary: dict | None
    monthly_behind: list[dict]
    coverage: list[dict]
    recheck_missing: list[dict]
    recheck_unit: list[dict]         # unit scope: the grid rows of the unit
    stats_by_unit: list[dict]
    stats_by_industry: list[dict]
    departments: dict | None = None  # group: the passages of its departments
    withheld: set[str] = field(default_factory=set)   # queries the principal may not run (passages left out)
    upcoming_days: int = 7
    recheck_start: dt.date | None = None
    charts: list[tuple[str, bytes]] = field(default_factory=list)
    # Closing the loop (issue 14): a group's problems per target; the 挂牌督办 register and 约谈/通报/问责.
    problem_targets: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    problem_recheck: list[dict] = field(default_factory=list)
    listing: dict = field(default_factory=dict)
    accountability: list[dict] = field(default_factory=list)
    accountability_by_type: list[dict] = field(default_factory=list)
    register: dict = field(default_factory=dict)   # issue 15: briefing_register.collect


# The queries/ files this module runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("accountability_by_type", "accountability_records", "enforcement_by_department", "enforcement_by_measure",
           "enforcement_summary", "group_targets", "hazard_stats_table_by_industry", "hazard_stats_table_by_unit",
           "hazard_summary", "listed_hazard_summary", "listed_hazards_by_level", "major_hazards",
           "monthly_report_compliance", "monthly_report_submissions", "overdue_and_upcoming_hazards", "recheck_grid",
           "rectification_by_department", "rectification_by_industry", "rectification_by_unit", "rectification_by_week",
           "submission_compliance", "submission_grid", "supervision_coverage", "supervision_problem_recheck",
           "supervision_problems", "supervision_problems_by_target", "top_overdue_units")


def _one(rows: list[dict]) -> dict:
    return rows[0] if rows else {}


def collect(store: Store, scope: Scope, period: Period, issue_no: int | None = None,
            progress: Progress | None = None, principal: Principal | None = None) -> BriefingData:
    """Run the queries of the briefing (scoped for the principal when one is given)."""
    progress = progress or (lambda f, t: None)
    withheld: set[str] = set()
    campaign = load_campaign()
    base = Filters(period.campaign_start, period.as_of).params()
    p = {**base, **scope.unit_params()}
    before = {**p, "as_of": period.previous} if period.has_previous else None

    def q(name: str, params: dict | None = None, **extra) -> list[dict]:
        params = {**(params or p), **extra}
        if principal is not None:
            try:
                params = access.scope_params(principal, name, params)
            except access.AccessDenied:
                withheld.add(name)
                return []
        return run_rows(store, name, params)

    progress(0.05, "正在统计隐患排查整改情况……")
    unit_passages = scope.has_units
    hazards = _one(q("hazard_summary")) if unit_passages else {}
    hazards_before = _one(q("hazard_summary", before)) if unit_passages and before else None
    enforcement = _one(q("enforcement_summary")) if unit_passages else {}
    enforcement_before = _one(q("enforcement_summary", before)) if unit_passages and before else None
    few_units = scope.kind == "unit" or len(scope.unit_codes) == 1
    by_unit = q("rectification_by_unit") if unit_passages else []
    rate_rows = (q("rectification_by_industry") if few_units else by_unit) if unit_passages else []
    progress(0.2, "正在统计重大隐患、逾期和临期隐患……")
    overdue_list = q("overdue_and_upcoming_hazards", row_limit=ALL_ROWS) if unit_passages else []
    data = BriefingData(
        scope=scope, period=period, issue_no=issue_no or default_issue_no(period.as_of, period.campaign_start),
        hazards=hazards, hazards_before=hazards_before, enforcement=enforcement,
        enforcement_before=enforcement_before,
        by_measure=q("enforcement_by_measure") if unit_passages else [],
        by_department_cases=[r for r in q("enforcement_by_department") if r["cases"]] if unit_passages else [],
        rate_rows=rate_rows, by_unit=by_unit, rate_by="行业领域" if few_units else "乡/街道",
        weekly=q("rectification_by_week") if unit_passages else [],
        majors=q("major_hazards", row_limit=ALL_ROWS) if unit_passages else [],
        listed_levels=q("listed_hazards_by_level") if unit_passages else [],
        overdue_units=q("top_overdue_units", top_n=ALL_ROWS) if unit_passages else [],
        overdue_departments=[r for r in q("rectification_by_department") if r["overdue"]] if unit_passages else [],
        overdue_list=overdue_list,
        submissions=None, submissions_behind=[], monthly_summary=None, monthly_behind=[],
        coverage=[], recheck_missing=[], recheck_unit=[],
        stats_by_unit=q("hazard_stats_table_by_unit") if unit_passages else [],
        stats_by_industry=q("hazard_stats_table_by_industry") if unit_passages else [],
        upcoming_days=base["upcoming_days"], recheck_start=campaign.recheck.start, withheld=withheld)

    progress(0.35, "正在统计报送和督导“回头看”情况……")
    grid = q("submission_grid", base)
    wanted = scope.reporters
    data.submissions_behind = [r for r in grid if r["state"] in ("late", "missing")
                               and (wanted is None or r["reporter"] in wanted)]
    if scope.kind == "district":
        data.submissions = _one(q("submission_compliance"))
    if scope.kind == "district" or scope.departments:
        dp = {**base, "departments": list(scope.departments)}
        data.monthly_summary = _one(q("monthly_report_compliance", dp))
        data.monthly_behind = [r for r in q("monthly_report_submissions", dp) if r["state"] != "on_time"]
    coverage = q("supervision_coverage", base)
    recheck = q("recheck_grid", base)
    if scope.kind == "group":
        data.coverage = [r for r in coverage if r["group"] == scope.name]
        data.recheck_missing = [r for r in recheck if r["group"] == scope.name and not r["reached"]]
    elif scope.kind == "district":
        data.coverage = coverage
        data.recheck_missing = [r for r in recheck if not r["reached"]]
    else:
        data.recheck_unit = [r for r in recheck if r["target_kind"] == "乡/街道" and r["target"] == scope.name]

    progress(0.45, "正在统计督导发现问题、挂牌督办和约谈通报问责……")
    if scope.kind == "group":
        data.problem_targets = [r for r in q("supervision_problems_by_target", base) if r["group"] == scope.name]
        data.problems = q("supervision_problems", base, group=scope.name, target_key="", row_limit=ALL_ROWS)
        data.problem_recheck = [r for r in q("supervision_problem_recheck", base) if r["group"] == scope.name]
    if scope.kind != "group":
        data.listing = _one(q("listed_hazard_summary"))
        data.accountability = q("accountability_records", row_limit=ALL_ROWS)
        data.accountability_by_type = q("accountability_by_type")

    if unit_passages:   # 底数, cross-checks and accidents (issue 15)
        data.register = briefing_register.collect(q)

    if scope.kind == "group" and scope.departments:
        dp = {**base, **scope.department_params()}
        dp_before = {**dp, "as_of": period.previous} if period.has_previous else None
        data.departments = {
            "hazards": _one(q("hazard_summary", dp)),
            "hazards_before": _one(q("hazard_summary", dp_before)) if dp_before else None,
            "enforcement": _one(q("enforcement_summary", dp)),
            "overdue_list": [r for r in q("overdue_and_upcoming_hazards", dp, row_limit=ALL_ROWS) if r["kind"] == "overdue"],
        }
    return data


# ---------------------------------------------------------------- the words


def _n(value) -> int:
    return int(value or 0)


def _change(now: int, before: int, unit: str = "处") -> str:
    d = now - before
    return "持平" if d == 0 else (f"增加{d}{unit}" if d > 0 else f"减少{-d}{unit}")


def _rate_change(now, before) -> str:
    if now is None or before is None:
        return ""
    points = round((float(now) - float(before)) * 100, 1)
    if points == 0:
        return f"整改率与上期（{pct(before)}）持平"
    return f"整改率较上期（{pct(before)}）{'提高' if points > 0 else '下降'}{abs(points):.1f}个百分点"


def progress_paragraphs(data: BriefingData, hazards: dict, before: dict | None, scope_words: str) -> list[str]:
    """The 总体进展 passage: the overview paragraph, then the change since the previous briefing."""
    period = data.period
    first = summary_paragraph(period.as_of, hazards, None, scope=scope_words,
                              upcoming_days=data.upcoming_days)
    if before is None:
        return [first, f"本期为活动开始后的首期简报，暂无上期数据可比（本期统计区间为{md(period.since)}至"
                       f"{md(period.as_of)}）。"]
    total, rectified = _n(hazards.get("total")), _n(hazards.get("rectified"))
    new, fixed = total - _n(before.get("total")), rectified - _n(before.get("rectified"))
    parts = [f"本期（{md(period.since)}至{md(period.as_of)}）新排查隐患{new}处，新完成整改{fixed}处"]
    rate = _rate_change(hazards.get("rectification_rate"), before.get("rectification_rate"))
    if rate:
        parts.append(rate)
    parts.append(f"逾期未整改隐患较上期{_change(_n(hazards.get('overdue')), _n(before.get('overdue')))}")
    return [first, "，".join(parts) + f"（{period.basis}）。"]


def _five_missing(row: dict) -> list[str]:
    names = (("has_responsible", "责任人"), ("has_measures", "措施"), ("has_funds", "资金"),
             ("has_deadline", "时限"), ("has_plan", "预案"))
    return [label for key, label in names if not row.get(key)]


def major_paragraphs(data: BriefingData) -> list[str]:
    h, where = data.hazards, data.scope.territory
    major = _n(h.get("major"))
    listed = _n(h.get("listed"))
    if not major and not listed:
        return [f"{where}未排查出重大隐患，无挂牌督办隐患。"]
    out = []
    if major:
        out.append(
            f"{where}排查重大隐患{major}处，已整改{_n(h.get('major_rectified'))}处（其中已销号"
            f"{_n(h.get('major_closed'))}处），整改率{pct(h.get('major_rectification_rate'))}；“五落实”（责任、措施、资金、时限、预案）全部落实"
            f"{_n(h.get('five_complete'))}处，占{pct(h.get('five_complete_rate'))}。")
    else:
        out.append(f"{where}未排查出重大隐患。")
    if listed:
        levels = "、".join(f"{r['level']}{r['listed']}处" for r in data.listed_levels if not r["is_total"])
        total = next((r for r in data.listed_levels if r["is_total"]), {})
        out.append(f"挂牌督办隐患{listed}处（{levels}），已整改{_n(total.get('rectified'))}处。")
    days = {r["record_key"]: r["days_overdue"] for r in data.overdue_list if r["kind"] == "overdue"}
    open_majors = [r for r in data.majors if not r["rectified"]]
    if open_majors:
        shown = open_majors[:MAJORS_NAMED]
        more = (f"，以下为逾期和发现最早的{len(shown)}处（其余见看板“隐患整改”页）"
                if len(open_majors) > len(shown) else "")
        out.append(f"尚未整改的重大隐患{len(open_majors)}处{more}：")
        for i, r in enumerate(shown, 1):
            s = f"{i}. {r['unit']}{r['enterprise']}：{r['description']}"
            department = f"监管部门{r['department']}" if r.get("department") else None
            details = [x for x in (r.get("industry"), department) if x]
            if details:
                s += f"（{'，'.join(details)}）"
            if r["listed"] and r["listed"] != "否":
                s += f"，{r['listed']}挂牌督办"
            if r.get("deadline_in_force"):
                s += f"，整改期限{cn_date(r['deadline_in_force'])}"
                if r["record_key"] in days:
                    s += f"，已逾期{days[r['record_key']]}天"
            missing = _five_missing(r)
            s += f"；“五落实”尚缺{'、'.join(missing)}。" if missing else "；“五落实”已全部落实。"
            out.append(s)
    return out


def overdue_paragraphs(data: BriefingData) -> list[str]:
    h, where = data.hazards, data.scope.territory
    overdue = _n(h.get("overdue"))
    out = []
    if overdue:
        units = "、".join(f"{r['unit']}{r['overdue']}处（最长逾期{r['max_days_overdue']}天）"
                         for r in data.overdue_units)
        s = f"{where}逾期未整改隐患{overdue}处"
        if len(data.overdue_units) == 1 and len(data.scope.unit_codes) == 1:
            s += f"，最长逾期{data.overdue_units[0]['max_days_overdue']}天。"
        else:
            s += f"，涉及{len(data.overdue_units)}个乡/街道：{units}。"
        if data.overdue_departments:
            s += "按监管部门：" + "、".join(f"{r['label']}{r['overdue']}处" for r in data.overdue_departments) + "。"
        shown = min(overdue, OVERDUE_TABLE_ROWS)
        s += "逾期隐患清单见表1" + (f"（逾期时间最长的{shown}处）。" if overdue > shown else "。")
        out.append(s)
    else:
        out.append(f"{where}无逾期未整改隐患。")
    upcoming = [r for r in data.overdue_list if r["kind"] == "upcoming"]
    if upcoming:
        head = f"另有临期（{data.upcoming_days}日内到期）隐患{_n(h.get('upcoming'))}处"
        if len(upcoming) <= UPCOMING_NAMED:
            named = "、".join(f"{r['unit']}{r['enterprise']}“{r['description']}”（{md(r['deadline_in_force'])}到期）"
                              for r in upcoming)
        elif data.scope.kind != "unit":
            named = "、".join(f"{r['label']}{r['upcoming']}处" for r in data.by_unit if r["upcoming"])
        else:
            named = "、".join(f"{r['enterprise']}“{r['description']}”（{md(r['deadline_in_force'])}到期）"
                              for r in upcoming[:UPCOMING_NAMED]) + "等"
        out.append(f"{head}：{named}，请督促按期完成整改。")
    return out


NODE_WORDS = {1: "第一次", 2: "第二次", 3: "第三次", 4: "第四次", 5: "第五次", 6: "第六次"}


WITHHELD = "（本账号无权查看全区报送和督导汇总，此部分从略。）"


def month_span(months: list[dt.date]) -> str:
    """Report months in words, runs of consecutive months joined: 4月至8月、10月."""
    runs: list[list[dt.date]] = []
    for m in sorted(months):
        if runs and (m.year * 12 + m.month) - (runs[-1][-1].year * 12 + runs[-1][-1].month) == 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    return "、".join(f"{r[0].month}月" if len(r) == 1 else f"{r[0].month}月至{r[-1].month}月" for r in runs)


def reporting_paragraphs(data: BriefingData) -> list[str]:
    if "submission_grid" in data.withheld:
        return [WITHHELD]
    out = []
    s = data.submissions
    if s is not None and s.get("expected"):
        out.append(f"自查报告应报送{_n(s['expected'])}份，按时报送{_n(s['on_time'])}份，迟报{_n(s['late'])}份，"
                   f"未报送{_n(s['missing'])}份，报送及时率{pct(s.get('on_time_rate'))}（未报送按迟报计）。")
    if data.submissions_behind:
        nodes: dict[int, list[dict]] = {}
        for r in data.submissions_behind:
            nodes.setdefault(r["node"], []).append(r)
        for node, rows in sorted(nodes.items()):
            due = rows[0]["due"]
            head = f"{NODE_WORDS.get(node, f'第{node}次')}（{md(due)}）自查报告"
            missing = [r["reporter"] for r in rows if r["state"] == "missing"]
            late = [f"{r['reporter']}（{md(r['submitted_date'])}报送）" for r in rows if r["state"] == "late"]
            parts = []
            if missing:
                parts.append(f"未报送的有{'、'.join(missing)}（共{len(missing)}个）")
            if late:
                parts.append(f"迟报的有{'、'.join(late)}")
            out.append(head + "，".join(parts) + "。")
    elif data.scope.kind != "district" or (s and s.get("expected")):
        out.append("自查报告均已按时报送。" if data.scope.kind == "district" else
                   f"{data.scope.label}各单位自查报告均已按时报送。")
    m = data.monthly_summary
    if m is not None and m.get("expected"):
        text = (f"打非治违月报应报送{_n(m['expected'])}份，按时报送{_n(m['on_time'])}份，迟报{_n(m['late'])}份，"
                f"未报送{_n(m['missing'])}份，及时率{pct(m.get('on_time_rate'))}。")
        if data.monthly_behind:
            by_dept: dict[str, dict[str, list[str]]] = {}
            for r in data.monthly_behind:
                states = by_dept.setdefault(r["reporter"], {"missing": [], "late": []})
                states[r["state"]].append(r["month"])
            named = []
            for dept, states in by_dept.items():
                bits = []
                if states["missing"]:
                    bits.append(month_span(states["missing"]) + "未报")
                if states["late"]:
                    bits.append(month_span(states["late"]) + "迟报")
                named.append(f"{dept}（{'，'.join(bits)}）")
            text += "未按时报送的部门：" + "；".join(named) + "。"
        out.append(text)
    return out


def recheck_paragraphs(data: BriefingData) -> list[str]:
    period = data.period
    if data.recheck_start and period.as_of < data.recheck_start:
        return [f"督导组“回头看”将于{md(data.recheck_start)}开始。"]
    if "recheck_grid" in data.withheld:
        return [WITHHELD]
    if data.scope.kind == "unit":
        if not data.recheck_unit:
            return [f"{data.scope.name}不在督导组分工范围内（请核对督导组分工表）。"]
        out = []
        for r in data.recheck_unit:
            if r["reached"]:
                out.append(f"{r['group']}已于{md(r['first_recheck'])}对{data.scope.name}开展“回头看”。")
            else:
                out.append(f"{r['group']}截至{md(period.as_of)}尚未对{data.scope.name}开展“回头看”。")
        return out
    groups = [r for r in data.coverage if r["assigned"]]
    idle = [r["group"] for r in data.coverage if not r["assigned"]]
    out = []
    if groups:
        s = "督导组“回头看”覆盖率：" + "、".join(
            f"{r['group']}{pct(r['coverage'])}（分工对象{r['assigned']}个，已回头看{r['covered']}个）" for r in groups)
        if idle:
            s += "；" + "、".join(idle) + "暂无分工"
        out.append(s + "。")
    elif data.scope.kind == "district":
        out.append("尚未导入督导组分工表，无法统计“回头看”覆盖情况。")
    if data.recheck_missing:
        by_group: dict[str, list[str]] = {}
        for r in data.recheck_missing:
            kind = "" if r["target_kind"] == "乡/街道" else f"（{r['target_kind']}）"
            by_group.setdefault(r["group"], []).append(r["target"] + kind)
        out.append("尚未“回头看”的分工对象：" + "；".join(f"{g}——{'、'.join(t)}" for g, t in by_group.items()) + "。")
    elif groups:
        out.append("各分工对象均已开展“回头看”。")
    return out


PROBLEMS_NAMED = 5               # a target's open problems quoted in the group's own words


def problem_paragraphs(data: BriefingData) -> list[str]:
    """Per target of a group: problems found, rectified, failed 复查, in the group's own words (问题描述)."""
    if "supervision_problems_by_target" in data.withheld:
        return [WITHHELD]
    if not data.problem_targets:
        return [f"截至{md(data.period.as_of)}，{data.scope.name}尚无督导发现问题记录（督导发现问题清单未导入或无问题）。"]
    t = data.problem_targets
    out = [f"截至{md(data.period.as_of)}，{data.scope.name}共发现问题{sum(r['found'] for r in t)}个，"
           f"已整改{sum(r['rectified'] for r in t)}个，尚未整改{sum(r['open'] for r in t)}个"
           f"（其中逾期{sum(r['overdue'] for r in t)}个），复查未通过{sum(r['recheck_failed'] for r in t)}个，"
           f"已销号{sum(r['closed'] for r in t)}个。"]
    recheck = {r["target_key"]: r for r in data.problem_recheck}
    for i, r in enumerate(t, 1):
        mine = [p for p in data.problems if p["target_key"] == r["target_key"]]
        s = f"{i}. {r['target']}：发现问题{r['found']}个，已整改{r['rectified']}个"
        if r["recheck_failed"]:
            failed = "；".join(p["description"] for p in mine if p["recheck_failed"])
            s += f"，复查未通过{r['recheck_failed']}个（{failed}）"
        still = [p for p in mine if p["open"]]
        if still:
            named = "；".join(p["description"] + ("（已逾期）" if p["overdue"] else "") for p in still[:PROBLEMS_NAMED])
            more = f"等{len(still)}个" if len(still) > PROBLEMS_NAMED else ""
            s += f"；尚未整改：{named}{more}"
        else:
            s += "，均已整改"
        x = recheck.get(r["target_key"])
        if x and x["found_before"]:
            s += (f"。{md(x['first_recheck'])}“回头看”复查此前问题{x['found_before']}个，"
                  f"已整改{x['rectified_by_recheck']}个")
        out.append(s + "。")
    return out


def listing_paragraphs(data: BriefingData) -> list[str]:
    """The 挂牌督办 register as of A: 挂牌, 摘牌, 挂牌未摘牌 by level, 超期未摘牌."""
    x = data.listing
    if not x or not x.get("listed"):
        return []
    levels = "、".join(f"{k}{x[v]}处" for k, v in (("省级", "open_province"), ("市级", "open_city"),
                                                  ("区级", "open_district")) if x[v])
    s = (f"挂牌督办登记{x['listed']}处，已验收摘牌{x['delisted']}处，挂牌未摘牌{x['open']}处"
         + (f"（{levels}）" if levels else ""))
    s += f"，其中超过整改时限仍未摘牌{x['overdue']}处。" if x["overdue"] else "，均在整改时限内。"
    return [s]


def accountability_paragraphs(data: BriefingData) -> list[str]:
    """约谈/通报/问责 in [S, A]: counts by type, then each record with its 发文字号."""
    records = data.accountability
    if "accountability_records" in data.withheld:
        return [WITHHELD]
    if not records:
        return ["统计期内未开展约谈、通报批评或问责。"]
    counts = {r["action_type"]: r["n"] for r in data.accountability_by_type}
    out = [f"统计期内共开展约谈、通报、问责{sum(counts.values())}次：" +
           "、".join(f"{k}{counts[k]}次" for k in rules.ACCOUNTABILITY_TYPES if counts.get(k)) + "。"]
    for r in sorted(records, key=lambda r: (r["action_date"], r["target"])):
        s = f"{md(r['action_date'])}，{r['action_type']}{r['target']}"
        if r.get("reason"):
            s += f"（{r['reason']}）"
        if r.get("doc_no"):
            s += f"，{r['doc_no']}"
        out.append(s + "。")
    return out


def enforcement_sentence(where: str, e: dict, before: dict | None, measures: list[dict] = (),
                         departments: list[dict] = ()) -> str:
    cases = _n(e.get("cases"))
    if not cases:
        return f"{where}暂无立案查处的执法案件。"
    s = f"{where}立案查处执法案件{cases}起"
    fines = float(e.get("fines_yuan") or 0)
    if fines:
        s += f"，罚款{wan(fines)}万元"
    extra = [f"{label}{_n(e.get(key))}起" for key, label in
             (("suspended", "责令停产停业整顿"), ("closed", "关闭取缔"), ("transferred", "移送司法")) if _n(e.get(key))]
    if extra:
        s += "；其中" + "，".join(extra)
    s += "。"
    if _n(e.get("typical")) or _n(e.get("exposed")):
        s += f"报送典型案例{_n(e.get('typical'))}起，曝光{_n(e.get('exposed'))}起。"
    if measures:
        s += ("按处罚种类：" + "、".join(f"{r['measure']}{r['cases']}起" for r in measures)
              + "（一起案件有多种处罚的分别计入）。")
    if departments:
        s += "按执法部门：" + "、".join(f"{r['department']}{r['cases']}起" for r in departments) + "。"
    if before is not None:
        s += f"本期新立案{cases - _n(before.get('cases'))}起。"
    return s


# ---------------------------------------------------------------- charts


def make_charts(data: BriefingData) -> list[tuple[str, bytes]]:
    charts = []
    if data.rate_rows and _n(data.hazards.get("total")):
        rows = [r for r in data.rate_rows if data.rate_by == "乡/街道" or r["total"]]
        png, _ = static_charts.rate_bars([r["label"] for r in rows], [r["rectification_rate"] for r in rows],
                                         [r["total"] for r in rows], f"各{data.rate_by}隐患整改率",
                                         overall=data.hazards.get("rectification_rate"))
        charts.append((f"{data.scope.territory}各{data.rate_by}隐患整改率", png))
    if data.weekly and _n(data.hazards.get("total")):
        png, _ = static_charts.weekly_found_rectified(
            [r["week_start"] for r in data.weekly], [r["found"] for r in data.weekly],
            [r["rectified"] for r in data.weekly], [r["found_cum"] for r in data.weekly],
            [r["rectified_cum"] for r in data.weekly], "每周隐患发现与整改")
        undated = _n(data.weekly[0].get("rectified_undated"))
        note = f"（另有{undated}处已整改隐患未填整改完成日期，未计入各周）" if undated else ""
        charts.append((f"{data.scope.territory}每周隐患发现与整改情况{note}", png))
    if data.scope.kind == "district" and any(r["assigned"] for r in data.coverage) and \
            (not data.recheck_start or data.period.as_of >= data.recheck_start):
        png, _ = static_charts.coverage_bars(
            [r["group"] for r in data.coverage], [r["coverage"] for r in data.coverage],
            [r["assigned"] for r in data.coverage], [r["covered"] for r in data.coverage], "各督导组“回头看”覆盖率")
        charts.append(("各督导组“回头看”覆盖率", png))
    return charts


# ---------------------------------------------------------------- the document


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


def _run(paragraph, text: str, east_asia: str = FANGSONG, size: float = SIZE_BODY, bold: bool = False,
         color: RGBColor | None = None, latin: str = LATIN):
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    _set_fonts(run._r.get_or_add_rPr(), east_asia, latin)
    return run


def _border(paragraph, edge: str, color: str, size_eighths: int, space: int = 1) -> None:
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


def _single_spaced(paragraph, before: float = 0, after: float = 0) -> None:
    pf = paragraph.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.first_line_indent = Pt(0)


def _page_number_footer(section) -> None:
    footer = section.footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(paragraph)
    _run(paragraph, "— ", SONG, SIZE_PAGE_NO, latin=SONG)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = _run(paragraph, "", SONG, SIZE_PAGE_NO, latin=SONG)
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
    _run(paragraph, " —", SONG, SIZE_PAGE_NO, latin=SONG)


def _setup_document() -> Document:
    doc = Document()
    # Document defaults: explicit fonts and Chinese language, so unstyled text is 仿宋 too.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, FANGSONG)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = doc.styles["Normal"]
    _style_fonts(normal, FANGSONG, SIZE_BODY)
    pf = normal.paragraph_format
    pf.line_spacing = LINE_PITCH
    pf.space_before = pf.space_after = Pt(0)
    pf.first_line_indent = Pt(SIZE_BODY * 2)
    pf.widow_control = True
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, font in (("Heading 1", HEI), ("Heading 2", KAI)):
        style = doc.styles[name]
        _style_fonts(style, font, SIZE_BODY)
        spf = style.paragraph_format
        spf.line_spacing = LINE_PITCH
        spf.space_before = spf.space_after = Pt(0)
        spf.first_line_indent = Pt(SIZE_BODY * 2)
        spf.keep_with_next = True
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


def _masthead(doc, data: BriefingData) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, before=6, after=18)
    _run(p, MASTHEAD, SONG, 30, bold=True, color=RED, latin=SONG)

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, after=12)
    _run(p, f"第{data.issue_no}期", FANGSONG, SIZE_BODY)

    p = doc.add_paragraph()
    _single_spaced(p, after=0)
    type_width = Mm(210 - 28 - 26)
    p.paragraph_format.tab_stops.add_tab_stop(type_width, WD_TAB_ALIGNMENT.RIGHT)
    _run(p, data.scope.issuer, FANGSONG, SIZE_BODY)
    _run(p, "\t" + cn_date(data.period.as_of), FANGSONG, SIZE_BODY)
    _border(p, "bottom", RED_HEX, 18, space=6)


def _title(doc, text: str, subtitle: str | None = None) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, before=28, after=0 if subtitle else 18)
    _run(p, text, SONG, SIZE_TITLE, bold=True, latin=SONG)
    if subtitle:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _single_spaced(p, before=6, after=18)
        _run(p, subtitle, KAI, SIZE_BODY)


def _heading(doc, text: str, level: int) -> None:
    p = doc.add_paragraph(style="Heading 1" if level == 1 else "Heading 2")
    _run(p, text, HEI if level == 1 else KAI, SIZE_BODY)


def _body(doc, text: str) -> None:
    p = doc.add_paragraph()
    _run(p, text)


def _lead_in(doc, lead: str, text: str) -> None:
    """A paragraph with a run-in 黑体 lead ("下一步工作：")."""
    p = doc.add_paragraph()
    _run(p, lead, HEI)
    _run(p, text)


def _picture(doc, png: bytes, caption: str, number: int) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, before=6)
    p.add_run().add_picture(io.BytesIO(png), width=Mm(150))
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, after=8)
    _run(p, f"图{number}　{caption}", KAI, 12)


def _cell(cell, text: str, size: float, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER,
          font: str = FANGSONG) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    p.alignment = align
    _single_spaced(p)
    for i, line in enumerate(text.split("\n")):
        run = _run(p, line, HEI if bold else font, size)
        if i:
            run._r.insert(list(run._r).index(run._r.find(qn("w:t"))), OxmlElement("w:br"))


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _table(doc, header: list[str], rows: list[list[str]], widths_mm: list[float], size: float = SIZE_TABLE,
           left_columns: Iterable[int] = ()) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left = set(left_columns)
    for j, text in enumerate(header):
        _cell(table.rows[0].cells[j], text, size, bold=True)
    _repeat_header(table.rows[0])
    for i, values in enumerate(rows, 1):
        for j, text in enumerate(values):
            _cell(table.rows[i].cells[j], text, size,
                  align=WD_ALIGN_PARAGRAPH.LEFT if j in left else WD_ALIGN_PARAGRAPH.CENTER)
    _widths(table, widths_mm)
    _cell_margins(table, 60)


def _widths(table, widths_mm: list[float]) -> None:
    """Column widths in the grid (LibreOffice, WPS) and on every cell (Word)."""
    for j, width in enumerate(widths_mm):
        table.columns[j].width = Mm(width)
    for row in table.rows:
        for j, width in enumerate(widths_mm):
            row.cells[j].width = Mm(width)


def _cell_margins(table, twips: int) -> None:
    """Narrow left/right cell margins, so numbers fit the columns of the wide tables."""
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(twips))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tblpr.append(margins)


def _table_caption(doc, text: str) -> None:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, before=6, after=4)
    _run(p, text, HEI, 14)


def _fmt_rate_cell(value) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}"


# The national 隐患排查治理情况统计表: (group header or None for a two-row column, column, sub header).
# Line breaks ("\n") keep the units whole in the narrow columns.
STATS_LAYOUT: tuple[tuple[str | None, str, str], ...] = (
    (None, "enterprises", "排查单\n位数\n（家）"),
    ("一般隐患", "general_total", "隐患数\n（项）"),
    ("一般隐患", "general_rectified", "已整改\n（项）"),
    ("一般隐患", "general_rate", "整改率\n（%）"),
    ("重大隐患", "major_total", "隐患数\n（项）"),
    ("重大隐患", "major_rectified", "已整改\n销号\n（项）"),
    ("重大隐患", "major_rate", "整改率\n（%）"),
    ("列入治理计划的重大隐患", "major_planned", "隐患数\n（项）"),
    ("列入治理计划的重大隐患", "planned_targets", "落实治理\n目标任务"),
    ("列入治理计划的重大隐患", "planned_funds", "落实治理\n经费物资"),
    ("列入治理计划的重大隐患", "planned_staff", "落实治理\n机构人员"),
    ("列入治理计划的重大隐患", "planned_time", "落实治理\n时间"),
    ("列入治理计划的重大隐患", "planned_plan", "落实安全\n措施应急\n预案"),
    (None, "funds_wan", "累计落实\n治理资金\n（万元）"),
    (None, "major_listed", "其中挂\n牌督办\n（项）"),
)


def stats_cells(row: dict) -> list[str]:
    """One row of the statistics table as written in the document."""
    out = [row["label"]]
    for _group, column, _sub in STATS_LAYOUT:
        value = row.get(column)
        if column.endswith("_rate"):
            out.append(_fmt_rate_cell(value))
        elif column == "funds_wan":
            out.append(f"{float(value or 0):.2f}")
        else:
            out.append(str(_n(value)))
    return out


def _stats_table(doc, first_header: str, rows: list[dict]) -> None:
    n = 1 + len(STATS_LAYOUT)
    table = doc.add_table(rows=2 + len(rows), cols=n)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    top, sub = table.rows[0].cells, table.rows[1].cells
    size = SIZE_ANNEX_HEADER
    # Two-row header: single columns merged vertically, groups merged horizontally.
    _cell(top[0].merge(sub[0]), first_header, size, bold=True)
    j = 1
    while j < n:
        group = STATS_LAYOUT[j - 1][0]
        if group is None:
            _cell(top[j].merge(sub[j]), STATS_LAYOUT[j - 1][2], size, bold=True)
            j += 1
            continue
        k = j
        while k + 1 < n and STATS_LAYOUT[k][0] == group:
            k += 1
        _cell(top[j].merge(top[k]) if k > j else top[j], group, size, bold=True)
        for c in range(j, k + 1):
            _cell(sub[c], STATS_LAYOUT[c - 1][2], size, bold=True)
        j = k + 1
    _repeat_header(table.rows[0])
    _repeat_header(table.rows[1])
    for i, row in enumerate(rows, 2):
        for c, text in enumerate(stats_cells(row)):
            _cell(table.rows[i].cells[c], text, SIZE_ANNEX_TABLE, bold=bool(row.get("is_total")) and c == 0)
    _widths(table, [22] + [13.5] * (n - 1))
    _cell_margins(table, 45)


def _annex(doc, number: int, title: str, first_header: str, rows: list[dict], data: BriefingData) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(28), Mm(26)
    section.left_margin, section.right_margin = Mm(37), Mm(35)
    section.footer_distance = Mm(15)
    p = doc.add_paragraph()
    _single_spaced(p, after=6)
    _run(p, f"附件{number}", HEI, SIZE_BODY)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _single_spaced(p, after=6)
    _run(p, title, SONG, 18, bold=True, latin=SONG)
    p = doc.add_paragraph()
    _single_spaced(p, after=4)
    p.paragraph_format.tab_stops.add_tab_stop(Mm(297 - 37 - 35), WD_TAB_ALIGNMENT.RIGHT)
    _run(p, f"填报单位：{data.scope.issuer}", FANGSONG, 12)
    _run(p, f"\t统计区间：{cn_date(data.period.campaign_start)}至{cn_date(data.period.as_of)}", FANGSONG, 12)
    _stats_table(doc, first_header, rows)
    p = doc.add_paragraph()
    _single_spaced(p, before=4)
    notes = "；".join(f"{name}：{definition(name).rstrip('。')}" for name in ("已整改", "已销号", "列入治理计划的重大隐患", "挂牌督办"))
    _run(p, f"注（A为统计截止日）：{notes}。", FANGSONG, 10.5)


def render(data: BriefingData, progress: Progress | None = None) -> bytes:
    """The .docx bytes of a briefing."""
    progress = progress or (lambda f, t: None)
    scope, period = data.scope, data.period
    progress(0.5, "正在绘制图表……")
    charts = make_charts(data) if scope.has_units else []
    progress(0.7, "正在排版简报……")
    doc = _setup_document()
    _masthead(doc, data)
    _title(doc, scope.title, f"（截至{cn_date(period.as_of)}）")

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
    _body(doc, f"按照区安委会关于开展全区安全生产大检查工作的部署，现将截至{cn_date(period.as_of)}{reach}"
               "安全生产大检查工作进展情况通报如下。")

    figure = 0
    _heading(doc, "一、总体进展", 1)
    if scope.has_units:
        if scope.kind == "group":
            _heading(doc, "（一）分工乡/街道", 2)
        for text in progress_paragraphs(data, data.hazards, data.hazards_before, scope.territory):
            _body(doc, text)
        for caption, png in charts:
            figure += 1
            _picture(doc, png, caption, figure)
    if data.departments is not None:
        if scope.has_units:
            _heading(doc, "（二）分工部门", 2)
        d = data.departments
        words = "、".join(scope.departments) + "监管领域"
        for text in progress_paragraphs(data, d["hazards"], d["hazards_before"], words):
            _body(doc, text)
        overdue = d["overdue_list"]
        if overdue:
            named = "、".join(f"{r['unit']}{r['enterprise']}“{r['description']}”（逾期{r['days_overdue']}天）"
                              for r in overdue[:OVERDUE_NAMED])
            more = f"等{len(overdue)}处（逾期时间最长的{OVERDUE_NAMED}处）" if len(overdue) > OVERDUE_NAMED else ""
            _body(doc, f"{words}逾期未整改的隐患：{named}{more}。")

    section_no = iter(["二", "三", "四", "五", "六", "七"])
    if scope.has_units:
        _heading(doc, f"{next(section_no)}、重大隐患和挂牌督办情况", 1)
        for text in major_paragraphs(data) + listing_paragraphs(data):
            _body(doc, text)
    if scope.kind == "group":
        _heading(doc, f"{next(section_no)}、督导发现问题整改情况", 1)
        for text in problem_paragraphs(data):
            _body(doc, text)

    _heading(doc, f"{next(section_no)}、工作滞后的单位和部门", 1)
    sub = iter(["（一）", "（二）", "（三）", "（四）"])
    if scope.has_units:
        _heading(doc, f"{next(sub)}隐患逾期未整改（截至{md(period.as_of)}）", 2)
        for text in overdue_paragraphs(data):
            _body(doc, text)
        overdue = [r for r in data.overdue_list if r["kind"] == "overdue"][:OVERDUE_TABLE_ROWS]
        if overdue:
            _table_caption(doc, f"表1　逾期未整改隐患清单（截至{md(period.as_of)}，不论何时发现）")
            rows = [[str(i), r["unit"], r["enterprise"], r["description"], r["level"],
                     f"{r['deadline_in_force']:%Y-%m-%d}", str(r["days_overdue"]), r.get("department") or ""]
                    for i, r in enumerate(overdue, 1)]
            _table(doc, ["序号", "乡/街道", "单位名称", "隐患描述", "等级", "整改期限", "逾期天数", "监管部门"], rows,
                   [10, 21, 24, 33, 10, 22, 12, 24], left_columns=(2, 3))
    _heading(doc, f"{next(sub)}报送不及时", 2)
    for text in reporting_paragraphs(data) or ["暂无到期的报送任务。"]:
        _body(doc, text)
    _heading(doc, f"{next(sub)}督导“回头看”", 2)
    for text in recheck_paragraphs(data):
        _body(doc, text)
    if scope.kind != "group":
        _heading(doc, f"{next(sub)}约谈、通报和问责", 2)
        for text in accountability_paragraphs(data):
            _body(doc, text)

    _heading(doc, f"{next(section_no)}、执法检查情况（执法案件台账）", 1)
    if scope.has_units:
        _body(doc, enforcement_sentence(scope.territory, data.enforcement, data.enforcement_before, data.by_measure,
                                        data.by_department_cases))
    if data.departments is not None:
        _body(doc, enforcement_sentence("、".join(scope.departments), data.departments["enforcement"], None))
    for text in briefing_register.paragraphs(data.register, f"截至{md(period.as_of)}"):
        _body(doc, text)

    _lead_in(doc, "下一步工作：", "（请督导组填写）")
    for i in (1, 2, 3):
        _body(doc, f"{i}. ")

    p = doc.add_paragraph()
    _single_spaced(p, before=12)
    p.paragraph_format.first_line_indent = Pt(0)
    _run(p, f"（本期数据来源于各乡/街道和区安委会成员单位报送的台账，统计截至{cn_date(period.as_of)}；"
            f"隐患、执法为活动开始（{cn_date(period.campaign_start)}）以来的累计数。）", FANGSONG, 12)

    if scope.has_units:
        progress(0.85, "正在生成隐患排查治理情况统计表……")
        annex = 0
        if scope.kind != "unit":
            annex += 1
            _annex(doc, annex, "隐患排查治理情况统计表（按乡/街道）", "乡/街道", data.stats_by_unit, data)
        annex += 1
        _annex(doc, annex, "隐患排查治理情况统计表（按行业领域）", "行业领域", data.stats_by_industry, data)
    buffer = io.BytesIO()
    doc.save(buffer)
    progress(1.0, "简报已生成。")
    return buffer.getvalue()


@dataclass(frozen=True)
class Briefing:
    content: bytes
    file_name: str
    scope: Scope
    period: Period
    issue_no: int


def build_briefing(store: Store, scope: Scope, as_of: dt.date | None = None, since: dt.date | None = None,
                   issue_no: int | None = None, progress: Progress | None = None,
                   principal: Principal | None = None) -> Briefing:
    """Collect the numbers and write the document. Raises BriefingError (Chinese) for impossible requests
    and for briefings the principal may not make."""
    if issue_no is not None and issue_no < 1:
        raise BriefingError(f"期号应为正整数，而不是{issue_no}。")
    check_access(principal, scope)
    period = make_period(store, as_of, since)
    data = collect(store, scope, period, issue_no, progress, principal)
    content = render(data, progress)
    return Briefing(content, file_name(scope, data.issue_no, period.as_of), scope, period, data.issue_no)


# ---------------------------------------------------------------- PDF (preview, checks)

# LibreOffice finds fonts through fontconfig; map the Windows names the document uses to installed CJK faces.
_FONT_ALIASES = {
    "Noto Serif CJK SC": ("宋体", "SimSun", "仿宋", "FangSong", "仿宋_GB2312", "楷体", "KaiTi", "楷体_GB2312"),
    "Noto Sans CJK SC": ("黑体", "SimHei"),
}


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Convert with LibreOffice (headless, a private profile, the font aliases above)."""
    soffice = soffice_path()
    if soffice is None:
        raise BriefingError("没有找到 LibreOffice（soffice），无法转换为 PDF。请运行 scripts/setup.sh --system 安装。")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefing-pdf-") as tmp:
        conf = Path(tmp) / "fonts.conf"
        aliases = "".join(
            f"<alias binding=\"same\"><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
            for face, names in _FONT_ALIASES.items() for name in names)
        conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                        f"<include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>{aliases}</fontconfig>",
                        encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": tmp}
        profile = Path(tmp, "profile").as_uri()
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx)],
            env=env, capture_output=True, text=True, timeout=timeout)
    pdf = out_dir / (Path(docx).stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise BriefingError(f"LibreOffice 转换失败：{(result.stderr or result.stdout).strip()[:300]}")
    return pdf
