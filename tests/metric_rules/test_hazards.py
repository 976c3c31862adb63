"""The hazard rules of DOMAIN.md (safetyboard/metric_rules/hazards.sql) on a hand-made set of hazards that sits on
their boundaries: 临期 A+7 beside A+8, an extension earlier than its 整改时限, 已整改 vs 已销号, no 时限 at all, a 重大
missing each one of the five 落实 items in turn, and an April hazard still open and overdue seen from the 集中整治
phase. Every expected number is counted by hand in its comment.

A = 2022-10-31; the phase is 集中整治, S = 2022-06-01; upcoming_days = 7, so 临期 = deadline in [10-31, 11-07].
All rows are 马庄 (410411001000), 企业A (enterprise 1), 一般, 未整改, 挂牌 否 unless the table says otherwise.

    no   level found  deadline  延期至   status  (done)   listed  note
    R01  一般  04-10  05-10                                     April, open, overdue: outside the phase, still a stock
    R02  一般  06-10  11-07                                     A+7: 临期
    R03  一般  06-10  11-08                                     A+8: not 临期
    R04  一般  06-10  10-31                                     due on A: 临期, not overdue
    R05  一般  06-10  10-30                                     A-1: overdue
    R06  一般  06-10  -                                         未定整改时限
    R07  一般  06-10  10-01     11-15                           extended later: in force 11-15, neither
    R08  一般  06-10  11-20     10-20                           extension earlier: ignored, in force 11-20, neither
    R09  一般  06-10  10-01              已整改 (10-01)  省级    rectified, not closed; 挂牌 of a 一般 hazard
    R10  一般  06-10  10-01              已销号 (10-02)          rectified and closed
    R11  一般  06-10  10-20              已整改 (11-05)          done after A: open at A, overdue
    R12  一般  06-10  10-01              已销号 (none)           rectified and closed
    R13  一般  11-02  11-10                                     found after A: in nothing
    M0   重大  07-01  12-31                                     all five: 责任人 张三, 措施 加固, 资金 1000, 时限, 预案 有
    M1   重大  07-01  12-31                                     责任人 '无' (not filled)
    M2   重大  07-01  12-31                                     措施 missing: not 列入治理计划
    M3   重大  07-01  12-31                                     资金 missing
    M4   重大  07-01  -                                         时限 missing: 未定整改时限 (重大)
    M5   重大  07-01  12-31                                     预案 '' (not filled)
    M6   重大  07-01  12-31              已整改 (09-01)  区级    all five; 已整改待销号
    M7   重大  07-01  12-31              已销号 (09-02)  市级    all five
"""
import datetime as dt

import pyarrow as pa
import pytest

from safetyboard import queries, rules
from safetyboard.metrics import Filters
from safetyboard.store import Store, run

D = dt.date
A = D(2022, 10, 31)
PHASE = D(2022, 6, 1)
MAZHUANG = "410411001000"
FIVE = dict(responsible="张三", measures_taken="加固", funds_yuan=1000.0, deadline=D(2022, 12, 31), emergency_plan="有")


def hazard(no, found, deadline=None, extended_to=None, status="未整改", done=None, listed="否", level="一般", **extra):
    return {"record_key": no, "hazard_no": no, "key_derived": False, "unit_code": MAZHUANG, "unit": "马庄街道",
            "enterprise": "企业A", "enterprise_key": "企业A", "credit_code": None, "industry": "工贸",
            "department": "应急管理局", "description": no, "level": level, "found_date": found, "deadline": deadline,
            "extended_to": extended_to, "responsible": None, "measures_taken": None, "funds_yuan": None,
            "emergency_plan": None, "status": status, "rectified_date": done, "listed": listed, "import_id": 1,
            "enterprise_id": 1, **extra}


def major(no, status="未整改", done=None, listed="否", **change):
    return hazard(no, D(2022, 7, 1), level="重大", status=status, done=done, listed=listed, **{**FIVE, **change})


