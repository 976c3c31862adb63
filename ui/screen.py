"""The meeting screen (大屏): a dark 1920x1080 view with big KPIs, the 乡/街道 map in the centre and panels
around it, rotating through views by itself. pages/screen.py wires it; everything visible is built here.

Queries go through ui.data.query (the cache key holds the data version), and the as-of date is looked up
again on every rotation when the URL does not fix it, so newly imported data shows without a reload."""
from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import config, district, maps, rules
from safetyboard import formatting as fmt
from safetyboard.formatting import cn_date
from safetyboard.metrics import Filters

from . import data
from .frame import Page

# The queries/ files this module runs for the pages (tests/test_query_usage.py holds it to this list).
QUERIES = ("enforcement_by_measure", "enforcement_by_unit", "enforcement_summary", "hazard_summary", "hazards_by_unit",
           "latest_data_date", "overdue_and_upcoming_hazards", "recheck_coverage_total", "recheck_grid",
           "rectification_by_week", "supervision_coverage", "top_overdue_units")

DEFAULT_INTERVAL = 20
MIN_INTERVAL, MAX_INTERVAL = 2, 3600

BG = "#0A1628"
PANEL = "#111F36"
TEXT = "#E6EDF7"
DIM = "#8FA3BF"
RED = "#FF5A5A"
ORANGE = "#FFA94D"
GREEN = "#4CC38A"
BLUE = "#4DA3FF"
FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, SimHei, sans-serif"

# Heights (px) that make the screen fit 1920x1080 with no scrolling.
MAP_HEIGHT = 800
PANEL_HEIGHT = 750
LIST_ROWS = 8            # rows of a list panel that fit PANEL_HEIGHT (with the "另有" line)

CSS = f"""
<style>
:root {{ color-scheme: dark; }}
html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    background: {BG} !important; color: {TEXT};
}}
/* no Streamlit chrome on the screen */
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stStatusWidget"], [data-testid="stBottom"], footer, #MainMenu {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
    padding: 12px 24px 0 24px !important; max-width: 100% !important;
}}
[data-testid="stVerticalBlock"] {{ gap: 10px !important; }}
[data-testid="stHorizontalBlock"] {{ gap: 18px !important; }}
/* the frame's banners above the title, its page title and date caption: the screen header replaces them
   (演示模式 is said in the footer) */
[data-testid="stElementContainer"]:has([data-testid="stAlert"]):has(~ [data-testid="stElementContainer"] h1),
[data-testid="stElementContainer"]:has(h1),
[data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {{ display: none !important; }}
.scr, .scr * {{ font-family: {FONT}; box-sizing: border-box; }}
.scr-head {{ display: flex; align-items: center; justify-content: space-between; height: 64px;
             border-bottom: 2px solid #1E3A5F; }}
.scr-title {{ font-size: 38px; font-weight: 700; letter-spacing: 2px; color: {TEXT}; }}
.scr-view {{ font-size: 30px; color: {ORANGE}; font-weight: 700; }}
.scr-view small {{ font-size: 20px; color: {DIM}; margin-left: 10px; font-weight: 400; }}
.scr-time {{ text-align: right; line-height: 1.15; }}
.scr-clock {{ font-size: 34px; font-weight: 700; color: {TEXT}; font-variant-numeric: tabular-nums; }}
.scr-asof {{ font-size: 18px; color: {DIM}; }}
.scr-kpis {{ display: grid; grid-template-columns: repeat(9, 1fr); gap: 14px; }}
.scr-kpi .kind {{ color: {DIM}; font-size: 14px; }}
.scr-kpi {{ background: {PANEL}; border-radius: 8px; padding: 8px 14px; height: 118px; border-top: 4px solid {BLUE}; }}
.scr-kpi.bad {{ border-top-color: {RED}; }} .scr-kpi.warn {{ border-top-color: {ORANGE}; }}
.scr-kpi.good {{ border-top-color: {GREEN}; }}
.scr-kpi .lab {{ font-size: 22px; color: {DIM}; white-space: nowrap; }}
.scr-kpi .val {{ font-size: 56px; font-weight: 700; line-height: 1.1; color: {TEXT}; white-space: nowrap;
                 font-variant-numeric: tabular-nums; }}
.scr-kpi.bad .val {{ color: {RED}; }} .scr-kpi.good .val {{ color: {GREEN}; }} .scr-kpi.warn .val {{ color: {ORANGE}; }}
.scr-kpi .val small {{ font-size: 24px; color: {DIM}; margin-left: 4px; }}
.scr-panel-title {{ font-size: 26px; font-weight: 700; color: {TEXT}; border-left: 6px solid {ORANGE};
                    padding-left: 10px; height: 36px; }}
.scr-list {{ height: {PANEL_HEIGHT}px; overflow: hidden; }}
.scr-row {{ display: flex; justify-content: space-between; align-items: baseline; padding: 9px 6px;
            border-bottom: 1px solid #1E3A5F; font-size: 24px; color: {TEXT}; }}
.scr-row .who {{ overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 72%; }}
.scr-row .num {{ font-weight: 700; color: {RED}; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.scr-row .num.ok {{ color: {GREEN}; }}
.scr-row .sub {{ display: block; font-size: 17px; color: {DIM}; }}
.scr-empty {{ font-size: 26px; color: {GREEN}; padding: 40px 10px; }}
.scr-foot {{ display: flex; justify-content: space-between; font-size: 16px; color: {DIM}; height: 22px; }}
.scr-dots span {{ display: inline-block; width: 14px; height: 14px; border-radius: 7px; margin-right: 8px;
                  background: #2A4466; vertical-align: middle; }}
.scr-dots span.on {{ background: {ORANGE}; }}
.scr-dots span.scr-legend {{ width: auto; height: auto; background: none; margin-left: 16px; }}
</style>
"""

