"""Helpers for running pages under streamlit.testing.v1.AppTest: open a page (with URL query parameters),
sign in through the login form, make users, and read what a page shows (tiles, tables, texts). The database
fixture they run on is `app_db` in conftest; the page-running fixtures (`run_page`, `open_page`) are there too."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from streamlit.testing.v1 import AppTest

from safetyboard import auth
from ui import widgets

REPO = Path(__file__).resolve().parents[1]
# The password of every account use_user makes.
PASSWORD = "unit password 1"


def run_page(file: str, timeout: int = 60, **query) -> AppTest:
    """Run a page file (relative to the repository) once, with URL query parameters; no exception allowed."""
    at = AppTest.from_file(str(REPO / file), default_timeout=timeout)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    """Fill in and submit the login form of a page run that shows it."""
    inputs = {t.label: t for t in at.text_input}
    inputs["用户名"].input(name)
    inputs["密码"].input(password)
    next(b for b in at.button if b.label == "登录").click()
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def user(name: str, role: str, password: str, **extra) -> auth.User:
    """A valid user with a cheap bcrypt hash."""
    return auth.validate_user(auth.User(name, role, auth.hash_password(password, rounds=4), **extra))


def use_users(monkeypatch, path: Path, *users: auth.User) -> Path:
    """Write a users file and point the app at it."""
    saved = auth.save_users({u.name: u for u in users}, path)
    monkeypatch.setenv("SAFETYBOARD_USERS", str(saved))
    return saved


def use_user(monkeypatch, tmp_path, username: str, role: str, **where) -> None:
    """Configure one user (password PASSWORD) as the only account, e.g. use_user(..., "cz", "unit", unit="曹镇")."""
    users = {username: auth.validate_user(auth.User(username, role, auth.hash_password(PASSWORD, rounds=4), **where))}
    monkeypatch.setenv("SAFETYBOARD_USERS", str(auth.save_users(users, tmp_path / "users.toml")))
    auth.THROTTLE.reset()


def open_signed_in(file: str, username: str, timeout: int = 60, **query) -> AppTest:
    """Run a page file with URL query parameters, sign in through its login form, run it again."""
    at = AppTest.from_file(str(REPO / file), default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    inputs = {t.label: t for t in at.text_input}
    inputs["用户名"].input(username)
    inputs["密码"].input(PASSWORD)
    next(b for b in at.button if b.label == "登录").click()
    at.run()
    return at


# The 本期 / 截至A suffix every tile carries (checked whole by the overview and reporting page tests).
_KIND_SUFFIX = re.compile(r"（(本期|截至\d+月\d+日)）$")


def metrics(at: AppTest) -> list[tuple[str, str]]:
    """Tiles by label without the 本期 / 截至A suffix (test_reporting_labels checks it whole)."""
    return [(_KIND_SUFFIX.sub("", m.label), m.value) for m in at.metric]


def metric(at: AppTest, label: str) -> str:
    values = [v for k, v in metrics(at) if k == label]
    assert len(values) == 1, (label, metrics(at))
    return values[0]


def tiles(at: AppTest) -> dict[str, tuple[str, str | None]]:
    """Tiles by their label without the 本期 / 截至A suffix: (value, delta)."""
    return {_KIND_SUFFIX.sub("", m.label): (m.value, m.delta) for m in at.metric}


def show_tab(at: AppTest, key: str, label: str) -> AppTest:
    """Choose a tab of a ui.widgets.lazy_tabs group (a hidden tab is not drawn) and run the page again."""
    at.session_state[widgets.LAZY_TABS_KEY + key] = label
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def show_chart_data(at: AppTest) -> AppTest:
    """Open the 数据 tab of every chart (ui.widgets.chart) and run the page again: the tables, not the charts."""
    state = at.session_state
    groups = [k for k in state._state.filtered_state if k.startswith(widgets.LAZY_TABS_KEY) and state[k] == "图表"]
    for key in groups:
        state[key] = "数据"
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _frames(at: AppTest, wanted) -> list[pd.DataFrame]:
    """The tables shown that `wanted` accepts; if none, the charts' 数据 tabs are opened first."""
    found = [d.value for d in at.dataframe if wanted(d.value)]
    return found or [d.value for d in show_chart_data(at).dataframe if wanted(d.value)]


def frame_with(at: AppTest, *columns: str):
    """The first table on the page that has all these columns (behind a chart's 数据 tab if need be)."""
    found = _frames(at, lambda df: set(columns) <= set(df.columns))
    if not found:
        raise AssertionError(f"no table with columns {columns}")
    return found[0]


def nth_frame_with(at: AppTest, column: str, index: int = 0) -> pd.DataFrame:
    """The index-th table that has the given (Chinese) column (behind a chart's 数据 tab if need be)."""
    return _frames(at, lambda df: column in df.columns)[index]


def texts(elements) -> str:
    return "\n".join(e.value for e in elements)
