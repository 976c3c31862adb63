"""The README's images of the briefing and the meeting screen, from the demo data:
`.venv/bin/python docs/make_images.py`.

- docs/briefing_page1.png: page 1 of the district briefing (LibreOffice -> PDF -> pdftoppm).
- docs/screenshots/screen_1.png, screen_2.png: the meeting screen at 1920x1080, two views, in headless
  Chromium with outside requests blocked (a real server on loopback).

The tests check the same things on the golden fixture (tests/briefing/test_pdf.py, tests/browser/test_screen.py)."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser_support import browser_page, streamlit_server, wait_for_app  # noqa: E402
from safetyboard.auth import LOCAL_ADMIN  # noqa: E402
from safetyboard.briefing import build_briefing  # noqa: E402
from safetyboard.briefing.pdf import to_pdf  # noqa: E402
from safetyboard.demo_db import build_demo_database  # noqa: E402
from safetyboard.store import Store  # noqa: E402

DOCS = REPO / "docs"
AS_OF = dt.date(2022, 10, 31)


def briefing_page1(db: Path, tmp: Path) -> Path:
    store = Store(db)
    try:
        result = build_briefing(store, LOCAL_ADMIN, as_of=AS_OF)
    finally:
        store.close()
    source = tmp / result.file_name
    source.write_bytes(result.content)
    pdf = to_pdf(source, tmp / "pdf")
    target = DOCS / "briefing_page1"
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile",
                    str(pdf), str(target)], check=True)
    return target.with_suffix(".png")


def screen_shots(db: Path, tmp: Path) -> list[Path]:
    out = DOCS / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    with streamlit_server(db, env={"SAFETYBOARD_USERS": str(tmp / "none.toml")}) as url:
        for n, view in ((1, 1), (2, 2)):
            with browser_page(1920, 1080) as (page, outside):
                page.goto(f"{url}/screen?as_of={AS_OF}&view={view}&interval=600")
                wait_for_app(page)
                page.wait_for_selector(".maplibregl-canvas", timeout=60_000)
                page.wait_for_timeout(2500)
                path = out / f"screen_{n}.png"
                page.screenshot(path=str(path))
                paths.append(path)
                if outside:
                    raise SystemExit(f"outside requests: {outside}")
    return paths


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db = tmp / "demo.duckdb"
        build_demo_database(db, REPO / "data" / "sample")
        print(briefing_page1(db, tmp))
        for path in screen_shots(db, tmp):
            print(path)


if __name__ == "__main__":
    main()
