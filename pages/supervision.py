"""督导检查: the six 督导组 side by side (targets, visits, 回头看 coverage, problems found and rectified at
the re-check), which assigned targets the 回头看 has not reached yet, and one group in detail."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import formatting as fmt
from safetyboard.formatting import escape_markdown
from safetyboard import overview_text as text
from ui import enterprise_links as links
from ui import widgets as w
from ui.frame import setup

page = setup("督导检查")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("recheck_grid", "supervision_coverage", "supervision_groups", "supervision_problems",
           "supervision_problems_by_target", "supervision_visits")


f = page.filters
own = page.own_unit_only
if own:
    st.caption("乡/街道账号：分工对象只计本单位（部门、企业不计入），督导和回头看记录只计到本单位"
               "（含所属乡/街道为本单位的企业）的记录。")
elif f.units or f.industries or f.departments:
    st.caption("督导检查按督导组和分工统计，乡/街道、行业领域、监管部门筛选对本页不适用；统计区间和截止日适用。")

coverage = page.district_query("supervision_coverage")
groups = page.district_query("supervision_groups").merge(coverage[["group", "covered", "coverage"]], on="group", how="left")

# ---------------------------------------------------------------- the six groups side by side
A = page.filters.as_of
stock = lambda name: text.stock_label(name, A)    # noqa: E731
st.subheader(stock("回头看覆盖率"))
tiles = st.columns(len(groups))
for col, g in zip(tiles, groups.itertuples()):
    w.kpi(col, stock(g.group), fmt.percent(g.coverage),
          help=f"分工对象 {g.assigned} 个，回头看已到 {g.covered} 个")
st.caption("回头看覆盖率＝督导组分工对象中，该组在回头看期间（截至统计截止日）至少回头看过一次的对象所占比例；没有分工的组显示“—”。")

if not groups["assigned"].any() and not groups["visits"].any():
    st.info("本单位不是任何督导组的分工对象，统计区间内也没有到本单位的督导记录。" if own else
            "还没有督导组分工和督导检查记录。请在「数据导入」页面导入督导组分工表和督导检查记录。")
else:
    left, right = st.columns(2)
    with left:
        fig = go.Figure()
        fig.add_bar(x=groups["group"], y=groups["assigned"], name="分工对象", marker_color=w.MUTED)
        fig.add_bar(x=groups["group"], y=groups["visited"], name="已督导对象", marker_color=w.NEUTRAL)
        fig.add_bar(x=groups["group"], y=groups["covered"], name="回头看已覆盖", marker_color=w.GOOD)
        fig.update_layout(barmode="group", yaxis_title="对象数")
        shown = groups[["group", "assigned", "visited", "visits", "covered", "coverage"]].rename(columns={
            "group": "督导组", "assigned": "分工对象数", "visited": "已督导对象数", "visits": "督导次数",
            "covered": "回头看已覆盖", "coverage": "回头看覆盖率"})
        w.chart(fig, shown, "各督导组分工对象、督导和回头看覆盖", page.filters, "sup_cover")
    with right:
        fig = go.Figure()
        fig.add_bar(x=groups["group"], y=groups["problems_found"], name="发现问题", marker_color=w.BAD)
        fig.add_bar(x=groups["group"], y=groups["problems_rectified"], name="已整改", marker_color=w.GOOD)
        fig.update_layout(barmode="group", yaxis_title="问题数")
        shown = groups[["group", "recheck_visits", "problems_found", "problems_rectified", "rectified_rate"]].rename(
            columns={"group": "督导组", "recheck_visits": "回头看次数", "problems_found": "发现问题数",
                     "problems_rectified": "已整改问题数", "rectified_rate": "问题整改率"})
        w.chart(fig, shown, "回头看发现问题与整改", page.filters, "sup_problems")
    st.caption("已督导对象：统计区间内该组到过（督导检查或回头看）的分工对象；发现问题与整改：回头看期间（截至统计截止日）"
               "该组全部回头看记录的发现问题数、已整改问题数之和。")

# ---------------------------------------------------------------- group x target grid
st.subheader("回头看到位情况")
grid = page.district_query("recheck_grid")
if grid.empty:
    st.info("本单位不是任何督导组的分工对象。" if own else
            "还没有督导组分工，无法判断回头看到位情况。请导入督导组分工表。")
else:
    # Row label: the target's name, its key when two targets share a name.
    dup = grid.groupby("target")["target_key"].transform("nunique") > 1
    grid["row"] = grid["target"].where(~dup, grid["target_key"])
    grid["col"] = grid["group"]
    grid["state"] = grid["reached"].map({True: "reached", False: "not_reached"})
    grid["text"] = [f"✓ {d:%m-%d}" if ok else "✗" for ok, d in zip(grid["reached"], grid["first_recheck"])]
    rows = list(dict.fromkeys(grid["row"]))
    cols = list(groups["group"])
    fig = w.status_grid(grid, rows, cols, {"not_reached": w.WORSE, "reached": w.GOOD})
    cell = [f"✓ {d:%Y-%m-%d}" if ok else "✗ 未回头看" for ok, d in zip(grid["reached"], grid["first_recheck"])]
    wide = (grid.assign(cell=cell).pivot(index="row", columns="col", values="cell")
            .reindex(index=rows, columns=[c for c in cols if c in set(grid["col"])]).fillna(""))
    kinds = grid.drop_duplicates("row").set_index("row")["target_kind"]
    wide.insert(0, "对象类型", kinds.reindex(rows).to_numpy())
    wide = wide.reset_index(names="督导对象")
    w.chart(fig, wide, "督导组 × 分工对象 回头看到位情况", page.filters, "sup_grid")
    st.caption("✓ 已回头看（首次回头看日期），✗ 红色＝分工对象尚未回头看；空白＝不是该组的分工对象。")



def recheck_text(row) -> str:
    """The 问题整改复查 cell of a target the 回头看 reached (recheck_grid's problem figures)."""
    if not row.reached:
        return "—"
    before, fixed, failed, still = (int(v) for v in (row.problems_before, row.problems_rectified_by_recheck,
                                                     row.problems_recheck_failed, row.problems_still_open))
    if not before:
        return "无前期问题"
    return f"前期问题{before}个：已整改{fixed}个，复查未通过{failed}个，仍未整改{still}个"


# ---------------------------------------------------------------- one group in detail
st.subheader("督导组详情")
chosen = st.selectbox("选择督导组", list(groups["group"]), key="sup_group")
g = groups.set_index("group").loc[chosen]
tiles = st.columns(5)
w.kpi(tiles[0], stock("分工对象"), fmt.count(g["assigned"]))
w.kpi(tiles[1], text.flow_label("已督导对象"), fmt.count(g["visited"]))
w.kpi(tiles[2], stock("回头看覆盖率"), fmt.percent(g["coverage"]))
w.kpi(tiles[3], stock("回头看发现问题"), fmt.count(g["problems_found"]))
w.kpi(tiles[4], stock("回头看已整改问题"), fmt.count(g["problems_rectified"]))

targets = grid[grid["group"] == chosen] if not grid.empty else grid
if targets.empty:
    st.info(f"{chosen}的分工对象中没有所选乡/街道。" if own else f"{chosen}没有分工对象。")
else:
    shown = pd.DataFrame({
        "督导对象": targets["target"], "对象类型": targets["target_kind"],
        "回头看": ["已回头看" if ok else "未回头看" for ok in targets["reached"]],
        "问题整改复查": [recheck_text(r) for r in targets.itertuples()],
        "首次回头看日期": targets["first_recheck"], "回头看次数": targets["recheck_visits"],
        "最近督导日期": targets["last_visit"],
    })
    w.table(links.with_links(shown, "督导对象", kinds=shown["对象类型"]), f"{chosen}分工对象", page.filters, "sup_targets",
            column_config=links.column_config())
    st.caption("问题整改复查：回头看到达的对象，该组在首次回头看之前发现的问题（督导发现问题清单）中，"
               "到最近一次回头看时已整改的、复查未通过的、截至统计截止日仍未整改的个数。")

visits = page.district_query("supervision_visits", group=chosen)
if visits.empty:
    st.info(f"统计区间内{chosen}没有{'到本单位的' if own else ''}督导检查记录。")
else:
    shown = pd.DataFrame({
        "督导日期": visits["visit_date"], "督导类型": visits["visit_type"], "督导对象": visits["target"],
        "对象类型": visits["target_kind"], "发现问题数": visits["problems_found"],
        "已整改问题数": visits["problems_rectified"],
        "分工对象": visits["assigned"].map({True: "是", False: "否"}),
        "计入回头看": visits["counts_for_recheck"].map({True: "是", False: "否"}),
        "备注": visits["note"],
    })
    w.table(links.with_links(shown, "督导对象", kinds=shown["对象类型"]), f"{chosen}督导记录", page.filters, "sup_visits",
            column_config=links.column_config())
    limit_note = "（只显示最近 500 条）" if len(visits) >= 500 else ""
    st.caption(f"统计区间内的督导记录，按日期从新到旧{limit_note}。计入回头看＝回头看期间内的回头看记录。")

# ---------------------------------------------------------------- 三个清单 of the group
st.subheader(f"{chosen}三个清单")
lists = page.district_query("supervision_problems_by_target")
lists = lists[lists["group"] == chosen]
if lists.empty:
    st.info(f"截至统计截止日，{chosen}没有{'涉及本单位的' if own else ''}督导发现问题。"
            "督导发现问题清单导入后，这里按督导对象列出问题清单、整改清单和责任清单。")
else:
    problems = page.district_query("supervision_problems", group=chosen, target_key="", row_limit=5000)
    (tab_found, found_open), (tab_fix, fix_open), (tab_who, who_open) = w.lazy_tabs(
        ["问题清单", "整改清单", "责任清单"], "sup_lists")
    if found_open:
        with tab_found:
            for t in lists.itertuples():
                mine = problems[problems["target_key"] == t.target_key]
                with st.expander(f"{escape_markdown(t.target)}（{t.target_kind}）：发现问题{t.found}个，已整改{t.rectified}个，"
                                 f"未整改{t.open}个" + (f"，其中逾期{t.overdue}个" if t.overdue else "")):
                    shown = pd.DataFrame({
                        "问题编号": mine["problem_no"].fillna(""), "发现日期": mine["found_date"],
                        "问题描述": mine["description"], "问题类别": mine["category"], "交办日期": mine["assigned_date"],
                        "整改责任单位": mine["responsible_org"], "整改时限": mine["deadline"],
                        "整改情况": mine["rectified"].map({True: "已整改", False: "未整改"}),
                        "整改完成日期": mine["rectified_date"], "复查日期": mine["recheck_date"],
                        "复查结果": mine["recheck_result"], "销号日期": mine["closed_date"],
                        "逾期": mine["overdue"].map({True: "是", False: "否"}),
                    })
                    w.table(shown, f"{chosen}{t.target}问题清单", page.filters, f"sup_problems_{t.Index}")
    if fix_open:
        with tab_fix:
            shown = pd.DataFrame({
                "督导对象": lists["target"], "对象类型": lists["target_kind"], "发现问题": lists["found"],
                "已整改": lists["rectified"], "未整改": lists["open"], "逾期未整改": lists["overdue"],
                "已复查": lists["rechecked"], "复查未通过": lists["recheck_failed"], "已销号": lists["closed"],
            })
            w.table(links.with_links(shown, "督导对象", kinds=shown["对象类型"]), f"{chosen}整改清单", page.filters,
                    "sup_fix_list", column_config=links.column_config())
    if who_open:
        with tab_who:
            shown = pd.DataFrame({
                "督导对象": lists["target"], "整改责任单位": lists["responsible_orgs"], "未整改": lists["open"],
                "逾期未整改": lists["overdue"], "最近整改时限": lists["next_deadline"],
            })
            w.table(links.with_links(shown, "督导对象", kinds=lists["target_kind"]), f"{chosen}责任清单", page.filters,
                    "sup_who_list", column_config=links.column_config())
    st.caption("截至统计截止日：督导组发现的问题（发现日期不晚于截止日），整改、复查、销号情况以截止日为准；"
               "逾期未整改＝未整改且整改时限早于截止日。")
