"""The 底数 (enterprise register, 排查覆盖率), the hazard ↔ case cross-checks and the accident figures:
the `coverage`, `cross_checks` and `accidents` sections of `stats --json`, and the 发现方式 breakdown.
Every number comes from a query file; the rules are in safetyboard/metric_rules/register.sql."""
from __future__ import annotations

from . import rules
from .queries import run_rows
from .store import Store

# The queries/ files this module runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("accident_summary", "cross_check_summary", "hazards_by_discovery", "register_coverage_by_unit",
           "register_coverage_summary")

RATE_PLACES = 4
UNFILLED = "未填"     # a hazard without 发现方式


def _rate(value):
    return None if value is None else round(float(value), RATE_PLACES)


def coverage(store: Store, p: dict) -> dict:
    """`coverage`: registered, inspected, rate, key_registered, key_inspected, key_rate, by_unit; plus has_register
    and hazard_enterprises (涉及隐患的单位数, the figure shown when no register is imported)."""
    c = run_rows(store, "register_coverage_summary", p)[0]
    return {"has_register": bool(c["has_register"]),
            "registered": c["registered"], "inspected": c["inspected"], "rate": _rate(c["rate"]),
            "key_registered": c["key_registered"], "key_inspected": c["key_inspected"], "key_rate": _rate(c["key_rate"]),
            "hazard_enterprises": c["hazard_enterprises"],
            "by_unit": [{"code": r["code"], "unit": r["unit"], "registered": r["registered"],
                         "inspected": r["inspected"], "rate": _rate(r["rate"])}
                        for r in run_rows(store, "register_coverage_by_unit", p)]}


def cross_checks(store: Store, p: dict) -> dict:
    """`cross_checks`: overdue_without_case, major_without_case, self_found_penalised, and how many matched each way."""
    x = run_rows(store, "cross_check_summary", p)[0]
    return {"overdue_without_case": x["overdue_without_case"], "major_without_case": x["major_without_case"],
            "self_found_penalised": x["self_found_penalised"],
            "checked_overdue": x["checked_overdue"], "checked_major": x["checked_major"],
            "matched": {"hazards_by_code": x["with_case_by_code"], "hazards_by_name": x["with_case_by_name"],
                        "self_found_by_code": x["self_found_by_code"], "self_found_by_name": x["self_found_by_name"]}}


def accidents(store: Store, p: dict) -> dict:
    """`accidents` (flow): count, deaths, injuries, loss_wan, concealed, previous_year {count, deaths, injuries}."""
    a = run_rows(store, "accident_summary", p)[0]
    return {"count": a["count"], "deaths": int(a["deaths"]), "injuries": int(a["injuries"]),
            "loss_wan": round(float(a["loss_yuan"]) / 10_000, 2), "concealed": a["concealed"],
            "previous_year": {"count": a["prev_count"], "deaths": int(a["prev_deaths"]),
                              "injuries": int(a["prev_injuries"]), "loss_wan": round(float(a["prev_loss_yuan"]) / 10_000, 2),
                              "has_data": bool(a["has_previous"])}}


def discovery_breakdown(store: Store, p: dict) -> list[dict]:
    """发现方式 of the hazards found in [S, A]: every method of rules.DISCOVERY_METHODS in order, then 未填 when any."""
    got = {r["method"]: r for r in run_rows(store, "hazards_by_discovery", p)}
    out = [{"method": m, "hazards": got[m]["hazards"] if m in got else 0, "share": _rate(got[m]["share"]) if m in got else None}
           for m in rules.DISCOVERY_METHODS]
    if None in got:
        out.append({"method": UNFILLED, "hazards": got[None]["hazards"], "share": _rate(got[None]["share"])})
    total = sum(r["hazards"] for r in out)
    if total:   # a method with no hazard has share 0 when there are hazards at all
        for r in out:
            r["share"] = r["share"] if r["share"] is not None else 0.0
    return out


def register_stats(store: Store, p: dict) -> dict:
    """The coverage, cross_checks and accidents sections of `stats --json`."""
    return {"coverage": coverage(store, p), "cross_checks": cross_checks(store, p), "accidents": accidents(store, p),
            "discovery": discovery_breakdown(store, p)}
