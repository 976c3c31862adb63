"""A city instance's read model: the district packages' active rows seen as ordinary tables.

A city database keeps every package's rows in city_<part> tables (package.py). On open, a city instance builds
views in an in-memory catalog, one schema per county of the city (county_<code>: that county's active package)
and one for the whole city (city_all: every county's active package). Each view has the columns, order and
types of the district table of the same name, so every query file and metric rule a district runs reads a
county, or the city, unchanged: queries.run() puts the view schema first on the search path. Nothing is
materialised, so a package import or undo is visible to the next query without rebuilding anything.

City-wide, two things a district never meets are made unique: enterprise ids (each package's ids are shifted
at import into city_enterprise_id, a stored column, because the enterprise bitstring sets need column
statistics) and import ids (import_id + package_id * city_import_stride(), metric_rules/city.sql). Place names
carry their county (city_place_name), stored at import in city_<column> beside the district's own: computing them
per row in the view cost the city-wide queries several times their time at 10M rows (BENCHMARKS.md)."""
from __future__ import annotations

import re

from . import district
from .store import Store, run

VIEWS_CATALOG = "cityviews"
CITY_VIEW = "city_all"
COUNTY_PARAM = "county"            # the filter key naming a county (6-digit code); absent or empty = the city
# The district tables a package carries (package.PARTS) whose enterprise id columns are shifted city-wide.
ENTERPRISE_ID_COLUMNS = {"hazards": "enterprise_id", "enterprises": "id"}
# City-wide, names of 乡/街道, departments, reporters and supervision targets carry their county (新华区·焦店镇):
# two counties have a 城关镇 and an 应急管理局 each, and the 报送 and 回头看 rules match rows by these names.
PLACE_NAME_COLUMNS = ("unit", "department", "reporter", "target", "target_key")
_VIEW_NAME = re.compile(r"^(city_all|county_\d{6})$")


class CityScopeError(Exception):
    """A county the city does not have; str(self) is the Chinese message."""


def is_city() -> bool:
    return district.current().is_city


def county_view(code: str) -> str:
    return f"county_{code}"


def view_for(county: str | None) -> str | None:
    """The view schema a query reads for this county filter: None in a district instance (its own tables),
    city_all for the whole city, county_<code> for one county."""
    if not is_city():
        return None
    if not county:
        return CITY_VIEW
    county = str(county)
    if district.county(county) is None:
        city = district.current()
        raise CityScopeError(f"区县代码「{county}」不是{city.name}的区县。")
    return county_view(county)


def valid_view(name: str) -> bool:
    return bool(_VIEW_NAME.match(name))


def parts() -> tuple[str, ...]:
    from .package import PARTS
    return tuple(PARTS)


# ---------------------------------------------------------------- tables and views

def _columns(cur, table: str) -> list[str]:
    return [r[0] for r in run(cur, "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND "
                                   "database_name = current_database() AND schema_name = 'main' ORDER BY column_index",
                              {"t": table})]


def place_columns(part: str, columns) -> list[str]:
    """The columns of a part that hold a place name (each stored city-wide as city_<column>)."""
    return [c for c in columns if _is_place_name(part, c)]


def city_columns_select(part: str, columns) -> str:
    """The SELECT items computing a part's city-wide columns at import: its place names ($county_name) and its
    enterprise ids shifted past every id the city gave out ($enterprise_offset); the caller binds both."""
    items = [f', city_place_name($county_name, "{c}") AS "city_{c}"' for c in place_columns(part, columns)]
    if ENTERPRISE_ID_COLUMNS.get(part) in columns:
        items.append(f', "{ENTERPRISE_ID_COLUMNS[part]}" + $enterprise_offset AS city_enterprise_id')
    return "".join(items)


def enterprise_offset(cur, package_id: int) -> int:
    """The highest city-wide enterprise id given out to other packages (a new package's ids start above it)."""
    return run(cur, "SELECT coalesce(max(city_enterprise_id), 0) FROM city_enterprises WHERE package_id <> $id",
               {"id": package_id})[0][0]


def ensure_tables(cur) -> None:
    """city_<part> for every package part, shaped like the district table plus the city's columns (district_code,
    package_id, city_enterprise_id, city_<place column>), so the views exist before the first package arrives (a
    package of a later schema adds its new columns on import)."""
    backfill_ids = False
    for part in parts():
        target = f"city_{part}"
        if not _columns(cur, target):
            run(cur, f"CREATE TABLE {target} AS SELECT *, ''::VARCHAR AS district_code, 0::BIGINT AS package_id, "
                     f"0::BIGINT AS city_enterprise_id FROM {part} LIMIT 0")      # part: a key of PARTS
        have = _columns(cur, target)
        if "city_enterprise_id" not in have:    # a city table from before enterprise ids were made city-wide
            run(cur, f"ALTER TABLE {target} ADD COLUMN city_enterprise_id BIGINT")
            backfill_ids |= part in ENTERPRISE_ID_COLUMNS
        for column in place_columns(part, have):
            if f"city_{column}" not in have:    # a city table from before place names were stored
                run(cur, f'ALTER TABLE {target} ADD COLUMN "city_{column}" VARCHAR')
                run(cur, f'UPDATE {target} SET "city_{column}" = city_place_name(k.name, {target}."{column}") '
                         f"FROM counties k WHERE k.code = {target}.district_code")
    if backfill_ids:      # once every table has the column: the offsets read city_enterprises
        for (package_id,) in run(cur, "SELECT package_id FROM city_packages ORDER BY package_id"):
            assign_enterprise_ids(cur, package_id)


