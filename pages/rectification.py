"""隐患整改: who is behind (整改率, 逾期 by 乡/街道, 行业, 部门), the weekly trend, 重大隐患 and their 五落实,
the overdue and 临期 lists, and the national 隐患排查治理情况统计表."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import rules
from safetyboard.briefing import stats_form
from safetyboard.exports import table_xlsx
from safetyboard import formatting as fmt
from safetyboard import overview_text as text
from safetyboard.definitions import definition
from ui import enterprise_links, register_sections
from ui.frame import setup
from ui.widgets import (BAD, GOOD, LIST_SHOWN_ROWS, NEUTRAL, REDS, WORSE, chart, download_name, filter_lines, kpi,
                        limited_note, table)

page = setup("隐患整改")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("hazard_stats_table_by_county", "hazard_stats_table_by_industry", "hazard_stats_table_by_unit",
           "hazard_summary", "major_hazards",
           "overdue_and_upcoming_hazards", "rectification_by_department", "rectification_by_industry",
           "rectification_by_unit", "rectification_by_week")

ROW_LIMIT = 2000  # hazard lists are bounded; the page says when a list is cut
NARROW_HINT = "请用侧栏的乡/街道、行业、部门筛选缩小范围。"
p = page.params()
unit_names = page.unit_names      # the 乡/街道 of this instance, or of the county a city shows
yes_no = {True: "是", False: "否"}
tick = {True: "✓", False: "✗"}


summary = page.query("hazard_summary").iloc[0]
A = page.filters.as_of
at_a = f"截至{fmt.cn_month_day(A)}"
flow, stock = text.flow_label, (lambda name: text.stock_label(name, A))
cols = st.columns(7)
kpi(cols[0], flow("隐患总数"), fmt.count(summary["total"]), worse_when_up=False, help=definition("隐患总数"))
kpi(cols[1], flow("已整改"), fmt.count(summary["rectified"]), worse_when_up=False, help=definition("已整改"))
kpi(cols[2], flow("整改率"), fmt.percent(summary["rectification_rate"]), worse_when_up=False, help=definition("整改率"))
kpi(cols[3], stock("逾期未整改"), fmt.count(summary["overdue"]), help=definition("逾期未整改"))
kpi(cols[4], stock("未定整改时限"), fmt.count(summary["no_deadline"]), help=definition("未定整改时限"))
kpi(cols[5], stock(f"临期（{p['upcoming_days']}日内到期）"), fmt.count(summary["upcoming"]), help=definition("临期"))
kpi(cols[6], flow("重大隐患五落实率"), fmt.percent(summary["five_complete_rate"]), worse_when_up=False,
    help=definition("五落实完成率"))
# Stocks stand at A whatever the period: a phase with no new hazard may still have open overdue ones.
if int(summary["total"]) == 0 and int(summary["open"]) == 0:
    st.info("当前筛选条件下没有隐患记录。请调整侧栏的统计阶段、截止日或乡/街道、行业、部门筛选。")
    st.stop()

# ---------------------------------------------------------------- by 乡/街道, 行业, 部门
st.subheader(f"分组整改情况（隐患数、整改率：本期；逾期、未定时限、临期：{at_a}）")
GROUPS = {"按乡/街道": ("rectification_by_unit", "乡/街道"), "按行业领域": ("rectification_by_industry", "行业领域"),
          "按监管部门": ("rectification_by_department", "监管部门")}
group = st.radio("分组方式", list(GROUPS), horizontal=True, key="rect_group", label_visibility="collapsed")
query_name, dim = GROUPS[group]
grouped = page.query(query_name)
rate_pct = fmt.percent_column(grouped["rectification_rate"])
grouped_table = pd.DataFrame({
    dim: grouped["label"], "隐患数（本期）": grouped["total"], "已整改（本期）": grouped["rectified"],
    "整改率（%，本期）": rate_pct, f"逾期未整改（{at_a}）": grouped["overdue"],
    f"未定整改时限（{at_a}）": grouped["no_deadline"], f"临期（{at_a}）": grouped["upcoming"]})
height = max(320, 34 * len(grouped) + 120)
left, right = st.columns(2)
with left:
    # Lower rate = darker red; groups without hazards have no bar.
    fig = go.Figure(go.Bar(
        y=grouped["label"], x=rate_pct, orientation="h", text=[fmt.percent(v) for v in grouped["rectification_rate"]],
        textposition="outside", cliponaxis=False,
        marker=dict(color=rate_pct.fillna(100), colorscale=REDS, reversescale=True, cmin=0, cmax=100),
        hovertemplate="%{y}：整改率 %{x:.1f}%<extra></extra>"))
    fig.update_layout(height=height, xaxis=dict(title="整改率（%）", range=[0, 110]), yaxis=dict(autorange="reversed"))
    chart(fig, grouped_table, f"整改率（{group}）", page.filters, f"rect_rate_{query_name}", unit_names=unit_names)
with right:
    fig = go.Figure([
        go.Bar(y=grouped["label"], x=grouped["overdue"], name="逾期未整改", orientation="h", marker_color=WORSE,
               hovertemplate="%{y}：逾期未整改 %{x}<extra></extra>"),
        go.Bar(y=grouped["label"], x=grouped["upcoming"], name=f"临期（{p['upcoming_days']}日内到期）", orientation="h",
               marker_color=BAD, hovertemplate="%{y}：临期 %{x}<extra></extra>"),
    ])
    fig.update_layout(barmode="stack", height=height, xaxis=dict(title="隐患数（处）", rangemode="tozero"),
                      yaxis=dict(autorange="reversed"))
    chart(fig, grouped_table, f"逾期与临期（{group}）", page.filters, f"rect_overdue_{query_name}", unit_names=unit_names)

# ---------------------------------------------------------------- weekly trend
st.subheader("隐患发现与整改趋势（按周，本期）")
weekly = page.query("rectification_by_week")
weekly_table = pd.DataFrame({
    "周起始日": weekly["week_start"], "周截止日": weekly["week_end"],
    "本周发现": weekly["found"], "本周整改": weekly["rectified"],
    "累计发现": weekly["found_cum"], "累计整改": weekly["rectified_cum"]})
left, right = st.columns(2)
with left:
    fig = go.Figure([
        go.Bar(x=weekly["week_start"], y=weekly["found"], name="本周发现", marker_color=NEUTRAL),
        go.Bar(x=weekly["week_start"], y=weekly["rectified"], name="本周整改", marker_color=GOOD),
    ])
    fig.update_layout(barmode="group", height=380, xaxis=dict(title="周（周一起）"), yaxis=dict(title="隐患数（处）"))
    chart(fig, weekly_table, "每周发现与整改隐患数", page.filters, "rect_weekly_bars", unit_names=unit_names)
with right:
    fig = go.Figure([
        go.Scatter(x=weekly["week_start"], y=weekly["found_cum"], name="累计发现", mode="lines+markers",
                   line=dict(color=NEUTRAL, width=3)),
        go.Scatter(x=weekly["week_start"], y=weekly["rectified_cum"], name="累计整改", mode="lines+markers",
                   line=dict(color=GOOD, width=3)),
    ])
    fig.update_layout(height=380, xaxis=dict(title="周（周一起）"), yaxis=dict(title="隐患数（处）", rangemode="tozero"))
    chart(fig, weekly_table, "累计发现与整改隐患数", page.filters, "rect_weekly_cum", unit_names=unit_names)
undated = int(weekly["rectified_undated"].iloc[0]) if len(weekly) else 0
if undated:
    st.caption(f"另有 {fmt.count(undated)} 处隐患已整改但台账未填整改完成日期，无法归入某一周，未计入上图的整改数。")

# ---------------------------------------------------------------- 重大隐患 and 五落实
st.subheader("重大隐患及五落实情况（本期）")
major = page.query("major_hazards", row_limit=ROW_LIMIT)
if major.empty:
    st.info("当前筛选条件下没有重大隐患。")
else:
    st.caption(f"重大隐患 {fmt.count(summary['major'])} 处，其中五落实全部到位 {fmt.count(summary['five_complete'])} 处"
               f"（{fmt.percent(summary['five_complete_rate'])}）；✓ 已落实，✗ 未落实。"
               f"{at_a}未定整改时限的重大隐患 {fmt.count(summary['major_no_deadline'])} 处（五落实缺“时限”），在表中标出。")
    limited_note(major, "重大隐患", NARROW_HINT)
    major_table = pd.DataFrame({
        "隐患编号": major["hazard_no"].fillna(""), "乡/街道": major["unit"], "单位名称": major["enterprise"],
        "监管部门": major["department"], "隐患描述": major["description"],
        "整改期限（含延期）": major["deadline_in_force"],
        "状态": major["status"], "已整改": major["rectified"].map(yes_no),
        "销号": [("已销号" if c else "已整改待销号") if r else "" for r, c in zip(major["rectified"], major["closed"])],
        "是否逾期": major["overdue"].map(yes_no),
        "未定整改时限": major["no_deadline"].map({True: "⚠ 未定时限", False: ""}),
        "责任人": major["has_responsible"].map(tick), "措施": major["has_measures"].map(tick),
        "资金": major["has_funds"].map(tick), "时限": major["has_deadline"].map(tick),
        "预案": major["has_plan"].map(tick), "五落实": major["five_complete"].map({True: "完成", False: "未完成"}),
        "挂牌督办": major["listed"], "摘牌日期": major["delisted_date"],
    })
    table(major_table, "重大隐患及五落实情况", page.filters, "rect_major",
          column_config=enterprise_links.column_config(), unit_names=unit_names, shown_rows=LIST_SHOWN_ROWS,
          prepare=enterprise_links.linked("单位名称"))

# ---------------------------------------------------------------- overdue and 临期
st.subheader(f"逾期与临期隐患（{at_a}）")
late = page.query("overdue_and_upcoming_hazards", row_limit=ROW_LIMIT)
if late.empty:
    st.info(f"当前筛选条件下没有逾期未整改或{p['upcoming_days']}日内到期的隐患。")
else:
    st.caption(f"逾期未整改 {fmt.count(late['overdue_rows'].iloc[0])} 处，临期（{p['upcoming_days']}日内到期，含当日）"
               f"{fmt.count(late['upcoming_rows'].iloc[0])} 处；另有未定整改时限 {fmt.count(summary['no_deadline'])} 处。"
               "逾期天数 = 统计截止日 − 整改期限（延期至晚于整改时限的按延期至）。存量口径：不论发现于哪个阶段。")
    limited_note(late, "逾期与临期隐患", NARROW_HINT)
    late_table = pd.DataFrame({
        "类别": late["kind"].map({"overdue": "逾期", "upcoming": "临期"}),
        "逾期天数": late["days_overdue"].astype("Int64"), "剩余天数": late["days_left"].astype("Int64"),
        "隐患编号": late["hazard_no"].fillna(""), "乡/街道": late["unit"], "监管部门": late["department"],
        "单位名称": late["enterprise"], "隐患描述": late["description"], "等级": late["level"],
        "整改时限": late["deadline"], "延期至": late["extended_to"], "状态": late["status"],
        "整改完成日期": late["rectified_date"], "挂牌督办": late["listed"],
    })
    table(late_table, "逾期与临期隐患清单", page.filters, "rect_late",
          column_config=enterprise_links.column_config(), unit_names=unit_names, shown_rows=LIST_SHOWN_ROWS,
          prepare=enterprise_links.linked("单位名称"))

# ---------------------------------------------------------------- the national statistics table
st.subheader("隐患排查治理情况统计表（本期）")
st.caption("整改率（%）为已整改 ÷ 隐患数，合计行按全部隐患重新计算；重大隐患“已整改销号”只计已销号；"
           f"列入治理计划的重大隐患：{definition('列入治理计划的重大隐患')}"
           f"挂牌督办：{definition('挂牌督办')}累计落实治理资金为统计范围内全部隐患的整改资金。")
STATS_CSS = ("<style>table.stats-form{width:100%;border-collapse:collapse;font-size:0.85rem;table-layout:fixed}"
             "table.stats-form th,table.stats-form td{border:1px solid #B8C2D0;padding:3px 4px;text-align:center}"
             "table.stats-form th{background:#DDE4EE;font-weight:600;line-height:1.25}"
             "table.stats-form th:first-child{width:7.5em}"
             "table.stats-form tr.total td{font-weight:700;background:#F3F5F8}</style>")
# A switch, not st.tabs: tabs would run both tables' queries on every run, the switch only the one shown.
STATS = {"按乡/街道": ("hazard_stats_table_by_unit", "乡/街道", "按乡镇街道", "rect_stats_unit"),
         "按行业领域": ("hazard_stats_table_by_industry", "行业领域", "按行业领域", "rect_stats_industry")}
if page.is_city and not page.filters.county:     # the whole city: the paper form's rows are its 区县 first
    STATS = {"按区县": ("hazard_stats_table_by_county", "区县", "按区县", "rect_stats_county"), **STATS}
stats_by = st.radio("统计表分组", list(STATS), horizontal=True, key="rect_stats_by", label_visibility="collapsed")
query_name, dim, title, key = STATS[stats_by]
stats_rows = page.query(query_name)
# The paper form: an HTML table with its two-row grouped header (no grid, no horizontal scrolling at 1920).
st.markdown(STATS_CSS + stats_form.stats_html(stats_rows.to_dict("records"), dim), unsafe_allow_html=True)
stats = text.stats_table_display(stats_rows, dim)
stats_title = f"隐患排查治理情况统计表（{title}）"
st.download_button(
    "下载 Excel", file_name=download_name(stats_title), key=f"dl_{key}", on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    data=lambda: table_xlsx({stats_title: stats}, title=stats_title, filters=filter_lines(page.filters, unit_names)))

register_sections.coverage_section(page)
register_sections.discovery_section(page)
