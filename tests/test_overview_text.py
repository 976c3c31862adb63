"""safetyboard/overview_text: the 总览 paragraph written from the query rows of the golden fixture (the hazard rows
are tabled in tests/queries/test_hazards.py), the scope and number text, and the KPI deltas."""
import datetime as dt

import pytest

from query_support import A, MAZHUANG, S, run
from safetyboard import overview_text as text
from safetyboard.store import Store

D = dt.date


@pytest.fixture(scope="module")
def q(fixture_db):
    """A query file's rows on the golden fixture database."""
    store = Store(fixture_db)
    yield lambda name, **kwargs: run(store, name, **kwargs)
    store.close()


def test_overview_paragraph_for_the_fixture(q):
    hazards = q("hazard_summary", upcoming_days=7)[0]
    cases = q("enforcement_summary")[0]
    # Numbers (see test_metrics_golden.py and the module docstring): 6 enterprises (A-F), 10 hazards, 2 重大,
    # 4 rectified (40.0%), 重大 1 rectified (50.0%), overdue 3, 临期 2 (H06, H08), listed 2; cases C1-C3, C5 = 4,
    # fines 50000 + 3000 + 0 = 53000 元 = 5.3 万元, 停产停业整顿 C2, 关闭取缔 C3.
    assert text.summary_paragraph(A, hazards, cases, since=S, campaign_start=S) == (
        "截至10月31日，全区共排查生产经营单位6家，排查隐患10处，其中重大隐患2处，挂牌督办2处；已整改4处，整改率40.0%；"
        "重大隐患已整改1处，整改率50.0%。逾期未整改3处，临期（7日内到期）2处，须督促责任单位抓紧整改。"
        "立案查处执法案件4起，罚款5.3万元，责令停产停业整顿1起，关闭取缔1起。")


def test_overview_paragraph_for_one_unit_and_a_phase(q):
    # 马庄 only: 5 hazards, enterprises A B, 重大 H02 (rectified), rectified H01 H02 H12 = 60.0%, overdue H03,
    # no 临期, listed H02; cases C1 (5万元, 罚款) and C2 (停产停业整顿).
    hazards = q("hazard_summary", units=[MAZHUANG], upcoming_days=7)[0]
    cases = q("enforcement_summary", units=[MAZHUANG])[0]
    assert text.summary_paragraph(A, hazards, cases, scope=text.scope_text(["马庄街道"]), since=S, campaign_start=S) == (
        "截至10月31日，马庄街道共排查生产经营单位2家，排查隐患5处，其中重大隐患1处，挂牌督办1处；已整改3处，整改率60.0%；"
        "重大隐患已整改1处，整改率100.0%。逾期未整改1处，须督促责任单位抓紧整改。"
        "立案查处执法案件2起，罚款5万元，责令停产停业整顿1起。")
    # 回头看 phase (10-01..10-31): found in it H08 and H11 (rectified); no 重大; case C5 (fine 0). The stocks stand
    # at A whatever the phase, under their own 截至: overdue H03 (07-01), H05 (10-01), H07 (10-15, done 11-10) = 3,
    # 临期 H08 (due on A), H06 (11-05 = A+5) = 2.
    since = D(2022, 10, 1)
    hazards = q("hazard_summary", since=since, upcoming_days=7)[0]
    cases = q("enforcement_summary", since=since)[0]
    assert text.summary_paragraph(A, hazards, cases, since=since, campaign_start=S) == (
        "10月1日至10月31日，全区共排查生产经营单位2家，排查隐患2处，未排查出重大隐患；已整改1处，整改率50.0%。"
        "截至10月31日，逾期未整改3处，临期（7日内到期）2处，须督促责任单位抓紧整改。立案查处执法案件1起。")


def test_overview_paragraph_without_hazards_or_cases():
    assert text.summary_paragraph(A, {"total": 0}, {"cases": 0}, scope="姚孟街道") == (
        "截至10月31日，姚孟街道暂无隐患排查记录。暂无立案查处的执法案件。")
    h = {"enterprises": 1, "total": 1, "major": 0, "rectified": 1, "rectification_rate": 1.0, "overdue": 0,
         "upcoming": 0, "listed": 0}
    assert text.summary_paragraph(A, h) == (
        "截至10月31日，全区共排查生产经营单位1家，排查隐患1处，未排查出重大隐患；已整改1处，整改率100.0%。无逾期未整改隐患。")


def test_scope_and_number_text():
    assert text.scope_text() == "全区"
    assert text.scope_text(["马庄街道", "曹镇乡"], ["工贸"], ["应急管理局"]) == "马庄街道、曹镇乡工贸行业领域（监管部门：应急管理局）"
    assert (text.wan(53000), text.wan(50000), text.wan(125000), text.wan(0), text.wan(12345)) == ("5.3", "5", "12.5", "0", "1.23")
    assert (text.pct(0.375), text.pct(None), text.pct(float("nan"))) == ("37.5%", "—", "—")


def test_kpi_deltas():
    assert (text.delta_count(4, 3), text.delta_count(3, 3), text.delta_count(2, 5), text.delta_count(1, None)) == (
        "+1", "0", "-3", None)
    # 报送及时率 as of A 4/87 = 0.046, as of A-7 3/58 = 0.0517: -0.57 points, one decimal.
    assert text.delta_rate(0.046, 0.0517) == "-0.6 个百分点"
    assert (text.delta_rate(0.5, 0.5), text.delta_rate(0.5, None), text.delta_rate(0.45, 0.4)) == ("0", None, "+5.0 个百分点")
    assert (text.delta_yuan(53000, 50000), text.delta_yuan(1, 1)) == ("+0.30 万元", "0")
