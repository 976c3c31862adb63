"""The shared filter set and the campaign statistics of the CLI contract, from the query files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import rules
from .config import load_campaign
from .queries import run_rows
from .store import Store


@dataclass(frozen=True)
class Filters:
    since: dt.date
    as_of: dt.date
    units: tuple[str, ...] = ()          # unit codes; empty = all
    industries: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()

    def params(self) -> dict:
        campaign = load_campaign()
        return {
            "since": self.since, "as_of": self.as_of,
            "units": list(self.units), "industries": list(self.industries), "departments": list(self.departments),
            "upcoming_days": campaign.upcoming_days,
            "recheck_start": campaign.recheck.start, "recheck_end": campaign.recheck.end,
            "week_ago": self.as_of - dt.timedelta(days=7),
            "campaign_start": campaign.start, "report_due_day": campaign.monthly_report_due_day,
        }


def latest_data_date(store: Store, today: dt.date | None = None) -> dt.date | None:
    return run_rows(store, "latest_data_date", {"today": today or dt.date.today()})[0]["latest"]


def default_filters(store: Store, since: dt.date | None = None, as_of: dt.date | None = None) -> Filters:
    campaign = load_campaign()
    as_of = as_of or latest_data_date(store) or campaign.end
    return Filters(since=since or campaign.start, as_of=as_of)


def _one(store: Store, name: str, params: dict) -> dict:
    return run_rows(store, name, params)[0]


def stats(store: Store, filters: Filters) -> dict:
    """The `stats --json` document (issue 2's contract)."""
    p = filters.params()
    hazards = _one(store, "hazard_summary", p)
    enforcement = _one(store, "enforcement_summary", p)
    return {
        "since": filters.since.isoformat(),
        "as_of": filters.as_of.isoformat(),
        "hazards": {k: hazards[k] for k in ("total", "major", "rectified", "rectification_rate", "major_rectified",
                                            "major_rectification_rate", "overdue", "listed", "five_complete_rate")},
        "by_unit": [{k: r[k] for k in ("code", "unit", "total", "major", "rectified", "rectification_rate", "overdue")}
                    for r in run_rows(store, "hazards_by_unit", p)],
        "enforcement": {"cases": enforcement["cases"], "fines_yuan": round(float(enforcement["fines_yuan"]), 2),
                        "by_measure": {r["measure"]: r["cases"] for r in run_rows(store, "enforcement_by_measure", p)}},
        "supervision": run_rows(store, "supervision_coverage", p),
        "submissions": _one(store, "submission_compliance", p),
        "tips": {**(t := _one(store, "tip_summary", p)), "rewards_yuan": round(float(t["rewards_yuan"]), 2)},
        **loop_stats(store, p),
    }


def loop_stats(store: Store, p: dict) -> dict:
    """The `problems`, `listing` and `accountability` sections (issue 14; DOMAIN.md `stats --json`)."""
    problems = _one(store, "loop_problem_summary", p)
    listing = _one(store, "loop_listing_summary", p)
    by_type = {r["action_type"]: r["n"] for r in run_rows(store, "loop_accountability_by_type", p)}
    return {
        "problems": {**{k: problems[k] for k in ("found", "rectified", "open", "overdue", "rechecked", "recheck_failed",
                                                 "closed")},
                     "by_group": [{k: g[k] for k in ("group", "found", "rectified", "open", "recheck_failed")}
                                  for g in run_rows(store, "loop_problems_by_group", p)]},
        "listing": {**{k: listing[k] for k in ("listed", "delisted", "open", "overdue")},
                    "by_level": {"区级": listing["open_district"], "市级": listing["open_city"],
                                 "省级": listing["open_province"]}},
        "accountability": {"total": sum(by_type.values()),
                           "by_type": {t: by_type.get(t, 0) for t in rules.ACCOUNTABILITY_TYPES}},
    }
