"""一企一档: one enterprise's file: its register entry, hazards, cases, 督导 visits and problems, tips about it (安委办
only; never the reporter) and accidents, on one timeline. Search by name, folded name or 统一社会信用代码, partial."""
import pandas as pd
import streamlit as st

from safetyboard import rules
from safetyboard import formatting as fmt
from safetyboard.formatting import escape_markdown
from ui import widgets as w
from ui.enterprise_links import QUERY_PARAM
from ui.frame import setup

page = setup("一企一档")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("enterprise_cases", "enterprise_hazards", "enterprise_register_entry", "enterprise_search",
           "enterprise_timeline", "enterprise_tips")

SEARCH_LIMIT = 50
yes_no = {True: "是", False: "否"}

text = st.text_input("查找单位", value=st.query_params.get(QUERY_PARAM, ""), key="ent_q",
                     placeholder="输入单位名称或统一社会信用代码（可只输入一部分）")
search_key = rules.fold_name(text)
if not search_key:
    st.info("输入单位名称（全称或其中一段，空格、全半角、括号不影响）或统一社会信用代码，查看该单位的名录信息、"
            "隐患、执法案件、督导、事故等全部记录。其他页面表格中的“一企一档”列也可直接打开。")
    st.stop()

found = page.query("enterprise_search", search_key=search_key, limit=SEARCH_LIMIT)
if found.empty:
    st.warning(f"没有找到名称或统一社会信用代码包含「{escape_markdown(text.strip())}」的单位（在您可查看的范围内）。")
    st.stop()
labels = [" · ".join(str(v) for v in (r.enterprise, r.unit, r.ent_code) if isinstance(v, str) and v)
          for r in found.itertuples()]
if len(found) >= SEARCH_LIMIT:
    st.caption(f"匹配的单位较多，仅列出前 {SEARCH_LIMIT} 家，请输入更完整的名称或代码。")
choice = st.selectbox(f"匹配的单位（{len(found)} 家）", range(len(found)), format_func=lambda i: labels[i],
                      key="ent_pick")
ent = found.iloc[choice]
ent_code = ent["ent_code"] if isinstance(ent["ent_code"], str) else None
ent_key = ent["ent_key"]
params = dict(ent_code=ent_code, ent_key=ent_key, target_key=f"{rules.ORG_ENTERPRISE}:{ent_key}")

st.subheader(escape_markdown(ent["enterprise"]))
entry = page.query("enterprise_register_entry", **params)
if entry.empty:
    st.info("企业名录中没有这家单位（未导入名录，或名录中未登记）。")
else:
    e = entry.iloc[0]
    st.dataframe(pd.DataFrame([{
        "统一社会信用代码": e["credit_code"], "所属乡(街道)": e["unit"], "行业领域": e["industry"], "监管部门": e["department"],
        "规模": e["scale"], "重点单位": yes_no.get(e["key_unit"], "—") if pd.notna(e["key_unit"]) else "—",
        "最近排查日期": e["last_inspected"], "排查结果": e["inspection_result"]}]), hide_index=True, width="stretch",
        placeholder="—")

hazards = page.query("enterprise_hazards", **params)
cases = page.query("enterprise_cases", **params)
timeline = page.query("enterprise_timeline", **params)
tiles = st.columns(5)
w.kpi(tiles[0], "隐患", fmt.count(len(hazards)), help="截至统计截止日发现的全部隐患")
w.kpi(tiles[1], "未整改", fmt.count((~hazards["rectified"]).sum()) if len(hazards) else "0",
      help="截至统计截止日未整改（存量）")
w.kpi(tiles[2], "逾期未整改", fmt.count(hazards["overdue"].sum()) if len(hazards) else "0")
w.kpi(tiles[3], "执法案件", fmt.count(len(cases)))
w.kpi(tiles[4], "生产安全事故", fmt.count((timeline["ledger"] == "事故").sum()) if len(timeline) else "0")

st.markdown("#### 时间线")
if timeline.empty:
    st.info("截至统计截止日没有这家单位的记录。")
else:
    w.table(timeline.rename(columns={"event_date": "日期", "ledger": "台账", "event": "事项", "detail": "内容"}),
            f"一企一档_{ent['enterprise']}_时间线", page.filters, "enterprise_timeline")

st.markdown("#### 隐患")
if hazards.empty:
    st.caption("没有隐患记录。")
else:
    shown = hazards.assign(rectified=hazards["rectified"].map(yes_no), overdue=hazards["overdue"].map(yes_no))
    w.table(shown.rename(columns={
        "hazard_no": "隐患编号", "unit": "乡/街道", "description": "隐患描述", "level": "隐患等级", "discovery_method": "发现方式",
        "found_date": "发现日期", "deadline": "整改期限", "status": "整改状态", "rectified_date": "整改完成日期",
        "rectified": "已整改", "overdue": "逾期", "listed": "挂牌督办"}),
        f"一企一档_{ent['enterprise']}_隐患", page.filters, "enterprise_hazards")

st.markdown("#### 执法案件")
if cases.empty:
    st.caption("没有执法案件。")
else:
    w.table(cases.rename(columns={
        "case_no": "案件编号", "department": "执法部门", "party": "当事人", "unit": "乡/街道", "filed_date": "立案日期",
        "decision_date": "处罚决定日期", "measures": "处罚种类", "fine_yuan": "罚款金额(元)", "violation": "违法行为"}),
        f"一企一档_{ent['enterprise']}_案件", page.filters, "enterprise_cases")

if page.can("enterprise_tips"):
    st.markdown("#### 举报（不含举报人信息）")
    tips = page.query("enterprise_tips", **params)
    if tips.empty:
        st.caption("没有针对该单位的举报。")
    else:
        w.table(tips.rename(columns={"received_date": "受理日期", "tip_no": "受理编号", "channel": "举报渠道",
                                     "category": "举报类别", "result": "核查结果", "closed_date": "办结日期"}),
                f"一企一档_{ent['enterprise']}_举报", page.filters, "enterprise_tips")
