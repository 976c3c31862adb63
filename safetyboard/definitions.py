"""The Chinese definitions (口径) of the figures, read from the rules files themselves: each is a comment line
"-- 口径 <名称>：<定义>" right above the SQL it describes, so the words shown and the rule applied change together."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import store

_LINE = re.compile(r"^--\s*口径\s+(?P<name>[^：]+)：(?P<text>.+)$")

# The subjects of the rules files, in the order the 口径 page shows them.
SUBJECTS = {"common": "通用", "hazards": "隐患排查治理", "enforcement": "打非治违执法", "supervision": "督导检查",
            "reporting": "报送", "tips": "举报"}


@dataclass(frozen=True)
class Definition:
    name: str          # the figure, as labelled on the pages
    text: str          # its definition, one sentence or two
    subject: str       # the rules file's stem (hazards, reporting ...)


def definitions(rules_dir: Path | None = None) -> list[Definition]:
    """Every 口径 line of the rules files, in file-name order, then in file order."""
    return list(_read(rules_dir or store.RULES_DIR))


@lru_cache(maxsize=4)
def _read(rules_dir: Path) -> tuple[Definition, ...]:
    out = []
    for path in sorted(rules_dir.glob("*.sql")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _LINE.match(line.strip())
            if m:
                out.append(Definition(m["name"].strip(), m["text"].strip(), path.stem))
    return tuple(out)


def definition(name: str) -> str:
    """The definition of one figure; KeyError names the figure when no rules file defines it."""
    for d in definitions():
        if d.name == name:
            return d.text
    raise KeyError(name)
