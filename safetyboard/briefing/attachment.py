"""The briefing's Excel 附表, written next to the .docx (same base name, .xlsx): the full lists the body
cuts (every overdue hazard, every 重大隐患, every 临期 hazard, every 约谈/通报/问责), one sheet each, with
Chinese sheet names and headers. The rows are those the briefing collected (collect.py); no query here."""
from __future__ import annotations

import datetime as dt
from typing import Callable

import pandas as pd

from ..exports import table_xlsx
from ..formatting import cn_date

SHEET_OVERDUE = "逾期未整改隐患"
SHEET_MAJORS = "重大隐患"
SHEET_UPCOMING = "临期隐患"
SHEET_ACCOUNTABILITY = "约谈通报问责"
SHEET_DEPARTMENTS_OVERDUE = "分工部门逾期隐患"
SHEET_REPORTING = "报送滞后"
STATES = {"missing": "未报送", "late": "迟报"}

YES_NO = {True: "是", False: "否"}


def see_sheet(sheet: str) -> str:
    """How the body points to a list it cuts."""
    return f"见Excel附表“{sheet}”"


def by_urgency(majors: list[dict], as_of: dt.date) -> list[dict]:
    """Open 重大隐患 as the body names them: overdue first (longest first), then by deadline (none last), then the
    earliest found."""
    def key(r):
        deadline = r.get("deadline_in_force")
        days = (as_of - deadline).days if r.get("overdue") and deadline else 0
        return (not r.get("overdue"), -days, deadline is None, deadline or dt.date.max,
                r.get("found_date") or dt.date.max, r["record_key"])
    return sorted(majors, key=key)


def _frame(rows: list, columns: list[tuple[str, Callable]]) -> pd.DataFrame:
    """序号, then one column per (header, value of a row)."""
    return pd.DataFrame({"序号": range(1, len(rows) + 1), **{h: [value(r) for r in rows] for h, value in columns}})


def _get(key: str) -> Callable:
    return lambda r: r.get(key)


def _yes(key: str) -> Callable:
    return lambda r: YES_NO[bool(r.get(key))]


WHERE = [("乡/街道", _get("unit")), ("单位名称", _get("enterprise")), ("隐患描述", _get("description"))]


def _hazards(rows: list[dict], days: str | None) -> pd.DataFrame:
    extra = {"overdue": [("逾期天数", _get("days_overdue"))], "upcoming": [("剩余天数", _get("days_left"))]}
    return _frame(rows, WHERE + [
        ("隐患等级", _get("level")), ("行业领域", _get("industry")), ("监管部门", _get("department")),
        ("发现日期", _get("found_date")), ("整改期限（含延期）", _get("deadline_in_force")),
        *extra.get(days, []), ("挂牌督办", _get("listed")), ("隐患编号", _get("hazard_no"))])


def _majors(rows: list[dict], as_of: dt.date) -> pd.DataFrame:
    # the open ones in the body's order, then the rectified ones
    rows = by_urgency([r for r in rows if not r["rectified"]], as_of) + [r for r in rows if r["rectified"]]
    late = lambda r: (as_of - r["deadline_in_force"]).days if r.get("overdue") and r.get("deadline_in_force") else None  # noqa: E731
    return _frame(rows, WHERE + [
        ("行业领域", _get("industry")), ("监管部门", _get("department")),
        ("整改期限（含延期）", _get("deadline_in_force")), ("已整改", _yes("rectified")), ("已销号", _yes("closed")),
        ("逾期", _yes("overdue")), ("逾期天数", late), ("整改责任人", _get("responsible")), ("五落实全部落实", _yes("five_complete")),
        ("挂牌督办", _get("listed")), ("隐患编号", _get("hazard_no"))])


def _accountability(rows: list[dict]) -> pd.DataFrame:
    rows = sorted(rows, key=lambda r: (r["action_date"], r["target"]))
    return _frame(rows, [("日期", _get("action_date")), ("方式", _get("action_type")), ("对象", _get("target")),
                         ("原因", _get("reason")), ("文号", _get("doc_no"))])


def _reporting(data) -> pd.DataFrame:
    rows = [("自查报告", r["reporter"], r.get("label") or f"第{r['node']}次", r["due"], r["state"], r.get("submitted_date"))
            for r in data.submissions_behind]
    rows += [("打非治违月报", r["reporter"], f"{r['month'].year}年{r['month'].month}月", r.get("due"), r["state"],
              r.get("submitted_date")) for r in data.monthly_behind]
    return _frame(rows, [("报送事项", lambda r: r[0]), ("报送单位", lambda r: r[1]), ("节点/月份", lambda r: r[2]),
                         ("应报日期", lambda r: r[3]), ("情况", lambda r: STATES.get(r[4], r[4])),
                         ("报送日期", lambda r: r[5])])


def sheets(data) -> dict[str, pd.DataFrame]:
    """The sheets of the 附表 for a BriefingData, in order; a passage the scope has not got, no sheet."""
    out: dict[str, pd.DataFrame] = {}
    if data.scope.has_units:
        out[SHEET_OVERDUE] = _hazards([r for r in data.overdue_list if r["kind"] == "overdue"], "overdue")
        out[SHEET_MAJORS] = _majors(data.majors, data.period.as_of)
        out[SHEET_UPCOMING] = _hazards([r for r in data.overdue_list if r["kind"] == "upcoming"], "upcoming")
    if data.departments is not None:
        out[SHEET_DEPARTMENTS_OVERDUE] = _hazards(data.departments["overdue_list"], "overdue")
    if "submission_grid" not in data.withheld:
        out[SHEET_REPORTING] = _reporting(data)
    if data.scope.kind != "group" and "accountability_records" not in data.withheld:
        out[SHEET_ACCOUNTABILITY] = _accountability(data.accountability)
    return out


def workbook(data, title: str) -> bytes:
    """The .xlsx bytes (through safetyboard.exports: formulas neutralised, dates as dates)."""
    period = data.period
    lines = [f"范围：{data.scope.label}",
             f"统计截至{cn_date(period.as_of)}（逾期、临期为截至该日的存量，不论何时发现）"]
    return table_xlsx(sheets(data), title=title, filters=lines)
