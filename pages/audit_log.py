"""审计日志 (安委办 only): who signed in, imported, undid, exported or downloaded a briefing, when and with
which filters. Read-only: the log can only be appended to (safetyboard/audit.py), never edited here."""
import datetime as dt

import pandas as pd
import streamlit as st

from safetyboard import access, audit
from safetyboard.auth import ROLES
from safetyboard.exports import table_xlsx
from ui import data
from ui.frame import setup
from ui.widgets import download_name

page = setup("审计日志")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ()

if not access.may_see_audit_log(page.principal):
    st.error("只有区安委办管理员可以查看审计日志。")
    st.stop()

ROW_LIMIT = 10_000
today = dt.date.today()
c1, c2, c3, c4 = st.columns([1, 1, 1, 2])
since = c1.date_input("起始日期", value=today - dt.timedelta(days=30), key="aud_since",
                      min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
until = c2.date_input("截止日期", value=today, key="aud_until", min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
users = audit.usernames(page.store)
who = c3.selectbox("用户", ["", *users], format_func=lambda u: u or "全部用户", key="aud_user")
kinds = c4.multiselect("事件", list(audit.EVENTS), format_func=audit.EVENTS.get, placeholder="全部事件", key="aud_events")

if since > until:
    st.warning("起始日期晚于截止日期，已对调。")
    since, until = until, since
rows = audit.entries(page.store, since=since, until=until, username=who or None, events=kinds, limit=ROW_LIMIT).to_pylist()
shown = pd.DataFrame([{
    "序号": r["seq"], "时间": r["occurred_at"], "用户": r["username"] or "—", "角色": ROLES.get(r["role"] or "", "—"),
    "事件": audit.EVENTS.get(r["event"], r["event"]), "对象": r["target"] or "",
    "筛选条件": audit.describe_filters(r["filters"]), "详情": audit.describe_detail(r["detail"]), "客户端地址": r["client"] or "",
} for r in rows], columns=["序号", "时间", "用户", "角色", "事件", "对象", "筛选条件", "详情", "客户端地址"])

st.caption(f"共{len(shown)}条" + (f"（只显示最近{ROW_LIMIT}条，请缩小日期范围）" if len(shown) >= ROW_LIMIT else "")
           + "。审计日志只能追加，不能在看板中修改或删除。")
st.dataframe(shown, hide_index=True, width="stretch", height=560)
lines = [f"日期：{since:%Y-%m-%d} 至 {until:%Y-%m-%d}", f"用户：{who or '全部用户'}",
         "事件：" + ("、".join(audit.EVENTS[k] for k in kinds) if kinds else "全部事件")]
st.download_button(
    "导出审计日志（Excel）",
    data=data.audited("审计日志", {"since": since, "until": until, "username": who or None, "events": kinds},
                      lambda: table_xlsx({"审计日志": shown}, title="审计日志", filters=lines)),
    file_name=download_name("审计日志"), mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="aud_download", on_click="ignore")
