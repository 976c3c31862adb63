"""Users, passwords, roles, failed-login lockout and session expiry (no Streamlit here).

Users live in a TOML file (default data/users.toml, env SAFETYBOARD_USERS; git-ignored) with salted
bcrypt hashes. With no users configured the dashboard runs in demo mode as an administrator.

    [users."zhangsan"]
    role = "unit"                 # admin | leader | group | unit
    display_name = "张三"
    unit = "曹镇乡"                # unit users: the canonical 乡/街道 name (its code is looked up)
    group = ""                    # group users: 第一督导组 … 第六督导组
    email = "zhangsan@example.gov.cn"   # optional: the st.login (OIDC) identity mapped to this user
    password_hash = "$2b$12$…"
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import bcrypt

from . import district, rules
from .config import DATA_DIR

ROLES: dict[str, str] = {"admin": "安委办管理员", "leader": "区领导", "group": "督导组", "unit": "乡/街道",
                         "county": "区县"}
# A city instance (district.toml scope = "city") has the same roles one level up; a county account reads its county only.
CITY_ROLE_LABELS: dict[str, str] = {"admin": "市安委办管理员", "leader": "市领导", "county": "区县账号"}
ALL_ROLES: frozenset[str] = frozenset(ROLES)

MIN_PASSWORD_CHARS = 8
MAX_PASSWORD_BYTES = 72            # bcrypt reads at most 72 bytes; longer passwords are refused, never cut
BCRYPT_ROUNDS = int(os.environ.get("SAFETYBOARD_BCRYPT_ROUNDS", 12))

# Failed logins, per client (the browser's address) and username: 5 failures within 10 minutes lock that
# username for that client for 10 minutes; 20 failures of one client over any usernames lock the client.
# Per username over all clients there is no lock (a stranger could keep the owner out) but a delay of the
# answer to each failure, doubling from the 4th failure up to 8 seconds.
MAX_FAILURES = 5
MAX_CLIENT_FAILURES = 20
FAILURE_WINDOW_SECONDS = 600
LOCK_SECONDS = 600
DELAY_AFTER = 3
MAX_DELAY_SECONDS = 8.0

WRONG_CREDENTIALS = "用户名或密码错误。"


class AuthError(Exception):
    """A user-file or user-management problem; str(self) is the Chinese message."""


def users_path() -> Path:
    return Path(os.environ.get("SAFETYBOARD_USERS", DATA_DIR / "users.toml"))


def session_limits() -> tuple[dt.timedelta, dt.timedelta]:
    """(absolute, idle) session lifetimes: env SAFETYBOARD_SESSION_HOURS (8) and SAFETYBOARD_IDLE_MINUTES (30)."""
    def number(name: str, default: float) -> float:
        try:
            value = float(os.environ.get(name, default))
        except ValueError:
            return default
        return value if value > 0 else default
    return (dt.timedelta(hours=number("SAFETYBOARD_SESSION_HOURS", 8)),
            dt.timedelta(minutes=number("SAFETYBOARD_IDLE_MINUTES", 30)))


# ---------------------------------------------------------------- users

@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str = ""
    display_name: str = ""
    group: str = ""
    unit: str = ""
    email: str = ""
    county: str = ""                  # a county account's county (name, as stored)

    @property
    def unit_code(self) -> str | None:
        unit = rules.resolve_unit(self.unit) if self.unit else None
        return unit.code if unit else None

    @property
    def county_code(self) -> str | None:
        found = resolve_county(self.county) if self.county else None
        return found.code if found else None

    @property
    def stamp(self) -> str:
        """Changes when the password or role changes: a session opened before that ends."""
        text = "|".join((self.password_hash, self.role, self.group, self.unit, self.email, self.county))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Principal:
    """Who is signed in: what access.py scopes every query by."""
    username: str
    role: str
    display_name: str = ""
    group: str | None = None
    unit_code: str | None = None
    unit: str | None = None
    email: str | None = None
    demo: bool = False
    stamp: str = ""
    county_code: str | None = None
    county: str | None = None

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def label(self) -> str:
        name = self.display_name or self.username
        where = self.group or self.unit or self.county
        return f"{name}（{self.role_label}{'·' + where if where else ''}）"


DEMO_PRINCIPAL = Principal("demo", "admin", "演示用户", demo=True)
# No users, and real ledgers in the database: everyone reads district-wide (a leader's view), nobody changes anything.
READ_ONLY_PRINCIPAL = Principal("visitor", "leader", "访客（只读）", demo=True)
# Whoever runs the command line on the machine holding the database sees the whole district (briefings, notices).
LOCAL_ADMIN = Principal("local", "admin", "本机管理员（命令行）")
FIRST_ADMIN_COMMAND = "python -m safetyboard users add <用户名> --role admin"


def role_label(role: str) -> str:
    if district.current().is_city and role in CITY_ROLE_LABELS:
        return CITY_ROLE_LABELS[role]
    return ROLES.get(role, role)


def resolve_county(text: str) -> district.County | None:
    """A county of the city by code (410402) or name (新华区)."""
    text = text.strip()
    return next((c for c in district.counties() if text in (c.code, c.name)), None)


def principal_of(user: User) -> Principal:
    return Principal(user.name, user.role, user.display_name or user.name, user.group or None, user.unit_code,
                     user.unit or None, user.email or None, stamp=user.stamp, county_code=user.county_code,
                     county=user.county or None)


def validate_user(user: User) -> User:
    """A user as stored: role known, group/unit canonical; raises AuthError with the reason."""
    name = user.name.strip()
    if not name or any(c in name for c in "\"\\\n\r\t") or len(name) > 64:
        raise AuthError(f"用户名「{user.name}」无效：不能为空、不超过64个字符、不含引号、反斜杠或换行。")
    if user.role not in ROLES:
        raise AuthError(f"角色「{user.role}」无效，应为：{'、'.join(f'{k}（{v}）' for k, v in ROLES.items())}。")
    group, unit = user.group.strip(), user.unit.strip()
    if user.role == "group":
        if not group:
            raise AuthError("督导组账号必须用 --group 指定所属督导组，例如 --group 第三督导组。")
        try:
            group = rules.parse_group(group)
        except rules.ValueRejected:
            raise AuthError(f"督导组「{user.group}」无效，应为：{'、'.join(rules.GROUPS)}。") from None
    elif group:
        raise AuthError("只有督导组账号（--role group）才能指定 --group。")
    if user.role == "unit":
        if not unit:
            raise AuthError("乡/街道账号必须用 --unit 指定所属乡/街道，例如 --unit 曹镇乡。")
        resolved = rules.resolve_unit(unit)
        if resolved is None:
            raise AuthError(f"「{user.unit}」不是{district.current().name}的乡/街道，应为：{'、'.join(u.name for u in rules.units())}。")
        unit = resolved.name
    elif unit:
        raise AuthError("只有乡/街道账号（--role unit）才能指定 --unit。")
    county = user.county.strip()
    if user.role == "county":
        here = district.current()
        if not here.is_city:
            raise AuthError(f"区县账号（--role county）只用于市级实例；本实例是{here.name}。")
        found = resolve_county(county) if county else None
        if found is None:
            raise AuthError(f"区县账号必须用 --county 指定{here.name}的区县，例如 --county 新华区；应为："
                            f"{'、'.join(c.name for c in district.counties())}。")
        county = found.name
    elif county:
        raise AuthError("只有区县账号（--role county）才能指定 --county。")
    return User(name, user.role, user.password_hash, user.display_name.strip(), group, unit, user.email.strip().lower(),
                county)


_cache: dict[Path, tuple[tuple, dict[str, User]]] = {}
_cache_lock = threading.Lock()


def load_users(path: Path | None = None) -> dict[str, User]:
    """All users of the file (empty when it does not exist); re-read when the file changes."""
    path = Path(path or users_path())
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise AuthError(f"无法读取用户配置文件「{path}」：{exc.strerror}。") from None
    signature = (st.st_mtime_ns, st.st_size, st.st_ino)
    with _cache_lock:
        hit = _cache.get(path)
        if hit and hit[0] == signature:
            return hit[1]
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise AuthError(f"用户配置文件「{path}」格式错误，无法读取：{exc}。") from None
    users: dict[str, User] = {}
    for name, entry in (raw.get("users") or {}).items():
        if not isinstance(entry, dict):
            continue
        users[name] = User(name, str(entry.get("role", "")), str(entry.get("password_hash", "")),
                           str(entry.get("display_name", "")), str(entry.get("group", "")),
                           str(entry.get("unit", "")), str(entry.get("email", "")).strip().lower(),
                           str(entry.get("county", "")))
    with _cache_lock:
        _cache[path] = (signature, users)
    return users


def _toml_string(value: str) -> str:
    # JSON string escapes (\" \\ \n \uXXXX) are valid TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def save_users(users: dict[str, User], path: Path | None = None) -> Path:
    """Write the whole file atomically, readable by its owner only."""
    path = Path(path or users_path())
    lines = ["# safetyboard users: managed by `python -m safetyboard users` (bcrypt password hashes).", ""]
    for name in sorted(users):
        u = users[name]
        lines.append(f"[users.{_toml_string(name)}]")
        for key in ("role", "display_name", "group", "unit", "county", "email", "password_hash"):
            if key != "county" or u.county:
                lines.append(f"{key} = {_toml_string(getattr(u, key))}")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)
    return path


def user_by_email(users: dict[str, User], email: str | None) -> User | None:
    wanted = (email or "").strip().lower()
    if not wanted:
        return None
    return next((u for u in users.values() if u.email and u.email == wanted), None)


# ---------------------------------------------------------------- passwords

def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise AuthError(f"密码至少需要{MIN_PASSWORD_CHARS}个字符。")
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        raise AuthError(f"密码过长（超过{MAX_PASSWORD_BYTES}字节，约24个汉字或72个英文字符）。")


def hash_password(password: str, rounds: int | None = None) -> str:
    check_new_password(password)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds or BCRYPT_ROUNDS)).decode("ascii")


def verify_password(password: str, password_hash: str) -> bool:
    data = password.encode("utf-8")
    if not password_hash or len(data) > MAX_PASSWORD_BYTES:
        return False
    try:
        return bcrypt.checkpw(data, password_hash.encode("ascii"))
    except (ValueError, UnicodeEncodeError):
        return False


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Checked against when the username does not exist, so a reply takes as long either way."""
    return bcrypt.hashpw(b"no such user", bcrypt.gensalt(BCRYPT_ROUNDS)).decode("ascii")


