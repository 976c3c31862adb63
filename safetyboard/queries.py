"""Run the named queries in queries/*.sql with bound parameters.

A query declares what it needs by using $name parameters; run() passes exactly those, so a page
can hand over the whole filter set and a missing parameter is an error, not a silent NULL."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from .config import QUERIES_DIR
from .store import Store

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


class QueryError(Exception):
    pass


@dataclass(frozen=True)
class NamedQuery:
    name: str
    sql: str
    params: frozenset[str]
    header: str
    code: str          # the SQL without comments and string literals (for checks)


@lru_cache(maxsize=None)
def load(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"bad query name {name!r}")
    path = directory / f"{name}.sql"
    sql = path.read_text(encoding="utf-8")
    code = _STRING.sub("''", _COMMENT.sub("", sql))
    header = "\n".join(line for line in sql.splitlines() if line.startswith("--"))
    return NamedQuery(name, sql, frozenset(_PARAM.findall(code)), header, code)


def names(directory: Path = QUERIES_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.sql"))


def run(store: Store, name: str, params: dict | None = None) -> pa.Table:
    """In a city instance the `county` entry of params (city.COUNTY_PARAM) picks the rows read: one county's
    active package, or the whole city when it is absent or empty; it is not a SQL parameter."""
    from . import city
    query = load(name)
    params = params or {}
    missing = query.params - params.keys()
    if missing:
        raise QueryError(f"query {name} needs parameters {sorted(missing)}")
    return store.query(query.sql, {k: params[k] for k in query.params}, view=city.view_for(params.get(city.COUNTY_PARAM)))


def run_rows(store: Store, name: str, params: dict | None = None) -> list[dict]:
    return run(store, name, params).to_pylist()
