"""The frame rules: pages/ holds exactly the navigation's files, and each starts with setup()."""
import ast
import re
from pathlib import Path

from ui.navigation import PAGES

REPO = Path(__file__).resolve().parents[2]


def test_pages_dir_matches_navigation():
    on_disk = sorted(str(p.relative_to(REPO)) for p in (REPO / "pages").glob("*.py"))
    assert on_disk == sorted(p.file for p in PAGES)


def test_every_page_calls_setup_first():
    for entry in PAGES:
        tree = ast.parse((REPO / entry.file).read_text(encoding="utf-8"))
        body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))
                and not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        first = body[0]
        call = first.value if isinstance(first, (ast.Assign, ast.Expr)) else None
        assert isinstance(call, ast.Call) and getattr(call.func, "id", None) == "setup", entry.file


def test_pages_do_not_touch_duckdb_directly():
    for entry in PAGES:
        text = (REPO / entry.file).read_text(encoding="utf-8")
        assert "duckdb" not in text and ".con." not in text and "store.query" not in text, entry.file


def test_core_never_imports_streamlit():
    for path in (REPO / "safetyboard").rglob("*.py"):
        assert "import streamlit" not in path.read_text(encoding="utf-8"), path


def test_core_never_imports_the_ui():
    # The core is importable without the dashboard (CLI, briefings, benchmarks).
    for path in (REPO / "safetyboard").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from ui\b|import ui\b)", text, re.MULTILINE), path
