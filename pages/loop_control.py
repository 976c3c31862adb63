"""挂牌督办与问责: the 挂牌督办 register (挂牌未摘牌 stock, 超期未摘牌, by level and 乡/街道, the list) and the
约谈/通报/问责 records (by type and object, the list with 发文字号)."""
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from safetyboard import formatting as fmt
from safetyboard import notices, rules
from ui import data
from ui import enterprise_links as links
from ui import widgets as w
from ui.frame import setup

page = setup("挂牌督办与问责")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("accountability_by_object", "accountability_by_type", "accountability_records", "listed_hazard_summary",
           "listed_hazards", "listed_hazards_by_unit")

ROW_LIMIT = 2000
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
yes_no = {True: "是", False: "否"}
unit_names = page.unit_names      # the 乡/街道 of this instance, or of the county a city shows


# ---------------------------------------------------------------- 挂牌督办
st.subheader("挂牌督办")
s = page.query("listed_hazard_summary").iloc[0]
tiles = st.columns(4)
w.kpi(tiles[0], "已挂牌", fmt.count(s["listed"]), help="挂牌日期不晚于统计截止日的挂牌督办事项（截至统计截止日）")
w.kpi(tiles[1], "已摘牌", fmt.count(s["delisted"]), help="摘牌日期不晚于统计截止日")
w.kpi(tiles[2], "挂牌未摘牌", fmt.count(s["open"]), help="截至统计截止日已挂牌、尚未摘牌（存量）")
w.kpi(tiles[3], "超期未摘牌", fmt.count(s["overdue"]),
      help="挂牌未摘牌且整改时限早于统计截止日（登记表未填时限的按隐患台账的整改期限）")

if not s["listed"]:
    st.info("截至统计截止日没有挂牌督办登记。挂牌督办登记表导入后，这里显示挂牌、摘牌和超期情况；"
            "未导入时，隐患整改页的“挂牌督办”列取自隐患台账。")
else:
    left, right = st.columns(2)
    with left:
        levels = pd.DataFrame({"挂牌级别": ["省级", "市级", "区级"],
                               "挂牌未摘牌": [s["open_province"], s["open_city"], s["open_district"]]})
        fig = go.Figure(go.Bar(x=levels["挂牌级别"], y=levels["挂牌未摘牌"], marker_color=w.BAD))
        fig.update_layout(yaxis_title="处", xaxis=dict(type="category"))
        w.chart(fig, levels, "挂牌未摘牌（按挂牌级别）", page.filters, "loop_levels")
    with right:
        by_unit = page.query("listed_hazards_by_unit")
        fig = go.Figure()
        fig.add_bar(x=by_unit["unit"], y=by_unit["open"], name="挂牌未摘牌", marker_color=w.NEUTRAL)
        fig.add_bar(x=by_unit["unit"], y=by_unit["overdue"], name="其中超期未摘牌", marker_color=w.BAD)
        fig.update_layout(barmode="group", yaxis_title="处", xaxis=dict(type="category"))
        shown = by_unit[["unit", "listed", "delisted", "open", "overdue", "open_province", "open_city",
                         "open_district"]].rename(columns={
            "unit": "乡/街道", "listed": "已挂牌", "delisted": "已摘牌", "open": "挂牌未摘牌", "overdue": "超期未摘牌",
            "open_province": "其中省级", "open_city": "其中市级", "open_district": "其中区级"})
        w.chart(fig, shown, "挂牌督办（按乡/街道）", page.filters, "loop_units", unit_names=unit_names)

    only_open = st.toggle("只看挂牌未摘牌", value=True, key="loop_only_open")
    rows = page.query("listed_hazards", only_open=only_open, row_limit=ROW_LIMIT)
    if rows.empty:
        st.info("没有挂牌未摘牌的事项。")
    else:
        w.limited_note(rows, "挂牌督办事项")
        shown = pd.DataFrame({
            "隐患编号": rows["hazard_no"].fillna(rows["hazard_key"]).fillna(""), "乡/街道": rows["unit"],
            "单位名称": rows["enterprise"], "隐患描述": rows["description"], "隐患等级": rows["hazard_level"],
            "挂牌级别": rows["level"], "挂牌日期": rows["listed_date"], "督办单位": rows["supervising_org"],
            "整改时限": rows["deadline"], "摘牌日期": rows["delisted_date"], "验收单位": rows["accepting_org"],
            "超期未摘牌": rows["overdue"].map(yes_no),
            "对应隐患": rows["hazard_key"].notna().map({True: "已对应", False: "隐患台账中未找到"}),
        })
        w.table(links.with_links(shown, "单位名称"), "挂牌督办事项", page.filters, "listed_hazards",
                column_config=links.column_config(), unit_names=unit_names)
        st.caption("挂牌督办登记按隐患编号对应隐患台账，未填编号的按单位名称和隐患描述对应；"
                   "挂牌级别、整改时限登记表未填的取隐患台账。")

