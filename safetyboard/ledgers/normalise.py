"""Turn a raw sheet into normalised, validated columns, column-wise.

Each column is dictionary-encoded and every distinct cell is parsed once by the rule in
safetyboard.rules, so a million rows cost as much as their distinct values, never a Python loop
over rows."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import rules
from ..rules import ValueRejected
from . import merges as merge_ranges
from .context import LedgerContext
from .headers import TOTAL_WORDS, HeaderBand, Mapping, is_column_number_row, is_note_text, is_total_text
from .reader import RawSheet
from .row_checks import row_check_errors, row_warnings
from .spec import Field, LedgerType

# The raw column that carries a ledger's context value (ledgers/context.py) when the sheet has no column for it.
CONTEXT_COLUMN = "__context__"


@dataclass
class Output:
    name: str
    type: pa.DataType


# kind -> (outputs, parser(text, field, context) -> tuple of outputs)
Parser = Callable[[str, Field, "Context"], tuple]


@dataclass
class Context:
    default_year: int | None
    money_units: dict[str, str]


def _money(text: str, f: Field, ctx: Context) -> tuple:
    return (rules.parse_amount(text, ctx.money_units.get(f.name, f.money_unit)),)


def _target(text: str, f: Field, ctx: Context) -> tuple:
    org = rules.resolve_org(text)
    if org:
        name, kind = org
        return name, kind, f"{kind}:{name}"
    name = rules.clean_text(text)
    return name, rules.ORG_ENTERPRISE, f"{rules.ORG_ENTERPRISE}:{rules.fold_name(name)}"


def _unit(text: str, f: Field, ctx: Context) -> tuple:
    u = rules.parse_unit(text)
    return u.code, u.name


S, D, F, I, B = pa.string(), pa.date32(), pa.float64(), pa.int32(), pa.bool_()

KINDS: dict[str, tuple[tuple[Output, ...], Parser]] = {
    "id": ((Output("{}", S),), lambda t, f, c: (rules.fold(t).upper(),)),
    "text": ((Output("{}", S),), lambda t, f, c: (rules.clean_text(t),)),
    "enterprise": ((Output("{}", S), Output("{}_key", S)), lambda t, f, c: (rules.clean_text(t), rules.fold_name(t))),
    "unit": ((Output("unit_code", S), Output("unit", S)), _unit),
    "department": ((Output("{}", S),), lambda t, f, c: (rules.normalise_department(t)[0],)),
    "industry": ((Output("{}", S),), lambda t, f, c: (rules.normalise_industry(t),)),
    "date": ((Output("{}", D),), lambda t, f, c: (rules.parse_date(t, c.default_year),)),
    "month": ((Output("{}", D),), lambda t, f, c: (rules.parse_month(t, c.default_year),)),
    "money": ((Output("{}", F),), _money),
    "count": ((Output("{}", I),), lambda t, f, c: (rules.parse_count(t),)),
    "yesno": ((Output("{}", B),), lambda t, f, c: (rules.parse_yesno(t),)),
    "longitude": ((Output("{}", F),), lambda t, f, c: (rules.parse_degrees(t, "longitude"),)),
    "latitude": ((Output("{}", F),), lambda t, f, c: (rules.parse_degrees(t, "latitude"),)),
    "credit_code": ((Output("{}", S),), lambda t, f, c: (rules.parse_credit_code(t),)),
    "measures": ((Output("{}", pa.list_(S)),), lambda t, f, c: (rules.parse_measures(t),)),
    "category": ((Output("{}", I),), lambda t, f, c: (rules.parse_category(t),)),
    "group": ((Output("{}", S),), lambda t, f, c: (rules.parse_group(t),)),
    "status": ((Output("{}", S),), lambda t, f, c: (rules.parse_status(t),)),
    "level": ((Output("{}", S),), lambda t, f, c: (rules.parse_level(t),)),
    "listed": ((Output("{}", S),), lambda t, f, c: (rules.parse_listed(t),)),
    "discovery": ((Output("{}", S),), lambda t, f, c: (rules.parse_vocab(t, rules.DISCOVERY_VOCAB, rules.DISCOVERY_METHODS),)),
    "visit_type": ((Output("{}", S),), lambda t, f, c: (rules.parse_vocab(t, rules.VISIT_TYPE_VOCAB, rules.VISIT_TYPES),)),
    "channel": ((Output("{}", S),), lambda t, f, c: (rules.parse_vocab(t, rules.CHANNEL_VOCAB, rules.TIP_CHANNELS),)),
    "tip_result": ((Output("{}", S),), lambda t, f, c: (rules.parse_vocab(t, rules.TIP_RESULT_VOCAB, rules.TIP_RESULTS),)),
    "target_kind": ((Output("{}", S),), lambda t, f, c: (rules.parse_target_kind(t),)),
    "problem_status": ((Output("{}", S),), lambda t, f, c: (rules.parse_problem_status(t),)),
    "recheck_result": ((Output("{}", S),), lambda t, f, c: (rules.parse_vocab(t, rules.RECHECK_VOCAB, rules.RECHECK_RESULTS),)),
    "listing_level": ((Output("{}", S),), lambda t, f, c: (rules.parse_listing_level(t),)),
    "accountability_type": ((Output("{}", S),), lambda t, f, c: (rules.parse_vocab(t, rules.ACCOUNTABILITY_VOCAB,
                                                                                  rules.ACCOUNTABILITY_TYPES),)),
    "node": ((Output("{}", I),), lambda t, f, c: (rules.parse_node(t),)),
    "reporter": ((Output("{}", S), Output("{}_kind", S)), lambda t, f, c: rules.parse_reporter(t)),
    "target": ((Output("{}", S), Output("{}_kind_resolved", S), Output("{}_key", S)), _target),
}


# Kinds whose cells are nearly all distinct: parsed column-wise in Arrow (same rules as the scalar parsers,
# see rules.fold_array), never value by value. They cannot fail, so they have no error column.
VECTOR_KINDS: dict[str, Callable[[pa.Array], tuple[pa.Array, ...]]] = {
    "id": lambda v: (_empty_to_null(pc.utf8_upper(rules.fold_array(v))),),
    "text": lambda v: (rules.clean_text_array(v),),
    "enterprise": lambda v: (rules.clean_text_array(v), rules.fold_name_array(v)),
}


def _empty_to_null(values: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(pc.utf8_length(values), 0), pa.scalar(None, pa.string()), values)


@dataclass
class ParsedSheet:
    mapping: Mapping
    columns: dict[str, pa.Array]          # normalised output columns for accepted rows
    source_rows: pa.Array                 # 1-based row numbers of accepted rows
    rows: int = 0
    skipped: int = 0
    rejected: list[dict] = field(default_factory=list)   # {row_number, cells, reasons}
    warnings: list[tuple[int, str]] = field(default_factory=list)
    header_map: dict[str, str] = field(default_factory=dict)
    context: LedgerContext | None = None
    merged_filled: int = 0                # empty cells given a merged range's value
    ditto_filled: int = 0                 # ditto marks given the value above

    @property
    def accepted(self) -> int:
        return len(self.source_rows)


def _blank(trimmed: pa.Array) -> pa.Array:
    return pc.or_kleene(pc.is_null(trimmed), pc.equal(pc.utf8_length(trimmed), 0))


def _parse_column(values: pa.Array, parser: Parser, f: Field, ctx: Context, outputs: tuple[Output, ...]):
    """(output arrays, error array): every distinct value parsed once."""
    encoded = pc.dictionary_encode(values)
    distinct = encoded.dictionary.to_pylist()
    results: list[list] = [[] for _ in outputs]
    errors: list[str | None] = []
    for text in distinct:
        try:
            parsed = parser(text, f, ctx)
            errors.append(None)
        except ValueRejected as exc:
            parsed = (None,) * len(outputs)
            errors.append(f"{f.label}{exc}")
        for k, v in enumerate(parsed):
            results[k].append(v)
    indices = encoded.indices
    arrays = [pc.take(pa.array(r, o.type), indices) for r, o in zip(results, outputs)]
    return arrays, pc.take(pa.array(errors, pa.string()), indices)


def classify_rows(sheet: RawSheet, band: HeaderBand, ignored: frozenset[str] = frozenset()) -> tuple[pa.Array, int]:
    """Mask of data rows (True) among rows below the header, and how many were skipped.

    ignored: raw columns that carry no data (序号): a pre-numbered row with nothing else in it is blank."""
    body = sheet.table.slice(band.data_start)
    n = body.num_rows
    if n == 0:
        return pa.array([], pa.bool_()), 0
    # One column at a time, keeping only the booleans: a trimmed copy of every column at once would double
    # the sheet in memory.
    words = pa.array([w + colon for w in TOTAL_WORDS for colon in ("", ":", "：")], pa.string())
    header = sheet.table.take(pa.array(band.rows))
    # The header printed again (every page of a long ledger) is told by its first columns, as written.
    header_texts = {c: pa.array(sorted({*(v.strip() for v in header.column(c).to_pylist() if v), *parts}), pa.string())
                    for c, parts in list(band.parts.items())[:HEADER_REPEAT_COLUMNS]}
    blanks, total_words, repeats = [], [], []
    for c in body.column_names:
        trimmed = pc.utf8_trim_whitespace(body.column(c).combine_chunks())
        blanks.append(_blank(trimmed))
        # A 小计 inside the table may stand in any column (under a merged 所属乡 or 单位名称): a cell that is
        # only the word marks the row.
        total_words.append(pc.is_in(trimmed, words))
        if c in header_texts:
            repeats.append(pc.fill_null(pc.is_in(trimmed, header_texts[c]), False))
        del trimmed
    nonempty = pc.subtract(pa.scalar(len(blanks), pa.int64()),
                           _sum_bools(blanks)) if blanks else pa.array([0] * n)
    content = [pc.invert(b) for b, c in zip(blanks, body.column_names) if c not in ignored]
    keep = pc.greater(_sum_bools(content), 0) if content else pa.array([False] * n)
    # 合计/小计 in one of the first columns, notes with at most two filled cells.
    filled_np = np.column_stack([pc.invert(b).to_numpy(zero_copy_only=False) for b in blanks])
    first_col = pa.array(filled_np.argmax(axis=1).astype(np.int32))
    first_text = pc.if_else(pa.array(filled_np.any(axis=1)),
                            pc.choose(first_col, *[body.column(c).combine_chunks() for c in body.column_names]),
                            pa.scalar(None, pa.string()))
    del filled_np
    # Only texts that could start a 合计 or note line reach the Python rules (the 序号 column alone has a
    # distinct value per row).
    distinct = pc.unique(first_text)
    candidates = pc.filter(distinct, pc.fill_null(pc.match_substring_regex(distinct, _NOTE_OR_TOTAL_START), False))
    totals = {t for t in candidates.to_pylist() if t and is_total_text(t)}
    notes = {t for t in candidates.to_pylist() if t and is_note_text(t)}
    leading = [body.column(c).combine_chunks() for c in body.column_names[:3]]
    is_total = pc.or_kleene(pc.is_in(first_text, pa.array(sorted(totals), pa.string())),
                            _any([pc.is_in(c, pa.array(sorted(totals), pa.string())) for c in leading]))
    # A note has at most two filled cells, or is a signature line whose every cell is a 「label：value」
    # (填表人：王五 | 审核人：赵六 | 联系电话：…). Only the few rows that start like a note are looked at.
    is_note = pc.fill_null(pc.is_in(first_text, pa.array(sorted(notes), pa.string())), False)
    if notes:
        at = pc.indices_nonzero(is_note)
        rows = body.take(at)
        labelled = _sum_bools([pc.fill_null(pc.match_substring_regex(rows.column(c).combine_chunks(), "[:：]"), False)
                               for c in body.column_names])
        filled = pc.take(nonempty, at)
        note_rows = pc.or_(pc.less_equal(filled, 2), pc.equal(labelled, filled)).to_numpy(zero_copy_only=False)
        mask = np.zeros(n, bool)
        mask[at.to_numpy()[note_rows]] = True
        is_note = pa.array(mask)
    is_total = pc.or_kleene(is_total, _any(total_words))
    keep = pc.and_(keep, pc.invert(pc.fill_null(pc.or_(is_total, is_note), False)))
    if repeats:   # most filled cells of those first columns are their header
        matched = _sum_bools(repeats)
        filled = _sum_bools([pc.invert(blanks[body.column_names.index(c)]) for c in header_texts])
        is_header = pc.and_(pc.greater_equal(matched, 2), pc.greater_equal(pc.multiply(matched, 10), pc.multiply(filled, 8)))
        keep = pc.and_(keep, pc.invert(is_header))
    keep_list = None
    # Column-number rows directly under the header.
    for i in range(min(2, n)):
        if is_column_number_row([body.column(c)[i].as_py() for c in body.column_names]):
            keep_list = keep_list or keep.to_pylist()
            keep_list[i] = False
    if keep_list is not None:
        keep = pa.array(keep_list, pa.bool_())
    keep = pc.fill_null(keep, False)
    return keep, n - pc.sum(keep).as_py() if n else 0


HEADER_REPEAT_COLUMNS = 8
_NOTE_OR_TOTAL_START = r"^[^0-9A-Za-z]"   # the rules' words are Chinese: a row starting with a digit or letter is neither


def _sum_bools(arrays: list[pa.Array]) -> pa.Array:
    total = pc.cast(arrays[0], pa.int64())
    for a in arrays[1:]:
        total = pc.add(total, pc.cast(a, pa.int64()))
    return total


def _any(arrays: list[pa.Array]) -> pa.Array:
    out = arrays[0]
    for a in arrays[1:]:
        out = pc.or_kleene(out, a)
    return pc.fill_null(out, False)


def _resolve_dittos(values: pa.Array) -> tuple[pa.Array, pa.Array, int]:
    """(values with each ditto mark replaced by the value above, mask of marks with nothing above, marks filled).
    A blank cell above a mark stays blank; a mark under a mark takes what the upper one took."""
    marks = pc.fill_null(pc.is_in(values, pa.array(rules.DITTO_MARKS, pa.string())), False)
    if not pc.any(marks).as_py():
        return values, pa.array([False] * len(values), pa.bool_()), 0
    blank = "\x00"     # not a cell's text: keeps a blank above a mark from being skipped over
    carried = pc.fill_null_forward(pc.if_else(marks, pa.scalar(None, pa.string()), pc.fill_null(values, blank)))
    orphan = pc.and_(marks, pc.is_null(carried))
    resolved = pc.if_else(marks, carried, values)
    resolved = pc.if_else(pc.fill_null(pc.equal(resolved, blank), False), pa.scalar(None, pa.string()), resolved)
    filled = pc.sum(pc.cast(pc.and_(marks, pc.invert(orphan)), pa.int64())).as_py()
    return resolved, orphan, filled


def parse_sheet(sheet: RawSheet, band: HeaderBand, mapping: Mapping, context: LedgerContext | None = None) -> ParsedSheet:
    ledger = mapping.ledger
    ctx = Context(rules.year_in_title([sheet.name, *band.titles]), mapping.money_units)
    # Rows are told apart on the cells as written (a row whose only text is a merge reaching into it is blank);
    # the values are read with merges filled.
    keep, skipped = classify_rows(sheet, band, frozenset(c for c, name in mapping.fields.items()
                                                         if ledger.field(name).kind == "ignore"))
    # Columns are taken from the sheet one at a time (only the mapped ones, only the kept rows): copying the
    # whole sheet at once would hold it twice.
    body, merged = merge_ranges.fill(sheet.table, sheet.merges, band.data_start)
    numbers_all = sheet.row_numbers.slice(band.data_start) if sheet.row_numbers is not None else \
        pa.array(range(band.data_start + 1, sheet.num_rows + 1), pa.int64())
    numbers = pc.filter(numbers_all, keep)
    n = len(numbers)
    merged_filled = int(merged[keep.to_numpy(zero_copy_only=False)].sum()) if len(merged) else 0

    fields = dict(mapping.fields)
    errors: list[pa.Array] = []
    if context is not None:
        if context.value is not None:
            body = body.append_column(CONTEXT_COLUMN, pa.array([context.value] * body.num_rows, pa.string()))
            fields[CONTEXT_COLUMN] = context.field
        else:
            f = ledger.field(context.field)
            errors.append(pa.array([f"{f.label}：表中没有此列，也无法从表头上方的填报单位、工作表名或文件名"
                                    f"确定唯一的单位"] * n, pa.string()))
    columns: dict[str, pa.Array] = {}
    present: set[str] = set()
    cells: dict[str, pa.Array] = {}       # field -> trimmed cell text (null when empty)
    ditto_filled = 0
    for raw_col, name in fields.items():
        f = ledger.field(name)
        kind = f.kind
        if kind == "ignore":
            continue
        values = pc.utf8_trim_whitespace(pc.filter(body.column(raw_col), keep).combine_chunks())
        values = pc.if_else(pc.equal(pc.utf8_length(values), 0), pa.scalar(None, pa.string()), values)
        values, orphan, filled = _resolve_dittos(values)
        ditto_filled += filled
        if filled or pc.any(orphan).as_py():
            errors.append(pc.if_else(orphan, pa.scalar(f"{f.label}填写「同上」，但上方没有可沿用的值"),
                                     pa.scalar(None, pa.string())))
        outputs, parser = KINDS[kind]
        outs = tuple(Output(o.name.format(name), o.type) for o in outputs)
        if kind in VECTOR_KINDS:
            arrays = VECTOR_KINDS[kind](values)
            # a cell of only invisible characters cleans to nothing: it is empty, like a blank cell
            values = pc.if_else(pc.is_null(arrays[0]), pa.scalar(None, pa.string()), values)
        else:
            arrays, errs = _parse_column(values, parser, f, ctx, outs)
            errors.append(errs)
        for o, a in zip(outs, arrays):
            columns[o.name] = a
        present.add(name)
        cells[name] = values
        if f.required:
            empty = pc.and_(pc.is_null(values), pc.invert(orphan))   # an orphan mark is reported once, as such
            errors.append(pc.if_else(empty, pa.scalar(f"{f.label}为空（必填）"), pa.scalar(None, pa.string())))
    # Fields the sheet does not have are empty columns, so every ledger of a type stages alike.
    for f in ledger.fields:
        if f.name not in present and f.kind != "ignore":
            for o in KINDS[f.kind][0]:
                columns.setdefault(o.name.format(f.name), pa.nulls(n, o.type))
    for group in ledger.one_of:
        # Empty cells, not failed parses: an invalid 整改状态 is reported once, not also as empty.
        cols = [cells[g] for g in group if g in present]
        if not cols:
            continue
        missing = pc.and_(*[pc.is_null(c) for c in cols]) if len(cols) == 2 else pc.is_null(cols[0])
        label = "或".join(ledger.field(g).label for g in group if g in present)
        errors.append(pc.if_else(missing, pa.scalar(f"{label}为空（必填）"), pa.scalar(None, pa.string())))

    errors.extend(row_check_errors(ledger, columns, n))
    reasons = _join_errors(errors, n)
    rejected_mask = pc.is_valid(reasons)
    accepted_mask = pc.invert(rejected_mask)
    rejected = _rejected_rows(body, keep, band, mapping.stored_columns(band), numbers, reasons, rejected_mask)
    columns = {k: pc.filter(v, accepted_mask) for k, v in columns.items()}
    parsed = ParsedSheet(mapping, columns, pc.filter(numbers, accepted_mask), rows=n + skipped, skipped=skipped,
                         rejected=rejected, header_map={band.header_text(c): ledger.field(f).label
                                                        for c, f in mapping.fields.items()},
                         context=context, merged_filled=merged_filled, ditto_filled=ditto_filled)
    _finish(parsed, ledger)
    return parsed


def _join_errors(errors: list[pa.Array], n: int) -> pa.Array:
    """One reason string per row (null where the row is fine); only failing rows are joined in Python."""
    if not errors:
        return pa.nulls(n, pa.string())
    failing = _any([pc.is_valid(e) for e in errors])
    indices = pc.indices_nonzero(failing)
    if len(indices) == 0:
        return pa.nulls(n, pa.string())
    per_field = [pc.take(e, indices).to_pylist() for e in errors]
    joined = ["；".join(r for r in reasons if r) for reasons in zip(*per_field)]
    out: list[str | None] = [None] * n
    for i, text in zip(indices.to_pylist(), joined):
        out[i] = text
    return pa.array(out, pa.string())


def _rejected_rows(body: pa.Table, keep: pa.Array, band: HeaderBand, cols: list[str], numbers: pa.Array, reasons: pa.Array,
                   mask: pa.Array) -> list[dict]:
    if not pc.any(mask).as_py():
        return []
    picked = body.select(cols).filter(keep).filter(mask).to_pylist()
    return [{"row_number": int(num), "cells": {band.header_text(c): row[c] for c in cols}, "reasons": why}
            for row, num, why in zip(picked, pc.filter(numbers, mask).to_pylist(), pc.filter(reasons, mask).to_pylist())]


def _finish(parsed: ParsedSheet, ledger: LedgerType) -> None:
    """Derived columns (the spec's fills, the unit of a 乡/街道 target) and warnings for suspicious but usable rows."""
    c = parsed.columns
    for fill in ledger.fills:
        yes, no = fill.values
        c[fill.field] = pc.coalesce(c[fill.field], pc.if_else(c.pop(fill.source), pa.scalar(yes), pa.scalar(no)))
    for name, value in ledger.defaults:
        c[name] = pc.coalesce(c[name], pa.scalar(value))
    for mask, message in row_warnings(ledger, c):
        _warn(parsed, mask, lambda i, message=message: message)
    if "target_kind_resolved" in c:
        # The resolved kind wins over what the ledger wrote: a 乡/街道 is a 乡/街道 whatever the column says.
        resolved = c.pop("target_kind_resolved")
        c["target_kind"] = resolved
    if ledger.unit_from_target:
        # A visit to a 乡/街道 belongs to that 乡/街道, so the unit filter reaches it.
        names = pa.array([u.name for u in rules.units()], S)
        position = pc.index_in(pc.if_else(pc.equal(c["target_kind"], rules.ORG_UNIT), c["target"], pa.scalar(None, S)), names)
        c["unit_code"] = pc.coalesce(c["unit_code"], pc.take(pa.array([u.code for u in rules.units()], S), position))
        c["unit"] = pc.coalesce(c["unit"], pc.take(names, position))
    # Values off the reference lists are kept as written and flagged (also queries/off_list_values.sql).
    for name, listed, listing in (("department", rules.departments(), "区安委会成员单位名单"),
                                  ("industry", rules.industries(), "行业领域名录")):
        if name in c:
            members = set(listed)
            distinct = [d for d in pc.unique(c[name]).to_pylist() if d and d not in members]
            if distinct:
                outside = pc.is_in(c[name], pa.array(distinct, S))
                values = c[name]
                _warn(parsed, outside, lambda i, values=values, listing=listing:
                      f"「{values[i].as_py()}」不在{listing}中，已按原文保存")


def _warn(parsed: ParsedSheet, mask: pa.Array, message: Callable[[int], str]) -> None:
    if not pc.any(mask).as_py():
        return
    indices = pc.indices_nonzero(mask).to_pylist()
    rows = parsed.source_rows
    parsed.warnings.extend((int(rows[i].as_py()), message(i)) for i in indices)


def cells_json(cells: dict) -> str:
    return json.dumps(cells, ensure_ascii=False, default=str)
