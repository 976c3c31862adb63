"""The meeting screen (大屏): a dark view sized in viewport units with big KPIs (and their change over 7 days),
the 乡/街道 map in the centre and panels around it, rotating through views by itself. pages/screen.py wires it; everything visible is built here.
A city instance rotates through views of its own (city_views): the same tiles city-wide, the 区县 红黑榜, each
county's 数据截至, and the 重大/挂牌 and 未报送 views read city-wide, without the 乡/街道 map.

Queries go through ui.data.query (the cache key holds the data version), and the as-of date is looked up
again on every rotation when the URL does not fix it, so newly imported data shows without a reload."""
from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.colors as pcolors
import plotly.graph_objects as go
import streamlit as st

from safetyboard import city, config, district, maps, overview_text, rules
from safetyboard import formatting as fmt
from safetyboard.formatting import cn_date
from safetyboard.metrics import Filters

from . import data
from .frame import Page

# The queries/ files this module runs for the pages (tests/test_query_usage.py holds it to this list).
QUERIES = ("accident_summary", "county_packages", "county_summary", "enforcement_by_measure", "enforcement_by_unit",
           "enforcement_summary", "hazard_summary", "hazards_by_unit", "latest_data_date", "listed_hazards", "major_and_listed_by_unit", "major_hazards",
           "missing_reports", "overdue_and_upcoming_hazards", "recheck_coverage_total", "recheck_grid",
           "rectification_by_department", "rectification_by_week", "submission_by_reporter", "supervision_coverage",
           "top_overdue_units")

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

LIST_ROWS = 8            # rows of a list panel that fit the panel height (with the "另有" line)

