"""Find the header band of a sheet (under title rows, one or two rows, merged cells) and tell the
ledger type from it."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ..rules import fold
from .spec import ALL_HEADER_KEYS, DROPPED_INDEX, LEDGER_TYPES, LedgerType, header_key, match_header

SCAN_ROWS = 30


@dataclass
class HeaderBand:
    rows: list[int]                        # 0-based indices of the header rows in the sheet
    parts: dict[str, list[str]]            # raw column name -> header text parts (top, bottom)
    titles: list[str] = field(default_factory=list)   # text above the header (titles, 填报单位 lines)
    title_lines: list[str] = field(default_factory=list)   # the same, one line per row (cells joined by a space)

    @property
    def data_start(self) -> int:
        return self.rows[-1] + 1

    def header_text(self, column: str) -> str:
        return "/".join(self.parts[column])


@dataclass
class Mapping:
    ledger: LedgerType
    fields: dict[str, str]                 # raw column -> field name
    dropped: list[str]                     # original headers never stored (reporter identity)
    unmapped: list[str]                    # original headers no field matched
    money_units: dict[str, str]            # field -> unit written in its header
    dropped_raw: frozenset[str] = frozenset()   # raw columns never read, not even into error reports

    def stored_columns(self, band: "HeaderBand") -> list[str]:
        """Raw columns whose original cells may be kept (rejections, error reports). A ledger that carries
        personal data (举报 tips) keeps only the columns it recognised: an unrecognised header such as
        实名举报人 may hold a reporter's identity."""
        if self.ledger.dropped_headers:
            return [c for c in band.parts if c in self.fields]
        return [c for c in band.parts if c not in self.dropped_raw]


class NotALedger(Exception):
    """str(self) is the Chinese reason; closest is the nearest type's key, if any."""

    def __init__(self, message: str, closest: str | None = None):
        super().__init__(message)
        self.closest = closest


def _is_header_cell(value: str | None) -> bool:
    # 「填报单位：」 followed by the name in the next cell is a form line above the table, not a column header.
    return bool(value) and not value.strip().endswith((":", "：")) and header_key(value)[0] in ALL_HEADER_KEYS


def locate_header(rows: list[list[str | None]], columns: list[str]) -> HeaderBand | None:
    """rows: the first rows of the sheet, as lists aligned with columns."""
    scored = [(sum(_is_header_cell(v) for v in row), i) for i, row in enumerate(rows[:SCAN_ROWS])]
    best_score, top = max(scored, default=(0, -1), key=lambda s: (s[0], -s[1]))
    if best_score < 2:
        return None
    # The best row may be either row of a two-row header: look above it first, then below.
    if top > 0 and _pairs(rows[top - 1], rows[top], len(columns)):
        top -= 1
    band = [top]
    upper = rows[top]
    if top + 1 < len(rows) and _pairs(upper, rows[top + 1], len(columns)):
        band.append(top + 1)
    parts: dict[str, list[str]] = {}
    carried = None
    for j, col in enumerate(columns):
        top_text = _clean(upper[j])
        if len(band) == 2:
            bottom_text = _clean(rows[top + 1][j])
            if top_text:
                carried = top_text
            elif bottom_text and carried:   # under a merged group header
                top_text = carried
            if not bottom_text and not top_text:
                carried = None
            cell_parts = [p for p in (top_text, bottom_text) if p]
            if bottom_text and not _clean(upper[j]) and not carried:
                cell_parts = [bottom_text]
        else:
            cell_parts = [top_text] if top_text else []
        if cell_parts:
            parts[col] = cell_parts
    titles = [str(v) for row in rows[:top] for v in row if v and str(v).strip()]
    lines = [" ".join(str(v).strip() for v in row if v and str(v).strip()) for row in rows[:top]]
    return HeaderBand(band, parts, titles, [line for line in lines if line])


def _pairs(upper: list, lower: list, width: int) -> bool:
    """Two rows form one merged header: both hold column names, and the upper has gaps over names below
    (a group title spanning several columns)."""
    gaps = any(not upper[j] and lower[j] for j in range(width))
    return gaps and sum(_is_header_cell(v) for v in upper) >= 1 and sum(_is_header_cell(v) for v in lower) >= 1


