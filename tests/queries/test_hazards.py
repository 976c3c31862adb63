"""Golden tests of the hazard query files (总览, 隐患地图, 隐患整改: the ones in MY_QUERIES) against the fixture
ledgers (tests/fixture_ledgers.py).

Every expected value was worked out by hand from the fixture rows; the comments say how. The hazard rows in
scope at A = 2022-10-31, S = 2022-04-01 (H09 found 11-05 is after A, H10 found 03-15 before S):

    no   unit    enterprise industry  department        level found  deadline (延期至)   status (done)      listed
    H01  马庄    企业A      工贸      应急管理局        一般  04-10  05-10               已整改 (05-01)     否
    H02  马庄    企业A      工贸      应急管理局        重大  05-01  08-01               已销号 (07-20)     区级
    H03  马庄    企业B      建筑施工  住房和城乡建设局  一般  06-01  07-01               整改中             否
    H04  马庄    企业B      建筑施工  住房和城乡建设局  一般  06-15  09-30 (11-30)       未整改             否
    H05  九里山  企业C有限公司 危险化学品 应急管理局    重大  07-01  10-01               未整改             市级
    H06  九里山  企业C有限公司 危险化学品 应急管理局    一般  08-01  11-05               整改中             否
    H07  九里山  企业D      商贸      市场监督管理局    一般  09-01  10-15               已整改 (11-10!)    否
    H08  曹镇乡  企业E      燃气      城市管理局        一般  10-01  10-31               未整改             否
    H11  曹镇乡  企业F      工贸      应急管理局        一般  10-20  12-01               已整改 (no date)   否
    H12  马庄    企业A      工贸      应急管理局        一般  04-20  05-20               已整改 (04-30)     否

So as of A: rectified = H01, H02, H11, H12 (H07 only on 11-10); overdue (deadline in force < A, not rectified)
= H03 (07-01), H05 (10-01), H07 (10-15); H04's extension to 11-30 keeps it in time; 临期 (deadline in force in
[A, A+7] = [10-31, 11-07], not rectified) = H08 (10-31), H06 (11-05). Funds are stored in 元: H02 2.5万 = 25000,
H05 10万 = 100000."""
import datetime as dt
import re

import pandas as pd

from query_support import CAOZHEN, JIULISHAN, MAZHUANG
from safetyboard import overview_text as text
from safetyboard import queries
from safetyboard.config import QUERIES_DIR

D = dt.date
MY_QUERIES = [
    "unit_hazards", "recheck_coverage_total", "top_overdue_units", "rectification_by_department",
    "rectification_by_industry", "rectification_by_unit", "major_hazards", "overdue_and_upcoming_hazards",
    "hazard_stats_table_by_industry", "hazard_stats_table_by_unit", "rectification_by_week"]


def by(rows, key="label"):
    return {r[key]: r for r in rows}


# ---------------------------------------------------------------- query files are well-formed


def test_my_query_files_exist_and_declare_their_params():
    assert [name for name in MY_QUERIES if (QUERIES_DIR / f"{name}.sql").is_file()] == MY_QUERIES
    for name in MY_QUERIES:
        sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
        head = [line for line in sql.splitlines() if line.startswith("--")]
        assert head[0].startswith(f"-- {name}: "), name
        assert any(line.startswith("-- grain: ") for line in head), name
        declared = next(line for line in head if line.startswith("-- params: "))
        assert set(re.findall(r"\$(\w+)", declared)) == set(queries.load(name).params), name
        code = re.sub(r"--[^\n]*", "", sql)
        assert ";" not in code, name                                # one statement
        # scoped numbers go through the macros: the raw ledger tables are never read directly
        assert not re.search(r"\b(FROM|JOIN)\s+(hazards|enforcement|tips)\b", code), name


# ---------------------------------------------------------------- 总览


def test_recheck_total_is_district_wide(q):
    # Assignments: 第一组 马庄 + 应急管理局, 第二组 九里山 + 企业C, 第三组 曹镇乡 = 5 targets.
    # Re-checked by the assigned group in 10-01..10-31, <= A: 第一组 马庄 (10-10), 第二组 企业C (10-20) = 2.
    # (第二组 九里山 on 09-28 is before the window; 第三组 曹镇 on 11-02 after it; 第一组 九里山 is not its target.)
    assert q("recheck_coverage_total") == [{"assigned": 5, "covered": 2, "coverage": 0.4}]
    # As of 10-15 only 马庄 (10-10) is covered: 1 / 5.
    assert q("recheck_coverage_total", as_of=D(2022, 10, 15))[0]["coverage"] == 0.2


