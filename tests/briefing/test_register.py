"""The 简报's register passage (safetyboard/briefing/register.py) on tests/fixture_register.py (A = 2022-10-31):
排查覆盖, the cross-checks and the accidents against the previous year."""
from __future__ import annotations

import datetime as dt

import pytest
from docx_support import make_briefing, text_of

from safetyboard.store import Store

A = dt.date(2022, 10, 31)


def briefing_text(db) -> str:
    s = Store(db)
    try:
        _result, d = make_briefing(s, as_of=A)
    finally:
        s.close()
    return text_of(d)


@pytest.fixture(scope="module")
def text(register_db):
    return briefing_text(register_db)


def test_district_briefing_has_coverage_cross_checks_and_accidents(text):
    # as in tests/metric_rules/test_register.py (the campaign starts before every fixture date in the period)
    assert ("排查覆盖率62.5%：企业名录8家中已排查5家，重点单位4家中已排查3家（75.0%）。"
            "尚有3家没有排查记录，请对照名录逐一排查。") in text
    assert ("截至10月31日逾期未整改的5处隐患中3处、未整改的1处重大隐患中1处未见对同一单位立案；"
            "自查发现并按期整改仍被立案2件，请执法部门复核。") in text
    assert "生产安全事故：本期发生2起，死亡1人、受伤5人，直接经济损失155.50万元，其中瞒报谎报1起；上年同期1起、死亡0人。" in text


def test_without_a_register_the_briefing_names_the_hazard_figure(fixture_db):
    body = briefing_text(fixture_db)
    assert "本期涉及隐患的单位6家（尚未导入企业名录，不能计算排查覆盖率）。" in body
    # No self-found case penalised and no accident: said in words, not as zeros.
    assert "立案0件" not in body and "生产安全事故：本期未发生。" in body
