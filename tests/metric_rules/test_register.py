"""Golden figures of the 底数 (排查覆盖率), the cross-checks and the accident ledger (safetyboard/metric_rules/register.sql), counted by hand from
tests/fixture_register.py (A = 2022-10-31, S = 2022-04-01)."""
import datetime as dt

import pytest

from safetyboard.metrics import Filters, stats
from safetyboard.queries import run_rows
from safetyboard.store import Store

FILTERS = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31))
MAZHUANG, JIULISHAN, CAOZHEN = "410411001000", "410411004000", "410411200000"


@pytest.fixture(scope="module")
def doc(register_db):
    s = Store(register_db)
    yield stats(s, FILTERS)
    s.close()


@pytest.fixture(scope="module")
def store(register_db):
    s = Store(register_db)
    yield s
    s.close()


def test_register_import_keeps_one_row_per_enterprise(store):
    got = store.query("SELECT ledger_type, accepted, rejected FROM import_sheets WHERE ledger_type IN ('register', "
                      "'accidents') ORDER BY ledger_type").to_pylist()
    # 9 register rows, the 9th has the 1st's 统一社会信用代码; 5 accident rows, one without 事故编号 (derived key)
    assert [tuple(r.values()) for r in got] == [("accidents", 5, 0), ("register", 8, 1)]
    reason = store.scalar("SELECT reasons FROM rejections WHERE ledger_type = 'register'")
    assert reason == "统一社会信用代码(无代码时为单位名称)「91410411MA0000001B」与本表第3行重复"


def test_a_register_import_replaces_the_whole_register(register_db, tmp_path):
    import shutil

    from safetyboard.ledgers.importer import import_file
    db = tmp_path / "r.duckdb"
    shutil.copy2(register_db, db)
    path = tmp_path / "名录.csv"
    path.write_text("单位名称,所属乡(街道),是否重点\n新单位,曹镇,是\n", encoding="utf-8")
    s = Store(db)
    try:
        [r] = import_file(s, path)
        assert (r.ledger_type, r.accepted, r.replaced) == ("register", 1, 8)
        assert s.query("SELECT enterprise FROM register").to_pylist() == [{"enterprise": "新单位"}]
    finally:
        s.close()


def test_coverage(doc):
    c = doc["coverage"]
    # registered 8; inspected: 甲公司 (X01 by code), 乙 有限 公司 (X02 by folded name), 丁公司 (X04 by name),
    # 某某加油站 (最近排查 06-15), 己公司 (X06 by code) = 5. Not: 丙公司 (register CX, hazard CC: codes differ),
    # 某某餐馆 (最近排查 before S), 癸公司 (its hazard X11 found before S).
    assert (c["registered"], c["inspected"], c["rate"]) == (8, 5, 0.625)
    # 重点: 甲公司, 丙公司, 某某加油站, 己公司 = 4; inspected 甲, 加油站, 己 = 3
    assert (c["key_registered"], c["key_inspected"], c["key_rate"]) == (4, 3, 0.75)
    # 涉及隐患的单位数: enterprises with hazards found in [S, A]: 甲 乙 丙 丁 戊 己 庚 辛 壬 = 9 (癸 before S)
    assert c["has_register"] is True and c["hazard_enterprises"] == 9
    by_unit = {u["code"]: (u["registered"], u["inspected"], u["rate"]) for u in c["by_unit"]}
    assert len(by_unit) == 10
    # 马庄: 甲 乙 癸 (癸 not); 九里山: 丙 丁 加油站 (丙 not); 曹镇: 餐馆 己 (餐馆 not)
    assert by_unit[MAZHUANG] == (3, 2, 0.6667) and by_unit[JIULISHAN] == (3, 2, 0.6667)
    assert by_unit[CAOZHEN] == (2, 1, 0.5)
    assert by_unit["410411002000"] == (0, 0, None)


def test_uninspected_list_by_unit(store):
    rows = run_rows(store, "uninspected_enterprises", FILTERS.params())
    # 马庄 癸公司; 九里山 丙公司 (重点); 曹镇 某某餐馆
    assert [(r["unit"], r["enterprise"], r["key_unit"]) for r in rows] == [
        ("马庄街道", "癸公司", False), ("九里山街道", "丙公司", True), ("曹镇乡", "某某餐馆", False)]


def test_coverage_by_industry_and_department(store):
    p = FILTERS.params()
    ind = {r["industry"]: (r["registered"], r["inspected"]) for r in run_rows(store, "register_coverage_by_industry", p)}
    # 工贸: 甲 乙 癸 (2 inspected); 危险化学品: 丙 加油站 (1); 商贸: 丁 餐馆 (1); 燃气: 己 (1)
    assert ind == {"工贸": (3, 2), "危险化学品": (2, 1), "商贸": (2, 1), "燃气": (1, 1)}
    dep = {r["department"]: (r["registered"], r["inspected"]) for r in run_rows(store, "register_coverage_by_department", p)}
    # 应急管理局: 甲 乙 丙 加油站 癸 (甲 乙 加油站); 市场监督管理局: 丁 餐馆 (丁); 城市管理局: 己
    assert dep == {"应急管理局": (5, 3), "市场监督管理局": (2, 1), "城市管理局": (1, 1)}


def test_coverage_follows_the_unit_filter(register_db):
    s = Store(register_db)
    try:
        c = stats(s, Filters(FILTERS.since, FILTERS.as_of, units=(CAOZHEN,)))["coverage"]
    finally:
        s.close()
    assert (c["registered"], c["inspected"], c["key_registered"], c["key_inspected"]) == (2, 1, 1, 1)
    assert [u["code"] for u in c["by_unit"]] == [CAOZHEN]


