"""The 简报's register passage (collect.py calls collect, layout.py paragraphs): the 底数 (排查覆盖率, or
涉及隐患的单位数 without a register), the cross-checks of 通知 四(三) and the accidents.
Every number from a query file, run through the briefing's scoped query function."""
from __future__ import annotations

from typing import Callable

from ..formatting import percent, rate_of, wan

QUERIES = ("register_coverage_summary", "cross_check_summary", "accident_summary")


def collect(q: Callable[..., list[dict]]) -> dict:
    """{query name: its one row} for the queries the principal may run (q returns [] for a withheld one)."""
    out = {}
    for name in QUERIES:
        rows = q(name)
        if rows:
            out[name] = rows[0]
    return out


def _pct(part, whole) -> str:
    return percent(rate_of(part, whole))


def paragraphs(data: dict, as_of_text: str) -> list[str]:
    out = []
    c = data.get("register_coverage_summary")
    if c:
        if c["has_register"]:
            missing = c["registered"] - c["inspected"]
            out.append(f"排查覆盖率{_pct(c['inspected'], c['registered'])}：企业名录{c['registered']}家中已排查"
                       f"{c['inspected']}家，重点单位{c['key_registered']}家中已排查{c['key_inspected']}家"
                       f"（{_pct(c['key_inspected'], c['key_registered'])}）。"
                       + (f"尚有{missing}家没有排查记录，请对照名录逐一排查。" if missing else "名录单位均已排查。"))
        else:
            out.append(f"本期涉及隐患的单位{c['hazard_enterprises']}家（尚未导入企业名录，不能计算排查覆盖率）。")
    x = data.get("cross_check_summary")
    if x:
        text = (f"隐患与执法交叉核查：{as_of_text}逾期未整改的{x['checked_overdue']}处隐患中{x['overdue_without_case']}处、"
                f"未整改的{x['checked_major']}处重大隐患中{x['major_without_case']}处未见对同一单位立案"
                + (f"；自查发现并按期整改仍被立案{x['self_found_penalised']}件，请执法部门复核"
                   if x["self_found_penalised"] else "") + "。")
        if out:   # with the coverage: one paragraph
            out[-1] += text
        else:
            out.append(text)
    a = data.get("accident_summary")
    if a:
        harm = "、".join(f"{w}{int(a[k])}人" for k, w in (("deaths", "死亡"), ("injuries", "受伤")) if a[k])   # 0: unsaid
        text = (f"生产安全事故：本期发生{a['count']}起，" + (f"{harm}，" if harm else "")
                + f"直接经济损失{wan(a['loss_yuan'], grouping=False)}万元" if a["count"] else "生产安全事故：本期未发生")
        if a["concealed"]:
            text += f"，其中瞒报谎报{a['concealed']}起"
        if a["has_previous"]:
            text += f"；上年同期{a['prev_count']}起、死亡{int(a['prev_deaths'])}人"
        text += "。"
        out.append(text)
    return out