def test_top_overdue_units(q):
    rows = q("top_overdue_units", top_n=5)
    # 九里山: H05 (10-01, 30 days) and H07 (10-15, 16 days) -> 2, oldest 10-01; open at A H05-H07 = 3.
    # 马庄: H03 (07-01; A - 07-01 = 30 (to 07-31) + 31 + 30 + 31 = 122 days) -> 1; open at A H03, H04 = 2.
    assert rows == [
        {"code": JIULISHAN, "unit": "九里山街道", "overdue": 2, "oldest_deadline": D(2022, 10, 1),
         "max_days_overdue": 30, "open": 3},
        {"code": MAZHUANG, "unit": "马庄街道", "overdue": 1, "oldest_deadline": D(2022, 7, 1),
         "max_days_overdue": 122, "open": 2},
    ]
    assert [r["unit"] for r in q("top_overdue_units", top_n=1)] == ["九里山街道"]


def test_top_overdue_units_tie_goes_to_the_oldest_deadline(q):
    # As of 10-10: overdue H03 (07-01, 马庄) and H05 (10-01, 九里山); H07 (10-15) not yet -> one each,
    # 马庄's deadline is older so it comes first. Days: 07-01 -> 10-10 = 122 - 21 = 101; 10-01 -> 10-10 = 9.
    rows = q("top_overdue_units", as_of=D(2022, 10, 10), top_n=5)
    assert [(r["unit"], r["overdue"], r["max_days_overdue"]) for r in rows] == [("马庄街道", 1, 101), ("九里山街道", 1, 9)]


# ---------------------------------------------------------------- 隐患地图


def test_unit_hazards_of_mazhuang(q):
    rows = q("unit_hazards", unit_code=MAZHUANG, upcoming_days=7, row_limit=2000)
    # 马庄: H01, H02, H03, H04, H12. Order: overdue first (H03), then 重大 (H02), then by found date
    # (H01 04-10, H12 04-20, H04 06-15).
    assert [r["hazard_no"] for r in rows] == ["H03", "H02", "H01", "H12", "H04"]
    assert all(r["total_rows"] == 5 for r in rows)
    got = by(rows, "hazard_no")
    assert (got["H03"]["overdue"], got["H03"]["rectified"], got["H03"]["deadline_in_force"]) == (True, False, D(2022, 7, 1))
    # H04: 整改时限 09-30 extended to 11-30 -> the deadline in force is 11-30, not overdue, not within 7 days.
    assert (got["H04"]["deadline"], got["H04"]["extended_to"], got["H04"]["deadline_in_force"]) == (
        D(2022, 9, 30), D(2022, 11, 30), D(2022, 11, 30))
    assert (got["H04"]["overdue"], got["H04"]["upcoming"]) == (False, False)
    assert (got["H02"]["level"], got["H02"]["status"], got["H02"]["listed"], got["H02"]["rectified"]) == ("重大", "已销号", "区级", True)
    assert got["H01"]["enterprise"] == "企业A" and got["H01"]["description"] == "灭火器过期"


def test_unit_hazards_limit_and_filters(q):
    rows = q("unit_hazards", unit_code=MAZHUANG, upcoming_days=7, row_limit=2)
    assert [r["hazard_no"] for r in rows] == ["H03", "H02"] and rows[0]["total_rows"] == 5   # cut, total still 5
    # 九里山 as of A: H05 (overdue, 重大) first, H07 (overdue, found 09-01), then H06 (临期: 11-05 <= 11-07).
    rows = q("unit_hazards", unit_code=JIULISHAN, upcoming_days=7, row_limit=2000)
    assert [(r["hazard_no"], r["overdue"], r["upcoming"]) for r in rows] == [
        ("H05", True, False), ("H07", True, False), ("H06", False, True)]
    # A unit outside the sidebar's unit filter shows nothing.
    assert q("unit_hazards", units=[CAOZHEN], unit_code=MAZHUANG, upcoming_days=7, row_limit=10) == []


# ---------------------------------------------------------------- 隐患整改: by unit, industry, department


