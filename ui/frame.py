"""The frame every page starts with: page config, database, (login guard), shared filters, header.

Streamlit may run a pages/*.py file directly on the first request to a fresh server, without
dashboard.py, so each page calls setup() first and is then safe on its own."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from safetyboard import rules
from safetyboard.config import REPO_DIR, SAMPLE_DIR, default_db_path, load_campaign
from safetyboard.metrics import Filters
from safetyboard.store import Store, get_store

from . import data

APP_TITLE = "湛河区安全生产大检查数据看板"
ICON = REPO_DIR / "data" / "static" / "icon.png"
IMPORT_HELP = "README.md#导入真实台账"
PRESETS = ("全程", "自查自纠", "集中整治", "巩固提升", "回头看", "自定义")
_PHASE_KEYS = {"自查自纠": "self_check", "集中整治": "rectify", "巩固提升": "consolidate", "回头看": "recheck"}


@dataclass
class Page:
    store: Store
    filters: Filters
    latest: dt.date | None          # latest date in the data
    last_import: dt.datetime | None
    has_data: bool

    def params(self, **extra) -> dict:
        return {**self.filters.params(), **extra}

    def query(self, name: str, **extra) -> pd.DataFrame:
        return data.query(self.store, name, self.params(**extra))


def page_config() -> None:
    try:
        st.set_page_config(page_title=APP_TITLE, page_icon=str(ICON), layout="wide", initial_sidebar_state="expanded")
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
    return get_store(path)


def store() -> Store:
    return _open_store(str(default_db_path()))


def setup(title: str) -> Page:
    """Call first in every page file."""
    page_config()
    db = store()
    latest_rows = data.query(db, "latest_data_date", {"today": dt.date.today()})
    latest = _as_date(latest_rows["latest"].iloc[0]) if len(latest_rows) else None
    counts = data.query(db, "ledger_counts", {})
    has_data = bool(counts["rows"].sum())
    last_import = counts["last_import"].iloc[0] if has_data else None
    filters = sidebar_filters(db, latest)
    st.title(title)
    _header(filters, latest, last_import, has_data)
    return Page(db, filters, latest, None if pd.isna(last_import) else pd.Timestamp(last_import).to_pydatetime(), has_data)


def _as_date(value) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _header(filters: Filters, latest, last_import, has_data: bool) -> None:
    parts = [f"数据截至 {cn_date(filters.as_of)}", f"统计区间 {cn_date(filters.since)} 至 {cn_date(filters.as_of)}"]
    if last_import is not None and not pd.isna(last_import):
        ts = pd.Timestamp(last_import)
        parts.append(f"最近导入 {ts.year}年{ts.month}月{ts.day}日 {ts:%H:%M}")
    st.caption("　|　".join(parts))
    if not has_data:
        st.info(f"还没有导入任何台账。请按照 [导入说明]({IMPORT_HELP}) 导入各乡/街道和部门报送的台账，"
                "或运行 `python -m safetyboard demo` 建立演示数据。")


# ---------------------------------------------------------------- shared filters (in the URL)

def _qp_date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(st.query_params.get(name, ""))
    except ValueError:
        return None


def _qp_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [v for v in raw.split(",") if v] if raw else []


def sidebar_filters(db: Store, latest: dt.date | None) -> Filters:
    campaign = load_campaign()
    default_as_of = latest or campaign.end
    units = rules.units()
    code_to_name = {u.code: u.name for u in units}
    options = data.query(db, "filter_options", {})
    industries = options.loc[options["kind"] == "industry", "value"].tolist()
    departments = options.loc[options["kind"] == "department", "value"].tolist()

    state = st.session_state
    if "flt_ready" not in state:   # first run of this session: take the view from the URL
        preset = st.query_params.get("phase", "全程")
        state.flt_preset = preset if preset in PRESETS else "全程"
        state.flt_as_of = _qp_date("as_of") or default_as_of
        state.flt_since = _qp_date("since") or campaign.start
        state.flt_units = [code_to_name[c] for c in _qp_list("units") if c in code_to_name]
        state.flt_industries = [v for v in _qp_list("industries") if v in industries]
        state.flt_departments = [v for v in _qp_list("departments") if v in departments]
        state.flt_ready = True

    with st.sidebar:
        st.markdown(f"**{APP_TITLE}**")
        preset = st.selectbox("统计阶段", PRESETS, key="flt_preset")
        as_of = st.date_input("统计截止日", key="flt_as_of", min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
        if preset == "全程":
            since = campaign.start
        elif preset == "自定义":
            since = st.date_input("统计起始日", key="flt_since", min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
        else:
            phase = campaign.phase(_PHASE_KEYS[preset])
            since = phase.start
            st.caption(f"{phase.name}：{cn_date(phase.start)} 至 {cn_date(phase.end)}")
        if since > as_of:
            st.warning("统计起始日晚于截止日，已改为从活动开始日统计。")
            since = campaign.start
        unit_names = st.multiselect("乡/街道", [u.name for u in units], key="flt_units", placeholder="全部乡/街道")
        chosen_industries = st.multiselect("行业领域", industries, key="flt_industries", placeholder="全部行业")
        chosen_departments = st.multiselect("监管部门", departments, key="flt_departments", placeholder="全部部门")
    name_to_code = {u.name: u.code for u in units}
    filters = Filters(since=since, as_of=as_of, units=tuple(name_to_code[n] for n in unit_names),
                      industries=tuple(chosen_industries), departments=tuple(chosen_departments))
    _write_url(filters, preset, default_as_of)
    return filters


def _write_url(f: Filters, preset: str, default_as_of: dt.date) -> None:
    wanted = {
        "phase": preset if preset != "全程" else None,
        "as_of": f.as_of.isoformat() if f.as_of != default_as_of else None,
        "since": f.since.isoformat() if preset == "自定义" else None,
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
