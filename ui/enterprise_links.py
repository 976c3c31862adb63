"""Links to the 一企一档 page (pages/enterprise.py) from any table that names an enterprise: a 一企一档 column whose
cell opens that enterprise's page (by its 统一社会信用代码 when known, else by its name)."""
from __future__ import annotations

import functools
from collections.abc import Callable
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
    names = _objects(out[name_col])
    codes = _objects(out[code_col]) if code_col and code_col in out else [None] * len(out)
    kinds = list(kinds) if kinds is not None else [rules.ORG_ENTERPRISE] * len(out)
    # one url() per distinct enterprise: a city-wide cross-check list repeats its enterprises over 10^4 rows
    known: dict = {}
    links = [(known[nc] if nc in known else known.setdefault(nc, url(*nc))) if k == rules.ORG_ENTERPRISE else None
             for nc, k in zip(zip(names, codes), kinds)]
    if beside:
        out.insert(out.columns.get_loc(name_col) + 1, COLUMN, links)
    else:
        out[COLUMN] = links
    return out


def linked(name_col: str, code_col: str | None = None, beside: bool = False) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """with_links for these columns, for ui.widgets.table(prepare=...): a long list gets links on the rows drawn."""
    return functools.partial(with_links, name_col=name_col, code_col=code_col, beside=beside)


def _objects(column: pd.Series) -> list:
    """A column as Python values, missing as None (iterating an Arrow-backed column value by value is slow)."""
    return column.astype(object).where(column.notna(), None).tolist()


def column_config() -> dict:
    return {COLUMN: st.column_config.LinkColumn(COLUMN, display_text="查看", help="打开该单位的一企一档")}
