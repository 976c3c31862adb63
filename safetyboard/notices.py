"""Documents for chasing, in the 公文 style of the 简报 (safetyboard.briefing.document):

- 督办通知单 to one 乡/街道 or member department: its overdue hazards, its 督导 problems still open, its 挂牌督办
  items past their 时限, each with its deadline, a reply deadline, the issuing office and date;
- 催报通知 to one reporter: its 自查报告 nodes and 打非治违月报 months that are missing or late as of A.

Every figure comes from the query files, run through safetyboard.access for the principal (required; the command
line passes auth.LOCAL_ADMIN). Batch mode writes one document per unit or department that has something to chase
into a folder."""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import access, district, rules
from .auth import Principal
from .briefing.wording import NODE_WORDS
from .config import load_campaign
from .formatting import cn_date
from .formatting import cn_month_day as md
from .metrics import Filters
from .store import Store


# The queries/ files this module runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("listed_hazards", "monthly_report_submissions", "overdue_and_upcoming_hazards", "submission_grid",
           "supervision_problems")


def _word():
    """The 简报's 公文 building blocks, imported when a document is made: python-docx is slow to import, and a page
    that only offers the download must not pay for it on every first run."""
    from .briefing import document
    return document


REPLY_DAYS = 7                   # days the addressee has to answer a 督办通知单
ALL_ROWS = 100_000
KINDS = ("督办", "催报")


class NoticeError(Exception):
    """str(self) is the Chinese message for the user."""


@dataclass(frozen=True)
class Addressee:
    name: str                    # canonical 乡/街道 or department name
    kind: str                    # rules.ORG_UNIT | rules.ORG_DEPARTMENT
    unit_code: str | None = None

    def params(self) -> dict:
        if self.kind == rules.ORG_UNIT:
            return {"units": [self.unit_code], "industries": [], "departments": []}
        return {"units": [], "industries": [], "departments": [self.name]}


def resolve_addressee(text: str) -> Addressee:
    org = rules.resolve_org(text or "")
    if org is None:
        raise NoticeError(f"「{text}」不是{district.current().name}的乡/街道或区安委会成员单位。")
    name, kind = org
    unit = rules.resolve_unit(name) if kind == rules.ORG_UNIT else None
    return Addressee(name, kind, unit.code if unit else None)


@dataclass
class NoticeData:
    addressee: Addressee
    as_of: dt.date
    hazards: list[dict] = field(default_factory=list)      # overdue hazards
    problems: list[dict] = field(default_factory=list)     # 督导 problems still open (overdue first)
    listings: list[dict] = field(default_factory=list)     # 挂牌督办 past their 时限
    submissions: list[dict] = field(default_factory=list)  # 自查报告 nodes missing or late
    monthly: list[dict] = field(default_factory=list)      # 月报 months missing or late

    @property
    def has_overdue(self) -> bool:
        return bool(self.hazards or [p for p in self.problems if p["overdue"]] or self.listings)

    @property
    def has_missing(self) -> bool:
        return bool(self.submissions or self.monthly)


def collect(store: Store, who: Addressee, as_of: dt.date, principal: Principal) -> NoticeData:
    base = {**Filters(load_campaign().start, as_of).params(), **who.params()}

    def q(name: str, **extra) -> list[dict]:
        try:
            return access.run_scoped(store, principal, name, {**base, **extra})
        except access.AccessDenied as exc:
            raise NoticeError(str(exc)) from None

    data = NoticeData(who, as_of)
    data.hazards = [r for r in q("overdue_and_upcoming_hazards", row_limit=ALL_ROWS) if r["kind"] == "overdue"]
    if who.kind == rules.ORG_UNIT:
        data.problems = [r for r in q("supervision_problems", group="", target_key="", row_limit=ALL_ROWS) if r["open"]]
        data.listings = [r for r in q("listed_hazards", only_open=True, row_limit=ALL_ROWS) if r["overdue"]]
    else:
        # A department's own problems are those the groups found at it (target 部门:name).
        key = f"{rules.ORG_DEPARTMENT}:{who.name}"
        data.problems = [r for r in q("supervision_problems", units=[], group="", target_key=key, row_limit=ALL_ROWS)
                         if r["open"]]
    data.submissions = [r for r in q("submission_grid", units=[]) if r["reporter"] == who.name
                        and r["state"] in ("late", "missing")]
    if who.kind == rules.ORG_DEPARTMENT:
        data.monthly = [r for r in q("monthly_report_submissions", units=[]) if r["state"] != "on_time"]
    return data


