"""Two holes of Streamlit's own HTTP routes closed from inside the process: uploads only from sessions
signed in as someone who may import, and no /_stcore/metrics for anyone.

Uploads.
Streamlit accepts `PUT /_stcore/upload_file/<session>/<file>` from any open session and keeps the file in
memory for that session (up to server.maxUploadSize, 1 GB here, per file), before any page has run: a
visitor who never signed in could make the server hold gigabytes. Its upload route asks
Runtime.is_active_session(session) before it reads a byte of the body; the gate answers "no" there for a
session whose last page run did not validate a principal allowed to import (the request gets 400).

Metrics. /_stcore/metrics answers anyone, signed in or not, with session counts and cache sizes; it is
switched off (an empty answer): monitoring reads `python -m safetyboard health`.

Installed by the first page run of the process (dashboard.py and ui.frame call install()). A session id
reaches a browser only when that session's first page run starts, which is where install() is called."""
from __future__ import annotations

import logging
import threading

from safetyboard import access

from .data import PRINCIPAL_KEY

log = logging.getLogger(__name__)
_lock = threading.Lock()


def session_may_upload(runtime, session_id: str) -> bool:
    """Whether the session's last page run validated a principal that may import (administrators)."""
    try:
        info = runtime._session_mgr.get_active_session_info(session_id)
        state = info.session.session_state if info is not None else None
        principal = state[PRINCIPAL_KEY] if state is not None and PRINCIPAL_KEY in state else None
    except Exception:   # never let the gate open because of an internal change: refuse
        log.warning("upload gate could not read session %s; refused", session_id, exc_info=True)
        return False
    return principal is not None and access.may_import(principal)


def install() -> None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.stats import StatsManager

    with _lock:
        if getattr(Runtime.is_active_session, "_upload_gate", False):
            return
        # Only the metrics route asks these (checked against Streamlit 1.67).
        StatsManager.registered_families = lambda self: []
        StatsManager.get_stats = lambda self, family_names=None: {}
        active = Runtime.is_active_session

        def is_active_session(self, session_id: str) -> bool:
            # Only Streamlit's upload route asks this (checked against Streamlit 1.67).
            if not active(self, session_id):
                return False
            if session_may_upload(self, session_id):
                return True
            log.warning("upload refused: session %s has not signed in as an administrator", session_id)
            return False

        is_active_session._upload_gate = True
        Runtime.is_active_session = is_active_session