def test_without_a_register_coverage_is_empty_and_the_hazard_figure_stays(fixture_db):
    s = Store(fixture_db)
    try:
        c = stats(s, FILTERS)["coverage"]
    finally:
        s.close()
    # the golden fixture has no register: no rate; 涉及隐患的单位数 as hazard_summary's enterprises (A B C D E F = 6)
    assert (c["has_register"], c["registered"], c["rate"], c["hazard_enterprises"]) == (False, 0, None, 6)


def test_cross_checks(doc):
    x = doc["cross_checks"]
    # overdue at A: X01 X02 X04 X05 X11 = 5; with a case since found: X01 (K1, by code), X02 (K2, by folded name);
    # without: X04 (K4 filed before found), X05 (K5 names 戊公司分公司), X11 (no case) = 3
    assert (x["checked_overdue"], x["overdue_without_case"]) == (5, 3)
    # open 重大: X03; K3 against 丙公司 carries another code → no case
    assert (x["checked_major"], x["major_without_case"]) == (1, 1)
    # 自查自改仍处罚: K6 (X06 by code), K7 (X07 has no code → by name); not K8 (X08 rectified late), not K9 (filed
    # before X09 was found)
    assert x["self_found_penalised"] == 2
    assert x["matched"] == {"hazards_by_code": 1, "hazards_by_name": 1, "self_found_by_code": 1, "self_found_by_name": 1}


def test_cross_check_lists(store):
    p = FILTERS.params()
    rows = run_rows(store, "hazards_unpunished", p)
    assert sorted((r["hazard_no"], r["overdue"]) for r in rows) == [
        ("X03", False), ("X04", True), ("X05", True), ("X11", True)]
    groups = {(r["kind"], r["name"]): (r["overdue"], r["major"]) for r in run_rows(store, "hazards_unpunished_by_group", p)}
    # X04, X05 市场监督管理局 九里山; X11 应急管理局 马庄; X03 (重大) 应急管理局 九里山
    assert groups == {("监管部门", "市场监督管理局"): (2, 0), ("监管部门", "应急管理局"): (1, 1),
                      ("乡/街道", "九里山街道"): (2, 1), ("乡/街道", "马庄街道"): (1, 0)}
    selfs = run_rows(store, "punished_self_found_hazards", p)
    assert [(r["case_no"], r["hazard_no"], r["matched_by"]) for r in selfs] == [
        ("K6", "X06", "统一社会信用代码"), ("K7", "X07", "单位名称")]


def test_accidents(doc):
    a = doc["accidents"]
    # in [S, A]: SG01 (1 dead, 2 hurt, 120 万元), SG02 (0, 3, 35.5, 瞒报); SG03 is after A
    assert {k: a[k] for k in ("count", "deaths", "injuries", "loss_wan", "concealed")} == {
        "count": 2, "deaths": 1, "injuries": 5, "loss_wan": 155.5, "concealed": 1}
    # [2021-04-01, 2021-10-31]: the 2021-06-01 accident without a number (0, 1, 5 万元); SG05 (2021-03-01) before it
    assert a["previous_year"] == {"count": 1, "deaths": 0, "injuries": 1, "loss_wan": 5.0, "has_data": True}


def test_accidents_by_month_and_unit(store):
    p = FILTERS.params()
    months = [(r["month"].isoformat(), r["count"], r["prev_count"]) for r in run_rows(store, "accidents_by_month", p)]
    assert months == [("2022-05-01", 1, 0), ("2022-06-01", 0, 1), ("2022-08-01", 1, 0)]
    units = {r["code"]: (r["count"], r["deaths"], r["concealed"], r["prev_count"]) for r in run_rows(store, "accidents_by_unit", p)}
    assert units[MAZHUANG] == (1, 1, 0, 1) and units[JIULISHAN] == (1, 0, 1, 0) and units[CAOZHEN] == (0, 0, 0, 0)
    listed = run_rows(store, "accident_list", p)
    assert [(r["accident_no"], r["concealed"]) for r in listed] == [("SG02", True), ("SG01", False)]


def test_discovery_breakdown(doc):
    # found in [S, A]: X01–X10; 部门检查 X01–X05 (X05 written 执法检查) = 5, 企业自查 X06–X09 (X07 written 自查) = 4,
    # 举报 X10 = 1; X11 (no 发现方式) is before S
    assert [(r["method"], r["hazards"], r["share"]) for r in doc["discovery"]] == [
        ("企业自查", 4, 0.4), ("部门检查", 5, 0.5), ("督导检查", 0, 0.0), ("举报", 1, 0.1), ("专家会诊", 0, 0.0)]


def test_register_points_count_each_enterprise_s_hazards(store):
    rows = run_rows(store, "register_points", FILTERS.params())
    got = {r["enterprise"]: (r["lon"], r["lat"], r["hazards"], r["open"]) for r in rows}
    # The four register rows with 经度/纬度 (tests/fixture_register.py; 某某加油站's is written 113.2650°):
    # 甲公司 by code: X01 (found 05-01) and X10 (10-01), both open at A; 丙公司 (CX): X03 carries another code, so
    # nothing; 某某加油站: no hazard; 癸公司 by name: X11 was found 03-01, before S (not 本期) and is still open at A.
    assert got == {"甲公司": (113.3012, 33.7401, 2, 2), "丙公司": (113.2605, 33.6902, 0, 0),
                   "某某加油站": (113.265, 33.695, 0, 0), "癸公司": (113.3101, 33.735, 0, 1)}
    # A 乡/街道 sees its own: 马庄 has 甲公司 and 癸公司.
    mine = run_rows(store, "register_points", {**FILTERS.params(), "units": [MAZHUANG]})
    assert [r["enterprise"] for r in mine] == ["甲公司", "癸公司"]          # by name (甲 U+7532 before 癸 U+7678)
