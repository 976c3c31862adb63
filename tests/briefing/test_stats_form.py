"""The 隐患排查治理情况统计表's form (safetyboard/briefing/stats_form.py): the two header rows and the HTML the
隐患整改 page draws, with data text escaped."""
from __future__ import annotations

from safetyboard.briefing import stats_form


def test_header_rows_follow_the_paper_form():
    top, sub = stats_form.header_rows("乡/街道")
    # (text, colspan, rowspan): single columns span both rows, the groups span their columns.
    assert [(t.split("\n")[0], c, r) for t, c, r in top] == [
        ("乡/街道", 1, 2), ("排查单", 1, 2), ("一般隐患", 3, 1), ("重大隐患", 3, 1), ("列入治理计划的重大隐患", 6, 1),
        ("累计落实", 1, 2), ("其中挂", 1, 2)]
    assert len(sub) == 3 + 3 + 6 and sum(c for _t, c, _r in top) == 1 + len(stats_form.STATS_LAYOUT)


def test_html_escapes_the_data_and_writes_cells_as_the_document():
    row = {"label": "<b>某街道</b>", "enterprises": 2, "general_total": 4, "general_rectified": 2, "general_rate": 0.5,
           "major_rate": None, "funds_wan": 2.5, "is_total": False}
    html = stats_form.stats_html([row], "乡/街道")
    assert "<b>某街道" not in html and "&lt;b&gt;某街道&lt;/b&gt;" in html
    assert html.count("<tr") == 3                                    # two header rows, one body row
    cells = html.split("<tbody>")[1]
    # rates as 50.0 (— without hazards), 万元 with two decimals, missing counts as 0
    assert "<td>50.0</td>" in cells and "<td>—</td>" in cells and "<td>2.50</td>" in cells
