"""What the dashboard's control worker does on behalf of the CLI."""
from __future__ import annotations

from pathlib import Path

from .backup import backup
from .ledgers.importer import import_file
from .store import Store


def _import(store: Store, payload: dict) -> list[dict]:
    out = []
    for name in payload["files"]:
        out.extend(r.to_json() | {"rejected_rows": r.rejected_rows[:1000]}
                   for r in import_file(store, Path(name), forced_type=payload.get("type"), user=payload.get("user", "cli")))
    return out


def _backup(store: Store, payload: dict) -> str:
    return str(backup(store, Path(payload["dest"])))


def _stats(store: Store, payload: dict) -> dict:
    import datetime as dt

    from .metrics import default_filters, stats
    day = lambda key: dt.date.fromisoformat(payload[key]) if payload.get(key) else None   # noqa: E731
    return stats(store, default_filters(store, day("since"), day("as_of"), payload.get("county")))


def _briefing(store: Store, payload: dict) -> dict:
    """Build a briefing and write it where the CLI asked; what the CLI prints."""
    import datetime as dt

    from .auth import LOCAL_ADMIN
    from .briefing import build_briefing
    day = lambda key: dt.date.fromisoformat(payload[key]) if payload.get(key) else None   # noqa: E731
    # The request comes from the command line on this machine (control.request): the local administrator.
    result = build_briefing(store, LOCAL_ADMIN, group=payload.get("group"), unit=payload.get("unit"),
                            as_of=day("as_of"), since=day("since"), issue_no=payload.get("issue_no"))
    result.write(Path(payload["output"]))   # the .docx and its .xlsx 附表 next to it
    return {"label": result.scope.label, "issue_no": result.issue_no, "as_of": result.period.as_of.isoformat(),
            "since": result.period.since.isoformat()}


def _package_import(store: Store, payload: dict) -> list[tuple[bool, str]]:
    from .package_cli import import_messages
    return import_messages(store, payload["files"], payload.get("user", "cli"))


HANDLERS = {"import": _import, "backup": _backup, "stats": _stats, "briefing": _briefing,
            "package_import": _package_import}
