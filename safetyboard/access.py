"""Row-level access: what a signed-in principal may read. Applied in the data layer, never only in the UI:
every query a principal reads runs through scoped()/run_scoped() here (ui.data.query, the 简报, the notices);
the principal is required, and the command line passes auth.LOCAL_ADMIN explicitly.

- admin (安委办), leader (区领导), group (督导组): every row. A group's default 乡/街道 filter comes from
  its 分工 (group_default_units), but it is a default, not a limit.
- unit (乡/街道): only its own unit's rows. The `units` parameter of every query is forced to the unit's
  code; a request for another unit (URL, download, briefing) yields ['__none__'], i.e. no rows. A query
  without a $units parameter is refused unless its header declares `-- scope: reference` (reference
  lists and dates that carry no unit's rows); there is no list of exceptions by name.
- A caller that passes no `units` to a query that takes them asks for no unit filter: all rows for those
  who may see all, the own unit for a 乡/街道 user (the frame's filter_options and ledger_counts ask so).
- A query whose header declares `-- scope: admin` (e.g. the individual tips) is refused for everyone but
  the admin.
- county (区县账号, a city instance only): its county's rows only. The `county` entry of the parameters
  (which county's package a city query reads, safetyboard/city.py) is forced to the account's county; a request
  for another county is refused. Within its county it reads like a leader."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pyarrow as pa

from . import queries, rules
from .auth import Principal
from .city import COUNTY_PARAM
from .queries import NamedQuery, load

NO_UNIT = "__none__"
SCOPE_LINE = re.compile(r"^--\s*scope:\s*([a-z, ]+)\s*$", re.MULTILINE)
# Parameters that name one unit (besides the $units list).
UNIT_PARAMS = ("unit_code",)


class AccessDenied(Exception):
    """str(self) is the Chinese message for the user."""


def scopes(query: NamedQuery) -> frozenset[str]:
    """The `-- scope:` words in a query's header (reference, admin)."""
    return frozenset(w.strip() for m in SCOPE_LINE.findall(query.header) for w in m.split(",") if w.strip())


def is_reference(query: NamedQuery) -> bool:
    return "reference" in scopes(query)


def unit_scoped(query: NamedQuery) -> bool:
    return "units" in query.params


def may_run(principal: Principal, query: NamedQuery | str) -> bool:
    try:
        scope_params(principal, query, {})
    except AccessDenied:
        return False
    return True


def scope_params(principal: Principal, query: NamedQuery | str, params: dict) -> dict:
    """The parameters a principal's query runs with; raises AccessDenied when it may not run at all."""
    if principal is None:
        raise AccessDenied("请先登录。")
    query = load(query) if isinstance(query, str) else query
    if "admin" in scopes(query) and not principal.is_admin:
        raise AccessDenied("该内容（如举报明细）仅区安委办管理员可以查看。")
    scoped = dict(params)
    if principal.role == "county":
        own = principal.county_code
        requested = params.get(COUNTY_PARAM)
        if not own or (requested and requested != own):
            raise AccessDenied(f"区县账号只能查看本区县（{principal.county or '未指定'}）的数据。")
        scoped[COUNTY_PARAM] = own
    if unit_scoped(query):
        scoped["units"] = scope_units(principal, params.get("units"))
    if principal.role != "unit":
        return scoped
    own = principal.unit_code
    if not unit_scoped(query):
        if is_reference(query):
            return scoped
        raise AccessDenied("该内容为全区汇总或涉及其他乡/街道的数据，乡/街道账号无权查看。")
    for name in UNIT_PARAMS:
        if name in query.params and name in params and params[name] != own:
            scoped[name] = NO_UNIT
    return scoped


@dataclass(frozen=True)
class ScopedQuery:
    """A named query with the parameters one principal may run it with (only those the query uses)."""
    query: NamedQuery
    params: dict

    def run(self, reader) -> pa.Table:
        """reader: a Store or a Snapshot of one."""
        return queries.run(reader, self.query.name, self.params)


def scoped(principal: Principal, query: NamedQuery | str, params: dict) -> ScopedQuery:
    """The query as this principal may run it; raises AccessDenied when it may not run at all."""
    query = load(query) if isinstance(query, str) else query
    allowed = scope_params(principal, query, params)
    return ScopedQuery(query, {k: allowed[k] for k in (*query.params, COUNTY_PARAM) if k in allowed})


def run_scoped(store, principal: Principal, name: str, params: dict) -> list[dict]:
    """The rows of a named query for this principal (AccessDenied when it may not run it)."""
    return scoped(principal, name, params).run(store).to_pylist()


def scope_units(principal: Principal, requested) -> list[str]:
    """The unit codes a principal's request may cover ([] = all, for those who may see all)."""
    requested = [str(u) for u in (requested or [])]
    if principal.role != "unit":
        return requested
    own = principal.unit_code
    if not own:
        return [NO_UNIT]
    if not requested or own in requested:
        return [own]
    return [NO_UNIT]


def scope_filters(principal: Principal, filters):
    """A metrics.Filters narrowed like scope_params (for core callers: briefings, CLI-like exports)."""
    if principal.role == "county":
        if filters.county and filters.county != principal.county_code:
            raise AccessDenied(f"区县账号只能查看本区县（{principal.county or '未指定'}）的数据。")
        return replace(filters, county=principal.county_code)
    if principal.role != "unit":
        return filters
    return replace(filters, units=tuple(scope_units(principal, filters.units)))


def may_see_unit(principal: Principal, unit_code: str | None) -> bool:
    return principal.role != "unit" or (unit_code is not None and unit_code == principal.unit_code)


def may_brief_group(principal: Principal, group: str) -> bool:
    """Briefings per 督导组: a group user only its own group's, a unit user none, the others any."""
    if principal.role == "group":
        try:
            return bool(group) and rules.parse_group(group) == principal.group
        except rules.ValueRejected:
            return False
    return principal.role in ("admin", "leader")


def may_see_tip_details(principal: Principal) -> bool:
    return principal.is_admin


def may_import(principal: Principal) -> bool:
    return principal.is_admin


def may_see_audit_log(principal: Principal) -> bool:
    return principal.is_admin


def group_default_units(store, group: str | None) -> list[str]:
    """The codes of the 乡/街道 in a 督导组's 分工 (the group user's default filter); [] when none."""
    if not group:
        return []
    rows = store.query(
        'SELECT DISTINCT u.code, u.sort_order FROM assignments a JOIN units u ON u.name = a.target'
        ' WHERE a."group" = $group AND a.target_kind = $kind ORDER BY u.sort_order',
        {"group": group, "kind": rules.ORG_UNIT}).to_pylist()
    return [r["code"] for r in rows]
