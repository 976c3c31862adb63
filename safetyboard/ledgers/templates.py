"""Blank ledger templates: the canonical headers of each type, with drop-down lists for the
fields that take a fixed vocabulary (乡/街道, 等级, 状态 …), read from the same rules the importer uses."""
from __future__ import annotations

from pathlib import Path

import xlsxwriter

from .. import rules
from ..config import load_campaign
from .spec import LEDGER_TYPES, LedgerType

TEMPLATE_ROWS = 500


def choices(kind: str) -> list[str] | None:
    campaign = load_campaign()
    return {
        "unit": [u.name for u in rules.units()],
        "level": list(rules.HAZARD_LEVELS),
        "status": list(rules.HAZARD_STATUSES),
        "listed": list(rules.LISTED_LEVELS),
        "discovery": list(rules.DISCOVERY_METHODS),
        "yesno": ["是", "否"],
        "group": list(rules.GROUPS),
        "visit_type": list(rules.VISIT_TYPES),
        "target_kind": list(rules.TARGET_KINDS),
        "channel": list(rules.TIP_CHANNELS),
        "tip_result": list(rules.TIP_RESULTS),
        "node": [n.label for n in campaign.submission_nodes],
        "department": list(rules.departments()),
        "category": [f"{no}.{name}" if no else name for no, name, _ in sorted(rules.categories(), key=lambda c: (c[0] == 0, c[0]))],
        "industry": list(rules.industries()),
        "problem_status": list(rules.PROBLEM_STATUSES),
        "recheck_result": list(rules.RECHECK_RESULTS),
        "listing_level": list(rules.LISTING_LEVELS),
        "accountability_type": list(rules.ACCOUNTABILITY_TYPES),
    }.get(kind)


def write_template(ledger: LedgerType, path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    ws = workbook.add_worksheet(ledger.label)
    lists = workbook.add_worksheet("选项")
    lists.hide()
    title = workbook.add_format({"bold": True, "font_size": 16, "align": "center"})
    head = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "align": "center", "text_wrap": True})
    required = workbook.add_format({"bold": True, "bg_color": "#F8D7D7", "border": 1, "align": "center", "text_wrap": True})
    # A column that only stands in for another (是否整改 for 整改状态) is left out.
    alternatives = {fill.source for fill in ledger.fills}
    fields = [f for f in ledger.fields if f.name not in alternatives]
    ws.merge_range(0, 0, 0, len(fields) - 1, f"湛河区{ledger.label}（{load_campaign().year}年）", title)
    for col, f in enumerate(fields):
        ws.write_string(1, col, f.label + ("*" if f.required else ""), required if f.required else head)
        ws.set_column(col, col, max(10, len(f.label) * 2 + 2))
        options = choices(f.kind)
        if options:
            lists.write_column(0, col, options)
            ref = f"=选项!${_col(col)}$1:${_col(col)}${len(options)}"
            ws.data_validation(2, col, TEMPLATE_ROWS, col, {
                "validate": "list", "source": ref, "ignore_blank": True,
                "error_title": "请从下拉列表中选择", "error_message": f"{f.label}应为下拉列表中的值",
                "error_type": "warning" if f.kind in ("department", "industry", "category") else "stop"})
        if f.kind in ("date",):
            ws.write_comment(1, col, "日期格式：2022-04-25")
    ws.freeze_panes(2, 0)
    workbook.close()
    return path


def _col(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_templates(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    return [write_template(t, directory / f"{t.label}_模板.xlsx") for t in LEDGER_TYPES.values()]
