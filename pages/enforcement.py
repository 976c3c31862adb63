"""执法检查: cases by department, 处罚种类, 打非治违 category and month; fines and the hard measures;
典型执法案例 per department and quarter; departments ranked by cases per enterprise supervised."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import formatting as fmt
from safetyboard import overview_text as text
from safetyboard.config import load_campaign
from ui import enterprise_links as links
from ui import widgets as w
from ui import register_sections
from ui.frame import setup

page = setup("执法检查")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("enforcement_by_category", "enforcement_by_department", "enforcement_by_measure", "enforcement_by_month",
           "enforcement_cases", "enforcement_summary", "typical_cases_by_quarter")

typical_min, typical_max = load_campaign().typical_cases_per_quarter


s = page.query("enforcement_summary").iloc[0]
tiles = st.columns(7)
ledger = lambda name: text.flow_label(f"{name}·案件台账")    # noqa: E731  every tile: cases filed in [S, A]
w.kpi(tiles[0], ledger("执法案件数"), fmt.count(s["cases"]), help="立案日期在统计区间内的案件")
w.kpi(tiles[1], ledger("罚款总额"), fmt.wan_yuan(s["fines_yuan"]))
w.kpi(tiles[2], ledger("停产停业整顿"), fmt.count(s["suspended"]), help="处罚种类含停产停业整顿的案件数")
w.kpi(tiles[3], ledger("关闭取缔"), fmt.count(s["closed"]), help="处罚种类含关闭取缔的案件数")
w.kpi(tiles[4], ledger("移送司法"), fmt.count(s["transferred"]), help="处罚种类含移送司法的案件数")
w.kpi(tiles[5], ledger("典型案例"), fmt.count(s["typical"]))
w.kpi(tiles[6], ledger("曝光"), fmt.count(s["exposed"]))
st.caption("口径：以上均来自执法案件台账，按立案日期在统计区间内的案件计（一案含多种处罚的各计一次）；"
           "「打非治违与报送」页的停产整顿、关闭取缔是各部门月报自报数的汇总（按家计），来源不同，数字可以不一致。")

# ---------------------------------------------------------------- breakdowns
if not s["cases"]:
    st.info("统计区间内没有执法案件。可调整统计区间或筛选条件，或在「数据导入」页面导入行政执法案件台账。")
else:
    left, right = st.columns(2)
    with left:
        dept = page.query("enforcement_by_department")
        dept = dept[dept["cases"] > 0].sort_values("cases", kind="stable")
        fig = go.Figure(go.Bar(x=dept["cases"], y=dept["department"], orientation="h", marker_color=w.NEUTRAL,
                               text=dept["cases"], textposition="auto"))
        fig.update_layout(xaxis_title="案件数", height=140 + 32 * len(dept))
        shown = dept.iloc[::-1][["department", "cases", "fines_yuan"]].assign(fines_yuan=lambda d: fmt.in_wan(d["fines_yuan"]))
        w.chart(fig, shown.rename(columns={"department": "执法部门", "cases": "案件数", "fines_yuan": "罚款金额（万元）"}),
                "各部门执法案件数", page.filters, "enf_dept")
    with right:
        measures = page.query("enforcement_by_measure").sort_values("cases", kind="stable")
        fig = go.Figure(go.Bar(x=measures["cases"], y=measures["measure"], orientation="h", marker_color=w.NEUTRAL,
                               text=measures["cases"], textposition="auto"))
        fig.update_layout(xaxis_title="案件数", height=140 + 32 * len(measures))
        w.chart(fig, measures.iloc[::-1].rename(columns={"measure": "处罚种类", "cases": "案件数"}),
                "按处罚种类（一案多种时分别计入）", page.filters, "enf_measure")

    left, right = st.columns(2)
    with left:
        cats = page.query("enforcement_by_category")
        cats["label"] = [name if pd.isna(no) else (f"{int(no)}. {name}" if no else name)
                         for no, name in zip(cats["no"], cats["category"])]
        fig = go.Figure(go.Bar(x=cats["cases"], y=cats["label"], orientation="h", marker_color=w.NEUTRAL,
                               text=cats["cases"], textposition="auto"))
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(xaxis_title="案件数", height=140 + 30 * len(cats))
        w.chart(fig, cats[["label", "cases"]].rename(columns={"label": "违法类别", "cases": "案件数"}),
                "按打非治违类别", page.filters, "enf_category")
    with right:
        months = page.query("enforcement_by_month")
        months["label"] = [f"{m:%Y-%m}" for m in months["month"]]
        fig = go.Figure()
        fig.add_bar(x=months["label"], y=months["cases"], name="案件数", marker_color=w.NEUTRAL)
        fig.add_scatter(x=months["label"], y=fmt.in_wan(months["fines_yuan"]), name="罚款（万元）", yaxis="y2",
                        mode="lines+markers", line=dict(color=w.BAD))
        fig.update_layout(yaxis=dict(title="案件数", rangemode="tozero"),
                          yaxis2=dict(title="罚款（万元）", overlaying="y", side="right", rangemode="tozero", showgrid=False),
                          xaxis=dict(type="category"))
        shown = months.assign(fines=fmt.in_wan(months["fines_yuan"]))[["label", "cases", "fines"]]
        w.chart(fig, shown.rename(columns={"label": "月份", "cases": "案件数", "fines": "罚款金额（万元）"}),
                "按月份（立案日期）", page.filters, "enf_month")

# ---------------------------------------------------------------- 典型执法案例 per quarter
st.subheader("典型执法案例报送（按季度）")
grid = page.query("typical_cases_by_quarter", typical_min=typical_min, typical_max=typical_max)
if grid.empty:
    st.info("没有可统计的部门：部门名单中没有标为负有安全监管职责的部门，或筛选条件排除了它们。")
else:
    state_text = {"short": "不足", "pending": "本季度未满", "ok": "达标", "over": "超过要求"}
    grid["col"] = [f"{y}年第{q}季度" for y, q in zip(grid["year"], grid["quarter"])]
    grid["row"] = grid["department"]
    grid["text"] = [f"{n} 件" + ("（不足）" if st_ == "short" else "") for n, st_ in zip(grid["typical"], grid["state"])]
    colours = {"short": w.WORSE, "pending": w.BAD, "ok": w.GOOD, "over": w.NEUTRAL}
    fig = w.status_grid(grid, list(dict.fromkeys(grid["row"])), list(dict.fromkeys(grid["col"])), colours)
    shown = grid.assign(state=grid["state"].map(state_text))[["department", "col", "typical", "state"]]
    w.chart(fig, shown.rename(columns={"department": "部门", "col": "季度", "typical": "典型案例数", "state": "情况"}),
            "各部门每季度典型执法案例", page.filters, "enf_typical")
    st.caption(f"要求：各负有安全监管职责的部门每季度报送 {typical_min} 至 {typical_max} 件典型执法案例（按处罚决定日期计入季度，未填的按立案日期）。"
               "红色＝已结束的季度不足要求，橙色＝本季度尚未结束且暂未达到，绿色＝达标，蓝色＝超过要求件数。"
               "部门为 data/departments.csv 中标为“负有安全监管职责”的成员单位（没有案件的显示 0 件、不足）；本表按监管部门筛选，不按行业筛选。"
               + ("选定乡/街道时只列在该乡/街道有执法案件或监管隐患的部门，只计所属乡/街道为该乡/街道的典型案例；"
                  "季度要求是对部门全区案件的要求，此处仅为该乡/街道部分的对照。" if page.filters.units else
                  "未选乡/街道时为全区口径。"))

# ---------------------------------------------------------------- ranking
st.subheader("部门执法力度排名")
rank = page.query("enforcement_by_department")
if rank.empty:
    st.info("统计区间内没有执法案件，隐患台账中也没有监管部门。")
else:
    shown = pd.DataFrame({
        "排名": rank["rank"].astype("Int64"),
        "部门": rank["department"],
        "执法案件数": rank["cases"],
        "监管企业数": rank["enterprises"],
        "每家企业案件数": rank["cases_per_enterprise"],
        "罚款金额（万元）": fmt.in_wan(rank["fines_yuan"]),
        "停产停业整顿": rank["suspended"],
        "关闭取缔": rank["closed"],
        "移送司法": rank["transferred"],
        "典型案例": rank["typical"],
    })
    w.table(shown, "部门执法力度排名", page.filters, "enf_rank",
            column_config={"每家企业案件数": st.column_config.NumberColumn(format="%.2f"),
                           "罚款金额（万元）": st.column_config.NumberColumn(format="%.2f")})
    st.caption("监管企业数＝统计区间内隐患台账中「监管部门」为该部门的不同企业数（按统一社会信用代码，无代码时按企业名称）；"
               "每家企业案件数＝执法案件数 ÷ 监管企业数，隐患台账中没有监管企业的部门不参与排名。")

# ---------------------------------------------------------------- the cases, each 当事人 opening its 一企一档
CASE_LIMIT = 2000
if s["cases"]:
    st.subheader("执法案件清单")
    cases = page.query("enforcement_cases", row_limit=CASE_LIMIT)
    total = int(cases["total_rows"].iloc[0])
    if total > len(cases):
        st.warning(f"统计区间内共 {fmt.count(total)} 件，仅显示最近立案的 {fmt.count(len(cases))} 件（下载的 Excel 同样为这些行）。")
    shown = pd.DataFrame({
        "案件编号": cases["case_no"], "执法部门": cases["department"], "当事人": cases["party"],
        "统一社会信用代码": cases["credit_code"], "乡/街道": cases["unit"], "立案日期": cases["filed_date"],
        "处罚决定日期": cases["decision_date"], "处罚种类": cases["measures"], "罚款金额（万元）": fmt.in_wan(cases["fine_yuan"]),
        "典型案例": cases["typical"].map({True: "是", False: "否"}), "违法行为": cases["violation"]})
    w.table(shown, "执法案件清单", page.filters, "enf_cases",
            column_config={**links.column_config(), "罚款金额（万元）": st.column_config.NumberColumn(format="%.2f")},
            shown_rows=w.LIST_SHOWN_ROWS, prepare=links.linked("当事人", "统一社会信用代码", beside=True))

register_sections.cross_check_section(page)