# Every size is in --u: a hundredth of the width of the largest 16:9 box the window holds (19.2 px at 1920x1080,
# 13.66 px at 1366x768, 38.4 px at 3840x2160), so the screen scales with the window and never scrolls. The
# vertical budget in u (56.25 in all at 16:9): padding 0.6, header 3.3, KPIs 6.1, panel title 1.9, panel 37,
# footer 1.2 and five gaps of 0.5: 52.6.
CSS = f"""
<style>
:root {{ color-scheme: dark; --u: min(1vw, calc(100vh / 56.25)); }}
html, body, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
    background: {BG} !important; color: {TEXT};
}}
html, body {{ overflow: hidden !important; }}
/* no Streamlit chrome on the screen */
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
[data-testid="stStatusWidget"], [data-testid="stBottom"], footer, #MainMenu {{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{
    padding: calc(var(--u) * 0.6) calc(var(--u) * 1.2) 0 calc(var(--u) * 1.2) !important; max-width: 100% !important;
}}
[data-testid="stVerticalBlock"] {{ gap: calc(var(--u) * 0.5) !important; }}
[data-testid="stHorizontalBlock"] {{ gap: calc(var(--u) * 0.9) !important; flex-wrap: nowrap !important; }}
[data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{ min-width: 0 !important; }}
/* the frame's banners above the title, its page title and date caption: the screen header replaces them
   (演示模式 is said in the footer) */
[data-testid="stElementContainer"]:has([data-testid="stAlert"]):has(~ [data-testid="stElementContainer"] h1),
[data-testid="stElementContainer"]:has(h1),
[data-testid="stElementContainer"]:has([data-testid="stCaptionContainer"]) {{ display: none !important; }}
.scr, .scr * {{ font-family: {FONT}; box-sizing: border-box; }}
.scr-head {{ display: flex; align-items: center; justify-content: space-between; height: calc(var(--u) * 3.3);
             border-bottom: calc(var(--u) * 0.1) solid #1E3A5F; }}
.scr-title {{ font-size: calc(var(--u) * 1.9); font-weight: 700; letter-spacing: 0.1em; color: {TEXT}; white-space: nowrap; }}
.scr-view {{ font-size: calc(var(--u) * 1.55); color: {ORANGE}; font-weight: 700; white-space: nowrap; }}
.scr-view small {{ font-size: calc(var(--u) * 1.0); color: {DIM}; margin-left: 0.5em; font-weight: 400; }}
.scr-time {{ text-align: right; line-height: 1.15; }}
.scr-clock {{ font-size: calc(var(--u) * 1.75); font-weight: 700; color: {TEXT}; font-variant-numeric: tabular-nums; }}
.scr-asof {{ font-size: calc(var(--u) * 0.95); color: {DIM}; white-space: nowrap; }}
.scr-kpis {{ display: grid; grid-template-columns: repeat(var(--n, 10), minmax(0, 1fr)); gap: calc(var(--u) * 0.6); }}
.scr-kpi {{ container-type: inline-size; background: {PANEL}; border-radius: calc(var(--u) * 0.4); padding: calc(var(--u) * 0.35) calc(var(--u) * 0.6);
            height: calc(var(--u) * 6.1); border-top: calc(var(--u) * 0.2) solid {BLUE}; overflow: hidden; }}
.scr-kpi.bad {{ border-top-color: {RED}; }} .scr-kpi.warn {{ border-top-color: {ORANGE}; }}
.scr-kpi.good {{ border-top-color: {GREEN}; }}
.scr-kpi .lab {{ font-size: calc(var(--u) * 1.0); line-height: 1.3; color: {DIM}; white-space: nowrap; }}
.scr-kpi .val {{ font-size: min(calc(var(--u) * 2.5), calc(94cqi / var(--w, 4))); font-weight: 700; line-height: 1.1; color: {TEXT}; white-space: nowrap;
                 font-variant-numeric: tabular-nums; }}
.scr-kpi.bad .val {{ color: {RED}; }} .scr-kpi.good .val {{ color: {GREEN}; }} .scr-kpi.warn .val {{ color: {ORANGE}; }}
.scr-kpi .val small {{ font-size: 0.42em; color: {DIM}; margin-left: 0.15em; }}
.scr-kpi .kind {{ color: {DIM}; font-size: min(calc(var(--u) * 0.72), calc(94cqi / var(--w, 8))); line-height: 1.3; white-space: nowrap; }}
.scr-kpi .kind b {{ font-weight: 700; }} .scr-kpi .kind b.worse {{ color: {RED}; }} .scr-kpi .kind b.better {{ color: {GREEN}; }}
.scr-panel-title {{ font-size: calc(var(--u) * 1.25); font-weight: 700; color: {TEXT}; white-space: nowrap; overflow: hidden;
                    text-overflow: ellipsis; border-left: calc(var(--u) * 0.3) solid {ORANGE};
                    padding-left: calc(var(--u) * 0.5); height: calc(var(--u) * 1.9); line-height: calc(var(--u) * 1.9); }}
.scr-list, .scr-bars, .scr-cols, .scr-board {{ height: calc(var(--u) * 37); overflow: hidden; }}
.scr-row {{ display: flex; justify-content: space-between; align-items: baseline; gap: calc(var(--u) * 0.5);
            padding: calc(var(--u) * 0.45) calc(var(--u) * 0.3); border-bottom: 1px solid #1E3A5F;
            font-size: calc(var(--u) * 1.2); color: {TEXT}; }}
.scr-row .who {{ overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }}
.scr-row .num {{ font-weight: 700; color: {RED}; white-space: nowrap; font-variant-numeric: tabular-nums; }}
.scr-row .num.ok {{ color: {GREEN}; }}
.scr-row .sub {{ display: block; font-size: calc(var(--u) * 0.85); color: {DIM}; overflow: hidden; text-overflow: ellipsis; }}
.scr-empty {{ font-size: calc(var(--u) * 1.3); color: {GREEN}; padding: calc(var(--u) * 2) calc(var(--u) * 0.5); }}
.scr-note {{ font-size: calc(var(--u) * 0.8); color: {DIM}; line-height: 1.35; }}
.scr-note i {{ display: inline-block; width: 0.9em; height: 0.9em; border-radius: 0.15em; vertical-align: -0.1em;
               margin: 0 0.2em 0 0.6em; }}
/* bars drawn in HTML: label | track | number, so a number is never cut at the panel edge */
.scr-bars {{ display: flex; flex-direction: column; }}
.scr-bars .rows {{ flex: 1; display: flex; flex-direction: column; justify-content: space-around; min-height: 0; }}
.scr-bar {{ display: grid; grid-template-columns: minmax(0, 6.6em) minmax(0, 1fr) auto; align-items: center;
            gap: 0.4em; font-size: calc(var(--u) * 1.0); color: {TEXT}; }}
.scr-bar .name {{ text-align: right; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
.scr-bar .track {{ height: 1.4em; position: relative; border-left: 1px solid #2A4466; }}
.scr-bar .fill {{ position: absolute; left: 0; top: 0; bottom: 0; border-radius: 0 0.2em 0.2em 0; }}
.scr-bar .txt {{ white-space: nowrap; font-variant-numeric: tabular-nums; min-width: 7.2em; }}
.scr-axis {{ display: grid; grid-template-columns: minmax(0, 8.25em) minmax(0, 1fr) auto; gap: 0.5em;
             font-size: calc(var(--u) * 0.8); color: {DIM}; }}
.scr-axis .ticks {{ display: flex; justify-content: space-between; border-top: 1px solid #2A4466; padding-top: 0.2em; }}
.scr-axis .pad {{ min-width: 9em; }}
/* weekly columns in HTML */
.scr-cols {{ display: flex; flex-direction: column; gap: calc(var(--u) * 0.4); }}
.scr-cols .body {{ flex: 1; display: flex; min-height: 0; }}
.scr-cols .ys {{ display: flex; flex-direction: column; justify-content: space-between; align-items: flex-end;
                 font-size: calc(var(--u) * 0.75); color: {DIM}; padding-right: 0.4em; line-height: 1; }}
.scr-cols .plot {{ flex: 1; min-width: 0; display: flex; align-items: flex-end; gap: 0.3em; border-bottom: 1px solid #2A4466;
                   border-left: 1px solid #2A4466; font-size: calc(var(--u) * 0.75); }}
.scr-cols .wk {{ flex: 1; min-width: 0; display: flex; align-items: flex-end; justify-content: center; gap: 0.1em; height: 100%; }}
.scr-cols .col {{ width: 40%; min-width: 0; display: flex; flex-direction: column; justify-content: flex-end; height: 100%; }}
.scr-cols .col i {{ display: block; width: 100%; }}
.scr-cols .xs {{ display: flex; gap: 0.3em; font-size: calc(var(--u) * 0.7); color: {DIM}; padding-left: 3em; }}
.scr-cols .xs span {{ flex: 1; min-width: 0; text-align: center; white-space: nowrap; overflow: hidden; }}
/* 红黑榜 */
.scr-board {{ display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); grid-template-rows: auto 1fr 1fr;
              gap: calc(var(--u) * 0.5) calc(var(--u) * 0.9); }}
.scr-board .colhead {{ font-size: calc(var(--u) * 1.2); font-weight: 700; color: {ORANGE}; text-align: center; }}
.scr-card {{ background: {PANEL}; border-radius: calc(var(--u) * 0.4); padding: calc(var(--u) * 0.4) calc(var(--u) * 0.7);
             overflow: hidden; display: flex; flex-direction: column; }}
.scr-card .kind {{ font-size: calc(var(--u) * 0.95); color: {DIM}; }}
.scr-card .tag {{ font-size: calc(var(--u) * 0.9); font-weight: 700; margin-top: calc(var(--u) * 0.1); }}
.scr-card .tag.red {{ color: {GREEN}; }} .scr-card .tag.black {{ color: {RED}; }}
.scr-card .scr-row {{ padding: calc(var(--u) * 0.1) calc(var(--u) * 0.2); font-size: calc(var(--u) * 1.0); }}
.scr-card .scr-row .delta {{ color: {DIM}; font-size: 0.8em; font-weight: 400; margin-left: 0.4em; }}
.scr-foot {{ display: flex; justify-content: space-between; gap: calc(var(--u) * 1); font-size: calc(var(--u) * 0.8);
             color: {DIM}; height: calc(var(--u) * 1.2); line-height: calc(var(--u) * 1.2); white-space: nowrap;
             overflow: hidden; }}
.scr-foot > div {{ overflow: hidden; text-overflow: ellipsis; min-width: 0; }}
.scr-dots span {{ display: inline-block; width: calc(var(--u) * 0.7); height: calc(var(--u) * 0.7); border-radius: 50%;
                  margin-right: calc(var(--u) * 0.4); background: #2A4466; vertical-align: middle; }}
.scr-dots span.on {{ background: {ORANGE}; }}
.scr-dots span.scr-legend {{ width: auto; height: auto; border-radius: 0; background: none; margin-left: calc(var(--u) * 0.8);
                            vertical-align: top; }}
/* the map fills its panel: its element is sized here and the chart stretches to it; a map with a colour bar
   leaves 3.9u and a gap for it under the map */
[class*="st-key-scr_map"] {{ height: calc(var(--u) * 36.9) !important; }}
[class*="st-key-scr_map"][class*="_scaled"] {{ height: calc(var(--u) * 32.5) !important; }}
/* the colour bar in HTML (plotly's is in px: a 14 px bar and 15 px labels on a 4K screen) */
.scr-scale {{ height: calc(var(--u) * 3.9); display: flex; flex-direction: column; align-items: center;
              justify-content: flex-end; color: {TEXT}; font-size: calc(var(--u) * 0.85); overflow: hidden; }}
.scr-scale .title {{ font-size: calc(var(--u) * 0.95); line-height: 1.3; white-space: nowrap; }}
.scr-scale .bar {{ width: 55%; height: calc(var(--u) * 1.0); margin-top: calc(var(--u) * 0.2);
                   border-radius: calc(var(--u) * 0.15); }}
.scr-scale .ticks {{ position: relative; width: 55%; height: 1.3em; margin-top: calc(var(--u) * 0.15); }}
.scr-scale .tick {{ position: absolute; top: 0; transform: translateX(-50%); line-height: 1.3; white-space: nowrap;
                    font-variant-numeric: tabular-nums; }}
.scr-source {{ font-size: calc(var(--u) * 0.7); color: {DIM}; line-height: 1.3; height: calc(var(--u) * 2.0); overflow: hidden; }}
[class*="st-key-scr_map"] > div {{ height: 100%; }}
/* the city: a two-card 红黑榜 of the counties, larger rows */
.scr-board.scr-board-2 {{ grid-template-columns: repeat(2, minmax(0, 1fr)); grid-template-rows: auto 1fr; }}
.scr-board-2 .scr-card {{ padding: calc(var(--u) * 0.8) calc(var(--u) * 1.2); gap: calc(var(--u) * 0.3); }}
.scr-board-2 .scr-card .kind {{ font-size: calc(var(--u) * 1.1); }}
.scr-board-2 .scr-card .tag {{ font-size: calc(var(--u) * 1.2); margin-top: calc(var(--u) * 0.6); }}
.scr-board-2 .scr-card .scr-row {{ padding: calc(var(--u) * 0.55) calc(var(--u) * 0.4); font-size: calc(var(--u) * 1.5); }}
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


# A city: the frame's notes on the counties' packages under the title (数据滞后, 未报送数据包) are what the screen's
# 数据截至 view shows; on the screen they would push the views out of the window.
CITY_CSS = """
<style>
[data-testid="stElementContainer"]:has(h1) ~ [data-testid="stElementContainer"]:has([data-testid="stAlert"]) {
    display: none !important; }
