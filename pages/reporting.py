"""打非治违与报送: the monthly 打非治违 figures over the campaign phases, who sent the monthly report late or
not at all, and the 自查报告 of every 乡/街道 and department at each node. In a city instance at 全市, first the
figures of every 区县; choosing a county shows its own page."""
import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import city
from safetyboard import formatting as fmt
from safetyboard import overview_text as text
from safetyboard.config import load_campaign
from safetyboard.definitions import definition
from ui import widgets as w
from ui.frame import setup

page = setup("打非治违与报送")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("campaign_phases", "monthly_report_compliance", "monthly_report_figures", "monthly_report_submissions",
           "monthly_report_totals", "submission_compliance", "submission_compliance_by_county", "submission_grid",
           "summary_compliance")

due_day = load_campaign().monthly_report_due_day

FIGURES = {  # column -> (label, unit)
    "units_checked": ("检查单位数", "家"),
    "violations_found": ("发现非法违法行为数", "起"),
    "suspended": ("停产整顿数", "家"),
    "closed": ("关闭取缔数", "家"),
    "fine_yuan": ("罚款金额", "万元"),
    "transferred": ("移送司法数", "起"),
    "exposed_count": ("曝光数", "起"),
}
PHASE_FILL = [w.NEUTRAL, w.BAD, w.GOOD, w.MUTED]   # drawn faint, behind the bars


def month_end(d: dt.date) -> dt.date:
    return (pd.Timestamp(d) + pd.offsets.MonthEnd(0)).date()


f = page.filters
at_a = f"截至{fmt.cn_month_day(f.as_of)}"

# ---------------------------------------------------------------- the city at 全市: a row per county
county = f.county if city.is_city() else None
if city.is_city() and county is None:
    st.subheader(f"各区县报送情况（{at_a}）")
    rows = page.query("submission_compliance_by_county")
    by_county = rows[rows["kind"] == "reports"].reset_index(drop=True)
    shown = pd.DataFrame({"区县": by_county["name"]})
    for kind, label in (("reports", "自查报告"), ("monthly", "月报")):
        part = rows[rows["kind"] == kind].reset_index(drop=True)     # the same counties, in the same order
        shown[f"{label}应报"] = part["expected"]
        shown[f"{label}已报"] = part["submitted"]
        shown[f"{label}按时"] = part["on_time"]
        shown[f"{label}未报"] = part["missing"]
        shown[f"{label}及时率（%）"] = fmt.percent_column(part["on_time_rate"])
    shown["数据截至"] = ["无数据" if pd.isna(d) else fmt.cn_date(pd.Timestamp(d).date()) for d in by_county["data_as_of"]]
    w.table(shown, "各区县自查报告与打非治违月报报送情况", page.filters, "rep_by_county")
    st.caption(f"口径同各区县本级：{definition('自查报告报送及时率')}{definition('月报及时率')}"
               "已报＝按时＋迟报。尚未导入数据包的区县为 0（无数据）。")
    names = dict(zip(by_county["name"], by_county["code"].astype(str)))
    chosen = st.selectbox("区县", list(names), index=None, key="rep_county", placeholder="请选择区县")
    if chosen is None:
        st.info("选择区县，查看该区县打非治违月报和各乡/街道、部门的报送情况。")
        st.stop()
    county = names[chosen]
    st.header(f"{chosen}报送情况")
scope = {"county": county} if county else {}    # every query below reads the chosen county's package

# ---------------------------------------------------------------- monthly figures
st.subheader("打非治违月报汇总（本期）")
own = page.own_unit_only     # a 乡/街道 account sees only what its own unit reported
if own:
    st.caption("乡/街道账号：只统计本单位自己报送的月报，部门报送的月报不计入。")
elif f.units or f.industries:
    st.caption("月报按报送单位统计，乡/街道和行业领域筛选对月报不适用；监管部门筛选适用。")
totals = page.district_query("monthly_report_totals", **scope).iloc[0]
tiles = st.columns(4) + st.columns(4)[:3]   # two rows: the 万元 value needs the width
for col, (key, (label, unit)) in zip(tiles, FIGURES.items()):
    value = fmt.wan_yuan(totals[key]) if key == "fine_yuan" else fmt.count(totals[key])
    w.kpi(col, text.flow_label(f"{label}·月报汇总"), value, help=f"统计区间内各月月报合计（{totals['reports']} 份月报）")
