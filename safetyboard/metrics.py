"""The shared filter set and the campaign statistics of the CLI contract, from the query files."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import rules
from .config import load_campaign
from .queries import run_rows
from .register_metrics import register_stats
from .store import Store


@dataclass(frozen=True)
class Filters:
    since: dt.date
    as_of: dt.date
    units: tuple[str, ...] = ()          # unit codes; empty = all
    industries: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    county: str | None = None            # a city instance: one county's 6-digit code; None = the whole city

    def params(self) -> dict:
        campaign = load_campaign()
        return {
            "county": self.county,
            "since": self.since, "as_of": self.as_of,
            "units": list(self.units), "industries": list(self.industries), "departments": list(self.departments),
            "upcoming_days": campaign.upcoming_days,
            "recheck_start": campaign.recheck.start, "recheck_end": campaign.recheck.end,
            "week_ago": self.as_of - dt.timedelta(days=7),
            "campaign_start": campaign.start, "report_due_day": campaign.monthly_report_due_day,
        }


# The queries/ files this module runs (tests/test_query_usage.py holds it to this list).
QUERIES = ("accountability_by_type", "enforcement_by_measure", "enforcement_summary", "hazard_summary",
           "hazards_by_unit", "latest_data_date", "listed_hazard_summary", "monthly_report_compliance",
           "submission_compliance", "summary_compliance", "supervision_coverage", "supervision_problem_summary",
           "supervision_problems_by_group", "tip_summary")


def latest_data_date(store: Store, today: dt.date | None = None, county: str | None = None) -> dt.date | None:
    """county: in a city instance, that county's data (None = the whole city)."""
    return run_rows(store, "latest_data_date", {"today": today or dt.date.today(), "county": county})[0]["latest"]


def default_filters(store: Store, since: dt.date | None = None, as_of: dt.date | None = None,
                    county: str | None = None) -> Filters:
    campaign = load_campaign()
    as_of = as_of or latest_data_date(store, county=county) or campaign.end
    return Filters(since=since or campaign.start, as_of=as_of, county=county)


def _one(store: Store, name: str, params: dict) -> dict:
    return run_rows(store, name, params)[0]


RATE_PLACES = 4      # the contract's rates: fractions rounded once, here, from the exact counts


def _rate(value):
    return None if value is None else round(float(value), RATE_PLACES)


def _pick(row: dict, counts: tuple[str, ...], rates: tuple[str, ...] = ()) -> dict:
    return {**{k: row[k] for k in counts}, **{k: _rate(row[k]) for k in rates}}


_SUBMISSION = (("expected", "on_time", "late", "missing"), ("on_time_rate",))


def stats(store: Store, filters: Filters) -> dict:
    """The `stats --json` document (DOMAIN.md): flows over [S, A], stocks at A; rates rounded once, to 4 places."""
    p = filters.params()
    hazards = _one(store, "hazard_summary", p)
    enforcement = _one(store, "enforcement_summary", p)
    tips = _one(store, "tip_summary", p)
    hazard_doc = _pick(hazards, ("total", "major", "rectified"), ("rectification_rate",))
    hazard_doc |= _pick(hazards, ("major_rectified",), ("major_rectification_rate",))
    hazard_doc |= _pick(hazards, ("closed", "listed", "planned"), ("five_complete_rate",))
    hazard_doc |= _pick(hazards, ("open", "overdue", "upcoming", "no_deadline", "major_open", "major_no_deadline"))
    return {
        "since": filters.since.isoformat(),
        "as_of": filters.as_of.isoformat(),
        "hazards": hazard_doc,
        "by_unit": [_pick(r, ("code", "unit", "total", "major", "rectified"), ("rectification_rate",))
                    | _pick(r, ("open", "overdue")) for r in run_rows(store, "hazards_by_unit", p)],
        "enforcement": {"cases": enforcement["cases"], "fines_yuan": round(float(enforcement["fines_yuan"]), 2),
                        "by_measure": {r["measure"]: r["cases"] for r in run_rows(store, "enforcement_by_measure", p)}},
        "supervision": [_pick(g, ("group", "assigned", "covered"), ("coverage",))
                        for g in run_rows(store, "supervision_coverage", p)],
        "submissions": {**_pick(_one(store, "submission_compliance", p), *_SUBMISSION),
                        "monthly": _pick(_one(store, "monthly_report_compliance", p), *_SUBMISSION),
                        "summary": _pick(_one(store, "summary_compliance", p), *_SUBMISSION)},
        "tips": {**_pick(tips, ("total", "verified_true", "verified_false"), ("verified_rate",)),
                 "rewards_yuan": round(float(tips["rewards_yuan"]), 2)},
        **loop_stats(store, p),
        **register_stats(store, p),
    }


def loop_stats(store: Store, p: dict) -> dict:
    """The `problems`, `listing` and `accountability` sections (DOMAIN.md `stats --json`)."""
    problems = _one(store, "supervision_problem_summary", p)
    listing = _one(store, "listed_hazard_summary", p)
    by_type = {r["action_type"]: r["n"] for r in run_rows(store, "accountability_by_type", p)}
    return {
        "problems": {**{k: problems[k] for k in ("found", "rectified", "open", "overdue", "rechecked", "recheck_failed",
                                                 "closed")},
                     "by_group": [{k: g[k] for k in ("group", "found", "rectified", "open", "recheck_failed")}
                                  for g in run_rows(store, "supervision_problems_by_group", p)]},
        "listing": {**{k: listing[k] for k in ("listed", "delisted", "open", "overdue")},
                    "by_level": {"区级": listing["open_district"], "市级": listing["open_city"],
                                 "省级": listing["open_province"]}},
        "accountability": {"total": sum(by_type.values()),
                           "by_type": {t: by_type.get(t, 0) for t in rules.ACCOUNTABILITY_TYPES}},
    }