</style>
"""


def style() -> None:
    st.markdown(CSS + (CITY_CSS if city.is_city() else ""), unsafe_allow_html=True)


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
    # county None: in a city instance the screen reads the whole city (a county account's is narrowed to its own)
    return Filters(since, as_of, f.units, f.industries, f.departments, county=None).params()


def q(page: Page, params: dict, name: str, **extra) -> pd.DataFrame:
    return data.query(page.store, name, {**params, **extra}, page.principal)


def q_district(page: Page, params: dict, name: str, **extra) -> pd.DataFrame:
    """Like Page.district_query: the 乡/街道 filter does not narrow 督导 views (a 乡/街道 account sees its own)."""
    return q(page, params, name, **{**extra, "units": []})


def _num(value) -> float | None:
    return None if fmt.missing(value) else float(value)


# ---------------------------------------------------------------- pieces


# Runs once per browser tab: fits the map to the district whenever its panel changes size (MapLibre zooms in
# pixels, the panel is sized in viewport units) and sizes the unit names and borders with the screen.
FIT_JS = """
<script>
if (!window.__safetyboardScreenFit) {
  window.__safetyboardScreenFit = setInterval(function () {
    var b = window.__safetyboardBounds, u = Math.min(innerWidth / 100, innerHeight / 56.25);
    if (!b) return;
    document.querySelectorAll('.js-plotly-plot').forEach(function (gd) {
      var fl = gd._fullLayout, m = fl && fl.map && fl.map._subplot && fl.map._subplot.map;
      if (!m || !m.isStyleLoaded()) return;
      var fl_w = fl.width, fl_h = fl.height;
      if ((Math.abs(fl_w - gd.clientWidth) > 2 || Math.abs(fl_h - gd.clientHeight) > 2) && gd.__safetyboardResized !== gd.clientHeight) {
        gd.__safetyboardResized = gd.clientHeight;      // drawn before its panel had its size: let plotly resize it
        window.dispatchEvent(new Event('resize'));
        return;
      }
      var c = m.getContainer();
      var key = [gd.clientWidth, gd.clientHeight, c.clientWidth, c.clientHeight, b.join(',')].join(':');
      if (gd.__safetyboardFitted === key) return;
      m.resize();
      // Fit into the part of the map that shows (plotly may draw it wider than its panel until it resizes).
      var right = Math.max(0, c.clientWidth - gd.clientWidth), below = Math.max(0, c.clientHeight - gd.clientHeight);
      m.fitBounds([[b[0], b[1]], [b[2], b[3]]], {animate: false,
        padding: {top: u, left: u, right: u + right, bottom: u + below}});
      if (m.getLayer('scr-labels')) {
        m.setLayoutProperty('scr-labels', 'text-size', Math.max(11, 1.05 * u));
        m.setPaintProperty('scr-labels', 'text-halo-width', Math.max(2, 0.1 * u));
      }
      // the units' borders (plotly draws them 2 px wide) widen with the screen too
      m.getStyle().layers.forEach(function (l) {
        if (l.type === 'line') m.setPaintProperty(l.id, 'line-width', Math.max(2, 0.1 * u));
      });
      gd.__safetyboardFitted = key;
    });
  }, 300);
}
</script>
"""


def header(view_title: str, index: int, count: int, as_of: dt.date, interval: int) -> None:
    now = dt.datetime.now()
    st.html(
        f'<div class="scr scr-head">'
        f'<div class="scr-title">{html.escape(district.current().name)}安全生产大检查</div>'
        f'<div class="scr-view" id="scr-view" data-view="{index}">{html.escape(view_title)}'
        f'<small>{index + 1}/{count}　每{interval}秒切换</small></div>'
        f'<div class="scr-time"><div class="scr-clock" id="scr-clock">{now:%H:%M:%S}</div>'
        f'<div class="scr-asof">数据截至 {cn_date(as_of)}</div></div></div>' + CLOCK_JS + FIT_JS,
        unsafe_allow_javascript=True)


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    unit: str = ""
    tone: str = ""
    kind: str = ""
    delta: str | None = None          # the change against 7 days before, as text
    worse: bool | None = None         # whether that change is for the worse (None: neutral)


def _delta_html(tile: Tile) -> str:
    if tile.delta is None:
        return ""
    cls = "" if tile.worse is None or tile.delta == "0" else ("worse" if tile.worse else "better")
    return f' <b class="{cls}">{html.escape(tile.delta)}</b>'


def _change(now, before, kind: str, worse_when_up: bool | None) -> tuple[str | None, bool | None]:
    """(text, for the worse?) of a tile's change; kind is count, rate or yuan (overview_text's wording)."""
    text = {"count": overview_text.delta_count, "rate": overview_text.delta_rate,
            "yuan": overview_text.delta_yuan}[kind](now, before)
    if text is None:
        return None, None
    text = text.replace(" ", "").replace("万元", "")      # the tile names its unit
    if worse_when_up is None or text == "0":
        return text, None
    return text, (text.startswith("+") == worse_when_up)


def _em(text: str) -> float:
    """About how many em a text takes: a CJK character one, a digit or sign a little over half."""
    return sum(1.0 if ord(c) > 0x2E80 else (0.3 if c in ",.·: " else 0.6) for c in text)


def kpi_strip(ctx: dict, as_of: dt.date) -> None:
    """The tiles; each says whether it counts the period (本期) or what stands at A, and its change against 7
    days before (ctx["before"], empty when 7 days before lies outside the period)."""
    period, at_a = "本期", f"截至{as_of.month}月{as_of.day}日"     # flows over [S, A]; stocks at A
    before = ctx.get("before") or {}

    def tile(label, source, field, kind, worse_when_up, value, unit="", tone="", what=period) -> Tile:
        now = ctx.get(source, {}).get(field)
        then = before.get(source, {}).get(field) if before else None
        delta, worse = _change(now, then, kind, worse_when_up) if before else (None, None)
        return Tile(label, value, unit, tone, what, delta, worse)

    hazards, cases, recheck, accidents = (ctx.get(k, {}) for k in ("hazards", "cases", "recheck", "accidents"))
    rate = _num(hazards.get("rectification_rate"))
    coverage = _num(recheck.get("coverage"))
    overdue = _num(hazards.get("overdue")) or 0
    tiles = [
        tile("隐患总数", "hazards", "total", "count", None, fmt.count(hazards.get("total")), "处"),
        tile("整改率", "hazards", "rectification_rate", "rate", False, fmt.percent(rate, sign=False),
             "%" if rate is not None else "",
             "" if rate is None else ("good" if rate >= 0.9 else ("warn" if rate >= 0.6 else "bad"))),
        tile("重大隐患", "hazards", "major", "count", True, fmt.count(hazards.get("major")), "处",
             "warn" if _num(hazards.get("major")) else ""),
        tile("逾期未整改", "hazards", "overdue", "count", True, fmt.count(hazards.get("overdue")), "处",
             "bad" if overdue else "good", at_a),
        tile("未定整改时限", "hazards", "no_deadline", "count", True, fmt.count(hazards.get("no_deadline")), "处",
             "warn" if _num(hazards.get("no_deadline")) else "", at_a),
        tile("挂牌督办", "hazards", "listed", "count", True, fmt.count(hazards.get("listed")), "处",
             "warn" if _num(hazards.get("listed")) else ""),
        tile("执法案件", "cases", "cases", "count", None, fmt.count(cases.get("cases")), "起", what="本期·案件台账"),
        tile("罚款", "cases", "fines_yuan", "yuan", None, fmt.wan(cases.get("fines_yuan"), digits=1), "万元",
             what="本期·案件台账"),
        tile("回头看覆盖率", "recheck", "coverage", "rate", False, fmt.percent(coverage, sign=False),
             "%" if coverage is not None else "",
             "" if coverage is None else ("good" if coverage >= 1 else ("warn" if coverage >= 0.6 else "bad")), at_a),
    ]
    if "accidents" in ctx:
        deaths = _num(accidents.get("deaths")) or 0
        tiles.append(tile("生产安全事故", "accidents", "count", "count", True, fmt.count(accidents.get("count")), "起",
                          "bad" if deaths else ("warn" if _num(accidents.get("count")) else "good"),
                          f"本期·死亡{fmt.count(accidents.get('deaths'))}人"))
    cells = []
    for t in tiles:
        small = f"<small>{t.unit}</small>" if t.unit else ""
        # --w: the text's width in em, so that a long number (1,234,567) shrinks to fit its tile
        val_w = _em(t.value) + 0.42 * _em(t.unit) + 0.2
        kind_w = _em(t.kind) + (_em(" " + t.delta) if t.delta else 0) + 0.2
        cells.append(f'<div class="scr-kpi {t.tone}"><div class="lab">{t.label}</div>'
                     f'<div class="val" style="--w:{val_w:.2f}">{t.value}{small}</div>'
                     f'<div class="kind" style="--w:{kind_w:.2f}">{html.escape(t.kind)}{_delta_html(t)}</div></div>')
    st.html(f'<div class="scr scr-kpis" style="--n:{len(tiles)}">' + "".join(cells) + "</div>")


def panel_title(text: str) -> None:
    st.html(f'<div class="scr scr-panel-title">{html.escape(text)}</div>')


def rows_list(rows: list[tuple[str, str, str | None, bool]], empty: str, total: int | None = None,
              limit: int = LIST_ROWS) -> None:
    """(who, number, sub line, ok) rows in large type; at most what fits the panel. total: how many there
    are in all when rows is already cut (the query's count)."""
    st.html(rows_html(rows, empty, total, limit))


def rows_html(rows, empty: str, total: int | None = None, limit: int = LIST_ROWS, cls: str = "scr-list") -> str:
    total = len(rows) if total is None else total
    if not rows:
        return f'<div class="scr {cls}"><div class="scr-empty">{html.escape(empty)}</div></div>'
    items = []
    for who, num, sub, ok in rows[:limit]:
        sub_html = f'<span class="sub">{html.escape(sub)}</span>' if sub else ""
        items.append(f'<div class="scr-row"><div class="who">{html.escape(who)}{sub_html}</div>'
                     f'<div class="num{" ok" if ok else ""}">{html.escape(num)}</div></div>')
    shown = min(len(rows), limit)
    more = f'<div class="scr-row"><div class="who" style="color:{DIM}">另有 {total - shown} 项……</div></div>' \
        if total > shown else ""
    return f'<div class="scr {cls}">' + "".join(items) + more + "</div>"


def bar_axis(values: list[float], top: float) -> tuple[float, float]:
    """The axis of a bar panel: from 0, or, when every value lies high up (整改率 of 90-93 %), from a round
    number just below the smallest, so that differences show."""
    present = [v for v in values if v is not None and not pd.isna(v)]
    if not present or min(present) < top * 0.5:
        return 0.0, top
    step = top / 20
    low = max(0.0, (min(present) // step) * step - step)
    return low, top


def bars(rows: list[tuple[str, float | None, str, str]], axis: tuple[float, float], unit: str, note: str) -> None:
    """Horizontal bars in HTML: (label, value, number text, colour); the axis (low, high) is labelled under them
    and the note (what the brackets and colours mean) under that."""
    low, high = axis
    span = (high - low) or 1
    items = []
    for label, value, text, colour in rows:
        width = 0 if value is None or pd.isna(value) else max(0.0, min(100.0, (value - low) / span * 100))
        items.append(f'<div class="scr-bar"><div class="name">{html.escape(label)}</div><div class="track">'
                     f'<div class="fill" style="width:{width:.1f}%;background:{colour}"></div></div>'
                     f'<div class="txt">{html.escape(text)}</div></div>')
    ticks = [low + span * i / 4 for i in range(5)]
    tick_text = "".join(f"<span>{t:g}</span>" for t in ticks)
    start = f"横轴从 {low:g}{unit} 起，" if low > 0 else ""
    st.html(f'<div class="scr scr-bars"><div class="rows">{"".join(items)}</div>'
            f'<div class="scr-axis"><span></span><div class="ticks">{tick_text}</div><span class="pad">（{html.escape(unit)}）</span></div>'
            f'<div class="scr-note">{html.escape(start)}{note}</div></div>')


def legend(*items: tuple[str, str]) -> str:
    """Colour swatches with their meaning, for a note line (HTML)."""
    return "".join(f'<i style="background:{colour}"></i>{html.escape(text)}' for colour, text in items)


def columns_chart(labels: list[str], series: list[tuple[str, str, list[int]]]) -> None:
    """Grouped columns in HTML (weeks x series) on a y axis labelled at 0, half and the top; the legend line
    above gives the latest week's numbers."""
    top = max([1, *(v for _, _, vals in series for v in vals)])
    weeks = []
    for i in range(len(labels)):
        cols = "".join(f'<div class="col"><i style="height:{vals[i] / top * 100:.1f}%;background:{colour}"></i></div>'
                       for _, colour, vals in series)
        weeks.append(f'<div class="wk">{cols}</div>')
    xs = "".join(f"<span>{html.escape(x)}</span>" for x in labels)
    ys = "".join(f"<span>{fmt.count(v)}</span>" for v in (top, top / 2, 0))
    latest = "，".join(f"{name} {fmt.count(vals[-1])}" for name, _, vals in series) if labels else ""
    note = legend(*((colour, name) for name, colour, _ in series)) + \
        (f"（处）　最近一周：{html.escape(latest)}" if latest else "（处）")
    st.html(f'<div class="scr scr-cols"><div class="scr-note">{note}</div>'
            f'<div class="body"><div class="ys">{ys}</div><div class="plot">{"".join(weeks)}</div></div>'
            f'<div class="xs">{xs}</div></div>')


# The map: the offline choropleth of safetyboard.maps on a dark background. No tiles and no glyph download:
# the unit names are a symbol layer of this style (CJK only, which MapLibre draws with the browser's local
# fonts), so they may overlap (every unit keeps its name, 九里山 included) and each gets the text colour that
# contrasts with its own fill. The choropleth layers are put below it. The glyphs URL is never fetched;
# tests/browser/test_screen.py checks that no request leaves the machine. MapLibre needs "sources" non-empty
# after plotly drops empty objects ("missing required property sources", "Map error." in the console).
LABEL_LAYER = "scr-labels"
MAP_PX = (820, 560)     # about the map's size at 1920x1080, for its first drawing


def dark_map_style(labels: dict) -> dict:
    return {
        "version": 8,
        "sources": {LABEL_LAYER: {"type": "geojson", "data": labels}},
        "layers": [{"id": "dark-bg", "type": "background", "paint": {"background-color": BG}},
                   {"id": LABEL_LAYER, "type": "symbol", "source": LABEL_LAYER,
                    "layout": {"text-field": ["get", "name"], "text-size": 18, "text-allow-overlap": True,
                               "text-ignore-placement": True},
                    "paint": {"text-color": ["get", "colour"], "text-halo-color": ["get", "fill"], "text-halo-width": 2}}],
        "glyphs": "https://fonts.openmaptiles.org/{fontstack}/{range}.pbf",
    }


# Colour scales readable on the dark background.
DARK_REDS = [[0, "#1B3350"], [0.35, "#6E2C3C"], [0.7, "#C8413A"], [1, "#FF6B5A"]]
DARK_BLUES = [[0, "#1B3350"], [1, "#4DA3FF"]]
NO_DATA = "#2A3B52"


def _fill(colorscale, t: float) -> tuple[float, float, float]:
    """The colour at t (0..1) of a [[stop, "#RRGGBB"], ...] scale, as plotly interpolates it."""
    t = min(1.0, max(0.0, t))
    stops = [(float(stop), pcolors.hex_to_rgb(colour)) for stop, colour in colorscale]
    for (s0, c0), (s1, c1) in zip(stops, stops[1:]):
        if s0 <= t <= s1:
            f = 0.0 if s1 == s0 else (t - s0) / (s1 - s0)
            return tuple(a + (b - a) * f for a, b in zip(c0, c1))
    return stops[-1][1]


def label_features(boundaries, values: pd.DataFrame, colorscale, reverse: bool,
                   z_range: tuple[float, float] | None) -> dict:
    """The unit names as GeoJSON points, each with the text colour (maps.label_colour) for its fill."""
    z = dict(zip(values["code"].astype(str), pd.to_numeric(values["value"], errors="coerce")))
    present = [v for v in z.values() if not pd.isna(v)]
    lo, hi = z_range or ((min(present), max(present)) if present else (0.0, 1.0))
    features = []
    for code, name, point in zip(boundaries["code"].astype(str), boundaries["name"], maps.label_points(boundaries)):
        value = z.get(code)
        if value is None or pd.isna(value):
            rgb = pcolors.hex_to_rgb(NO_DATA)
        else:
            t = 0.5 if hi == lo else (value - lo) / (hi - lo)
            rgb = _fill(colorscale, 1 - t if reverse else t)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [point.x, point.y]},
                         "properties": {"name": re.sub(r"(街道|乡)$", "", name) or name if len(code) > 6
                                        else maps.county_short_name(name), "code": code,
                                        "colour": maps.label_colour(rgb),
                                        # a halo in the unit's own fill keeps names that overlap apart
                                        "fill": "rgb({:.0f},{:.0f},{:.0f})".format(*rgb)}})
    return {"type": "FeatureCollection", "features": features}