st.caption("口径：月报汇总为各部门月报自报数字之和（停产整顿、关闭取缔按家计）；「执法检查」「总览」页的停产停业整顿、关闭取缔"
           "来自执法案件台账（按立案的案件计），两者来源不同，数字可以不一致。")

figures = page.district_query("monthly_report_figures", **scope)
if figures.empty:
    st.info("统计区间内本单位没有报送打非治违月报（月报由各部门报送）。" if own else
            "统计区间内没有已报送的打非治违月报。")
else:
    key = st.selectbox("指标", list(FIGURES), format_func=lambda k: FIGURES[k][0], key="rep_figure")
    label, unit = FIGURES[key]
    scale = 10000 if key == "fine_yuan" else 1
    fig = go.Figure()
    for i, (reporter, part) in enumerate(figures.groupby("reporter", sort=False)):
        fig.add_bar(x=pd.to_datetime(part["month"]), y=part[key] / scale, name=reporter,
                    marker_color=w.SEQUENCE[i % len(w.SEQUENCE)], xperiod="M1", xperiodalignment="middle")
    x0 = pd.Timestamp(f.since.replace(day=1))
    x1 = pd.Timestamp(month_end(f.as_of)) + pd.Timedelta(days=1)
    phases = page.query("campaign_phases")
    for i, p in enumerate(phases.itertuples()):
        start, end = pd.Timestamp(p.start_date), pd.Timestamp(p.end_date) + pd.Timedelta(days=1)
        if end <= x0 or start >= x1:
            continue
        if p.nested:   # e.g. 回头看 inside 集中整治: an outline, labelled at the bottom
            fig.add_vrect(x0=start, x1=end, line=dict(color=w.BAD, dash="dash", width=2), fillcolor="rgba(0,0,0,0)",
                          layer="above", annotation_text=p.name, annotation_position="bottom left")
        else:
            fig.add_vrect(x0=start, x1=end, fillcolor=PHASE_FILL[i % len(PHASE_FILL)], opacity=0.12, line_width=0,
                          layer="below", annotation_text=p.name, annotation_position="top left")
    fig.update_layout(barmode="stack", yaxis_title=f"{label}（{unit}）", xaxis=dict(range=[x0, x1], dtick="M1",
                      ticklabelmode="period"), height=460)
    shown = pd.DataFrame({"月份": [f"{m:%Y-%m}" for m in figures["month"]], "报送单位": figures["reporter"],
                          "报送日期": figures["submitted_date"]})
    for k, (lab, u) in FIGURES.items():
        shown[f"{lab}（{u}）"] = figures[k] / (10000 if k == "fine_yuan" else 1)
    w.chart(fig, shown, f"打非治违月报：{label}（按月、按报送单位）", page.filters, "rep_figures")
    st.caption("底色为打非治违各阶段，虚线框为督导组回头看；统计截止日之后报送的月报不计入。")

# ---------------------------------------------------------------- monthly report timeliness
st.subheader(f"月报报送情况（{at_a}）")
if own:
    # The expected reporters are the member departments: none of them belongs to a 乡/街道.
    st.info("打非治违月报的应报单位是区安委会成员单位（部门），乡/街道不在应报范围内；"
            "乡/街道账号不显示各部门的月报报送情况。")
