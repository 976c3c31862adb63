"""总览: the campaign's key numbers with their change over 7 days, a written summary, the most overdue units;
in a city instance with 全市 selected, the figures of each 区县 side by side."""
import pandas as pd
import streamlit as st

from safetyboard import access
from safetyboard import formatting as fmt
from safetyboard import overview_text as text
from safetyboard.definitions import definition
from safetyboard.formatting import cn_date, escape_markdown
from ui import register_sections
from ui.frame import WHOLE_CITY, setup
from ui.widgets import kpi, table

page = setup("总览")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("county_summary", "enforcement_summary", "hazard_summary", "monthly_report_compliance",
           "recheck_coverage_total", "submission_compliance", "tip_summary", "top_overdue_units")

p = page.params()
unit_names = page.unit_names
# "Change since 7 days earlier" = the same queries at as_of = week_ago; no delta when that is before the period.
compare = p["week_ago"] >= p["since"]


def one(name: str, district: bool = False, **extra) -> dict:
    rows = (page.district_query if district else page.query)(name, **extra)
    return rows.iloc[0].to_dict() if len(rows) else {}


def now_and_before(name: str, district: bool = False) -> tuple[dict, dict]:
    return one(name, district), (one(name, district, as_of=p["week_ago"]) if compare else {})


hazards, hazards_before = now_and_before("hazard_summary")
cases, cases_before = now_and_before("enforcement_summary")
# 督导 and 报送 are organised by group and reporter (departments included): district-wide for everyone but a
# 乡/街道 account, which sees its own.
recheck, recheck_before = now_and_before("recheck_coverage_total", district=True)
submissions, submissions_before = now_and_before("submission_compliance", district=True)
monthly, monthly_before = now_and_before("monthly_report_compliance", district=True)
tips, tips_before = now_and_before("tip_summary")

# (label, value text, delta text, delta colour: "worse_up" | "better_up" | "off", help)
COUNT, RATE, YUAN = "count", "rate", "yuan"
_FMT = {COUNT: fmt.count, RATE: fmt.percent, YUAN: fmt.wan}   # 万元 in the label: seven tiles a row leave no room
_DELTA = {COUNT: text.delta_count, RATE: text.delta_rate, YUAN: text.delta_yuan}
A = page.filters.as_of
flow, stock = text.flow_label, (lambda name: text.stock_label(name, A))
# Row 1: the seven a leader asks for first (a phone shows the tiles two per row, in this order); row 2: the rest
# of hazards, 督导 and 报送; row 3: enforcement (案件台账) and tips over the period.
TILES = [
    [(flow("隐患总数"), hazards, hazards_before, "total", COUNT, "off", definition("隐患总数")),
     (flow("重大隐患"), hazards, hazards_before, "major", COUNT, "worse_up", None),
     (flow("整改率"), hazards, hazards_before, "rectification_rate", RATE, "better_up", definition("整改率")),
     (stock("逾期未整改"), hazards, hazards_before, "overdue", COUNT, "worse_up", definition("逾期未整改")),
     (flow("重大隐患整改率"), hazards, hazards_before, "major_rectification_rate", RATE, "better_up", None),
     (stock("未整改"), hazards, hazards_before, "open", COUNT, "worse_up", definition("未整改")),
     (flow("挂牌督办"), hazards, hazards_before, "listed", COUNT, "worse_up", definition("挂牌督办"))],
    [(stock("未定整改时限"), hazards, hazards_before, "no_deadline", COUNT, "worse_up", definition("未定整改时限")),
     (stock(f"临期（{p['upcoming_days']}日内到期）"), hazards, hazards_before, "upcoming", COUNT, "worse_up", definition("临期")),
     (stock("回头看覆盖率"), recheck, recheck_before, "coverage", RATE, "better_up",
      "全区口径：各督导组已“回头看”的分工对象之和 ÷ 分工对象之和（不随乡/街道等筛选变化；乡/街道账号只计以本单位为对象的分工）"),
     (stock("自查报告及时率"), submissions, submissions_before, "on_time_rate", RATE, "better_up",
      definition("自查报告报送及时率") + "不随筛选变化；乡/街道账号只计本单位的报送。"),
     (stock("月报及时率"), monthly, monthly_before, "on_time_rate", RATE, "better_up", definition("月报及时率"))],
    [(flow("执法案件·案件台账"), cases, cases_before, "cases", COUNT, "off", "立案日期在统计区间内的行政执法案件（执法案件台账）"),
     (flow("罚款·万元"), cases, cases_before, "fines_yuan", YUAN, "off", "执法案件台账的罚款金额合计"),
     (flow("停产停业整顿·案件台账"), cases, cases_before, "suspended", COUNT, "off",
      "执法案件台账中处罚种类含停产停业整顿的案件数；与「打非治违与报送」页的月报汇总数来源不同"),
     (flow("关闭取缔·案件台账"), cases, cases_before, "closed", COUNT, "off",
      "执法案件台账中处罚种类含关闭取缔的案件数；与「打非治违与报送」页的月报汇总数来源不同"),
     (flow("举报属实率"), tips, tips_before, "verified_rate", RATE, "off", "属实 ÷（属实 + 不属实）；核查中的不计入")],
]

