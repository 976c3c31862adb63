"""隐患地图: one metric per 乡/街道 on an offline map; selecting a unit shows its hazard list. In a city instance at
全市, the map shows the 区县 (real boundaries); choosing a county shows that county's 乡/街道 map and lists."""
import pandas as pd
import streamlit as st

from safetyboard import city, config, maps, rules
from safetyboard import formatting as fmt
from safetyboard.formatting import escape_markdown
from ui.frame import setup
from ui.widgets import FONT, table

page = setup("隐患地图")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("county_summary", "hazards_by_unit", "register_points", "unit_hazards", "unit_locations")

ROW_LIMIT = 2000  # the drill-down list is bounded; the note below says when it is cut
MAP_CONFIG = {"displaylogo": False, "scrollZoom": False}   # the wheel scrolls the page, not the map
at_a = f"截至{fmt.cn_month_day(page.filters.as_of)}"
NO_PACKAGE = "无数据"
# label -> (column of hazards_by_unit and county_summary, higher is worse, is a rate); flows say 本期, stocks 截至A
SHARED_METRICS = {
    "隐患数（本期）": ("total", True, False),
    "重大隐患（本期）": ("major", True, False),
    "整改率（本期）": ("rectification_rate", False, True),
    f"逾期未整改（{at_a}）": ("overdue", True, False),
}


def map_values(rows: pd.DataFrame, column: str, is_rate: bool) -> pd.DataFrame:
    """code, value, label_text for maps.choropleth_figure (a rate in percent, text as the tables write it)."""
    values = pd.DataFrame({"code": rows["code"].astype(str)})
    if is_rate:
        rates = pd.to_numeric(rows[column], errors="coerce")
        values["value"] = fmt.in_percent(rates)
        values["label_text"] = ["暂无数据" if fmt.missing(r) else fmt.percent(r) for r in rates]
    else:
        values["value"] = rows[column].astype(float)
        values["label_text"] = [fmt.count(v) for v in rows[column]]
    return values


def hazard_table(label: str, names: pd.Series, rows: pd.DataFrame) -> pd.DataFrame:
    """The figures the county and unit tables share (hazards_by_unit and county_summary name them alike)."""
    return pd.DataFrame({
        label: names,
        "隐患数（本期）": rows["total"],
        "重大隐患（本期）": rows["major"],
        "已整改（本期）": rows["rectified"],
        "整改率（%，本期）": fmt.percent_column(rows["rectification_rate"]),
        f"未整改（{at_a}）": rows["open"],
        f"逾期未整改（{at_a}）": rows["overdue"],
    })


def picked_location(event, known: dict[str, str]) -> str | None:
    """The code of the area clicked on a map (its location, or customdata[0] = its name); label points carry neither."""
    by_name = {name: code for code, name in known.items()}
    points = getattr(getattr(event, "selection", None), "points", None) or []
    picked = [str(pt.get("location")) if str(pt.get("location")) in known
              else by_name.get(str((pt.get("customdata") or [None])[0]))
              for pt in points if isinstance(pt, dict)]
    return next((c for c in picked if c), None)


def follow_click(picked: str | None, names: dict[str, str], box_key: str, last_key: str) -> None:
    """A click on the map sets the selectbox (the fallback when the map's selection event does not arrive)."""
    if picked and picked != st.session_state.get(last_key):
        st.session_state[box_key] = names[picked]
    st.session_state[last_key] = picked


# ---------------------------------------------------------------- the city at 全市: the county map
county_code = page.filters.county if city.is_city() else None
scope: dict = {}
if city.is_city() and county_code is None:
    COUNTY_METRICS = {**SHARED_METRICS,     # columns of county_summary
                      f"未整改（{at_a}）": ("open", True, False), "执法案件（本期）": ("cases", True, False)}
    summary = page.query("county_summary")
    county_names = dict(zip(summary["code"].astype(str), summary["name"]))
    has_package = summary["data_as_of"].notna()
    left, right = st.columns([3, 1])
    metric = left.radio("地图指标", list(COUNTY_METRICS), horizontal=True, key="county_metric")
    column, higher_is_worse, is_rate = COUNTY_METRICS[metric]
    values = map_values(summary, column, is_rate)
    values.loc[~has_package.to_numpy(), ["value", "label_text"]] = [float("nan"), NO_PACKAGE]
    map_tab, data_tab = st.tabs(["地图", "数据"])
    picked_county = None
    with map_tab:
        boundaries = maps.county_boundaries()
        without = set(summary.loc[~has_package, "code"].astype(str))
        labels = [maps.county_short_name(n) + (f"（{NO_PACKAGE}）" if c in without else "")
                  for c, n in zip(boundaries["code"], boundaries["name"])]
        fig = maps.choropleth_figure(boundaries, values, metric + ("（%）" if is_rate else ""),
                                     higher_is_worse=higher_is_worse, height=680, fit_width=True, labels=labels,
                                     no_data_text=f"{NO_PACKAGE}（尚未导入数据包）", hatch_no_data=True)
        fig.update_layout(font=FONT)
        event = st.plotly_chart(fig, width="stretch", key="county_map", on_select="rerun", selection_mode="points",
                                config=MAP_CONFIG)
        st.caption(escape_markdown(maps.COUNTY_LABEL) + "。灰色斜线为尚未导入数据包的区县（无数据）。"
                   "点击地图上的区县，或在右上方选择，查看该区县各乡/街道的隐患地图。")
        picked_county = picked_location(event, county_names)
    with data_tab:
        shown = hazard_table("区县", summary["name"], summary).assign(**{
            "执法案件（本期）": summary["cases"],
            "数据截至": [NO_PACKAGE if pd.isna(d) else fmt.cn_date(pd.Timestamp(d).date()) for d in summary["data_as_of"]],
        })
        table(shown, "各区县隐患情况", page.filters, "map_by_county")
    follow_click(picked_county, county_names, "map_county", "map_last_county")
    choices = summary["name"].tolist()
    county_name = right.selectbox("区县", choices, index=None, key="map_county", placeholder="请选择区县")
    if county_name is None:
        st.info("在地图上点击区县，或在上方选择区县，即可查看该区县各乡/街道的隐患地图和隐患清单。")
        st.stop()
    county_code = {n: c for c, n in county_names.items()}[county_name]
    st.subheader(f"{county_name}隐患地图")
