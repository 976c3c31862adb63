"""Query results for pages: cached per (query, parameters, data version), bounded, Arrow -> pandas."""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import streamlit as st

from safetyboard import queries
from safetyboard.store import Store, get_store

CACHE_ENTRIES = 1024


def _encode(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return {"__date__": value.isoformat()}
    raise TypeError(type(value))


def _decode(obj):
    if "__date__" in obj:
        return dt.date.fromisoformat(obj["__date__"])
    return obj


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(db_path: str, name: str, params_json: str, data_version: int) -> pd.DataFrame:
    params = json.loads(params_json, object_hook=_decode)
    table = queries.run(get_store(db_path), name, params)
    return table.to_pandas()


def query(store: Store, name: str, params: dict) -> pd.DataFrame:
    """A named query's result; the data version in the key drops stale results after an import."""
    used = {k: params[k] for k in queries.load(name).params if k in params}
    key = json.dumps(used, sort_keys=True, default=_encode, ensure_ascii=False)
    return _cached(str(store.path), name, key, data_version(store)).copy()


def data_version(store: Store) -> int:
    return store.data_version()


def clear() -> None:
    _cached.clear()