def test_rect_by_unit(q):
    rows = q("rectification_by_unit", upcoming_days=7)
    assert [r["code"] for r in rows] == sorted(r["code"] for r in rows) and len(rows) == 10
    got = by(rows)
    # 马庄 5 (H01-H04, H12), rectified H01 H02 H12 = 3 -> 0.6, overdue H03, 临期 none (H04 extended to 11-30);
    # no open hazard without a deadline anywhere in the fixture (未定整改时限 0).
    assert got["马庄街道"] | {} == {"code": MAZHUANG, "label": "马庄街道", "total": 5, "rectified": 3,
                                "rectification_rate": 0.6, "overdue": 1, "upcoming": 0, "no_deadline": 0}
    # 九里山 3 (H05-H07), none rectified as of A, overdue H05 H07, 临期 H06.
    assert got["九里山街道"] | {} == {"code": JIULISHAN, "label": "九里山街道", "total": 3, "rectified": 0,
                                  "rectification_rate": 0.0, "overdue": 2, "upcoming": 1, "no_deadline": 0}
    # 曹镇乡 2 (H08, H11), rectified H11 -> 0.5, 临期 H08 (due on A itself).
    assert got["曹镇乡"] | {} == {"code": CAOZHEN, "label": "曹镇乡", "total": 2, "rectified": 1,
                               "rectification_rate": 0.5, "overdue": 0, "upcoming": 1, "no_deadline": 0}
    assert got["姚孟街道"]["total"] == 0 and got["姚孟街道"]["rectification_rate"] is None
    # The unit filter keeps only the chosen unit.
    assert [r["label"] for r in q("rectification_by_unit", units=[MAZHUANG], upcoming_days=7)] == ["马庄街道"]


def test_rect_by_industry(q):
    rows = q("rectification_by_industry", upcoming_days=7)
    # Order of data/industries.csv: 危险化学品, 工贸, 建筑施工, ... 燃气 (6th), ... 商贸 (13th).
    assert [(r["label"], r["total"], r["rectified"], r["rectification_rate"], r["overdue"], r["upcoming"]) for r in rows] == [
        ("危险化学品", 2, 0, 0.0, 1, 1),   # H05 overdue, H06 临期
        ("工贸", 4, 4, 1.0, 0, 0),         # H01 H02 H11 H12 all rectified
        ("建筑施工", 2, 0, 0.0, 1, 0),     # H03 overdue, H04 extended
        ("燃气", 1, 0, 0.0, 0, 1),         # H08 临期 (H09 after A)
        ("商贸", 1, 0, 0.0, 1, 0),         # H07 done only 11-10 -> overdue at A
    ]


def test_rect_by_department(q):
    rows = q("rectification_by_department", upcoming_days=7)
    # Order of data/departments.csv: 应急管理局, 住房和城乡建设局, ..., 市场监督管理局 (5th), ..., 城市管理局 (12th).
    assert [(r["label"], r["total"], r["rectified"], r["rectification_rate"], r["overdue"], r["upcoming"]) for r in rows] == [
        ("应急管理局", 6, 4, 4 / 6, 1, 1),    # H01 H02 H05 H06 H11 H12; rectified H01 H02 H11 H12; H05 overdue; H06 临期
        ("住房和城乡建设局", 2, 0, 0.0, 1, 0),  # H03 overdue, H04 extended
        ("市场监督管理局", 1, 0, 0.0, 1, 0),    # H07
        ("城市管理局", 1, 0, 0.0, 0, 1),        # H08
    ]


# ---------------------------------------------------------------- 隐患整改: weekly series


def test_rect_weekly(q):
    rows = q("rectification_by_week")
    # Weeks start on Monday: S = 2022-04-01 (Fri) is in the week of 03-28, A = 10-31 is a Monday;
    # 03-28 .. 10-31 = 217 days = 31 weeks later -> 32 weeks.
    assert len(rows) == 32
    assert (rows[0]["week_start"], rows[-1]["week_start"]) == (D(2022, 3, 28), D(2022, 10, 31))
    week = by(rows, "week_start")
    # Week 04-25..05-01: found H02 (05-01, a Sunday); rectified H12 (04-30) and H01 (05-01).
    # Found up to 05-01: H01 (04-10), H12 (04-20), H02 -> 3; rectified 2.
    assert {k: week[D(2022, 4, 25)][k] for k in ("week_end", "found", "rectified", "found_cum", "rectified_cum")} == {
        "week_end": D(2022, 5, 1), "found": 1, "rectified": 2, "found_cum": 3, "rectified_cum": 2}
    # Week 07-18..07-24: H02 销号 07-20; nothing found. Found up to 07-24: H01 H12 H02 H03 H04 H05 -> 6; rectified 3.
    assert {k: week[D(2022, 7, 18)][k] for k in ("found", "rectified", "found_cum", "rectified_cum")} == {
        "found": 0, "rectified": 1, "found_cum": 6, "rectified_cum": 3}
    # Week 10-17: H11 found 10-20 (rectified, but with no date: not in any week).
    assert (week[D(2022, 10, 17)]["found"], week[D(2022, 10, 17)]["rectified"]) == (1, 0)
    # The last week ends with all 10 found; 3 rectified with a date (H07's 11-10 is after A) + 1 undated (H11).
    assert (rows[-1]["found_cum"], rows[-1]["rectified_cum"]) == (10, 3)
    assert {r["rectified_undated"] for r in rows} == {1}


