"""隐患地图: one metric per 乡/街道 on an offline map; selecting a unit shows its hazard list."""
import pandas as pd
import streamlit as st

from safetyboard import config, maps, rules
from safetyboard import formatting as fmt
from safetyboard.formatting import escape_markdown
from ui.frame import setup
from ui.widgets import FONT, table

page = setup("隐患地图")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("hazards_by_unit", "register_points", "unit_hazards")

ROW_LIMIT = 2000  # the drill-down list is bounded; the note below says when it is cut
unit_names = {u.code: u.name for u in rules.units()}
name_to_code = {name: code for code, name in unit_names.items()}

at_a = f"截至{fmt.cn_month_day(page.filters.as_of)}"
# label -> (column of hazards_by_unit, higher is worse, is a rate); flows say 本期, stocks 截至A
METRICS = {
    "隐患数（本期）": ("total", True, False),
    "重大隐患（本期）": ("major", True, False),
    "整改率（本期）": ("rectification_rate", False, True),
    f"逾期未整改（{at_a}）": ("overdue", True, False),
    f"未定整改时限（{at_a}）": ("no_deadline", True, False),
    "挂牌督办（本期）": ("listed", True, False),
}

by_unit = page.query("hazards_by_unit")
metric = st.radio("地图指标", list(METRICS), horizontal=True, key="map_metric")
column, higher_is_worse, is_rate = METRICS[metric]
# The register's enterprises as points (名录 经度/纬度), on request: a district register has thousands.
show_points = st.toggle("显示名录单位点位", key="map_points",
                        help="企业名录中填有经度、纬度的单位，点的大小为本期隐患数，深色为截至统计截止日仍有未整改隐患")
points = page.query("register_points") if show_points else None
if show_points and points.empty:
    st.info("企业名录中没有单位的经度、纬度（或尚未导入企业名录），无法显示单位点位。"
            "在「数据导入」页面导入含“经度”“纬度”两列的企业名录后即可显示。")
if by_unit["total"].sum() == 0:
    st.info("当前筛选条件下没有隐患记录，地图上各乡/街道均为 0 或暂无数据。")

values = pd.DataFrame({"code": by_unit["code"].astype(str)})
if is_rate:
    rates = pd.to_numeric(by_unit[column], errors="coerce")
    values["value"] = fmt.in_percent(rates)
    values["label_text"] = ["暂无数据" if fmt.missing(r) else fmt.percent(r) for r in rates]
else:
    values["value"] = by_unit[column].astype(float)
    values["label_text"] = [fmt.count(v) for v in by_unit[column]]

map_tab, data_tab = st.tabs(["地图", "数据"])
picked_code = None
with map_tab:
    try:
        boundaries, _schematic, source_label = maps.active_boundaries(config.DATA_DIR, resolve_unit=rules.resolve_unit)
    except maps.BoundaryError as exc:
        st.error(f"无法绘制地图：{escape_markdown(exc)}。请检查安委办导入的边界文件；下方的清单不受影响。")
    else:
        fig = maps.choropleth_figure(boundaries, values, metric + ("（%）" if is_rate else ""),
                                     higher_is_worse=higher_is_worse, source_label=source_label, height=680,
                                     fit_width=True)
        fig.update_layout(font=FONT)
        if points is not None:
            maps.add_register_points(fig, points, "隐患数（本期）", f"未整改（{at_a}）")
        event = st.plotly_chart(fig, width="stretch", key="hazard_map", on_select="rerun", selection_mode="points",
                                config={"displaylogo": False, "scrollZoom": False})
        # The schematic label itself starts with "示意图" and names the data source.
        st.caption(escape_markdown(source_label) + "。点击地图上的乡/街道，或在下方选择，查看该乡/街道的隐患清单。")
        # A selected area carries its location (the unit code) and customdata[0] (the name); label points neither.
        points = getattr(getattr(event, "selection", None), "points", None) or []
        picked = [str(pt.get("location")) if str(pt.get("location")) in unit_names
                  else name_to_code.get(str((pt.get("customdata") or [None])[0]))
                  for pt in points if isinstance(pt, dict)]
        picked_code = next((c for c in picked if c), None)
with data_tab:
    shown = pd.DataFrame({
        "乡/街道": by_unit["unit"],
        "隐患数（本期）": by_unit["total"],
        "重大隐患（本期）": by_unit["major"],
        "已整改（本期）": by_unit["rectified"],
        "整改率（%，本期）": fmt.percent_column(by_unit["rectification_rate"]),
        f"未整改（{at_a}）": by_unit["open"],
        f"逾期未整改（{at_a}）": by_unit["overdue"],
        f"未定整改时限（{at_a}）": by_unit["no_deadline"],
        "挂牌督办（本期）": by_unit["listed"],
    })
    table(shown, "各乡镇街道隐患情况", page.filters, "map_by_unit", unit_names=unit_names)

# A click on the map sets the selectbox (the fallback when the map's selection event does not arrive).
if picked_code and picked_code != st.session_state.get("map_last_pick"):
    st.session_state["map_unit"] = unit_names[picked_code]
st.session_state["map_last_pick"] = picked_code

st.subheader("乡/街道隐患清单")
choices = by_unit["unit"].tolist()
if st.session_state.get("map_unit") not in choices:
    st.session_state.pop("map_unit", None)
unit = st.selectbox("乡/街道", choices, index=None, key="map_unit", placeholder="请选择乡/街道")
if unit is None:
    st.info("在地图上点击乡/街道，或在上方选择，即可查看该乡/街道的隐患清单。")
    st.stop()

rows = page.query("unit_hazards", unit_code=name_to_code[unit], row_limit=ROW_LIMIT)
if rows.empty:
    st.info(f"{unit}在当前筛选条件下没有隐患记录。")
    st.stop()
total_rows = int(rows["total_rows"].iloc[0])
yes_no = {True: "是", False: "否"}
hazard_list = pd.DataFrame({
    "隐患编号": rows["hazard_no"].fillna(""),
    "单位名称": rows["enterprise"],
    "隐患描述": rows["description"],
    "等级": rows["level"],
    "发现日期": rows["found_date"],
    "整改时限": rows["deadline"],
    "延期至": rows["extended_to"],
    "状态": rows["status"],
    "整改完成日期": rows["rectified_date"],
    "是否逾期": rows["overdue"].map(yes_no),
    "未定整改时限": rows["no_deadline"].map({True: "⚠ 未定时限", False: ""}),
    "挂牌督办": rows["listed"],
})
st.caption(f"{unit}共 {fmt.count(total_rows)} 条隐患记录：本期发现的，以及{at_a}仍未整改的（逾期的排在前面）。状态为台账填报的状态，"
           "整改完成日期晚于统计截止日的按截止日时未整改计。")
if total_rows > len(rows):
    st.warning(f"清单仅显示前 {fmt.count(len(rows))} 条（下载的 Excel 同样为这 {fmt.count(len(rows))} 条）；请用侧栏的行业、部门筛选缩小范围。")
table(hazard_list, f"{unit}隐患清单", page.filters, "unit_hazards", unit_names=unit_names)