def _nice_step(span: float) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most about five ticks over span."""
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def scale_html(values: pd.DataFrame, label: str, colorscale, reverse: bool,
               z_range: tuple[float, float] | None = None) -> str:
    """The map's colour bar in HTML, sized in --u like the rest of the screen: the label, the colours from the
    lowest value to the highest (as label_features and plotly colour the units) and round ticks."""
    z = pd.to_numeric(values["value"], errors="coerce").dropna()
    lo, hi = z_range or ((float(z.min()), float(z.max())) if len(z) else (0.0, 1.0))

    def colour(t: float) -> str:
        return "rgb({:.0f},{:.0f},{:.0f})".format(*_fill(colorscale, 1 - t if reverse else t))
    if hi == lo:
        gradient, ticks = colour(0.5), [(50.0, lo)]
    else:
        gradient = "linear-gradient(to right, " + ", ".join(f"{colour(i / 10)} {i * 10}%" for i in range(11)) + ")"
        step = _nice_step(hi - lo)
        if bool(z.mod(1).eq(0).all()) and not z_range:
            step = max(1.0, step)         # counts: whole ticks
        first = math.ceil(lo / step - 1e-9) * step
        ticks = [((v - lo) / (hi - lo) * 100, v) for v in (first + i * step for i in range(12)) if v <= hi + 1e-9]
    digits = max(0, -math.floor(math.log10(step))) if hi != lo else (0 if float(lo).is_integer() else 1)
    tick_html = "".join(f'<span class="tick" style="left:{x:.2f}%">{v:,.{digits}f}</span>' for x, v in ticks)
    return (f'<div class="scr scr-scale"><div class="title">{html.escape(label)}</div>'
            f'<div class="bar" style="background:{gradient}"></div><div class="ticks">{tick_html}</div></div>')


def unit_map(values: pd.DataFrame, label: str, higher_is_worse: bool = True, colorscale=None,
             show_scale: bool = True, z_range: tuple[float, float] | None = None,
             counties: bool = False) -> tuple[go.Figure | None, str]:
    """The 乡/街道 map, or with counties=True the city's 区县 (real boundaries, maps.county_boundaries)."""
    try:
        if counties:
            boundaries, source = maps.county_boundaries(), maps.COUNTY_LABEL
        else:
            boundaries, _schematic, source = maps.active_boundaries(config.DATA_DIR, resolve_unit=rules.resolve_unit)
    except maps.BoundaryError as exc:
        return None, f"无法绘制地图：{exc}"
    scale = colorscale or DARK_REDS
    fig = maps.choropleth_figure(boundaries, values, label, higher_is_worse=higher_is_worse, source_label="")
    fig.data = tuple(t for t in fig.data if t.type == "choroplethmap")     # the names: the style's symbol layer
    labels = label_features(boundaries, values, scale, reverse=not higher_is_worse, z_range=z_range)
    lat, lon, zoom = maps.map_center_zoom(boundaries, width_px=MAP_PX[0], height_px=MAP_PX[1])   # FIT_JS refits
    fig.update_layout(map_style=dark_map_style(labels), map_center=dict(lat=lat, lon=lon), map_zoom=zoom,
                      height=None, autosize=True, paper_bgcolor="rgba(0,0,0,0)", margin=dict(l=0, r=0, t=0, b=0),
                      font=dict(family=FONT, color=TEXT, size=16))
    for trace in fig.data:
        trace.below = LABEL_LAYER
        if trace.showscale is False:                     # the grey 暂无数据 layer
            trace.colorscale = [[0, NO_DATA], [1, NO_DATA]]
            trace.marker.line.color = BG
        else:
            trace.colorscale = scale
            trace.marker.line.color = BG
            trace.marker.line.width = 2
            trace.marker.opacity = 1
            trace.showscale = False                      # the colour bar is drawn in HTML (scale_html)
            if z_range:
                trace.zmin, trace.zmax = z_range
    bounds = ",".join(f"{v:.6f}" for v in boundaries.total_bounds)
    st.html(f"<script>window.__safetyboardBounds = [{bounds}];</script>", unsafe_allow_javascript=True)
    return fig, source


