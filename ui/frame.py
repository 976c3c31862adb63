"""The frame every page starts with: page config, database, login guard, role check, shared filters, header.

Streamlit may run a pages/*.py file directly on the first request to a fresh server, without
dashboard.py, so each page calls setup() first and is then safe on its own: nothing is queried
before the visitor is signed in and allowed to open the page."""
from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from safetyboard import access, audit, auth, city, district, rules
from safetyboard.auth import Principal
from safetyboard.config import REPO_DIR, SAMPLE_DIR, Campaign, Phase, default_db_path, load_campaign
from safetyboard.demo_db import demo_forced, holds_only_demo_data
from safetyboard.formatting import cn_date, cn_datetime, cn_month_day, escape_markdown
from safetyboard.metrics import Filters
from safetyboard.store import Store, get_store

from . import data, widgets, zh_ui
from .navigation import ADMIN_ONLY, entry_for, entry_titled, visible_pages

ICON = REPO_DIR / "data" / "static" / "icon.png"
IMPORT_HELP = "README.md#导入真实台账"
WHOLE, CUSTOM = "全程", "自定义"    # the 统计阶段 choices of the UI's own; the phases between come from campaign.toml

SESSION_KEY = data.SESSION_KEY      # {"principal", "started", "last_seen", "via": "password" | "oidc"}
NOTICE_KEY = "sb_login_notice"      # why the last session ended, shown above the login form
DEMO_BANNER = ("演示模式：尚未配置任何用户，所有访问者都以安委办管理员身份使用本看板。"
               "正式使用前请用 `python -m safetyboard users add` 添加用户。")
READ_ONLY_BANNER = ("尚未配置任何用户，而数据库中已有正式导入的台账：本看板暂以只读方式开放（全区视图），"
                    "导入、撤销和审计日志不可用。请在服务器上运行 "
                    f"`{auth.FIRST_ADMIN_COMMAND}` 添加第一个管理员，然后登录。")


# The queries/ files this module runs for the pages (tests/test_query_usage.py holds it to this list).
QUERIES = ("county_packages", "filter_options", "latest_data_date", "ledger_counts", "unit_options")


def app_title(scope_name: str | None = None) -> str:
    """The masthead: the instance's name (data/district.toml), or in a city instance the selected county's."""
    return f"{scope_name or district.current().name}安全生产大检查数据看板"


@dataclass
class Page:
    store: Store
    filters: Filters
    latest: dt.date | None          # latest date in the data
    last_import: dt.datetime | None
    has_data: bool
    principal: Principal
    unit_names: dict[str, str] = field(default_factory=dict)   # code -> name of the 乡/街道 the filter offers
    scope_name: str = ""            # whose data the page shows: the instance, or in a city the selected county

    @property
    def is_city(self) -> bool:
        return city.is_city()

    def params(self, **extra) -> dict:
        return {**self.filters.params(), **extra}

    def query(self, name: str, **extra) -> pd.DataFrame:
        return data.query(self.store, name, self.params(**extra), self.principal)

    def district_query(self, name: str, **extra) -> pd.DataFrame:
        """A query the sidebar's 乡/街道 filter does not narrow (views organised by 督导组 or by reporting
        unit, where departments' rows matter as much as units'); a 乡/街道 account still gets only its own
        unit's rows, because the data layer narrows every query for it."""
        return self.query(name, **{**extra, "units": []})

    @property
    def own_unit_only(self) -> bool:
        """A 乡/街道 account: everything it sees is narrowed to its own unit."""
        return self.principal.role == "unit"

    def can(self, name: str) -> bool:
        """Whether the signed-in principal may run a query (a page can leave out what it may not)."""
        return access.may_run(self.principal, name)


def page_config() -> None:
    from .server_guard import install
    install()   # a page run directly (no dashboard.py) installs the guard too
    try:
        st.set_page_config(page_title=app_title(), page_icon=str(ICON), layout="wide", initial_sidebar_state="auto")
    except st.errors.StreamlitAPIException:
        pass  # already set by dashboard.py in this run


