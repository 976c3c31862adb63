"""Users, passwords, lockout, sessions and the login guard of every page (safetyboard/auth.py, ui/frame.py)."""
import io
import json
import os
import stat
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from safetyboard import audit, auth, auth_cli
from safetyboard.store import get_store
from ui.navigation import PAGES, visible_pages

import apptest_support as support
from apptest_support import run_page as page

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse 9"


@pytest.fixture(autouse=True)
def fresh_throttle():
    auth.THROTTLE.reset()
    yield
    auth.THROTTLE.reset()


def user(name, role, password=PASSWORD, **extra) -> auth.User:
    return support.user(name, role, password, **extra)


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    return support.sign_in(at, name, password)


def write_users(path: Path, *users: auth.User) -> Path:
    return auth.save_users({u.name: u for u in users}, path)


@pytest.fixture()
def users_file(tmp_path, monkeypatch) -> Path:
    path = write_users(tmp_path / "users.toml",
                       user("admin", "admin", display_name="安委办"),
                       user("leader", "leader", display_name="区领导甲"),
                       user("g3", "group", group="三组"),
                       user("caozhen", "unit", unit="曹镇"))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(path))
    return path


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("title", "markdown", "caption", "info", "warning", "error", "success", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


# ---------------------------------------------------------------- passwords and the user file

def test_password_hash_is_salted_bcrypt_and_verifies():
    a, b = auth.hash_password(PASSWORD, rounds=4), auth.hash_password(PASSWORD, rounds=4)
    assert a != b and a.startswith("$2b$") and PASSWORD not in a
    assert auth.verify_password(PASSWORD, a) and not auth.verify_password("wrong password", a)
    assert not auth.verify_password(PASSWORD, "") and not auth.verify_password(PASSWORD, "not-a-hash")


def test_password_rules():
    with pytest.raises(auth.AuthError, match="至少需要8个字符"):
        auth.hash_password("short")
    with pytest.raises(auth.AuthError, match="密码过长"):
        auth.hash_password("长" * 30)   # 90 bytes: bcrypt would silently cut it
    assert not auth.verify_password("长" * 30, auth.hash_password("长" * 24, rounds=4))


def test_user_file_round_trip_is_private_and_canonical(tmp_path):
    path = write_users(tmp_path / "u.toml", user("张三", "unit", unit=" 曹镇乡人民政府 ", display_name='说"明'),
                       user("g", "group", group="督导三组", email="G@Example.gov.cn"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = auth.load_users(path)
    assert loaded["张三"].unit == "曹镇乡" and loaded["张三"].unit_code == "410411200000"
    assert loaded["张三"].display_name == '说"明'
    assert loaded["g"].group == "第三督导组" and loaded["g"].email == "g@example.gov.cn"
    assert auth.user_by_email(loaded, "g@EXAMPLE.gov.cn").name == "g"
    assert auth.user_by_email(loaded, "nobody@example.gov.cn") is None


@pytest.mark.parametrize("kwargs, message", [
    ({"role": "boss"}, "角色「boss」无效"),
    ({"role": "unit"}, "必须用 --unit"),
    ({"role": "unit", "unit": "湛南街道"}, "不是湛河区的乡/街道"),
    ({"role": "group"}, "必须用 --group"),
    ({"role": "group", "group": "第九组"}, "督导组「第九组」无效"),
    ({"role": "leader", "unit": "曹镇乡"}, "只有乡/街道账号"),
])
def test_invalid_users_are_refused_in_chinese(kwargs, message):
    with pytest.raises(auth.AuthError, match=message):
        auth.validate_user(auth.User("x", kwargs.pop("role"), **kwargs))


def test_a_broken_user_file_is_a_clear_message(tmp_path):
    path = tmp_path / "u.toml"
    path.write_text("[users.x\nrole = 1", encoding="utf-8")
    with pytest.raises(auth.AuthError, match="格式错误"):
        auth.load_users(path)


# ---------------------------------------------------------------- the users CLI

def run_cli(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = auth_cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_users_cli_add_list_passwd_remove(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SAFETYBOARD_BCRYPT_ROUNDS", "4")
    path = tmp_path / "users.toml"
    base = ["users", "--users", str(path)]
    code, out, _ = run_cli(monkeypatch, capsys, base + ["add", "czx", "--role", "unit", "--unit", "曹镇",
                                                        "--display-name", "曹镇乡安办", "--password-stdin"], "first-pass-1\n")
    assert code == 0 and "已添加用户「czx」" in out
    stored = auth.load_users(path)["czx"]
    assert stored.role == "unit" and stored.unit == "曹镇乡" and auth.verify_password("first-pass-1", stored.password_hash)
    assert "first-pass-1" not in path.read_text(encoding="utf-8")

    code, _, err = run_cli(monkeypatch, capsys, base + ["add", "czx", "--role", "admin", "--password-stdin"], "x" * 10 + "\n")
    assert code == 1 and "已存在" in err
    code, _, err = run_cli(monkeypatch, capsys, base + ["add", "g", "--role", "group", "--password-stdin"], "long-enough\n")
    assert code == 1 and "--group" in err
    code, _, err = run_cli(monkeypatch, capsys, base + ["add", "g", "--role", "group", "--group", "第二督导组",
                                                        "--password-stdin"], "short\n")
    assert code == 1 and "至少需要8个字符" in err and "g" not in auth.load_users(path)

    code, out, _ = run_cli(monkeypatch, capsys, base + ["list"])
    assert code == 0 and "czx\t乡/街道\t曹镇乡\t曹镇乡安办" in out and "$2b$" not in out

    code, out, _ = run_cli(monkeypatch, capsys, base + ["passwd", "czx", "--password-stdin"], "second-pass-2\n")
    assert code == 0
    assert auth.verify_password("second-pass-2", auth.load_users(path)["czx"].password_hash)
    code, _, err = run_cli(monkeypatch, capsys, base + ["passwd", "nobody", "--password-stdin"], "second-pass-2\n")
    assert code == 1 and "不存在" in err

    code, out, _ = run_cli(monkeypatch, capsys, base + ["remove", "czx"])
    assert code == 0 and auth.load_users(path) == {}
    code, out, _ = run_cli(monkeypatch, capsys, base + ["list"])
    assert "演示模式" in out


def test_users_cli_prompts_twice(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SAFETYBOARD_BCRYPT_ROUNDS", "4")
    answers = iter(["prompted-pass", "prompted-pass", "a-password", "another-one"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    path = tmp_path / "users.toml"
    assert auth_cli.main(["users", "--users", str(path), "add", "a", "--role", "leader"]) == 0
    assert auth.verify_password("prompted-pass", auth.load_users(path)["a"].password_hash)
    assert auth_cli.main(["users", "--users", str(path), "passwd", "a"]) == 1
    assert "不一致" in capsys.readouterr().err


def test_users_subcommand_registers_on_a_parser():
    import argparse
    parser = argparse.ArgumentParser()
    auth_cli.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["users", "add", "n", "--role", "unit", "--unit", "曹镇乡", "--password-stdin"])
    assert (args.command, args.users_command, args.role, args.unit) == ("users", "add", "unit", "曹镇乡")


# ---------------------------------------------------------------- authentication and lockout

def test_wrong_password_and_unknown_user_get_the_same_answer():
    users = {"a": user("a", "admin")}
    wrong = auth.authenticate("a", "not the password", users)
    unknown = auth.authenticate("nobody", "not the password", users)
    assert wrong.principal is None and unknown.principal is None
    assert wrong.message == unknown.message == "用户名或密码错误。"
    ok = auth.authenticate(" a ", PASSWORD, users)
    assert ok.principal.username == "a" and ok.principal.role == "admin"


def test_five_failures_in_ten_minutes_lock_the_username_for_ten_minutes():
    users = {"a": user("a", "admin")}
    throttle = auth.Throttle()
    t0 = 1_000_000.0
    for i in range(4):
        assert auth.authenticate("a", "bad-password", users, throttle, now=t0 + i * 60).message == "用户名或密码错误。"
    fifth = auth.authenticate("a", "bad-password", users, throttle, now=t0 + 240)
    assert "已被锁定10分钟" in fifth.message and fifth.reason == "now_locked"
    # Locked: even the right password is refused, with the same lock message.
    locked = auth.authenticate("a", PASSWORD, users, throttle, now=t0 + 300)
    assert locked.principal is None and "已被锁定" in locked.message and locked.reason == "locked"
    assert auth.authenticate("a", PASSWORD, users, throttle, now=t0 + 240 + 599).principal is None
    assert auth.authenticate("a", PASSWORD, users, throttle, now=t0 + 240 + 601).principal is not None


def test_failures_spread_over_more_than_ten_minutes_do_not_lock():
    users = {"a": user("a", "admin")}
    throttle = auth.Throttle()
    for i in range(8):
        assert auth.authenticate("a", "bad-password", users, throttle, now=1000.0 + i * 200).reason == "wrong_credentials"
    assert auth.authenticate("a", PASSWORD, users, throttle, now=1000.0 + 8 * 200).principal is not None


def test_unknown_usernames_lock_the_same_way_so_existence_is_not_revealed():
    users = {"a": user("a", "admin")}
    existing, missing = auth.Throttle(), auth.Throttle()
    answers_existing = [auth.authenticate("a", "bad-password", users, existing, now=10.0 + i).message for i in range(6)]
    answers_missing = [auth.authenticate("ghost", "bad-password", users, missing, now=10.0 + i).message for i in range(6)]
    assert answers_existing == answers_missing


def test_session_expiry_absolute_and_idle(monkeypatch):
    monkeypatch.delenv("SAFETYBOARD_SESSION_HOURS", raising=False)
    monkeypatch.delenv("SAFETYBOARD_IDLE_MINUTES", raising=False)
    start = 1_000_000.0
    assert auth.session_expired(start, start + 29 * 60, now=start + 30 * 60) is None
    assert "30分钟未操作" in auth.session_expired(start, start, now=start + 31 * 60)
    assert "8小时" in auth.session_expired(start, start + 8 * 3600, now=start + 8 * 3600 + 1)
    monkeypatch.setenv("SAFETYBOARD_SESSION_HOURS", "1")
    monkeypatch.setenv("SAFETYBOARD_IDLE_MINUTES", "5")
    assert "5分钟未操作" in auth.session_expired(start, start, now=start + 301)
    assert "1小时" in auth.session_expired(start, start + 3599, now=start + 3601)


def test_a_changed_or_removed_user_loses_the_session(tmp_path):
    users = {"a": user("a", "leader")}
    principal = auth.authenticate("a", PASSWORD, users).principal
    assert auth.current_user(principal, users) == principal
    reset = {"a": user("a", "leader", password="a new password")}
    assert auth.current_user(principal, reset) is None
    promoted = {"a": auth.User("a", "admin", users["a"].password_hash)}
    assert auth.current_user(principal, promoted) is None
    assert auth.current_user(principal, {}) is None


# ---------------------------------------------------------------- the guard on every page (AppTest)

def test_demo_mode_without_users_shows_the_banner(app_db, tmp_path, monkeypatch):
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "none.toml"))
    at = page("pages/overview.py", as_of="2022-10-31")
    assert any("演示模式" in w.value for w in at.warning)
    assert len(at.metric) > 0


@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_every_page_shows_only_the_login_form_before_sign_in(app_db, users_file, entry):
    at = page(entry.file, as_of="2022-10-31")
    assert [b.label for b in at.button] == ["登录"]
    assert [t.label for t in at.text_input] == ["用户名", "密码"]
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert "数据截至" not in texts(at) and not at.sidebar.multiselect


def test_sign_in_shows_the_page_and_records_the_login(app_db, users_file):
    at = sign_in(page("pages/overview.py", as_of="2022-10-31"), "leader")
    assert at.title[0].value == "总览" and len(at.metric) == 23
    assert any("区领导甲" in m.value for m in at.sidebar.markdown)
    assert not any("演示模式" in w.value for w in at.warning)
    logins = audit.entries(get_store(app_db), events=["login"]).to_pylist()
    assert [(e["username"], e["role"]) for e in logins] == [("leader", "leader")]


def test_failed_sign_in_says_so_and_is_audited_without_the_password(app_db, users_file):
    at = sign_in(page("pages/overview.py"), "leader", "a wrong password")
    assert [e.value for e in at.error] == ["用户名或密码错误。"] and not at.metric
    at = sign_in(page("pages/overview.py"), "no-such-user", "a wrong password")
    assert [e.value for e in at.error] == ["用户名或密码错误。"]
    failed = audit.entries(get_store(app_db), events=["login_failed"]).to_pylist()
    assert {e["username"] for e in failed} == {"leader", "no-such-user"}
    assert not any("a wrong password" in str(v) for e in failed for v in e.values())


def test_lockout_through_the_form(app_db, users_file):
    at = page("pages/overview.py")
    for _ in range(5):
        at = sign_in(at, "admin", "bad password!")
    assert "已被锁定10分钟" in at.error[0].value
    at = sign_in(at, "admin", PASSWORD)
    assert "已被锁定" in at.error[0].value and not at.metric


def test_logout_ends_the_session(app_db, users_file):
    at = sign_in(page("pages/overview.py", as_of="2022-10-31"), "admin")
    assert at.metric
    next(b for b in at.sidebar.button if b.label == "退出登录").click()
    at.run()
    assert [b.label for b in at.button] == ["登录"] and not at.metric
    events = [e["event"] for e in audit.entries(get_store(app_db)).to_pylist()]
    assert events[:2] == ["logout", "login"]


@pytest.mark.parametrize("field, age, message", [("last_seen", 31 * 60, "30分钟未操作"), ("started", 9 * 3600, "8小时")])
def test_expired_sessions_return_to_the_login_form(app_db, users_file, field, age, message):
    at = sign_in(page("pages/overview.py", as_of="2022-10-31"), "admin")
    session = at.session_state["sb_session"]
    session[field] = session[field] - age
    if field == "started":
        session["last_seen"] = session["last_seen"]
    at.session_state["sb_session"] = session
    at.run()
    assert not at.metric and any(message in i.value for i in at.info)
    assert audit.entries(get_store(app_db), events=["session_expired"]).num_rows == 1


def test_a_password_reset_ends_open_sessions(app_db, users_file):
    at = sign_in(page("pages/overview.py", as_of="2022-10-31"), "leader")
    users = dict(auth.load_users(users_file))
    users["leader"] = user("leader", "leader", password="a brand new one")
    auth.save_users(users, users_file)
    at.run()
    assert not at.metric and any("修改或删除" in i.value for i in at.info)


def test_roles_see_only_their_pages_in_navigation():
    assert {e.url_path for e in visible_pages("admin")} == {e.url_path for e in PAGES}
    for role in ("leader", "group", "unit"):
        listed = {e.url_path for e in visible_pages(role)}
        assert "import_data" not in listed and "audit_log" not in listed and "overview" in listed
    assert visible_pages(None) == ()


@pytest.mark.parametrize("name", ["leader", "g3", "caozhen"])
@pytest.mark.parametrize("file", ["pages/import_data.py", "pages/audit_log.py"])
def test_admin_pages_refuse_other_roles_opened_by_url(app_db, users_file, name, file):
    at = sign_in(page(file), name)
    assert len(at.error) == 1 and "无权打开" in at.error[0].value
    assert not at.dataframe and not at.get("file_uploader")
    denied = audit.entries(get_store(app_db), events=["access_denied"]).to_pylist()
    assert [(e["username"], e["target"]) for e in denied] == [(name, "数据导入" if "import" in file else "审计日志")]


def test_admin_opens_the_admin_pages(app_db, users_file):
    at = sign_in(page("pages/import_data.py"), "admin")
    assert at.title[0].value == "数据导入" and not at.error
    at = sign_in(page("pages/audit_log.py"), "admin")
    assert at.title[0].value == "审计日志" and not at.error


def test_oidc_button_only_with_an_auth_section(app_db, users_file):
    at = AppTest.from_file(str(REPO / "pages/overview.py"), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    at.run()
    assert "使用单位统一身份认证登录" in [b.label for b in at.button]
    plain = page("pages/overview.py")
    assert "使用单位统一身份认证登录" not in [b.label for b in plain.button]


def test_a_broken_user_file_closes_the_dashboard_with_a_message(app_db, tmp_path, monkeypatch):
    path = tmp_path / "broken.toml"
    path.write_text('[users.a]\nrole = "admin"\npassword_hash = "x', encoding="utf-8")
    monkeypatch.setenv("SAFETYBOARD_USERS", str(path))
    at = page("pages/overview.py", as_of="2022-10-31")
    assert len(at.error) == 1 and "用户配置文件" in at.error[0].value and "格式错误" in at.error[0].value
    assert not at.metric and not at.text_input and not any("演示模式" in w.value for w in at.warning)


def _query_after_expiry():
    import datetime as dt
    import time

    import streamlit as st

    from safetyboard import auth
    from safetyboard.metrics import Filters
    from safetyboard.store import get_store
    from ui import data

    who = auth.Principal("leader", "leader")
    st.session_state["sb_session"] = {"principal": who, "started": time.time() - 60,
                                      "last_seen": time.time() - 31 * 60, "via": "password"}
    data.query(get_store(), "hazard_summary", Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31)).params(), who)
    st.write("reached")


def test_queries_between_full_runs_stop_once_the_session_expired(app_db, users_file):
    """A fragment that reruns on its own (the meeting screen) does not pass the frame's guard again."""
    at = AppTest.from_function(_query_after_expiry, default_timeout=60).run()
    assert not at.exception
    assert any("登录已失效" in w.value and "30分钟未操作" in w.value for w in at.warning)
    assert "reached" not in [m.value for m in at.markdown]


def test_users_cli_oidc_only_user(tmp_path, monkeypatch, capsys):
    path = tmp_path / "users.toml"
    base = ["users", "--users", str(path), "add"]
    assert auth_cli.main(base + ["ld", "--role", "leader", "--no-password"]) == 1
    assert "--email" in capsys.readouterr().err
    assert auth_cli.main(base + ["ld", "--role", "leader", "--no-password", "--email", "LD@gov.example"]) == 0
    users = auth.load_users(path)
    assert users["ld"].password_hash == "" and auth.user_by_email(users, "ld@gov.example").name == "ld"
    assert auth.authenticate("ld", "", users, auth.Throttle()).principal is None     # no password login


AUTH_SECRETS = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
                "client_secret": "secret", "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}


@pytest.mark.parametrize("email, signed_in", [("Leader@Gov.Example", True), ("stranger@gov.example", False)])
def test_oidc_identity_maps_to_a_user_by_email(app_db, tmp_path, monkeypatch, email, signed_in):
    import ui.frame
    path = write_users(tmp_path / "users.toml", user("ld", "leader", email="leader@gov.example"))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(path))
    monkeypatch.setattr(ui.frame, "_oidc_identity", lambda: {"is_logged_in": True, "email": email})
    at = AppTest.from_file(str(REPO / "pages/overview.py"), default_timeout=60)
    at.secrets["auth"] = AUTH_SECRETS
    at.query_params["as_of"] = "2022-10-31"
    at.run()
    assert not at.exception
    if signed_in:
        assert len(at.metric) == 23
        entry = audit.entries(get_store(app_db), events=["login"]).to_pylist()[0]
        assert entry["username"] == "ld" and '"via": "oidc"' in entry["detail"]
    else:
        assert not at.metric
        assert any("统一身份认证账号「stranger@gov.example」尚未在本看板登记" in e.value for e in at.error)


def test_oidc_dependency_is_installed():
    # st.login needs Authlib (Streamlit's "auth" extra); it is pinned in requirements.txt.
    from streamlit.auth_util import is_authlib_installed
    assert is_authlib_installed()


# ---------------------------------------------------------------- a stranger cannot lock the admin out

def test_failures_from_another_client_do_not_lock_the_owner_out():
    users = {"admin": user("admin", "admin")}
    throttle = auth.Throttle()
    t0 = 1_000_000.0
    answers = [auth.authenticate("admin", "bad-password", users, throttle, now=t0 + i, client="10.0.0.66") for i in range(8)]
    assert answers[4].reason == "now_locked" and answers[7].reason == "locked"       # the stranger is locked out
    mine = auth.authenticate("admin", PASSWORD, users, throttle, now=t0 + 9, client="10.0.0.5")
    assert mine.principal is not None and mine.principal.username == "admin"


def test_the_answer_to_failures_of_one_username_slows_down_progressively_from_any_client():
    users = {"admin": user("admin", "admin")}
    throttle = auth.Throttle()
    # Failures 1-3 answer at once; then 0.5, 1, 2, 4, 8, 8 seconds (doubling, at most 8), whichever client fails.
    delays = [auth.authenticate("admin", "bad-password", users, throttle, now=100.0 + i, client=f"10.0.0.{i}").delay
              for i in range(9)]
    assert delays == [0, 0, 0, 0.5, 1, 2, 4, 8, 8]
    assert auth.authenticate("admin", PASSWORD, users, throttle, now=110.0, client="10.0.0.99").delay == 0


def test_one_client_trying_many_usernames_is_locked():
    users = {"admin": user("admin", "admin")}
    throttle = auth.Throttle()
    answers = [auth.authenticate(f"user{i}", "bad-password", users, throttle, now=100.0 + i, client="10.0.0.66")
               for i in range(20)]
    assert [a.reason for a in answers[:19]] == ["wrong_credentials"] * 19 and answers[19].reason == "client_locked"
    refused = auth.authenticate("admin", PASSWORD, users, throttle, now=130.0, client="10.0.0.66")
    assert refused.principal is None and "本机的登录已被锁定10分钟" in refused.message
    assert auth.authenticate("admin", PASSWORD, users, throttle, now=130.0, client="10.0.0.5").principal is not None


def test_lockout_and_delays_are_audited_with_the_client(app_db, users_file, monkeypatch):
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    at = page("pages/overview.py")
    for _ in range(5):
        at = sign_in(at, "admin", "bad password!")
    failed = audit.entries(get_store(app_db), events=["login_failed"]).to_pylist()
    details = [json.loads(e["detail"]) if isinstance(e["detail"], str) else e["detail"] for e in failed]
    assert sorted(d["reason"] for d in details) == ["now_locked"] + ["wrong_credentials"] * 4
    assert sorted(d.get("delay_seconds", 0) for d in details) == [0, 0, 0, 0.5, 1]