def show(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, theme=None, width="stretch", height="stretch", key=key,
                    config={"displayModeBar": False, "scrollZoom": False, "doubleClick": False})


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
    if options.get("show_scale", True):
        show(fig, f"{key}_scaled")               # a shorter map (CSS), its colour bar under it
        st.html(scale_html(values, label, options.get("colorscale") or DARK_REDS,
                           reverse=not options.get("higher_is_worse", True), z_range=options.get("z_range")))
    else:
        show(fig, key)
    # Under the map, in two lines at most: the boundaries' source and licence.
    st.html(f'<div class="scr scr-source">{html.escape(source)}</div>')
    return source


def _cols():
    return st.columns([1.05, 1.7, 1.05])


def _panels():
    """(left, centre, right) of a view with the 乡/街道 map in the centre; in a city instance (no 乡/街道 map: the
    county map is a view of its own, COUNTY_MAP_VIEW) two wider panels and centre None."""
    if city.is_city():
        left, right = st.columns(2)
        return left, None, right
    return _cols()


def _a(p: dict) -> str:
    return f"截至{p['as_of'].month}月{p['as_of'].day}日"


def view_rectification(page: Page, p: dict, ctx: dict) -> None:
    by_unit = q(page, p, "hazards_by_unit")
    left, centre, right = _cols()
    with left:
        panel_title("各乡/街道整改率（本期）")
        rows = by_unit.assign(rate=pd.to_numeric(by_unit["rectification_rate"], errors="coerce"))
        rows = rows.sort_values("rate", na_position="last", kind="stable")
        overall = _num(ctx["hazards"].get("rectification_rate"))
        colours = [DIM if pd.isna(r) else (RED if overall is not None and r < overall else BLUE) for r in rows["rate"]]
        texts = ["暂无隐患" if pd.isna(r) else f"{fmt.percent(r)}（{t}）" for r, t in zip(rows["rate"], rows["total"])]
        values = [None if pd.isna(r) else float(fmt.in_percent(r)) for r in rows["rate"]]
        note = ("括号内为本期隐患数（处）。" + legend((RED, f"低于全区 {fmt.percent(overall)}"), (BLUE, "不低于全区"))
                if overall is not None else "括号内为本期隐患数（处）。")
        bars(list(zip(rows["unit"], values, texts, colours)), bar_axis(values, 100), "%", note)
    with centre:
        rates = pd.to_numeric(by_unit["rectification_rate"], errors="coerce")
        values = pd.DataFrame({"code": by_unit["code"], "value": fmt.in_percent(rates)})
        values["label_text"] = ["暂无数据" if fmt.missing(r) else fmt.percent(r) for r in rates]
        ctx["source"] = _map_block(values, "整改率（%）", "scr_map_rect", higher_is_worse=False)
    with right:
        panel_title("每周发现与整改（近12周）")
        weekly = q(page, p, "rectification_by_week").tail(12)
        x = [f"{d.month}/{d.day}" for d in pd.to_datetime(weekly["week_start"])]
        columns_chart(x, [("新发现", ORANGE, [int(v) for v in weekly["found"]]),
                          ("完成整改", GREEN, [int(v) for v in weekly["rectified"]])])