@st.cache_resource(show_spinner=False)
def _open_store(db_path: str) -> Store:
    path = Path(db_path)
    if not path.exists() and path.resolve() == default_db_path().resolve():
        # First start: build the demo database from the bundled sample ledgers, through the import path.
        from safetyboard.demo_db import build_demo_database
        with st.spinner("首次启动：正在用示例台账建立演示数据库……"):
            build_demo_database(path, SAMPLE_DIR)
    store = get_store(path)
    from safetyboard.ledgers.upload import purge_orphans
    purge_orphans()   # copies of uploads left by a process that was killed mid-import
    # The CLI reaches a running dashboard through its control worker (imports, backups, health).
    from safetyboard.control import start_worker
    from safetyboard.logs import setup_logging
    setup_logging()
    start_worker(store)
    return store


def store() -> Store:
    db = _open_store(str(default_db_path()))
    from safetyboard.control import start_worker
    start_worker(db)   # cheap when alive; replaces a worker that died
    return db


# ---------------------------------------------------------------- sign-in

def oidc_configured() -> bool:
    """st.login is offered when .streamlit/secrets.toml has an [auth] section."""
    try:
        return "auth" in st.secrets
    except Exception:   # no secrets file at all
        return False


def _oidc_identity() -> dict | None:
    """The claims of a visitor signed in through st.login, else None."""
    try:
        claims = st.user.to_dict()
    except Exception:
        return None
    return claims if claims.get("is_logged_in") else None


def _users() -> dict[str, auth.User]:
    try:
        return auth.load_users()
    except auth.AuthError as exc:
        # Fail closed: a broken user file must not open the dashboard to everyone.
        st.error(f"{exc} 请管理员检查该文件（可用 `python -m safetyboard users list` 查看）。")
        st.stop()


def _audit(db: Store, principal: Principal | None, event: str, *, username: str | None = None, **kwargs) -> None:
    audit.record(db, event, username=principal.username if principal else username,
                 role=principal.role if principal else None, client=data.client_address(), **kwargs)


def _end_session(db: Store, event: str, why: str | None = None) -> None:
    """Sign out: nothing of the session stays behind for the next person at this browser (filters, uploads)."""
    state = st.session_state
    session = state.get(SESSION_KEY)
    for key in list(state.keys()):
        try:
            del state[key]
        except Exception:
            pass
    if session:
        _audit(db, session["principal"], event, detail={"reason": why} if why else None)
    if why:
        state[NOTICE_KEY] = why
    if session and session.get("via") == "oidc":
        st.logout()


def current_principal(db: Store | None = None) -> Principal | None:
    """The principal of this session, checked on every run: the demo administrator when no users are
    configured; None when nobody is signed in or the session has just ended (expired, user removed or
    changed)."""
    users = _users()
    db = db or store()
    if not users:
        # Administrator for everyone only while nothing but the bundled demo data is held (or SAFETYBOARD_DEMO=1):
        # once real ledgers are in, an anonymous visitor must not import, undo or read the audit log.
        return auth.DEMO_PRINCIPAL if demo_forced() or holds_only_demo_data(db) else auth.READ_ONLY_PRINCIPAL
    state = st.session_state
    now = time.time()
    session = state.get(SESSION_KEY)
    if session is None and oidc_configured() and (identity := _oidc_identity()) is not None:
        user = auth.user_by_email(users, identity.get("email"))
        if user is None:
            state["sb_oidc_unknown"] = identity.get("email") or "（无邮箱）"
            return None
        principal = auth.principal_of(user)
        session = state[SESSION_KEY] = {"principal": principal, "started": now, "last_seen": now, "via": "oidc"}
        _audit(db, principal, "login", detail={"via": "oidc"})
    if session is None:
        return None
    why = auth.session_expired(session["started"], session["last_seen"], now)
    if why:
        _end_session(db, "session_expired", why)
        return None
    fresh = auth.current_user(session["principal"], users)
    if fresh is None:
        _end_session(db, "logout", "您的账号已被管理员修改或删除，请重新登录。")
        return None
    session["principal"], session["last_seen"] = fresh, now
    return fresh


