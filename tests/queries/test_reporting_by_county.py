"""submission_compliance_by_county on a city database (tests/city_support.py: 新华区's package, with hazards only,
and 湛河区's, the golden database plus the loop ledgers): each county's row is what its own view's
submission_compliance and monthly_report_compliance give.

Hand-worked for 新华区 at A = 2022-10-31: its instance lists 11 乡/街道 (data/pingdingshan/townships.csv) and the 19
member departments of data/departments.csv; the 自查报告 nodes due by A are 04-25, 05-25 and 10-25 (the 总结 node,
12-01, is apart), so 30 x 3 = 90 reports are expected and none was sent; the 打非治违月报 of June to September are due
by A (October's on 11-03), 19 x 4 = 76 expected, none sent."""
import datetime as dt

import pytest

from safetyboard import district
from safetyboard.store import Store

import city_support as cs
from city_support import city  # noqa: F401  (fixture)
from query_support import run

COMPLIANCE = ("expected", "on_time", "late", "missing", "on_time_rate")


@pytest.fixture(scope="module")
def city_store(city):
    config, db = city
    with district.configured(config):
        store = Store(db)
        yield store
        store.close()


def by_county(store, **kwargs) -> dict[str, dict]:
    """code -> {reports_<figure>, monthly_<figure>, data_as_of}"""
    out: dict[str, dict] = {}
    for r in run(store, "submission_compliance_by_county", **kwargs):
        row = out.setdefault(r["code"], {"data_as_of": r["data_as_of"]})
        row.update({f"{r['kind']}_{k}": v for k, v in r.items() if k not in ("code", "name", "kind", "data_as_of")})
    return out


def test_xinhua_by_hand(city_store):
    xinhua = by_county(city_store)[cs.XINHUA]
    assert [xinhua[f"reports_{k}"] for k in ("expected", "submitted", "on_time", "late", "missing")] == [90, 0, 0, 0, 90]
    assert [xinhua[f"monthly_{k}"] for k in ("expected", "submitted", "on_time", "late", "missing")] == [76, 0, 0, 0, 76]
    assert xinhua["reports_on_time_rate"] == 0 and xinhua["data_as_of"] == cs.AS_OF


@pytest.mark.parametrize("as_of", [dt.date(2022, 5, 31), cs.AS_OF, dt.date(2022, 11, 10)])
def test_each_county_equals_its_own_view(city_store, as_of):
    rows = by_county(city_store, as_of=as_of)
    assert list(rows) == [c.code for c in district.counties()]
    for code, row in rows.items():
        own = run(city_store, "submission_compliance", as_of=as_of, county=code)[0]
        monthly = run(city_store, "monthly_report_compliance", as_of=as_of, county=code)[0]
        assert {k: row[f"reports_{k}"] for k in COMPLIANCE} == pytest.approx(own), code
        assert {k: row[f"monthly_{k}"] for k in COMPLIANCE} == pytest.approx(monthly), code
        assert row["reports_submitted"] == own["on_time"] + own["late"]
    zhanhe = rows[cs.ZHANHE]
    assert zhanhe["reports_submitted"] > 0 and zhanhe["monthly_submitted"] > 0 or as_of < cs.AS_OF
    assert rows["410422"]["reports_expected"] == 0 and rows["410422"]["data_as_of"] is None   # 叶县: no package


def test_a_department_filter_narrows_the_monthly_reports(city_store):
    # City-wide a department is named with its county (新华区·应急管理局).
    rows = by_county(city_store, departments=["湛河区·应急管理局"])
    assert rows[cs.ZHANHE]["monthly_expected"] == 4 and rows[cs.XINHUA]["monthly_expected"] == 0