def _d(value) -> str:
    return f"{value:%Y-%m-%d}" if value else "未定"


def _header(doc, doc_title: str, who: Addressee, as_of: dt.date) -> None:
    b = _word()
    b.add_title(doc, doc_title)
    p = doc.add_paragraph()
    p.alignment = b.WD_ALIGN_PARAGRAPH.CENTER
    b.single_spaced(p, after=12)
    b.add_run(p, f"湛安委办〔{as_of.year}〕　号", size=b.SIZE_BODY)
    p = doc.add_paragraph()
    p.paragraph_format.first_line_indent = 0
    b.add_run(p, f"{who.name}：")


def _signature(doc, issued: dt.date) -> None:
    b = _word()
    for text in (district.current().office, cn_date(issued)):
        p = doc.add_paragraph()
        p.alignment = b.WD_ALIGN_PARAGRAPH.RIGHT
        b.add_run(p, text)


def render_supervision_notice(data: NoticeData, issued: dt.date | None = None) -> bytes:
    """The 督办通知单 (.docx bytes)."""
    b = _word()
    issued = issued or data.as_of
    who, reply_by = data.addressee, issued + dt.timedelta(days=REPLY_DAYS)
    doc = b.new_document()
    _header(doc, "安全生产督办通知单", who, data.as_of)
    words = "辖区" if who.kind == rules.ORG_UNIT else "监管领域"
    overdue_problems = [p for p in data.problems if p["overdue"]]
    parts = []
    if data.hazards:
        parts.append(f"逾期未整改隐患{len(data.hazards)}处")
    if data.problems:
        parts.append(f"督导组交办问题尚未整改{len(data.problems)}个（其中逾期{len(overdue_problems)}个）")
    if data.listings:
        parts.append(f"挂牌督办隐患超过整改时限仍未摘牌{len(data.listings)}处")
    found = "、".join(parts) if parts else "无逾期未整改事项"
    b.add_body(doc, f"根据各乡（街道）和区安委会成员单位报送的台账，截至{cn_date(data.as_of)}，你单位{words}{found}。"
               f"现予督办，请逐项落实整改责任和措施，于{cn_date(reply_by)}前完成整改（确需延期的说明理由并报批），"
               "并将整改情况书面报区安委会办公室。逾期仍未完成的，将按规定予以约谈、通报。")
    table_no = 0
    if data.hazards:
        table_no += 1
        b.add_table_caption(doc, f"表{table_no}　逾期未整改隐患")
        rows = [[str(i), r["enterprise"], r["description"], r["level"], _d(r["deadline_in_force"]),
                 str(r["days_overdue"]), r.get("department") or ""] for i, r in enumerate(data.hazards, 1)]
        b.add_table(doc, ["序号", "单位名称", "隐患描述", "等级", "整改期限", "逾期天数", "监管部门"], rows,
                    [10, 32, 44, 10, 22, 14, 24], left_columns=(1, 2))
    if data.problems:
        table_no += 1
        b.add_table_caption(doc, f"表{table_no}　督导组交办未整改问题")
        rows = [[str(i), r["group"], r["target"], r["description"], _d(r["assigned_date"]), _d(r["deadline"]),
                 "是" if r["overdue"] else "否"] for i, r in enumerate(data.problems, 1)]
        b.add_table(doc, ["序号", "督导组", "督导对象", "问题描述", "交办日期", "整改时限", "逾期"], rows,
                    [10, 20, 26, 46, 20, 22, 12], left_columns=(2, 3))
    if data.listings:
        table_no += 1
        b.add_table_caption(doc, f"表{table_no}　挂牌督办超期未摘牌隐患")
        rows = [[str(i), r["enterprise"] or "", r["description"] or "", r["level"] or "", _d(r["listed_date"]),
                 _d(r["deadline"]), r["supervising_org"] or ""] for i, r in enumerate(data.listings, 1)]
        b.add_table(doc, ["序号", "单位名称", "隐患描述", "挂牌级别", "挂牌日期", "整改时限", "督办单位"], rows,
                    [10, 28, 40, 14, 22, 22, 20], left_columns=(1, 2))
    _signature(doc, issued)
    return _bytes(doc)


