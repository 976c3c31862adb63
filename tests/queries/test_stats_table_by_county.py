"""queries/hazard_stats_table_by_county.sql: the 统计表 of a city by 区县.

Hand-worked for 新华区 (tests/fixture_counties.py): X1, X2 一般 (X1 已整改), X3 重大 已整改 (not 已销号, so the form's
已整改销号 counts 0), 3 enterprises; eight counties without a package have zero rows."""
from __future__ import annotations

import datetime as dt

import pytest

from safetyboard import district
from safetyboard.metrics import Filters
from safetyboard.queries import run_rows

from city_store_support import XINHUA, ZHANHE, open_city

AS_OF = dt.date(2022, 10, 31)
FIGURES = ("enterprises", "general_total", "general_rectified", "general_rate", "major_total", "major_rectified",
           "major_rate", "major_planned", "planned_targets", "planned_funds", "planned_staff", "planned_time",
           "planned_plan", "funds_wan", "major_listed")


@pytest.fixture(scope="module")
def city(tmp_path_factory, fixture_db):
    with open_city(tmp_path_factory.mktemp("stats_city"), fixture_db) as store:
        yield store


def _rows(store, name: str, county: str | None = None) -> list[dict]:
    return run_rows(store, name, Filters(since=dt.date(2022, 4, 1), as_of=AS_OF, county=county).params())


def test_a_row_per_county_and_a_total(city):
    rows = _rows(city, "hazard_stats_table_by_county")
    assert [r["label"] for r in rows] == [c.name for c in district.counties()] + ["合计"]
    xinhua = next(r for r in rows if r["code"] == XINHUA)
    assert (xinhua["enterprises"], xinhua["general_total"], xinhua["general_rectified"], xinhua["major_total"],
            xinhua["major_rectified"]) == (3, 2, 1, 1, 0)
    assert xinhua["general_rate"] == pytest.approx(0.5)
    empty = next(r for r in rows if r["label"] == "叶县")
    assert (empty["general_total"], empty["major_total"], empty["enterprises"]) == (0, 0, 0)


def test_each_countys_row_is_its_own_tables_total(city):
    rows = {r["code"]: r for r in _rows(city, "hazard_stats_table_by_county")}
    for code in (XINHUA, ZHANHE):
        own_total = _rows(city, "hazard_stats_table_by_unit", code)[-1]
        assert own_total["is_total"]
        assert {k: rows[code][k] for k in FIGURES} == {k: own_total[k] for k in FIGURES}, code
    # and the city's 合计 is the 合计 of the city-wide table by 乡/街道
    city_total = _rows(city, "hazard_stats_table_by_unit")[-1]
    assert {k: rows[None][k] for k in FIGURES} == {k: city_total[k] for k in FIGURES}
