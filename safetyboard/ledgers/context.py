"""Ledger context: the unit (or 报送单位, 执法部门) a whole ledger shares when it has no column for it.

Taken from the 填报单位/报送单位/单位 line above the header, else the sheet name, else the file name,
and only when that names exactly one 乡/街道 or department (rules.orgs_named_in)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import district, rules
from .headers import HeaderBand, Mapping

# Where the value came from, as the import result names it.
SOURCES = {"title": "表头上方的填报单位", "sheet": "工作表名", "file": "文件名"}
# Which organisations each context field kind may name.
_KINDS = {"unit": (rules.ORG_UNIT,), "department": (rules.ORG_DEPARTMENT,),
          "reporter": (rules.ORG_UNIT, rules.ORG_DEPARTMENT)}

_LABEL = re.compile(r"(?:填报单位|报送单位|单位名称|单位)\s*(?:[(（]\s*(?:盖章|章|公章)\s*[)）])?\s*[:：]\s*(.*)")
# What follows the unit on its line: another 「label：」, a date, or a wide gap between cells.
_AFTER = re.compile(r"\s*[\u4e00-\u9fff]{2,8}\s*[:：]|\s*\d{4}\s*[年./-]|\s{2,}")
_NOISE = re.compile(re.escape(district.current().name) + "|" + re.escape(district.current().city_name)
                    + r"|人民政府|办事处|[(（]\s*(?:盖章|章|公章)\s*[)）]")


@dataclass(frozen=True)
class LedgerContext:
    field: str                  # the ledger's context field (spec.LedgerType.context_field)
    value: str | None           # canonical name, None when no source names exactly one
    kind: str | None = None     # 乡/街道 or 部门
    source: str | None = None   # title | sheet | file

    def to_json(self) -> dict:
        return {self.field: {"value": self.value, "source": self.source}}

    def describe(self) -> str:
        if self.value is None:
            return "未能从列或表头上方的填报单位、工作表名、文件名中确定唯一的单位"
        return f"{self.value}（取自{SOURCES[self.source]}）"


def title_unit_text(lines: list[str]) -> str | None:
    """The text after 填报单位：/报送单位：/单位： on the first line above the header that has one."""
    for line in lines:
        if m := _LABEL.search(line):
            value = m.group(1)
            if cut := _AFTER.search(value):
                value = value[: cut.start()]
            return value.strip()
    return None


def _named(text: str | None, field_kind: str) -> set[tuple[str, str]]:
    if not text:
        return set()
    return rules.orgs_named_in(_NOISE.sub("", text), _KINDS[field_kind])


def resolve(mapping: Mapping, band: HeaderBand, sheet_name: str, file_label: str) -> LedgerContext | None:
    """None when the ledger type has no context field or the sheet has a column for it (a column wins)."""
    name = mapping.ledger.context_field
    if name is None or name in mapping.fields.values():
        return None
    kind = mapping.ledger.field(name).kind
    for source, text in (("title", title_unit_text(band.title_lines)), ("sheet", sheet_name),
                         ("file", Path(file_label).stem)):
        found = _named(text, kind)
        if len(found) == 1:
            value, org_kind = next(iter(found))
            return LedgerContext(name, value, org_kind, source)
    return LedgerContext(name, None)