# ---------------------------------------------------------------- failed logins

def _key(username: str) -> str:
    return rules.fold(username or "").casefold()


def _pair(client: str | None, username: str) -> str:
    return f"{client or '?'}\n{_key(username)}"


@dataclass
class Throttle:
    """Failed logins (process-wide): every username, existing or not, is treated alike. Locks are per
    client and username (and per client over all usernames); per username there is only a delay, so
    failures from elsewhere never keep a user out of their own machine."""
    max_failures: int = MAX_FAILURES
    max_client_failures: int = MAX_CLIENT_FAILURES
    window: float = FAILURE_WINDOW_SECONDS
    lock: float = LOCK_SECONDS
    _failures: dict[str, list[float]] = field(default_factory=dict)      # pair, "client:<addr>", "user:<name>"
    _locked_until: dict[str, float] = field(default_factory=dict)        # pair or "client:<addr>"
    _mutex: threading.Lock = field(default_factory=threading.Lock)

    def locked_until(self, username: str, now: float | None = None, client: str | None = None) -> tuple[float, str] | None:
        """(until, "pair" | "client") while this client may not try this username, else None."""
        now = time.time() if now is None else now
        with self._mutex:
            for key, kind in ((f"client:{client or '?'}", "client"), (_pair(client, username), "pair")):
                until = self._locked_until.get(key)
                if until is not None and until <= now:
                    del self._locked_until[key]
                elif until is not None:
                    return until, kind
            return None

    def _count(self, key: str, now: float, keep: int) -> int:
        recent = [t for t in self._failures.get(key, []) if t > now - self.window] + [now]
        self._failures[key] = recent[-keep:]
        return len(recent)

    def failed(self, username: str, now: float | None = None, client: str | None = None) -> str | None:
        """Record a failure; "pair" or "client" when this failure locks, else None."""
        now = time.time() if now is None else now
        pair, by_client = _pair(client, username), f"client:{client or '?'}"
        with self._mutex:
            self._count(f"user:{_key(username)}", now, 64)
            locked = None
            if self._count(by_client, now, self.max_client_failures) >= self.max_client_failures:
                self._locked_until[by_client] = now + self.lock
                self._failures.pop(by_client, None)
                locked = "client"
            if self._count(pair, now, self.max_failures) >= self.max_failures:
                self._locked_until[pair] = now + self.lock
                self._failures.pop(pair, None)
                locked = locked or "pair"
            return locked

    def delay(self, username: str, now: float | None = None) -> float:
        """Seconds to hold the answer to a failure of this username (failures from every client count)."""
        now = time.time() if now is None else now
        with self._mutex:
            recent = [t for t in self._failures.get(f"user:{_key(username)}", []) if t > now - self.window]
        if len(recent) <= DELAY_AFTER:
            return 0.0
        return min(MAX_DELAY_SECONDS, 0.5 * 2 ** (len(recent) - DELAY_AFTER - 1))

    def succeeded(self, username: str, client: str | None = None) -> None:
        with self._mutex:
            self._failures.pop(_pair(client, username), None)

    def reset(self) -> None:
        with self._mutex:
            self._failures.clear()
            self._locked_until.clear()