def view_overdue(page: Page, p: dict, ctx: dict) -> None:
    by_unit = q(page, p, "hazards_by_unit")
    left, centre, right = _cols()
    with left:
        panel_title(f"逾期最多的乡/街道（{_a(p)}）")
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


def view_major(page: Page, p: dict, ctx: dict) -> None:
    """重大隐患 not rectified at A and 挂牌督办 not delisted at A, with what is overdue and who is responsible."""
    by_unit = q(page, p, "major_and_listed_by_unit")
    left, centre, right = _panels()
    with left:
        # The counts from major_and_listed_by_unit (stocks at A); the list: the first of major_hazards' rows, which
        # come unrectified and overdue first.
        major = q(page, p, "major_hazards", row_limit=LIST_ROWS * 4)
        major = major[~major["rectified"].astype(bool)]
        open_major, late = int(by_unit["major_open"].sum()), int(by_unit["major_overdue"].sum())
        panel_title(f"未整改重大隐患 {open_major} 处（逾期 {late} 处）")
        rows = []
        for r in major.itertuples():
            due = r.deadline_in_force
            when = ("逾期 " + f"{(p['as_of'] - due).days} 天") if r.overdue and not fmt.missing(due) else \
                ("未定时限" if fmt.missing(due) else f"{due.month}月{due.day}日到期")
            who = f"责任人 {r.responsible}" if not fmt.missing(r.responsible) else "未落实责任人"
            listed = f"·{r.listed}挂牌" if not fmt.missing(r.listed) and r.listed != "否" else ""
            rows.append((f"{r.unit} {r.enterprise}", when, f"{r.description}（{who}{listed}）", not r.overdue))
        rows_list(rows, "无未整改的重大隐患", open_major)
    if centre is not None:
        with centre:
            values = pd.DataFrame({"code": by_unit["code"], "value": by_unit["major_open"].astype(float)})
            values["label_text"] = [f"{int(v)}" for v in values["value"]]
            ctx["source"] = _map_block(values, "未整改重大隐患（处）", "scr_map_major")
    with right:
        listed = q(page, p, "listed_hazards", only_open=True, row_limit=LIST_ROWS)
        total = int(listed["total_rows"].iloc[0]) if len(listed) else 0
        late = int(by_unit["listed_overdue"].sum())
        panel_title(f"挂牌督办未摘牌 {total} 项（逾期 {late} 项）")
        rows = []
        for r in listed.itertuples():
            due = r.deadline
            when = (f"逾期 {(p['as_of'] - due).days} 天" if r.overdue and not fmt.missing(due)
                    else ("未定时限" if fmt.missing(due) else f"{due.month}月{due.day}日到期"))
            rows.append((f"{r.unit} {r.enterprise}", when, f"{r.level}挂牌·{r.supervising_org or '督办单位未填'}",
                         not r.overdue))
        rows_list(rows, "挂牌督办登记中没有未摘牌的隐患", total)
    ctx["legend"] = f"重大隐患与挂牌督办均为{_a(p)}仍未整改（摘牌）的存量；绿色数字＝尚未到期"


