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


HANDLERS = {"import": _import, "backup": _backup}
