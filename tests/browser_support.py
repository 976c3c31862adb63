"""A real Streamlit server on loopback and headless Debian Chromium (Playwright) with every request
to an outside host blocked and recorded."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed; scripts/setup.sh --system installs it")
        pytest.skip("Chromium not installed (run scripts/setup.sh --system)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(db_path: Path, env: dict | None = None, script: str = "dashboard.py"):
    port = free_port()
    # Test databases are not the bundled demo: demo mode (no users = administrator) must be explicit.
    full_env = {**os.environ, "SAFETYBOARD_DB": str(db_path), "SAFETYBOARD_DEMO": "1", **(env or {})}
    log = open(Path(db_path).with_suffix(f".server-{port}.log"), "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"streamlit did not start; see {log.name}")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def open_server(db_path: Path):
    """A dashboard over db_path that lets every visitor in as the demo administrator (no users file)."""
    require_chromium()
    with streamlit_server(db_path, env={"SAFETYBOARD_USERS": str(Path(db_path).parent / "no-users.toml")}) as url:
        yield url


@contextmanager
def browser_page(width: int = 1600, height: int = 1000):
    """(page, outside) where outside lists every URL to a non-local host that the page tried."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    outside: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")

        def guard(route):
            url = route.request.url
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob") or parsed.hostname in LOCAL_HOSTS:
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("websocket", lambda ws: None if urlparse(ws.url).hostname in LOCAL_HOSTS else outside.append(ws.url))
        try:
            yield page, outside
        finally:
            context.close()
            browser.close()


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no running indicator) and drawn the main block."""
    page.wait_for_selector('[data-testid="stMain"]', timeout=timeout)
    # The app root says when a run has finished; the status widget alone can be checked before it first shows
    # (on a loaded machine the script starts late), which returned before anything was drawn.
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stStatusWidget"]');
        }""", timeout=timeout)
    page.wait_for_timeout(500)


def has_exception(page) -> bool:
    return page.locator('[data-testid="stException"]').count() > 0


def metric_value(page, label: str) -> str:
    """The value of the tile with this label."""
    box = page.locator('[data-testid="stMetric"]').filter(has=page.get_by_text(label, exact=True)).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()
