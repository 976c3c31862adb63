"""Documents for chasing (safetyboard/notices.py): 督办通知单 and 催报通知 over the golden database plus tests/fixture_loop.py
(A = 2022-10-31), one by one and in batch, from the core and the CLI."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys

import docx
import pytest
from docx_support import text_of

from safetyboard import notices as n
from safetyboard.auth import LOCAL_ADMIN

A = dt.date(2022, 10, 31)


@pytest.fixture(scope="module")
def store(loop_store):
    return loop_store


def doc_of(content: bytes):
    return docx.Document(io.BytesIO(content))


def table_rows(d, column: str) -> list[list[str]]:
    """The body rows of the first table whose header has this column."""
    for t in d.tables:
        rows = [[c.text for c in r.cells] for r in t.rows]
        if rows and column in rows[0]:
            return rows[1:]
    raise AssertionError(column)


def test_supervision_notice_to_a_unit(store):
    name, content = n.build(store, "督办", n.resolve_addressee("马庄"), A, LOCAL_ADMIN, issued=dt.date(2022, 11, 1))
    assert name == "督办通知单_马庄街道_20221031.docx"
    d = doc_of(content)
    text = text_of(d)
    assert "马庄街道：" in text
    # 马庄 overdue hazards by 10-31: H03 (整改中, deadline 07-01); problems still open: P02 (overdue 07-01), P04;
    # no 挂牌 item of 马庄 past its 时限 (H02 摘牌)
    assert ("截至2022年10月31日，你单位辖区逾期未整改隐患1处、督导组交办问题尚未整改2个（其中逾期1个）。"
            "现予督办，请逐项落实整改责任和措施，于2022年11月8日前完成整改") in text
    assert [r[1] for r in table_rows(d, "单位名称")] == ["企业B"]
    assert [(r[3], r[6]) for r in table_rows(d, "督导组")] == [("辖区企业隐患台账未建立", "是"),
                                                               ("回头看发现九小场所消防通道堵塞", "否")]
    assert text.rstrip().endswith("湛河区安全生产委员会办公室\n2022年11月1日")


def test_supervision_notice_names_overdue_listings(store):
    _name, content = n.build(store, "督办", n.resolve_addressee("九里山街道"), A, LOCAL_ADMIN)
    d = doc_of(content)
    # H05 (市级, register 时限 10-01) is past its 时限; H06 (时限 11-05) is not
    assert [(r[1], r[3], r[5]) for r in table_rows(d, "挂牌级别")] == [
        ("企业C有限公司", "市级", "2022-10-01")]


def test_supervision_notice_to_a_department(store):
    _name, content = n.build(store, "督办", n.resolve_addressee("区应急局"), A, LOCAL_ADMIN)
    text = text_of(doc_of(content))
    # 应急管理局's hazards overdue by 10-31: H05 (10-01); its problem P05 is rectified
    assert "你单位监管领域逾期未整改隐患1处。" in text


def test_urge_notice_names_missing_nodes_and_months(store):
    name, content = n.build(store, "催报", n.resolve_addressee("应急管理局"), A, LOCAL_ADMIN)
    assert name == "催报通知_应急管理局_20221031.docx"
    text = text_of(doc_of(content))
    # node 1 sent 04-24 (on time); node 2 never; node 3 sent 11-01, after A: both missing as of A.
    # 月报 June..Sep due by A, only Sep's sent on time (10-02)
    assert "你单位第二次（5月25日）自查报告未报送；第三次（10月25日）自查报告未报送；" in text
    assert "2022年6月打非治违月报（应于7月3日前报送）未报送" in text
    assert "2022年9月打非治违月报" not in text
    assert "请于2022年11月3日前将未报送的材料报区安委会办公室" in text


def test_notices_need_a_principal(store):
    with pytest.raises(TypeError):
        n.collect(store, n.resolve_addressee("马庄"), A)


def test_unknown_addressee_is_a_chinese_message():
    with pytest.raises(n.NoticeError) as info:
        n.resolve_addressee("湛南街道")
    assert str(info.value) == "「湛南街道」不是湛河区的乡/街道或区安委会成员单位。"


def test_batch_writes_one_per_unit_with_something_to_chase(store, tmp_path):
    paths = n.write_batch(store, tmp_path / "out", A, LOCAL_ADMIN)
    names = [p.name for p in paths]
    assert "督办通知单_马庄街道_20221031.docx" in names and "督办通知单_九里山街道_20221031.docx" in names
    assert "催报通知_应急管理局_20221031.docx" in names
    assert "督办通知单_姚孟街道_20221031.docx" not in names      # nothing overdue there
    assert all(p.stat().st_size > 10_000 for p in paths)


def test_cli_single_and_batch(loop_db, tmp_path):
    db = shutil.copy2(loop_db, tmp_path / "cli.duckdb")
    out = subprocess.run([sys.executable, "-m", "safetyboard", "notices", "--db", str(db), "--to", "曹镇",
                          "--as-of", "2022-10-31", "--out", str(tmp_path)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "督办通知单_曹镇乡_20221031.docx").exists()
    out = subprocess.run([sys.executable, "-m", "safetyboard", "notices", "--db", str(db), "--batch", "--as-of",
                          "2022-10-31", "--out", str(tmp_path / "batch")], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1].startswith("共生成")
    out = subprocess.run([sys.executable, "-m", "safetyboard", "notices", "--db", str(db), "--to", "湛南",
                          "--out", str(tmp_path)], capture_output=True, text=True)
    assert (out.returncode, out.stderr.strip()) == (2, "「湛南」不是湛河区的乡/街道或区安委会成员单位。")