def login_form(db: Store) -> None:
    """The sign-in form; stops the run (nothing else of the page is drawn)."""
    state = st.session_state
    st.title(app_title())
    st.subheader("登录")
    if notice := state.pop(NOTICE_KEY, None):
        st.info(escape_markdown(notice))
    if unknown := state.get("sb_oidc_unknown"):
        st.error(f"统一身份认证账号「{escape_markdown(unknown)}」尚未在本看板登记，请联系区安委办开通。")
        if st.button("退出统一身份认证"):
            state.pop("sb_oidc_unknown", None)
            st.logout()
    with st.form("sb_login", clear_on_submit=False, enter_to_submit=True):
        username = st.text_input("用户名", max_chars=64, autocomplete="username")
        password = st.text_input("密码", type="password", max_chars=128, autocomplete="current-password")
        submitted = st.form_submit_button("登录", type="primary")
    if submitted:
        client = data.client_address()
        result = auth.authenticate(username, password, client=client)
        if result.principal is not None:
            now = time.time()
            state[SESSION_KEY] = {"principal": result.principal, "started": now, "last_seen": now, "via": "password"}
            _audit(db, result.principal, "login", detail={"via": "password"})
            st.rerun()
        _audit(db, None, "login_failed", username=username.strip()[:64],
               detail={"reason": result.reason, **({"delay_seconds": result.delay} if result.delay else {})})
        if result.delay:   # failures of this username from any client slow each further wrong answer
            time.sleep(result.delay)
        st.error(escape_markdown(result.message))
    if oidc_configured():
        st.divider()
        if st.button("使用单位统一身份认证登录"):
            provider = os.environ.get("SAFETYBOARD_OIDC_PROVIDER")
            st.login(provider) if provider else st.login()
    st.caption("忘记密码或需要开通账号，请联系区安委办。")
    st.stop()


def _caller_file() -> str | None:
    """The page file that called setup() (Streamlit runs each page with its own __file__)."""
    frame = sys._getframe(2)
    return frame.f_globals.get("__file__")


def guard(db: Store, title: str, page_file: str | None = None) -> Principal:
    """Sign-in and role check of a page; stops the run when the visitor may not see it."""
    principal = current_principal(db)
    if principal is None:
        login_form(db)
    entry = (entry_for(page_file) if page_file else None) or entry_titled(title)
    roles = entry.roles if entry else ADMIN_ONLY    # a page not in the navigation: administrators only
    if principal.role not in roles:
        _audit(db, principal, "access_denied", target=title)
        if principal is auth.READ_ONLY_PRINCIPAL:
            st.error(f"「{title}」页面需要管理员账号。尚未配置任何用户，而数据库中已有正式导入的台账，"
                     f"因此本看板只读。请在服务器上运行 `{auth.FIRST_ADMIN_COMMAND}` 添加第一个管理员，然后登录。")
        else:
            st.error(f"您的账号（{principal.role_label}）无权打开「{title}」页面。")
        st.stop()
    st.session_state[data.PRINCIPAL_KEY] = principal
    return principal


def _user_box(db: Store, principal: Principal) -> None:
    with st.sidebar:
        if principal is auth.READ_ONLY_PRINCIPAL:
            st.markdown("**只读访问**（尚未配置用户）")
        elif principal.demo:
            st.markdown("**演示模式**（管理员）")
        else:
            st.markdown(f"当前用户：**{escape_markdown(principal.label)}**")
            if st.button("退出登录", key="sb_logout"):
                _end_session(db, "logout")
                st.rerun()
        _page_links(principal)


def _page_links(principal: Principal) -> None:
    """The navigation: only the pages this role may open. Streamlit's own page list is switched off
    (client.showSidebarNavigation = false): on a fresh server it would list every file in pages/."""
    section = None
    for entry in visible_pages(principal.role):
        if entry.section != section:
            section = entry.section
            st.markdown(f"**{section}**")
        try:
            st.page_link(entry.file, label=entry.title)
        except st.errors.StreamlitAPIException:
            return   # a page file run on its own outside the app's server (AppTest): no links to draw


