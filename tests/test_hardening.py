"""Hardening, part of the hostile-input suite: zip bombs that lie in their headers, a panicking
reader, a control worker that must outlive any one request, macro and external-link workbooks on the CLI."""
from __future__ import annotations

import io
import json
import re
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
import xlsxwriter

from safetyboard import control
from safetyboard.ledgers import content_check, reader
from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.reader import ReadError, read_file
from safetyboard.store import Store, get_store

REPO = Path(__file__).resolve().parents[1]
HEADER_SIZE = 40_000      # what the hostile file claims its sheet inflates to


def small_workbook() -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("隐患")
    for c, v in enumerate(["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"]):
        ws.write_string(0, c, v)
    wb.close()
    return buffer.getvalue()


def lying_zip_bomb(inflated_mb: int) -> bytes:
    """A real workbook whose sheet is one cell of inflated_mb MB, with HEADER_SIZE written as the sheet's
    size in both the local header and the central directory (what a hostile file does)."""
    sheet = "xl/worksheets/sheet1.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small_workbook())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != sheet:
                dst.writestr(item.filename, src.read(item.filename))
        member = zipfile.ZipInfo(sheet)
        member.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(member, "w") as f:
            f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
            block = b"A" * 2**20
            for _ in range(inflated_mb):
                f.write(block)
            f.write(b"</t></is></c></row></sheetData></worksheet>")
    data = bytearray(out.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info, central = zf.getinfo(sheet), zf.start_dir
    struct.pack_into("<L", data, info.header_offset + 22, HEADER_SIZE)          # local header: uncompressed size
    while data[central:central + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack_from("<3H", data, central + 28)
        if data[central + 46:central + 46 + name_len] == sheet.encode():
            struct.pack_into("<L", data, central + 24, HEADER_SIZE)            # central directory: uncompressed size
        central += 46 + name_len + extra_len + comment_len
    return bytes(data)


BOMB_MESSAGE = "文件「隐患台账.xlsx」解压后异常庞大（压缩比过高），疑似恶意文件，已拒绝导入。"


@pytest.fixture(scope="module")
def bomb_300mb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    path.write_bytes(lying_zip_bomb(300))
    return path


def test_the_bomb_lies_in_its_headers(bomb_300mb):
    with zipfile.ZipFile(bomb_300mb) as zf:
        sizes = {i.filename: i.file_size for i in zf.infolist()}
    assert sizes["xl/worksheets/sheet1.xml"] == HEADER_SIZE
    assert sum(sizes.values()) < 200 * bomb_300mb.stat().st_size    # a header check lets it through


def test_a_bomb_with_false_sizes_is_refused_by_the_reader(bomb_300mb):
    with pytest.raises(ReadError) as caught:
        read_file(bomb_300mb, "隐患台账.xlsx")
    assert str(caught.value) == BOMB_MESSAGE


def test_a_bomb_with_false_sizes_is_refused_by_the_import(app_db, bomb_300mb):
    store = get_store(app_db)
    before = store.scalar("SELECT count(*) FROM imports")
    res = import_file(store, bomb_300mb, label="隐患台账.xlsx")
    assert [(r.status, r.error) for r in res] == [("failed", BOMB_MESSAGE)]
    assert store.scalar("SELECT count(*) FROM imports") == before


def test_a_bomb_with_false_sizes_gets_the_message_on_the_page(app_db, bomb_300mb):
    import apptest_support as support
    at = support.run_page("pages/import_data.py", timeout=120)
    at.get("file_uploader")[0].set_value([("隐患台账.xlsx", bomb_300mb.read_bytes(), "application/octet-stream")])
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [BOMB_MESSAGE]
    assert not [b for b in at.button if b.label == "确认导入"]


PEAK = """
import resource, sys
sys.path.insert(0, {repo!r})
from safetyboard.ledgers.reader import ReadError, read_file
try:
    read_file({path!r}, "bomb.xlsx")
    print("read")
except ReadError as exc:
    print("refused")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def test_refusing_a_1_gb_bomb_stays_far_under_1_gb_of_memory(tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(lying_zip_bomb(1024))
    out = subprocess.run([sys.executable, "-c", PEAK.format(repo=str(REPO), path=str(path))],
                         capture_output=True, text=True, timeout=600, check=True)
    verdict, peak = out.stdout.split()
    assert verdict == "refused"
    assert int(peak) < 2**30, f"peak RSS {int(peak) / 2**20:.0f} MB"


def test_real_sizes_are_counted_not_read_from_headers():
    """The counting stops at the limit: a 300 MB sheet costs the check a few MB at a time."""
    buffer = io.BytesIO(lying_zip_bomb(20))
    packed = len(buffer.getvalue())
    assert content_check.unzipped_limit(packed) < 20 * 2**20 < content_check.MAX_UNZIPPED_BYTES


def test_an_ordinary_workbook_passes_the_content_check(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(small_workbook())
    assert content_check.refusal(path, "ok.xlsx") is None


# ---------------------------------------------------------------- a panicking reader

class PanicException(BaseException):
    """Stands for pyo3_runtime.PanicException: a Rust panic surfaces as a BaseException, not an Exception."""


def test_a_panic_in_the_excel_reader_is_a_chinese_error(tmp_path, monkeypatch):
    import fastexcel

    def panic(*args, **kwargs):
        raise PanicException("capacity overflow")
    monkeypatch.setattr(fastexcel, "read_excel", panic)
    path = tmp_path / "ok.xlsx"
    path.write_bytes(small_workbook())
    with pytest.raises(ReadError) as caught:
        reader.read_file(path, "隐患台账.xlsx")
    assert str(caught.value) == ("文件「隐患台账.xlsx」无法作为Excel工作簿读取（内容异常，读取程序中止）。"
                                 "请确认文件未损坏，并在Excel中另存为.xlsx后再试。")


# ---------------------------------------------------------------- the control worker

def wait_for(check, seconds: float = 20.0):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.fixture()
def held_store(tmp_path, monkeypatch):
    monkeypatch.setattr(control, "HEARTBEAT_SECONDS", 0.05)
    store = Store(tmp_path / "held.duckdb")
    yield store
    store.close()


def test_the_worker_survives_a_panic_in_one_request_and_serves_the_next(held_store, monkeypatch):
    from safetyboard import control_handlers

    def panics(store, payload):
        raise PanicException("capacity overflow")
    monkeypatch.setitem(control_handlers.HANDLERS, "panic", panics)
    monkeypatch.setitem(control_handlers.HANDLERS, "echo", lambda store, payload: payload["text"])
    worker = control.start_worker(held_store)
    wait_for(lambda: control.dashboard_alive(held_store.path))
    first = control.request(held_store.path, "panic", {}, timeout=20)
    assert first == {"ok": False, "error": "处理请求时程序异常中止（PanicException）"}
    assert worker.is_alive()
    assert control.request(held_store.path, "echo", {"text": "还在"}, timeout=20) == {"ok": True, "result": "还在"}
    beat = wait_for(lambda: (b := control.read_heartbeat(held_store.path)) and b["worker"]["failed_requests"] and b)
    assert beat["worker"]["failed_requests"] == 1 and "PanicException" in beat["worker"]["last_failure"]


def test_a_dead_worker_is_restarted_and_the_heartbeat_says_why(held_store, monkeypatch):
    worker = control.start_worker(held_store)
    real = control.health_of

    def dies(store):   # something no request handler guards: the worker thread ends
        raise PanicException("worker killed")
    monkeypatch.setattr(control, "health_of", dies)
    wait_for(lambda: not worker.is_alive())
    monkeypatch.setattr(control, "health_of", real)
    again = control.start_worker(held_store)       # what every page run does
    assert again is not worker and again.is_alive()
    beat = wait_for(lambda: (b := control.read_heartbeat(held_store.path)) and b.get("worker", {}).get("restarts") and b)
    assert beat["worker"]["restarts"] == 1
    assert beat["worker"]["previous_end"] == "PanicException: worker killed"
    assert control.dashboard_alive(held_store.path)


# ---------------------------------------------------------------- macros and external links on the CLI

def workbook_with(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(small_workbook())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(part, b"<externalLink/>" if "external" in part else b"\xd0\xcf\x11\xe0VBA")
    return out.getvalue()


@pytest.mark.parametrize("name, part, message", [
    ("外链.xlsx", "xl/externalLinks/externalLink1.xml",
     "文件「外链.xlsx」含有指向其他工作簿的外部链接，其中的数值可能没有更新，未导入。请在Excel中用“数据→编辑链接→断开链接”把公式转为数值，另存为.xlsx后再上传。"),
    ("宏.xlsm", "xl/vbaProject.bin",
     "文件「宏.xlsm」含有宏（VBA代码），为安全起见不予导入。请在Excel中“另存为”不含宏的Excel工作簿（.xlsx）后再上传。"),
])
def test_the_cli_refuses_macro_and_external_link_workbooks(tmp_path, name, part, message):
    path = tmp_path / name
    path.write_bytes(workbook_with(part))
    db = tmp_path / "cli.duckdb"
    out = subprocess.run([sys.executable, "-m", "safetyboard", "import", "--db", str(db), "--json", str(path)],
                         cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 1, out.stderr
    assert [(r["status"], r["error"]) for r in json.loads(out.stdout)] == [("failed", message)]
    store = Store(db)
    try:
        assert store.scalar("SELECT count(*) FROM imports") == 0
    finally:
        store.close()


# ---------------------------------------------------------------- markup from data (item 3)

IMAGE = "![x](http://example.invalid/p.png)"
BOLD = "**粗体**"
JS_LINK = "[a](javascript:alert(1))"
MARKUP_HEADER = "隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态,行业领域,监管部门"
MARKUP_ROWS = [f"M1,马庄,{JS_LINK},{BOLD},一般,2022-06-01,未整改,{IMAGE},{BOLD}",
               f"M2,马庄,企业,{IMAGE},一般,2022-06-02,未整改,{IMAGE},{JS_LINK}"]


def markup_csv() -> bytes:
    return ("\n".join([MARKUP_HEADER, *MARKUP_ROWS]) + "\n").encode("utf-8")


def test_escape_markdown_keeps_plain_text_and_neutralises_markup():
    from safetyboard.formatting import escape_markdown as esc
    for plain in ("文件「隐患台账.xlsx」", "2022-06-01 08:30", "共12行，接收10", "曹镇乡（本单位）", "马庄_隐患台账.xlsx"):
        assert esc(plain) == plain
    assert esc(IMAGE) == r"\!\[x\](http\://example.invalid/p.png)"
    assert esc(BOLD) == r"\*\*粗体\*\*"
    assert esc(JS_LINK) == r"\[a\](javascript\:alert(1))"
    assert esc("# 标题\n- 列表") == r"\# 标题 - 列表"
    assert esc("- 列表") == r"\- 列表" and esc("1. 列表") == r"1\. 列表"
    assert esc("_斜体_ 与 __粗体__") == r"\_斜体\_ 与 \_\_粗体\_\_"
    assert esc("<b>x</b> :red[x] $x$ www.example.com") == r"\<b\>x\</b\> \:red\[x\] \$x\$ www\.example.com"


@pytest.fixture()
def markup_db(app_db, tmp_path):
    path = tmp_path / "markup.csv"
    path.write_bytes(markup_csv())
    res = import_file(get_store(app_db), path, label="markup.csv")
    assert [r.status for r in res] == ["imported"] and res[0].accepted == 2
    return app_db, res


MARKDOWN_KINDS = ("markdown", "caption", "info", "warning", "error", "success", "title", "subheader", "header", "toast")


def rendered_markdown(at) -> list[str]:
    """The Markdown source of every element Streamlit renders as Markdown, and of widget labels."""
    out = [e.value for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "checkbox", "button", "radio", "date_input", "text_input", "tabs"):
        out.extend(getattr(w, "label", "") or "" for w in getattr(at, kind))
    return out


@pytest.mark.parametrize("file", [p.file for p in __import__("ui.navigation", fromlist=["PAGES"]).PAGES])
def test_markup_in_ledger_cells_is_never_markup_on_any_page(markup_db, file):
    import apptest_support as support
    at = support.run_page(file, timeout=120, industries=IMAGE, departments=BOLD)
    texts = rendered_markdown(at)
    assert texts, file
    for raw in (IMAGE, BOLD, JS_LINK):
        assert not [t for t in texts if raw in t], (file, raw, [t for t in texts if raw in t])
    assert not [t for t in texts if re.search(r"(?<!\\)\]\(", t)], file      # no link or image anywhere
    if file == "pages/overview.py":      # the summary names the chosen 行业领域, escaped
        assert any(r"\!\[x\](http\://example.invalid/p.png)" in t for t in texts)


def test_a_file_name_with_markup_is_text_on_the_import_page(app_db):
    import apptest_support as support
    at = support.run_page("pages/import_data.py", timeout=120)
    name = f"{BOLD}{JS_LINK}.csv"
    at.get("file_uploader")[0].set_value([(name, markup_csv(), "text/csv")])
    at.run()
    assert not at.exception
    texts = rendered_markdown(at)
    assert any(r"\*\*粗体\*\*\[a\](javascript\:alert(1)).csv" in t for t in texts)
    assert not [t for t in texts if BOLD in t or JS_LINK in t]


def test_values_off_the_reference_lists_are_kept_and_flagged(markup_db):
    db, res = markup_db
    # 2 rows × (行业领域 off the list + 监管部门 off the list) = 4 warnings.
    assert res[0].warnings == 4
    store = get_store(db)
    assert store.scalar("SELECT count(*) FROM hazards WHERE industry = $v", {"v": IMAGE}) == 2     # kept as written
    import apptest_support as support
    from safetyboard.ledgers import upload
    assert upload.result_rows(res)[0]["需核实"] == 4
    at = support.run_page("pages/import_data.py", timeout=120)
    flagged = [d.value for d in at.dataframe if "台账中的值" in d.value.columns][0]
    rows = {(r["字段"], r["台账中的值"]): r["行数"] for r in flagged.to_dict("records")}
    assert rows[("行业领域", IMAGE)] == 2 and rows[("监管部门", BOLD)] == 1 and rows[("监管部门", JS_LINK)] == 1


# ---------------------------------------------------------------- dates out of range in the URL (item 8)

@pytest.mark.parametrize("file", [p.file for p in __import__("ui.navigation", fromlist=["PAGES"]).PAGES])
@pytest.mark.parametrize("query", [{"as_of": "9999-12-31"}, {"since": "1999-12-31", "phase": "自定义"},
                                   {"as_of": "0001-01-01", "since": "9999-01-01", "phase": "自定义"}])
def test_out_of_range_dates_in_the_url_are_ignored_with_a_notice(app_db, file, query):
    import apptest_support as support
    at = support.run_page(file, timeout=120, **query)     # no exception
    notices = [w.value for w in at.warning if "网址中的统计" in w.value]
    assert len(notices) == len(query) - ("phase" in query)
    assert all("不是2000年1月1日至2100年12月31日之间的日期，已忽略，改用默认日期。" in n for n in notices)
    assert at.title


# ---------------------------------------------------------------- demo mode only on demo data (item 10)

@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from safetyboard.config import SAMPLE_DIR
    from safetyboard.demo_db import build_demo_database
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo_database(path, SAMPLE_DIR)
    return path


@pytest.fixture()
def no_users(tmp_path, monkeypatch):
    from safetyboard import auth
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    monkeypatch.delenv("SAFETYBOARD_DEMO", raising=False)
    auth.THROTTLE.reset()


def open_db(monkeypatch, source: Path, tmp_path: Path) -> Path:
    import shutil
    db = tmp_path / "app.duckdb"
    shutil.copy2(source, db)
    monkeypatch.setenv("SAFETYBOARD_DB", str(db))
    return db


def test_the_bundled_demo_data_keeps_demo_mode_for_everyone(demo_db, no_users, tmp_path, monkeypatch):
    import apptest_support as support
    from safetyboard.store import close_store
    db = open_db(monkeypatch, demo_db, tmp_path)
    try:
        at = support.run_page("pages/import_data.py", timeout=120)
        assert [t.value for t in at.title] == ["数据导入"] and at.get("file_uploader")
        assert any("演示模式" in w.value for w in at.warning)
    finally:
        close_store(db)


def test_real_ledgers_without_users_make_the_dashboard_read_only(demo_db, no_users, tmp_path, monkeypatch):
    import apptest_support as support
    from safetyboard.store import close_store
    db = open_db(monkeypatch, demo_db, tmp_path)
    try:
        path = tmp_path / "real.csv"
        path.write_bytes(markup_csv())
        assert import_file(get_store(db), path, label="马庄六月.csv")[0].status == "imported"
        for admin_page in ("pages/import_data.py", "pages/audit_log.py"):
            at = support.run_page(admin_page, timeout=120)
            assert not at.get("file_uploader") and not at.dataframe
            assert any("python -m safetyboard users add <用户名> --role admin" in e.value for e in at.error), admin_page
        at = support.run_page("pages/overview.py", timeout=120)
        assert at.metric and any("只读" in w.value for w in at.warning)          # readable, said so
        # Undone again, only the demo data is left: demo mode is back.
        from safetyboard.ledgers import undo
        undo.undo_import(get_store(db), get_store(db).scalar("SELECT max(import_id) FROM imports"))
        assert support.run_page("pages/import_data.py", timeout=120).get("file_uploader")
    finally:
        close_store(db)


def test_safetyboard_demo_1_keeps_demo_mode_on_any_data(app_db, no_users, monkeypatch):
    import apptest_support as support
    at = support.run_page("pages/import_data.py", timeout=120)
    assert not at.get("file_uploader")                              # the golden data is not the demo
    monkeypatch.setenv("SAFETYBOARD_DEMO", "1")
    assert support.run_page("pages/import_data.py", timeout=120).get("file_uploader")


# ---------------------------------------------------------------- should-fix items

def test_an_xls_renamed_xlsx_is_read_by_its_content(tmp_path):
    from workbook_support import biff8_xls
    path = tmp_path / "报送.xlsx"
    path.write_bytes(biff8_xls({"报送": [["序号", "报送单位", "报送节点", "报送日期"], [1, "马庄街道办事处", "第一次", "2022-04-25"]]}))
    sheets = read_file(path, "报送.xlsx")
    assert [(s.name, s.num_rows) for s in sheets] == [("报送", 2)]


def cli_import(tmp_path, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "safetyboard", "import", "--db", str(tmp_path / "cli.duckdb"), *map(str, args)],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)


def test_a_csv_field_over_the_csv_limit_is_a_chinese_reason_in_json(tmp_path):
    path = tmp_path / "长字段.csv"
    path.write_text("隐患编号,所属乡(街道),隐患描述\nH1,马庄,短\nH2,马庄," + "长" * 200_000 + "\n", encoding="utf-8")
    out = cli_import(tmp_path, "--json", path)
    assert out.returncode == 1, out.stderr
    assert [(r["status"], r["error"]) for r in json.loads(out.stdout)] == [(
        "failed", "文件「长字段.csv」第3行有一个单元格超过131072个字符，不是正常的台账内容，未导入。"
                  "请检查该单元格（可能是整段文本或二进制数据被粘贴进表格）。")]


def test_errors_dir_keeps_one_report_per_file_when_names_repeat(tmp_path):
    header = "隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态"
    files = []
    for folder, bad_unit in (("马庄", "湛南街道"), ("曹镇", "火星乡")):
        path = tmp_path / folder / "隐患.csv"
        path.parent.mkdir()
        path.write_text(f"{header}\nR{folder},{bad_unit},企业,问题,一般,2022-06-01,未整改\n", encoding="utf-8")
        files.append(path)
    errors = tmp_path / "errors"
    out = cli_import(tmp_path, "--json", "--errors-dir", errors, *files)
    assert out.returncode == 0, out.stderr
    reports = sorted(p.name for p in errors.iterdir())
    assert reports == ["隐患_错误报告.xlsx", "隐患_错误报告_2.xlsx"]
    import openpyxl
    cells = ["\n".join(str(c.value) for row in openpyxl.load_workbook(errors / r).active.iter_rows() for c in row)
             for r in reports]
    assert "湛南街道" in cells[0] and "火星乡" in cells[1]


def test_exports_name_units_and_leave_missing_values_empty():
    import datetime as dt

    import openpyxl
    import pandas as pd

    from safetyboard.exports import table_xlsx
    from safetyboard.metrics import Filters
    from ui.widgets import filter_lines
    lines = filter_lines(Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31), units=("410411001000", "410411200000")))
    assert lines[1] == "乡/街道：马庄街道、曹镇乡"
    frame = pd.DataFrame({"单位": ["甲", "乙"], "逾期（处）": pd.array([3, None], dtype="Int64")})
    ws = openpyxl.load_workbook(io.BytesIO(table_xlsx({"表": frame}))).active
    assert [tuple(r) for r in ws.iter_rows(values_only=True)] == [("单位", "逾期（处）"), ("甲", 3), ("乙", None)]


def test_a_unit_account_asking_for_its_own_and_another_unit_is_told_the_other_was_dropped(app_db, tmp_path, monkeypatch):
    import apptest_support as support
    support.use_users(monkeypatch, tmp_path / "users.toml", support.user("cz", "unit", "unit password 1", unit="曹镇乡"))
    at = support.sign_in(support.run_page("pages/overview.py", timeout=120, units="410411200000,410411001000"),
                         "cz", "unit password 1")
    warnings = [w.value for w in at.warning]
    assert "乡/街道账号只能查看本单位（曹镇乡）的数据；网址中的其他乡/街道（马庄街道）已忽略，下面只显示本单位的数据。" in warnings
    assert not [w for w in warnings if "不显示任何数据" in w]
    assert at.metric


def test_stats_work_while_the_dashboard_holds_the_database(fixture_db, tmp_path):
    """Through the dashboard's control worker: the same document as read from the file directly."""
    import shutil

    from control_support import HOLDER
    db = tmp_path / "held.duckdb"
    shutil.copy2(fixture_db, db)
    args = ["stats", "--db", str(db), "--json", "--as-of", "2022-10-31"]
    direct = subprocess.run([sys.executable, "-m", "safetyboard", *args], cwd=REPO, capture_output=True, text=True,
                            timeout=120, check=True).stdout
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(repo=str(REPO), db=str(db))], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        wait_for(lambda: control.dashboard_alive(db))
        held = subprocess.run([sys.executable, "-m", "safetyboard", *args], cwd=REPO, capture_output=True, text=True,
                              timeout=120, check=False)
    finally:
        holder.kill()
        holder.wait()
    assert held.returncode == 0, held.stderr
    assert json.loads(held.stdout) == json.loads(direct)


def test_a_briefing_is_made_while_the_dashboard_holds_the_database(fixture_db, tmp_path):
    import shutil

    import docx

    from control_support import HOLDER
    db = tmp_path / "held.duckdb"
    shutil.copy2(fixture_db, db)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER.format(repo=str(REPO), db=str(db))], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        wait_for(lambda: control.dashboard_alive(db))
        out = subprocess.run([sys.executable, "-m", "safetyboard", "briefing", "--db", str(db), "--as-of", "2022-10-31",
                              "--issue-no", "5", "-o", str(tmp_path / "简报.docx")],
                             cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    finally:
        holder.kill()
        holder.wait()
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (f"已生成简报：{tmp_path / '简报.docx'}（全区，第5期，统计截至2022-10-31，本期 2022-10-25 至 "
                                  f"2022-10-31）；附表：{tmp_path / '简报.xlsx'}")
    assert (tmp_path / "简报.xlsx").stat().st_size > 0          # the control worker writes the 附表 too
    assert "排查隐患10处" in "\n".join(p.text for p in docx.Document(str(tmp_path / "简报.docx")).paragraphs)
