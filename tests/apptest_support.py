"""Helpers for running pages under streamlit.testing.v1.AppTest: open a page (with URL query parameters),
sign in through the login form, and make users. The database fixture they run on is `app_db` in conftest."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from safetyboard import auth

REPO = Path(__file__).resolve().parents[1]


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