# The clock ticks in the browser; the server writes the time of the last rotation as a fallback.
CLOCK_JS = """
<script>
if (!window.__safetyboardClock) {
  window.__safetyboardClock = setInterval(function () {
    var el = document.getElementById('scr-clock');
    if (!el) return;
    var d = new Date(), p = function (n) { return String(n).padStart(2, '0'); };
    el.textContent = p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
  }, 1000);
}
</script>
"""


def style() -> None:
    st.markdown(CSS, unsafe_allow_html=True)


def interval_from_url() -> int:
    """Seconds per view from ?interval=N (default 20, kept within 2..3600)."""
    try:
        value = int(float(st.query_params.get("interval", DEFAULT_INTERVAL)))
    except (TypeError, ValueError):
        value = DEFAULT_INTERVAL
    return max(MIN_INTERVAL, min(MAX_INTERVAL, value))


# ---------------------------------------------------------------- numbers


def follow_data() -> bool:
    """Whether the as-of date follows the data: the screen was opened without ?as_of=. Decided on the
    session's first run (later full reruns may find the frame's stale date written into the URL)."""
    state = st.session_state
    if "screen_follow_data" not in state:
        state.screen_follow_data = "as_of" not in st.query_params
    return state.screen_follow_data


def current_params(page: Page) -> dict:
    """The filter set of this rotation: the as-of date follows the data unless the URL fixes it."""
    f = page.filters
    as_of = f.as_of
    if follow_data():
        rows = data.query(page.store, "latest_data_date", {"today": dt.date.today()}, page.principal)
        latest = rows["latest"].iloc[0] if len(rows) else None
        if latest is not None and not pd.isna(latest):
            as_of = pd.Timestamp(latest).date()
    since = min(f.since, as_of)
    return Filters(since, as_of, f.units, f.industries, f.departments).params()


def q(page: Page, params: dict, name: str, **extra) -> pd.DataFrame:
    return data.query(page.store, name, {**params, **extra}, page.principal)


