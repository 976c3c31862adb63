"""Text for the overview and the briefings: the auto-written summary paragraph, KPI deltas and the
Chinese headers of the 隐患排查治理情况统计表. Pure functions (no Streamlit), so the Word briefing can
reuse them and tests can pin the exact wording."""
from __future__ import annotations

import datetime as dt
from typing import Mapping

import pandas as pd

from . import formatting as fmt

# The writers the summary and the briefings share, under the names they are called by here.
pct = fmt.percent          # 0.4 -> "40.0%"
md = fmt.cn_month_day      # 2022-10-31 -> "10月31日"


def wan(yuan) -> str:
    """元 as 万元 in running text, without trailing zeros ("5.3" for 53000); nothing counts as "0"."""
    return fmt.wan(yuan or 0, trim=True, grouping=False)


# ---------------------------------------------------------------- KPI deltas (st.metric strings)


def delta_count(now, before) -> str | None:
    """Change of a count: "+2", "-1", "0"; None when either side is unknown."""
    if fmt.missing(now) or fmt.missing(before):
        return None
    d = int(now) - int(before)
    return "0" if d == 0 else f"{d:+,}"


def delta_rate(now, before) -> str | None:
    """Change of a rate in percentage points: "+5.0 个百分点"; "0" when unchanged; None when a side is empty."""
    if fmt.missing(now) or fmt.missing(before):
        return None
    points = round(fmt.in_percent(float(now) - float(before)), 1)
    return "0" if points == 0 else f"{points:+.1f} 个百分点"


def delta_yuan(now, before) -> str | None:
    """Change of an amount in 元, written in 万元: "+0.30 万元"."""
    if fmt.missing(now) or fmt.missing(before):
        return None
    d = round(fmt.in_wan(float(now) - float(before)), 2)
    return "0" if d == 0 else f"{d:+,.2f} 万元"


# ---------------------------------------------------------------- the summary paragraph


def scope_text(unit_names: list[str] | tuple[str, ...] = (), industries: list[str] | tuple[str, ...] = (),
               departments: list[str] | tuple[str, ...] = ()) -> str:
    """Who the numbers cover: "全区", "马庄街道", "马庄街道工贸行业领域（监管部门：应急管理局）"."""
    text = "、".join(unit_names) if unit_names else "全区"
    if industries:
        text += "、".join(industries) + "行业领域"
    if departments:
        text += "（监管部门：" + "、".join(departments) + "）"
    return text


def flow_label(name: str) -> str:
    """A figure counted over the period [S, A] (a flow): "隐患总数（本期）"."""
    return f"{name}（本期）"


def stock_label(name: str, as_of: dt.date) -> str:
    """A figure standing at A whatever the period (a stock): "逾期未整改（截至10月31日）"."""
    return f"{name}（截至{md(as_of)}）"


def period_text(since: dt.date, as_of: dt.date, campaign_start: dt.date | None = None) -> str:
    """ "截至10月31日" for the whole campaign, else "10月1日至10月31日"."""
    if campaign_start is None or since <= campaign_start:
        return f"截至{md(as_of)}"
    return f"{md(since)}至{md(as_of)}"


def summary_paragraph(as_of: dt.date, hazards: Mapping, enforcement: Mapping | None = None, *,
                      scope: str = "全区", since: dt.date | None = None, campaign_start: dt.date | None = None,
                      upcoming_days: int = 7) -> str:
    """The overview paragraph in official style, from a hazard_summary row and an enforcement_summary row."""
    period = period_text(since or as_of, as_of, campaign_start if since else None)
    head = period + "，" + scope
    # Stocks (逾期, 未定整改时限, 临期) stand at A whatever the period: a period head gets its own 截至A.
    stock_head = "" if period.startswith("截至") else f"截至{md(as_of)}，"
    total = int(hazards.get("total") or 0)
    parts: list[str] = []
    if total == 0:
        parts.append(f"{head}暂无隐患排查记录。")
    else:
        major = int(hazards.get("major") or 0)
        listed = int(hazards.get("listed") or 0)
        s = f"{head}共排查生产经营单位{int(hazards.get('enterprises') or 0)}家，排查隐患{total}处，"
        s += f"其中重大隐患{major}处" if major else "未排查出重大隐患"
        s += f"，挂牌督办{listed}处；" if listed else "；"
        s += f"已整改{int(hazards.get('rectified') or 0)}处，整改率{pct(hazards.get('rectification_rate'))}"
        if major:
            s += (f"；重大隐患已整改{int(hazards.get('major_rectified') or 0)}处，"
                  f"整改率{pct(hazards.get('major_rectification_rate'))}")
        parts.append(s + "。")
    overdue = int(hazards.get("overdue") or 0)
    no_deadline = int(hazards.get("no_deadline") or 0)
    upcoming = int(hazards.get("upcoming") or 0)
    risk = []
    if overdue:
        risk.append(f"逾期未整改{overdue}处")
    if no_deadline:
        risk.append(f"未定整改时限{no_deadline}处")
    if upcoming:
        risk.append(f"临期（{upcoming_days}日内到期）{upcoming}处")
    if risk:
        parts.append(stock_head + "，".join(risk) + "，须督促责任单位抓紧整改。")
    elif total:
        parts.append(stock_head + "无逾期未整改隐患。")
    if enforcement is not None:
        cases = int(enforcement.get("cases") or 0)
        if cases:
            e = f"立案查处执法案件{cases}起"
            fines = float(enforcement.get("fines_yuan") or 0)
            if fines:
                e += f"，罚款{wan(fines)}万元"
            if int(enforcement.get("suspended") or 0):
                e += f"，责令停产停业整顿{int(enforcement['suspended'])}起"
            if int(enforcement.get("closed") or 0):
                e += f"，关闭取缔{int(enforcement['closed'])}起"
            parts.append(e + "。")
        else:
            parts.append("暂无立案查处的执法案件。")
    return "".join(parts)


# ---------------------------------------------------------------- 隐患排查治理情况统计表

# Canonical columns of queries/rect_stats_table_by_*.sql -> the national table's headers.
STATS_TABLE_HEADERS: dict[str, str] = {
    "enterprises": "排查单位数（家）",
    "general_total": "一般隐患·隐患数（项）",
    "general_rectified": "一般隐患·已整改（项）",
    "general_rate": "一般隐患·整改率（%）",
    "major_total": "重大隐患·隐患数（项）",
    "major_rectified": "重大隐患·已整改销号（项）",
    "major_rate": "重大隐患·整改率（%）",
    "major_planned": "列入治理计划的重大隐患（项）",
    "planned_targets": "其中·落实治理目标任务",
    "planned_funds": "其中·落实治理经费物资",
    "planned_staff": "其中·落实治理机构人员",
    "planned_time": "其中·落实治理时间",
    "planned_plan": "其中·落实安全措施应急预案",
    "funds_wan": "累计落实治理资金（万元）",
    "major_listed": "其中挂牌督办（重大）（项）",
}
STATS_RATE_COLUMNS = ("general_rate", "major_rate")


def stats_table_display(rows: pd.DataFrame, first_header: str) -> pd.DataFrame:
    """The statistics table with Chinese headers: rates as percentages (one decimal), 万元 with two decimals,
    the first column (label) named first_header ("乡/街道" or "行业领域")."""
    out = rows[["label", *STATS_TABLE_HEADERS]].copy()
    for col in STATS_RATE_COLUMNS:
        out[col] = fmt.percent_column(out[col])
    out["funds_wan"] = pd.to_numeric(out["funds_wan"], errors="coerce").round(2)
    return out.rename(columns={"label": first_header, **STATS_TABLE_HEADERS})