for i, row in enumerate(TILES):
    cols = st.columns(len(row) + (i == 1))
    if i == 1:   # 排查单位数 against the register, or 涉及隐患的单位数 without one (ui/register_sections.py)
        label, value, help_text = register_sections.coverage_tile(page)
        cols[0].metric(label, value, help=help_text)
        cols = cols[1:]
    for col, (label, now, before, field, kind, colour, help_text) in zip(cols, row):
        value = _FMT[kind](now.get(field))
        delta = _DELTA[kind](now.get(field), before.get(field)) if compare else None
        if colour == "off":
            col.metric(label, value, delta=delta, delta_color="off", help=help_text)
        else:
            kpi(col, label, value, delta, worse_when_up=(colour == "worse_up"), help=help_text)
st.caption(f"口径：“本期”只计发现（立案）日期在 {cn_date(page.filters.since)} 至 {cn_date(A)} 之间的；“截至{fmt.cn_month_day(A)}”"
           "是截止日仍存在的存量，不论发现于哪个阶段。停产停业整顿、关闭取缔来自执法案件台账，「打非治违与报送」页另列月报汇总数。"
           "各项定义见「口径说明」页。")
if compare:
    st.caption(f"箭头表示与7天前（截至{cn_date(p['week_ago'])}）相比的变化；红色表示情况变差。")

if page.is_city and not page.filters.county:
    st.subheader("各区县情况")
    counties = page.query("county_summary")
    at_a = f"截至{fmt.cn_month_day(A)}"
    sent = counties["data_as_of"].map(lambda d: not fmt.missing(d))
    shown = pd.DataFrame({
        "区县": counties["name"],
        flow("隐患数"): counties["total"].astype("Int64"),
        flow("重大隐患"): counties["major"].astype("Int64"),
        "整改率（%，本期）": fmt.percent_column(counties["rectification_rate"]),
        f"未整改（{at_a}）": counties["open"].astype("Int64"),
        f"逾期未整改（{at_a}）": counties["overdue"].astype("Int64"),
        flow("执法案件"): counties["cases"].astype("Int64"),
        "罚款（万元，本期）": fmt.in_wan(counties["fines_yuan"]).round(2),
        "数据截至": [cn_date(d) if has else "未报送" for d, has in zip(counties["data_as_of"], sent)],
        "滞后": ["滞后" if stale else "" for stale in counties["stale"]],
    })
    figures = shown.columns[1:-2]
    shown[figures] = shown[figures].where(sent, axis=0)   # a county without a package: no figures (—), not zeros
    table(shown, "各区县情况", page.filters, "ov_counties", unit_names=unit_names)
    st.caption("各区县的数字来自其最新数据包，口径与各区县看板相同；“滞后”指数据包的数据截至日期早于统计截止日7天以上，"
               "或尚未报送数据包。")

st.subheader("情况综述")
# Name the units the numbers really cover: a 乡/街道 account that asked for another unit gets no rows, so the
# text must not describe that unit (the frame says why nothing is shown).
scoped_units = access.scope_units(page.principal, page.filters.units)
# No 乡/街道 chosen: a district's text says 全区 (scope_text); a city's 全市 or the selected county.
whole = [page.scope_name if page.filters.county else WHOLE_CITY] if page.is_city else []
if access.NO_UNIT in scoped_units:
    st.info("没有可综述的数据。")
else:
    paragraph = text.summary_paragraph(
        page.filters.as_of, hazards, cases,
        scope=text.scope_text([unit_names.get(c, c) for c in scoped_units] or whole, page.filters.industries,
                              page.filters.departments),
        since=page.filters.since, campaign_start=p["campaign_start"], upcoming_days=p["upcoming_days"])
    st.container(border=True).markdown(escape_markdown(paragraph))

st.subheader(f"逾期未整改隐患最多的乡/街道（截至{page.filters.as_of.month}月{page.filters.as_of.day}日）")
top = page.query("top_overdue_units", top_n=5)
if top.empty:
    st.info("当前筛选条件下没有逾期未整改的隐患。")
else:
    shown = pd.DataFrame({
        "乡/街道": top["unit"],
        "逾期未整改（处）": top["overdue"].astype("Int64"),
        "最早到期日": top["oldest_deadline"],
        "最长逾期（天）": top["max_days_overdue"].astype("Int64"),
        "未整改（处）": top["open"].astype("Int64"),
    })
    table(shown, "逾期未整改隐患最多的乡镇街道", page.filters, "ov_top_overdue", unit_names=unit_names)
    st.caption("存量口径：截至所选截止日期仍未整改的隐患，不论发现于哪个阶段。按逾期未整改隐患数排序，数量相同的按最早到期日排序；明细见「隐患整改」页。")

register_sections.discovery_section(page)
register_sections.accident_section(page)
