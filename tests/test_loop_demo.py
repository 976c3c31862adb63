"""The demo's loop ledgers (issue 14): they import with exactly the expected rows, their two bad rows are rejected
for the stated reasons, and they agree with the demo's hazards and visits."""
import pytest

from safetyboard import demo
from safetyboard.ledgers.importer import import_file
from safetyboard.store import Store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_loop")
    demo.generate_sample_ledgers(out)
    store = Store(out / "demo.duckdb")
    results = {}
    for name in (demo.F_HZ.format(u) for u in demo.UNIT_NAMES if u != "河滨街道"):
        import_file(store, out / name)
    for name in (demo.F_HZ_CSV, demo.F_HZ_DEPT, demo.F_VISIT, demo.F_RECHECK, demo.F_ASSIGN, demo.F_PROBLEMS,
                 demo.F_LISTINGS, demo.F_ACCOUNTABILITY):
        results[name] = import_file(store, out / name)
    yield store, results
    store.close()


def test_loop_ledgers_import_as_expected(demo_store):
    store, results = demo_store
    expected = demo.expected_counts()
    for name, key in ((demo.F_PROBLEMS, "problems"), (demo.F_LISTINGS, "listings"),
                      (demo.F_ACCOUNTABILITY, "accountability")):
        (r,) = results[name]
        assert (r.ledger_type, r.accepted, r.unmapped_columns) == (key, expected[key], []), name
    (p,) = results[demo.F_PROBLEMS]
    assert [x["reasons"] for x in p.rejected_rows] == ["复查日期（2022-05-02）早于交办日期（2022-05-10）"]
    (li,) = results[demo.F_LISTINGS]
    assert [x["reasons"] for x in li.rejected_rows] == ["摘牌日期（2022-05-01）早于挂牌日期（2022-05-20）"]


def test_loop_ledgers_agree_with_hazards_and_visits(demo_store):
    store, _ = demo_store
    # every register row finds its hazard, and the hazard is marked 挂牌督办 at the same level
    assert store.query("""SELECT count(*) AS n, count(h.record_key) AS linked,
                                 count(*) FILTER (WHERE h.listed = l.listing_level) AS same_level
                          FROM listings l LEFT JOIN listing_hazard_links k ON k.listing_key = l.record_key
                          LEFT JOIN hazards h ON h.record_key = k.hazard_key""").to_pylist() == [
        {"n": demo.expected_counts()["listings"], "linked": demo.expected_counts()["listings"],
         "same_level": demo.expected_counts()["listings"]}]
    # every problem was found on a visit of its group to its target that day
    assert store.scalar("""SELECT count(*) FROM problems p WHERE NOT EXISTS (
                               SELECT 1 FROM supervision v WHERE v."group" = p."group" AND v.target_key = p.target_key
                               AND v.visit_date = p.found_date)""") == 0
    # a 复查 is a 回头看 visit of the same group to the same target
    assert store.scalar("""SELECT count(*) FROM problems p WHERE p.recheck_date IS NOT NULL AND NOT EXISTS (
                               SELECT 1 FROM supervision v WHERE v."group" = p."group" AND v.target_key = p.target_key
                               AND v.visit_type = '回头看' AND v.visit_date = p.recheck_date)""") == 0
