"""Hostile and careless input, each with its exact outcome: SQL-looking text everywhere, dangerous files,
spreadsheet formulas, reporters' identities, and a 乡/街道 user reaching for another unit."""
import csv
import datetime as dt
import io
import logging
import re
import threading
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from streamlit.testing.v1 import AppTest

from safetyboard import access, audit, auth, queries
from safetyboard.exports import table_xlsx
from safetyboard.ledgers import upload
from safetyboard.ledgers.errors_report import error_report_bytes
from safetyboard.ledgers.importer import import_file
from safetyboard.metrics import Filters
from safetyboard.store import get_store
from ui.navigation import PAGES

import apptest_support as support

REPO = Path(__file__).resolve().parents[1]
SQLISH = ["'; drop table hazards; --", "1 or 1=1", "x' OR '1'='1", "\"); DELETE FROM imports; --"]
LEDGER_TABLES = ("hazards", "enforcement", "supervision", "assignments", "monthly_reports", "submissions", "tips")
PASSWORD = "hostile password 1"
MAZHUANG, CAOZHEN = "410411001000", "410411200000"


def table_counts(store) -> dict:
    names = [r["table_name"] for r in store.query(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").to_pylist()]
    return {n: store.scalar(f'SELECT count(*) FROM "{n}"') for n in names}


def ledger_counts(store) -> dict:
    return {t: store.scalar(f"SELECT count(*) FROM {t}") for t in LEDGER_TABLES}


@pytest.fixture()
def db(app_db):
    """The golden database copy in demo mode (the administrator)."""
    return app_db


def run_page(file: str, **query) -> AppTest:
    return support.run_page(file, timeout=120, **query)


def upload_to_page(name: str, content: bytes) -> AppTest:
    at = run_page("pages/import_data.py")
    at.get("file_uploader")[0].set_value([(name, content, "application/octet-stream")])
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def has_formula_cells(xlsx: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return any(re.search(r"<f[ >]", zf.read(n).decode("utf-8")) for n in zf.namelist() if n.startswith("xl/worksheets/"))


def xlsx_text(xlsx: bytes) -> str:
    """Every cell value of every sheet, one per line."""
    import openpyxl
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None)


# ---------------------------------------------------------------- SQL-looking text

@pytest.mark.parametrize("entry", PAGES, ids=[p.url_path for p in PAGES])
def test_sql_in_every_url_parameter_is_ignored(db, entry):
    store = get_store(db)
    before = table_counts(store)
    for text in SQLISH:
        at = run_page(entry.file, units=text, industries=text, departments=text, as_of=text, since=text,
                      phase=text, interval=text, view=text)
        assert at.title, entry.title
    after = table_counts(store)
    after.pop("audit_log"), before.pop("audit_log")
    assert after == before


@pytest.mark.parametrize("text", SQLISH)
def test_sql_in_every_filter_value_is_bound_as_text(db, text):
    store = get_store(db)
    before = table_counts(store)
    f = Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31), units=(text,), industries=(text,), departments=(text,))
    for who in (auth.Principal("a", "admin"), auth.Principal("u", "unit", unit_code=CAOZHEN)):
        for name in ("hazard_summary", "hazards_by_unit", "enforcement_summary", "tip_summary", "overdue_and_upcoming_hazards"):
            p = access.scope_params(who, name, {**f.params(), "row_limit": 100, "top_n": 5})
            rows = queries.run(store, name, p).to_pylist()
            assert all(r.get("total", 0) in (0, None) for r in rows)
    assert table_counts(store) == before


def test_sql_as_a_username_is_just_a_failed_login(db, tmp_path, monkeypatch):
    users = {"admin": auth.User("admin", "admin", auth.hash_password(PASSWORD, rounds=4))}
    monkeypatch.setenv("SAFETYBOARD_USERS", str(auth.save_users(users, tmp_path / "users.toml")))
    at = run_page("pages/overview.py")
    for text in SQLISH[:2]:
        inputs = {t.label: t for t in at.text_input}
        inputs["用户名"].input(text)
        inputs["密码"].input(text)
        next(b for b in at.button if b.label == "登录").click()
        at.run()
        assert [e.value for e in at.error] == ["用户名或密码错误。"]
    failed = audit.entries(get_store(db), events=["login_failed"]).to_pylist()
    assert [e["username"] for e in failed] == [SQLISH[1], SQLISH[0]]


