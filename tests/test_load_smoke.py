"""CI-sized load test: a real server, 5 websocket sessions paging through every page with
changing filters for ~20 s while 3 hazard ledgers are imported through the CLI. No errors, and no
session ever sees a 总览 that is not the database before or after an import. No timing thresholds:
bench/load_test.py (python bench/run.py load) measures speed. The second test shows that the check
does catch a mixed, a stale and an impossible page, and a session going back to older numbers."""

from __future__ import annotations


import datetime as dt
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from load_test import Expectations, Record, check, prepare, run_load  # noqa: E402


def test_sessions_never_see_a_half_imported_ledger(tmp_path):
    r = run_load(sessions=5, duration=20, imports=3, think=0.3, workdir=tmp_path / "load")
    problems = r["error_samples"] + r["server_log_errors"]
    assert r["errors"] == 0, problems
    assert r["server_log_error_count"] == 0, r["server_log_errors"]
    assert r["import_errors"] == 0, r["imports"]
    assert [i["status"] for i in r["imports"]] == [["imported"]] * 3
    assert r["requests_ok"] == r["requests"] > 0
    assert set(p["runs"] > 0 for p in r["per_page"].values()) == {True}, r["per_page"]
    assert r["overview_checked"] > 0
    assert r["illegal_total"] == 0, r["findings"]["illegal_total"][:3]
    assert r["inconsistent"] == 0, (r["findings"]["inconsistent"][:3], r["findings"]["regressions"][:3])


def test_the_check_catches_mixed_stale_and_impossible_pages(tmp_path):
    from safetyboard.config import load_campaign
    from safetyboard.overview_text import delta_count

    plan = prepare(tmp_path, 1)
    exp = Expectations(plan)
    try:
        exp.last_import = [dt.datetime(2026, 1, 5, 10, 0), dt.datetime(2026, 1, 5, 10, 7)]
        since, as_of = load_campaign().start, dt.date(2022, 11, 30)
        e = exp.for_filters((since, as_of, (), (), ()))
        assert e[0]["total"] < e[1]["total"]

        def seen(state: int, **override) -> dict:
            o = {"since": since.isoformat(), "as_of": as_of.isoformat(), "units": [], "industries": [], "departments": [],
                 "last_import": exp.last_import[state].strftime("%Y-%m-%d %H:%M"), "tiles": dict(e[state]["tiles"]),
                 "total_delta": delta_count(e[state]["total"], e[state]["before_total"]), "top": e[state]["top"]}
            return {**o, **override}

        def rec(session: int, seq: int, t0: float, overview: dict) -> Record:
            return Record(session, seq, "page", "", t0, t0 + 0.5, 0.5, "ok", 30, 0, overview=overview)

        imports = [{"k": 1, "t0": 10.0, "t1": 11.0, "rc": 0}]       # the import ran from t=10 to t=11
        records = [
            rec(0, 0, 1.0, seen(0)),                                  # before: fine
            rec(0, 1, 12.0, seen(1)),                                 # after: fine
            rec(1, 0, 10.2, seen(0)),                                 # during: either state is fine
            rec(1, 1, 10.6, seen(1)),
            rec(2, 0, 10.2, seen(0, top=e[1]["top"])),                # mixed: table after, tiles before
            rec(3, 0, 10.2, seen(1, last_import=seen(0)["last_import"])),  # mixed: header before, tiles after
            rec(4, 0, 12.0, seen(0)),                                 # stale: the import had finished
            rec(5, 0, 1.0, seen(1)),                                  # from the future
            rec(6, 0, 1.0, seen(0, tiles={**e[0]["tiles"], "隐患总数": "1"})),   # a number no state had
            rec(7, 0, 10.2, seen(1)),                                 # back to the old numbers after
            rec(7, 1, 10.6, seen(0)),                                 # seeing the new ones
        ]
        found = check(records, imports, exp, [])
    finally:
        exp.close()
    flagged = {(i["session"], i["why"]) for i in found["inconsistent"]}
    assert flagged == {(2, "mixed"), (3, "mixed"), (4, "stale_or_early"), (5, "stale_or_early"), (6, "mixed")}
    assert [i["session"] for i in found["illegal_total"]] == [6]
    assert [(i["session"], i["seq"]) for i in found["regressions"]] == [(7, 1)]
    assert found["checked"] == len(records)


def test_the_generated_district_takes_an_ordinary_import_and_the_states_follow_it(tmp_path, monkeypatch):
    """`--hazards N` serves bench/common.py's generated district (here 600 hazards, cached like the other benches use
    it) and imports the held-back ledgers into it: the importer must get an import id of its own (the generated rows
    are import 1), and the scratch walk through the states sees each import add its accepted rows."""
    import load_test
    from safetyboard.config import load_campaign
    from safetyboard.store import Store

    monkeypatch.setattr(load_test, "BENCH", tmp_path)   # the cache under BENCH/data: keep this small one out of bench/
    plan = prepare(tmp_path / "run", 2, hazards=600)
    assert plan.base != plan.db and plan.db.exists()
    exp = Expectations(plan)
    e = exp.for_filters((load_campaign().start, dt.date(2022, 11, 30), (), (), ()))
    assert exp.walks == 1 and len(plan.accepted) == 2 and min(plan.accepted) > 0
    assert [x["total"] for x in e] == [600, 600 + plan.accepted[0], 600 + sum(plan.accepted)]
    store = Store(plan.db)           # the served copy takes the same import the CLI does during the run
    try:
        from safetyboard.ledgers.importer import import_file
        res = import_file(store, plan.held[0], user="test")
        assert [r.status for r in res] == ["imported"] and res[0].import_id == 2, [r.error for r in res]
    finally:
        store.close()
