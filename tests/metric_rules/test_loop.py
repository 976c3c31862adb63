"""Golden figures of the loop ledgers (safetyboard/metric_rules/loop.sql) over tests/fixture_loop.py: every expected number is commented
with how it was counted. A = 2022-10-31, S = 2022-04-01, 回头看 window 10-01..10-31."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from safetyboard import queries
from safetyboard.metrics import Filters, stats
from safetyboard.store import Store

S, A, D = dt.date(2022, 4, 1), dt.date(2022, 10, 31), dt.date
MAZHUANG, JIULISHAN, CAOZHEN = "410411001000", "410411004000", "410411200000"


@pytest.fixture(scope="module")
def q(loop_store):
    def run(name, units=(), as_of=A, **extra):
        p = Filters(S, as_of, units=tuple(units)).params() | {"row_limit": 500, "group": "", "target_key": "",
                                                             "only_open": False} | extra
        return queries.run_rows(loop_store, name, p)
    return run


def test_import_counts(loop_store):
    got = loop_store.query("SELECT ledger_type, accepted, rejected FROM import_sheets"
                           " WHERE ledger_type IN ('problems', 'listings', 'accountability') ORDER BY ledger_type").to_pylist()
    # problems: 11 rows + P90 (复查 06-04 before 交办 06-05) and P91 (销号 with 未整改) rejected;
    # listings: 6 + H09 (摘牌 09-30 before 挂牌 10-01) rejected; accountability: 6, none rejected.
    assert [tuple(r.values()) for r in got] == [("accountability", 6, 0), ("listings", 6, 1), ("problems", 11, 2)]
    reasons = [r["reasons"] for r in loop_store.query("SELECT reasons FROM rejections WHERE ledger_type IN"
                                                      " ('problems', 'listings') ORDER BY ledger_type, row_number").to_pylist()]
    assert reasons == ["摘牌日期（2022-09-30）早于挂牌日期（2022-10-01）",
                       "复查日期（2022-06-04）早于交办日期（2022-06-05）",
                       "销号日期（2022-07-05）已填，但整改情况为「未整改」、整改完成日期（未填）：整改情况为已整改后才能填销号日期"]


def test_problem_summary(q):
    (r,) = q("supervision_problem_summary")
    assert r == {
        "found": 9,           # found in 04-01..10-31: P01-P08, P11 (P09 03-20 is before S, P10 11-02 after A)
        "rectified": 5,       # P01 06-20, P03 10-20, P05 (已整改, no date), P07 08-25, P09 04-10
        "open": 5,            # P02, P04, P06, P08, P11
        "overdue": 3,         # open with 整改时限 < A: P02 07-01, P06 09-30, P11 09-10 (P04 11-10, P08 10-31 not)
        "rechecked": 4,       # 复查 by A: P01, P02, P06, P07
        "recheck_failed": 2,  # 未通过: P02, P06
        "closed": 2,          # 销号 by A: P01 10-12, P07 10-25
    }


def test_problem_summary_for_one_unit(q):
    # 九里山: P08 (target 九里山街道) and P11 (企业D, 所属九里山); 企业C has no 所属乡(街道) in the list.
    (r,) = q("supervision_problem_summary", units=[JIULISHAN])
    assert (r["found"], r["open"], r["overdue"]) == (2, 2, 1)   # overdue: P11 09-10


def test_problems_by_group(q):
    got = {r["group"]: (r["found"], r["rectified"], r["open"], r["overdue"], r["recheck_failed"], r["closed"])
           for r in q("supervision_problems_by_group")}
    assert got == {
        "第一督导组": (5, 3, 2, 1, 1, 1),   # P01-P05; rectified P01 P03 P05; open P02 P04; overdue P02; failed P02; closed P01
        "第二督导组": (4, 1, 3, 2, 1, 1),   # P06 P07 P08 P11; rectified P07; open P06 P08 P11; overdue P06 P11; failed P06
        "第三督导组": (0, 1, 0, 0, 0, 0),   # P09 found before S (no flow) but rectified 04-10 (stock); P10 after A
        "第四督导组": (0, 0, 0, 0, 0, 0), "第五督导组": (0, 0, 0, 0, 0, 0), "第六督导组": (0, 0, 0, 0, 0, 0)}


def test_problems_by_target_three_lists(q):
    got = [(r["group"], r["target"], r["found"], r["rectified"], r["open"], r["recheck_failed"], r["responsible_orgs"])
           for r in q("supervision_problems_by_target")]
    assert got == [
        ("第一督导组", "马庄街道", 4, 2, 2, 1, "马庄街道"),           # P01-P04
        ("第一督导组", "应急管理局", 1, 1, 0, 0, "应急管理局"),       # P05
        ("第二督导组", "九里山街道", 1, 0, 1, 0, "九里山街道"),       # P08
        ("第二督导组", "企业C有限公司", 2, 1, 1, 1, "企业C有限公司"),  # P06 P07
        ("第二督导组", "企业D", 1, 0, 1, 0, "企业D"),                 # P11
        ("第三督导组", "曹镇乡", 1, 1, 0, 0, "曹镇乡"),               # P09 (found by A; P10 after A)
    ]


def test_problem_list_expands_one_target(q):
    rows = q("supervision_problems", group="第一督导组", target_key="乡/街道:马庄街道")
    # open first (overdue first among them), then rectified; within each by found date
    assert [r["problem_no"] for r in rows] == ["P02", "P04", "P01", "P03"]
    assert rows[0]["total_rows"] == 4


def test_recheck_of_earlier_problems(q):
    got = [(r["group"], r["target"], r["first_recheck"], r["found_before"], r["rectified_by_recheck"],
            r["recheck_failed"], r["still_open"]) for r in q("supervision_problem_recheck")]
    assert got == [
        # 九里山 visited 10-05 by 第一督导组 (not its 分工): no problems of that group there.
        ("第一督导组", "九里山街道", D(2022, 10, 5), 0, 0, 0, 0),
        # 马庄 回头看 10-10: found before it P01 P02 P03; rectified by 10-10 P01 only (P03 on 10-20);
        # 复查 未通过 P02; still open at A P02.
        ("第一督导组", "马庄街道", D(2022, 10, 10), 3, 1, 1, 1),
        # 企业C 回头看 10-20: P06 P07 before; P07 rectified 08-25; P06 复查 未通过 and still open.
        ("第二督导组", "企业C有限公司", D(2022, 10, 20), 2, 1, 1, 1),
    ]


def test_recheck_grid_shows_problem_recheck_beside_the_visit(q):
    grid = {(r["group"], r["target"]): (r["reached"], r["problems_before"], r["problems_rectified_by_recheck"],
                                        r["problems_recheck_failed"], r["problems_still_open"]) for r in q("recheck_grid")}
    assert grid[("第一督导组", "马庄街道")] == (True, 3, 1, 1, 1)        # as test_recheck_of_earlier_problems
    assert grid[("第二督导组", "企业C有限公司")] == (True, 2, 1, 1, 1)
    assert grid[("第一督导组", "应急管理局")] == (False, None, None, None, None)   # not reached: no re-check figures
    # A 乡/街道 filter keeps only its targets and its problems.
    mine = [(r["group"], r["target"], r["problems_before"]) for r in q("recheck_grid", units=[MAZHUANG])]
    assert mine == [("第一督导组", "马庄街道", 3)]


def test_listing_summary_and_levels(q):
    (r,) = q("listed_hazard_summary")
    assert (r["listed"], r["delisted"], r["open"], r["overdue"]) == (
        5,   # 挂牌 by A: H02, 企业C 储罐区 (=H05), H06, H08, 企业Z (H07 挂牌 11-03 after A)
        2,   # 摘牌 by A: H02 07-25, 企业Z 09-01
        3,   # H05, H06, H08
        2)   # H05 register 时限 10-01; H08 register 时限 10-20 (H06: no register 时限, its hazard's 11-05)
    assert (r["open_district"], r["open_city"], r["open_province"]) == (1, 1, 1)   # H06 区级, H05 市级, H08 省级


def test_listing_links_to_hazards_and_scopes_by_their_unit(q):
    rows = {r["record_key"]: r for r in q("listed_hazards")}
    c = next(r for r in rows.values() if r["enterprise"] == "企业C有限公司")
    # linked by 单位名称 + folded 隐患描述 to H05 (九里山, 重大)
    assert (c["hazard_key"], c["unit"], c["hazard_level"]) == ("H05", "九里山街道", "重大")
    assert rows["H06"]["deadline"] == D(2022, 11, 5)       # no register 时限: the hazard's
    z = next(r for r in rows.values() if r["enterprise"] == "企业Z")
    assert (z["hazard_key"], z["unit"]) == (None, "曹镇乡")   # no such hazard: its own 所属乡(街道)
    by_unit = {r["unit"]: (r["listed"], r["delisted"], r["open"], r["overdue"]) for r in q("listed_hazards_by_unit")}
    assert by_unit["马庄街道"] == (1, 1, 0, 0)     # H02
    assert by_unit["九里山街道"] == (2, 0, 2, 1)   # H05 (overdue), H06
    assert by_unit["曹镇乡"] == (2, 1, 1, 1)       # H08 (overdue), 企业Z (摘牌)
    assert [r["unit"] for r in q("listed_hazards", units=[JIULISHAN])] == ["九里山街道", "九里山街道"]


def test_accountability(q):
    got = {r["action_type"]: r["n"] for r in q("accountability_by_type")}
    # in 04-01..10-31: 约谈 九里山 08-01 and 马庄 10-20; 通报批评 住建局 09-01; 警示函 企业C 09-15
    # (问责 曹镇 11-10 after A, 约谈 应急 03-10 before S)
    assert got == {"约谈": 2, "通报批评": 1, "警示函": 1}
    rows = q("accountability_records")
    assert [(r["action_date"], r["target"], r["doc_no"]) for r in rows] == [
        (D(2022, 10, 20), "马庄街道", "湛安委办〔2022〕21号"), (D(2022, 9, 15), "企业C有限公司", "湛安委办〔2022〕18号"),
        (D(2022, 9, 1), "住房和城乡建设局", "湛安委〔2022〕15号"), (D(2022, 8, 1), "九里山街道", "湛安委办〔2022〕12号")]
    # 九里山 sees the 约谈 of itself and the 警示函 of its enterprise
    assert [r["target"] for r in q("accountability_records", units=[JIULISHAN])] == ["企业C有限公司", "九里山街道"]
    objects = {r["target"]: (r["target_kind"], r["n"]) for r in q("accountability_by_object")}
    assert objects == {"九里山街道": ("乡/街道", 1), "住房和城乡建设局": ("部门", 1), "企业C有限公司": ("企业", 1),
                       "马庄街道": ("乡/街道", 1)}


def test_stats_sections(loop_store):
    doc = stats(loop_store, Filters(S, A))
    assert doc["problems"] == {
        "found": 9, "rectified": 5, "open": 5, "overdue": 3, "rechecked": 4, "recheck_failed": 2, "closed": 2,
        "by_group": [  # as test_problems_by_group
            {"group": "第一督导组", "found": 5, "rectified": 3, "open": 2, "recheck_failed": 1},
            {"group": "第二督导组", "found": 4, "rectified": 1, "open": 3, "recheck_failed": 1},
            {"group": "第三督导组", "found": 0, "rectified": 1, "open": 0, "recheck_failed": 0},
            {"group": "第四督导组", "found": 0, "rectified": 0, "open": 0, "recheck_failed": 0},
            {"group": "第五督导组", "found": 0, "rectified": 0, "open": 0, "recheck_failed": 0},
            {"group": "第六督导组", "found": 0, "rectified": 0, "open": 0, "recheck_failed": 0}]}
    assert doc["listing"] == {"listed": 5, "delisted": 2, "open": 3, "overdue": 2,
                              "by_level": {"区级": 1, "市级": 1, "省级": 1}}   # as test_listing_summary_and_levels
    assert doc["accountability"] == {"total": 4, "by_type": {"约谈": 2, "通报批评": 1, "警示函": 1, "问责": 0, "提级调查": 0}}


def test_stats_json_cli_has_the_loop_sections(loop_db, tmp_path):
    import shutil
    db = tmp_path / "copy.duckdb"
    shutil.copy2(loop_db, db)
    out = subprocess.run([sys.executable, "-m", "safetyboard", "stats", "--db", str(db), "--since", "2022-04-01",
                          "--as-of", "2022-10-31", "--json"], capture_output=True, text=True, check=True)
    doc = json.loads(out.stdout)
    assert (doc["problems"]["found"], doc["listing"]["open"], doc["accountability"]["total"]) == (9, 3, 4)


def test_sections_are_there_with_zeros_without_loop_ledgers(fixture_db, tmp_path):
    import shutil
    s = Store(shutil.copy2(fixture_db, tmp_path / "copy.duckdb"), read_only=True)
    try:
        doc = stats(s, Filters(S, A))
    finally:
        s.close()
    assert doc["listing"] == {"listed": 0, "delisted": 0, "open": 0, "overdue": 0,
                              "by_level": {"区级": 0, "市级": 0, "省级": 0}}
    assert doc["accountability"]["total"] == 0 and doc["problems"]["found"] == 0


def test_major_list_takes_listing_from_the_register(q):
    rows = {r["record_key"]: r for r in q("major_hazards")}
    # H02: register 区级, 摘牌 07-25; H05: register 市级 (linked by name + description), not 摘牌
    assert (rows["H02"]["listed"], rows["H02"]["listed_from"], rows["H02"]["delisted_date"]) == (
        "区级", "挂牌督办登记", D(2022, 7, 25))
    assert (rows["H05"]["listed"], rows["H05"]["listed_from"], rows["H05"]["delisted_date"]) == (
        "市级", "挂牌督办登记", None)


def test_major_list_without_register_keeps_the_ledger_column(fixture_db, tmp_path):
    import shutil
    s = Store(shutil.copy2(fixture_db, tmp_path / "copy.duckdb"), read_only=True)
    try:
        rows = queries.run_rows(s, "major_hazards", Filters(S, A).params() | {"row_limit": 100})
    finally:
        s.close()
    assert {r["record_key"]: (r["listed"], r["listed_from"]) for r in rows} == {
        "H02": ("区级", "隐患台账"), "H05": ("市级", "隐患台账")}


def test_statistics_table_listed_follows_the_register(q):
    def major_listed(as_of):
        return next(r for r in q("hazard_stats_table_by_unit", as_of=as_of) if r["is_total"])["major_listed"]
    # 重大 found by 07-01: H02 (ledger 区级, register 挂牌 05-05) and H05 (found 07-01, ledger 市级, register 挂牌 07-05):
    # by the register only H02 is listed on 07-01; by 10-31 both are.
    assert major_listed(D(2022, 7, 1)) == 1
    assert major_listed(A) == 2
    # hazard_summary's 挂牌督办 stays the ledger column's (H02, H05)
    (h,) = q("hazard_summary", as_of=D(2022, 7, 1))
    assert h["listed"] == 2


def test_statistics_table_without_register_uses_the_ledger_column(fixture_db, tmp_path):
    import shutil
    s = Store(shutil.copy2(fixture_db, tmp_path / "copy.duckdb"), read_only=True)
    try:
        rows = queries.run_rows(s, "hazard_stats_table_by_unit", Filters(S, D(2022, 7, 1)).params())
    finally:
        s.close()
    assert next(r for r in rows if r["is_total"])["major_listed"] == 2      # H02, H05 by the ledger column


def test_recheck_grid_reached_without_problems_counts_zero(fixture_db, tmp_path):
    import shutil
    s = Store(shutil.copy2(fixture_db, tmp_path / "copy.duckdb"), read_only=True)
    try:
        p = Filters(S, A, units=(MAZHUANG,)).params()
        rows = queries.run_rows(s, "recheck_grid", p)
    finally:
        s.close()
    # no problem list: 马庄's 回头看 (10-10) reached it with 0 earlier problems, not an unknown count
    assert [(r["target"], r["reached"], r["problems_before"], r["problems_still_open"]) for r in rows] == [
        ("马庄街道", True, 0, 0)]