if county_code is not None:
    scope = {"county": county_code}   # every query below reads the chosen county's package

if city.is_city():
    locations = page.query("unit_locations", **scope)
    unit_names = dict(zip(locations["code"].astype(str), locations["name"]))
    if locations.empty:     # the county's 乡/街道 list comes with its package
        st.info("该区县尚未导入数据包：没有乡/街道名单和隐患数据。在「数据导入」页导入该区县的数据包后即可查看。")
        st.stop()
else:
    unit_names = {u.code: u.name for u in rules.units()}
name_to_code = {name: code for code, name in unit_names.items()}

METRICS = {**SHARED_METRICS,      # columns of hazards_by_unit
           f"未定整改时限（{at_a}）": ("no_deadline", True, False), "挂牌督办（本期）": ("listed", True, False)}

by_unit = page.query("hazards_by_unit", **scope)
metric = st.radio("地图指标", list(METRICS), horizontal=True, key="map_metric")
column, higher_is_worse, is_rate = METRICS[metric]
# The register's enterprises as points (名录 经度/纬度), on request: a district register has thousands.
show_points = st.toggle("显示名录单位点位", key="map_points",
                        help="企业名录中填有经度、纬度的单位，点的大小为本期隐患数，深色为截至统计截止日仍有未整改隐患")
points = page.query("register_points", **scope) if show_points else None
if show_points and points.empty:
    st.info("企业名录中没有单位的经度、纬度（或尚未导入企业名录），无法显示单位点位。"
            "在「数据导入」页面导入含“经度”“纬度”两列的企业名录后即可显示。")
if by_unit["total"].sum() == 0:
    st.info("当前筛选条件下没有隐患记录，地图上各乡/街道均为 0 或暂无数据。")

values = map_values(by_unit, column, is_rate)

map_tab, data_tab = st.tabs(["地图", "数据"])
picked_code = None
with map_tab:
    unplaced: list[str] = []
    try:
        if county_code is not None:   # a county of the city: its units' points, its real outline
            boundaries, unplaced = maps.county_unit_cells(locations, county_code)
            source_label = boundaries.attrs["source_label"]
        else:
            boundaries, _schematic, source_label = maps.active_boundaries(config.DATA_DIR,
                                                                          resolve_unit=rules.resolve_unit)
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
                                config=MAP_CONFIG)
        # The schematic label itself starts with "示意图" and names the data source.
        st.caption(escape_markdown(source_label) + "。点击地图上的乡/街道，或在下方选择，查看该乡/街道的隐患清单。")
        if unplaced:
            st.caption("无坐标：" + escape_markdown("、".join(unplaced)) + "（乡/街道名单中没有代表点，地图上不显示，见下方清单）")
        picked_code = picked_location(event, unit_names)
with data_tab:
    shown = hazard_table("乡/街道", by_unit["unit"], by_unit).assign(**{
        f"未定整改时限（{at_a}）": by_unit["no_deadline"],
        "挂牌督办（本期）": by_unit["listed"],
    })
    table(shown, "各乡镇街道隐患情况", page.filters, "map_by_unit", unit_names=unit_names)

follow_click(picked_code, unit_names, "map_unit", "map_last_pick")

st.subheader("乡/街道隐患清单")
choices = by_unit["unit"].tolist()
if st.session_state.get("map_unit") not in choices:
    st.session_state.pop("map_unit", None)
unit = st.selectbox("乡/街道", choices, index=None, key="map_unit", placeholder="请选择乡/街道")
if unit is None:
    st.info("在地图上点击乡/街道，或在上方选择，即可查看该乡/街道的隐患清单。")
    st.stop()

rows = page.query("unit_hazards", unit_code=name_to_code[unit], row_limit=ROW_LIMIT, **scope)
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