def q_district(page: Page, params: dict, name: str, **extra) -> pd.DataFrame:
    """Like Page.district_query: the 乡/街道 filter does not narrow 督导 views (a 乡/街道 account sees its own)."""
    return q(page, params, name, **{**extra, "units": []})


def _num(value) -> float | None:
    return None if fmt.missing(value) else float(value)


# ---------------------------------------------------------------- pieces


def header(view_title: str, index: int, count: int, as_of: dt.date, interval: int) -> None:
    now = dt.datetime.now()
    st.html(
        f'<div class="scr scr-head">'
        f'<div class="scr-title">{html.escape(district.current().name)}安全生产大检查</div>'
        f'<div class="scr-view" id="scr-view" data-view="{index}">{html.escape(view_title)}'
        f'<small>{index + 1}/{count}　每{interval}秒切换</small></div>'
        f'<div class="scr-time"><div class="scr-clock" id="scr-clock">{now:%H:%M:%S}</div>'
        f'<div class="scr-asof">数据截至 {cn_date(as_of)}</div></div></div>' + CLOCK_JS,
        unsafe_allow_javascript=True)


def kpi_strip(hazards: dict, cases: dict, recheck: dict, as_of: dt.date) -> None:
    period, at_a = "本期", f"截至{as_of.month}月{as_of.day}日"     # flows over [S, A]; stocks at A

    def tile(label: str, value: str, unit: str = "", tone: str = "", kind: str = period) -> str:
        small = f"<small>{unit}</small>" if unit else ""
        return (f'<div class="scr-kpi {tone}"><div class="lab">{label}</div>'
                f'<div class="val">{value}{small}</div><div class="kind">{kind}</div></div>')

    rate = _num(hazards.get("rectification_rate"))
    coverage = _num(recheck.get("coverage"))
    overdue = _num(hazards.get("overdue")) or 0
    tiles = [
        tile("隐患总数", fmt.count(hazards.get("total")), "处"),
        tile("整改率", fmt.percent(rate, sign=False), "%" if rate is not None else "",
             "" if rate is None else ("good" if rate >= 0.9 else ("warn" if rate >= 0.6 else "bad"))),
        tile("重大隐患", fmt.count(hazards.get("major")), "处", "warn" if _num(hazards.get("major")) else ""),
        tile("逾期未整改", fmt.count(hazards.get("overdue")), "处", "bad" if overdue else "good", at_a),
        tile("未定整改时限", fmt.count(hazards.get("no_deadline")), "处", "warn" if _num(hazards.get("no_deadline")) else "", at_a),
        tile("挂牌督办", fmt.count(hazards.get("listed")), "处", "warn" if _num(hazards.get("listed")) else ""),
        tile("执法案件", fmt.count(cases.get("cases")), "起", kind="本期·案件台账"),
        tile("罚款", fmt.wan(cases.get("fines_yuan"), digits=1), "万元", kind="本期·案件台账"),
        tile("回头看覆盖率", fmt.percent(coverage, sign=False), "%" if coverage is not None else "",
             "" if coverage is None else ("good" if coverage >= 1 else ("warn" if coverage >= 0.6 else "bad")), at_a),
    ]
    st.html('<div class="scr scr-kpis">' + "".join(tiles) + "</div>")


def panel_title(text: str) -> None:
    st.html(f'<div class="scr scr-panel-title">{html.escape(text)}</div>')


def rows_list(rows: list[tuple[str, str, str | None, bool]], empty: str, total: int | None = None) -> None:
    """(who, number, sub line, ok) rows in large type; at most what fits the panel. total: how many there
    are in all when rows is already cut (the query's count)."""
    total = len(rows) if total is None else total
    if not rows:
        st.html(f'<div class="scr scr-list"><div class="scr-empty">{html.escape(empty)}</div></div>')
        return
    items = []
    for who, num, sub, ok in rows[:LIST_ROWS]:
        sub_html = f'<span class="sub">{html.escape(sub)}</span>' if sub else ""
        items.append(f'<div class="scr-row"><div class="who">{html.escape(who)}{sub_html}</div>'
                     f'<div class="num{" ok" if ok else ""}">{html.escape(num)}</div></div>')
    shown = min(len(rows), LIST_ROWS)
    more = f'<div class="scr-row"><div class="who" style="color:{DIM}">另有 {total - shown} 项……</div></div>' \
        if total > shown else ""
    st.html('<div class="scr scr-list">' + "".join(items) + more + "</div>")


