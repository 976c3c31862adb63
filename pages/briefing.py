"""简报: the Word briefing (全区 / 督导组 / 乡/街道) generated on request, with progress, then downloaded.
What a role may brief: admin and leader anything; a 督导组 account the district, any 乡/街道 and its own
group; a 乡/街道 account only its own unit (safetyboard.briefing.model.check_access, the queries scoped by
safetyboard.access). A city instance briefs the whole city (市安委办: the 区县 table) or one county (that county's
district briefing); a county account only its own county."""
import datetime as dt

import streamlit as st

from safetyboard import briefing, city, district, rules
from safetyboard.formatting import escape_markdown
from safetyboard.static_charts import CJKFontMissing
from ui import data
from ui.frame import cn_date, setup

page = setup("简报")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("supervision_coverage",)

f = page.filters
who = page.principal
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CITY_WIDE, ONE_COUNTY = "全市", "区县"
in_city = city.is_city()
here = escape_markdown(district.current().name)     # from the configuration file: text, not Markdown

if in_city:
    st.caption(f"按统计口径生成《{here}安全生产大检查工作简报》（Word 文档，A4 公文格式）。全市简报由{here}安全生产委员会办公室"
               "发布，列出各区县的隐患数、重大隐患、整改率、逾期未整改、执法案件、罚款和数据截至日期（未报送数据包、数据滞后的区县"
               "单独标出），并点名整改率最低、逾期最多的区县；区县简报即该区县的全区简报（按该区县的数据包统计）。")
else:
    st.caption(f"按统计口径生成《{here}安全生产大检查工作简报》（Word 文档，A4 公文格式），内容包括总体进展及与上期比较、"
               "重大隐患和挂牌督办、工作滞后的单位和部门、执法检查情况，附隐患排查治理情况统计表。"
               "“下一步工作”留给督导组填写。正文之外的完整清单（逾期、重大、临期隐患，报送滞后，约谈通报问责）另存为 Excel 附表。侧栏的乡/街道、行业领域、监管部门筛选不适用于简报；统计截止日取下方设置。")

unit_names = [u.name for u in rules.units()]
county_names = [c.name for c in district.counties()]
if in_city:
    kinds = [ONE_COUNTY] if who.role == "county" else [CITY_WIDE, ONE_COUNTY]
    county_names = [who.county] if who.role == "county" and who.county else county_names
elif who.role == "unit":
    kinds = ["乡/街道"]
    unit_names = [who.unit] if who.unit else []
else:
    kinds = ["全区", "督导组", "乡/街道"]
if in_city:
    groups = []
elif who.role == "group":
    groups = [who.group] if who.group else []
elif page.can("supervision_coverage"):
    coverage = page.district_query("supervision_coverage")   # every group, whatever the 乡/街道 filter
    groups = coverage.loc[coverage["assigned"] > 0, "group"].tolist()
else:
    groups = []

kind = st.radio("简报范围", kinds, horizontal=True, key="brief_kind")
left, right = st.columns(2)
group = unit = county = None
with left:
    if kind == ONE_COUNTY:
        chosen = district.county(f.county) if f.county else None     # the county the pages are filtered to
        start = county_names.index(chosen.name) if chosen and chosen.name in county_names else 0
        county = st.selectbox("区县", county_names, index=start, key="brief_county")
    elif kind == "督导组":
        if not groups:
            st.warning("还没有导入督导组分工表（或本账号没有所属督导组），无法按督导组生成简报。"
                       "请先在「数据导入」页面导入督导组分工表。")
            st.stop()
        group = st.selectbox("督导组", groups, key="brief_group")
    elif kind == "乡/街道":
        if not unit_names:
            st.warning("本账号没有所属乡/街道，无法生成简报。请联系区安委办。")
            st.stop()
        unit = st.selectbox("乡/街道", unit_names, key="brief_unit")
    as_of = st.date_input("统计截止日", value=f.as_of, key="brief_as_of",
                          min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
with right:
    # no key: a new 统计截止日 resets the defaults below
    default_since = as_of - dt.timedelta(days=6)
    since = st.date_input("本期起始日", value=default_since, min_value=dt.date(2000, 1, 1),
                          max_value=dt.date(2100, 12, 31),
                          help="与上期比较的数据取本期起始日前一日；默认为统计截止日前6天（即与7天前比较）。")
    issue_no = st.number_input("期号", min_value=1, max_value=999, step=1, value=briefing.default_issue_no(as_of),
                               help="默认按活动开始以来的周次编号，可改为实际期号。")
st.caption(f"本期：{cn_date(since)} 至 {cn_date(as_of)}；隐患和执法为活动开始以来截至{cn_date(as_of)}的累计数，"
           f"与截至{cn_date(since - dt.timedelta(days=1))}的上期数据比较。")

request = (kind, group, unit, county, as_of, since, int(issue_no), data.data_version(page.store), who.username)
if st.button("生成简报", type="primary", key="brief_make"):
    bar = st.progress(0.0, text="正在准备……")
    try:
        result = briefing.build_briefing(
            page.store, who, group=group, unit=unit, county=county, as_of=as_of, since=None if since == default_since else since,
            issue_no=int(issue_no),
            progress=lambda fraction, text: bar.progress(min(1.0, fraction), text=text))
    except (briefing.BriefingError, CJKFontMissing) as exc:
        bar.empty()
        st.error(escape_markdown(exc))
    else:
        st.session_state["brief_result"] = (request, result)
        bar.progress(1.0, text="简报已生成。")

made = st.session_state.get("brief_result")
if made and made[0] == request:
    result = made[1]
    st.success(f"已生成：{escape_markdown(result.file_name)}")
    detail = {"scope": kind, "group": group, "unit": unit, "county": county, "as_of": as_of.isoformat(), "since": since.isoformat(),
              "issue_no": int(issue_no)}
    left, right = st.columns(2)
    left.download_button(
        "下载简报（Word）", file_name=result.file_name, mime=DOCX, key="brief_download", on_click="ignore",
        type="primary", data=data.audited(result.file_name, f, lambda: result.content, event="briefing", detail=detail))
    right.download_button(
        "下载附表（Excel）", file_name=result.attachment_name, mime=XLSX, key="brief_download_xlsx", on_click="ignore",
        data=data.audited(result.attachment_name, f, lambda: result.attachment, event="briefing", detail=detail),
        help="正文只列逾期时间最长的隐患等，完整清单在附表中。")
elif made:
    st.info("设置已更改，请重新生成简报。")
