"""Screenshots of every page on the demo data for the README: `.venv/bin/python scripts/screenshots.py`.
Runs a real server on loopback and headless Chromium with outside requests blocked."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser_support import browser_page, streamlit_server, wait_for_app  # noqa: E402
from safetyboard.demo_db import build_demo_database  # noqa: E402
from ui.navigation import PAGES  # noqa: E402

OUT = REPO / "docs" / "screenshots"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        build_demo_database(db, REPO / "data" / "sample")
        with streamlit_server(db, env={"SAFETYBOARD_USERS": str(Path(tmp) / "none.toml")}) as url:
            for entry in PAGES:
                with browser_page(1600, 1000) as (page, outside):
                    page.goto(f"{url}/{entry.url_path}")
                    wait_for_app(page)
                    page.wait_for_timeout(2500)
                    page.screenshot(path=str(OUT / f"{entry.url_path}.png"), full_page=False)
                    print(entry.url_path, "outside requests:", outside)


if __name__ == "__main__":
    main()
