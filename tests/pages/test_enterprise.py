"""一企一档 under AppTest on tests/fixture_register.py, and its row scope: search by name, folded name or
统一社会信用代码 (partial), one enterprise's register entry, hazards, cases and accidents on one timeline. What the
register adds to 总览, 隐患整改 and 执法检查 is tested with those pages."""
import datetime as dt

import pandas as pd
import pytest
from apptest_support import frame_with, metrics
from fixture_register import CA

from safetyboard import access, auth, queries, rules
from safetyboard.metrics import Filters
from safetyboard.store import Store
from ui.enterprise_links import url

MAZHUANG, JIULISHAN = "410411001000", "410411004000"


@pytest.fixture()
def ent_page(run_page, register_app_db):
    return lambda **query: run_page("enterprise", db=register_app_db, **query)


def test_search_by_partial_credit_code_opens_the_enterprise(ent_page):
    at = ent_page(as_of="2022-10-31", q=CA[-8:].lower())
    # 甲公司 (CA): the register row, X01 and X10 (both open; X01 overdue), case K1, accident SG01
    assert metrics(at) == [("隐患", "2"), ("未整改", "2"), ("逾期未整改", "1"), ("执法案件", "1"), ("生产安全事故", "1")]
    entry = frame_with(at, "统一社会信用代码", "重点单位")
    assert list(entry["统一社会信用代码"]) == [CA] and list(entry["重点单位"]) == ["是"]
    timeline = frame_with(at, "日期", "台账", "事项")
    assert list(zip(timeline["日期"].astype(str), timeline["台账"])) == [
        ("2022-10-01", "隐患"), ("2022-07-01", "执法"), ("2022-05-03", "事故"), ("2022-05-01", "隐患")]


def test_search_by_folded_name_with_spaces_and_brackets(ent_page):
    at = ent_page(as_of="2022-10-31", q="乙 （有限）")
    # 乙有限公司: register row 乙 有限 公司, hazard X02, case K2 (当事人 乙（有限）公司), all one enterprise by name
    assert metrics(at)[:4] == [("隐患", "1"), ("未整改", "1"), ("逾期未整改", "1"), ("执法案件", "1")]
    assert at.selectbox(key="ent_pick").options == ["乙 有限 公司 · 马庄街道"]


def test_a_code_near_miss_is_not_the_same_enterprise(ent_page):
    at = ent_page(as_of="2022-10-31", q="丙公司")
    # the register's 丙公司 (CX) and the hazard ledger's 丙公司 (CC) are two enterprises
    assert len(at.selectbox(key="ent_pick").options) == 2
    # the registered one first: no hazard (X03 has the other code); K3 carries its code
    assert metrics(at)[:4] == [("隐患", "0"), ("未整改", "0"), ("逾期未整改", "0"), ("执法案件", "1")]


def test_no_match_and_empty_search(ent_page):
    at = ent_page(as_of="2022-10-31", q="不存在的单位")
    assert any("没有找到" in x.value for x in at.warning)
    at = ent_page(as_of="2022-10-31")
    assert any("输入单位名称" in x.value for x in at.info) and not at.metric


def test_links_point_at_the_page():
    assert url("甲 公司", CA) == f"enterprise?q={CA}"
    assert url("乙（有限）公司") == "enterprise?q=%E4%B9%99%EF%BC%88%E6%9C%89%E9%99%90%EF%BC%89%E5%85%AC%E5%8F%B8"
    assert url(None) is None


ENT_QUERIES = ["enterprise_search", "enterprise_register_entry", "enterprise_hazards", "enterprise_cases", "enterprise_timeline"]


@pytest.mark.parametrize("name", ENT_QUERIES)
def test_unit_account_sees_only_its_own_rows(register_db, name):
    unit = auth.Principal("u", "unit", unit_code=JIULISHAN, unit="九里山街道")
    admin = auth.Principal("a", "admin")
    params = {**Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31)).params(), "search_key": "公司", "limit": 50,
              "ent_code": CA, "ent_key": "甲公司", "target_key": f"{rules.ORG_ENTERPRISE}:甲公司"}
    s = Store(register_db)
    try:
        mine = queries.run(s, name, access.scope_params(unit, name, {**params, "units": [MAZHUANG]})).to_pandas()
        own = queries.run(s, name, access.scope_params(admin, name, {**params, "units": ["__none__"]})).to_pandas()
        pd.testing.assert_frame_equal(mine, own)
        if name == "enterprise_search":   # 九里山's own: 丙 (two), 丁, 戊公司, 加油站? (not 公司), 戊公司分公司 (case)
            theirs = queries.run(s, name, access.scope_params(unit, name, {**params, "units": []})).to_pandas()
            assert set(theirs["enterprise"]) == {"丙公司", "丁公司", "戊公司", "戊公司分公司"}
    finally:
        s.close()
