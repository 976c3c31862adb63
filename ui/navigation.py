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
    PageEntry("pages/hazard_map.py", "隐患地图", "hazard_map", "数据看板"),
    PageEntry("pages/rectification.py", "隐患整改", "rectification", "数据看板"),
    PageEntry("pages/enforcement.py", "执法检查", "enforcement", "数据看板"),
    PageEntry("pages/supervision.py", "督导检查", "supervision", "数据看板"),
    PageEntry("pages/reporting.py", "打非治违与报送", "reporting", "数据看板"),
    PageEntry("pages/tips.py", "举报奖励", "tips", "数据看板"),
)
