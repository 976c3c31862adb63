"""The briefing's Excel 附表, written next to the .docx (same base name, .xlsx): the full lists the body
cuts (every overdue hazard, every 重大隐患, every 临期 hazard, every 约谈/通报/问责), one sheet each, with
Chinese sheet names and headers. The rows are those the briefing collected (collect.py); no query here."""
from __future__ import annotations

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


def _hazards(rows: list[dict], days: str | None) -> pd.DataFrame:
    frame = pd.DataFrame({
        "序号": range(1, len(rows) + 1),
        "乡/街道": [r["unit"] for r in rows],
        "单位名称": [r["enterprise"] for r in rows],
        "隐患描述": [r["description"] for r in rows],
        "隐患等级": [r["level"] for r in rows],
        "行业领域": [r.get("industry") for r in rows],
        "监管部门": [r.get("department") for r in rows],
        "发现日期": [r.get("found_date") for r in rows],
        "整改期限（含延期）": [r.get("deadline_in_force") for r in rows],
        "挂牌督办": [r.get("listed") for r in rows],
        "隐患编号": [r.get("hazard_no") for r in rows],
    })
    if days == "overdue":
        frame.insert(9, "逾期天数", [r["days_overdue"] for r in rows])
    elif days == "upcoming":
        frame.insert(9, "剩余天数", [r["days_left"] for r in rows])
    return frame


def _majors(rows: list[dict]) -> pd.DataFrame:
    # unrectified first (the query's order), as in the body
    return pd.DataFrame({
        "序号": range(1, len(rows) + 1),
        "乡/街道": [r["unit"] for r in rows],
        "单位名称": [r["enterprise"] for r in rows],
        "隐患描述": [r["description"] for r in rows],
        "行业领域": [r.get("industry") for r in rows],
        "监管部门": [r.get("department") for r in rows],
        "整改期限（含延期）": [r.get("deadline_in_force") for r in rows],
        "已整改": [YES_NO[bool(r["rectified"])] for r in rows],
        "已销号": [YES_NO[bool(r.get("closed"))] for r in rows],
        "逾期": [YES_NO[bool(r.get("overdue"))] for r in rows],
        "整改责任人": [r.get("responsible") for r in rows],
        "五落实全部落实": [YES_NO[bool(r.get("five_complete"))] for r in rows],
        "挂牌督办": [r.get("listed") for r in rows],
        "隐患编号": [r.get("hazard_no") for r in rows],
    })


def _accountability(rows: list[dict]) -> pd.DataFrame:
    rows = sorted(rows, key=lambda r: (r["action_date"], r["target"]))
    return pd.DataFrame({
        "序号": range(1, len(rows) + 1),
        "日期": [r["action_date"] for r in rows],
        "方式": [r["action_type"] for r in rows],
        "对象": [r["target"] for r in rows],
        "原因": [r.get("reason") for r in rows],
        "文号": [r.get("doc_no") for r in rows],
    })


def _reporting(data) -> pd.DataFrame:
    rows = [("自查报告", r["reporter"], r.get("label") or f"第{r['node']}次", r["due"], r["state"], r.get("submitted_date"))
            for r in data.submissions_behind]
    rows += [("打非治违月报", r["reporter"], f"{r['month'].year}年{r['month'].month}月", r.get("due"), r["state"],
              r.get("submitted_date")) for r in data.monthly_behind]
    return pd.DataFrame({
        "序号": range(1, len(rows) + 1),
        "报送事项": [r[0] for r in rows], "报送单位": [r[1] for r in rows], "节点/月份": [r[2] for r in rows],
        "应报日期": [r[3] for r in rows], "情况": [STATES.get(r[4], r[4]) for r in rows],
        "报送日期": [r[5] for r in rows],
    })


def sheets(data) -> dict[str, pd.DataFrame]:
    """The sheets of the 附表 for a BriefingData, in order; a passage the scope has not got, no sheet."""
    out: dict[str, pd.DataFrame] = {}
    if data.scope.has_units:
        out[SHEET_OVERDUE] = _hazards([r for r in data.overdue_list if r["kind"] == "overdue"], "overdue")
        out[SHEET_MAJORS] = _majors(data.majors)
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