def test_sql_in_ledger_cells_is_stored_as_text(db, tmp_path):
    store = get_store(db)
    path = tmp_path / "注入.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"])
        for i, text in enumerate(SQLISH):
            w.writerow([f"Q{i}", "马庄", text, text, "一般", "2022-06-01", "未整改"])
    res = import_file(store, path)
    assert res[0].status == "imported" and res[0].accepted == 4, [r.rejected_rows for r in res]
    stored = store.query("SELECT enterprise, description FROM hazards WHERE hazard_no LIKE 'Q%' ORDER BY hazard_no").to_pylist()
    assert [r["description"] for r in stored] == SQLISH
    assert all(store.scalar(f"SELECT count(*) FROM {t}") is not None for t in LEDGER_TABLES)
    assert store.scalar("SELECT count(*) FROM imports") >= 1


# ---------------------------------------------------------------- dangerous and careless files

def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (40 * 2**20))
    return buffer.getvalue()


def workbook_with(part: str) -> bytes:
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("隐患")
    for c, v in enumerate(["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"]):
        ws.write_string(0, c, v)
    for c, v in enumerate(["L1", "马庄", "企业", "问题", "一般", "2022-06-01", "未整改"]):
        ws.write_string(1, c, v)
    wb.close()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(part, b"<externalLink/>" if "external" in part else b"\xd0\xcf\x11\xe0VBA")
    return out.getvalue()


def wide_csv() -> bytes:
    return (",".join(f"列{i}" for i in range(10_000)) + "\n" + ",".join("x" for _ in range(10_000)) + "\n").encode()


def binary_csv() -> bytes:
    return bytes(range(256)) * 64


FILES = {
    "zip bomb": ("隐患台账.xlsx", zip_bomb, "文件「隐患台账.xlsx」解压后异常庞大（压缩比过高），疑似恶意文件，已拒绝导入。"),
    "10000 columns": ("宽表.csv", wide_csv, "文件「宽表.csv」有10000列，超过500列的上限，不是正常的台账。"),
    "binary as csv": ("数据.csv", binary_csv, "文件「数据.csv」不是文本表格也不是Excel工作簿（内容为二进制数据）。请上传.xlsx、.xls或.csv格式的台账。"),
}


@pytest.mark.parametrize("case", FILES)
def test_bad_files_through_the_import_path(db, tmp_path, case):
    name, make, message = FILES[case]
    store = get_store(db)
    before = table_counts(store)
    path = tmp_path / name
    path.write_bytes(make())
    res = import_file(store, path, label=name)
    assert [(r.status, r.error) for r in res] == [("failed", message)]
    assert table_counts(store) == before
    assert store.scalar("SELECT count(*) FROM hazards") == before["hazards"]     # still serving


@pytest.mark.parametrize("case", FILES)
def test_bad_files_through_the_page(db, case):
    name, make, message = FILES[case]
    before = ledger_counts(get_store(db))
    at = upload_to_page(name, make())
    assert [e.value for e in at.error] == [message]
    assert not [b for b in at.button if b.label == "确认导入"]
    assert ledger_counts(get_store(db)) == before


@pytest.mark.parametrize("name, part, message", [
    ("外链.xlsx", "xl/externalLinks/externalLink1.xml",
     "文件「外链.xlsx」含有指向其他工作簿的外部链接，其中的数值可能没有更新，未导入。请在Excel中用“数据→编辑链接→断开链接”把公式转为数值，另存为.xlsx后再上传。"),
    ("改名的宏.xlsx", "xl/vbaProject.bin",
     "文件「改名的宏.xlsx」含有宏（VBA代码），为安全起见不予导入。请在Excel中“另存为”不含宏的Excel工作簿（.xlsx）后再上传。"),
])
def test_workbooks_with_external_links_or_macros_are_refused(db, name, part, message):
    before = table_counts(get_store(db))
    at = upload_to_page(name, workbook_with(part))
    assert [e.value for e in at.error] == [message]
    assert not [b for b in at.button if b.label == "确认导入"]
    after = table_counts(get_store(db))
    after.pop("audit_log"), before.pop("audit_log")
    assert after == before


def test_xlsm_is_refused_by_name(db):
    at = upload_to_page("台账.xlsm", workbook_with("xl/vbaProject.bin"))
    assert [e.value for e in at.error] == [
        "文件「台账.xlsm」是含宏的工作簿（.xlsm），为安全起见不予导入。请在Excel中“另存为”Excel工作簿（.xlsx）后再上传。"]
    # Let through the uploader (Streamlit's own refusal would be in English), refused by the page.
    assert sorted(at.get("file_uploader")[0].allowed_type) == [".csv", ".xls", ".xlsm", ".xlsx"]


