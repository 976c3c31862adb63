"""数据导入 page under AppTest (upload, preview, import, results, error report, undo, templates) and the helpers
behind it that use its ledgers (error report, content check, staging folder); the upload's size and name checks are
in tests/ledgers/test_upload.py."""
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from safetyboard import audit
from safetyboard.ledgers import content_check, upload
from safetyboard.ledgers.errors_report import error_report_bytes
from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.spec import LEDGER_TYPES
from safetyboard.store import get_store

import apptest_support as support

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "import password 1"
CSV = "text/csv"
HEADER = "序号,隐患编号,所属乡（街道）,单位名称,隐患描述,隐患等级,发现日期,整改状态,备用列"
GOOD = [f"{i},P{i:02d},马庄,企业{i},问题{i},一般,2022-06-{i:02d},未整改," for i in range(1, 13)]
BAD = ["13,P13,湛南街道,企业X,问题,一般,2022-06-01,未整改,", "14,P14,马庄,企业Y,问题,一般,2022/13/45,未整改,"]


def ledger(rows=GOOD, header=HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


@pytest.fixture()
def app(app_db, tmp_path, monkeypatch):
    """The import page on a copy of the golden database, signed in as the administrator."""
    support.use_users(monkeypatch, tmp_path / "users.toml", support.user("office", "admin", PASSWORD, display_name="安委办"))

    def open_page() -> AppTest:
        return support.sign_in(support.run_page("pages/import_data.py", timeout=120), "office", PASSWORD)
    open_page.db = app_db
    return open_page


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.message for e in at.exception]
    return at


def upload_files(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.get("file_uploader")[0].set_value([(name, content, CSV) for name, content in files])
    return ok(at.run())


def click(at: AppTest, label: str, index: int = 0) -> AppTest:
    [b for b in at.button if b.label == label][index].click()
    return ok(at.run())


def frames_with(at: AppTest, column: str):
    return [d.value for d in at.dataframe if column in d.value.columns]


def undo_batch(at: AppTest, import_id: int) -> AppTest:
    """Choose a batch in 选择导入批次, tick the confirmation and press 撤销批次N (what a person does)."""
    at.selectbox(key=next(s.key for s in at.selectbox if s.label == "选择导入批次")).set_value(import_id)
    ok(at.run())
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == f"我已确认要撤销批次{import_id}")).check()
    return click(ok(at.run()), f"撤销批次{import_id}")


def newest_batch(db) -> int:
    return get_store(db).scalar("SELECT max(import_id) FROM imports")


def hazard_count(db) -> int:
    return get_store(db).scalar("SELECT count(*) FROM hazards")


# ---------------------------------------------------------------- upload, preview, import

def test_preview_shows_type_mapping_and_first_rows(app):
    at = upload_files(app(), ("六月隐患.csv", ledger(GOOD + BAD)))
    assert any("自动识别为「隐患排查整治台账」" in c.value for c in at.caption)
    mapping = frames_with(at, "原表头")[0]
    pairs = dict(zip(mapping["原表头"], mapping["对应字段"]))
    assert pairs["所属乡(街道)"] == "所属乡(街道)" and pairs["单位名称"] == "单位名称" and pairs["隐患编号"] == "隐患编号"
    assert pairs["备用列"] == "（未识别，不导入）"
    sample = frames_with(at, "原表行号")[0]
    assert len(sample) == 10 and sample["原表行号"].tolist()[:2] == [2, 3]
    assert sample["所属乡(街道)"].iloc[0] == "马庄街道" and sample["隐患编号"].iloc[0] == "P01"
    assert any("共14行，预计接收12行、拒收2行、跳过0行" in m.value for m in at.markdown)
    # The reasons are in the preview, before 确认导入.
    assert "**将拒收的行及原因**（共2行）" in [m.value for m in at.markdown]
    reasons = frames_with(at, "拒收原因")[0]
    assert reasons["原表行号"].tolist() == [14, 15]
    assert "湛南街道" in reasons["拒收原因"].iloc[0] and "2022/13/45" in reasons["拒收原因"].iloc[1]
    assert hazard_count(app.db) == 12                    # the golden data only: nothing imported yet


