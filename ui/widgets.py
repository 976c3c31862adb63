"""Shared page widgets: colours, KPI tiles, charts with their data one click away, and tables
that download as .xlsx (through safetyboard.exports, which neutralises formulas)."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import formatting as fmt
from safetyboard import rules
from safetyboard.exports import table_xlsx
from safetyboard.metrics import Filters

# Red is worse, everywhere; legible on a projector.
WORSE = "#C00000"
BAD = "#E46C0A"
NEUTRAL = "#1F4E79"
GOOD = "#2E7D32"
MUTED = "#8A94A6"
SEQUENCE = ["#1F4E79", "#E46C0A", "#2E7D32", "#7030A0", "#C00000", "#00838F", "#8D6E63", "#5C6BC0", "#9E9D24", "#AD1457",
            "#4E79A7", "#F28E2B", "#59A14F", "#B07AA1", "#76B7B2", "#EDC948", "#FF9DA7", "#9C755F", "#BAB0AC", "#17BECF"]
REDS = [[0, "#FFF5F0"], [0.25, "#FCBBA1"], [0.5, "#FB6A4A"], [0.75, "#CB181D"], [1, "#67000D"]]
FONT = dict(family="Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, SimHei, sans-serif", size=15)


def filter_lines(filters: Filters, unit_names: dict[str, str] | None = None) -> list[str]:
    """The filter settings written above an exported table."""
    lines = [f"统计区间：{filters.since:%Y-%m-%d} 至 {filters.as_of:%Y-%m-%d}"]
    if filters.units:
        unit_names = unit_names or {u.code: u.name for u in rules.units()}   # names, never codes
        lines.append("乡/街道：" + "、".join(unit_names.get(c, c) for c in filters.units))
    if filters.industries:
        lines.append("行业领域：" + "、".join(filters.industries))
    if filters.departments:
        lines.append("监管部门：" + "、".join(filters.departments))
    return lines


def kpi(column, label: str, value: str, delta: str | None = None, worse_when_up: bool | None = True,
        help: str | None = None):
    """worse_when_up: True (red when it rises), False (red when it falls), None (a neutral grey change)."""
    colour = "off" if worse_when_up is None else ("inverse" if worse_when_up else "normal")
    column.metric(label, value, delta=delta, delta_color=colour, help=help)


def download_name(title: str, suffix: str = ".xlsx") -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", title).strip("_") or "导出"
    return f"{safe}_{dt.date.today():%Y%m%d}{suffix}"


# Rows of a long list drawn on a page (the rest are in its Excel download): a list's bytes go to the browser
# on every run, and at 1M hazards an unbounded list was megabytes.
LIST_SHOWN_ROWS = 200


def limited_note(rows: pd.DataFrame, what: str, hint: str = "") -> None:
    """Say when a query cut its list at its row limit (rows carry total_rows, the count before the limit)."""
    total = int(rows["total_rows"].iloc[0]) if len(rows) else 0
    if total > len(rows):
        st.warning(f"{what}共 {fmt.count(total)} 条，仅显示前 {fmt.count(len(rows))} 条（下载的 Excel 同样为这些行）"
                   + (f"；{hint}" if hint else "。"))


def table(df: pd.DataFrame, title: str, filters: Filters, key: str, height: int | None = None,
          column_config: dict | None = None, unit_names: dict[str, str] | None = None,
          shown_rows: int | None = None, prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> None:
    """A table with an .xlsx download (title row and the filter settings above the table).

    shown_rows: draw only the first rows (a long list's bytes go to the browser on every run); the download
    still holds every row. prepare: columns added per row (the 一企一档 links), applied to the rows drawn and, on
    download, to every row (links for a whole city-wide list cost 执法检查 about 1 s per run). An empty table is drawn as
    a static table: the data grid would write "empty"."""
    prepare = prepare or (lambda rows: rows)
    if df.empty:
        st.table(prepare(df).reset_index(drop=True).style.hide(axis="index"))
        return
    if shown_rows is not None and len(df) > shown_rows:
        st.caption(f"表中显示前 {fmt.count(shown_rows)} 条，共 {fmt.count(len(df))} 条；下载的 Excel 含全部 {fmt.count(len(df))} 条。")
    st.dataframe(prepare(df if shown_rows is None else df.head(shown_rows)), hide_index=True, width="stretch",
                 height=height or "auto", column_config=column_config, placeholder="—")
    st.download_button(
        "下载 Excel", data=lambda: table_xlsx({title: prepare(df)}, title=title, filters=filter_lines(filters, unit_names)),
        file_name=download_name(title), mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"dl_{key}", on_click="ignore")


# Date axes in Chinese (plotly's own labels are "Apr 2022"): d3 formats by tick spacing; %-m drops the leading 0.
DAY_MS = 86_400_000
DATE_TICKS = [dict(dtickrange=[None, DAY_MS * 28], value="%-m月%-d日"),
              dict(dtickrange=[DAY_MS * 28, "M12"], value="%Y年%-m月"),
              dict(dtickrange=["M12", None], value="%Y年")]
DATE_HOVER = "%Y年%-m月%-d日"


def _is_dates(values) -> bool:
    if values is None or len(values) == 0:
        return False
    first = next((v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))), None)
    return isinstance(first, (dt.date, pd.Timestamp)) or (hasattr(first, "dtype") and first.dtype.kind == "M") \
        or pd.api.types.is_datetime64_any_dtype(getattr(values, "dtype", None))


def chinese_date_axes(fig: go.Figure) -> go.Figure:
    """Chinese tick and hover labels on every x axis that carries dates."""
    axes = {getattr(t, "xaxis", None) or "x" for t in fig.data if _is_dates(getattr(t, "x", None))}
    for ref in axes:
        name = "xaxis" if ref == "x" else f"xaxis{ref[1:]}"
        fig.layout[name].update(tickformat=None, tickformatstops=DATE_TICKS, hoverformat=DATE_HOVER)
    return fig


def chart(fig: go.Figure, df: pd.DataFrame, title: str, filters: Filters, key: str, unit_names=None) -> None:
    """A chart with its data one click away (a 数据 tab) and downloadable."""
    fig.update_layout(font=FONT, margin=dict(l=10, r=10, t=40, b=10), title=dict(text=title, x=0),
                      colorway=SEQUENCE, legend=dict(orientation="h", y=-0.15))
    chinese_date_axes(fig)
    (chart_tab, chart_open), (data_tab, data_open) = lazy_tabs(["图表", "数据"], key)
    if chart_open:
        with chart_tab:
            st.plotly_chart(fig, width="stretch", key=f"fig_{key}", config={"displaylogo": False})
    if data_open:
        with data_tab:
            table(df, title, filters, key, unit_names=unit_names)


LAZY_TABS_KEY = "tabs_"   # session-state key prefix of a lazy_tabs group


def lazy_tabs(labels: list[str], key: str) -> list[tuple]:
    """st.tabs whose hidden tabs are not drawn: (tab, is_open) per label; choosing a tab reruns the page (its
    queries cached) and draws that one. Streamlit sends a hidden tab's content on every run: 隐患整改 at 1M
    hazards sent 8 grids, none of them in view. Not for a tab holding a selection widget: its state is dropped while the
    tab is hidden. Where the state is unknown (None), every tab is drawn."""
    tabs = st.tabs(labels, key=LAZY_TABS_KEY + key, on_change="rerun")
    return [(tab, tab.open is not False) for tab in tabs]


def status_grid(cells: pd.DataFrame, rows: list, cols: list, colours: dict[str, str]) -> go.Figure:
    """A rows x cols grid of coloured cells; `cells` has columns row, col, state (a key of colours), text."""
    n = len(colours)
    code = {state: i for i, state in enumerate(colours)}
    state = cells.pivot(index="row", columns="col", values="state").reindex(index=rows, columns=cols)
    text = cells.pivot(index="row", columns="col", values="text").reindex(index=rows, columns=cols)
    z = [[code.get(v) if isinstance(v, str) else None for v in r] for r in state.itertuples(index=False)]
    labels = [[v if isinstance(v, str) else "" for v in r] for r in text.itertuples(index=False)]
    scale = [stop for i, c in enumerate(colours.values()) for stop in ([i / n, c], [(i + 1) / n, c])]
    fig = go.Figure(go.Heatmap(z=z, x=cols, y=rows, text=labels, texttemplate="%{text}", colorscale=scale,
                               zmin=-0.5, zmax=n - 0.5, showscale=False, xgap=2, ygap=2,
                               hovertemplate="%{y}　%{x}<br>%{text}<extra></extra>"))
    height = 120 + 30 * len(rows)
    fig.update_xaxes(type="category", side="top")
    # leave room under the chart title for the column labels on top
    fig.update_yaxes(type="category", autorange="reversed", domain=[0, 1 - 36 / (height - 50)])
    fig.update_layout(height=height)
    return fig


# Phone and map layout, in the browser:
# - KPI tiles two per row on a narrow screen (Streamlit stacks columns one per row below 640 px);
# - a map figure whose layout.meta carries fit_bounds [west, south, east, north] and the server's zoom is fitted
#   to its drawn size (MapLibre's own fitBounds): the server cannot know the width, and a zoom for a desktop
#   width crops the district on a phone. Refitted when a redraw puts the server's view back or the width
#   changes, not after the user zooms.
_LAYOUT = """
<style>
@media (max-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: wrap !important; row-gap: 0.75rem !important; column-gap: 0.75rem !important; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
    flex: 0 0 calc(50% - 0.375rem) !important; min-width: calc(50% - 0.375rem) !important;
    width: calc(50% - 0.375rem) !important; }
  [data-testid="stMetricValue"] { font-size: 1.6rem !important; }
}
</style>
<script>
(function () {
  if (window.__safetyboardFit) return;
  window.__safetyboardFit = true;
  function fit() {
    document.querySelectorAll('.js-plotly-plot').forEach(function (el) {
      var meta = el.layout && el.layout.meta, b = meta && meta.fit_bounds;
      var sub = el._fullLayout && el._fullLayout.map && el._fullLayout.map._subplot;
      if (!b || !sub || !sub.map) return;
      var m = sub.map;
      if (!m.__sbHooked) { m.__sbHooked = true; m.on('moveend', schedule); m.on('resize', schedule); m.on('load', schedule); }
      // fitted when the map shows the server's view (a redraw puts it back) or has a new width; a view the
      // user zoomed to is left alone; retried while a fit has not taken (the map may not be ready)
      // the map's box; MapLibre's canvas can keep an earlier size until told (then the view is cropped)
      var width = m.getContainer().clientWidth;
      if (width && Math.abs(width - m.getCanvas().clientWidth) > 1) { try { m.resize(); } catch (e) {} }
      var cam = width && m.cameraForBounds([[b[0], b[1]], [b[2], b[3]]], {padding: 12});
      if (!cam) return;
      var near = function (z) { return Math.abs(m.getZoom() - z) < 0.05; };
      var resized = el.__sbFitWidth !== width;
      if (!(resized || near(meta.zoom)) || (!resized && near(cam.zoom))) return;
      el.__sbFitWidth = width;
      el.__sbFitZoom = cam.zoom;
      try { m.jumpTo(cam); } catch (e) { return; }
      // plotly puts the layout's view back on every redraw and records only views a user moved to: record ours
      var c = m.getCenter(), view = {center: {lon: c.lng, lat: c.lat}, zoom: m.getZoom()};
      [el.layout.map, el._fullLayout.map, el._fullLayout.map._input].forEach(function (o) {
        if (o) { o.center = view.center; o.zoom = view.zoom; }
      });
    });
  }
  var pending = false;
  function schedule() {
    if (!pending) { pending = true; setTimeout(function () { pending = false; fit(); }, 100); }
  }
  new MutationObserver(schedule).observe(document.body, {childList: true, subtree: true});
  window.addEventListener('resize', schedule);
  setInterval(fit, 500);   // a redraw that neither changes the DOM nor moves the map (cheap: a few comparisons)
})();
</script>
"""


def install_layout() -> None:
    """Once per page run (ui/frame.setup); the script installs its observer once per browser tab."""
    st.html(_LAYOUT, unsafe_allow_javascript=True)