def _ranked(frame: pd.DataFrame, name: str, value: str, before: pd.DataFrame | None, higher_is_better: bool,
            show, change) -> tuple[list, list]:
    """(best, worst) rows of a 红黑榜 card: at most 3 each, never the same entry in both."""
    rows = frame[[name, value]].assign(v=pd.to_numeric(frame[value], errors="coerce")).dropna(subset=["v"])
    rows = rows.reset_index(drop=True).reset_index()   # the reference order breaks ties
    ordered = rows.sort_values(["v", "index"], ascending=[not higher_is_better, True], kind="stable")
    n = len(ordered)
    k = min(3, n // 2 + n % 2)
    best, worst = ordered.head(k), ordered.iloc[k:].tail(min(3, n - k)).iloc[::-1]
    then = {} if before is None else dict(zip(before[name], pd.to_numeric(before[value], errors="coerce")))

    def line(r) -> tuple[str, str, str]:
        delta = change(r.v, then.get(getattr(r, name))) if then else None
        return getattr(r, name), show(r.v), "" if delta is None else f"（{delta.replace(' ', '')}）"
    return [line(r) for r in best.itertuples()], [line(r) for r in worst.itertuples()]


def _card(kind: str, best: list, worst: list) -> str:
    def rows(items, ok):
        if not items:
            return '<div class="scr-row"><div class="who" style="color:#8FA3BF">暂无</div></div>'
        return "".join(f'<div class="scr-row"><div class="who">{html.escape(who)}</div>'
                       f'<div class="num{" ok" if ok else ""}">{html.escape(num)}<span class="delta">{html.escape(d)}</span>'
                       f'</div></div>' for who, num, d in items)
    return (f'<div class="scr-card"><div class="kind">{html.escape(kind)}</div>'
            f'<div class="tag red">红榜</div>{rows(best, True)}<div class="tag black">黑榜</div>{rows(worst, False)}</div>')


def view_ranking(page: Page, p: dict, ctx: dict) -> None:
    """红黑榜: the best and worst 乡/街道 and departments by 整改率 (本期), 逾期未整改 (at A) and 自查报告及时率 (at A),
    each with its change against 7 days before."""
    before = ctx.get("before_params")
    units = q(page, p, "hazards_by_unit")
    depts = q(page, p, "rectification_by_department")
    depts = depts[depts["label"] != "未填写"]
    reports = q(page, p, "submission_by_reporter")
    units_b = q(page, before, "hazards_by_unit") if before else None
    depts_b = q(page, before, "rectification_by_department") if before else None
    reports_b = q(page, before, "submission_by_reporter") if before else None

    def rate_text(v):
        return fmt.percent(v)

    def count_text(v):
        return f"{int(v)} 处"

    rate_change, count_change = overview_text.delta_rate, overview_text.delta_count
    cards = []
    for title, frame, frame_b, name in (("乡/街道", units, units_b, "unit"), ("部门", depts, depts_b, "label")):
        cards.append(_card(f"{title}·整改率（本期）", *_ranked(frame, name, "rectification_rate", frame_b, True,
                                                         rate_text, rate_change)))
        cards.append(_card(f"{title}·逾期未整改（{_a(p)}）", *_ranked(frame, name, "overdue", frame_b, False,
                                                                count_text, count_change)))
        kind = "乡/街道" if title == "乡/街道" else "部门"
        mine = reports[reports["reporter_kind"] == kind]
        mine_b = reports_b[reports_b["reporter_kind"] == kind] if reports_b is not None else None
        cards.append(_card(f"{title}·自查报告及时率（{_a(p)}）", *_ranked(mine, "reporter", "on_time_rate", mine_b, True,
                                                                   rate_text, rate_change)))
    heads = "".join(f'<div class="colhead">{h}</div>' for h in ("整改率", "逾期未整改", "自查报告报送及时率"))
    order = [cards[0], cards[1], cards[2], cards[3], cards[4], cards[5]]
    panel_title("红黑榜：红榜为最好的，黑榜为最差的")
    st.html(f'<div class="scr scr-board">{heads}{"".join(order)}</div>')
    ctx["legend"] = "红黑榜括号内为同一指标的变化" if before else "7天前早于统计区间起点，不比较变化"


def view_missing(page: Page, p: dict, ctx: dict) -> None:
    """未报送: who has not sent this period's 自查报告 (the latest node due by A) or 打非治违月报."""
    missing = q_district(page, p, "missing_reports")
    by_kind = {k: missing[missing["reporter_kind"] == k] for k in ("乡/街道", "部门")}

    def rows(frame: pd.DataFrame):
        return [(r.reporter, f"{int(r.days_late)} 天", r.report + (f"；此前另有 {int(r.earlier_missing)} 期未报"
                                                                  if r.earlier_missing else ""), False)
                for r in frame.itertuples()]
    left, centre, right = _panels()
    with left:
        panel_title(f"未报送的乡/街道（{len(by_kind['乡/街道'])} 个，{_a(p)}）")
        rows_list(rows(by_kind["乡/街道"]), "各乡/街道均已报送本期自查报告")
    if centre is not None:
        with centre:
            late = set(by_kind["乡/街道"]["reporter"])
            units = [u for u in rules.units()]
            values = pd.DataFrame({"code": [u.code for u in units], "value": [1.0 if u.name in late else 0.0 for u in units]})
            values["label_text"] = ["未报送" if v else "已报送" for v in values["value"]]
            ctx["source"] = _map_block(values, "本期自查报告", "scr_map_missing", show_scale=False, z_range=(0, 1),
                                       colorscale=[[0, GREEN], [0.5, GREEN], [0.5, RED], [1, RED]])
    with right:
        depts = by_kind["部门"]
        panel_title(f"未报送的部门（{depts['reporter'].nunique()} 个）")
        rows_list(rows(depts), "各部门均已报送", limit=LIST_ROWS)
    ctx["legend"] = ("天数为超过报送期限的天数；乡/街道、部门名称前为所属区县" if centre is None else
                     "地图：红色＝本期自查报告未报送，绿色＝已报送；天数为超过报送期限的天数")


def view_enforcement(page: Page, p: dict, ctx: dict) -> None:
    by_unit = q(page, p, "enforcement_by_unit")
    cases = ctx["cases"]
    left, centre, right = _cols()
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
            bars([(m, float(c), f"{int(c)} 起", BLUE) for m, c in zip(measures["measure"], measures["cases"])],
                 (0, top), "起", "一起案件可有多种处罚，各项之和可大于案件数。")


def view_recheck(page: Page, p: dict, ctx: dict) -> None:
    coverage = q_district(page, p, "supervision_coverage")
    grid = q_district(page, p, "recheck_grid")
    left, centre, right = _cols()
    with left:
        panel_title("各督导组“回头看”覆盖率")
        rates = pd.to_numeric(coverage["coverage"], errors="coerce")
        colours = [DIM if pd.isna(r) else (GREEN if r >= 1 else (RED if r < 0.5 else ORANGE)) for r in rates]
        texts = ["无分工" if pd.isna(r) else f"{fmt.percent(r, digits=0)}（{c}/{a}）"
                 for r, c, a in zip(rates, coverage["covered"], coverage["assigned"])]
        values = [None if pd.isna(r) else float(fmt.in_percent(r)) for r in rates]
        bars(list(zip(coverage["group"], values, texts, colours)), (0, 100), "%",
             "括号内为已“回头看”的分工对象数/分工对象数。" + legend((GREEN, "全部"), (ORANGE, "过半"), (RED, "不到一半")))
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
    View("major", "重大隐患与挂牌督办", view_major, ("major_and_listed_by_unit", "major_hazards", "listed_hazards")),
    View("ranking", "红黑榜", view_ranking, ("hazards_by_unit", "rectification_by_department", "submission_by_reporter")),
    View("missing", "未报送", view_missing, ("missing_reports",)),
    View("enforcement", "执法检查", view_enforcement, ("enforcement_by_unit", "enforcement_by_measure")),
    View("recheck", "督导“回头看”", view_recheck, ("supervision_coverage", "recheck_grid")),
)


# ---------------------------------------------------------------- the city's views


def _reported(frame: pd.DataFrame) -> pd.DataFrame:
    """The counties whose package the city holds (the others have nothing to rank)."""
    return frame[frame["data_as_of"].notna()] if len(frame) else frame


