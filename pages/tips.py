"""举报奖励: tips by channel and month, 举报属实率, rewards, and how long tips take to close.
No reporter identity exists to show: the importer drops those columns."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import formatting as fmt
from safetyboard import overview_text as text
from ui import enterprise_links as links
from ui import widgets as w
from ui.frame import setup

page = setup("举报奖励")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("tip_summary", "tips_by_channel", "tips_by_days_to_close", "tips_by_month", "tips_handling", "tips_list")


st.info("本系统不保存举报人信息：姓名、联系电话、身份证号、住址等列在导入时即被删除，导入记录只写明删除了哪些列。"
        "依照通知要求，不得以任何方式泄露举报人有关个人信息。")

s = page.query("tip_summary").iloc[0]
h = page.query("tips_handling").iloc[0]
tiles = st.columns(4)
w.kpi(tiles[0], text.flow_label("举报件数"), fmt.count(s["total"]), help="受理日期在统计区间内的举报")
w.kpi(tiles[1], text.flow_label("举报属实率"), fmt.percent(s["verified_rate"]),
      help=f"属实 {s['verified_true']} 件 ÷（属实 {s['verified_true']} 件 + 不属实 {s['verified_false']} 件），核查中的不计入")
w.kpi(tiles[2], text.flow_label("奖励金额"), fmt.yuan(s["rewards_yuan"]))
w.kpi(tiles[3], text.flow_label("获奖励举报"), fmt.count(h["rewarded"]),
      help=f"奖励金额大于 0 的举报；属实但尚无奖励的 {h['true_unrewarded']} 件")
tiles = st.columns(4)
w.kpi(tiles[0], text.flow_label("已办结"), fmt.count(h["closed"]), help="本期受理的举报中，办结日期不晚于统计截止日的")
w.kpi(tiles[1], text.flow_label("未办结"), fmt.count(h["open"]), help="本期受理的举报中，截至统计截止日未办结的")
w.kpi(tiles[2], text.flow_label("办结用时（中位数）"), fmt.days(h["median_days"]), help="办结日期 − 受理日期")
w.kpi(tiles[3], text.flow_label("办结用时（平均）"), fmt.days(h["mean_days"]), help=f"最长 {fmt.days(h['max_days'])}")

if not s["total"]:
    st.info("统计区间内没有举报记录。可调整统计区间或筛选条件，或在「数据导入」页面导入举报受理台账。")
else:
    left, right = st.columns(2)
    with left:
        ch = page.query("tips_by_channel")
        fig = go.Figure()
        fig.add_bar(x=ch["channel"], y=ch["verified_true"], name="属实", marker_color=w.NEUTRAL)
        fig.add_bar(x=ch["channel"], y=ch["verified_false"], name="不属实", marker_color=w.MUTED)
        fig.add_bar(x=ch["channel"], y=ch["pending"], name="核查中/未填写", marker_color=w.BAD)
        fig.update_layout(barmode="stack", yaxis_title="件数", xaxis=dict(type="category"))
        shown = ch.rename(columns={"channel": "举报渠道", "tips": "举报件数", "verified_true": "属实",
                                   "verified_false": "不属实", "pending": "核查中/未填写"})
        w.chart(fig, shown, "按举报渠道", page.filters, "tips_channel")
    with right:
        bym = page.query("tips_by_month")
        bym["label"] = [f"{m:%Y-%m}" for m in bym["month"]]
        fig = go.Figure()
        for i, (channel, part) in enumerate(bym.groupby("channel", sort=False)):
            fig.add_bar(x=part["label"], y=part["tips"], name=channel, marker_color=w.SEQUENCE[i % len(w.SEQUENCE)])
        fig.update_layout(barmode="stack", yaxis_title="件数", xaxis=dict(type="category"))
        shown = bym[["label", "channel", "tips"]].rename(columns={"label": "月份", "channel": "举报渠道", "tips": "举报件数"})
        w.chart(fig, shown, "按月份（受理日期）和渠道", page.filters, "tips_month")

    dist = page.query("tips_by_days_to_close")
    if not h["closed"]:
        st.info("统计区间内的举报截至统计截止日都还没有办结。")
    else:
        fig = go.Figure(go.Bar(x=dist["bucket"], y=dist["tips"], marker_color=w.NEUTRAL, text=dist["tips"],
                               textposition="auto"))
        fig.update_layout(yaxis_title="件数", xaxis=dict(type="category", title="办结用时"))
        w.chart(fig, dist.rename(columns={"bucket": "办结用时", "tips": "举报件数"}),
                "办结用时分布（办结日期 − 受理日期）", page.filters, "tips_days")

# ---------------------------------------------------------------- the tips one by one (安委办 only)
TIP_LIMIT = 2000
if s["total"] and page.can("tips_list"):
    st.subheader("举报件清单（不含举报人信息）")
    tips = page.query("tips_list", row_limit=TIP_LIMIT)
    if int(tips["total_rows"].iloc[0]) > len(tips):
        st.warning(f"仅显示最近受理的 {fmt.count(len(tips))} 件（下载的 Excel 同样为这些行）。")
    shown = pd.DataFrame({
        "受理日期": tips["received_date"], "受理编号": tips["tip_no"], "举报渠道": tips["channel"],
        "被举报单位": tips["accused"], "乡/街道": tips["unit"], "举报类别": tips["category"], "核查结果": tips["result"],
        "奖励金额（元）": tips["reward_yuan"], "办结日期": tips["closed_date"]})
    w.table(shown, "举报件清单", page.filters, "tips_list", column_config=links.column_config(),
            shown_rows=w.LIST_SHOWN_ROWS, prepare=links.linked("被举报单位", beside=True))
    st.caption("只有安委办（管理员）能看到逐件清单；“一企一档”按被举报单位名称打开该单位的档案，未填被举报单位的没有链接。")