def test_a_file_with_nothing_to_accept_needs_a_second_confirmation(app):
    at = upload_files(app(), ("全错.csv", ledger(BAD)))
    assert any("共2行，预计接收0行、拒收2行" in m.value for m in at.markdown)
    assert any("这个文件没有一行可以接收" in w.value for w in at.warning)
    go = next(b for b in at.button if b.label == "确认导入")
    assert go.disabled
    batches = newest_batch(app.db)
    at.checkbox(key=next(c.key for c in at.checkbox if c.label == "我已了解没有可接收的行，仍要导入")).check()
    at = ok(at.run())
    assert not next(b for b in at.button if b.label == "确认导入").disabled
    at = click(at, "确认导入")
    # Recorded as asked, but said as a warning, not a green 导入完成.
    assert newest_batch(app.db) == batches + 1
    assert any("「全错.csv」已登记，但没有接收任何行：共2行，接收0，拒收2" in w.value for w in at.warning)
    assert not any("导入完成" in s.value for s in at.success)


def test_confirm_imports_with_results_rejections_and_error_report(app):
    at = upload_files(app(), ("六月隐患.csv", ledger(GOOD + BAD)))
    before = hazard_count(app.db)
    at = click(at, "确认导入")
    assert hazard_count(app.db) == before + 12
    assert any("「六月隐患.csv」导入完成：共14行，接收12，拒收2，跳过0，替换0" in s.value for s in at.success)
    result = frames_with(at, "接收")[0].iloc[0]
    assert (result["台账类型"], result["总行数"], result["接收"], result["拒收"], result["跳过"], result["替换"]) == \
        ("隐患排查整治台账", 14, 12, 2, 0, 0)
    rejected = frames_with(at, "拒收原因")[0]
    assert rejected["原表行号"].tolist() == [14, 15]
    assert "湛南街道" in rejected["拒收原因"].iloc[0] and "2022/13/45" in rejected["拒收原因"].iloc[1]
    assert "下载错误报告（.xlsx，可退回填报单位）" in [b.label for b in at.get("download_button")]
    entry = audit.entries(get_store(app.db), events=["import"]).to_pylist()[0]
    assert (entry["username"], entry["target"]) == ("office", "六月隐患.csv") and '"accepted": 12' in entry["detail"]
    stored = get_store(app.db).query("SELECT imported_by FROM imports ORDER BY import_id DESC LIMIT 1").to_pylist()
    assert stored == [{"imported_by": "office"}]


def test_preview_and_result_say_where_the_unit_came_from(app):
    # No 所属乡(街道) column: the unit stands only in the 填报单位 line above the header.
    title_only = ("填报单位（盖章）：湛河区曹镇乡人民政府\n隐患编号,单位名称,隐患描述,隐患等级,发现日期,整改状态\n"
                  "T01,企业甲,灭火器过期,一般,2022-06-01,未整改\n").encode("utf-8")
    at = upload_files(app(), ("曹镇隐患.csv", title_only))
    assert "整表单位　所属乡(街道)：曹镇乡（取自表头上方的填报单位）" in [c.value for c in at.caption]
    sample = frames_with(at, "原表行号")[0]
    assert sample["所属乡(街道)"].tolist() == ["曹镇乡"]
    at = click(at, "确认导入")
    result = frames_with(at, "接收")[0].iloc[0]
    assert (result["接收"], result["整表单位"]) == (1, "所属乡(街道)：曹镇乡（取自表头上方的填报单位）")


def test_the_ledger_type_can_be_changed(app):
    at = upload_files(app(), ("台账.csv", ledger()))
    at.selectbox(key=[s.key for s in at.selectbox if s.label == "台账类型"][0]).set_value("tips")
    ok(at.run())
    assert any("最接近「举报受理台账」，但缺少必填列" in e.value for e in at.error)
    assert not [b for b in at.button if b.label == "确认导入"]


def test_several_files_at_once(app):
    at = upload_files(app(), ("一.csv", ledger(GOOD[:3])), ("二.csv", ledger(GOOD[3:5])))
    assert len([b for b in at.button if b.label == "确认导入"]) == 2
    at = click(at, "确认导入", 1)
    assert len([b for b in at.button if b.label == "确认导入"]) == 1    # the second is done, the first still waits
    at = click(at, "确认导入")
    assert hazard_count(app.db) == 12 + 5


def test_the_same_file_twice_changes_nothing(app):
    click(upload_files(app(), ("一.csv", ledger(GOOD[:3]))), "确认导入")
    second = click(upload_files(app(), ("一（再次）.csv", ledger(GOOD[:3]))), "确认导入")
    assert any("内容相同，本次未做任何更改" in i.value for i in second.info)
    assert hazard_count(app.db) == 15


def test_reporter_columns_are_listed_as_not_imported(app):
    tips = "受理编号,受理日期,举报人,联系电话,被举报单位,所属乡(街道),核查结果\nT1,2022-06-01,王某,13900000000,企业A,马庄,属实\n"
    at = upload_files(app(), ("举报.csv", tips.encode()))
    mapping = frames_with(at, "原表头")[0]
    assert dict(zip(mapping["原表头"], mapping["对应字段"]))["举报人"] == "（举报人信息，不导入）"
    at = click(at, "确认导入")
    assert any("举报人、联系电话" in c.value for c in at.caption)


