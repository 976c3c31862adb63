"""The audit log: logins (successful and failed), logouts, imports, undos, exports and briefing
downloads: who, when, what, with which filters.

Append-only: this module only ever INSERTs into audit_log and has no function that changes or
removes an entry; nothing in the app can edit it. Entries never hold ledger cells (a reporter's
identity must appear in no log): the callers pass file names, titles, counts and filters."""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging

import duckdb
import pyarrow as pa

from .store import Store, run

log = logging.getLogger(__name__)

EVENTS: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "session_expired": "会话超时",
    "import": "导入台账",
    "undo": "撤销导入",
    "export": "导出表格",
    "briefing": "下载简报",
    "access_denied": "拒绝访问",
    "package_export": "导出区县数据包",
    "package_import": "导入区县数据包",
    "package_undo": "撤销区县数据包",
}
MAX_TEXT = 4000


def _json(value) -> str | None:
    if value is None:
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = dataclasses.asdict(value)
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=_default)
    return text[:MAX_TEXT]


def _default(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def record(store: Store, event: str, *, username: str | None, role: str | None = None, target: str | None = None,
           filters=None, detail: dict | None = None, client: str | None = None,
           at: dt.datetime | None = None) -> bool:
    """Append one entry. Returns False (and logs why) when the database cannot be written: an audit failure
    must not take the dashboard down for everyone."""
    if event not in EVENTS:
        raise ValueError(f"unknown audit event {event!r}")
    params = {"at": at or dt.datetime.now().replace(microsecond=0), "user": (username or "")[:200] or None,
              "role": role, "event": event, "target": (target or "")[:MAX_TEXT] or None,
              "filters": _json(filters), "detail": _json(detail), "client": client}
    try:
        cur = store.cursor()
        try:
            run(cur, "INSERT INTO audit_log (occurred_at, username, role, event, target, filters, detail, client) "
                     "VALUES ($at, $user, $role, $event, $target, $filters, $detail, $client)", params)
        finally:
            cur.close()
        return True
    except (duckdb.Error, OSError) as exc:
        log.error("audit entry not written (%s %s): %s", event, params["user"], str(exc).splitlines()[0][:200])
        return False


def record_for(store: Store, principal, event: str, **kwargs) -> bool:
    """record() for a signed-in principal (safetyboard.auth.Principal)."""
    return record(store, event, username=principal.username, role=principal.role, **kwargs)


def entries(store: Store, *, since: dt.date | None = None, until: dt.date | None = None,
            username: str | None = None, events: list[str] | None = None, limit: int = 10_000) -> pa.Table:
    """Entries newest first, filtered by date (inclusive), exact username and event kinds."""
    return store.query(
        """SELECT seq, occurred_at, username, role, event, target, filters, detail, client FROM audit_log
           WHERE ($since IS NULL OR occurred_at >= CAST($since AS DATE))
             AND ($until IS NULL OR occurred_at < CAST($until AS DATE) + INTERVAL 1 DAY)
             AND ($user IS NULL OR username = $user)
             AND (len($events) = 0 OR list_contains($events, event))
           ORDER BY seq DESC LIMIT $limit""",
        {"since": since, "until": until, "user": username or None, "events": list(events or []),
         "limit": int(limit)})


def usernames(store: Store) -> list[str]:
    return [r["username"] for r in store.query(
        "SELECT DISTINCT username FROM audit_log WHERE username IS NOT NULL ORDER BY username").to_pylist()]


def count(store: Store) -> int:
    return int(store.scalar("SELECT count(*) FROM audit_log") or 0)


_FILTER_LABELS = {"since": "起始日", "as_of": "截止日", "units": "乡/街道", "industries": "行业领域", "departments": "监管部门"}


# The detail of an entry in Chinese: keys the pages write (import, undo, briefing, notices, login) and their codes.
_DETAIL_LABELS = {
    "import_id": "批次", "forced_type": "指定台账类型", "sheets": "工作表", "sheet": "工作表", "status": "结果",
    "ledger_type": "台账类型", "rows": "总行数", "accepted": "接收", "rejected": "拒收", "skipped": "跳过",
    "replaced": "替换", "dropped_columns": "未导入的列", "removed": "删除", "restored": "恢复", "scope": "范围",
    "group": "督导组", "unit": "乡/街道", "as_of": "截止日", "since": "起始日", "issue_no": "期号", "notice": "文书",
    "to": "对象", "reason": "原因", "via": "方式", "delay_seconds": "等待秒数",
}
_DETAIL_VALUES = {"imported": "已导入", "failed": "失败", "already_imported": "此前已导入", "password": "密码",
                  "oidc": "统一身份认证"}


def _detail_value(key: str, value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict):
        return "（" + _detail_text(value) + "）"
    if isinstance(value, list):
        return "、".join(_detail_value(key, v) for v in value)
    if key in ("ledger_type", "forced_type"):
        from .ledgers.spec import LEDGER_TYPES
        return LEDGER_TYPES[value].label if value in LEDGER_TYPES else str(value)
    return _DETAIL_VALUES.get(value, str(value)) if isinstance(value, str) else str(value)


def _detail_text(value: dict) -> str:
    return "，".join(f"{_DETAIL_LABELS.get(k, k)}：{_detail_value(k, v)}" for k, v in value.items()
                    if v not in (None, [], ""))


def _stored_json(text: str | None):
    """(parsed, None) for a stored JSON column, or (None, what to show) when it is empty or not JSON."""
    if not text:
        return None, ""
    try:
        return json.loads(text), None
    except ValueError:
        return None, text


def describe_detail(text: str | None) -> str:
    """An entry's detail (JSON) in Chinese words for the audit log page, not raw JSON with English keys."""
    value, shown = _stored_json(text)
    if shown is not None:
        return shown
    return _detail_text(value) if isinstance(value, dict) else _detail_value("", value)


def describe_filters(text: str | None) -> str:
    """The filters of an entry in Chinese (乡/街道 by name), for the audit log page and its export."""
    value, shown = _stored_json(text)
    if shown is not None:
        return shown
    if not isinstance(value, dict):
        return str(value)
    from . import rules
    names = {u.code: u.name for u in rules.units()}
    parts = []
    for key, label in _FILTER_LABELS.items():
        v = value.get(key)
        if v in (None, [], ""):
            continue
        if key == "units":
            v = [names.get(c, c) for c in v]
        parts.append(f"{label}：{'、'.join(map(str, v)) if isinstance(v, list) else v}")
    parts += [f"{k}：{v}" for k, v in value.items() if k not in _FILTER_LABELS and v not in (None, [], "")]
    return "；".join(parts)
