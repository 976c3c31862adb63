"""Shared page widgets: colours, KPI tiles, charts with their data one click away, and tables
that download as .xlsx (through safetyboard.exports, which neutralises formulas)."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard.exports import table_xlsx
from safetyboard.metrics import Filters

# Red is worse, everywhere; legible on a projector.
WORSE = "#C00000"
BAD = "#E46C0A"
NEUTRAL = "#1F4E79"
GOOD = "#2E7D32"
MUTED = "#8A94A6"
SEQUENCE = ["#1F4E79", "#E46C0A", "#2E7D32", "#7030A0", "#C00000", "#00838F", "#8D6E63", "#5C6BC0", "#9E9D24", "#AD1457"]
REDS = [[0, "#FFF5F0"], [0.25, "#FCBBA1"], [0.5, "#FB6A4A"], [0.75, "#CB181D"], [1, "#67000D"]]
FONT = dict(family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, SimHei, sans-serif", size=15)


def filter_lines(filters: Filters, unit_names: dict[str, str] | None = None) -> list[str]:
    """The filter settings written above an exported table."""
    lines = [f"统计区间：{filters.since:%Y-%m-%d} 至 {filters.as_of:%Y-%m-%d}"]
    if filters.units:
        names = [unit_names.get(c, c) for c in filters.units] if unit_names else list(filters.units)
        lines.append("乡/街道：" + "、".join(names))
    if filters.industries:
        lines.append("行业领域：" + "、".join(filters.industries))
    if filters.departments:
        lines.append("监管部门：" + "、".join(filters.departments))
    return lines


def fmt_rate(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{value * 100:.1f}%"


def fmt_int(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{int(value):,}"


def fmt_yuan(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value / 10000:,.2f} 万元"


def kpi(column, label: str, value: str, delta: str | None = None, worse_when_up: bool = True, help: str | None = None):
    column.metric(label, value, delta=delta, delta_color="inverse" if worse_when_up else "normal", help=help)


def download_name(title: str, suffix: str = ".xlsx") -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_") or "导出"
    return f"{safe}_{dt.date.today():%Y%m%d}{suffix}"


def table(df: pd.DataFrame, title: str, filters: Filters, key: str, height: int | None = None,
          column_config: dict | None = None, unit_names: dict[str, str] | None = None) -> None:
    """A table with an .xlsx download (title row and the filter settings above the table)."""
    st.dataframe(df, hide_index=True, width="stretch", height=height or "auto", column_config=column_config)
    st.download_button(
        "下载 Excel", data=lambda: table_xlsx({title: df}, title=title, filters=filter_lines(filters, unit_names)),
        file_name=download_name(title), mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl_{key}", on_click="ignore")


def chart(fig: go.Figure, df: pd.DataFrame, title: str, filters: Filters, key: str, unit_names=None) -> None:
    """A chart with its data one click away (a 数据 tab) and downloadable."""
    fig.update_layout(font=FONT, margin=dict(l=10, r=10, t=40, b=10), title=dict(text=title, x=0),
                      colorway=SEQUENCE, legend=dict(orientation="h", y=-0.15))
    chart_tab, data_tab = st.tabs(["图表", "数据"])
    with chart_tab:
        st.plotly_chart(fig, width="stretch", key=f"fig_{key}", config={"displaylogo": False})
    with data_tab:
        table(df, title, filters, key, unit_names=unit_names)
