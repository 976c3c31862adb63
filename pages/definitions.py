"""口径说明: the definition of every figure, read from the rules files (safetyboard/metric_rules/*.sql) where
each stands next to the SQL that computes it, so the words shown and the rule applied cannot drift apart."""
import pandas as pd
import streamlit as st

from safetyboard.definitions import grouped
from safetyboard.formatting import cn_date
from ui.frame import setup

page = setup("口径说明")

# The queries/ files this page runs (tests/test_query_usage.py holds it to this list).
QUERIES = ()

f = page.filters
st.caption(f"S＝统计起始日（当前 {cn_date(f.since)}），A＝统计截止日（当前 {cn_date(f.as_of)}）。"
           "“本期”的数字只计S至A之间发生的；“截至A”的数字是A日仍然存在的存量，不论发生在哪个阶段，"
           "选择阶段不会隐藏更早发现、至今仍逾期未整改的隐患。")
for title, rows in grouped():
    st.subheader(title)
    st.dataframe(pd.DataFrame({"指标": [d.name for d in rows], "口径": [d.text for d in rows]}),
                 hide_index=True, width="stretch")
st.caption("以上定义直接读取自计算规则文件 safetyboard/metric_rules/*.sql 中紧挨着计算语句的注释，修改规则时同时修改。")