def render_urge_notice(data: NoticeData, issued: dt.date | None = None) -> bytes:
    """The 催报通知 (.docx bytes): the 自查报告 nodes and 月报 months not sent on time."""
    b = _word()
    issued = issued or data.as_of
    who, reply_by = data.addressee, issued + dt.timedelta(days=3)
    doc = b.new_document()
    _header(doc, "关于报送安全生产大检查材料的催报通知", who, data.as_of)
    items = []
    for r in data.submissions:
        state = "未报送" if r["state"] == "missing" else f"{md(r['submitted_date'])}迟报"
        items.append(f"{NODE_WORDS.get(r['node'], r['label'])}（{md(r['due'])}）自查报告{state}")
    for r in data.monthly:
        state = "未报送" if r["state"] == "missing" else f"{md(r['submitted_date'])}迟报"
        items.append(f"{r['month']:%Y年%-m月}打非治违月报（应于{md(r['due'])}前报送）{state}")
    listed = "；".join(items) if items else "各项材料均已按时报送"
    b.add_body(doc, f"截至{cn_date(data.as_of)}，你单位{listed}。")
    if any(r["state"] == "missing" for r in data.submissions + data.monthly):
        b.add_body(doc, f"请于{cn_date(reply_by)}前将未报送的材料报区安委会办公室；今后请严格按照规定时限报送。")
    _signature(doc, issued)
    return _bytes(doc)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def file_name(kind: str, who: Addressee, as_of: dt.date) -> str:
    title = "督办通知单" if kind == "督办" else "催报通知"
    return re.sub(r'[\\/:*?"<>|\s]+', "_", f"{title}_{who.name}_{as_of:%Y%m%d}.docx")


def build(store: Store, kind: str, who: Addressee, as_of: dt.date, principal: Principal,
          issued: dt.date | None = None) -> tuple[str, bytes]:
    if kind not in KINDS:
        raise NoticeError(f"文书类型「{kind}」不存在，应为：{'、'.join(KINDS)}。")
    data = collect(store, who, as_of, principal)
    render = render_supervision_notice if kind == "督办" else render_urge_notice
    return file_name(kind, who, as_of), render(data, issued)


def write_batch(store: Store, directory: Path, as_of: dt.date, principal: Principal,
                issued: dt.date | None = None) -> list[Path]:
    """One 督办通知单 per 乡/街道 or department with something overdue, one 催报通知 per reporter with a report
    missing or late, into directory; returns the paths written (乡/街道 first, then departments)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    addressees = [Addressee(u.name, rules.ORG_UNIT, u.code) for u in rules.units()] + \
                 [Addressee(d, rules.ORG_DEPARTMENT) for d in rules.departments()]
    for who in addressees:
        if principal.role == "unit" and who.unit_code != principal.unit_code:
            continue
        data = collect(store, who, as_of, principal)
        for kind, needed, render in (("督办", data.has_overdue, render_supervision_notice),
                                     ("催报", data.has_missing, render_urge_notice)):
            if needed:
                path = directory / file_name(kind, who, as_of)
                path.write_bytes(render(data, issued))
                written.append(path)
    return written
