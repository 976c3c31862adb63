"""The list of pages: dashboard.py builds st.navigation from it, and a test checks that pages/
holds exactly these files (Streamlit would serve an unlisted page file directly).

`roles` says who may open a page: a page a role may not open is not listed in its navigation, and
ui.frame.setup() refuses it when it is opened directly by URL."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safetyboard.auth import ALL_ROLES

ADMIN_ONLY = frozenset({"admin"})


@dataclass(frozen=True)
class PageEntry:
    file: str        # path under the repo
    title: str
    url_path: str
    section: str
    roles: frozenset[str] = ALL_ROLES


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/overview.py", "总览", "overview", "数据看板"),
    PageEntry("pages/hazard_map.py", "隐患地图", "hazard_map", "数据看板"),
    PageEntry("pages/rectification.py", "隐患整改", "rectification", "数据看板"),
    PageEntry("pages/enforcement.py", "执法检查", "enforcement", "数据看板"),
    PageEntry("pages/supervision.py", "督导检查", "supervision", "数据看板"),
    PageEntry("pages/loop_control.py", "挂牌督办与问责", "loop_control", "数据看板"),
    PageEntry("pages/reporting.py", "打非治违与报送", "reporting", "数据看板"),
    PageEntry("pages/tips.py", "举报奖励", "tips", "数据看板"),
    PageEntry("pages/definitions.py", "口径说明", "definitions", "数据看板"),
    PageEntry("pages/briefing.py", "简报", "briefing", "简报与大屏"),
    PageEntry("pages/screen.py", "会议大屏", "screen", "简报与大屏"),
    PageEntry("pages/import_data.py", "数据导入", "import_data", "数据管理", ADMIN_ONLY),
    PageEntry("pages/audit_log.py", "审计日志", "audit_log", "数据管理", ADMIN_ONLY),
)


def visible_pages(role: str | None) -> tuple[PageEntry, ...]:
    """The pages a role may open, in navigation order."""
    return tuple(e for e in PAGES if role in e.roles)


def entry_for(file: str | Path) -> PageEntry | None:
    """The navigation entry of a page file (absolute or repo-relative path)."""
    parts = Path(file).parts[-2:]
    return next((e for e in PAGES if Path(e.file).parts[-2:] == parts), None)


def entry_titled(title: str) -> PageEntry | None:
    return next((e for e in PAGES if e.title == title), None)