def setup(title: str) -> Page:
    """Call first in every page file."""
    page_config()
    zh_ui.install()
    widgets.install_layout()
    db = store()
    principal = guard(db, title, _caller_file())
    if principal.demo:
        st.warning(READ_ONLY_BANNER if principal is auth.READ_ONLY_PRINCIPAL else DEMO_BANNER)
    _user_box(db, principal)
    data.begin_run(db)
    switched = _page_switched()
    county = county_filter(db, principal, switched)
    scope_name = _scope_name(county)
    latest_rows = data.query(db, "latest_data_date", {"today": dt.date.today(), city.COUNTY_PARAM: county}, principal)
    latest = _as_date(latest_rows["latest"].iloc[0]) if len(latest_rows) else None
    counts = data.query(db, "ledger_counts", {city.COUNTY_PARAM: county}, principal)
    has_data = bool(counts["rows"].sum())
    last_import = counts["last_import"].iloc[0] if has_data else None
    units = unit_options(db, principal, county)
    filters = sidebar_filters(db, latest, principal, county=county, units=units, switched=switched)
    st.title(f"{title}（{scope_name}）" if city.is_city() else title)
    _header(filters, latest, last_import, has_data, principal)
    if city.is_city():
        package_status(db, principal, filters)
    return Page(db, filters, latest, None if pd.isna(last_import) else pd.Timestamp(last_import).to_pydatetime(),
                has_data, principal, unit_names=dict(units), scope_name=scope_name)


