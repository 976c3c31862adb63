"""Screenshots of every page on the demo data for the README: `.venv/bin/python scripts/screenshots.py`; with
`--city`, the city view's pages on the city demo (docs/screenshots/city_<page>.png).
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


CITY_PAGES = ("overview", "hazard_map", "reporting", "screen")


def city() -> None:
    from safetyboard.city_demo import build_city_demo
    with tempfile.TemporaryDirectory() as tmp:
        city_db, _ = build_city_demo(Path(tmp), progress=lambda _: None)
        env = {"SAFETYBOARD_USERS": str(Path(tmp) / "none.toml"), "SAFETYBOARD_DISTRICT": str(Path(tmp) / "city.toml")}
        with streamlit_server(city_db, env=env) as url:
            shoot(url, CITY_PAGES, "city_")


def shoot(url: str, paths, prefix: str = "") -> None:
    for path in paths:
        with browser_page(1600, 1000) as (page, outside):
            page.goto(f"{url}/{path}")
            wait_for_app(page)
            page.wait_for_timeout(2500)
            page.screenshot(path=str(OUT / f"{prefix}{path}.png"), full_page=False)
            print(prefix + path, "outside requests:", outside)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if "--city" in sys.argv:
        return city()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.duckdb"
        build_demo_database(db, REPO / "data" / "sample")
        with streamlit_server(db, env={"SAFETYBOARD_USERS": str(Path(tmp) / "none.toml")}) as url:
            shoot(url, [entry.url_path for entry in PAGES])


if __name__ == "__main__":
    main()