# ---------------------------------------------------------------- 约谈/通报/问责
st.subheader("约谈、通报与问责")
by_type = page.query("accountability_by_type").set_index("action_type")
counts = by_type["n"].reindex(list(rules.ACCOUNTABILITY_TYPES)).fillna(0).astype(int)
tiles = st.columns(len(counts) + 1)
w.kpi(tiles[0], "合计", fmt.count(int(counts.sum())), help="日期在统计区间内的约谈、通报、问责等记录")
for col, (kind, n) in zip(tiles[1:], counts.items()):
    w.kpi(col, kind, fmt.count(n))

if not counts.sum():
    st.info("统计区间内没有约谈、通报或问责记录。")
else:
    left, right = st.columns(2)
    with left:
        kinds = by_type.reindex(list(rules.ACCOUNTABILITY_TYPES)).fillna(0).astype(int).reset_index()
        fig = go.Figure()
        for (col, label), colour in zip((("units_n", "乡/街道"), ("departments_n", "部门"), ("enterprises_n", "企业")),
                                        w.SEQUENCE):
            fig.add_bar(x=kinds["action_type"], y=kinds[col], name=label, marker_color=colour)
        fig.update_layout(barmode="stack", yaxis_title="次", xaxis=dict(type="category"))
        shown = kinds.rename(columns={"action_type": "类型", "n": "合计", "units_n": "对象为乡/街道",
                                      "departments_n": "对象为部门", "enterprises_n": "对象为企业"})
        w.chart(fig, shown, "按类型和对象", page.filters, "loop_types")
    with right:
        objects = page.query("accountability_by_object")
        shown = objects[["target", "target_kind", "n", "types", "last_date"]].rename(columns={
            "target": "对象", "target_kind": "对象类型", "n": "次数", "types": "类型", "last_date": "最近日期"})
        w.table(links.with_links(shown, "对象", kinds=shown["对象类型"]), "约谈通报问责对象", page.filters, "loop_objects",
                column_config=links.column_config())
    records = page.query("accountability_records", row_limit=ROW_LIMIT)
    w.limited_note(records, "约谈、通报、问责记录")
    shown = pd.DataFrame({
        "日期": records["action_date"], "类型": records["action_type"], "对象": records["target"],
        "对象类型": records["target_kind"], "所属乡/街道": records["unit"], "事由": records["reason"],
        "发文字号": records["doc_no"], "关联": records["related"],
    })
    w.table(links.with_links(shown, "对象", kinds=shown["对象类型"]), "约谈通报问责记录", page.filters, "loop_records",
            column_config=links.column_config())
    st.caption("关联：记录所涉的隐患编号、督导问题编号或案件编号（台账填写时）。")

# ---------------------------------------------------------------- documents for chasing
st.subheader("督办文书")
if page.is_city:
    st.info("督办通知单和催报通知由各区县的看板生成，发往本区县的乡/街道和部门；市级看板不生成。")
else:
    if page.own_unit_only:
        addressees = [u.name for u in rules.units() if u.code == page.principal.unit_code]
    else:
        addressees = [u.name for u in rules.units()] + list(rules.departments())
    left, right = st.columns(2)
    to = left.selectbox("发往", addressees, key="loop_notice_to")
    kind = right.radio("文书", ["督办通知单", "催报通知"], horizontal=True, key="loop_notice_kind")
    short = "督办" if kind == "督办通知单" else "催报"
    who = notices.resolve_addressee(to)
    as_of = page.filters.as_of
    st.download_button(
        f"下载{kind}（Word）", file_name=notices.file_name(short, who, as_of), mime=DOCX, key="loop_notice_dl",
        on_click="ignore",
        data=data.audited(f"{kind}_{to}", page.filters,
                          lambda: notices.build(page.store, short, who, as_of, principal=page.principal)[1],
                          event="export", detail={"notice": kind, "to": to, "as_of": as_of.isoformat()}))
    st.caption("督办通知单列出截至统计截止日该单位的逾期未整改隐患、督导组交办未整改问题和超期未摘牌的挂牌督办隐患；"
               "催报通知列出未按时报送的自查报告和打非治违月报。为全部单位批量生成：`python -m safetyboard notices --batch`。")