# ---------------------------------------------------------------- 隐患整改: 重大隐患 and 五落实


def test_rect_major_list(q):
    rows = q("major_hazards", row_limit=2000)
    # 重大: H02 and H05. Unrectified first: H05, then H02.
    assert [r["hazard_no"] for r in rows] == ["H05", "H02"]
    flags = ("has_responsible", "has_measures", "has_funds", "has_deadline", "has_plan", "five_complete")
    got = by(rows, "hazard_no")
    # H02: 张三, 加装除尘, 2.5万元, 08-01, 预案 有 -> all five.
    assert [got["H02"][f] for f in flags] == [True, True, True, True, True, True]
    # H05: 李四, 安装报警, 10万元, 10-01, no 应急预案 -> plan missing, 五落实 not complete.
    assert [got["H05"][f] for f in flags] == [True, True, True, True, False, False]
    assert (got["H02"]["listed"], got["H05"]["listed"]) == ("区级", "市级")
    assert (got["H02"]["rectified"], got["H05"]["rectified"], got["H05"]["overdue"]) == (True, False, True)
    assert (got["H02"]["funds_yuan"], got["H05"]["funds_yuan"]) == (25000.0, 100000.0)
    assert {r["total_rows"] for r in rows} == {2}


# ---------------------------------------------------------------- 隐患整改: overdue and 临期


def test_rect_overdue_upcoming(q):
    rows = q("overdue_and_upcoming_hazards", upcoming_days=7, row_limit=2000)
    got = [(r["kind"], r["hazard_no"], r["days_overdue"], r["days_left"]) for r in rows]
    assert got == [
        ("overdue", "H03", 122, None),   # A - 07-01: 30 (Jul) + 31 (Aug) + 30 (Sep) + 31 (Oct) = 122
        ("overdue", "H05", 30, None),    # A - 10-01
        ("overdue", "H07", 16, None),    # A - 10-15 (rectified only on 11-10)
        ("upcoming", "H08", None, 0),    # due on A itself: not overdue (deadline < A is false), 临期
        ("upcoming", "H06", None, 5),    # 11-05 - A
    ]
    first = rows[0]
    assert (first["unit"], first["department"], first["enterprise"]) == ("马庄街道", "住房和城乡建设局", "企业B")
    assert (rows[0]["total_rows"], rows[0]["overdue_rows"], rows[0]["upcoming_rows"]) == (5, 3, 2)
    assert rows[2]["rectified_date"] == D(2022, 11, 10)
    # H04 (extended to 11-30) is in neither list.
    assert "H04" not in {r["hazard_no"] for r in rows}


def test_rect_overdue_upcoming_limit(q):
    rows = q("overdue_and_upcoming_hazards", upcoming_days=7, row_limit=1)
    assert [r["hazard_no"] for r in rows] == ["H03"] and rows[0]["total_rows"] == 5


# ---------------------------------------------------------------- the national statistics table

STATS_COLUMNS = ["enterprises", "general_total", "general_rectified", "general_rate", "major_total", "major_rectified",
                 "major_rate", "major_planned", "planned_targets", "planned_funds", "planned_staff", "planned_time",
                 "planned_plan", "funds_wan", "major_listed"]


def stats_row(r):
    return [r[c] for c in STATS_COLUMNS]


