"""Query results for pages: scoped to the signed-in principal (safetyboard.access), then cached per
(query, scoped parameters, data version), bounded, Arrow -> pandas.

Row-level access is applied here, before the cache: two users who may see different rows never share
a cache entry unless their scoped parameters are the same.

A page run reads through one snapshot (begin_run/end_run, a read transaction): the data version in the
cache key and every query the run computes come from the same committed state, so a page shows the
numbers from before an import or after it, never a mix."""
from __future__ import annotations

import datetime as dt
import json
from typing import Callable

import pandas as pd
import streamlit as st

from safetyboard import access, audit
from safetyboard import auth
from safetyboard.auth import Principal
from safetyboard.config import default_db_path
from safetyboard.formatting import escape_markdown
from safetyboard.store import Snapshot, Store, get_store

CACHE_ENTRIES = 1024
PRINCIPAL_KEY = "sb_principal"      # the frame puts the validated principal of this run here
SESSION_KEY = "sb_session"          # the frame's sign-in session (see ui.frame)
SNAPSHOT_KEY = "sb_snapshot"        # the read transaction of the current page run


def _encode(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return {"__date__": value.isoformat()}
    raise TypeError(type(value))


@st.cache_data(max_entries=CACHE_ENTRIES, show_spinner=False)
def _cached(db_path: str, name: str, params_json: str, data_version: int, _reader: Store | Snapshot,
            _query: access.ScopedQuery) -> pd.DataFrame:
    # The key is (path, name, scoped parameters, version); _reader holds the state data_version names and
    # _query is the query those parameters describe.
    return _query.run(_reader).to_pandas()


def query(store: Store, name: str, params: dict, principal: Principal | None = None) -> pd.DataFrame:
    """A named query's result for this principal; the data version in the key drops stale results after an
    import. principal: the signed-in principal (Page.query passes it); when omitted, the one the frame
    validated in this run. Nobody signed in, or a query the principal may not run, stops the page with a
    Chinese message (nothing is shown)."""
    principal = principal or current_principal()
    _check_session(principal)
    try:
        scoped = access.scoped(principal, name, params)
    except access.AccessDenied as exc:
        st.warning(escape_markdown(exc))
        st.stop()
    key = json.dumps(scoped.params, sort_keys=True, default=_encode, ensure_ascii=False)
    reader = run_reader(store)
    # cache_data hands every caller its own copy (unpickled): pages may change the frame they get.
    return _cached(str(store.path), name, key, reader.data_version(), reader, scoped)


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
    return run_reader(store).data_version()


# ---------------------------------------------------------------- one snapshot per page run

def begin_run(store: Store) -> None:
    """Start this page run's read transaction (the frame calls it before the first query); a snapshot
    left over from an earlier run of this session is closed first."""
    end_run()
    st.session_state[SNAPSHOT_KEY] = store.snapshot()


def end_run() -> None:
    """End this session's read transaction (dashboard.py after every page run, also when it stopped)."""
    try:
        snapshot = st.session_state.pop(SNAPSHOT_KEY, None)
    except Exception:   # no script run context
        return
    if snapshot is not None:
        snapshot.close()


def run_reader(store: Store) -> Store | Snapshot:
    """Where this run's queries read: the page run's snapshot of this store, else the store itself (one
    transaction per query). A fragment rerun (the meeting screen's rotation) does not run the frame, so a
    snapshot it finds is an earlier run's and is not used."""
    try:
        snapshot = st.session_state.get(SNAPSHOT_KEY)
    except Exception:
        return store
    if snapshot is None or snapshot.closed or snapshot.path != store.path or _fragment_rerun():
        return store
    return snapshot


def _fragment_rerun() -> bool:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def clear() -> None:
    """After an import or undo: drop cached results, and let the rest of this run read the new state."""
    _cached.clear()
    try:
        snapshot = st.session_state.get(SNAPSHOT_KEY)
    except Exception:
        return
    if snapshot is not None and not snapshot.closed:
        begin_run(snapshot.store)


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
