"""Collecting a briefing's numbers: every query runs through access.run_scoped for the principal who asks
(required: the command line passes auth.LOCAL_ADMIN); a query the principal may not run leaves its passage
out (data.withheld) instead of reporting "nothing"."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import access
from ..auth import Principal
from ..config import load_campaign
from ..metrics import Filters
from ..store import Store
from . import register
from .model import Period, Progress, Scope, check_access, default_issue_no

QUERIES = ("accountability_by_type", "accountability_records", "enforcement_by_department", "enforcement_by_measure",
           "enforcement_summary", "hazard_stats_table_by_industry", "hazard_stats_table_by_unit", "hazard_summary",
           "listed_hazard_summary", "listed_hazards_by_level", "major_hazards", "monthly_report_compliance",
           "monthly_report_submissions", "overdue_and_upcoming_hazards", "recheck_grid",
           "rectification_by_department", "rectification_by_industry", "rectification_by_unit",
           "rectification_by_week", "submission_compliance", "submission_grid", "supervision_coverage",
           "supervision_problem_recheck", "supervision_problems", "supervision_problems_by_target",
           "top_overdue_units")
ALL_ROWS = 100_000               # row_limit when every row is needed for naming


@dataclass
class BriefingData:
    scope: Scope
    period: Period
    issue_no: int
    hazards: dict
    hazards_before: dict | None
    enforcement: dict
    enforcement_before: dict | None
    by_measure: list[dict]
    by_department_cases: list[dict]
    rate_rows: list[dict]            # rectification_by_unit (or rectification_by_industry for one unit)
    by_unit: list[dict]              # rectification_by_unit
    rate_by: str                     # 乡/街道 | 行业领域
    weekly: list[dict]
    majors: list[dict]
    listed_levels: list[dict]
    overdue_units: list[dict]
    overdue_departments: list[dict]
    overdue_list: list[dict]         # overdue_and_upcoming_hazards, overdue and 临期 rows
    submissions: dict | None         # submission_compliance (district only)
    submissions_behind: list[dict]   # submission_grid rows late / missing within the scope
    monthly_summary: dict | None
    monthly_behind: list[dict]
    coverage: list[dict]
    recheck_missing: list[dict]
    recheck_unit: list[dict]         # unit scope: the grid rows of the unit
    stats_by_unit: list[dict]
    stats_by_industry: list[dict]
    departments: dict | None = None  # group: the passages of its departments
    withheld: set[str] = field(default_factory=set)   # queries the principal may not run (passages left out)
    upcoming_days: int = 7
    recheck_start: dt.date | None = None
    charts: list[tuple[str, bytes]] = field(default_factory=list)
    # Closing the loop: a group's problems per target; the 挂牌督办 register and 约谈/通报/问责.
    problem_targets: list[dict] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)
    problem_recheck: list[dict] = field(default_factory=list)
    listing: dict = field(default_factory=dict)
    accountability: list[dict] = field(default_factory=list)
    accountability_by_type: list[dict] = field(default_factory=list)
    register: dict = field(default_factory=dict)   # 底数, cross-checks, accidents: register.collect


def _one(rows: list[dict]) -> dict:
    return rows[0] if rows else {}


def collect(store: Store, scope: Scope, period: Period, *, principal: Principal, issue_no: int | None = None,
            progress: Progress | None = None) -> BriefingData:
    """Run the queries of the briefing, each scoped for the principal (there is no unscoped way in)."""
    check_access(principal, scope)
    progress = progress or (lambda f, t: None)
    withheld: set[str] = set()
    campaign = load_campaign()
    base = Filters(period.campaign_start, period.as_of, county=scope.county).params()   # county: its view
    p = {**base, **scope.unit_params()}
    before = {**p, "as_of": period.previous} if period.has_previous else None

    def q(name: str, params: dict | None = None, **extra) -> list[dict]:
        try:
            return access.run_scoped(store, principal, name, {**(params or p), **extra})
        except access.AccessDenied:
            withheld.add(name)
            return []

    progress(0.05, "正在统计隐患排查整改情况……")
    unit_passages = scope.has_units
    hazards = _one(q("hazard_summary")) if unit_passages else {}
    hazards_before = _one(q("hazard_summary", before)) if unit_passages and before else None
    enforcement = _one(q("enforcement_summary")) if unit_passages else {}
    enforcement_before = _one(q("enforcement_summary", before)) if unit_passages and before else None
    few_units = scope.kind == "unit" or len(scope.unit_codes) == 1
    by_unit = q("rectification_by_unit") if unit_passages else []
    rate_rows = (q("rectification_by_industry") if few_units else by_unit) if unit_passages else []
    progress(0.2, "正在统计重大隐患、逾期和临期隐患……")
    overdue_list = q("overdue_and_upcoming_hazards", row_limit=ALL_ROWS) if unit_passages else []
    data = BriefingData(
        scope=scope, period=period, issue_no=issue_no or default_issue_no(period.as_of, period.campaign_start),
        hazards=hazards, hazards_before=hazards_before, enforcement=enforcement,
        enforcement_before=enforcement_before,
        by_measure=q("enforcement_by_measure") if unit_passages else [],
        by_department_cases=[r for r in q("enforcement_by_department") if r["cases"]] if unit_passages else [],
        rate_rows=rate_rows, by_unit=by_unit, rate_by="行业领域" if few_units else "乡/街道",
        weekly=q("rectification_by_week") if unit_passages else [],
        majors=q("major_hazards", row_limit=ALL_ROWS) if unit_passages else [],
        listed_levels=q("listed_hazards_by_level") if unit_passages else [],
        overdue_units=q("top_overdue_units", top_n=ALL_ROWS) if unit_passages else [],
        overdue_departments=[r for r in q("rectification_by_department") if r["overdue"]] if unit_passages else [],
        overdue_list=overdue_list,
        submissions=None, submissions_behind=[], monthly_summary=None, monthly_behind=[],
        coverage=[], recheck_missing=[], recheck_unit=[],
        stats_by_unit=q("hazard_stats_table_by_unit") if unit_passages else [],
        stats_by_industry=q("hazard_stats_table_by_industry") if unit_passages else [],
        upcoming_days=base["upcoming_days"], recheck_start=campaign.recheck.start, withheld=withheld)

    progress(0.35, "正在统计报送和督导“回头看”情况……")
    grid = q("submission_grid", base)
    wanted = scope.reporters
    data.submissions_behind = [r for r in grid if r["state"] in ("late", "missing")
                               and (wanted is None or r["reporter"] in wanted)]
    if scope.kind == "district":
        data.submissions = _one(q("submission_compliance"))
    if scope.kind == "district" or scope.departments:
        dp = {**base, "departments": list(scope.departments)}
        data.monthly_summary = _one(q("monthly_report_compliance", dp))
        data.monthly_behind = [r for r in q("monthly_report_submissions", dp) if r["state"] != "on_time"]
    coverage = q("supervision_coverage", base)
    recheck = q("recheck_grid", base)
    if scope.kind == "group":
        data.coverage = [r for r in coverage if r["group"] == scope.name]
        data.recheck_missing = [r for r in recheck if r["group"] == scope.name and not r["reached"]]
    elif scope.kind == "district":
        data.coverage = coverage
        data.recheck_missing = [r for r in recheck if not r["reached"]]
    else:
        data.recheck_unit = [r for r in recheck if r["target_kind"] == "乡/街道" and r["target"] == scope.name]

    progress(0.45, "正在统计督导发现问题、挂牌督办和约谈通报问责……")
    if scope.kind == "group":
        data.problem_targets = [r for r in q("supervision_problems_by_target", base) if r["group"] == scope.name]
        data.problems = q("supervision_problems", base, group=scope.name, target_key="", row_limit=ALL_ROWS)
        data.problem_recheck = [r for r in q("supervision_problem_recheck", base) if r["group"] == scope.name]
    if scope.kind != "group":
        data.listing = _one(q("listed_hazard_summary"))
        data.accountability = q("accountability_records", row_limit=ALL_ROWS)
        data.accountability_by_type = q("accountability_by_type")

    if unit_passages:   # 底数, cross-checks and accidents
        data.register = register.collect(q)

    if scope.kind == "group" and scope.departments:
        dp = {**base, **scope.department_params()}
        dp_before = {**dp, "as_of": period.previous} if period.has_previous else None
        data.departments = {
            "hazards": _one(q("hazard_summary", dp)),
            "hazards_before": _one(q("hazard_summary", dp_before)) if dp_before else None,
            "enforcement": _one(q("enforcement_summary", dp)),
            "overdue_list": [r for r in q("overdue_and_upcoming_hazards", dp, row_limit=ALL_ROWS) if r["kind"] == "overdue"],
        }
    return data

