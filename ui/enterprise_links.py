"""Links to the 一企一档 page (pages/enterprise.py) from any table that names an enterprise: a 一企一档 column whose
cell opens that enterprise's page (by its 统一社会信用代码 when known, else by its name)."""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from safetyboard import rules

URL_PATH = "enterprise"      # ui/navigation.py
QUERY_PARAM = "q"
COLUMN = "一企一档"


def url(name, credit_code=None) -> str | None:
    """The page's address for an enterprise (relative, so it stays on this server); None without a name or code."""
    key = credit_code if isinstance(credit_code, str) and credit_code else name
    if not isinstance(key, str) or not key.strip():
        return None
    return f"{URL_PATH}?{QUERY_PARAM}={quote(key.strip())}"


def with_links(df: pd.DataFrame, name_col: str, code_col: str | None = None, kinds=None,
               beside: bool = False) -> pd.DataFrame:
    """df with a 一企一档 column of links, last or (beside) right after its enterprise names. With kinds (per row, a
    督导/问责 object's kind: 乡/街道, 部门 or 企业), only the rows whose object is an enterprise get one."""
    out = df.copy()
    codes = out[code_col] if code_col and code_col in out else [None] * len(out)
    kinds = list(kinds) if kinds is not None else [rules.ORG_ENTERPRISE] * len(out)
    links = [url(n, c) if k == rules.ORG_ENTERPRISE else None for n, c, k in zip(out[name_col], codes, kinds)]
    if beside:
        out.insert(out.columns.get_loc(name_col) + 1, COLUMN, links)
    else:
        out[COLUMN] = links
    return out


def column_config() -> dict:
    return {COLUMN: st.column_config.LinkColumn(COLUMN, display_text="查看", help="打开该单位的一企一档")}
