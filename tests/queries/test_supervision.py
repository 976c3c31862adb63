"""Golden tests of the 督导检查 query files against the fixture ledgers (tests/fixture_ledgers.py).

Every expected number was worked out by hand from the fixture rows; the comments say how.
S = 2022-04-01 throughout; A = 2022-10-31 unless a test says otherwise (tests/query_support.py)."""
import datetime as dt

D = dt.date


def test_groups_side_by_side(q):
    # 第一: assigned 马庄, 应急; visits in [S, A]: 马庄 10-10 回头看, 应急 06-01 督导检查, 九里山 10-05 回头看
    #       (not its target) -> visited 2, visits 3; 回头看 in 10-01..10-31: 马庄 (3 found, 2 fixed), 九里山 (1, 1).
    # 第二: assigned 九里山, 企业C; visits 九里山 09-28 回头看 (before the window), 企业C 10-20 回头看 (4, 1).
    # 第三: assigned 曹镇; its only visit is 11-02, after A.
    rows = q("supervision_groups")
    got = {r["group"]: (r["assigned"], r["visited"], r["visits"], r["recheck_visits"], r["problems_found"],
                        r["problems_rectified"], r["rectified_rate"]) for r in rows}
    assert list(got) == ["第一督导组", "第二督导组", "第三督导组", "第四督导组", "第五督导组", "第六督导组"]
    assert got["第一督导组"] == (2, 2, 3, 2, 4, 3, 0.75)
    assert got["第二督导组"] == (2, 2, 2, 1, 4, 1, 0.25)
    assert got["第三督导组"] == (1, 0, 0, 0, 0, 0, None)
    assert got["第四督导组"] == (0, 0, 0, 0, 0, 0, None)


def test_groups_as_of_mid_october(q):
    # A = 10-15: 第二's 企业C re-check (10-20) has not happened; 第一's 马庄 (10-10) and 九里山 (10-05) have.
    got = {r["group"]: (r["visited"], r["visits"], r["recheck_visits"], r["problems_found"]) for r in q("supervision_groups", as_of=D(2022, 10, 15))}
    assert got["第一督导组"] == (2, 3, 2, 4)
    assert got["第二督导组"] == (1, 1, 0, 0)


def test_recheck_grid(q):
    # Reached = a 回头看 by the group in 10-01..10-31, not after A (supervision_coverage's rule).
    rows = q("recheck_grid")
    got = [(r["group"], r["target"], r["reached"], r["first_recheck"]) for r in rows]
    assert got == [
        ("第一督导组", "马庄街道", True, D(2022, 10, 10)),
        ("第一督导组", "应急管理局", False, None),          # only a 督导检查 on 06-01
        ("第二督导组", "九里山街道", False, None),          # its 回头看 was 09-28, before the window
        ("第二督导组", "企业C有限公司", True, D(2022, 10, 20)),
        ("第三督导组", "曹镇乡", False, None),              # 11-02: after the window and after A
    ]
    by = {(r["group"], r["target"]): r for r in rows}
    assert by[("第一督导组", "应急管理局")]["last_visit"] == D(2022, 6, 1)
    assert by[("第二督导组", "九里山街道")]["last_visit"] == D(2022, 9, 28)
    assert by[("第三督导组", "曹镇乡")]["last_visit"] is None


def test_recheck_grid_agrees_with_supervision_coverage(q):
    grid = q("recheck_grid")
    for g in q("supervision_coverage"):
        mine = [r for r in grid if r["group"] == g["group"]]
        assert (len(mine), sum(r["reached"] for r in mine)) == (g["assigned"], g["covered"])


def test_group_visits(q):
    # 第一督导组 in [S, A], newest first: 马庄 10-10 (assigned, counts), 九里山 10-05 (not assigned, in window),
    # 应急 06-01 督导检查 (assigned, does not count for 回头看).
    rows = q("supervision_visits", group="第一督导组")
    assert [(r["visit_date"], r["target"], r["assigned"], r["counts_for_recheck"]) for r in rows] == [
        (D(2022, 10, 10), "马庄街道", True, True), (D(2022, 10, 5), "九里山街道", False, True),
        (D(2022, 6, 1), "应急管理局", True, False)]
    assert (rows[0]["problems_found"], rows[0]["problems_rectified"]) == (3, 2)
    # 第三督导组's only visit (11-02) is after A.
    assert q("supervision_visits", group="第三督导组") == []
