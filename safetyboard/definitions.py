"""The Chinese definitions (口径) of the figures, read from the rules files themselves: each is a comment line
"-- 口径 <名称>：<定义>" right above the SQL it describes, so the words shown and the rule applied change together."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import store

_LINE = re.compile(r"^--\s*口径\s+(?P<name>[^：]+)：(?P<text>.+)$")

# The subjects of the rules files, in the order the 口径 page and docs/metrics.md show them; a rules file not
# named here still shows, last, under its file name (grouped()).
SUBJECTS = {"common": "通用", "hazards": "隐患排查治理", "enforcement": "打非治违执法", "supervision": "督导检查",
            "supervision_recheck": "回头看问题复查", "loop": "督导问题、挂牌督办与问责", "reporting": "报送",
            "tips": "举报", "register": "底数、交叉核查与事故", "city": "市级汇总（区县）"}
DOCUMENT = "docs/metrics.md"   # written by `python -m safetyboard definitions -o docs/metrics.md`


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


def grouped(rules_dir: Path | None = None) -> list[tuple[str, list[Definition]]]:
    """The definitions by subject: (title, definitions) in SUBJECTS order, then any other rules file's."""
    found = definitions(rules_dir)
    stems = list(SUBJECTS) + sorted({d.subject for d in found} - set(SUBJECTS))
    out = []
    for stem in stems:
        rows = [d for d in found if d.subject == stem]
        if rows:
            out.append((SUBJECTS.get(stem, stem), rows))
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown(rules_dir: Path | None = None) -> str:
    """The 口径 document (docs/metrics.md): every definition, by subject, with the rules file it comes from."""
    lines = ["# 指标口径", "",
             "本文件由 `python -m safetyboard definitions -o docs/metrics.md` 从计算规则文件"
             " `safetyboard/metric_rules/*.sql` 中的 `-- 口径` 注释生成，请勿手工修改；看板的「口径说明」页显示同样的内容。",
             "",
             "S＝统计起始日，A＝统计截止日。“本期”的数字只计S至A之间发生的（流量）；“截至A”的数字是A日仍然存在的存量，"
             "不论发生在哪个阶段。", ""]
    for title, rows in grouped(rules_dir):
        stems = sorted({d.subject for d in rows})
        lines += [f"## {title}", "", f"规则文件：{'、'.join(f'`metric_rules/{s}.sql`' for s in stems)}", "",
                  "| 指标 | 口径 |", "|---|---|"]
        lines += [f"| {_cell(d.name)} | {_cell(d.text)} |" for d in rows]
        lines.append("")
    return "\n".join(lines)