def dark_layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        template="plotly_dark", paper_bgcolor="rgba(0,0,0,0)", plot_bgcolor="rgba(0,0,0,0)", height=height,
        font=dict(family=FONT, size=20, color=TEXT), margin=dict(l=10, r=20, t=10, b=10),
        legend=dict(orientation="h", y=1.04, x=0, font=dict(size=18)), showlegend=True)
    fig.update_xaxes(gridcolor="#1E3A5F", zerolinecolor="#1E3A5F")
    fig.update_yaxes(gridcolor="#1E3A5F", zerolinecolor="#1E3A5F")
    return fig


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, theme=None, width="stretch", key=key,
                    config={"displayModeBar": False, "scrollZoom": False, "doubleClick": False})


def hbar(labels: list[str], values: list[float], texts: list[str], colours: list[str], height: int = PANEL_HEIGHT,
         x_range: tuple[float, float] | None = None) -> go.Figure:
    fig = go.Figure(go.Bar(y=labels, x=values, orientation="h", marker_color=colours, text=texts,
                           textposition="outside", cliponaxis=False, textfont=dict(size=20, color=TEXT),
                           hoverinfo="skip"))
    dark_layout(fig, height).update_layout(showlegend=False, margin=dict(l=10, r=90, t=10, b=10))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=20))
    fig.update_xaxes(showticklabels=False, showgrid=False, range=list(x_range) if x_range else None)
    return fig


# The map: the offline choropleth of safetyboard.maps on a dark background: plotly's built-in "white-bg"
# style with another colour. No tiles; the glyphs URL (the one plotly's own white-bg carries, MapLibre needs
# an absolute one) is never fetched because the labels are CJK only, which MapLibre draws with the browser's
# local fonts. tests/browser/test_screen.py checks that no request leaves the machine.
DARK_MAP_STYLE = {
    "id": "safetyboard-dark", "version": 8, "sources": {},
    "layers": [{"id": "dark-bg", "type": "background", "paint": {"background-color": BG}}],
    "glyphs": "https://fonts.openmaptiles.org/{fontstack}/{range}.pbf",
}


# Colour scales readable on the dark background (white labels stay legible on every colour).
DARK_REDS = [[0, "#1B3350"], [0.35, "#6E2C3C"], [0.7, "#C8413A"], [1, "#FF6B5A"]]
DARK_BLUES = [[0, "#1B3350"], [1, "#4DA3FF"]]
NO_DATA = "#2A3B52"
MAP_WIDTH = 820   # about the centre column's width at 1920 px


