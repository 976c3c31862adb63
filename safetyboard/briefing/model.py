"""The briefing's model: who it covers (Scope), which days (Period, 上期), its issue number and file name, and
who may make which briefing.

Scopes: district (all units), group (its assigned 乡/街道 through $units; its assigned departments
through $departments, in separate passages), unit (one 乡/街道 through $units). A city instance briefs the
whole city (city: briefing/city.py) or one county (a district scope with its county set: that county's ordinary
district briefing, every query read through the county's view)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Callable

from .. import access, city, district, rules
from ..auth import Principal, resolve_county
from ..config import load_campaign
from ..formatting import cn_date, cn_month_day
from ..metrics import latest_data_date
from ..overview_text import scope_text
from ..store import Store

QUERIES = ("group_targets", "latest_data_date")

Progress = Callable[[float, str], None]


class BriefingError(Exception):
    """A briefing that cannot be made as asked; str(self) is the Chinese reason."""


@dataclass(frozen=True)
class Scope:
    kind: str                                  # district | group | unit | city
    name: str                                  # 全区 | 第三督导组 | 曹镇乡 | 全市
    unit_codes: tuple[str, ...] = ()           # the $units filter; () = all (district only)
    unit_names: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()          # the group's departments ($departments, their own passages)
    enterprises: tuple[str, ...] = ()          # the group's enterprise targets (named only)
    county: str | None = None                  # a city instance: the county read (6-digit code); None = own data

    @property
    def place(self) -> str:
        """Whose briefing this is: the county's name (a county of the city) or the configured instance's."""
        found = district.county(self.county) if self.county else None
        return found.name if found else district.current().name

    @property
    def office(self) -> str:
        """The 安委会办公室 issuing it: the county's for a county's briefing, the instance's otherwise."""
        here = district.current()
        found = district.county(self.county) if self.county else None
        return replace(here, name=found.name, code=found.code).office if found else here.office

    @property
    def masthead(self) -> str:
        """Read from the configuration when the briefing is made: a county's briefing carries the county's."""
        return f"{self.place}安全生产大检查工作简报"

    @property
    def label(self) -> str:
        """Who the numbers cover, in a sentence: 全区 / 第三督导组督导范围 / 曹镇乡."""
        return f"{self.name}督导范围" if self.kind == "group" else self.name

    @property
    def issuer(self) -> str:
        return f"{self.place}安全生产委员会{self.name}" if self.kind == "group" else self.office

    @property
    def has_units(self) -> bool:
        """Whether the territorial passages apply (a group may have departments only)."""
        return self.kind != "group" or bool(self.unit_codes)

    @property
    def title(self) -> str:
        return f"{self.label}安全生产大检查工作进展情况"

    @property
    def territory(self) -> str:
        """The territorial scope in a sentence: 全区 (全市), 曹镇乡, 马庄街道、九里山街道."""
        if self.kind in ("district", "city"):
            return self.name
        return scope_text(list(self.unit_names))

    @property
    def reporters(self) -> set[str] | None:
        """Reporters whose 自查报告 this briefing names; None = all."""
        if self.kind == "district":
            return None
        return set(self.unit_names) | set(self.departments)

    def unit_params(self) -> dict:
        return {"units": list(self.unit_codes), "industries": [], "departments": []}

    def department_params(self) -> dict:
        return {"units": [], "industries": [], "departments": list(self.departments)}


def district_scope(county: str | None = None) -> Scope:
    return Scope("district", "全区", county=county)


def city_scope() -> Scope:
    return Scope("city", "全市")


def county_code(text: str | None) -> str | None:
    """The county asked for (a code or a name: 410402, 新华区) as its code; None for none. Only a city instance
    has counties."""
    if text is None or not str(text).strip():
        return None
    here = district.current()
    if not here.is_city:
        raise BriefingError(f"本实例是{here.name}，不是市级实例：不能按区县生成简报。")
    found = resolve_county(str(text))
    if found is None:
        names = "、".join(c.name for c in district.counties())
        raise BriefingError(f"「{text}」不是{here.name}的区县。可选：{names}。")
    return found.code


def unit_scope(text: str) -> Scope:
    unit = rules.resolve_unit(text)
    if unit is None:
        names = "、".join(u.name for u in rules.units())
        raise BriefingError(f"「{text}」不是{district.current().name}的乡/街道。可选：{names}。")
    return Scope("unit", unit.name, (unit.code,), (unit.name,))


