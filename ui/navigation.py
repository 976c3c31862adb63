"""The list of pages: dashboard.py builds st.navigation from it, and a test checks that pages/
holds exactly these files (Streamlit would serve an unlisted page file directly)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    file: str        # path under the repo
    title: str
    url_path: str
    section: str


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/overview.py", "总览", "overview", "数据看板"),
)
