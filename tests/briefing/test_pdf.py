"""The briefing as PDF through LibreOffice (safetyboard/briefing/pdf.py): the district briefing of the golden
fixture renders with its first page, page numbers and annex; a group briefing with the loop ledgers
(tests/fixture_loop.py) keeps its problem passage."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from docx_support import flat, make_briefing, require

from safetyboard.briefing.pdf import soffice_path, to_pdf

REPO = Path(__file__).resolve().parents[2]
A = dt.date(2022, 10, 31)
BODY_PAGES = 4               # the district briefing's body on the demo data (13 pages before the 附表)


def test_briefing_converts_to_pdf_and_renders(district, tmp_path):
    if soffice_path() is None:
        require("soffice")
    pdftoppm, pdftotext = require("pdftoppm"), require("pdftotext")
    result, _d = district
    source = tmp_path / result.file_name
    source.write_bytes(result.content)
    pdf = to_pdf(source, tmp_path / "pdf")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    first = flat(pages[0])
    assert "湛河区安全生产大检查工作简报" in first and "第31期" in first and "全区安全生产大检查工作进展情况" in first
    assert "排查隐患10处" in first and "整改率40.0%" in first
    assert "—1—" in first                                    # the PAGE field, rendered
    assert "—2—" in flat(pages[1])
    assert "隐患排查治理情况统计表（按乡/街道）" in flat(text)
    subprocess.run([pdftoppm, "-f", "1", "-l", "1", "-r", "110", "-png", "-singlefile", str(pdf),
                    str(tmp_path / "page1")], check=True)
    png = tmp_path / "page1.png"
    assert png.stat().st_size > 20_000
    if os.environ.get("SAFETYBOARD_DOCS_IMAGES"):
        shutil.copy(png, REPO / "docs" / "briefing_page1.png")


def test_group_briefing_with_problems_converts_to_pdf(loop_store, tmp_path):
    if soffice_path() is None:
        require("soffice")
    pdftotext = require("pdftotext")
    result, _d = make_briefing(loop_store, as_of=A, group="一组")
    source = tmp_path / result.file_name
    source.write_bytes(result.content)
    pdf = to_pdf(source, tmp_path / "pdf")
    text = flat(subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout)
    assert "督导发现问题整改情况" in text
    assert "马庄街道：发现问题4个，已整改2个，复查未通过1个" in text


def test_district_briefing_body_on_the_demo_data_is_short(tmp_path):
    """The body (masthead to 下一步工作, before 附件1) of the district briefing on the bundled demo data: 13 pages
    before the full lists moved to the Excel 附表, at most 4 now."""
    if soffice_path() is None:
        require("soffice")
    pdftotext = require("pdftotext")
    from safetyboard.config import SAMPLE_DIR
    from safetyboard.demo_db import build_demo_database
    from safetyboard.store import Store

    db = tmp_path / "demo.duckdb"
    build_demo_database(db, SAMPLE_DIR)
    store = Store(db)
    try:
        result, _d = make_briefing(store)
    finally:
        store.close()
    source = tmp_path / result.file_name
    source.write_bytes(result.content)
    pdf = to_pdf(source, tmp_path / "pdf")
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    body = next(i for i, page in enumerate(pages) if flat(page).startswith("附件1"))
    assert body <= BODY_PAGES, f"the body takes {body} pages"
    text = flat("".join(pages[:body]))
    assert "看板" not in text and "见Excel附表“逾期未整改隐患”" in text
