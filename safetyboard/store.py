"""The DuckDB store: one process-wide connection per database file, a cursor per query.

DuckDB connections are not thread-safe and Streamlit serves each session in its own thread, so
every query takes its own cursor and fetches its result whole. Writes (imports) are serialised
by a lock; readers see either the state before or after an import, never a mix."""
from __future__ import annotations

import datetime as dt
import re
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa

from . import rules
from .config import default_db_path, load_campaign

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
_MIGRATION_NAME = re.compile(r"^(\d{3})_[\w-]+\.sql$")
# The metric rules (macros and views): applied on every open, so a rule edited here reaches existing databases.
RULES_DIR = Path(__file__).with_name("metric_rules")
# The rules live in an in-memory catalog of their own, attached to every connection: that works the same for
# read-only opens, and no rule is ever written into a database file (where it would outlive a change).
RULES_CATALOG = "metric_rules"


class StoreError(Exception):
    """The database cannot be opened; str(self) says why and what to do, in Chinese."""


class StoreLocked(StoreError):
    """Another process holds the database file."""


def _io_message(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "Read-only" in text or "read-only" in text or "Permission denied" in text:
        why = "数据目录为只读或没有写入权限"
    elif "No space" in text or "disk" in text.lower():
        why = "磁盘空间不足"
    else:
        why = text.splitlines()[0][:120]
    return f"无法打开数据库文件「{path}」：{why}。数据库未做任何更改，请检查数据目录后重试。"


def migrations() -> list[tuple[int, Path]]:
    found = [(int(m[1]), p) for p in MIGRATIONS_DIR.iterdir() if (m := _MIGRATION_NAME.match(p.name))]
    return sorted(found)


# A rules file over tables a later migration adds names them (`-- tables: problems, listings`): a read-only open
# of a database not yet migrated that far skips the file instead of failing (DuckDB binds tables at CREATE MACRO).
_RULE_TABLES = re.compile(r"^--\s*tables:\s*([\w, ]+)$", re.MULTILINE)
# A migration that fills a table by a rule (a view of the rules files) names that statement on a line
# `-- after rules: INSERT …`: run once, right after the rules are applied on the open that migrated.
_AFTER_RULES = re.compile(r"^--\s*after rules:\s*(.+)$", re.MULTILINE)


def rule_files() -> list[Path]:
    """The rules files, applied in file-name order (a file may use what an earlier one defines)."""
    return sorted(RULES_DIR.glob("*.sql"))


class Store:
    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path or default_db_path())
        self.read_only = read_only
        self.write_lock = threading.RLock()
        self._cursor_lock = threading.Lock()
        self.on_close: list = []               # e.g. the control worker stops before the connection closes   # DuckDB refuses a cursor() while another thread is inside the connection
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                pid = re.search(r"PID (\d+)", str(exc))
                who = f"（进程号 {pid[1]}）" if pid else ""
                raise StoreLocked(
                    f"数据库文件「{self.path}」正被另一个程序{who}使用，通常是正在运行的仪表盘。"
                    "请在仪表盘的「数据导入」页面上传台账，或先停止仪表盘再运行此命令。"
                ) from None
            raise StoreError(_io_message(self.path, exc)) from None
        self._attach_rules()
        applied = []
        if not read_only:
            applied = self.migrate()
            self.sync_reference()
        self.apply_rules()
        self._after_rules(applied)
        self._install_city_views()

    # ------------------------------------------------------------ schema
    def schema_level(self) -> int:
        cur = self.cursor()
        exists = run(cur, 
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations'")[0][0]
        if not exists:
            return 0
        return cur.execute("SELECT coalesce(max(level), 0) FROM schema_migrations").fetchone()[0]

    def _applied_levels(self) -> set[int]:
        if self.schema_level() == 0:
            return set()
        return {r[0] for r in self.cursor().execute("SELECT level FROM schema_migrations").fetchall()}

    def migrate(self) -> list[int]:
        """Apply numbered migrations not yet applied; a database that had data is backed up first."""
        level = self.schema_level()
        applied = self._applied_levels()
        pending = [(n, p) for n, p in migrations() if n not in applied]
        if not pending:
            return []
        if level > 0:
            self.con.execute("CHECKPOINT")
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = self.path.with_name(f"{self.path.stem}.before-migration-{level:03d}-{stamp}{self.path.suffix}")
            shutil.copy2(self.path, backup)
        cur = self.cursor()
        for n, p in pending:
            run(cur, "BEGIN")
            try:
                run(cur, "CREATE TABLE IF NOT EXISTS schema_migrations (level INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)")
                run(cur, p.read_text(encoding="utf-8"))
                run(cur, "INSERT INTO schema_migrations VALUES ($level, $name, now())", {"level": n, "name": p.name})
                run(cur, "COMMIT")
            except Exception:
                run(cur, "ROLLBACK")
                raise
        return [n for n, _ in pending]

    def _after_rules(self, levels: list[int]) -> None:
        """The `-- after rules:` statements of the migrations just applied, in order."""
        for n, p in migrations():
            for statement in _AFTER_RULES.findall(p.read_text(encoding="utf-8")) if n in levels else ():
                with self.write_lock:
                    cur = self.cursor()
                    try:
                        run(cur, statement)
                    finally:
                        cur.close()

    def sync_reference(self) -> None:
        """Reference tables are rebuilt from data/ on every start, so edits to the CSVs/TOML take effect."""
        from . import district
        campaign = load_campaign()
        units = rules.units()
        counties = district.counties()
        tables = {
            "counties": pa.table({"code": [c.code for c in counties], "name": [c.name for c in counties],
                                  "kind": [c.kind for c in counties], "lon": [c.lon for c in counties],
                                  "lat": [c.lat for c in counties], "sort_order": list(range(len(counties)))}),
            "units": pa.table({"code": [u.code for u in units], "name": [u.name for u in units],
                               "kind": [u.kind for u in units], "lon": [u.lon for u in units],
                               "lat": [u.lat for u in units], "sort_order": list(range(len(units)))}),
            "departments": pa.table({"name": list(rules.departments()), "sort_order": list(range(len(rules.departments()))),
                                     "supervising": [d in rules.supervising_departments() for d in rules.departments()]}),
            "industries": pa.table({"name": list(rules.industries()), "sort_order": list(range(len(rules.industries())))}),
            "categories": pa.table({"no": [c[0] for c in rules.categories()], "name": [c[1] for c in rules.categories()]}),
            "submission_nodes": pa.table({"no": [n.no for n in campaign.submission_nodes],
                                          "label": [n.label for n in campaign.submission_nodes],
                                          "due": [n.due for n in campaign.submission_nodes]}),
            "phases": pa.table({"key": [p.key for p in campaign.phases], "name": [p.name for p in campaign.phases],
                                "start_date": [p.start for p in campaign.phases], "end_date": [p.end for p in campaign.phases]}),
            "groups": pa.table({"ord": list(range(1, len(rules.GROUPS) + 1)), "name": list(rules.GROUPS)}),
            "campaign": pa.table({"key": ["year", "start", "end", "monthly_report_due_day", "upcoming_days",
                                          "monthly_report_months", "summary_node"],
                                  "value": [str(campaign.year), campaign.start.isoformat(), campaign.end.isoformat(),
                                            str(campaign.monthly_report_due_day), str(campaign.upcoming_days),
                                            ",".join(m.isoformat() for m in campaign.monthly_report_months),
                                            str(campaign.summary_node.no) if campaign.summary_node else ""]}),
        }
        with self.write_lock:
            cur = self.cursor()
            run(cur, "BEGIN")
            try:
                for name, table in tables.items():
                    cur.register("_ref", table)
                    run(cur, f'DELETE FROM "{name}"')  # name from the fixed dict above
                    run(cur, f'INSERT INTO "{name}" BY NAME SELECT * FROM _ref')
                    cur.unregister("_ref")
                run(cur, "COMMIT")
            except Exception:
                run(cur, "ROLLBACK")
                raise

    # ------------------------------------------------------------ metric rules
    def _attach_rules(self) -> None:
        """Attach the rules catalog and set the name look-up order on the connection. Writable opens look in the
        file first, so a table created without a catalog name lands in the file; read-only opens look in the
        rules first, so a rule macro an older release stored in the file never shadows the current one."""
        self._file_catalog = self.con.execute("SELECT current_database()").fetchone()[0]
        # IF NOT EXISTS: two stores of one file in a process share one DuckDB instance, and so its attachments
        self.con.execute(f"ATTACH IF NOT EXISTS ':memory:' AS {RULES_CATALOG} (READ_ONLY false)")
        file_path, rules_path = f'"{self._file_catalog}".main', f"{RULES_CATALOG}.main"
        order = [rules_path, file_path] if self.read_only else [file_path, rules_path]
        self._search_path_sql = f"SET search_path = '{','.join(order)}'"   # catalog names, not data
        self.con.execute(self._search_path_sql)

    def apply_rules(self) -> None:
        """(Re)create every macro and view of the rules files in the rules catalog, in file-name order."""
        with self._cursor_lock:
            cur = self.con.cursor()
        try:
            run(cur, f"SET search_path = '{RULES_CATALOG}.main,\"{self._file_catalog}\".main'")
            present = {r[0] for r in run(cur, "SELECT table_name FROM duckdb_tables() WHERE database_name = $db",
                                         {"db": self._file_catalog})}
            for path in rule_files():
                text = path.read_text(encoding="utf-8")
                needed = {t.strip() for m in _RULE_TABLES.findall(text) for t in m.split(",") if t.strip()}
                if needed - present:
                    continue
                try:
                    run(cur, text)
                except duckdb.Error as exc:
                    raise StoreError(f"口径规则文件「{path.name}」无法应用：{str(exc).splitlines()[0][:200]}。"
                                     "请检查该文件的 SQL 后重启。") from None
        finally:
            cur.close()

    # ------------------------------------------------------------ reading
    def query(self, sql: str, params: dict | None = None, view: str | None = None) -> pa.Table:
        cur = self.cursor(view)
        try:
            return _read(cur, sql, params)
        finally:
            cur.close()

    def scalar(self, sql: str, params: dict | None = None, view: str | None = None):
        cur = self.cursor(view)
        try:
            return _scalar(cur, sql, params)
        finally:
            cur.close()

    def data_version(self) -> int:
        """Changes whenever an import or undo lands: the cache key of every query result."""
        return int(self.scalar(DATA_VERSION_SQL) or 0)

    def snapshot(self) -> "Snapshot":
        """One read transaction for a group of queries that must agree (a page run)."""
        return Snapshot(self)

    def reconnect(self) -> None:
        """After a fatal error (disk full) DuckDB invalidates the connection: open the file again."""
        with self.write_lock:
            try:
                self.con.close()
            except duckdb.Error:
                pass
            try:
                self.con = duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.Error as exc:
                raise StoreError(_io_message(self.path, exc)) from None
            self._attach_rules()
            self.apply_rules()
            self._install_city_views()

    def _install_city_views(self) -> None:
        from . import city      # city reads the package parts, which import this module
        if city.is_city():
            city.install(self)

    @property
    def file_catalog(self) -> str:
        return self._file_catalog

    def search_path_sql(self, view: str | None = None) -> str:
        """The name look-up order; with a view (a city instance's county_<code> or city_all), its schema first, so
        the district table names resolve to the views over the packages' rows (safetyboard/city.py)."""
        if view is None:
            return self._search_path_sql
        from . import city
        if not city.valid_view(view):
            raise StoreError(f"unknown view schema {view!r}")
        first = f"{city.VIEWS_CATALOG}.{view},{city.VIEWS_CATALOG}.main,"
        return self._search_path_sql.replace("SET search_path = '", "SET search_path = '" + first, 1)

    def cursor(self, view: str | None = None):
        """A cursor of its own for one query or transaction (thread-safe to obtain)."""
        with self._cursor_lock:
            cur = self.con.cursor()
        run(cur, self.search_path_sql(view))     # a cursor does not inherit the connection's search path
        return cur

    @contextmanager
    def transaction(self):
        """A cursor inside BEGIN … COMMIT: any error rolls the whole transaction back and is raised again."""
        cur = self.cursor()
        try:
            run(cur, "BEGIN")
            try:
                yield cur
                run(cur, "COMMIT")
            except BaseException:
                try:
                    run(cur, "ROLLBACK")
                except duckdb.Error:
                    pass    # an invalidated database (disk full) has nothing to roll back; the caller reopens it
                raise
        finally:
            cur.close()

    def close(self) -> None:
        for callback in self.on_close:
            callback()
        with self._cursor_lock:
            self.con.close()


class Snapshot:
    """Reads inside one transaction: every query through it sees the same committed state, so a page whose
    queries straddle an import shows the numbers from before it or after it, never a mix. Used by one
    thread at a time (a page run); close() ends the transaction."""

    def __init__(self, store: Store):
        self.store = store
        self.path = store.path
        self._cur = store.cursor()
        self._view: str | None = None
        self._lock = threading.Lock()
        self._data_version: int | None = None
        run(self._cur, "BEGIN TRANSACTION")
        # DuckDB fixes a transaction's view of the data at its first read, not at BEGIN.
        run(self._cur, "SELECT 1 FROM imports LIMIT 1")
        self.closed = False

    def query(self, sql: str, params: dict | None = None, view: str | None = None) -> pa.Table:
        with self._lock:
            self._use_view(view)
            return _read(self._cur, sql, params)

    def scalar(self, sql: str, params: dict | None = None, view: str | None = None):
        with self._lock:
            self._use_view(view)
            return _scalar(self._cur, sql, params)

    def _use_view(self, view: str | None) -> None:
        if view != self._view:
            run(self._cur, self.store.search_path_sql(view))
            self._view = view

    def data_version(self) -> int:
        # fixed for the transaction's life: read once (a page run asks before each of its queries)
        if self._data_version is None:
            self._data_version = int(self.scalar(DATA_VERSION_SQL) or 0)
        return self._data_version

    def close(self) -> None:
        with self._lock:
            if self.closed:
                return
            self.closed = True
            try:
                run(self._cur, "COMMIT")
            except duckdb.Error:
                pass    # the connection was closed or invalidated under us: nothing was written anyway
            try:
                self._cur.close()
            except duckdb.Error:
                pass


# A city's ledgers arrive as packages (city_packages): an import or undo of either kind changes the version.
DATA_VERSION_SQL = ("SELECT (SELECT coalesce(max(import_id), 0) * 1000003 + count(undone_at) FROM main.imports) * 1000003"
                    " + (SELECT coalesce(max(package_id), 0) * 1000003 + count(undone_at) FROM main.city_packages)")


def _read(cur, sql: str, params: dict | None) -> pa.Table:
    return cur.sql(sql, params=params or None).to_arrow_table() if _is_select(sql) else _exec(cur, sql, params)


def _scalar(cur, sql: str, params: dict | None):
    rows = run(cur, sql, params)     # fetched whole: a snapshot's cursor takes more queries after this one
    return rows[0][0] if rows else None


def run(cur, sql: str, params: dict | None = None) -> list[tuple]:
    """Execute and fetch the whole result: DuckDB refuses new work on a cursor with an unfinished result."""
    return cur.execute(sql, params or {}).fetchall()


def _is_select(sql: str) -> bool:
    head = re.sub(r"^(\s*--[^\n]*\n)*\s*", "", sql).lstrip("(").upper()
    return head.startswith(("SELECT", "WITH", "FROM", "VALUES", "DESCRIBE", "SUMMARIZE", "SHOW", "PIVOT"))


def _exec(cur, sql: str, params: dict | None) -> pa.Table:
    run(cur, sql, params or {})
    return pa.table({})


_stores: dict[Path, Store] = {}
_stores_lock = threading.Lock()


def get_store(path: str | Path | None = None) -> Store:
    """The process-wide store for a database file (opened, migrated and synced once)."""
    key = Path(path or default_db_path()).resolve()
    with _stores_lock:
        store = _stores.get(key)
        if store is None:
            store = _stores[key] = Store(key)
        return store


def close_store(path: str | Path | None = None) -> None:
    key = Path(path or default_db_path()).resolve()
    with _stores_lock:
        store = _stores.pop(key, None)
    if store:
        store.close()