def test_stats_table_by_unit(q):
    rows = q("hazard_stats_table_by_unit")
    assert len(rows) == 11 and [r["is_total"] for r in rows] == [False] * 10 + [True]
    got = by(rows)
    # 马庄: enterprises A, B = 2; 一般 H01 H03 H04 H12 = 4, rectified H01 H12 = 2 (0.5); 重大 H02 1/1 (1.0);
    # 已整改销号 counts 已销号 only: H02 (销号). planned (重大 with 整改措施) H02 = 1 with all five elements;
    # funds 2.5 万元; listed H02 (区级).
    assert stats_row(got["马庄街道"]) == [2, 4, 2, 0.5, 1, 1, 1.0, 1, 1, 1, 1, 1, 1, 2.5, 1]
    # 九里山: enterprises C, D = 2; 一般 H06 H07 = 2, none rectified as of A (0.0); 重大 H05 0/1 (0.0);
    # planned (措施 安装报警) H05 = 1: 措施, 资金, 责任人, 时限 yes, 预案 no; funds 10 万元; listed H05 (市级).
    assert stats_row(got["九里山街道"]) == [2, 2, 0, 0.0, 1, 0, 0.0, 1, 1, 1, 1, 1, 0, 10.0, 1]
    # 曹镇乡: enterprises E, F = 2; 一般 H08 H11 = 2, rectified H11 (0.5); no 重大 -> rate empty.
    assert stats_row(got["曹镇乡"]) == [2, 2, 1, 0.5, 0, 0, None, 0, 0, 0, 0, 0, 0, 0.0, 0]
    assert stats_row(got["姚孟街道"]) == [0, 0, 0, None, 0, 0, None, 0, 0, 0, 0, 0, 0, 0.0, 0]
    # 合计: 6 enterprises (A-F); 一般 8, rectified 3 -> 3/8 = 0.375 (recomputed, not the sum or mean of unit rates);
    # 重大 2, rectified 1 -> 0.5; planned 2, 预案 only H02 -> 1; funds 12.5 万元; listed 2.
    total = rows[-1]
    assert (total["label"], total["code"]) == ("合计", None)
    assert stats_row(total) == [6, 8, 3, 0.375, 2, 1, 0.5, 2, 2, 2, 2, 2, 1, 12.5, 2]


def test_stats_table_by_industry(q):
    rows = q("hazard_stats_table_by_industry")
    assert [r["label"] for r in rows] == ["危险化学品", "工贸", "建筑施工", "燃气", "商贸", "合计"]
    got = by(rows)
    assert stats_row(got["危险化学品"]) == [1, 1, 0, 0.0, 1, 0, 0.0, 1, 1, 1, 1, 1, 0, 10.0, 1]  # H05 (重大), H06
    assert stats_row(got["工贸"]) == [2, 3, 3, 1.0, 1, 1, 1.0, 1, 1, 1, 1, 1, 1, 2.5, 1]       # H01 H11 H12, H02; A, F
    assert stats_row(got["建筑施工"]) == [1, 2, 0, 0.0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0.0, 0]  # H03 H04
    assert stats_row(got["燃气"]) == [1, 1, 0, 0.0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0.0, 0]      # H08
    assert stats_row(got["商贸"]) == [1, 1, 0, 0.0, 0, 0, None, 0, 0, 0, 0, 0, 0, 0.0, 0]      # H07
    # 合计 is the same as by unit: both are the totals over the same hazards.
    assert got["合计"]["is_total"] and stats_row(got["合计"]) == [6, 8, 3, 0.375, 2, 1, 0.5, 2, 2, 2, 2, 2, 1, 12.5, 2]


def test_stats_table_total_follows_the_filter(q):
    # 马庄 only: the 合计 row equals the 马庄 row (one unit row plus 合计).
    rows = q("hazard_stats_table_by_unit", units=[MAZHUANG])
    assert [r["label"] for r in rows] == ["马庄街道", "合计"]
    assert stats_row(rows[0]) == stats_row(rows[1]) == [2, 4, 2, 0.5, 1, 1, 1.0, 1, 1, 1, 1, 1, 1, 2.5, 1]


def test_stats_table_display_headers_and_percentages(q):
    shown = text.stats_table_display(pd.DataFrame(q("hazard_stats_table_by_unit")), "乡/街道")
    assert list(shown.columns) == ["乡/街道", "排查单位数（家）", "一般隐患·隐患数（项）", "一般隐患·已整改（项）",
                                   "一般隐患·整改率（%）", "重大隐患·隐患数（项）", "重大隐患·已整改销号（项）",
                                   "重大隐患·整改率（%）", "列入治理计划的重大隐患（项）", "其中·落实治理目标任务",
                                   "其中·落实治理经费物资", "其中·落实治理机构人员", "其中·落实治理时间",
                                   "其中·落实安全措施应急预案", "累计落实治理资金（万元）", "其中挂牌督办（重大）（项）"]
    total = shown.iloc[-1]
    assert total["乡/街道"] == "合计" and total["一般隐患·整改率（%）"] == 37.5 and total["重大隐患·整改率（%）"] == 50.0
    assert total["累计落实治理资金（万元）"] == 12.5