THROTTLE = Throttle()


@dataclass(frozen=True)
class LoginResult:
    principal: Principal | None
    message: str | None = None         # Chinese, for the login form
    event: str = "login"               # login | login_failed (for the audit log)
    reason: str | None = None          # wrong_credentials | locked | now_locked | client_locked (audit, never shown)
    delay: float = 0.0                 # seconds the form holds the answer (failures of this username anywhere)


def locked_message(until: float, kind: str = "pair") -> str:
    when = dt.datetime.fromtimestamp(until).strftime("%H:%M")
    minutes = LOCK_SECONDS // 60
    who = "本机的登录" if kind == "client" else "该账号在本机的登录"
    return (f"登录失败次数过多，{who}已被锁定{minutes}分钟，请于{when}后再试。"
            "如忘记密码，请联系区安委办管理员重置。")


def authenticate(username: str, password: str, users: dict[str, User] | None = None,
                 throttle: Throttle = THROTTLE, now: float | None = None, client: str | None = None) -> LoginResult:
    """Check a username and password from a client (its address). The reply never tells whether the
    username exists."""
    users = load_users() if users is None else users
    now = time.time() if now is None else now
    username = (username or "").strip()
    locked = throttle.locked_until(username, now, client)
    if locked is not None:
        until, kind = locked
        return LoginResult(None, locked_message(until, kind), "login_failed", "client_locked" if kind == "client" else "locked")
    user = users.get(username)
    ok = verify_password(password or "", user.password_hash if user else _dummy_hash()) and user is not None
    if ok and user.role in ROLES:
        throttle.succeeded(username, client)
        return LoginResult(principal_of(user))
    now_locked = throttle.failed(username, now, client)
    delay = throttle.delay(username, now)
    if now_locked:
        return LoginResult(None, locked_message(now + throttle.lock, now_locked), "login_failed",
                           "client_locked" if now_locked == "client" else "now_locked", delay)
    return LoginResult(None, WRONG_CREDENTIALS, "login_failed", "wrong_credentials", delay)


def session_expired(started: float, last_seen: float, now: float | None = None) -> str | None:
    """Why a session has ended (Chinese), or None while it is valid."""
    now = time.time() if now is None else now
    absolute, idle = session_limits()
    if now - started > absolute.total_seconds():
        return f"登录已超过{_span(absolute)}，请重新登录。"
    if now - last_seen > idle.total_seconds():
        return f"已超过{_span(idle)}未操作，请重新登录。"
    return None


def _span(delta: dt.timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def current_user(principal: Principal, users: dict[str, User] | None = None) -> Principal | None:
    """The principal again from the current user file: None when the user was removed or changed since."""
    if principal.demo:
        return principal
    users = load_users() if users is None else users
    user = users.get(principal.username)
    if user is None or user.stamp != principal.stamp or user.role not in ROLES:
        return None
    return principal_of(user)
