"""The briefing's model (safetyboard/briefing/model.py) on the golden fixture (tests/fixture_ledgers.py): scopes,
the period and its 上期, issue numbers, and who may brief what (A = 2022-10-31)."""
from __future__ import annotations

import datetime as dt

import pytest

from safetyboard.auth import LOCAL_ADMIN, Principal
from safetyboard.briefing import model as m

A = dt.date(2022, 10, 31)
MAZHUANG, JIULISHAN, CAOZHEN = "410411001000", "410411004000", "410411200000"
CAOZHEN_USER = Principal("caozhen", "unit", unit_code=CAOZHEN, unit="曹镇乡")
GROUP_ONE_USER = Principal("g1", "group", group="第一督导组")


def test_scopes_resolve_aliases_and_reject_unknowns(store):
    assert m.resolve_scope(store, LOCAL_ADMIN).kind == "district"
    for written in ("曹镇", "曹镇乡人民政府", " 曹镇乡 "):
        s = m.resolve_scope(store, LOCAL_ADMIN, unit=written)
        assert (s.kind, s.name, s.unit_codes) == ("unit", "曹镇乡", (CAOZHEN,))
    # The fixture's 分工: 一组 = 马庄街道 + 区应急管理局; 督导二组 = 九里山街道 + 企业C有限公司; 第3组 = 曹镇乡.
    g1 = m.resolve_scope(store, LOCAL_ADMIN, group="一组")
    assert (g1.name, g1.unit_codes, g1.unit_names, g1.departments) == ("第一督导组", (MAZHUANG,), ("马庄街道",),
                                                                        ("应急管理局",))
    g2 = m.resolve_scope(store, LOCAL_ADMIN, group="第二督导组")
    assert g2.unit_codes == (JIULISHAN,) and g2.departments == () and g2.enterprises == ("企业C有限公司",)
    assert m.resolve_scope(store, LOCAL_ADMIN, group="第3组").unit_names == ("曹镇乡",)
    with pytest.raises(m.BriefingError, match="湛南街道.*不是湛河区的乡/街道"):
        m.resolve_scope(store, LOCAL_ADMIN, unit="湛南街道")
    with pytest.raises(m.BriefingError, match="不是督导组"):
        m.resolve_scope(store, LOCAL_ADMIN, group="第九组")
    with pytest.raises(m.BriefingError, match="第四督导组没有分工对象"):
        m.resolve_scope(store, LOCAL_ADMIN, group="第四督导组")
    with pytest.raises(m.BriefingError, match="只能指定一个"):
        m.resolve_scope(store, LOCAL_ADMIN, group="一组", unit="曹镇")


def test_a_scope_is_resolved_only_for_a_principal_who_may_brief_it(store):
    assert m.resolve_scope(store, CAOZHEN_USER, unit="曹镇").unit_codes == (CAOZHEN,)
    for request in ({}, {"unit": "马庄"}, {"group": "第三督导组"}):
        with pytest.raises(m.BriefingError, match="乡/街道账号只能生成本单位（曹镇乡）的简报"):
            m.resolve_scope(store, CAOZHEN_USER, **request)
    assert m.resolve_scope(store, GROUP_ONE_USER, group="一组").unit_codes == (MAZHUANG,)
    with pytest.raises(m.BriefingError, match="督导组账号只能生成本组（第一督导组）的简报"):
        m.resolve_scope(store, GROUP_ONE_USER, group="第二督导组")
    with pytest.raises(TypeError):
        m.resolve_scope(store, group="一组")            # no principal, no briefing


def test_period_defaults_and_errors(store):
    p = m.make_period(store)
    # The latest date in the fixture is H07's completion date 2022-11-10; the period is its last 7 days.
    assert (p.as_of, p.since, p.previous, p.since_given) == (dt.date(2022, 11, 10), dt.date(2022, 11, 4),
                                                             dt.date(2022, 11, 3), False)
    assert "本期截止日前7天" in p.basis
    p = m.make_period(store, A, dt.date(2022, 10, 1))
    assert p.previous == dt.date(2022, 9, 30) and "本期起始日前一日" in p.basis
    assert not m.make_period(store, A, dt.date(2022, 4, 1)).has_previous
    with pytest.raises(m.BriefingError, match="晚于统计截止日"):
        m.make_period(store, A, dt.date(2022, 11, 1))
    with pytest.raises(m.BriefingError, match="早于活动开始日"):
        m.make_period(store, dt.date(2022, 3, 1))
    assert m.default_issue_no(A, dt.date(2022, 4, 1)) == 31       # 213 days after the start: week 31
    assert m.default_issue_no(dt.date(2022, 4, 1), dt.date(2022, 4, 1)) == 1
