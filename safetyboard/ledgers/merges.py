"""Merged cell ranges of a workbook, and filling them in a sheet's table.

The cells are read by fastexcel, which does not report merges. For .xlsx only the <mergeCells>
element of each sheet's XML is wanted: the XML is inflated in chunks and searched as bytes, never
parsed whole (a million-row sheet costs one inflate pass, not a second read through openpyxl or
calamine). A legacy .xls is at most 65,536 rows, so calamine reads its merges directly."""
from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# (first row, first column, last row, last column), 0-based sheet coordinates.
Range = tuple[int, int, int, int]

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(rb'ref="([A-Z]{1,3})([0-9]{1,7}):([A-Z]{1,3})([0-9]{1,7})"')
_OPEN, _CLOSE = b"<mergeCells", b"</mergeCells>"
CHUNK = 1 << 22


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


@dataclass
class SheetLayout:
    merges: list[Range] = field(default_factory=list)   # sheet coordinates
    first_column: int | None = None                      # first used column, None when not known
    hidden: bool = False


def _sheet_members(zf: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """Sheet name -> (its XML member in the package, hidden)."""
    workbook = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    try:
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except KeyError:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if target:
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            out[sheet.get("name")] = (member, sheet.get("state", "visible") != "visible")
    return out


def _merge_cells_xml(stream) -> bytes:
    """The <mergeCells> element of a sheet XML stream (b"" when there is none), found without parsing."""
    tail, found = b"", None
    while chunk := stream.read(CHUNK):
        data = tail + chunk
        if found is None:
            at = data.find(_OPEN)
            if at < 0:
                tail = data[-len(_OPEN):]
                continue
            found, data = [], data[at:]
        end = data.find(_CLOSE)
        if end >= 0:
            found.append(data[:end])
            return b"".join(found)
        found.append(data[:-len(_CLOSE)])
        tail = data[-len(_CLOSE):]
    return b"".join(found or [])


def layouts(path: Path, kind: str) -> dict[str, SheetLayout]:
    return _xls_layouts(path) if kind == "xls" else _xlsx_layouts(path)


def _xlsx_layouts(path: Path) -> dict[str, SheetLayout]:
    out: dict[str, SheetLayout] = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for sheet, (member, hidden) in _sheet_members(zf).items():
            if member not in names:
                continue
            with zf.open(member) as stream:
                xml = _merge_cells_xml(stream)
            ranges = [(int(r0) - 1, _column_index(c0), int(r1) - 1, _column_index(c1))
                      for c0, r0, c1, r1 in _REF.findall(xml)]
            out[sheet] = SheetLayout(ranges, None, hidden)
    return out


def _xls_layouts(path: Path) -> dict[str, SheetLayout]:
    """calamine gives the first used column exactly: fastexcel's table starts there."""
    import python_calamine

    out = {}
    # From the bytes, not the path: calamine picks the format by the extension, and an .xls may be named .xlsx.
    with open(path, "rb") as f:
        workbook = python_calamine.CalamineWorkbook.from_filelike(f)
    hidden = {m.name: m.visible != python_calamine.SheetVisibleEnum.Visible for m in workbook.sheets_metadata}
    for name in workbook.sheet_names:
        sheet = workbook.get_sheet_by_name(name)
        ranges = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
        out[name] = SheetLayout(ranges, sheet.start[1] if sheet.start else 0, hidden.get(name, False))
    return out


def first_column(table: pa.Table, merges: list[Range]) -> int:
    """The sheet column of the table's first column. fastexcel drops empty leading columns and the .xlsx
    dimension element is not reliable (a formatted empty cell widens it), so the offset is the one under
    which the merges fit the cells: every anchor holds a value and the cells it covers are empty."""
    if not merges or table.num_columns == 0:
        return 0
    best, best_score = 0, None
    sample = merges[:200]
    for offset in range(0, min(m[1] for m in merges) + 1):
        score = 0
        for r0, c0, r1, c1 in sample:
            col = c0 - offset
            if r0 >= table.num_rows or col >= table.num_columns:
                continue
            score += table.column(col)[r0].is_valid
            if r1 > r0 and r0 + 1 < table.num_rows:
                score += not table.column(col)[r0 + 1].is_valid
        if best_score is None or score > best_score:
            best, best_score = offset, score
    return best


def to_table(merges: list[Range], first_col: int, table: pa.Table) -> list[Range]:
    """Merges in table coordinates, clipped to the table (a merge down to the sheet's end fills no rows
    that are not there) and without single-cell ranges."""
    out = []
    rows, cols = table.num_rows, table.num_columns
    for r0, c0, r1, c1 in merges:
        c0, c1 = c0 - first_col, min(c1 - first_col, cols - 1)
        r1 = min(r1, rows - 1)
        if c0 < 0 or c0 >= cols or r0 >= rows or (r1 <= r0 and c1 <= c0):
            continue
        out.append((r0, c0, r1, c1))
    return out


def fill(table: pa.Table, merges: list[Range], start: int) -> tuple[pa.Table, np.ndarray]:
    """Rows from start on, every empty cell a merge covers given the merge's value; (table, cells filled per row)."""
    n = max(table.num_rows - start, 0)
    filled = np.zeros(n, np.int64)
    if n == 0 or not merges:
        return table.slice(start), filled
    body = table.slice(start)
    by_column: dict[int, list[Range]] = {}
    for m in merges:
        r0, c0, r1, c1 = m
        if r1 < start:
            continue
        for col in range(c0, c1 + 1):
            by_column.setdefault(col, []).append(m)
    columns = list(body.columns)
    for col, ranges in by_column.items():
        target = body.column(col).combine_chunks()
        result = target
        for source in sorted({m[1] for m in ranges}):
            picked = [m for m in ranges if m[1] == source]
            anchors = np.array([m[0] for m in picked], np.int64)
            lengths = np.array([m[2] - m[0] + 1 for m in picked], np.int64)
            rows = np.repeat(anchors, lengths) + (np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths))
            anchor_of = np.repeat(anchors, lengths)
            keep = (rows >= start) & (anchor_of >= 0)
            rows, anchor_of = rows[keep] - start, anchor_of[keep]
            if source == col:    # the anchor cell itself keeps its value
                own = anchor_of != rows + start
                rows, anchor_of = rows[own], anchor_of[own]
            if len(rows) == 0:
                continue
            values = table.column(source).combine_chunks().take(pa.array(anchor_of))
            index = np.full(n, -1, np.int64)
            index[rows] = np.arange(len(rows))
            mask = index >= 0
            empty = pc.fill_null(pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(result)), 0), True)
            spread = values.take(pa.array(np.where(mask, index, 0)))
            apply = pc.and_(pa.array(mask), pc.and_(empty, pc.is_valid(spread)))
            filled += apply.to_numpy(zero_copy_only=False).astype(np.int64)
            result = pc.if_else(apply, spread, result)
        columns[col] = result
    return pa.table(columns, names=body.column_names), filled