def view_county_ranking(page: Page, p: dict, ctx: dict) -> None:
    """区县红黑榜: the best and worst counties by 整改率 (本期) and 逾期未整改 (at A), from county_summary, each with
    its change against 7 days before (county_summary at A − 7); counties without a package are not ranked."""
    before = ctx.get("before_params")
    counties = _reported(q(page, p, "county_summary"))
    counties_b = _reported(q(page, before, "county_summary")) if before else None

    def count_text(v):
        return f"{int(v)} 处"

    cards = [
        _card("整改率（本期）", *_ranked(counties, "name", "rectification_rate", counties_b, True, fmt.percent,
                                     overview_text.delta_rate)),
        _card(f"逾期未整改（{_a(p)}）", *_ranked(counties, "name", "overdue", counties_b, False, count_text,
                                         overview_text.delta_count)),
    ]
    heads = "".join(f'<div class="colhead">{h}</div>' for h in ("整改率", "逾期未整改"))
    panel_title(f"区县红黑榜：红榜为最好的，黑榜为最差的（{len(counties)} 个区县已报送数据包）")
    st.html(f'<div class="scr scr-board scr-board-2">{heads}{"".join(cards)}</div>')
    ctx["legend"] = ("括号内为同一指标较7天前的变化；" if before else "7天前早于统计区间起点，不比较变化；") + \
        "未报送数据包的区县不参加排名"


def view_county_packages(page: Page, p: dict, ctx: dict) -> None:
    """数据截至: each county's active package (county_packages) with its as-of date, stale ones red; the counties
    without one 「未报送」."""
    packages = q(page, p, "county_packages")
    sent, missing = [], []
    for r in packages.itertuples():
        if fmt.missing(r.data_as_of):
            missing.append((r.name, "未报送", None, False))
            continue
        behind = int(r.days_behind)
        sub = "与统计截止日同日" if behind == 0 else (f"早于统计截止日 {behind} 天" if behind > 0 else
                                                    f"晚于统计截止日 {-behind} 天")
        sent.append((r.name, fmt.cn_month_day(pd.Timestamp(r.data_as_of).date()),
                     ("数据滞后，" if r.stale else "") + sub, not r.stale))
    left, right = st.columns(2)
    with left:
        late = sum(1 for row in sent if not row[3])
        panel_title(f"已报送数据包的区县（{len(sent)} 个，其中数据滞后 {late} 个）")
        rows_list(sent, "尚无区县报送数据包")
    with right:
        panel_title(f"未报送数据包的区县（{len(missing)} 个）")
        rows_list(missing, "各区县均已报送数据包")
    ctx["legend"] = "日期为各区县数据包的数据截至日；绿色＝数据未滞后，红色＝数据滞后（口径见「口径说明」）或未报送"


def view_county_map(page: Page, p: dict, ctx: dict) -> None:
    """The city's 区县 on their real boundaries, coloured by 整改率 (本期), beside the counties' 整改率 and 逾期;
    counties without a package grey (暂无数据)."""
    counties = q(page, p, "county_summary")
    reported = counties["data_as_of"].notna()
    rates = pd.to_numeric(counties["rectification_rate"], errors="coerce").where(reported)
    left, centre, right = _cols()
    with left:
        panel_title("各区县整改率（本期）")
        rows = counties.assign(rate=rates).sort_values("rate", na_position="last", kind="stable")
        overall = _num(ctx["hazards"].get("rectification_rate"))
        colours = [DIM if pd.isna(r) else (RED if overall is not None and r < overall else BLUE) for r in rows["rate"]]
        texts = ["未报送数据包" if pd.isna(a) else ("暂无隐患" if pd.isna(r) else f"{fmt.percent(r)}（{t}）")
                 for r, t, a in zip(rows["rate"], rows["total"], rows["data_as_of"])]
        values = [None if pd.isna(r) else float(fmt.in_percent(r)) for r in rows["rate"]]
        note = ("括号内为本期隐患数（处）。" + legend((RED, f"低于全市 {fmt.percent(overall)}"), (BLUE, "不低于全市"))
                if overall is not None else "括号内为本期隐患数（处）。")
        bars(list(zip(rows["name"], values, texts, colours)), bar_axis(values, 100), "%", note)
    with centre:
        values = pd.DataFrame({"code": counties["code"].astype(str), "value": fmt.in_percent(rates)})
        values["label_text"] = ["暂无数据" if fmt.missing(r) else fmt.percent(r) for r in rates]
        ctx["source"] = _map_block(values, "整改率（%）", "scr_map_county", higher_is_worse=False, counties=True)
    with right:
        panel_title(f"各区县逾期未整改（{_a(p)}）")
        ranked = counties[reported].sort_values("overdue", ascending=False, kind="stable")
        rows_list([(r.name, f"{int(r.overdue)} 处", f"未整改 {int(r.open)} 处", False) for r in ranked.itertuples()],
                  "尚无区县报送数据包")


# The county map, after the 区县 红黑榜 in the city's rotation.
COUNTY_MAP_VIEW: View | None = View("county_map", "各区县整改情况", view_county_map, ("county_summary",))

CITY_VIEWS: tuple[View, ...] = (
    View("county_ranking", "区县红黑榜", view_county_ranking, ("county_summary",)),
    View("county_packages", "数据截至", view_county_packages, ("county_packages",)),
    View("major", "重大隐患与挂牌督办", view_major, ("major_and_listed_by_unit", "major_hazards", "listed_hazards")),
    View("missing", "未报送", view_missing, ("missing_reports",)),
)


def city_views() -> tuple[View, ...]:
    """The city's rotation, with the county map after the ranking once there is one."""
    if COUNTY_MAP_VIEW is None:
        return CITY_VIEWS
    return CITY_VIEWS[:1] + (COUNTY_MAP_VIEW,) + CITY_VIEWS[1:]


# Views that compare the counties: a county account reads its own county only (access), so it would rank its
# county against counties shown empty; it gets the others.
COMPARES_COUNTIES = ("county_ranking", "county_map")


def views_for(page: Page) -> tuple[View, ...]:
    views = city_views() if city.is_city() else VIEWS
    if page.principal.role == "county":
        views = tuple(v for v in views if v.key not in COMPARES_COUNTIES)
    return tuple(v for v in views if all(page.can(name) for name in v.queries))


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


def summaries(page: Page, p: dict) -> dict:
    """The KPI strip's figures at p's as-of date."""
    out = {"hazards": _first(q(page, p, "hazard_summary")), "cases": _first(q(page, p, "enforcement_summary")),
           "recheck": _first(q_district(page, p, "recheck_coverage_total")) if page.can("recheck_coverage_total") else {}}
    if page.can("accident_summary"):
        out["accidents"] = _first(q(page, p, "accident_summary"))
    return out


def render(page: Page, interval: int) -> None:
    views = views_for(page)
    index = next_view_index(len(views))
    view = views[index]
    p = current_params(page)
    ctx = summaries(page, p)
    # The change against 7 days before: the same queries at as_of = week_ago, as on 总览; none when that date
    # lies before the period's start.
    if p["week_ago"] >= p["since"]:
        ctx["before_params"] = {**p, "as_of": p["week_ago"]}
        ctx["before"] = summaries(page, ctx["before_params"])
    header(view.title, index, len(views), p["as_of"], interval)
    kpi_strip(ctx, p["as_of"])
    view.draw(page, p, ctx)
    dots = "".join(f'<span class="{"on" if i == index else ""}"></span>' for i in range(len(views)))
    change = f"指标下方为较7天前（{cn_date(p['week_ago'])}）的变化　" if "before" in ctx else ""
    legend_text = html.escape(("演示模式　" if page.principal.demo and page.principal.is_admin else "") + change
                              + (ctx.get("legend") or ""))
    st.html(f'<div class="scr scr-foot"><div class="scr-dots">{dots}<span class="scr-legend">{legend_text}</span></div></div>')


def _first(frame: pd.DataFrame) -> dict:
    return frame.iloc[0].to_dict() if len(frame) else {}