def _as_date(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _header(filters: Filters, latest, last_import, has_data: bool, principal: Principal) -> None:
    # A city's own 数据截至 is each county's package (package_status): A here is the period's end.
    first = "统计截止日" if city.is_city() else "数据截至"
    parts = [f"{first} {cn_date(filters.as_of)}", f"统计区间 {cn_date(filters.since)} 至 {cn_date(filters.as_of)}"]
    if last_import is not None and not pd.isna(last_import):
        parts.append(f"最近导入 {cn_datetime(pd.Timestamp(last_import))}")
    st.caption("　|　".join(parts))
    if city.is_city():
        return   # a county without a package, or a city without any, is said by package_status
    if not has_data and principal.role == "unit":
        # ledger_counts is this unit's own: other units may have data, and this account cannot import.
        st.info(f"还没有本单位（{escape_markdown(principal.unit or '—')}）的台账数据。各乡/街道台账由区安委办统一导入，如有遗漏请联系区安委办。")
    elif not has_data:
        st.info(f"还没有导入任何台账。请按照 [导入说明]({IMPORT_HELP}) 导入各乡/街道和部门报送的台账，"
                "或运行 `python -m safetyboard demo` 建立演示数据。")


# ---------------------------------------------------------------- a city instance: which county, and its package

COUNTY_KEY = "flt_county"   # the 区县 selectbox: "" = 全市, else a county's 6-digit code
WHOLE_CITY = "全市"
NO_PACKAGE = "无数据"


def _scope_name(county: str | None) -> str:
    found = district.county(county) if county else None
    return found.name if found else district.current().name


def _packages(db: Store, principal: Principal, as_of: dt.date) -> pd.DataFrame:
    """county_packages as this principal may see it: a county account only its own county's row."""
    rows = data.query(db, "county_packages", {"as_of": as_of}, principal)
    if principal.role == "county":
        rows = rows[rows["code"] == principal.county_code]
    return rows.reset_index(drop=True)


def county_filter(db: Store, principal: Principal, switched: bool) -> str | None:
    """The 区县 filter of a city instance (None in a district): the county whose package every query of the page
    reads, or None for the whole city. Kept in the URL (county=410402) like the other filters. A county account
    has its own county fixed: no choice, a line saying which."""
    if not city.is_city():
        return None
    state = st.session_state
    requested = st.query_params.get("county", "")
    if principal.role == "county":
        own = principal.county_code
        if requested and requested != own and not state.get(COUNTY_KEY + "_told"):
            st.warning(f"区县账号只能查看本区县（{escape_markdown(principal.county or '—')}）的数据；网址中的区县已忽略。")
        state[COUNTY_KEY + "_told"] = True
        with st.sidebar:
            st.markdown(f"**{app_title(_scope_name(own))}**")
            st.markdown(f"区县：**{escape_markdown(principal.county or '—')}**（本区县）")
        return own
    # Which counties have sent a package does not depend on A: any date will do (one cache entry).
    packages = _packages(db, principal, load_campaign().end)
    labels = {"": WHOLE_CITY}
    for code, name, as_of in packages[["code", "name", "data_as_of"]].itertuples(index=False):
        labels[code] = name if _as_date(as_of) else f"{name}（{NO_PACKAGE}）"
    if COUNTY_KEY not in state:      # first run of this session: take it from the URL
        if requested and requested not in labels:
            st.warning(f"网址中的区县代码「{escape_markdown(requested[:20])}」不是{escape_markdown(district.current().name)}"
                       "的区县，已忽略，改为显示全市。")
        state[COUNTY_KEY] = requested if requested in labels else ""
    elif switched and state.get(KEPT_FILTERS, {}).get(COUNTY_KEY) in labels:
        state[COUNTY_KEY] = state[KEPT_FILTERS][COUNTY_KEY]
    elif state[COUNTY_KEY] not in labels:
        state[COUNTY_KEY] = ""
    with st.sidebar:
        st.markdown(f"**{app_title(_scope_name(state[COUNTY_KEY]))}**")
        chosen = st.selectbox("区县", list(labels), key=COUNTY_KEY, format_func=labels.get, on_change=_county_changed)
    return chosen or None


def _county_changed() -> None:
    """Another county's 乡/街道 are other units, even under the same name: the 乡/街道 filter starts again.
    (Streamlit itself drops the values of a multiselect that its new options lack, so 行业领域 and 监管部门 keep
    those the new county also has.)"""
    st.session_state["flt_units"] = []


def package_status(db: Store, principal: Principal, filters: Filters) -> None:
    """数据截至 of a city's data: the selected county's package date, or for the whole city the range of the
    counties' dates; a warning names the stale counties (数据滞后, metric_rules/city.sql is_stale_package) and the
    counties that have sent no package."""
    rows = _packages(db, principal, filters.as_of)
    if filters.county:
        rows = rows[rows["code"] == filters.county]
    sent = [(r.name, _as_date(r.data_as_of), r.days_behind, bool(r.stale)) for r in rows.itertuples(index=False)
            if _as_date(r.data_as_of)]
    unsent = [escape_markdown(n) for n, d in zip(rows["name"], rows["data_as_of"]) if not _as_date(d)]
    lagging = [f"{escape_markdown(name)}（截至{cn_month_day(as_of)}，落后{int(days)}天）"
               for name, as_of, days, stale in sent if stale]
    if filters.county:
        name = escape_markdown(_scope_name(filters.county))
        if sent:
            st.caption(f"{name}数据包：数据截至 {cn_date(sent[0][1])}")
        else:
            st.warning(f"{name}尚未报送数据包，本页没有{name}的数据。")
    elif sent:
        first, last = min(d for _, d, _, _ in sent), max(d for _, d, _, _ in sent)
        span = cn_date(first) if first == last else f"{cn_date(first)} 至 {cn_date(last)}"
        st.caption(f"各区县数据截至 {span}（{len(sent)}个区县已报送数据包，共{len(rows)}个区县）")
    else:
        st.info("还没有导入任何区县的数据包。请在「数据导入」页导入各区县报送的数据包。")
    problems = []
    if lagging:
        problems.append("数据滞后：" + "、".join(lagging))
    if unsent and not filters.county and sent:
        problems.append("未报送数据包：" + "、".join(unsent))
    if problems:
        st.warning("；".join(problems) + "。")


def unit_options(db: Store, principal: Principal, county: str | None) -> list[tuple[str, str]]:
    """(code, name) of the 乡/街道 the filter offers: a district's configured list; in a city the selected county's
    units (or every county's, named 新华区·焦店镇), read through the county's view."""
    if not city.is_city():
        return [(u.code, u.name) for u in rules.units()]
    rows = data.query(db, "unit_options", {city.COUNTY_PARAM: county}, principal)
    return list(zip(rows["code"], rows["name"]))


# ---------------------------------------------------------------- shared filters (in the URL)

# The date pickers' range: a date outside it in a shared link would stop every page with Streamlit's own error.
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
URL_DATE_LABELS = {"as_of": "统计截止日", "since": "统计起始日"}


def _qp_date(name: str) -> dt.date | None:
    """A date from the URL; one that is no date or outside the pickers' range is ignored with a notice."""
    raw = st.query_params.get(name, "")
    try:
        value = dt.date.fromisoformat(raw)
    except ValueError:
        value = None
    if value is not None and FIRST_DATE <= value <= LAST_DATE:
        return value
    if raw:
        st.warning(f"网址中的{URL_DATE_LABELS[name]}「{escape_markdown(raw[:40])}」不是{cn_date(FIRST_DATE)}至"
                   f"{cn_date(LAST_DATE)}之间的日期，已忽略，改用默认日期。")
    return None


def _qp_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [v for v in raw.split(",") if v] if raw else []


def presets(campaign: Campaign) -> tuple[str, ...]:
    """The 统计阶段 choices, which are also the URL's phase= values: the whole campaign, each phase of
    campaign.toml by its name, in the file's order, and a range of one's own."""
    return (WHOLE, *(p.name for p in campaign.phases), CUSTOM)


def phase_named(campaign: Campaign, name: str) -> Phase | None:
    return next((p for p in campaign.phases if p.name == name), None)


def sidebar_filters(db: Store, latest: dt.date | None, principal: Principal | None = None, *,
                    county: str | None = None, units: list[tuple[str, str]] | None = None,
                    switched: bool | None = None) -> Filters:
    """The shared filters below the 区县 (county_filter). units: the (code, name) the 乡/街道 filter offers
    (unit_options); switched: whether this run draws another page than the last (_page_switched)."""
    principal = principal or auth.DEMO_PRINCIPAL
    campaign = load_campaign()
    default_as_of = latest or campaign.end
    units = unit_options(db, principal, county) if units is None else units
    switched = _page_switched() if switched is None else switched
    code_to_name = dict(units)
    options = data.query(db, "filter_options", {city.COUNTY_PARAM: county}, principal)
    industries = options.loc[options["kind"] == "industry", "value"].tolist()
    departments = options.loc[options["kind"] == "department", "value"].tolist()
    own_unit = principal.role == "unit"

    state = st.session_state
    if "flt_ready" not in state:   # first run of this session: take the view from the URL
        preset = st.query_params.get("phase", WHOLE)
        state.flt_preset = preset if preset in presets(campaign) else WHOLE
        state.flt_as_of = _qp_date("as_of") or default_as_of
        state.flt_since = _qp_date("since") or campaign.start
        requested = [c for c in _qp_list("units") if c in code_to_name]
        if own_unit:
            # Kept as asked: the data layer turns a request for another unit into no rows.
            state.flt_unit_codes = _qp_list("units") or [principal.unit_code or access.NO_UNIT]
        else:
            if not requested and principal.role == "group" and "units" not in st.query_params:
                requested = access.group_default_units(db, principal.group)   # a default, not a limit
            state.flt_units = [code_to_name[c] for c in requested]
        state.flt_industries = [v for v in _qp_list("industries") if v in industries]
        state.flt_departments = [v for v in _qp_list("departments") if v in departments]
        state.flt_ready = True
    elif switched:
        _restore_filters({"flt_industries": industries, "flt_departments": departments,
                          "flt_units": list(code_to_name.values())})

    with st.sidebar:
        if not city.is_city():
            st.markdown(f"**{app_title()}**")    # a city's is drawn with the 区县 filter above
        preset = st.selectbox("统计阶段", presets(campaign), key="flt_preset")
        as_of = st.date_input("统计截止日", key="flt_as_of", min_value=FIRST_DATE, max_value=LAST_DATE)
        phase = phase_named(campaign, preset)
        if preset == CUSTOM:
            since = st.date_input("统计起始日", key="flt_since", min_value=FIRST_DATE, max_value=LAST_DATE)
        elif phase is None:
            since = campaign.start
        else:
            since = phase.start
            st.caption(f"{phase.name}：{cn_date(phase.start)} 至 {cn_date(phase.end)}")
        if since > as_of:
            st.warning("统计起始日晚于截止日，已改为从活动开始日统计。")
            since = campaign.start
        if own_unit:
            unit_codes = tuple(state.get("flt_unit_codes") or [principal.unit_code or access.NO_UNIT])
            st.markdown(f"乡/街道：**{escape_markdown(principal.unit or '—')}**（本单位）")
        else:
            unit_names = st.multiselect("乡/街道", list(code_to_name.values()), key="flt_units", placeholder="全部乡/街道")
            name_to_code = {name: code for code, name in units}
            unit_codes = tuple(name_to_code[n] for n in unit_names)
        chosen_industries = st.multiselect("行业领域", industries, key="flt_industries", placeholder="全部行业")
        chosen_departments = st.multiselect("监管部门", departments, key="flt_departments", placeholder="全部部门")
    others = [c for c in unit_codes if c != principal.unit_code] if own_unit else []
    if others and principal.unit_code in unit_codes:
        # The data layer keeps the own unit of such a request (access.scope_units): say what was left out.
        dropped = "、".join(escape_markdown(code_to_name.get(c, c)) for c in others)
        st.warning(f"乡/街道账号只能查看本单位（{escape_markdown(principal.unit)}）的数据；网址中的其他乡/街道"
                   f"（{dropped}）已忽略，下面只显示本单位的数据。")
    elif others:
        st.warning(f"乡/街道账号只能查看本单位（{escape_markdown(principal.unit)}）的数据；网址中指定了其他乡/街道，因此不显示任何数据。"
                   "去掉网址中的 units 参数即可查看本单位数据。")
    _remember_filters()
    filters = Filters(since=since, as_of=as_of, units=unit_codes,
                      industries=tuple(chosen_industries), departments=tuple(chosen_departments), county=county)
    _write_url(filters, preset, default_as_of)
    return filters


# The same widget on another page is another widget: after a page switch the new page's filter widgets start
# from their defaults, whatever the session state held under their keys. The values are kept under a key of
# their own and assigned again on the first run of each page. (persist_state="session" kept them under AppTest
# but not in the browser.)
FILTER_KEYS = ("flt_preset", "flt_as_of", "flt_since", "flt_units", "flt_industries", "flt_departments")
KEPT_FILTERS = "sb_filters"
FILTER_PAGE = "sb_filters_page"


def _page_switched() -> bool:
    """Whether this run draws another page than the last run of this session did."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    ctx = get_script_run_ctx()
    page = ctx.page_script_hash if ctx else None
    switched = st.session_state.get(FILTER_PAGE) != page
    st.session_state[FILTER_PAGE] = page
    return switched


def _remember_filters() -> None:
    state = st.session_state
    state[KEPT_FILTERS] = {k: state[k] for k in (*FILTER_KEYS, COUNTY_KEY) if k in state}


def _restore_filters(options: dict[str, list[str]]) -> None:
    """Assign the kept values to the filter widgets' keys before they are drawn (multiselect values still offered).
    The 区县 is drawn before the others and restored by county_filter."""
    state = st.session_state
    for key, value in state.get(KEPT_FILTERS, {}).items():
        if key not in FILTER_KEYS:
            continue
        if key in options:
            value = [v for v in value if v in options[key]]
        state[key] = value


def _write_url(f: Filters, preset: str, default_as_of: dt.date) -> None:
    wanted = {
        "county": f.county if city.is_city() else None,
        "phase": preset if preset != WHOLE else None,
        "as_of": f.as_of.isoformat() if f.as_of != default_as_of else None,
        "since": f.since.isoformat() if preset == CUSTOM else None,
        "units": ",".join(f.units) or None,
        "industries": ",".join(f.industries) or None,
        "departments": ",".join(f.departments) or None,
    }
    for key, value in wanted.items():
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != value:
            st.query_params[key] = value
