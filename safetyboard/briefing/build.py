"""The one way a briefing is made (the page, the command line and the dashboard's control worker call it):
resolve the scope for the principal, collect the numbers through the access layer, write the document and its
Excel 附表 (the full lists the body cuts)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..auth import Principal
from ..store import Store
from .collect import collect
from .model import MASTHEAD, BriefingError, Period, Progress, Scope, file_name, make_period, resolve_scope


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
                   as_of: dt.date | None = None, since: dt.date | None = None, issue_no: int | None = None,
                   progress: Progress | None = None) -> Briefing:
    """The briefing of one 督导组 (group), one 乡/街道 (unit) or the district (neither), as the principal may see
    it. Raises BriefingError (Chinese) for impossible requests and for briefings the principal may not make."""
    # python-docx and matplotlib are slow to import: the command line's argument checks must not wait for them.
    from .attachment import workbook
    from .layout import render

    scope = resolve_scope(store, principal, group=group, unit=unit)
    if issue_no is not None and issue_no < 1:
        raise BriefingError(f"期号应为正整数，而不是{issue_no}。")
    period = make_period(store, as_of, since)
    data = collect(store, scope, period, principal=principal, issue_no=issue_no, progress=progress)
    content = render(data, progress)
    name = file_name(scope, data.issue_no, period.as_of)
    attachment = workbook(data, f"{MASTHEAD}第{data.issue_no}期附表（{scope.name}）")
    return Briefing(content, name, scope, period, data.issue_no, attachment, str(Path(name).with_suffix(".xlsx")))