def unit_map(values: pd.DataFrame, label: str, higher_is_worse: bool = True, colorscale=None,
             show_scale: bool = True, z_range: tuple[float, float] | None = None) -> tuple[go.Figure | None, str]:
    try:
        boundaries, _schematic, source = maps.active_boundaries(config.DATA_DIR, resolve_unit=rules.resolve_unit)
    except maps.BoundaryError as exc:
        return None, f"无法绘制地图：{exc}"
    fig = maps.choropleth_figure(boundaries, values, label, higher_is_worse=higher_is_worse, source_label="",
                                 height=MAP_HEIGHT)
    lat, lon, zoom = maps.map_center_zoom(boundaries, width_px=MAP_WIDTH, height_px=MAP_HEIGHT - 160)
    fig.update_layout(map_style=DARK_MAP_STYLE, map_center=dict(lat=lat, lon=lon), map_zoom=zoom + 0.3,
                      paper_bgcolor="rgba(0,0,0,0)", font=dict(family=FONT, color=TEXT, size=18))
    for trace in fig.data:
        if trace.type != "choroplethmap":
            trace.textfont = dict(size=19, color="#FFFFFF")
        elif trace.showscale is False:                     # the grey 暂无数据 layer
            trace.colorscale = [[0, NO_DATA], [1, NO_DATA]]
            trace.marker.line.color = BG
        else:
            trace.colorscale = colorscale or DARK_REDS
            trace.marker.line.color = BG
            trace.marker.line.width = 2
            trace.marker.opacity = 1
            trace.showscale = show_scale
            if z_range:
                trace.zmin, trace.zmax = z_range
            top = pd.to_numeric(values["value"], errors="coerce").max()
            integer = bool(pd.to_numeric(values["value"], errors="coerce").dropna().mod(1).eq(0).all())
            top = 1 if pd.isna(top) or not top else top   # no hazards in the filter: an empty scale
            trace.colorbar = dict(dtick=max(1, -(-int(top) // 5)) if integer and not z_range else None,
                                  orientation="h", x=0.5, xanchor="center", y=0.02, yanchor="bottom", len=0.55,
                                  thickness=16, outlinewidth=0, tickfont=dict(color=TEXT, size=18),
                                  title=dict(text=label, side="top", font=dict(color=TEXT, size=18)))
    return fig, source


# ---------------------------------------------------------------- views


@dataclass(frozen=True)
class View:
    key: str
    title: str
    draw: Callable[[Page, dict, dict], None]
    queries: tuple[str, ...]          # what it runs: a view the principal may not run is left out


def _map_block(values: pd.DataFrame, label: str, key: str, **options) -> str:
    fig, source = unit_map(values, label, **options)
    if fig is None:
        st.html(f'<div class="scr scr-empty" style="color:{RED}">{html.escape(source)}</div>')
        return ""
    show(fig, key)
    return source


def view_rectification(page: Page, p: dict, ctx: dict) -> None:
    by_unit = q(page, p, "hazards_by_unit")
    left, centre, right = st.columns([1.05, 1.7, 1.05])
    with left:
        panel_title("各乡/街道整改率（本期）")
        rows = by_unit.assign(rate=pd.to_numeric(by_unit["rectification_rate"], errors="coerce"))
        rows = rows.sort_values("rate", na_position="last")
        overall = _num(ctx["hazards"].get("rectification_rate"))
        colours = [DIM if pd.isna(r) else (RED if overall is not None and r < overall else BLUE) for r in rows["rate"]]
        texts = ["暂无" if pd.isna(r) else f"{fmt.percent(r)}（{t}）" for r, t in zip(rows["rate"], rows["total"])]
        show(hbar(rows["unit"].tolist(), fmt.in_percent(rows["rate"].fillna(0)).tolist(), texts, colours, x_range=(0, 100)),
             "scr_rect_units")
    with centre:
        rates = pd.to_numeric(by_unit["rectification_rate"], errors="coerce")
        values = pd.DataFrame({"code": by_unit["code"], "value": fmt.in_percent(rates)})
        values["label_text"] = ["暂无数据" if fmt.missing(r) else fmt.percent(r) for r in rates]
        ctx["source"] = _map_block(values, "整改率（%）", "scr_map_rect", higher_is_worse=False)
    with right:
        panel_title("每周发现与整改（近12周）")
        weekly = q(page, p, "rectification_by_week").tail(12)
        fig = go.Figure()
        x = [f"{d.month}/{d.day}" for d in pd.to_datetime(weekly["week_start"])]
        fig.add_bar(x=x, y=weekly["found"], name="新发现", marker_color=ORANGE)
        fig.add_bar(x=x, y=weekly["rectified"], name="完成整改", marker_color=GREEN)
        dark_layout(fig, PANEL_HEIGHT).update_layout(barmode="group", bargap=0.25)
        fig.update_xaxes(tickfont=dict(size=16))
        top = max([1, *weekly["found"], *weekly["rectified"]])
        fig.update_yaxes(dtick=max(1, -(-int(top) // 6)), rangemode="tozero")
        show(fig, "scr_weekly")


def view_overdue(page: Page, p: dict, ctx: dict) -> None:
    by_unit = q(page, p, "hazards_by_unit")
    left, centre, right = st.columns([1.05, 1.7, 1.05])
    with left:
        panel_title(f"逾期未整改最多的乡/街道（截至{p['as_of'].month}月{p['as_of'].day}日）")
        top = q(page, p, "top_overdue_units", top_n=20)
        rows_list([(r.unit, f"{int(r.overdue)} 处", f"最长逾期 {int(r.max_days_overdue)} 天", False)
                   for r in top.itertuples()],
                  "无逾期未整改隐患")
    with centre:
        values = pd.DataFrame({"code": by_unit["code"], "value": by_unit["overdue"].astype(float)})
        values["label_text"] = [f"{int(v)}" for v in values["value"]]
        ctx["source"] = _map_block(values, "逾期未整改（处）", "scr_map_overdue")
    with right:
        panel_title("逾期时间最长的隐患")
        rows = q(page, p, "overdue_and_upcoming_hazards", row_limit=LIST_ROWS)
        total = int(rows["overdue_rows"].iloc[0]) if len(rows) else 0
        rows = rows[rows["kind"] == "overdue"]
        rows_list([(f"{r.unit} {r.enterprise}", f"{int(r.days_overdue)} 天",
                    f"{r.description}（{r.level}）", False) for r in rows.itertuples()], "无逾期未整改隐患", total)


def view_enforcement(page: Page, p: dict, ctx: dict) -> None:
    by_unit = q(page, p, "enforcement_by_unit")
    cases = ctx["cases"]
    left, centre, right = st.columns([1.05, 1.7, 1.05])
    with left:
        panel_title("执法检查成效（本期·案件台账）")
        rows_list([
            ("立案查处", f"{fmt.count(cases.get('cases'))} 起", None, True),
            ("罚款", f"{fmt.wan(cases.get('fines_yuan'), digits=1)} 万元", None, True),
            ("责令停产停业整顿", f"{fmt.count(cases.get('suspended'))} 起", None, True),
            ("关闭取缔", f"{fmt.count(cases.get('closed'))} 起", None, True),
            ("移送司法", f"{fmt.count(cases.get('transferred'))} 起", None, True),
            ("典型案例", f"{fmt.count(cases.get('typical'))} 起", None, True),
            ("曝光", f"{fmt.count(cases.get('exposed'))} 起", None, True),
        ], "暂无执法案件")
    with centre:
        values = pd.DataFrame({"code": by_unit["code"], "value": by_unit["cases"].astype(float)})
        values["label_text"] = [f"{int(v)} 起" for v in values["value"]]
        ctx["source"] = _map_block(values, "执法案件（起）", "scr_map_enf", colorscale=DARK_BLUES)
    with right:
        panel_title("按处罚种类（起）")
        measures = q(page, p, "enforcement_by_measure")
        if measures.empty:
            rows_list([], "暂无执法案件")
        else:
            top = float(measures["cases"].max())
            show(hbar(measures["measure"].tolist(), measures["cases"].astype(float).tolist(),
                      [str(v) for v in measures["cases"]], [BLUE] * len(measures), x_range=(0, top * 1.25)),
                 "scr_measures")


def view_recheck(page: Page, p: dict, ctx: dict) -> None:
    coverage = q_district(page, p, "supervision_coverage")
    grid = q_district(page, p, "recheck_grid")
    left, centre, right = st.columns([1.05, 1.7, 1.05])
    with left:
        panel_title("各督导组“回头看”覆盖率")
        rates = pd.to_numeric(coverage["coverage"], errors="coerce")
        colours = [DIM if pd.isna(r) else (GREEN if r >= 1 else (RED if r < 0.5 else ORANGE)) for r in rates]
        texts = ["无分工" if pd.isna(r) else f"{fmt.percent(r, digits=0)}（{c}/{a}）"
                 for r, c, a in zip(rates, coverage["covered"], coverage["assigned"])]
        show(hbar(coverage["group"].tolist(), fmt.in_percent(rates.fillna(0)).tolist(), texts, colours, x_range=(0, 100)),
             "scr_coverage")
    with centre:
        units = grid[grid["target_kind"] == "乡/街道"]
        reached = units.groupby("target")["reached"].all() if len(units) else pd.Series(dtype=bool)
        codes = {u.name: u.code for u in rules.units()}
        values = pd.DataFrame({"code": [codes[n] for n in reached.index if n in codes],
                               "value": [1.0 if ok else 0.0 for n, ok in reached.items() if n in codes]})
        values["label_text"] = ["已回头看" if v else "未回头看" for v in values["value"]]
        ctx["legend"] = "地图：绿色＝已回头看，红色＝尚未回头看，灰色＝不是督导组分工对象"
        ctx["source"] = _map_block(values, "回头看", "scr_map_recheck", show_scale=False, z_range=(0, 1),
                                   colorscale=[[0, RED], [0.5, RED], [0.5, GREEN], [1, GREEN]])
    with right:
        panel_title("尚未“回头看”的分工对象")
        missing = grid[~grid["reached"].astype(bool)] if len(grid) else grid
        rows_list([(r.target, r.group.replace("督导组", "组"), r.target_kind, False) for r in missing.itertuples()],
                  "分工对象均已“回头看”" if len(grid) else "尚未导入督导组分工")


VIEWS: tuple[View, ...] = (
    View("rectification", "隐患整改", view_rectification, ("hazards_by_unit", "rectification_by_week")),
    View("overdue", "逾期未整改", view_overdue, ("hazards_by_unit", "top_overdue_units", "overdue_and_upcoming_hazards")),
    View("enforcement", "执法检查", view_enforcement, ("enforcement_by_unit", "enforcement_by_measure")),
    View("recheck", "督导“回头看”", view_recheck, ("supervision_coverage", "recheck_grid")),
)


def views_for(page: Page) -> tuple[View, ...]:
    return tuple(v for v in VIEWS if all(page.can(name) for name in v.queries))


def next_view_index(count: int) -> int:
    """Each run of the rotating fragment shows the next view; ?view=N (1-based) picks the first one."""
    state = st.session_state
    if "screen_tick" not in state:
        try:
            first = int(st.query_params.get("view", "1")) - 1
        except ValueError:
            first = 0
        state.screen_tick = first % count
    else:
        state.screen_tick = (state.screen_tick + 1) % count
    return state.screen_tick


def render(page: Page, interval: int) -> None:
    views = views_for(page)
    index = next_view_index(len(views))
    view = views[index]
    p = current_params(page)
    ctx = {
        "hazards": _first(q(page, p, "hazard_summary")),
        "cases": _first(q(page, p, "enforcement_summary")),
        "recheck": _first(q_district(page, p, "recheck_coverage_total")) if page.can("recheck_coverage_total") else {},
    }
    header(view.title, index, len(views), p["as_of"], interval)
    kpi_strip(ctx["hazards"], ctx["cases"], ctx["recheck"], p["as_of"])
    view.draw(page, p, ctx)
    dots = "".join(f'<span class="{"on" if i == index else ""}"></span>' for i in range(len(views)))
    legend = html.escape(("演示模式　" if page.principal.demo and page.principal.is_admin else "") + (ctx.get("legend") or ""))
    source = html.escape(ctx.get("source") or "")
    st.html(f'<div class="scr scr-foot"><div class="scr-dots">{dots}<span class="scr-legend">{legend}</span></div>'
            f'<div>{source}</div></div>')


def _first(frame: pd.DataFrame) -> dict:
    return frame.iloc[0].to_dict() if len(frame) else {}