def test_a_300_mb_upload_is_refused_before_it_is_read(db):
    before = table_counts(get_store(db))
    staged = set(upload.staging_dir().iterdir())
    at = upload_to_page("全年隐患.xlsx", b"\0" * (300 * 2**20))
    assert [e.value for e in at.error] == [
        "文件「全年隐患.xlsx」大小为300.0MB，超过100MB的上限，未导入。请删除多余的工作表或拆分成几个文件后再上传。"]
    assert set(upload.staging_dir().iterdir()) == staged           # never written anywhere
    after = table_counts(get_store(db))
    after.pop("audit_log"), before.pop("audit_log")
    assert after == before


def test_a_ledger_with_100000_rejected_rows(db, tmp_path):
    store = get_store(db)
    before = ledger_counts(store)
    lines = ["隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态"]
    lines += [f"R{i},湛南街道,企业{i},问题{i},一般,2022-06-01,未整改" for i in range(100_000)]
    content = ("\n".join(lines) + "\n").encode()

    at = upload_to_page("十万行.csv", content)
    assert any("共100000行，预计接收0行、拒收100000行" in m.value for m in at.markdown)
    # Nothing to accept: the import needs the explicit second confirmation first.
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == "我已了解没有可接收的行，仍要导入")).check().run()
    next(b for b in at.button if b.label == "确认导入").click()
    at.run()
    assert not at.exception
    assert ledger_counts(store) == before                                  # no ledger row changed
    rejected = [d.value for d in at.dataframe if "拒收原因" in d.value.columns][0]
    assert len(rejected) == 1000 and rejected["原表行号"].iloc[0] == 2
    assert rejected["拒收原因"].iloc[0] == "所属乡(街道)「湛南街道」不是湛河区的乡/街道"
    assert any("此处只显示前1000行，完整清单见错误报告" in c.value for c in at.caption)
    result = [d.value for d in at.dataframe if "接收" in d.value.columns][0].iloc[0]
    assert (result["总行数"], result["接收"], result["拒收"]) == (100_000, 0, 100_000)

    # The full error report has every row (through the core, as the page's download does).
    path = tmp_path / "十万行.csv"
    path.write_bytes(content.replace(b"R", b"S"))
    res = import_file(store, path)
    report = error_report_bytes(res)
    import fastexcel
    sheet = fastexcel.read_excel(report).load_sheet(0, header_row=None).to_pandas()
    assert (sheet.iloc[:, -1] == "所属乡(街道)「湛南街道」不是湛河区的乡/街道").sum() == 100_000


def test_other_users_are_served_while_an_import_writes(db):
    """An import holds the store's write lock for its whole transaction; queries, logins and audit entries
    of other sessions do not wait for it."""
    store = get_store(db)
    holding, release = threading.Event(), threading.Event()

    def long_import():
        with store.write_lock:
            holding.set()
            release.wait()
    writer = threading.Thread(target=long_import)
    writer.start()
    holding.wait()
    try:
        p = {**Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31)).params()}
        assert queries.run(store, "hazard_summary", p).to_pylist()[0]["total"] == 10
        assert audit.record(store, "login", username="other")
        users = {"x": auth.User("x", "leader", auth.hash_password(PASSWORD, rounds=4))}
        assert auth.authenticate("x", PASSWORD, users, auth.Throttle()).principal is not None
    finally:
        release.set()
        writer.join()


# ---------------------------------------------------------------- formula injection

FORMULAS = ['=HYPERLINK("http://evil.example/x","点我")', "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1"]


