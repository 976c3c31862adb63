"""A headless Streamlit client that speaks the browser's websocket protocol (ws://HOST/_stcore/stream).

It does what the Streamlit frontend does, minus the drawing: it sends BackMsg.rerun_script with the
page's script hash, the URL's query string and the current widget values (ClientState), and reads
ForwardMsgs until script_finished, keeping the final element at every delta path. That is enough to
read what a user would see (st.metric label/body/delta, captions, tables as Arrow, exceptions) at a
small fraction of a browser's cost, so a 2-core machine can drive dozens of sessions.

    async with Session("http://127.0.0.1:8501", query_string="units=410411001000") as s:
        run = await s.run()                          # the default page
        run = await s.run("hazard_map", widgets={"统计阶段": "集中整治", "乡/街道": ["马庄街道"]})
        run.metrics()["隐患总数"]                      # ("6,005", "+147")

Only the websockets package (a Streamlit dependency) and Streamlit's own protobufs are used."""
from __future__ import annotations

import asyncio
import datetime as dt
import time
from dataclasses import dataclass, field, replace
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

_FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY: "ok",
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR: "compile_error",
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY: "ok",
}
WIDGET_KINDS = {"selectbox", "multiselect", "date_input"}   # the kinds this client can set


@dataclass
class Widget:
    """A sidebar/page input as the server last drew it, with the value the client will send back."""
    id: str
    kind: str
    label: str
    options: list[str]
    value: Any            # selectbox: str | None; multiselect: list[str]; date_input: list[str] (ISO dates)
    sidebar: bool = False


@dataclass
class PageRun:
    """One script run as seen by the client."""
    page: str                     # url_pathname asked for ("" = default page)
    status: str                   # ok | compile_error | timeout | closed | error
    seconds: float
    elements: dict[tuple, Any] = field(default_factory=dict)   # delta path -> Element proto (the last one drawn)
    page_not_found: bool = False
    messages: int = 0
    bytes: int = 0
    page_script_hash: str = ""
    error: str | None = None
    widget_values: dict[tuple, Widget] = field(default_factory=dict)   # delta path -> widget with its value

    def of_kind(self, kind: str) -> list:
        return [getattr(e, kind) for _, e in sorted(self.elements.items()) if e.WhichOneof("type") == kind]

    def element_count(self) -> int:
        return len(self.elements)

    def exceptions(self) -> list[str]:
        return [f"{e.type}: {e.message}" for e in self.of_kind("exception")]

    def metrics(self) -> dict[str, tuple[str, str]]:
        """label -> (body, delta) of every st.metric, in page order."""
        return {m.label: (m.body, m.delta) for m in self.of_kind("metric")}

    def captions(self) -> list[str]:
        from streamlit.proto.Markdown_pb2 import Markdown
        return [m.body for m in self.of_kind("markdown") if m.element_type == Markdown.CAPTION]

    def headings(self) -> list[str]:
        return [h.body for h in self.of_kind("heading")]

    def tables(self) -> list:
        """Every st.dataframe / st.table as a pyarrow Table, in page order."""
        import pyarrow as pa
        out = []
        for kind in ("dataframe", "table"):
            for e in self.of_kind(kind):
                data = e.arrow_data.data if e.HasField("arrow_data") else b""
                out.append(pa.ipc.open_stream(data).read_all() if data else None)
        return out

    def widgets(self, where: str = "sidebar") -> dict[str, Widget]:
        """label -> widget in the sidebar (where="sidebar") or the main area ("main"), with the value the
        frontend would show: the server's value when it sends one (set_value), else the value this
        session last had for the same widget id, else the widget's default."""
        root = 1 if where == "sidebar" else 0
        return {w.label: w for path, w in sorted(self.widget_values.items()) if path[:1] == (root,)}


def _widget(element, known: dict[str, "Widget"] | None = None) -> Widget | None:
    kind = element.WhichOneof("type")
    if kind not in WIDGET_KINDS:
        return None
    w = getattr(element, kind)
    options = list(getattr(w, "options", []))
    if not w.set_value and known and w.id in known:
        return Widget(w.id, kind, w.label, options, known[w.id].value)
    if kind == "selectbox":
        value = w.raw_value if w.set_value else (options[w.default] if w.HasField("default") and options else None)
    elif kind == "multiselect":
        value = list(w.raw_values) if w.set_value else [options[i] for i in w.default]
    else:
        value = list(w.value) if w.set_value else list(w.default)
    return Widget(w.id, kind, w.label, options, value)


