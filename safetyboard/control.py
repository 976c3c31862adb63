"""Let the command line reach a running dashboard.

DuckDB lets one process hold a database file for writing. While the dashboard runs, the CLI
cannot open the file, so it leaves a request in <db dir>/.control/ and the dashboard's worker
thread carries it out (import, backup) and answers. The worker also writes a heartbeat with the
database's health, which `python -m safetyboard health` and monitoring systems read."""
from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import os
import threading
import time
import uuid
from pathlib import Path

from .store import Store

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 2.0
STALE_SECONDS = 15.0


def control_dir(db_path: Path) -> Path:
    return Path(db_path).resolve().parent / ".control"


def heartbeat_path(db_path: Path) -> Path:
    return control_dir(db_path) / f"{Path(db_path).name}.health.json"


def _write_json(path: Path, payload: dict) -> None:
    tmp = path.with_suffix(path.suffix + f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(payload, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def health_of(store: Store) -> dict:
    """Server-side health: is the database readable, when was the last import."""
    try:
        last = store.scalar("SELECT max(imported_at) FROM imports WHERE undone_at IS NULL")
        level = store.schema_level()
        return {"db_readable": True, "last_import": last.isoformat() if last else None, "schema_level": level}
    except Exception as exc:  # report, never raise: this feeds monitoring
        return {"db_readable": False, "error": str(exc)[:200]}


class Worker(threading.Thread):
    """Serves one request at a time. Whatever one request raises (a Rust panic in a reader is a
    BaseException) is answered as that request's error and the worker goes on; the heartbeat says
    how many requests failed and, after a restart, why the previous worker ended."""

    def __init__(self, store: Store, handlers: dict, history: dict | None = None):
        super().__init__(name="safetyboard-control", daemon=True)
        self.store = store
        self.handlers = handlers
        self.stop_event = threading.Event()
        self.history = dict(history or {"restarts": 0})   # restarts, last_restart, previous_end
        self.failed_requests = 0
        self.last_failure: str | None = None
        self.ended_by: str | None = None

    def status(self) -> dict:
        return {**self.history, "failed_requests": self.failed_requests, "last_failure": self.last_failure}

    def stop(self) -> None:
        self.stop_event.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(timeout=10)

    def run(self) -> None:
        try:
            self._loop()
        except BaseException as exc:   # recorded for the restart and `health`
            self.ended_by = f"{type(exc).__name__}: {str(exc)[:200]}"
            log.critical("control worker ended: %s", self.ended_by, exc_info=True)

    def _loop(self) -> None:
        directory = control_dir(self.store.path)
        directory.mkdir(parents=True, exist_ok=True)
        while not self.stop_event.is_set():
            try:
                _write_json(heartbeat_path(self.store.path), {
                    "pid": os.getpid(), "time": time.time(), "at": dt.datetime.now().isoformat(timespec="seconds"),
                    **health_of(self.store), "worker": self.status()})
                for request in sorted(directory.glob("*.request.json")):
                    self._serve(request)
            except Exception as exc:
                log.warning("control worker: %s", exc)
            self.stop_event.wait(HEARTBEAT_SECONDS)

    def _serve(self, request: Path) -> None:
        claimed = request.with_suffix(".working")
        try:
            os.replace(request, claimed)
        except OSError:
            return  # another worker took it
        result_path = request.with_name(request.name.replace(".request.json", ".result.json"))
        try:
            payload = json.loads(claimed.read_text(encoding="utf-8"))
            handler = self.handlers.get(payload.get("action"))
            if handler is None:
                result = {"ok": False, "error": f"未知操作「{payload.get('action')}」"}
            else:
                result = {"ok": True, "result": handler(self.store, payload)}
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:   # one request's failure, even a panic, never ends the worker
            log.exception("control request failed")
            self.failed_requests += 1
            self.last_failure = f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} {type(exc).__name__}: {str(exc)[:200]}"
            message = str(exc) if isinstance(exc, Exception) else f"处理请求时程序异常中止（{type(exc).__name__}）"
            result = {"ok": False, "error": message}
        _write_json(result_path, result)
        claimed.unlink(missing_ok=True)


_workers: dict[Path, Worker] = {}
_lock = threading.Lock()


def stop_workers() -> None:
    """At exit: a daemon thread inside DuckDB while the interpreter shuts down aborts the process."""
    with _lock:
        workers = list(_workers.values())
    for worker in workers:
        worker.stop_event.set()
    for worker in workers:
        worker.join(timeout=10)


atexit.register(stop_workers)


def start_worker(store: Store) -> Worker:
    """Once per process and database, and again when the worker has died (the dashboard calls this on
    every page run, so a dead worker is replaced at the next visit; the heartbeat says so)."""
    from .control_handlers import HANDLERS

    with _lock:
        worker = _workers.get(store.path)
        if worker is None or not worker.is_alive():
            history = None
            if worker is not None and not worker.stop_event.is_set():
                history = {"restarts": worker.history.get("restarts", 0) + 1,
                           "last_restart": dt.datetime.now().isoformat(timespec="seconds"),
                           "previous_end": worker.ended_by or "未知原因"}
                log.warning("control worker was dead (%s); restarted", history["previous_end"])
            elif worker is not None:
                history = worker.history
            worker = _workers[store.path] = Worker(store, HANDLERS, history)
            store.on_close.append(worker.stop)
            worker.start()
        return worker


def read_heartbeat(db_path: Path) -> dict | None:
    try:
        beat = json.loads(heartbeat_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    beat["age_seconds"] = round(time.time() - beat.get("time", 0), 1)
    return beat


def dashboard_alive(db_path: Path) -> bool:
    beat = read_heartbeat(db_path)
    return bool(beat) and beat["age_seconds"] < STALE_SECONDS


class ControlTimeout(Exception):
    pass


def request(db_path: Path, action: str, payload: dict, timeout: float = 900.0) -> dict:
    """Ask the running dashboard to do something; returns its result or raises ControlTimeout."""
    directory = control_dir(db_path)
    ident = f"{int(time.time())}-{uuid.uuid4().hex[:8]}"
    _write_json(directory / f"{ident}.request.json", {"action": action, **payload})
    result_path = directory / f"{ident}.result.json"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if result_path.exists():
            result = json.loads(result_path.read_text(encoding="utf-8"))
            result_path.unlink(missing_ok=True)
            return result
        time.sleep(0.2)
    raise ControlTimeout(f"仪表盘在{int(timeout)}秒内没有完成「{action}」请求。")
