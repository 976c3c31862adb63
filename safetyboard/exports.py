"""Excel exports: every table a user downloads goes through here, so formula injection is
neutralised in one place (a cell starting with = + - @ is written as text, never run)."""
from __future__ import annotations

import io
from typing import Iterable

import numpy as np
import pandas as pd
import xlsxwriter

from .formatting import missing

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet would run is kept as text with a leading apostrophe-equivalent."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def table_xlsx(frames: dict[str, pd.DataFrame], title: str | None = None, filters: Iterable[str] = ()) -> bytes:
    """One sheet per frame: optional title row and filter lines above the table, Chinese headers."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    bold = workbook.add_format({"bold": True, "font_size": 14})
    header = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for sheet_name, frame in frames.items():
        ws = workbook.add_worksheet(_sheet_name(sheet_name))
        row = 0
        if title:
            ws.write_string(row, 0, neutralise(title), bold)
            row += 1
        for line in filters:
            ws.write_string(row, 0, neutralise(line))
            row += 1
        if title or filters:
            row += 1
        for col, name in enumerate(frame.columns):
            ws.write_string(row, col, neutralise(str(name)), header)
            ws.set_column(col, col, max(10, min(40, len(str(name)) * 2 + 2)))
        for values in frame.itertuples(index=False):
            row += 1
            for col, value in enumerate(values):
                _write(ws, row, col, value, date_format)
    workbook.close()
    return buffer.getvalue()


def _write(ws, row: int, col: int, value, date_format) -> None:
    if missing(value):
        return   # an empty cell, never the text "<NA>"
    if isinstance(value, bool):
        ws.write_string(row, col, "是" if value else "否")
    elif isinstance(value, (int, float, np.integer, np.floating)):
        ws.write_number(row, col, value)
    elif hasattr(value, "year") and hasattr(value, "month"):
        ws.write_datetime(row, col, pd.Timestamp(value).to_pydatetime(), date_format)
    elif isinstance(value, (list, tuple)):
        ws.write_string(row, col, neutralise("、".join(map(str, value))))
    else:
        ws.write_string(row, col, neutralise(str(value)))


def _sheet_name(name: str) -> str:
    cleaned = "".join("_" if c in "[]:*?/\\" else c for c in name).strip("'") or "Sheet1"
    return cleaned[:31]