def assign_enterprise_ids(cur, package_id: int) -> None:
    """Shift the enterprise ids of a package imported before they were made city-wide (a one-time backfill; an
    import computes them as it inserts, city_columns_select)."""
    present = {r[0] for r in run(cur, "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()")}
    if not {"city_enterprises", "city_hazards"} <= present:
        return
    offset = enterprise_offset(cur, package_id)
    for part, column in ENTERPRISE_ID_COLUMNS.items():
        have = {r[0] for r in run(cur, "SELECT column_name FROM duckdb_columns() WHERE table_name = $t "
                                       "AND database_name = current_database()", {"t": f"city_{part}"})}
        if "city_enterprise_id" in have and column in have:
            run(cur, f'UPDATE city_{part} SET city_enterprise_id = "{column}" + $offset WHERE package_id = $id',
                {"offset": offset, "id": package_id})


def install(store: Store) -> None:
    """(Re)build the view catalog of a city store: called on open and after a reconnect."""
    cur = store.cursor()
    try:
        run(cur, f"ATTACH IF NOT EXISTS ':memory:' AS {VIEWS_CATALOG} (READ_ONLY false)")     # the views only; tables stay in the file
        if not store.read_only:
            with store.transaction() as tables_cur:
                ensure_tables(tables_cur)
        catalog = store.file_catalog
        columns: dict[str, list[tuple[str, str]]] = {}
        for table, column, column_type in run(
                cur, "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE database_name = $db "
                     "AND schema_name = 'main' ORDER BY table_name, column_index", {"db": catalog}):
            columns.setdefault(table, []).append((column, column_type))
        # the codes go into the views' SQL text: only 6-digit codes (counties.csv) are taken
        counties = [c for c in district.counties() if len(c.code) == 6 and c.code.isdigit()]
        for c in counties:
            run(cur, f"CREATE SCHEMA IF NOT EXISTS {VIEWS_CATALOG}.{county_view(c.code)}")
        run(cur, f"CREATE SCHEMA IF NOT EXISTS {VIEWS_CATALOG}.{CITY_VIEW}")
        for part in parts():
            city_table = f"city_{part}"
            if part not in columns or city_table not in columns:
                continue
            stored = {name for name, _ in columns[city_table]}
            source = f'"{catalog}".main.{city_table}'
            for c in counties:
                select = _select_list(part, columns[part], stored, city_wide=False)
                run(cur, f"CREATE OR REPLACE VIEW {VIEWS_CATALOG}.{county_view(c.code)}.{part} AS SELECT {select} "
                         f"FROM {source} WHERE package_id = (SELECT package_id FROM \"{catalog}\".main.city_packages "
                         f"WHERE district_code = '{c.code}' AND active)")     # codes from counties.csv, 6 digits
            join = _city_join(catalog) if part in ("units", "departments") else ""
            city_rows = (f"SELECT {_select_list(part, columns[part], stored, city_wide=True)} FROM {source} t "
                         f"{join} WHERE t.package_id IN (SELECT package_id FROM \"{catalog}\".main.city_packages "
                         f"WHERE active)")
            run(cur, f"CREATE OR REPLACE VIEW {VIEWS_CATALOG}.{CITY_VIEW}.{part} AS {city_rows}")
    finally:
        cur.close()


def _city_join(catalog: str) -> str:
    return f'JOIN "{catalog}".main.counties k ON k.code = t.district_code'


def _is_place_name(part: str, column: str) -> bool:
    return column in PLACE_NAME_COLUMNS or (part in ("units", "departments") and column == "name")


def _select_list(part: str, district_columns: list[tuple[str, str]], stored: set[str], city_wide: bool) -> str:
    """The district table's columns, in order and type, from the city table (NULL where a package lacks one)."""
    out = []
    for name, column_type in district_columns:
        expr = f'"{name}"' if name in stored else "NULL"
        if city_wide:
            expr = f"t.{expr}" if name in stored else expr
            if ENTERPRISE_ID_COLUMNS.get(part) == name:
                expr = "t.city_enterprise_id"
            elif name == "import_id":
                expr = "t.import_id + t.package_id * city_import_stride()"   # metric_rules/city.sql
            elif _is_place_name(part, name) and f"city_{name}" in stored:
                expr = f't."city_{name}"'
            elif name == "sort_order" and part in ("units", "departments"):
                # one order city-wide: county by county, each in its own order
                expr = "row_number() OVER (ORDER BY k.sort_order, t.sort_order) - 1"
        out.append(f'CAST({expr} AS {column_type}) AS "{name}"')
    return ", ".join(out)
