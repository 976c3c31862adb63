"""Reading Word documents in tests (the 简报, the notices), and making a briefing the way the command line does."""
from __future__ import annotations

import io
import os
import shutil

import docx
import pytest

from safetyboard.auth import LOCAL_ADMIN
from safetyboard.briefing import Briefing, build_briefing


def text_of(document: docx.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def table_rows(document: docx.Document, first_header: str) -> list[list[str]]:
    """The cell texts of the first table whose top-left cell reads first_header."""
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_header)
    return [[c.text for c in r.cells] for r in table.rows]


def flat(text: str) -> str:
    return "".join(text.split())


def require(tool: str) -> str:
    """The path of a command-line tool; skip the test without it (fail on CI, where setup.sh installs it)."""
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is not installed; scripts/setup.sh --system installs it")
        pytest.skip(f"{tool} not installed (run scripts/setup.sh --system)")
    return path


def make_briefing(store, principal=LOCAL_ADMIN, **request) -> tuple[Briefing, docx.Document]:
    """build_briefing's result and its document; request: group/unit, as_of, since, issue_no, progress."""
    result = build_briefing(store, principal, **request)
    return result, docx.Document(io.BytesIO(result.content))
