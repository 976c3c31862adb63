"""The archived copy of a ledger that carries personal data (举报 tips): everything the import could read,
without the reporter's identity.

Other ledgers are archived byte for byte. A tips file is not: its original holds 举报人, 联系电话, 身份证号 and
the like, which must not be kept anywhere on the server (the database, pages, exports and logs never
see them either). The copy keeps, for each tips sheet, the header and data rows of the columns the import
recognised (Mapping.stored_columns: an unrecognised header such as 实名举报人 may hold an identity), and
other ledger sheets of the file whole; sheets that are no ledger, and lines above a tips table, are left
out because nothing says what they hold. A 说明 sheet names the original and what was left out."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import xlsxwriter

if TYPE_CHECKING:   # importer imports this module
    from .importer import PreparedSheet

NOTE_SHEET = "说明"
MAX_SHEET_NAME = 31   # Excel's limit


def carries_personal_data(prepared: list["PreparedSheet"]) -> bool:
    return any(p.mapping is not None and p.mapping.ledger.dropped_headers for p in prepared)


def archive_name(sha: str, suffix: str, prepared: list["PreparedSheet"]) -> str:
    """The archive file's name: the original's hash, and .redacted.xlsx when it is a redacted copy."""
    return f"{sha}.redacted.xlsx" if carries_personal_data(prepared) else f"{sha}{suffix.lower()}"


def write_redacted(prepared: list["PreparedSheet"], dest: Path, label: str, sha: str) -> None:
    """Write the redacted copy to dest (an .xlsx); cells are written as text, as they were read."""
    left_out: list[str] = []
    with xlsxwriter.Workbook(str(dest), {"strings_to_formulas": False, "strings_to_urls": False,
                                         "strings_to_numbers": False}) as book:
        note = book.add_worksheet(NOTE_SHEET)
        used = {NOTE_SHEET}
        for p in prepared:
            if p.mapping is None or p.band is None:
                left_out.append(f"工作表「{p.raw.name}」（不是台账，内容未知）")
                continue
            personal = bool(p.mapping.ledger.dropped_headers)
            columns = p.mapping.stored_columns(p.band) if personal else list(p.raw.table.column_names)
            first_row = p.band.rows[0] if personal else 0
            sheet = book.add_worksheet(_sheet_name(p.raw.name, used))
            for c, name in enumerate(columns):
                values = p.raw.table.column(name).to_pylist()[first_row:]
                for r, value in enumerate(values):
                    if value is not None and value != "":
                        sheet.write_string(r, c, str(value))
            if personal:
                dropped = [h for h in (p.band.header_text(col) for col in p.band.parts if col not in columns) if h]
                left_out.append(f"工作表「{p.raw.name}」的列：{'、'.join(dropped) or '无'}；表头以上的标题行")
        lines = [f"本文件是「{label}」的存档副本（原文件 SHA-256：{sha}）。",
                 "原文件含举报人身份信息。为保护举报人，存档副本只保留导入时识别的列，以下内容未存档：",
                 *[f"· {item}" for item in left_out]]
        for r, line in enumerate(lines):
            note.write_string(r, 0, line)
        note.set_column(0, 0, 100)


def _sheet_name(name: str, used: set[str]) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, "_")
    base = (name or "Sheet")[:MAX_SHEET_NAME]
    candidate, n = base, 2
    while candidate in used:
        tail = f"({n})"
        candidate, n = base[:MAX_SHEET_NAME - len(tail)] + tail, n + 1
    used.add(candidate)
    return candidate
