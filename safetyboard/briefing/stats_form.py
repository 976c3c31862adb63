"""The national 隐患排查治理情况统计表 as the paper form has it: the columns, their two-row grouped header and the
cell texts; the Word briefing (layout.py) and the 隐患整改 page (an HTML table) draw it from here."""
from __future__ import annotations

import html

from ..formatting import percent


# The national 隐患排查治理情况统计表: (group header or None for a two-row column, column, sub header).
# Line breaks ("\n") keep the units whole in the narrow columns.
STATS_LAYOUT: tuple[tuple[str | None, str, str], ...] = (
    (None, "enterprises", "排查单\n位数\n（家）"),
    ("一般隐患", "general_total", "隐患数\n（项）"),
    ("一般隐患", "general_rectified", "已整改\n（项）"),
    ("一般隐患", "general_rate", "整改率\n（%）"),
    ("重大隐患", "major_total", "隐患数\n（项）"),
    ("重大隐患", "major_rectified", "已整改\n销号\n（项）"),
    ("重大隐患", "major_rate", "整改率\n（%）"),
    ("列入治理计划的重大隐患", "major_planned", "隐患数\n（项）"),
    ("列入治理计划的重大隐患", "planned_targets", "落实治理\n目标任务"),
    ("列入治理计划的重大隐患", "planned_funds", "落实治理\n经费物资"),
    ("列入治理计划的重大隐患", "planned_staff", "落实治理\n机构人员"),
    ("列入治理计划的重大隐患", "planned_time", "落实治理\n时间"),
    ("列入治理计划的重大隐患", "planned_plan", "落实安全\n措施应急\n预案"),
    (None, "funds_wan", "累计落实\n治理资金\n（万元）"),
    (None, "major_listed", "其中挂\n牌督办\n（项）"),
)


def stats_cells(row: dict) -> list[str]:
    """One row of the statistics table as written in the document."""
    out = [row["label"]]
    for _group, column, _sub in STATS_LAYOUT:
        value = row.get(column)
        if column.endswith("_rate"):
            out.append(percent(value, sign=False))
        elif column == "funds_wan":
            out.append(f"{float(value or 0):.2f}")
        else:
            out.append(str(int(value or 0)))
    return out




def header_rows(first_header: str) -> tuple[list[tuple[str, int, int]], list[str]]:
    """The two header rows: the top row as (text, colspan, rowspan) cells, then the sub headers under the groups."""
    top: list[tuple[str, int, int]] = [(first_header, 1, 2)]
    sub: list[str] = []
    for group, _column, text in STATS_LAYOUT:
        if group is None:
            top.append((text, 1, 2))
        elif top[-1][0] == group:
            top[-1] = (group, top[-1][1] + 1, 1)
            sub.append(text)
        else:
            top.append((group, 1, 1))
            sub.append(text)
    return top, sub


def stats_html(rows: list[dict], first_header: str) -> str:
    """An HTML table with the form's two header rows (data text escaped); one line, for st.markdown."""
    top, sub = header_rows(first_header)
    cell = lambda text: html.escape(text).replace("\n", "<br>")   # noqa: E731
    head = "<tr>" + "".join(f'<th colspan="{c}" rowspan="{r}">{cell(t)}</th>' for t, c, r in top) + "</tr>"
    head += "<tr>" + "".join(f"<th>{cell(t)}</th>" for t in sub) + "</tr>"
    body = "".join(
        f'<tr class="{"total" if row.get("is_total") else ""}">'
        + "".join(f"<td>{cell(str(v))}</td>" for v in stats_cells(row)) + "</tr>" for row in rows)
    return f'<table class="stats-form"><thead>{head}</thead><tbody>{body}</tbody></table>'
