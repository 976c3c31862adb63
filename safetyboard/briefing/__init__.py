"""The 简报 (work briefing) as a Word document, for the district, one 督导组 or one 乡/街道; in a city instance for
the whole city (the 市安委办's table of the counties) or one county (its district briefing, through its view).

Every number comes from the query files, run through safetyboard.access for the principal who asks; this
package only words and lays them out. Its parts, one job each:

- model.py: Scope (who the numbers cover), Period (本期 and 上期), issue number, file name, who may brief what;
- collect.py: BriefingData, the scoped queries (register.py: the 底数, cross-check and accident passage);
- wording.py: the Chinese paragraphs;
- layout.py: the .docx (document.py: the 公文 building blocks it shares with safetyboard.notices; stats_form.py:
  the 隐患排查治理情况统计表's columns and two-row header, shared with the 隐患整改 page);
- attachment.py: the Excel 附表 written next to the .docx, with the full lists the body cuts;
- city.py: the city's briefing (county_summary: a row per 区县 and 合计, the counties behind named);
- pdf.py: the LibreOffice preview; cli.py: `python -m safetyboard briefing`;
- build.py: build_briefing, the one function the page, the CLI and the control worker call (Briefing.write
  puts the .docx and its .xlsx 附表 side by side)."""
from .build import Briefing, build_briefing
from .model import BriefingError, default_issue_no

__all__ = ["Briefing", "BriefingError", "build_briefing", "default_issue_no"]