def test_the_cache_is_cleared_after_an_import_and_an_undo(app, monkeypatch):
    from ui import data
    calls = []
    real = data.clear
    monkeypatch.setattr(data, "clear", lambda: (calls.append(1), real()))
    at = click(upload_files(app(), ("一.csv", ledger(GOOD[:3]))), "确认导入")
    assert calls == [1]
    undo_batch(at, newest_batch(app.db))
    assert calls == [1, 1]


# ---------------------------------------------------------------- history and undo

def test_undo_through_the_page(app):
    at = click(upload_files(app(), ("一.csv", ledger(GOOD[:3]))), "确认导入")
    history = frames_with(at, "批次")[0]
    assert history["文件"].iloc[0] == "一.csv" and history["状态"].iloc[0] == "有效" and history["导入人"].iloc[0] == "office"
    at = undo_batch(at, newest_batch(app.db))
    assert hazard_count(app.db) == 12
    assert any(s.value.startswith("已撤销导入批次") and "删除隐患排查整治台账3行" in s.value for s in at.success)
    assert frames_with(at, "批次")[0]["状态"].iloc[0].startswith("已于")
    assert audit.entries(get_store(app.db), events=["undo"]).num_rows == 1


def test_a_blocked_undo_names_the_later_import(app):
    at = click(upload_files(app(), ("一.csv", ledger(GOOD[:3]))), "确认导入")
    changed = [r.replace("未整改", "已整改") for r in GOOD[:2]]
    at = click(upload_files(app(), ("二.csv", ledger(changed))), "确认导入")
    first = get_store(app.db).scalar("SELECT import_id FROM imports WHERE file_name = '一.csv'")
    at = undo_batch(at, first)
    assert any(f"不能撤销导入批次{first}（文件「一.csv」）" in e.value and "二.csv" in e.value for e in at.error)
    assert hazard_count(app.db) == 15


# ---------------------------------------------------------------- templates and error reports

def test_templates_for_every_ledger_type(app):
    at = app()
    labels = [b.label for b in at.get("download_button")]
    assert sorted(labels) == sorted(f"{t.label}模板" for t in LEDGER_TYPES.values())
    for key, ledger_type in LEDGER_TYPES.items():
        wb = openpyxl.load_workbook(io.BytesIO(upload.template_bytes(key)))
        headers = [c.value for c in wb[ledger_type.label][2]]
        assert headers[0].rstrip("*") in {f.label for f in ledger_type.fields}


def test_error_report_has_original_rows_row_numbers_and_reasons(tmp_path, store):
    path = tmp_path / "退回.csv"
    path.write_bytes(ledger(GOOD[:2] + BAD))
    results = import_file(store, path)
    wb = openpyxl.load_workbook(io.BytesIO(error_report_bytes(results)))
    rows = [[c.value for c in r] for r in wb.worksheets[0].iter_rows()]
    header_at = next(i for i, r in enumerate(rows) if r[0] == "原表行号")
    header, body = rows[header_at], rows[header_at + 1:]
    assert header[-1] == "拒收原因" and "所属乡(街道)" in "".join(str(h) for h in header)
    assert [r[0] for r in body] == [4, 5]
    assert "湛南街道" in body[0] and "2022/13/45" in body[1]


# ---------------------------------------------------------------- the content check of an upload

def test_workbook_with_macros_or_external_links_is_refused(tmp_path):
    def workbook(extra: str) -> Path:
        p = tmp_path / f"{extra.replace('/', '_')}.xlsx"
        with zipfile.ZipFile(p, "w") as zf:
            zf.writestr("xl/workbook.xml", "<workbook/>")
            zf.writestr(extra, b"x")
        return p
    assert "含有宏" in content_check.refusal(workbook("xl/vbaProject.bin"), "a.xlsx")
    assert "外部链接" in content_check.refusal(workbook("xl/externalLinks/externalLink1.xml"), "a.xlsx")
    assert content_check.refusal(workbook("xl/styles.xml"), "a.xlsx") is None


# ---------------------------------------------------------------- undo picks the batch shown

def undo_box(at: AppTest):
    return next(s for s in at.selectbox if s.label == "选择导入批次")