def formula_ledger(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    ws = wb.add_worksheet("隐患")
    for c, v in enumerate(["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态", "备注"]):
        ws.write_string(0, c, v)
    for i, text in enumerate(FORMULAS):
        for c, v in enumerate([f"F{i}", "马庄", text, text, "一般", "2022-06-01", "未整改", text]):
            ws.write_string(i + 1, c, v)
    for c, v in enumerate(["F9", "马庄", FORMULAS[0], FORMULAS[1], "一般", "2022/13/45", "未整改", FORMULAS[2]]):
        ws.write_string(len(FORMULAS) + 1, c, v)          # a rejected row: its cells go to the error report
    wb.close()
    return path


def test_formulas_in_cells_come_back_as_text_in_every_export(db, tmp_path):
    store = get_store(db)
    res = import_file(store, formula_ledger(tmp_path / "公式.xlsx"))
    assert res[0].accepted == 4 and res[0].rejected == 1
    stored = store.query("SELECT enterprise, description, note FROM hazards WHERE hazard_no LIKE 'F%' ORDER BY hazard_no")
    assert [r["description"] for r in stored.to_pylist()] == FORMULAS                   # stored as written

    # 1. Tables on the pages download through widgets.table -> table_xlsx.
    at = run_page("pages/hazard_map.py", as_of="2022-10-31")
    at.selectbox(key=[s.key for s in at.selectbox if s.label and "乡/街道" in s.label][0]).set_value("马庄街道").run()
    shown = [d.value for d in at.dataframe if any("HYPERLINK" in str(v) for v in d.value.astype(str).values.ravel())]
    assert shown, "the hazard list shows the cells"
    page_export = table_xlsx({"隐患清单": shown[0]}, title="隐患清单", filters=["统计区间：…"])
    # 2. The error report of the rejected row.
    report = error_report_bytes(res)
    # 3. The audit log export, with a file name that looks like a formula.
    for text in FORMULAS:
        audit.record(store, "import", username="x", target=text)
    log = pd.DataFrame(audit.entries(store).to_pylist())
    log_export = table_xlsx({"审计日志": log}, title="审计日志")
    for xlsx in (page_export, report, log_export):
        assert not has_formula_cells(xlsx)
        text = xlsx_text(xlsx)
        assert "'=HYPERLINK(" in text and "'=cmd|" in text
    assert "'@SUM" in xlsx_text(report) and "'+1+1" in xlsx_text(page_export)
    widgets = (REPO / "ui" / "widgets.py").read_text(encoding="utf-8")
    assert "table_xlsx(" in widgets and "to_excel" not in widgets


# ---------------------------------------------------------------- reporters' identity

IDENTITY = {"举报人": "王举报人甲", "联系电话": "13912345678", "身份证号": "410411199001011234", "住址": "湛河区某某路99号院"}


def tips_ledger(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("举报")
    header = ["受理编号", "受理日期", "举报渠道", *IDENTITY, "被举报单位", "所属乡(街道)", "核查结果", "奖励金额(元)"]
    for c, v in enumerate(header):
        ws.write_string(0, c, v)
    good = ["J1", "2022-06-01", "12350", *IDENTITY.values(), "企业A", "马庄", "属实", "500"]
    bad = ["J2", "2022/13/45", "12350", *IDENTITY.values(), "企业B", "马庄", "属实", "0"]
    for r, row in enumerate((good, bad), start=1):
        for c, v in enumerate(row):
            ws.write_string(r, c, v)
    wb.close()
    return path


def everything_in_the_database(store) -> str:
    out = []
    for t in table_counts(store):
        out.append(store.query(f'SELECT * FROM "{t}"').to_pandas().astype(str).to_csv())
    return "\n".join(out)


def page_text(at: AppTest) -> str:
    parts = [d.value.astype(str).to_csv() for d in at.dataframe] + [str(m.value) for m in at.metric]
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "table", "title", "subheader"):
        parts += [str(e.value) for e in getattr(at, kind)]
    return "\n".join(parts)


def test_reporter_identity_goes_nowhere(db, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    store = get_store(db)
    content = tips_ledger(tmp_path / "举报受理.xlsx").read_bytes()

    at = upload_to_page("举报受理.xlsx", content)
    preview_text = page_text(at)
    next(b for b in at.button if b.label == "确认导入").click()
    at.run()
    assert not at.exception
    import_text = page_text(at)
    assert any("为保护举报人，以下列未导入：举报人、联系电话、身份证号、住址" in c.value
               or "举报人、联系电话、身份证号、住址" in c.value for c in at.caption)
    assert store.scalar("SELECT count(*) FROM tips WHERE tip_no = 'J1'") == 1

    tips_page = page_text(run_page("pages/tips.py", as_of="2022-10-31"))
    audit_page = page_text(run_page("pages/audit_log.py"))
    res = import_file(store, tmp_path / "举报受理.xlsx")     # already imported: the same rows as the page's
    path = tmp_path / "举报受理2.xlsx"
    path.write_bytes(content)
    with zipfile.ZipFile(path, "a") as zf:                   # another hash, same cells
        zf.writestr("docProps/custom.xml", "<Properties/>")
    res = import_file(store, path)
    report = xlsx_text(error_report_bytes(res))
    exported = xlsx_text(table_xlsx({"审计日志": pd.DataFrame(audit.entries(store).to_pylist())}, title="审计日志"))
    logs = "\n".join(r.getMessage() for r in caplog.records)
    everywhere = {"database": everything_in_the_database(store), "preview": preview_text, "import page": import_text,
                  "tips page": tips_page, "audit page": audit_page, "error report": report, "audit export": exported,
                  "logs": logs}
    archived = sorted((db.parent / "archive").iterdir())
    everywhere["archive"] = "\n".join(xlsx_text(p.read_bytes()) for p in archived)
    for p in archived:                                       # nothing of the raw file, even compressed
        for value in IDENTITY.values():
            assert value.encode("utf-8") not in p.read_bytes()
    for where, text in everywhere.items():
        for header, value in IDENTITY.items():
            assert value not in text, f"{header} found in {where}"
    assert "J2" in report and "受理日期" in report        # the rejected row is in the report, without the identity


def test_a_tips_ledger_is_archived_without_the_reporter(db, tmp_path):
    store = get_store(db)
    source = tips_ledger(tmp_path / "举报受理.xlsx")
    res = import_file(store, source)
    assert [r.status for r in res] == ["imported"]
    sha = res[0].sha256
    archive = db.parent / "archive" / f"{sha}.redacted.xlsx"
    assert store.scalar("SELECT archive_path FROM imports WHERE sha256 = $sha", {"sha": sha}) == str(archive)
    book = openpyxl.load_workbook(archive)
    assert book.sheetnames == ["说明", "举报"]
    rows = [[c for c in r] for r in book["举报"].iter_rows(values_only=True)]
    # Every column the import recognised, header and both rows (the rejected one too); no identity column.
    assert rows == [["受理编号", "受理日期", "举报渠道", "被举报单位", "所属乡(街道)", "核查结果", "奖励金额(元)"],
                    ["J1", "2022-06-01", "12350", "企业A", "马庄", "属实", "500"],
                    ["J2", "2022/13/45", "12350", "企业B", "马庄", "属实", "0"]]
    note = [r[0] for r in book["说明"].iter_rows(values_only=True)]
    assert note[0] == f"本文件是「举报受理.xlsx」的存档副本（原文件 SHA-256：{sha}）。"
    assert note[2] == "· 工作表「举报」的列：举报人、联系电话、身份证号、住址；表头以上的标题行"
    # The same file again is still recognised by the original's hash.
    assert [r.status for r in import_file(store, source)] == ["already_imported"]


def test_other_ledgers_are_archived_byte_for_byte(db, tmp_path):
    store = get_store(db)
    source = tmp_path / "隐患.csv"
    source.write_text("隐患编号,所属乡(街道),单位名称,隐患描述,隐患等级,发现日期,整改状态\n"
                      "A1,马庄,企业甲,问题,一般,2022-06-01,未整改\n", encoding="utf-8")
    res = import_file(store, source)
    archive = db.parent / "archive" / f"{res[0].sha256}.csv"
    assert archive.read_bytes() == source.read_bytes()


# ---------------------------------------------------------------- a 乡/街道 user and another unit

def test_unit_user_download_and_url_for_another_unit_yield_nothing(db, tmp_path, monkeypatch):
    users = {"cz": auth.validate_user(auth.User("cz", "unit", auth.hash_password(PASSWORD, rounds=4), unit="曹镇乡"))}
    monkeypatch.setenv("SAFETYBOARD_USERS", str(auth.save_users(users, tmp_path / "users.toml")))
    for file in ("pages/rectification.py", "pages/hazard_map.py", "pages/overview.py", "pages/enforcement.py"):
        at = AppTest.from_file(str(REPO / file), default_timeout=60)
        at.query_params["units"] = MAZHUANG
        at.query_params["as_of"] = "2022-10-31"
        at.run()
        inputs = {t.label: t for t in at.text_input}
        inputs["用户名"].input("cz")
        inputs["密码"].input(PASSWORD)
        next(b for b in at.button if b.label == "登录").click()
        at.run()
        assert not at.exception
        text = page_text(at)
        for other in ("马庄", "企业A", "企业B", "H01", "H02"):
            assert other not in text, (file, other)
        # What a download would hold: the same frames, through the same export path.
        for frame in (d.value for d in at.dataframe):
            assert "马庄" not in xlsx_text(table_xlsx({"t": frame}))