def _clean(value: str | None) -> str:
    return unicodedata.normalize("NFKC", value).strip() if value else ""


def map_columns(band: HeaderBand, ledger: LedgerType) -> Mapping:
    fields: dict[str, str] = {}
    dropped, unmapped, money_units = [], [], {}
    dropped_raw: set[str] = set()
    taken: set[str] = set()
    spans = Counter(parts[0] for parts in band.parts.values() if len(parts) > 1)
    for col, parts in band.parts.items():
        text = "/".join(parts)
        if any(header_key(p)[0] in DROPPED_INDEX[ledger.key] for p in parts):
            dropped.append(text)
            dropped_raw.add(col)
            continue
        name = match_header(ledger.key, parts, group=len(parts) > 1 and spans[parts[0]] > 1)
        if name is None or name in taken:   # a second column for the same field is not guessed at
            unmapped.append(text)
            continue
        taken.add(name)
        fields[col] = name
        unit = next((u for p in parts if (u := header_key(p)[1])), None)
        if unit:
            money_units[name] = unit
    return Mapping(ledger, fields, dropped, unmapped, money_units, frozenset(dropped_raw))


def _missing(mapping: Mapping, context: bool = False) -> list[str]:
    """Required columns the sheet lacks. context: the ledger's context field may come from the title, sheet or
    file name instead (ledgers/context.py), so its column is not needed."""
    have = set(mapping.fields.values())
    if context and mapping.ledger.context_field:
        have.add(mapping.ledger.context_field)
    missing = [f.label for f in mapping.ledger.required if f.name not in have]
    for group in mapping.ledger.one_of:
        if not have & set(group):
            missing.append("或".join(mapping.ledger.field(n).label for n in group))
    return missing


def _present_required(mapping: Mapping) -> int:
    """How many required columns (and either-or groups) the sheet has: a type with an either-or group must not
    count as further away than one without, for the same columns."""
    have = set(mapping.fields.values())
    return sum(f.name in have for f in mapping.ledger.required) + sum(bool(have & set(g)) for g in mapping.ledger.one_of)


def detect(band: HeaderBand, forced: str | None = None) -> Mapping:
    """The ledger type whose required columns are all present and which maps the most columns."""
    candidates = [LEDGER_TYPES[forced]] if forced else list(LEDGER_TYPES.values())
    mappings = [map_columns(band, t) for t in candidates]
    complete = [m for m in mappings if not _missing(m, context=True)]
    if complete:
        # A type whose own columns are all there first; then the one that maps the most columns.
        return max(complete, key=lambda m: (not _missing(m), len(m.fields), len(m.ledger.required)))
    closest = max(mappings, key=lambda m: (_present_required(m), len(m.fields)))
    missing = "、".join(_missing(closest))
    raise NotALedger(f"最接近「{closest.ledger.label}」，但缺少必填列：{missing}", closest.ledger.key)


_NOTE = re.compile(r"^(注|备注|说明|附注|填报|填表|审核|制表|联系|负责人|单位负责人|分管|主要负责人|盖章|签字|报送单位|报送时间|日期[:：])")
TOTAL_WORDS = ("合计", "小计", "总计", "共计", "累计", "总合计")
_TOTAL = re.compile(f"^({'|'.join(TOTAL_WORDS)})")


def is_note_text(text: str) -> bool:
    return bool(_NOTE.match(fold(text)))


def is_total_text(text: str) -> bool:
    return bool(_TOTAL.match(fold(text)))


def is_column_number_row(values: list[str | None]) -> bool:
    """A row of 1, 2, 3 … (or (1), (2) …) under the header."""
    numbers = [re.sub(r"[()（）]", "", v).strip() for v in values if v and v.strip()]
    if len(numbers) < 3 or not all(n.isdigit() for n in numbers):
        return False
    ints = [int(n) for n in numbers]
    return ints == sorted(ints) and len(set(ints)) == len(ints) and ints[0] <= 1
