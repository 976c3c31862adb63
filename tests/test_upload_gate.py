"""Memory before login, against a real server: a session that has not signed in cannot
put files into the server (Streamlit keeps uploads in memory per session); a session of the demo
administrator can. No timing thresholds; memory is compared in MB, far from the noise."""
from __future__ import annotations

import asyncio
import shutil
import uuid
from pathlib import Path

import pytest
import requests
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from browser_support import streamlit_server

import apptest_support as support

BODY_MB = 100
NO_XSRF = {"STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "false"}   # the gate does not rely on it


async def _open_session(url: str):
    """A websocket session that ran its first page (as a browser does); (websocket, session id)."""
    ws = await connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None, proxy=None, open_timeout=60)
    msg = BackMsg()
    msg.rerun_script.query_string = ""
    await ws.send(msg.SerializeToString())
    session_id = None
    while True:
        fwd = ForwardMsg()
        fwd.ParseFromString(await asyncio.wait_for(ws.recv(), 120))
        kind = fwd.WhichOneof("type")
        if kind == "new_session":
            session_id = fwd.new_session.initialize.session_id
        elif kind == "script_finished":
            return ws, session_id


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def server_pid(port: int) -> int:
    """The streamlit process listening on the port (a child of this test)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(cmd) and str(port).encode() in cmd:
                return int(entry.name)
    raise AssertionError("server process not found")


def put_uploads(url: str, session_id: str, count: int) -> list[int]:
    body = b"\0" * (BODY_MB * 2**20)
    statuses = []
    for _ in range(count):
        try:
            r = requests.put(f"{url}/_stcore/upload_file/{session_id}/{uuid.uuid4().hex}",
                             files={"file": ("台账.xlsx", body, "application/octet-stream")}, timeout=120)
            statuses.append(r.status_code)
        except requests.ConnectionError:
            statuses.append(0)      # the server closed the connection without reading the body
    return statuses


def uploads_from_a_session(db: Path, env: dict, count: int) -> tuple[list[int], float]:
    with streamlit_server(db, env={**NO_XSRF, **env}) as url:
        port = int(url.rsplit(":", 1)[1])

        async def go():
            ws, session_id = await _open_session(url)
            try:
                pid = server_pid(port)
                before = rss_mb(pid)
                statuses = await asyncio.to_thread(put_uploads, url, session_id, count)
                return statuses, rss_mb(pid) - before
            finally:
                await ws.close()
        return asyncio.run(go())


@pytest.fixture()
def server_db(fixture_db, tmp_path) -> Path:
    db = tmp_path / "app.duckdb"
    shutil.copy2(fixture_db, db)
    return db


def test_a_session_that_has_not_signed_in_cannot_upload(server_db, tmp_path, monkeypatch):
    users = support.use_users(monkeypatch, tmp_path / "users.toml",
                              support.user("admin", "admin", "upload gate password"))
    statuses, grown = uploads_from_a_session(server_db, {"SAFETYBOARD_USERS": str(users)}, 3)
    assert statuses and all(s in (0, 400) for s in statuses), statuses
    # 3 x 100 MB refused before the body is read: the server holds none of it.
    assert grown < 50, f"server grew {grown:.0f} MB"


def test_the_demo_administrator_can_upload(server_db, tmp_path):
    statuses, grown = uploads_from_a_session(
        server_db, {"SAFETYBOARD_USERS": str(tmp_path / "none.toml"), "SAFETYBOARD_DEMO": "1"}, 1)
    assert statuses == [204] or statuses == [200], statuses
    assert grown > BODY_MB / 2      # the file is held for the session: what the gate keeps strangers from


def test_metrics_tell_nothing(server_db, tmp_path, monkeypatch):
    users = support.use_users(monkeypatch, tmp_path / "users.toml", support.user("admin", "admin", "upload gate password"))
    with streamlit_server(server_db, env={"SAFETYBOARD_USERS": str(users)}) as url:
        async def visit():        # a page run installs the guard (and gives the metrics something to count)
            ws, _ = await _open_session(url)
            await ws.close()
        asyncio.run(visit())
        for query in ("", "?families=session_events_total&families=cache_memory_bytes"):
            r = requests.get(f"{url}/_stcore/metrics{query}", timeout=30)
            families = [line for line in r.text.splitlines() if line.startswith("# TYPE")]
            assert families == [], families