def test_after_an_import_no_batch_is_preselected_and_the_confirmation_names_it(app):
    at = click(upload_files(app(), ("一.csv", ledger(GOOD[:3]))), "确认导入")
    at = click(upload_files(at, ("二.csv", ledger(GOOD[3:8]))), "确认导入")
    second = newest_batch(app.db)
    assert undo_box(at).value is None                                   # not an older batch
    assert not [b for b in at.button if b.label.startswith("撤销批次")]
    at.selectbox(key=undo_box(at).key).set_value(second)
    at = ok(at.run())
    # 二.csv holds 5 rows (GOOD[3:8]), all 马庄街道.
    assert any(f"将撤销批次{second}：文件「二.csv」" in w.value and "删除其导入的5行数据（马庄街道）" in w.value
               for w in at.warning)
    assert [b for b in at.button if b.label == f"撤销批次{second}"][0].disabled     # not before the confirmation


def test_an_undone_batch_is_not_offered_and_nothing_is_chosen_after_an_undo(app):
    at = click(upload_files(app(), ("一.csv", ledger(GOOD[:3]))), "确认导入")
    first = newest_batch(app.db)
    at = click(upload_files(at, ("二.csv", ledger(GOOD[3:8]))), "确认导入")
    second = newest_batch(app.db)
    at = undo_batch(at, second)
    assert undo_box(at).value is None
    assert not [o for o in undo_box(at).options if o.startswith(f"批次{second}：")]
    assert [o for o in undo_box(at).options if o.startswith(f"批次{first}：")]
    assert not [b for b in at.button if b.label.startswith("撤销批次")]
    # Only an explicit choice undoes the first batch; pressing nothing undid nothing.
    store = get_store(app.db)
    assert store.scalar("SELECT undone_at IS NULL FROM imports WHERE import_id = $id", {"id": first})
    at = undo_batch(at, first)
    assert store.scalar("SELECT count(*) FROM imports WHERE undone_at IS NOT NULL AND import_id IN ($a, $b)",
                        {"a": first, "b": second}) == 2


# ---------------------------------------------------------------- uploads never wait on disk

TIPS = ("受理编号,受理日期,举报渠道,举报人,联系电话,身份证号,被举报单位,所属乡(街道),核查结果\n"
        "J1,2022-06-01,12350,张三,13800000000,410411199001011234,企业甲,马庄,属实\n").encode("utf-8")


@pytest.fixture()
def staging(tmp_path, monkeypatch):
    import tempfile
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    return upload.staging_dir()


def test_a_previewed_tips_ledger_is_not_left_on_disk(app, staging):
    at = upload_files(app(), ("举报台账.csv", TIPS))
    assert [b for b in at.button if b.label == "确认导入"]           # previewed, not yet imported
    assert list(staging.iterdir()) == []
    at = click(at, "确认导入")
    assert list(staging.iterdir()) == []


def test_a_failed_preview_leaves_nothing_on_disk(app, staging):
    at = upload_files(app(), ("数据.csv", bytes(range(256)) * 64))
    assert at.error and list(staging.iterdir()) == []


def test_copies_of_a_dead_process_are_removed_at_start_up(staging):
    import subprocess
    import sys
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout.strip()
        (staging / f"{dead}-abc.csv").write_bytes(TIPS)
        (staging / f"{alive.pid}-def.csv").write_bytes(TIPS)
        assert upload.purge_orphans(staging) == 1
        assert [p.name for p in staging.iterdir()] == [f"{alive.pid}-def.csv"]
    finally:
        alive.kill()
        alive.wait()


def test_error_report_and_preview_show_excel_dates_as_dates(tmp_path, store):
    import datetime as dt
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER.split(",")[:-1])
    ws.append([1, "P01", "马庄", "企业1", "问题1", "一般", dt.datetime(2022, 6, 1), "未整改"])
    ws.append([2, "P02", "湛南街道", "企业2", "问题2", "一般", dt.datetime(2022, 11, 20), "未整改"])   # not a unit
    path = tmp_path / "日期.xlsx"
    wb.save(path)
    results = import_file(store, path)
    report = openpyxl.load_workbook(io.BytesIO(error_report_bytes(results))).worksheets[0]
    rows = list(report.iter_rows())
    header_at = next(i for i, r in enumerate(rows) if r[0].value == "原表行号")
    date_col = [c.value for c in rows[header_at]].index("发现日期")
    cell = rows[header_at + 1][date_col]
    # A date cell in Excel, shown as 2022-11-20, not the text "2022-11-20 00:00:00".
    assert cell.value == dt.datetime(2022, 11, 20) and cell.number_format == "yyyy-mm-dd"
    shown, total = upload.rejected_table(results)
    assert total == 1 and "发现日期：2022-11-20；" in shown[0]["原始内容"]
