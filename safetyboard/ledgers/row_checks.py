"""Cross-field rules of a row (LedgerType.row_checks in the spec): a date before the date it must follow, a
销号 without 已整改; and the spec's warnings (LedgerType.warnings), which keep the row. Masks are computed
column-wise; only failing rows get their message built."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .spec import DateOrder, LedgerType, NeedsStatus

S = pa.string()


def _date_text(value) -> str:
    return value.isoformat() if value is not None else "未填"


def _messages(mask: pa.Array, n: int, message) -> pa.Array:
    mask = pc.fill_null(mask, False)
    out: list[str | None] = [None] * n
    for i in pc.indices_nonzero(mask).to_pylist():
        out[i] = message(i)
    return pa.array(out, S)


def row_check_errors(ledger: LedgerType, columns: dict[str, pa.Array], n: int) -> list[pa.Array]:
    """One error array (null where the row passes) per check; cells that failed to parse are null and pass here
    (their own error already rejects the row)."""
    errors = []
    for check in ledger.row_checks:
        if isinstance(check, DateOrder):
            earlier, later = columns[check.earlier], columns[check.later]
            e_label, l_label = ledger.field(check.earlier).label, ledger.field(check.later).label
            errors.append(_messages(pc.less(later, earlier), n, lambda i, earlier=earlier, later=later, e=e_label, l=l_label: (
                f"{l}（{_date_text(later[i].as_py())}）早于{e}（{_date_text(earlier[i].as_py())}）")))
        elif isinstance(check, NeedsStatus):
            when, status, dated = columns[check.when], columns[check.status], columns[check.dated_by]
            # An empty 整改情况 with a 整改完成日期 reads as 已整改.
            ok = pc.or_kleene(pc.is_in(status, pa.array(check.allowed, S)),
                              pc.and_(pc.is_null(status), pc.is_valid(dated)))
            bad = pc.and_(pc.is_valid(when), pc.invert(pc.fill_null(ok, False)))
            w_label, s_label = ledger.field(check.when).label, ledger.field(check.status).label
            d_label = ledger.field(check.dated_by).label
            allowed = "/".join(check.allowed)
            errors.append(_messages(bad, n, lambda i, when=when, status=status, dated=dated: (
                f"{w_label}（{_date_text(when[i].as_py())}）已填，但{s_label}为「{status[i].as_py() or '未填'}」、"
                f"{d_label}（{_date_text(dated[i].as_py())}）：{s_label}为{allowed}后才能填{w_label}")))
    return errors


def row_warnings(ledger: LedgerType, columns: dict[str, pa.Array]) -> list[tuple[pa.Array, str]]:
    """(mask of the rows warned, message) per warning of the spec; an empty cell warns of nothing but an empty
    limit of a not_after warning (an extension with no 整改时限 to extend)."""
    out = []
    for warning in ledger.warnings:
        value = columns[warning.column]
        limit = columns[warning.limit] if isinstance(warning.limit, str) else warning.limit
        if warning.not_after:
            mask = pc.and_(pc.is_valid(value), pc.invert(pc.fill_null(pc.greater(value, limit), False)))
        else:
            mask = pc.greater(value, limit)
        out.append((pc.fill_null(mask, False), warning.message))
    return out
