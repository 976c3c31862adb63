"""The demo's register and accident ledger (issue 15): they import with exactly the expected rows; the register
holds the demo enterprises plus units no ledger names, so the demo shows never-inspected units; accidents cover
2021 and 2022, each year with a 瞒报谎报."""
import datetime as dt

import pytest

from safetyboard import demo
from safetyboard.ledgers.importer import import_file
from safetyboard.metrics import Filters, stats
from safetyboard.store import Store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("demo_register") / "demo.duckdb")
    results = {}
    for name in [demo.F_HZ.format(u) for u in demo.UNIT_NAMES if u != "河滨街道"] + [
            demo.F_HZ_CSV, demo.F_HZ_DEPT, demo.F_REGISTER, demo.F_ACCIDENTS]:
        results[name] = import_file(store, demo.DEFAULT_OUT / name)
    yield store, results
    store.close()


def test_register_and_accidents_import_as_expected(demo_store):
    _, results = demo_store
    expected = demo.expected_counts()
    for name, key in ((demo.F_REGISTER, "register"), (demo.F_ACCIDENTS, "accidents")):
        (r,) = results[name]
        assert (r.ledger_type, r.accepted, r.rejected, r.unmapped_columns) == (key, expected[key], 0, []), name
    assert expected["register"] == expected["enterprises"] + demo.N_NEVER_INSPECTED


def test_demo_coverage_and_accidents(demo_store):
    store, _ = demo_store
    doc = stats(store, Filters(dt.date(2022, 4, 1), dt.date(2022, 11, 30)))
    c = doc["coverage"]
    # the never-inspected units are never inspected; most demo enterprises have a hazard in the period
    assert c["registered"] == demo.expected_counts()["register"]
    assert c["registered"] - c["inspected"] >= demo.N_NEVER_INSPECTED and c["inspected"] > 1000
    a = doc["accidents"]
    assert a["count"] > 0 and a["concealed"] >= 1
    assert a["previous_year"]["count"] > 0 and a["previous_year"]["has_data"]