ROWS = [
    hazard("R01", D(2022, 4, 10), D(2022, 5, 10)),
    hazard("R02", D(2022, 6, 10), D(2022, 11, 7)),
    hazard("R03", D(2022, 6, 10), D(2022, 11, 8)),
    hazard("R04", D(2022, 6, 10), D(2022, 10, 31)),
    hazard("R05", D(2022, 6, 10), D(2022, 10, 30)),
    hazard("R06", D(2022, 6, 10)),
    hazard("R07", D(2022, 6, 10), D(2022, 10, 1), extended_to=D(2022, 11, 15)),
    hazard("R08", D(2022, 6, 10), D(2022, 11, 20), extended_to=D(2022, 10, 20)),
    hazard("R09", D(2022, 6, 10), D(2022, 10, 1), status="已整改", done=D(2022, 10, 1), listed="省级"),
    hazard("R10", D(2022, 6, 10), D(2022, 10, 1), status="已销号", done=D(2022, 10, 2)),
    hazard("R11", D(2022, 6, 10), D(2022, 10, 20), status="已整改", done=D(2022, 11, 5)),
    hazard("R12", D(2022, 6, 10), D(2022, 10, 1), status="已销号"),
    hazard("R13", D(2022, 11, 2), D(2022, 11, 10)),
    major("M0"),
    major("M1", responsible="无"),
    major("M2", measures_taken=None),
    major("M3", funds_yuan=None),
    major("M4", deadline=None),
    major("M5", emergency_plan=""),
    major("M6", status="已整改", done=D(2022, 9, 1), listed="区级"),
    major("M7", status="已销号", done=D(2022, 9, 2), listed="市级"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = Store(tmp_path_factory.mktemp("rules") / "rules.duckdb")
    cur = s.cursor()
    cur.register("_rows", pa.Table.from_pylist(ROWS))
    run(cur, "INSERT INTO imports (import_id, sha256, file_name, imported_at) VALUES (1, 'x', 'rules', now())")
    run(cur, "INSERT INTO enterprises VALUES (1, '企业A')")
    run(cur, "INSERT INTO hazards BY NAME SELECT * FROM _rows")
    cur.close()
    yield s
    s.close()


def q(store, name, since=PHASE, as_of=A, **extra):
    return queries.run_rows(store, name, {**Filters(since, as_of).params(), **extra})


def test_hazard_summary_in_the_phase(store):
    h = q(store, "hazard_summary")[0]
    # Flows, found in [06-01, 10-31]: R02-R12 (11) and M0-M7 (8) = 19; R01 (04-10) and R13 (11-02) outside.
    assert h["total"] == 19
    assert h["major"] == 8
    assert h["rectified"] == 5          # R09, R10, R12 (销号 without date), M6, M7; R11 done only 11-05
    assert h["closed"] == 3             # 已销号: R10, R12, M7
    assert h["major_rectified"] == 2    # M6 (已整改待销号), M7
    assert h["major_closed"] == 1       # M7
    assert h["listed"] == 3             # R09 省级 (一般 too), M6 区级, M7 市级
    assert h["planned"] == 7            # 重大 with 措施: all but M2
    assert h["five_complete"] == 3      # M0, M6, M7; M1-M5 each miss one item
    # Stocks at A, whatever S: open = found <= A and not rectified at A: R01-R08, R11, M0-M5 = 15.
    assert h["open"] == 15
    assert h["overdue"] == 3            # R01 (05-10, found in April), R05 (10-30), R11 (10-20, done after A)
    assert h["upcoming"] == 2           # R02 (A+7), R04 (A); R03 at A+8 is not
    assert h["no_deadline"] == 2        # R06, M4
    assert h["major_open"] == 6         # M0-M5
    assert h["major_no_deadline"] == 1  # M4


def test_the_phase_never_hides_an_open_overdue_hazard(store):
    # From the whole campaign or from the phase, overdue is the same stock; the flow total differs.
    whole, phase = q(store, "hazard_summary", since=D(2022, 4, 1))[0], q(store, "hazard_summary")[0]
    assert (whole["total"], phase["total"]) == (20, 19)      # R01 is found in April
    assert whole["overdue"] == phase["overdue"] == 3
    listed = [r["hazard_no"] for r in q(store, "overdue_and_upcoming_hazards", upcoming_days=7, row_limit=100)
              if r["kind"] == "overdue"]
    assert listed == ["R01", "R11", "R05"]                   # longest overdue first: 174, 11, 1 days
    unit = next(r for r in q(store, "hazards_by_unit") if r["code"] == MAZHUANG)
    assert (unit["total"], unit["open"], unit["overdue"]) == (19, 15, 3)
    top = q(store, "top_overdue_units", top_n=5)
    assert [(r["code"], r["overdue"], r["open"]) for r in top] == [(MAZHUANG, 3, 15)]
    # the map's list of the unit: found in the phase (19) plus April's R01, still open: 20, R01 first (overdue)
    listed = q(store, "unit_hazards", unit_code=MAZHUANG, upcoming_days=7, row_limit=100)
    assert len(listed) == 20 and listed[0]["hazard_no"] == "R01" and listed[0]["overdue"]
    assert sorted(r["hazard_no"] for r in listed if r["no_deadline"]) == ["M4", "R06"]


@pytest.mark.parametrize("days, expected", [(6, {"R04"}), (7, {"R02", "R04"}), (8, {"R02", "R03", "R04"})])
def test_upcoming_window_boundaries(store, days, expected):
    # deadline in force in [A, A + days]: R04 on A, R02 on A+7, R03 on A+8 (R08's extension 10-20 is ignored: 11-20).
    rows = q(store, "overdue_and_upcoming_hazards", upcoming_days=days, row_limit=100)
    assert {r["hazard_no"] for r in rows if r["kind"] == "upcoming"} == expected


def test_extension_counts_only_when_later(store):
    rows = {r["hazard_no"]: r for r in q(store, "overdue_and_upcoming_hazards", upcoming_days=30, row_limit=100)}
    # R07: 10-01 extended to 11-15 -> in force 11-15 (临期 within 30 days), not overdue.
    assert (rows["R07"]["kind"], rows["R07"]["deadline_in_force"]) == ("upcoming", D(2022, 11, 15))
    # R08: 11-20 "extended" to 10-20 -> ignored, in force 11-20; with the extension it would be overdue.
    assert (rows["R08"]["kind"], rows["R08"]["deadline_in_force"]) == ("upcoming", D(2022, 11, 20))


def test_statistics_table_row(store):
    row = next(r for r in q(store, "hazard_stats_table_by_unit") if r["code"] == MAZHUANG)
    assert row["major_total"] == 8
    assert row["major_rectified"] == 1      # 已整改销号 = 已销号 only: M7 (M6 is 已整改待销号)
    assert row["major_planned"] == 7        # all but M2 (no 措施)
    assert row["planned_targets"] == 7      # 措施: every planned one, by definition
    assert row["planned_funds"] == 6        # planned minus M3
    assert row["planned_staff"] == 6        # planned minus M1
    assert row["planned_time"] == 6         # planned minus M4
    assert row["planned_plan"] == 6         # planned minus M5
    assert row["major_listed"] == 2         # 其中挂牌督办（重大）: M6, M7; R09 is 一般
    assert row["general_total"] == 11 and row["general_rectified"] == 3     # R02-R12; R09, R10, R12


def test_major_list_flags(store):
    rows = {r["hazard_no"]: r for r in q(store, "major_hazards", row_limit=100)}
    # each of M1-M5 misses exactly its own item, and only it
    missing = {no: [k for k in ("has_responsible", "has_measures", "has_funds", "has_deadline", "has_plan")
                    if not r[k]] for no, r in rows.items()}
    assert missing == {"M0": [], "M1": ["has_responsible"], "M2": ["has_measures"], "M3": ["has_funds"],
                       "M4": ["has_deadline"], "M5": ["has_plan"], "M6": [], "M7": []}
    assert sorted(no for no, r in rows.items() if r["five_complete"]) == ["M0", "M6", "M7"]
    assert sorted(no for no, r in rows.items() if r["no_deadline"]) == ["M4"]
    assert sorted(no for no, r in rows.items() if r["rectified"] and not r["closed"]) == ["M6"]   # 已整改待销号


def test_by_key_progress_mixes_flows_and_stocks(store):
    (row,) = [r for r in q(store, "rectification_by_unit", upcoming_days=7) if r["code"] == MAZHUANG]
    # flows over the phase (19 found, 5 rectified); stocks at A (overdue 3, 临期 2, no 时限 2)
    assert (row["total"], row["rectified"], row["overdue"], row["upcoming"], row["no_deadline"]) == (19, 5, 3, 2, 2)


def test_every_status_spelling_counts_by_its_status(store):
    # Each spelling of the status vocabulary, taken from the vocabulary itself, parses to its status; the
    # rectified ones are exactly those of RECTIFIED_STATUSES, in SQL as in Python.
    spellings = rules.STATUS_VOCAB
    assert set(spellings.values()) == set(rules.HAZARD_STATUSES)
    for written, status in spellings.items():
        assert rules.parse_status(written) == status, written
        assert store.scalar("SELECT is_rectified($s, NULL, $a)", {"s": status, "a": A}) == \
            (status in rules.RECTIFIED_STATUSES), written
    # and the vocabulary holds every spelling the district's ledgers use (a dropped one would reject real rows)
    assert {w for w, s in spellings.items() if s == "已整改"} >= {"已整改", "已完成", "完成", "整改完成", "完成整改",
                                                                "已整改完毕", "已整改完成", "整改完毕"}
    assert {w for w, s in spellings.items() if s == "已销号"} >= {"已销号", "销号"}
    assert {w for w, s in spellings.items() if s == "整改中"} >= {"整改中", "正在整改"}
    assert {w for w, s in spellings.items() if s == "未整改"} >= {"未整改", "未完成", "待整改"}


def test_an_extension_not_later_than_the_deadline_is_a_warning_on_import(tmp_path):
    from workbook_support import write_xlsx

    from safetyboard.ledgers.importer import import_file
    header = ["隐患编号", "所属乡（街道）", "单位名称", "监管部门", "隐患描述", "隐患等级", "发现日期", "整改时限", "延期至",
              "整改状态"]
    path = write_xlsx(tmp_path / "隐患.xlsx", {"隐患": [["2022年隐患台账"], header,
        ["E1", "马庄", "企业A", "应急局", "a", "一般", "2022-06-01", "2022-07-01", "2022-08-01", "未整改"],   # later: fine
        ["E2", "马庄", "企业A", "应急局", "b", "一般", "2022-06-01", "2022-07-01", "2022-07-01", "未整改"],   # same day
        ["E3", "马庄", "企业A", "应急局", "c", "一般", "2022-06-01", "2022-07-01", "2022-06-20", "未整改"],   # earlier
        ["E4", "马庄", "企业A", "应急局", "d", "一般", "2022-06-01", None, "2022-06-20", "未整改"],           # no 时限
    ]})
    s = Store(tmp_path / "w.duckdb")
    try:
        (r,) = import_file(s, path)
        assert (r.accepted, r.warnings) == (4, 3)
        message = "延期至不晚于整改时限（或未填整改时限），延期已忽略，请核实"
        assert s.query("SELECT row_number, record_key, message FROM warnings ORDER BY row_number").to_pylist() == [
            {"row_number": 4, "record_key": "E2", "message": message},
            {"row_number": 5, "record_key": "E3", "message": message},
            {"row_number": 6, "record_key": "E4", "message": message}]
        # the stored rows keep what the ledger says; the rule decides what is in force
        assert s.query("SELECT record_key, effective_deadline(deadline, extended_to) AS d FROM hazards ORDER BY 1"
                       ).to_pylist() == [{"record_key": "E1", "d": D(2022, 8, 1)}, {"record_key": "E2", "d": D(2022, 7, 1)},
                                         {"record_key": "E3", "d": D(2022, 7, 1)}, {"record_key": "E4", "d": None}]
    finally:
        s.close()


@pytest.mark.parametrize("sql, expected", [
    # 已整改 as of A: done on A counts, the day after does not; a rectified row without a date counts.
    ("is_rectified('已整改', DATE '2022-10-31', DATE '2022-10-31')", True),
    ("is_rectified('已整改', DATE '2022-11-01', DATE '2022-10-31')", False),
    ("is_rectified('已销号', NULL, DATE '2022-10-31')", True),
    ("is_rectified('整改中', NULL, DATE '2022-10-31')", False),
    ("is_closed('已整改', DATE '2022-10-01', DATE '2022-10-31')", False),
    # 未定整改时限 is open and without any deadline in force: a rectified one without a 时限 is not.
    ("has_no_deadline('已整改', DATE '2022-10-01', NULL, NULL, DATE '2022-10-31')", False),
    ("has_no_deadline('未整改', NULL, NULL, DATE '2022-11-30', DATE '2022-10-31')", True),   # an extension of nothing
    ("has_no_deadline('未整改', NULL, DATE '2022-11-30', NULL, DATE '2022-10-31')", False),
    # 逾期 and 临期 at their edges (deadline in force A-1, A, A+7, A+8)
    ("is_overdue('未整改', NULL, DATE '2022-10-30', NULL, DATE '2022-10-31')", True),
    ("is_overdue('未整改', NULL, DATE '2022-10-31', NULL, DATE '2022-10-31')", False),
    ("is_overdue('已整改', DATE '2022-10-31', DATE '2022-10-30', NULL, DATE '2022-10-31')", False),
    ("is_upcoming('未整改', NULL, DATE '2022-11-07', NULL, DATE '2022-10-31', 7)", True),
    ("is_upcoming('未整改', NULL, DATE '2022-11-08', NULL, DATE '2022-10-31', 7)", False),
    ("is_listed('否')", False),
    ("is_listed('省级')", True),
])
def test_rule_macros_at_their_boundaries(store, sql, expected):
    assert store.scalar(f"SELECT {sql}") is expected      # SQL written here, no value from outside


def test_listed_spellings_of_the_district(store):
    listed = rules.LISTED_VOCAB
    for written, level in listed.items():
        assert rules.parse_listed(written) == level
        assert store.scalar("SELECT is_listed($l)", {"l": level}) == (level != "否"), written
    for level, spellings in {"区级": {"区级", "区级挂牌", "区级挂牌督办", "区挂牌", "区"},
                             "市级": {"市级", "市级挂牌", "市级挂牌督办", "市挂牌", "市"},
                             "省级": {"省级", "省级挂牌", "省级挂牌督办", "省挂牌", "省"},
                             "否": {"否", "无", "未挂牌", "不挂牌", "N", "0"}}.items():
        assert {w for w, v in listed.items() if v == level} >= {rules.fold(s) for s in spellings}, level


def _insert(store, table: str, rows: list[dict]) -> None:
    cur = store.cursor()
    try:
        cur.register("_rows", pa.Table.from_pylist(rows))
        run(cur, f'INSERT INTO "{table}" BY NAME SELECT * FROM _rows')     # table: one of this test's names
        cur.unregister("_rows")
    finally:
        cur.close()


def test_recheck_counts_only_recheck_visits_in_the_window_and_not_after_a(tmp_path):
    s = Store(tmp_path / "recheck.duckdb")
    try:
        targets = ["马庄街道", "九里山街道", "曹镇乡", "姚孟街道"]
        _insert(s, "assignments", [{"record_key": f"A{i}", "group": "第一督导组", "target": t, "target_kind": "乡/街道",
                                    "target_key": t, "import_id": 1} for i, t in enumerate(targets)])
        visits = [("马庄街道", "回头看", D(2022, 10, 10)),     # counts
                  ("九里山街道", "督导检查", D(2022, 10, 12)),  # a 督导检查 visit, not a 回头看
                  ("曹镇乡", "回头看", D(2022, 10, 20)),        # in the window but after A = 10-15
                  ("姚孟街道", "回头看", D(2022, 9, 28))]       # before the window
        _insert(s, "supervision", [{"record_key": f"V{i}", "group": "第一督导组", "visit_type": kind, "target": t,
                                    "target_kind": "乡/街道", "target_key": t, "visit_date": day, "import_id": 1}
                                   for i, (t, kind, day) in enumerate(visits)])
        rows = queries.run_rows(s, "supervision_coverage", Filters(D(2022, 4, 1), D(2022, 10, 15)).params())
        first = next(r for r in rows if r["group"] == "第一督导组")
        assert (first["assigned"], first["covered"]) == (4, 1)       # 马庄 only
        later = queries.run_rows(s, "supervision_coverage", Filters(D(2022, 4, 1), D(2022, 10, 31)).params())
        assert next(r for r in later if r["group"] == "第一督导组")["covered"] == 2   # 马庄, 曹镇乡
    finally:
        s.close()


def test_enterprise_identity_is_the_credit_code_first(tmp_path):
    from workbook_support import write_xlsx

    from safetyboard.ledgers.importer import import_file
    header = ["隐患编号", "所属乡（街道）", "单位名称", "统一社会信用代码", "监管部门", "隐患描述", "隐患等级", "发现日期",
              "整改状态"]
    path = write_xlsx(tmp_path / "隐患.xlsx", {"隐患": [["2022年隐患台账"], header,
        # one enterprise under two names (same code); two others
        ["I1", "马庄", "平顶山甲公司", "91350100M000100Y43", "应急局", "a", "一般", "2022-06-01", "未整改"],
        ["I2", "马庄", "甲公司", "91350100M000100Y43", "应急局", "b", "一般", "2022-06-01", "未整改"],
        ["I3", "马庄", "乙公司", "91350100M000100Y56", "应急局", "c", "一般", "2022-06-01", "未整改"],
        ["I4", "马庄", "丙公司", "91350100M000100Y69", "应急局", "d", "一般", "2022-06-01", "未整改"],
    ]})
    s = Store(tmp_path / "e.duckdb")
    try:
        (r,) = import_file(s, path)
        assert r.accepted == 4, r
        h = queries.run_rows(s, "hazard_summary", Filters(D(2022, 4, 1), A).params())[0]
        assert h["enterprises"] == 3      # code ...Y43 (two names), ...Y56, ...Y69; by name it would be 4
    finally:
        s.close()


def test_a_leaders_view_of_the_phase_still_shows_aprils_open_overdue_hazard(store, monkeypatch, tmp_path):
    from apptest_support import run_page

    from safetyboard.store import close_store
    monkeypatch.setenv("SAFETYBOARD_DB", str(store.path))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    try:
        at = run_page("pages/overview.py", as_of="2022-10-31", phase="集中整治")
        tiles = {m.label: m.value for m in at.metric}
        # found in the phase: 19 (R01 is April's); overdue at A: R01, R05, R11 = 3 — R01 included
        assert tiles["隐患总数（本期）"] == "19" and tiles["逾期未整改（截至10月31日）"] == "3"
        assert tiles["未定整改时限（截至10月31日）"] == "2"        # R06, M4
        at = run_page("pages/rectification.py", as_of="2022-10-31", phase="集中整治")
        late = next(d.value for d in at.dataframe if "逾期天数" in d.value.columns)
        assert late.loc[late["类别"] == "逾期", "隐患编号"].tolist() == ["R01", "R11", "R05"]
        major = next(d.value for d in at.dataframe if "五落实" in d.value.columns).set_index("隐患编号")
        assert major.loc["M4", "未定整改时限"] == "⚠ 未定时限" and major.loc["M6", "销号"] == "已整改待销号"
    finally:
        close_store(store.path)


def test_typical_cases_count_in_the_quarter_of_the_decision_else_of_filing(tmp_path):
    s = Store(tmp_path / "typical.duckdb")
    try:
        case = {"department": "应急管理局", "party": "企业A", "unit_code": MAZHUANG, "typical": True, "import_id": 1}
        _insert(s, "enforcement", [
            {**case, "record_key": "K1", "case_no": "K1", "filed_date": D(2022, 6, 28), "decision_date": D(2022, 7, 5)},
            {**case, "record_key": "K2", "case_no": "K2", "filed_date": D(2022, 6, 20), "decision_date": None},
        ])
        params = {**Filters(D(2022, 4, 1), A).params(), "typical_min": 1, "typical_max": 3}
        rows = queries.run_rows(s, "typical_cases_by_quarter", params)
        got = {r["quarter"]: (r["typical"], r["state"]) for r in rows if r["department"] == "应急管理局"}
        # K1 decided 07-05 -> Q3 (filed in Q2); K2 without a decision -> its filing quarter, Q2
        assert got == {2: (1, "ok"), 3: (1, "ok"), 4: (0, "pending")}
    finally:
        s.close()
