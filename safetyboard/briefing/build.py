"""The one way a briefing is made (the page, the command line and the dashboard's control worker call it):
resolve the scope for the principal, collect the numbers through the access layer, write the document and its
Excel 附表 (the full lists the body cuts). A city instance briefs the whole city (city.py) or one county (the
district briefing through the county's view)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..auth import Principal
from ..store import Store
from .collect import collect
from .model import BriefingError, Period, Progress, Scope, default_issue_no, file_name, make_period, resolve_scope


@dataclass(frozen=True)
class Briefing:
    content: bytes                   # the .docx
    file_name: str
    scope: Scope
    period: Period
    issue_no: int
    attachment: bytes = b""          # the .xlsx 附表
    attachment_name: str = ""        # file_name with .xlsx

    def write(self, docx: Path) -> tuple[Path, Path]:
        """The .docx at docx and the 附表 next to it (same base name, .xlsx); both paths."""
        docx = Path(docx)
        xlsx = docx.with_suffix(".xlsx")
        docx.write_bytes(self.content)
        xlsx.write_bytes(self.attachment)
        return docx, xlsx


def build_briefing(store: Store, principal: Principal, *, group: str | None = None, unit: str | None = None,
                   county: str | None = None, as_of: dt.date | None = None, since: dt.date | None = None,
                   issue_no: int | None = None, progress: Progress | None = None) -> Briefing:
    """The briefing of one 督导组 (group), one 乡/街道 (unit) or the district (neither), as the principal may see
    it; in a city instance, of one county (county: code or name) or the whole city (none; a county account's is
    its county's). Raises BriefingError (Chinese) for impossible requests and for briefings the principal may
    not make."""
    # python-docx and matplotlib are slow to import: the command line's argument checks must not wait for them.
    from .attachment import workbook
    from .layout import render

    scope = resolve_scope(store, principal, group=group, unit=unit, county=county)
    if issue_no is not None and issue_no < 1:
        raise BriefingError(f"期号应为正整数，而不是{issue_no}。")
    period = make_period(store, as_of, since, county=scope.county, principal=principal)
    if scope.kind == "city":
        return _city_briefing(store, principal, scope, period, issue_no, progress)
    data = collect(store, scope, period, principal=principal, issue_no=issue_no, progress=progress)
    content = render(data, progress)
    name = file_name(scope, data.issue_no, period.as_of)
    attachment = workbook(data, f"{scope.masthead}第{data.issue_no}期附表（{scope.name}）")
    return Briefing(content, name, scope, period, data.issue_no, attachment, str(Path(name).with_suffix(".xlsx")))


def _city_briefing(store: Store, principal: Principal, scope: Scope, period: Period, issue_no: int | None,
                   progress: Progress | None) -> Briefing:
    from .city import city_workbook, collect_city, render_city

    progress = progress or (lambda f, t: None)
    progress(0.1, "正在汇总各区县数据……")
    data = collect_city(store, principal, scope, period, issue_no or default_issue_no(period.as_of, period.campaign_start))
    content = render_city(data, progress)
    name = file_name(scope, data.issue_no, period.as_of)
    attachment = city_workbook(data, f"{scope.masthead}第{data.issue_no}期附表（{scope.name}）")
    return Briefing(content, name, scope, period, data.issue_no, attachment, str(Path(name).with_suffix(".xlsx")))