else:
    summary = page.district_query("monthly_report_compliance", **scope).iloc[0]
    tiles = st.columns(5)
    stock = lambda name: text.stock_label(name, f.as_of)    # noqa: E731
    w.kpi(tiles[0], stock("应报月报"), fmt.count(summary["expected"]))
    w.kpi(tiles[1], stock("月报按时"), fmt.count(summary["on_time"]))
    w.kpi(tiles[2], stock("月报迟报"), fmt.count(summary["late"]))
    w.kpi(tiles[3], stock("月报未报"), fmt.count(summary["missing"]))
    w.kpi(tiles[4], stock("月报及时率"), fmt.percent(summary["on_time_rate"]), help=definition("月报及时率"))
    st.caption(f"口径：{definition('月报及时率')}统计截止日之后才报送的按未报计。与下方自查报告及时率是两项不同的报送。")

    status = page.district_query("monthly_report_submissions", **scope)
    if status.empty:
        st.info("截至统计截止日还没有到期的月报。")
    else:
        state_text = {"on_time": "按时", "late": "迟报", "missing": "未报"}
        status["row"] = status["reporter"]
        status["col"] = [f"{m:%Y-%m}" for m in status["month"]]
        status["text"] = [state_text[s] + (f" {d:%m-%d}" if s == "late" else "")
                          for s, d in zip(status["state"], status["submitted_date"])]
        fig = w.status_grid(status, list(dict.fromkeys(status["row"])), list(dict.fromkeys(status["col"])),
                          {"missing": w.WORSE, "late": w.BAD, "on_time": w.GOOD})
        shown = pd.DataFrame({"部门": status["reporter"], "月份": status["col"], "报送期限": status["due"],
                              "报送日期": status["submitted_date"], "情况": status["state"].map(state_text)})
        w.chart(fig, shown, "各部门打非治违月报报送情况", page.filters, "rep_status")
        st.caption("红色＝未报，橙色＝迟报（格中为报送日期），绿色＝按时。")
        behind = status[status["state"] != "on_time"]
        if not behind.empty:
            shown = pd.DataFrame({"部门": behind["reporter"], "月份": behind["col"], "报送期限": behind["due"],
                                  "报送日期": behind["submitted_date"], "情况": behind["state"].map(state_text)})
            w.table(shown, "月报迟报、未报清单", page.filters, "rep_behind", height=300)

# ---------------------------------------------------------------- self-inspection reports
st.subheader(f"自查报告与总结报送情况（{at_a}）")
comp = page.district_query("submission_compliance", **scope).iloc[0]
summary_comp = page.district_query("summary_compliance", **scope).iloc[0]
node_stock = lambda name: text.stock_label(name, f.as_of)    # noqa: E731
tiles = st.columns(6)
w.kpi(tiles[0], node_stock("应报自查报告"), fmt.count(comp["expected"]),
      help="已到期自查报告节点 × 本单位" if own else "已到期自查报告节点 × 全部乡/街道和成员单位")
w.kpi(tiles[1], node_stock("自查报告按时"), fmt.count(comp["on_time"]))
w.kpi(tiles[2], node_stock("自查报告迟报"), fmt.count(comp["late"]))
w.kpi(tiles[3], node_stock("自查报告未报"), fmt.count(comp["missing"]))
w.kpi(tiles[4], node_stock("自查报告及时率"), fmt.percent(comp["on_time_rate"]), help=definition("自查报告报送及时率"))
w.kpi(tiles[5], node_stock("总结按时报送"),
      "未到期" if int(summary_comp["expected"]) == 0 else f"{int(summary_comp['on_time'])}/{int(summary_comp['expected'])}",
      help=definition("打非治违总结报送"))
st.caption(f"口径：{definition('自查报告报送及时率')}")

subs = page.district_query("submission_grid", **scope)
if subs.empty:
    st.info("没有报送节点或应报单位。")
else:
    state_text = {"on_time": "按时", "late": "迟报", "missing": "未报", "not_due": "未到期"}
    subs["row"] = subs["reporter"]
    subs["col"] = [f"{label}（{due:%m-%d}）" if summary else f"第{n}次（{label}）"
                   for n, label, due, summary in zip(subs["node"], subs["label"], subs["due"], subs["is_summary"])]
    subs["text"] = [state_text[s] + (f" {d:%m-%d}" if s == "late" else "")
                    for s, d in zip(subs["state"], subs["submitted_date"])]
    fig = w.status_grid(subs, list(dict.fromkeys(subs["row"])), list(dict.fromkeys(subs["col"])),
                      {"missing": w.WORSE, "late": w.BAD, "on_time": w.GOOD, "not_due": w.MUTED})
    shown = pd.DataFrame({"报送单位": subs["reporter"], "类别": subs["reporter_kind"], "报送节点": subs["col"],
                          "报送期限": subs["due"], "报送日期": subs["submitted_date"],
                          "情况": subs["state"].map(state_text)})
    w.chart(fig, shown, "本单位自查报告报送情况" if own else "各乡/街道和成员单位自查报告报送情况",
            page.filters, "rep_subs")
    st.caption(("应报单位为本单位。" if own else
                "应报单位为全部乡/街道和区安委会成员单位，不受筛选影响。")
               + "红色＝未报（统计截止日之后才报送的也按未报计），橙色＝迟报，绿色＝按时，灰色＝截至统计截止日尚未到期。")
