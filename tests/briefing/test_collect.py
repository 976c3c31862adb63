"""Collecting a briefing's numbers (safetyboard/briefing/collect.py) through the access layer, on the golden fixture
(tests/fixture_ledgers.py, A = 2022-10-31): a principal is required, and a 乡/街道 account reads only its own rows
whatever scope reaches the queries."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from docx_support import make_briefing, text_of

from safetyboard.auth import LOCAL_ADMIN, Principal
from safetyboard.briefing import collect as c
from safetyboard.briefing.model import BriefingError, district_scope, make_period, unit_scope

A = dt.date(2022, 10, 31)
CAOZHEN = "410411200000"
CAOZHEN_USER = Principal("caozhen", "unit", unit_code=CAOZHEN, unit="曹镇乡")
PACKAGE = Path(c.__file__).parent


def test_collect_without_a_principal_is_a_type_error(store):
    with pytest.raises(TypeError):
        c.collect(store, district_scope(), make_period(store, A))


def test_no_module_of_the_briefing_runs_a_query_around_the_access_layer():
    for path in PACKAGE.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\brun_rows\b|queries\.run\b|\.query\(|scope_params", text), path.name


def test_a_unit_account_briefing_names_no_other_unit(store):
    _result, d = make_briefing(store, CAOZHEN_USER, unit="曹镇", as_of=A)
    text = text_of(d)
    # 曹镇乡: H08, H11 (as in the administrator's 曹镇乡 briefing); 马庄 and 九里山 hold the other hazards.
    assert "截至10月31日，曹镇乡共排查生产经营单位2家，排查隐患2处" in text
    assert "马庄街道" not in text and "九里山街道" not in text


def test_a_unit_account_reads_only_its_own_rows_whatever_the_scope(store, monkeypatch):
    period = make_period(store, A)
    with pytest.raises(BriefingError, match="只能生成本单位"):
        c.collect(store, unit_scope("马庄"), period, principal=CAOZHEN_USER)
    # Past the briefing's own check, the access layer still narrows every query to 曹镇乡.
    monkeypatch.setattr(c, "check_access", lambda principal, scope: None)
    other = c.collect(store, unit_scope("马庄"), period, principal=CAOZHEN_USER)
    assert not other.hazards.get("total") and other.overdue_list == [] and other.majors == []
    everything = c.collect(store, district_scope(), period, principal=CAOZHEN_USER)
    assert everything.hazards["total"] == 2
    assert {r["unit"] for r in everything.overdue_list} <= {"曹镇乡"}
    admin = c.collect(store, district_scope(), period, principal=LOCAL_ADMIN)
    assert admin.hazards["total"] == 10