def group_scope(store: Store, principal: Principal, text: str) -> Scope:
    try:
        group = rules.parse_group(text)
    except rules.ValueRejected as exc:
        raise BriefingError(str(exc) + "。") from None
    check_access(principal, Scope("group", group))   # before its 分工 is read
    targets = access.run_scoped(store, principal, "group_targets", {"group": group})
    if not targets:
        raise BriefingError(f"{group}没有分工对象：请先在「数据导入」页面导入督导组分工表。")
    units = [t for t in targets if t["target_kind"] == "乡/街道" and t["unit_code"]]
    return Scope(
        "group", group,
        unit_codes=tuple(t["unit_code"] for t in units), unit_names=tuple(t["target"] for t in units),
        departments=tuple(t["target"] for t in targets if t["target_kind"] == "部门"),
        enterprises=tuple(t["target"] for t in targets if t["target_kind"] == "企业"))


def resolve_scope(store: Store, principal: Principal, group: str | None = None, unit: str | None = None,
                  county: str | None = None) -> Scope:
    """The scope asked for (neither group nor unit: the district), once the principal may brief it. In a city
    instance: the city (no county) or one county's district briefing; a county account always briefs its own."""
    if group and unit:
        raise BriefingError("督导组和乡/街道只能指定一个：不指定为全区简报。")
    code = county_code(county)
    if city.is_city():
        if group or unit:
            raise BriefingError("市级实例只生成全市简报或一个区县的简报（用区县选择），不按督导组或乡/街道生成。")
        if code is None and principal.role == "county":
            code = principal.county_code
        scope = district_scope(code) if code else city_scope()
        check_access(principal, scope)
        return scope
    if group:
        return group_scope(store, principal, group)
    scope = unit_scope(unit) if unit else district_scope()
    check_access(principal, scope)
    return scope


def check_access(principal: Principal, scope: Scope) -> None:
    """Raise BriefingError when the principal may not make this briefing."""
    if principal.role == "county":
        if scope.county is None or scope.county != principal.county_code:
            raise BriefingError(f"区县账号只能生成本区县（{principal.county or '—'}）的简报。")
        return
    if principal.role == "unit":
        if scope.kind != "unit" or not access.may_see_unit(principal, scope.unit_codes[0]):
            raise BriefingError(f"乡/街道账号只能生成本单位（{principal.unit or '—'}）的简报。")
    elif scope.kind == "group" and not access.may_brief_group(principal, scope.name):
        raise BriefingError(f"督导组账号只能生成本组（{principal.group or '—'}）的简报。")


@dataclass(frozen=True)
class Period:
    """Numbers are cumulative from the campaign start to as_of; the briefing period is [since, as_of] and
    the previous briefing's numbers are the same queries at previous = since - 1 day."""
    campaign_start: dt.date
    since: dt.date
    as_of: dt.date
    since_given: bool

    @property
    def previous(self) -> dt.date:
        return self.since - dt.timedelta(days=1)

    @property
    def has_previous(self) -> bool:
        return self.previous >= self.campaign_start

    @property
    def basis(self) -> str:
        """Which previous period the text compares with, in words."""
        if self.since_given:
            return f"上期指截至{cn_month_day(self.previous)}，即本期起始日前一日"
        return f"上期指截至{cn_month_day(self.previous)}，即本期截止日前7天"


def make_period(store: Store, as_of: dt.date | None = None, since: dt.date | None = None,
                county: str | None = None, principal: Principal | None = None) -> Period:
    """county (with the principal who asks): in a city instance, the county whose latest data date is the default
    as-of (None: the city's)."""
    campaign = load_campaign()
    if as_of is None and county and principal is not None:
        as_of = access.run_scoped(store, principal, "latest_data_date",
                                  {"today": dt.date.today(), city.COUNTY_PARAM: county})[0]["latest"]
    as_of = as_of or latest_data_date(store) or campaign.end
    if as_of < campaign.start:
        raise BriefingError(f"统计截止日{cn_date(as_of)}早于活动开始日{cn_date(campaign.start)}。")
    if since is not None and since > as_of:
        raise BriefingError(f"本期起始日{cn_date(since)}晚于统计截止日{cn_date(as_of)}。")
    if since is not None and since < campaign.start:
        since = campaign.start
    return Period(campaign.start, since or (as_of - dt.timedelta(days=6)), as_of, since is not None)


def default_issue_no(as_of: dt.date, campaign_start: dt.date | None = None) -> int:
    """Weekly numbering: the week of the campaign the as-of date falls in (第1期 = the first week)."""
    start = campaign_start or load_campaign().start
    return max(1, (as_of - start).days // 7 + 1)


def file_name(scope: Scope, issue_no: int, as_of: dt.date) -> str:
    return f"{scope.masthead}_第{issue_no}期_{scope.name}_{as_of:%Y%m%d}.docx"
