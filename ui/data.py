"""Query results for pages: scoped to the signed-in principal (safetyboard.access), then cached per
(query, scoped parameters, data version), bounded, Arrow -> pandas.

Row-level access is applied here, before the cache: two users who may see different rows never share
a cache entry unless their scoped parameters are the same."""
from __future__ import annotations

import datetime as dt
import json
from typing import Callable

import pandas as pd
import streamlit as st

from safetyboard import access, audit, queries
from safetyboard import auth
from safetyboard.auth import Principal
from safetyboard.config import default_db_path
from safetyboard.store import Store, get_store

CACHE_ENTRIES = 1024
PRINCIPAL_KEY = "sb_principal"      # the frame puts the validated principal of this run here
SESSION_KEY = "sb_session"          # the frame's sign-in session (see ui.frame)


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


def query(store: Store, name: str, params: dict, principal: Principal | None = None) -> pd.DataFrame:
    """A named query's result for this principal; the data version in the key drops stale results after an
    import. principal: the signed-in principal (Page.query passes it); when omitted, the one the frame
    validated in this run. Nobody signed in, or a query the principal may not run, stops the page with a
    Chinese message (nothing is shown)."""
    principal = principal or current_principal()
    _check_session(principal)
    named = queries.load(name)
    try:
        scoped = access.scope_params(principal, named, params)
    except access.AccessDenied as exc:
        st.warning(str(exc))
        st.stop()
    used = {k: scoped[k] for k in named.params if k in scoped}
    key = json.dumps(used, sort_keys=True, default=_encode, ensure_ascii=False)
    return _cached(str(store.path), name, key, data_version(store)).copy()


def _check_session(principal: Principal | None) -> None:
    """Between full runs (a fragment that reruns by itself, e.g. the meeting screen) the frame does not look
    at the session: an expired or ended one stops here."""
    if principal is None or principal.demo:
        return
    session = st.session_state.get(SESSION_KEY)
    why = "请重新登录。" if session is None else auth.session_expired(session["started"], session["last_seen"])
    if why:
        st.warning(f"登录已失效：{why}")
        st.stop()


def data_version(store: Store) -> int:
    return store.data_version()


def clear() -> None:
    _cached.clear()


# ---------------------------------------------------------------- audit hooks for downloads

def current_principal() -> Principal | None:
    """The principal the frame validated in this run (None outside a page run)."""
    try:
        return st.session_state.get(PRINCIPAL_KEY)
    except Exception:   # no script run context (e.g. a bare import)
        return None


def client_address() -> str | None:
    try:
        address = st.context.ip_address
    except Exception:
        return None
    return address if isinstance(address, str) else None


def record(event: str, target: str | None = None, filters=None, detail: dict | None = None,
           principal: Principal | None = None, store: Store | None = None) -> bool:
    """Append an audit entry for the signed-in principal of this run."""
    principal = principal or current_principal()
    if principal is None:
        return False
    return audit.record_for(store or get_store(default_db_path()), principal, event, target=target, filters=filters,
                            detail=detail, client=client_address())


def audited(title: str, filters, make: Callable[[], bytes | str], event: str = "export",
            detail: dict | None = None) -> Callable[[], bytes | str]:
    """Wrap the lazy `data=` callable of a download button so that producing the file records who exported
    what with which filters. Call it while the page renders (it captures the principal and client then;
    Streamlit runs the callable later, outside the page run):

        st.download_button(..., data=audited(title, filters, lambda: table_xlsx(...)))

    event: "export" for tables, "briefing" for briefing documents."""
    principal, client = current_principal(), client_address()
    store = get_store(default_db_path())

    def produce():
        data = make()
        if principal is not None:
            audit.record_for(store, principal, event, target=title, filters=filters, detail=detail, client=client)
        return data
    return produce
