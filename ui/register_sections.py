"""The register and accident sections the existing pages show (each page calls one function, so their own code stays as it
was): 排查覆盖率 and 发现方式 on 隐患整改, the cross-checks on 执法检查, the accident figures on 总览.
Every number comes from a query file; the rules are in safetyboard/metric_rules/register.sql."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import formatting as fmt
from safetyboard import rules
from safetyboard import overview_text as text
from safetyboard.definitions import definition
from safetyboard.register_metrics import UNFILLED
from ui import enterprise_links as links
from ui import widgets as w

# The queries/ files this module runs for the pages (tests/test_query_usage.py holds it to this list).
QUERIES = ("accident_list", "accident_summary", "accidents_by_industry", "accidents_by_month", "accidents_by_unit",
           "cross_check_summary", "hazards_by_discovery", "hazards_unpunished", "hazards_unpunished_by_group",
           "punished_self_found_hazards", "register_coverage_by_department", "register_coverage_by_industry",
           "register_coverage_by_unit", "register_coverage_summary", "uninspected_enterprises")

yes_no = {True: "是", False: "否"}


def coverage_tile(page) -> tuple[str, str, str]:
    """(label, value, help) of the 总览's first tile: 排查单位数 against the register, or, without one, 涉及隐患的单位数
    (units that happen to have a hazard on file: not a coverage)."""
    c = page.query("register_coverage_summary").iloc[0]
    if c["has_register"]:
        return (text.flow_label("排查单位数"), f"{fmt.count(c['inspected'])}/{fmt.count(c['registered'])}",
                f"企业名录中本期已排查的单位数/名录单位数，覆盖率{fmt.percent(c['rate'])}。{definition('已排查单位')}")
    return (text.flow_label("涉及隐患的单位数"), fmt.count(c["hazard_enterprises"]),
            "本期有隐患记录的生产经营单位（按统一社会信用代码或单位名称去重）。未导入企业名录，不能计算排查覆盖率。")


def coverage_section(page) -> None:
    """排查覆盖率 by 乡/街道, 行业, 监管部门; 重点单位 separately; the registered units never inspected, by unit."""
    st.subheader("排查覆盖率（本期）")
    c = page.query("register_coverage_summary").iloc[0]
    if not c["has_register"]:
        st.info(f"尚未导入生产经营单位名录（底数），不能计算排查覆盖率。本期涉及隐患的单位数：{fmt.count(c['hazard_enterprises'])}家"
                "（只是恰好有隐患记录的单位，从未排查的单位不在其中）。导入名录后，这里按乡/街道、行业、监管部门显示覆盖率和未排查单位清单。")
        return
    cols = st.columns(4)
    w.kpi(cols[0], "名录单位数", fmt.count(c["registered"]), worse_when_up=None)
    w.kpi(cols[1], "已排查单位数", fmt.count(c["inspected"]), worse_when_up=False, help=definition("已排查单位"))
    w.kpi(cols[2], "排查覆盖率", fmt.percent(c["rate"]), worse_when_up=False, help=definition("排查覆盖率"))
    w.kpi(cols[3], "重点单位覆盖率", f"{fmt.percent(c['key_rate'])}（{fmt.count(c['key_inspected'])}/{fmt.count(c['key_registered'])}）",
          worse_when_up=False, help="企业名录中“是否重点”为“是”的单位单独计算")
    by = st.radio("覆盖率分组", ["按乡/街道", "按行业领域", "按监管部门"], horizontal=True, key="reg_cov_by",
                  label_visibility="collapsed")
    name, dim, col = {"按乡/街道": ("register_coverage_by_unit", "乡/街道", "unit"),
                      "按行业领域": ("register_coverage_by_industry", "行业领域", "industry"),
                      "按监管部门": ("register_coverage_by_department", "监管部门", "department")}[by]
    rows = page.query(name)
    shown = pd.DataFrame({dim: rows[col], "名录单位数": rows["registered"], "已排查": rows["inspected"],
                          "未排查": rows["registered"] - rows["inspected"], "覆盖率": fmt.in_percent(rows["rate"])})
    w.table(shown, f"排查覆盖率（{by}）", page.filters, "reg_cov",
            column_config={"覆盖率": st.column_config.NumberColumn("覆盖率（%）", format="%.1f")})
    missing = page.query("uninspected_enterprises")
    st.markdown(f"**本期未排查的名录单位（{fmt.count(len(missing))}家）**")
    if missing.empty:
        st.caption("名录中的单位本期均有排查记录。")
        return
    shown = pd.DataFrame({
        "乡/街道": missing["unit"], "单位名称": missing["enterprise"], "统一社会信用代码": missing["credit_code"],
        "行业领域": missing["industry"], "监管部门": missing["department"], "规模": missing["scale"],
        "重点单位": missing["key_unit"].map(yes_no), "最近排查日期": missing["last_inspected"]})
    # A large register leaves tens of thousands uninspected: draw the first rows, the download keeps them all.
    w.table(shown, "本期未排查的名录单位", page.filters, "reg_missing", column_config=links.column_config(),
            shown_rows=w.LIST_SHOWN_ROWS, prepare=links.linked("单位名称", "统一社会信用代码"))


def discovery_section(page) -> None:
    """发现方式 breakdown of the hazards found in the period; the share of 企业自查 judges the 自查自纠 phase."""
    st.subheader("隐患发现方式（本期）")
    # a column with no 发现方式 filled in arrives as NaN, not None: both mean 未填写
    got = {(None if pd.isna(r["method"]) else r["method"]): r for r in page.query("hazards_by_discovery").to_dict("records")}
    methods = list(rules.DISCOVERY_METHODS) + ([UNFILLED] if any(m is None for m in got) else [])
    counts = [int(got.get(None if m == UNFILLED else m, {}).get("hazards", 0)) for m in methods]
    total = sum(counts)
    if not total:
        st.info("本期没有隐患记录。")
        return
    df = pd.DataFrame({"发现方式": methods, "隐患数": counts, "占比（%）": [fmt.in_percent(fmt.rate_of(n, total)) for n in counts]})
    fig = go.Figure(go.Bar(x=df["发现方式"], y=df["隐患数"], marker_color=w.NEUTRAL))
    fig.update_layout(yaxis_title="项", xaxis=dict(type="category"))
    w.chart(fig, df, "隐患发现方式", page.filters, "discovery")
    st.caption(f"企业自查发现的隐患占 {fmt.percent(fmt.rate_of(counts[0], total))}，用于评价自查自纠阶段的成效。")


def cross_check_section(page) -> None:
    """通知 四(三): 逾期未改未处罚 and 重大隐患未处罚 by department and 乡/街道; 自查自改仍处罚 for review."""
    st.subheader("隐患与执法交叉核查")
    x = page.query("cross_check_summary").iloc[0]
    cols = st.columns(3)
    w.kpi(cols[0], text.stock_label("逾期未改未处罚", page.filters.as_of), fmt.count(x["overdue_without_case"]),
          help=definition("逾期未改未处罚"))
    w.kpi(cols[1], text.stock_label("重大隐患未处罚", page.filters.as_of), fmt.count(x["major_without_case"]),
          help=definition("重大隐患未处罚"))
    w.kpi(cols[2], text.flow_label("自查自改仍处罚"), fmt.count(x["self_found_penalised"]), worse_when_up=None,
          help=definition("自查自改仍处罚"))
    st.caption(f"比对口径：{definition('同一单位')} 逾期或重大隐患中有对应案件的：按代码匹配 {int(x['with_case_by_code'])} 处，"
               f"按名称匹配 {int(x['with_case_by_name'])} 处；自查自改仍处罚：按代码 {int(x['self_found_by_code'])} 件，"
               f"按名称 {int(x['self_found_by_name'])} 件。")
    groups = page.query("hazards_unpunished_by_group")
    if not groups.empty:
        w.table(groups.rename(columns={"kind": "分组", "name": "名称", "overdue": "逾期未改未处罚", "major": "重大隐患未处罚"}),
                "逾期未改未处罚（按监管部门、乡街道）", page.filters, "xc_groups")
    rows = page.query("hazards_unpunished")
    if not rows.empty:
        shown = pd.DataFrame({
            "监管部门": rows["department"], "乡/街道": rows["unit"], "单位名称": rows["enterprise"],
            "统一社会信用代码": rows["credit_code"], "隐患编号": rows["hazard_no"], "隐患描述": rows["description"],
            "隐患等级": rows["level"], "发现日期": rows["found_date"], "整改期限": rows["deadline"],
            "逾期": rows["overdue"].map(yes_no)})
        w.table(shown, "逾期未改未处罚、重大隐患未处罚清单", page.filters, "xc_list", column_config=links.column_config(),
                shown_rows=w.LIST_SHOWN_ROWS, prepare=links.linked("单位名称", "统一社会信用代码"))
    selfs = page.query("punished_self_found_hazards")
    if not selfs.empty:
        st.markdown("**自查自改仍处罚（供复核）**")
        shown = selfs.rename(columns={
            "case_no": "案件编号", "department": "执法部门", "party": "当事人", "unit": "乡/街道", "filed_date": "立案日期",
            "hazard_no": "隐患编号", "found_date": "隐患发现日期", "rectified_date": "整改完成日期", "matched_by": "匹配方式"})
        w.table(shown, "自查自改仍处罚", page.filters, "xc_self", column_config=links.column_config(),
                shown_rows=w.LIST_SHOWN_ROWS, prepare=links.linked("当事人"))


def accident_tiles(page) -> list[tuple[str, str, str | None]]:
    """(label, value, delta vs the previous year's same period) for the 总览 and the 大屏."""
    a = page.query("accident_summary").iloc[0]
    prev = bool(a["has_previous"])
    delta = (lambda now, before: text.delta_count(now, before)) if prev else (lambda now, before: None)
    return [(text.flow_label("生产安全事故"), fmt.count_with_unit(a["count"], "起"), delta(a["count"], a["prev_count"])),
            (text.flow_label("事故死亡"), fmt.count_with_unit(a["deaths"], "人"), delta(a["deaths"], a["prev_deaths"])),
            (text.flow_label("事故受伤"), fmt.count_with_unit(a["injuries"], "人"), delta(a["injuries"], a["prev_injuries"])),
            (text.flow_label("直接经济损失·万元"), fmt.wan(a["loss_yuan"]), None),
            (text.flow_label("瞒报谎报"), fmt.count_with_unit(a["concealed"], "起"), None)]


def accident_section(page) -> None:
    """The accident figures: tiles with the change against the same period of the previous year, then by month,
    乡/街道 and 行业, and the list with 瞒报谎报 flagged."""
    st.subheader("生产安全事故")
    cols = st.columns(5)
    for col, (label, value, delta) in zip(cols, accident_tiles(page)):
        w.kpi(col, label, value, delta, help=definition("事故起数、死亡、受伤、直接经济损失"))
    st.caption("箭头为与上一年同期相比的变化（事故台账有上一年同期数据时显示）。")
    by = st.radio("事故分组", ["按月", "按乡/街道", "按行业领域"], horizontal=True, key="acc_by",
                  label_visibility="collapsed")
    if by == "按月":
        rows = page.query("accidents_by_month")
        shown = pd.DataFrame({"月份": [fmt.cn_month(m) for m in rows["month"]], "起数": rows["count"],
                              "死亡": rows["deaths"], "受伤": rows["injuries"], "直接经济损失（万元）": fmt.in_wan(rows["loss_yuan"]),
                              "上年同期起数": rows["prev_count"], "上年同期死亡": rows["prev_deaths"]})
    elif by == "按乡/街道":
        rows = page.query("accidents_by_unit")
        shown = pd.DataFrame({"乡/街道": rows["unit"], "起数": rows["count"], "死亡": rows["deaths"], "受伤": rows["injuries"],
                              "直接经济损失（万元）": fmt.in_wan(rows["loss_yuan"]), "瞒报谎报": rows["concealed"],
                              "上年同期起数": rows["prev_count"], "上年同期死亡": rows["prev_deaths"]})
    else:
        rows = page.query("accidents_by_industry")
        shown = pd.DataFrame({"行业领域": rows["industry"], "起数": rows["count"], "死亡": rows["deaths"],
                              "受伤": rows["injuries"], "直接经济损失（万元）": fmt.in_wan(rows["loss_yuan"]),
                              "上年同期起数": rows["prev_count"], "上年同期死亡": rows["prev_deaths"]})
    w.table(shown, f"生产安全事故（{by}）", page.filters, "acc_by",
            column_config={"直接经济损失（万元）": st.column_config.NumberColumn(format="%.2f")})
    listed = page.query("accident_list")
    if not listed.empty:
        shown = pd.DataFrame({
            "发生日期": listed["occurred_date"], "事故编号": listed["accident_no"], "乡/街道": listed["unit"],
            "单位名称": listed["enterprise"], "行业领域": listed["industry"], "事故类型": listed["accident_type"],
            "死亡": listed["deaths"], "受伤": listed["injuries"], "直接经济损失（万元）": fmt.in_wan(listed["loss_yuan"]),
            "瞒报谎报": listed["concealed"].map({True: "⚠ 瞒报谎报", False: ""})})
        # a city's list runs to thousands (194 KB on every 总览 run): the first rows, all of them in the download
        w.table(shown, "生产安全事故清单", page.filters, "accident_list", column_config=links.column_config(),
                shown_rows=w.LIST_SHOWN_ROWS, prepare=links.linked("单位名称"))