def _widget_state(states, w: Widget) -> None:
    s = states.widgets.add()
    s.id = w.id
    if w.kind == "selectbox":
        s.string_value = w.value
    else:                          # multiselect: option labels; date_input: ISO dates
        s.string_array_value.data.extend(w.value)


class Session:
    """One browser tab: a websocket, a query string, the pages of the app and the widget values."""

    def __init__(self, base_url: str, query_string: str = "", timeout: float = 120.0):
        self.url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.query_string = query_string
        self.timeout = timeout
        self.pages: dict[str, str] = {}           # url_pathname -> page_script_hash ("" = default page)
        self.titles: dict[str, str] = {}          # url_pathname -> title
        self.widget_values: dict[str, Widget] = {}   # id -> widget as last drawn, with the value to send back
        self.ws = None
        self.page_script_hash = ""

    async def __aenter__(self) -> "Session":
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self) -> None:
        self.ws = await connect(self.url, subprotocols=["streamlit"], max_size=None, proxy=None,
                                open_timeout=self.timeout)

    async def close(self) -> None:
        if self.ws is not None:
            try:
                await self.ws.close()
            except Exception:
                pass
            self.ws = None

    def _labels(self) -> dict[str, Widget]:
        """label -> widget; a sidebar widget wins over a main-area one with the same label."""
        out = {}
        for w in self.widget_values.values():
            if w.label not in out or w.sidebar:
                out[w.label] = w
        return out

    async def run(self, page: str | None = None, widgets: dict[str, Any] | None = None) -> PageRun:
        """Run `page` (url_pathname; None = stay on the current page) with changed widget values
        ({label: value}; a date as datetime.date or ISO text, or a list of them) and wait for script_finished."""
        labels = self._labels()
        for label, value in (widgets or {}).items():
            w = labels.get(label)
            if w is None:
                raise KeyError(f"no widget labelled {label!r} drawn yet")
            if w.kind == "date_input":
                value = [d.isoformat() if isinstance(d, dt.date) else str(d)
                         for d in (value if isinstance(value, (list, tuple)) else [value])]
            elif w.kind == "multiselect":
                value = list(value)
            self.widget_values[w.id] = replace(w, value=value)
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        if page is None:
            cs.page_script_hash = self.page_script_hash
        else:
            cs.page_script_hash = self.pages.get(page, "")
            cs.page_name = page
        for w in self.widget_values.values():
            if w.value is not None:
                _widget_state(cs.widget_states, w)
        result = PageRun(page if page is not None else "", "error", 0.0)
        started = time.perf_counter()
        try:
            await self.ws.send(msg.SerializeToString())
            await asyncio.wait_for(self._read_run(result), self.timeout)
        except asyncio.TimeoutError:
            result.status, result.error = "timeout", f"no script_finished within {self.timeout:.0f} s"
        except Exception as exc:    # connection closed, protocol error
            result.status, result.error = "closed", f"{type(exc).__name__}: {exc}"
        result.seconds = time.perf_counter() - started
        if result.status == "ok":
            # Like the frontend's widget state manager: the widgets now drawn, with their values.
            resolved = {path: w for path, e in result.elements.items() for w in [_widget(e, self.widget_values)] if w}
            for path, w in resolved.items():
                w.sidebar = path[:1] == (1,)
            result.widget_values = resolved
            self.widget_values = {w.id: w for w in resolved.values()}
        return result

    async def _read_run(self, result: PageRun) -> None:
        while True:
            raw = await self.ws.recv()
            result.messages += 1
            result.bytes += len(raw)
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            kind = msg.WhichOneof("type")
            if kind == "delta":
                delta = msg.delta
                path = tuple(msg.metadata.delta_path)
                if delta.WhichOneof("type") == "new_element":
                    result.elements[path] = delta.new_element
                elif delta.WhichOneof("type") == "add_block":
                    # A new block replaces whatever was drawn at and under its path.
                    for old in [p for p in result.elements if p[:len(path)] == path]:
                        del result.elements[old]
            elif kind == "navigation":
                self.pages, self.titles = {}, {}
                for p in msg.navigation.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
                    self.titles[p.url_pathname] = p.page_name
                self.page_script_hash = result.page_script_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                result.page_not_found = True
            elif kind == "script_finished":
                status = msg.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    result.elements.clear()   # the script asked for a rerun: the next run belongs to this request
                    continue
                result.status = _FINISHED.get(status, f"finished_{status}")
                return
