"""The 简报 with the loop ledgers (issue 14), on the golden database plus tests/fixture_loop.py (A = 2022-10-31):
the 督导组 简报 names each target's problems in the group's own words; the district 简报 has the 挂牌/摘牌 and
约谈/通报/问责 paragraphs. Numbers as counted in test_loop_golden.py."""
from __future__ import annotations

import datetime as dt
import io
import subprocess

import docx
import pytest
from test_briefing import _require, flat, text_of

from safetyboard import briefing as b
from safetyboard.store import Store

A = dt.date(2022, 10, 31)


@pytest.fixture(scope="module")
def store(loop_store):
    return loop_store


def make(store, **scope):
    result = b.build_briefing(store, b.resolve_scope(store, **scope), as_of=A)
    return result, docx.Document(io.BytesIO(result.content))


def test_group_briefing_names_problems_per_target(store):
    _result, d = make(store, group="一组")
    text = text_of(d)
    assert "三、督导发现问题整改情况" in text
    # P01-P05: rectified P01 P03 P05; open P02 (overdue) P04; 复查 未通过 P02; 销号 P01
    assert "截至10月31日，第一督导组共发现问题5个，已整改3个，尚未整改2个（其中逾期1个），复查未通过1个，已销号1个。" in text
    assert ("1. 马庄街道：发现问题4个，已整改2个，复查未通过1个（辖区企业隐患台账未建立）；尚未整改：辖区企业隐患台账未建立"
            "（已逾期）；回头看发现九小场所消防通道堵塞。10月10日“回头看”复查此前问题3个，已整改1个。") in text
    assert "2. 应急管理局：发现问题1个，已整改1个，均已整改。" in text
    assert "约谈、通报和问责" not in text                   # a group briefing has its problems instead


def test_district_briefing_has_listing_and_accountability(store):
    _result, d = make(store)
    text = text_of(d)
    # register as of A: 5 挂牌, 2 摘牌, 3 open (省级 H08, 市级 H05, 区级 H06), 2 past their 时限 (H05, H08)
    assert "挂牌督办登记5处，已验收摘牌2处，挂牌未摘牌3处（省级1处、市级1处、区级1处），其中超过整改时限仍未摘牌2处。" in text
    assert "统计期内共开展约谈、通报、问责4次：约谈2次、通报批评1次、警示函1次。" in text
    assert "8月1日，约谈九里山街道（重大隐患整改滞后），湛安委办〔2022〕12号。" in text
    assert "（四）约谈、通报和问责" in text


def test_unit_briefing_has_only_its_own_records(store):
    _result, d = make(store, unit="九里山")
    text = text_of(d)
    # 九里山: H05 (市级, overdue) and H06 (区级) open; 约谈 of 九里山 and 警示函 to its 企业C
    assert "挂牌督办登记2处，已验收摘牌0处，挂牌未摘牌2处（市级1处、区级1处），其中超过整改时限仍未摘牌1处。" in text
    assert "统计期内共开展约谈、通报、问责2次：约谈1次、警示函1次。" in text
    assert "住房和城乡建设局" not in text.split("约谈、通报和问责")[-1]


def test_group_briefing_with_problems_converts_to_pdf(store, tmp_path):
    if b.soffice_path() is None:
        _require("soffice")
    pdftotext = _require("pdftotext")
    result, _d = make(store, group="一组")
    source = tmp_path / result.file_name
    source.write_bytes(result.content)
    pdf = b.to_pdf(source, tmp_path / "pdf")
    text = flat(subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout)
    assert "督导发现问题整改情况" in text
    assert "马庄街道：发现问题4个，已整改2个，复查未通过1个" in text
