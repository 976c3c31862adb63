"""The importer (ledgers/importer.py) and the import rules (DOMAIN.md «Import rules»): what lands in the database,
exactly, for each rule: the same file twice, newer versions and their history, record keys, duplicate keys, one
file one transaction, the archive, files that cannot be imported.

Every fixture is written here into tmp_path; each expected row and count is worked out by hand from it."""
import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest

from safetyboard.ledgers import importer
from safetyboard.ledgers.importer import import_file, prepare
from safetyboard.ledgers.reader import ReadError
from safetyboard.store import Store

from import_support import HAZARD_HEADER, accounted, hazard_file, rows, snapshot
from workbook_support import biff8_xls, compound_file, write_hazard_workbook, write_xlsx


D = dt.date


# ---------------------------------------------------------------- the same file twice

def test_same_file_twice_changes_nothing(store, tmp_path):
    path = hazard_file(tmp_path / "隐患.xlsx", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", None, "未整改", None]])
    first = import_file(store, path)
    assert [(r.status, r.accepted) for r in first] == [("imported", 1)]
    before = snapshot(store)
    (imported_at,) = rows(store, "SELECT imported_at FROM imports")[0]

    again = import_file(store, path)
    assert snapshot(store) == before
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    when = f"{imported_at.year}年{imported_at.month}月{imported_at.day}日 {imported_at:%H:%M}"
    assert [(r.file, r.sheet, r.sha256, r.status, r.ledger_type, r.import_id, r.message) for r in again] == [
        ("隐患.xlsx", "隐患", sha, "already_imported", "hazards", 1,
         f"文件「隐患.xlsx」已于{when}导入（导入批次1），内容相同，本次未做任何更改。")]

    # The same bytes under another name are the same file.
    copy = tmp_path / "隐患（副本）.xlsx"
    copy.write_bytes(path.read_bytes())
    renamed = import_file(store, copy)
    assert snapshot(store) == before
    assert [(r.status, r.message) for r in renamed] == [
        ("already_imported", f"文件「隐患（副本）.xlsx」已于{when}导入（导入批次1），内容相同，本次未做任何更改。")]


# ---------------------------------------------------------------- a newer version of a ledger

def test_newer_version_replaces_rows_and_keeps_the_old_ones_in_history(store, tmp_path):
    v1 = hazard_file(tmp_path / "隐患_10月.xlsx", [
        ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "2022-05-25", "未整改", None],
        ["H2", "马庄", "企业B", "通道堵塞", "重大", "2022-05-01", "2022-06-01", "未整改", None],
        ["H3", "马庄", "企业C", "临边无防护", "一般", "2022-05-02", "2022-06-02", "整改中", None],
    ])
    v2 = hazard_file(tmp_path / "隐患_11月.xlsx", [
        ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "2022-05-25", "已整改", "2022-05-20"],
        ["H2", "马庄", "企业B", "通道堵塞", "重大", "2022-05-01", "2022-06-01", "整改中", None],
        ["H4", "马庄", "企业D", "配电箱未接地", "一般", "2022-10-02", "2022-11-02", "未整改", None],
    ])
    r1 = import_file(store, v1)
    assert [(r.status, r.accepted, r.replaced) for r in r1] == [("imported", 3, 0)]
    r2 = import_file(store, v2)
    assert [(r.status, r.rows, r.accepted, r.rejected, r.skipped, r.replaced) for r in r2] == [("imported", 3, 3, 0, 0, 2)]

    # H1, H2 replaced by import 2; H3 (not in the newer file) stays from import 1; H4 is new.
    assert rows(store, "SELECT record_key, status, rectified_date, import_id, source_row FROM hazards ORDER BY 1") == [
        ("H1", "已整改", D(2022, 5, 20), 2, 3), ("H2", "整改中", None, 2, 4), ("H3", "整改中", None, 1, 5),
        ("H4", "未整改", None, 2, 5)]
    history = rows(store, "SELECT record_key, status, rectified_date, import_id, replaced_by FROM hazards_history ORDER BY 1")
    assert history == [("H1", "未整改", None, 1, 2), ("H2", "未整改", None, 1, 2)]
    (at,) = rows(store, "SELECT imported_at FROM imports WHERE import_id = 2")[0]
    assert rows(store, "SELECT DISTINCT replaced_at FROM hazards_history") == [(at,)]


def test_newer_version_of_other_ledgers_replaces_by_their_keys(store, tmp_path):
    header = ["督导组", "督导类型", "督导对象", "督导日期", "发现问题数", "已整改问题数"]
    v1 = write_xlsx(tmp_path / "督导v1.xlsx", {"督导": [header, ["一组", "回头看", "马庄", "2022-10-10", "3", "1"]]})
    v2 = write_xlsx(tmp_path / "督导v2.xlsx", {"督导": [header, ["第一督导组", "回头看", "马庄街道办事处", "2022/10/10", "3", "3"]]})
    import_file(store, v1)
    assert [(r.accepted, r.replaced) for r in import_file(store, v2)] == [(1, 1)]
    assert rows(store, 'SELECT record_key, problems_rectified, import_id FROM supervision') == [
        ("第一督导组|回头看|乡/街道:马庄街道|2022-10-10", 3, 2)]
    assert rows(store, "SELECT problems_rectified, replaced_by FROM supervision_history") == [(1, 2)]


# ---------------------------------------------------------------- derived keys

def derived_key(unit_code: str, enterprise_key: str, description: str, found: str) -> str:
    return "D-" + hashlib.md5(f"{unit_code}|{enterprise_key}|{description}|{found}".encode()).hexdigest()[:16]


def test_hazards_without_number_get_a_stable_derived_key(store, tmp_path):
    header = ["序号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态"]
    v1 = write_xlsx(tmp_path / "v1.xlsx", {"隐患": [["隐患台账（2022年10月）"], header,
                                                  [1, "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改"],
                                                  [2, "马庄", "企业（B）", "通道 堵塞", "一般", "2022-05-01", "未整改"]]})
    # The November file: another title, the units and names written differently, newer statuses, rows reordered.
    v2 = write_xlsx(tmp_path / "v2.xlsx", {"隐患": [["隐患台账（2022年11月）"], header,
                                                  [1, "马庄街道办事处", "企业(B)", "通道堵塞", "一般", "2022/5/1", "已整改"],
                                                  [2, " 马庄 ", "企业A", "灭火器过期", "一般", "2022年4月25日", "整改中"]]})
    import_file(store, v1)
    keys_v1 = rows(store, "SELECT record_key, hazard_no, key_derived, enterprise_key FROM hazards ORDER BY found_date")
    assert keys_v1 == [(derived_key("410411001000", "企业A", "灭火器过期", "2022-04-25"), None, True, "企业A"),
                       (derived_key("410411001000", "企业B", "通道堵塞", "2022-05-01"), None, True, "企业B")]
    r2 = import_file(store, v2)
    assert [(r.status, r.accepted, r.replaced) for r in r2] == [("imported", 2, 2)]
    assert rows(store, "SELECT record_key, status, enterprise FROM hazards ORDER BY found_date") == [
        (keys_v1[0][0], "整改中", "企业A"), (keys_v1[1][0], "已整改", "企业(B)")]
    assert rows(store, "SELECT count(*) FROM hazards_history") == [(2,)]


# ---------------------------------------------------------------- duplicate keys within a sheet

def test_duplicate_keys_within_one_sheet(store, tmp_path):
    path = hazard_file(tmp_path / "隐患.xlsx", [
        ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", None, "未整改", None],      # row 3
        [None, "马庄", "企业B", "通道堵塞", "一般", "2022-05-01", None, "未整改", None],        # row 4
        ["h1", "九里山", "企业C", "标识不清", "一般", "2022-05-02", None, "整改中", None],       # row 5: same 隐患编号
        [None, "马庄街道", "企业B", "通道 堵塞", "一般", "2022/5/1", None, "已整改", None],     # row 6: same derived key
    ])
    (r,) = import_file(store, path)
    assert (r.rows, r.accepted, r.rejected, r.skipped, r.replaced) == (4, 2, 2, 0, 0)
    assert rows(store, "SELECT source_row, status FROM hazards ORDER BY source_row") == [(3, "未整改"), (4, "未整改")]
    got = rows(store, "SELECT import_id, sheet, ledger_type, row_number, cells, reasons FROM rejections ORDER BY row_number")
    assert [(g[:4], json.loads(g[4]), g[5]) for g in got] == [
        ((1, "隐患", "hazards", 5), {"隐患编号": "h1", "所属乡(街道)": "九里山", "单位名称": "企业C", "隐患描述": "标识不清",
                                     "隐患等级": "一般", "发现日期": "2022-05-02", "整改时限": None, "整改状态": "整改中",
                                     "完成日期": None},
         "隐患编号「H1」与本表第3行重复"),
        ((1, "隐患", "hazards", 6), {"隐患编号": None, "所属乡(街道)": "马庄街道", "单位名称": "企业B", "隐患描述": "通道 堵塞",
                                     "隐患等级": "一般", "发现日期": "2022/5/1", "整改时限": None, "整改状态": "已整改",
                                     "完成日期": None},
         "与本表第4行重复（未填隐患编号，所属乡(街道)、单位名称、隐患描述、发现日期均相同）"),
    ]


def test_duplicate_submission_written_two_ways(store, tmp_path):
    path = write_xlsx(tmp_path / "报送.xlsx", {"报送": [["报送单位", "报送节点", "报送日期"],
                                                      ["马庄", "04-25", "2022-04-20"],
                                                      ["马庄街道办事处", "第一次", "2022-04-21"],
                                                      ["区应急局", "4月25日", "2022-04-24"]]})
    (r,) = import_file(store, path)
    assert (r.accepted, r.rejected) == (2, 1)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [(3, "报送单位+报送节点「马庄街道|1」与本表第2行重复")]
    assert rows(store, "SELECT reporter, reporter_kind, node, submitted_date FROM submissions ORDER BY source_row") == [
        ("马庄街道", "乡/街道", 1, D(2022, 4, 20)), ("应急管理局", "部门", 1, D(2022, 4, 24))]


def test_two_rows_of_one_problem_without_a_number_name_the_cells_that_make_them_the_same(store, tmp_path):
    header = ["督导组", "督导对象", "发现日期", "问题描述", "整改情况"]
    path = write_xlsx(tmp_path / "问题.xlsx", {"问题清单": [header,
        ["一组", "马庄", "2022-06-01", "台账不全", "未整改"],
        ["第一督导组", "马庄街道", "2022/6/1", "台账 不全", "整改中"]]})
    (r,) = import_file(store, path)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [
        (3, "与本表第2行重复（未填问题编号，督导组、督导对象、发现日期、问题描述均相同）")]


# ---------------------------------------------------------------- 督导组分工: a complete snapshot

def test_assignment_import_replaces_the_whole_assignment(store, tmp_path):
    header = ["督导组", "督导对象", "对象类型"]
    first = write_xlsx(tmp_path / "分工v1.xlsx", {"分工": [["督导组分工表"], header,
                                                         ["第一督导组", "马庄街道", "乡/街道"], ["一组", "区应急管理局", "部门"],
                                                         ["第二督导组", "九里山街道", "乡/街道"], ["督导二组", "企业C有限公司", "企业"],
                                                         ["第3组", "曹镇乡", "乡/街道"]]})
    second = write_xlsx(tmp_path / "分工v2.xlsx", {"分工": [header, ["第一督导组", "马庄", "乡/街道"],
                                                          ["第四督导组", "北渡街道办事处", "乡/街道"]]})
    assert [(r.accepted, r.replaced) for r in import_file(store, first)] == [(5, 0)]
    assert [(r.accepted, r.replaced) for r in import_file(store, second)] == [(2, 5)]
    assert rows(store, 'SELECT "group", target, target_kind, target_key, import_id FROM assignments ORDER BY 1') == [
        ("第一督导组", "马庄街道", "乡/街道", "乡/街道:马庄街道", 2), ("第四督导组", "北渡街道", "乡/街道", "乡/街道:北渡街道", 2)]
    assert rows(store, 'SELECT "group", target, target_kind, import_id, replaced_by FROM assignments_history ORDER BY source_row') == [
        ("第一督导组", "马庄街道", "乡/街道", 1, 2), ("第一督导组", "应急管理局", "部门", 1, 2),
        ("第二督导组", "九里山街道", "乡/街道", 1, 2), ("第二督导组", "企业C有限公司", "企业", 1, 2),
        ("第三督导组", "曹镇乡", "乡/街道", 1, 2)]


# ---------------------------------------------------------------- tips: the reporter is never stored

REPORTER_VALUES = ["王某某", "13800000001", "410411199001011234", "赵某", "13900000002", "41041119851212567X",
                   "周实名", "钱某", "13700000003"]


def test_reporter_identity_is_in_no_table(store, tmp_path):
    header = ["受理编号", "受理日期", "举报渠道", "举报人", "联系电话", "身份证号", "实名举报人", "被举报单位", "所属乡(街道)", "核查结果"]
    path = write_xlsx(tmp_path / "举报.xlsx", {"举报": [["2022年举报受理台账"], header,
        ["T1", "2022-05-01", "12350", "王某某", "13800000001", "410411199001011234", "周实名", "企业A", "马庄", "属实"],
        ["T2", "2022/13/01", "12345", "赵某", "13900000002", "41041119851212567X", None, "企业B", "马庄", "不属实"],
        ["T1", "2022-05-03", "来信", "钱某", "13700000003", None, None, "企业C", "九里山", "核查中"],
    ]})
    (r,) = import_file(store, path)
    assert (r.rows, r.accepted, r.rejected, r.skipped) == (3, 1, 2, 0)
    assert r.dropped_columns == ["举报人", "联系电话", "身份证号"]
    assert r.unmapped_columns == ["实名举报人"]
    assert r.message == "为保护举报人，以下列未导入：举报人、联系电话、身份证号"
    assert rows(store, "SELECT dropped_columns, message FROM import_sheets") == [
        (["举报人", "联系电话", "身份证号"], "为保护举报人，以下列未导入：举报人、联系电话、身份证号")]
    # The rejected rows keep only the recognised columns.
    assert [(x["row_number"], x["cells"], x["reasons"]) for x in r.rejected_rows] == [
        (4, {"受理编号": "T2", "受理日期": "2022/13/01", "举报渠道": "12345", "被举报单位": "企业B", "所属乡(街道)": "马庄",
             "核查结果": "不属实"}, "受理日期「2022/13/01」不是有效日期"),
        (5, {"受理编号": "T1", "受理日期": "2022-05-03", "举报渠道": "来信", "被举报单位": "企业C", "所属乡(街道)": "九里山",
             "核查结果": "核查中"}, "受理编号「T1」与本表第3行重复"),
    ]
    # Scan every text (and text list) column of every table.
    columns = rows(store, "SELECT table_name, column_name, data_type FROM information_schema.columns "
                          "WHERE table_schema = 'main' AND data_type IN ('VARCHAR', 'VARCHAR[]')")
    assert ("rejections", "cells", "VARCHAR") in columns
    found = []
    for table, column, _ in columns:
        texts = [v for (v,) in rows(store, f'SELECT CAST("{column}" AS VARCHAR) FROM "{table}"') if v]
        found += [(table, column, value) for value in REPORTER_VALUES for t in texts if value in t]
    assert found == []
    assert rows(store, "SELECT count(*) FROM rejections") == [(2,)]


# ---------------------------------------------------------------- archive

def test_original_is_archived_by_its_hash(store, tmp_path):
    path = hazard_file(tmp_path / "马庄台账.XLSX", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", None, "未整改", None]])
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    (r,) = import_file(store, path)
    archive = tmp_path / "archive" / f"{sha}.xlsx"
    assert r.sha256 == sha
    assert archive.read_bytes() == data
    assert rows(store, "SELECT sha256, file_name, file_size, archive_path FROM imports") == [
        (sha, "马庄台账.XLSX", len(data), str(archive))]


# ---------------------------------------------------------------- one file is one transaction

def test_a_crash_mid_import_leaves_the_database_as_it_was(store, tmp_path, monkeypatch):
    import_file(store, hazard_file(tmp_path / "v1.xlsx", [
        ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", None, "未整改", None]]))
    before = snapshot(store)
    workbook = write_xlsx(tmp_path / "v2.xlsx", {
        "隐患": [HAZARD_HEADER, ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", None, "已整改", "2022-05-01"],
                 ["H2", "湛南街道", "企业B", "x", "一般", "2022-04-25", None, "未整改", None]],
        "执法": [["案件编号", "执法部门", "当事人", "立案日期"], ["C1", "应急局", "企业A", "2022-05-10"]]})
    real = importer._write_sheet
    calls = []

    def crash_on_second_sheet(cur, import_id, p, *args):
        calls.append(p.raw.name)
        if len(calls) == 2:
            raise RuntimeError("断电")
        return real(cur, import_id, p, *args)

    monkeypatch.setattr(importer, "_write_sheet", crash_on_second_sheet)
    with pytest.raises(RuntimeError, match="断电"):
        import_file(store, workbook)
    assert calls == ["隐患", "执法"]        # the first sheet had replaced H1 and written a rejection
    assert snapshot(store) == before
    monkeypatch.undo()

    # The store is still usable, and the same file imports whole afterwards.
    results = import_file(store, workbook)
    assert [(r.sheet, r.status, r.accepted, r.rejected, r.replaced) for r in results] == [
        ("隐患", "imported", 1, 1, 1), ("执法", "imported", 1, 0, 0)]
    store.close()
    reopened = Store(store.path)
    try:
        assert rows(reopened, "SELECT record_key, status FROM hazards") == [("H1", "已整改")]
        assert rows(reopened, "SELECT import_id FROM imports ORDER BY 1") == [(1,), (results[0].import_id,)]
    finally:
        reopened.close()


# ---------------------------------------------------------------- files that cannot be imported

def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _docx() -> bytes:
    return _zip({"[Content_Types].xml": b"<Types/>", "_rels/.rels": b"<Relationships/>",
                 "word/document.xml": "<w:document><w:body><w:p><w:r><w:t>关于开展安全生产大检查的通知</w:t></w:r></w:p></w:body></w:document>".encode()})


def _truncated_xlsx(tmp_path) -> bytes:
    data = write_xlsx(tmp_path / "full.xlsx", {"S": [["督导组", "督导对象"], ["一组", "马庄"]]}).read_bytes()
    return data[: len(data) // 2]


FAILURES = {
    "empty": ("空文件.xlsx", lambda tmp: b"", "文件「空文件.xlsx」是空文件，没有任何内容。"),
    "blank csv": ("空白.csv", lambda tmp: b" \r\n\r\n", "文件「空白.csv」是空文件，没有任何内容。"),
    "binary as csv": ("台账.csv", lambda tmp: bytes(range(256)) * 16,
                      "文件「台账.csv」不是文本表格也不是Excel工作簿（内容为二进制数据）。请上传.xlsx、.xls或.csv格式的台账。"),
    "docx as xlsx": ("隐患台账.xlsx", lambda tmp: _docx(),
                     "文件「隐患台账.xlsx」是Word文档，不是Excel台账。请上传.xlsx、.xls或.csv格式的台账。"),
    "zip as xlsx": ("打包.xlsx", lambda tmp: _zip({"readme.txt": b"hello", "a/b.csv": b"1,2"}),
                    "文件「打包.xlsx」不是Excel工作簿。请上传.xlsx、.xls或.csv格式的台账。"),
    "truncated xlsx": ("半截.xlsx", _truncated_xlsx, "文件「半截.xlsx」已损坏，无法作为Excel工作簿打开。请重新导出后再试。"),
    "zip bomb": ("炸弹.xlsx", lambda tmp: _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * 20_000_000}),
                 "文件「炸弹.xlsx」解压后异常庞大（压缩比过高），疑似恶意文件，已拒绝导入。"),
    "doc as xls": ("通知.xls", lambda tmp: compound_file("WordDocument", b"\xec\xa5\xc1\x00" + b"\x00" * 600),
                   "文件「通知.xls」是Word文档，不是Excel台账。请上传.xlsx、.xls或.csv格式的台账。"),
    "only garbage": ("乱码.csv", lambda tmp: b"asdf qwer\nzxcv,1234\n!!!,???\n",
                     ("文件「乱码.csv」中没有可识别的台账（工作表「乱码」未找到表头（前30行中没有可识别的列名））。应为以下台账之一："
                      "隐患排查整治台账、行政执法案件台账、督导检查记录、督导组分工、打非治违月报、自查报告报送、举报受理台账、督导发现问题清单、挂牌督办登记、约谈通报问责记录、"
                      "生产经营单位名录、生产安全事故台账。")),
    "workbook of no ledger": ("说明.xlsx", lambda tmp: write_xlsx(tmp / "x.xlsx", {"填表说明": [["填表说明"], ["按要求填写"]],
                                                                                  "Sheet2": []}).read_bytes(),
                              ("文件「说明.xlsx」中没有可识别的台账（工作表「填表说明」未找到表头（前30行中没有可识别的列名）；"
                               "工作表「Sheet2」空工作表）。应为以下台账之一：隐患排查整治台账、行政执法案件台账、督导检查记录、"
                               "督导组分工、打非治违月报、自查报告报送、举报受理台账、督导发现问题清单、挂牌督办登记、约谈通报问责记录、生产经营单位名录、生产安全事故台账。")),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_unreadable_file_fails_with_a_clear_message_and_changes_nothing(store, tmp_path, case):
    name, make, message = FAILURES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    data = make(folder)
    path = folder / name
    path.write_bytes(data)
    before = snapshot(store)
    results = import_file(store, path)
    assert [(r.file, r.sheet, r.sha256, r.status, r.ledger_type, r.rows, r.accepted, r.error) for r in results] == [
        (name, None, hashlib.sha256(data).hexdigest(), "failed", None, 0, 0, message)]
    assert snapshot(store) == before
    assert not (tmp_path / "archive").exists() or not any((tmp_path / "archive").iterdir())


def test_unknown_forced_type(tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", {"S": [["督导组", "督导对象"], ["一组", "马庄"]]})
    with pytest.raises(ReadError) as info:
        prepare(path, path.name, "weather")
    assert str(info.value) == ("台账类型「weather」不存在，应为：hazards、enforcement、supervision、assignments、monthly_reports、"
                               "submissions、tips、problems、listings、accountability、register、accidents")


# ---------------------------------------------------------------- multi-sheet workbooks

def test_every_sheet_is_imported_and_non_ledgers_are_reported(store, tmp_path):
    path = write_xlsx(tmp_path / "马庄.xlsx", {
        "隐患": [HAZARD_HEADER, ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", None, "未整改", None]],
        "填表说明": [["填表说明"], ["隐患等级填写一般或重大"]],
        "执法": [["案件编号", "执法部门", "当事人", "立案日期"], ["C1", "应急局", "企业A", "2022-05-10"]],
    })
    results = import_file(store, path)
    accounted(results)
    assert [(r.sheet, r.status, r.ledger_type, r.accepted, r.message) for r in results] == [
        ("隐患", "imported", "hazards", 1, None),
        ("填表说明", "skipped", None, 0, "工作表「填表说明」不是台账，已跳过：未找到表头（前30行中没有可识别的列名）"),
        ("执法", "imported", "enforcement", 1, None)]
    assert rows(store, "SELECT sheet, ledger_type, status, rows, accepted, rejected, skipped FROM import_sheets ORDER BY sheet") == [
        ("填表说明", None, "skipped", 0, 0, 0, 0), ("执法", "enforcement", "imported", 1, 1, 0, 0),
        ("隐患", "hazards", "imported", 1, 1, 0, 0)]
    assert rows(store, "SELECT count(*) FROM imports") == [(1,)]


# ---------------------------------------------------------------- whole files through the database

def test_two_row_header_workbook_row_numbers_in_the_database(store, tmp_path):
    results = import_file(store, write_hazard_workbook(tmp_path))
    accounted(results)
    assert [(r.sheet, r.status, r.rows, r.accepted, r.rejected, r.skipped) for r in results] == [
        ("隐患", "imported", 12, 4, 1, 7), ("填表说明", "skipped", 0, 0, 0, 0), ("统计", "skipped", 0, 0, 0, 0),
        ("空表", "skipped", 0, 0, 0, 0), ("执法", "imported", 1, 1, 0, 0)]
    assert rows(store, "SELECT record_key, source_sheet, source_row FROM hazards ORDER BY source_row") == [
        ("H01", "隐患", 6), ("H02", "隐患", 7), ("H04", "隐患", 10), ("H05", "隐患", 12)]
    assert rows(store, "SELECT sheet, row_number, reasons FROM rejections") == [
        ("隐患", 9, "所属乡(街道)「湛南街道」不是湛河区的乡/街道")]
    (header_map,) = rows(store, "SELECT header_map FROM import_sheets WHERE sheet = '隐患'")[0]
    assert json.loads(header_map)["整改情况/完成日期"] == "整改完成日期"


def test_gbk_csv_and_xls_through_the_database(store, tmp_path):
    csv_path = tmp_path / "自查报告报送（2022年）.csv"
    csv_path.write_bytes("报送单位,报送节点,报送日期\r\n马庄街道办事处,第一次,4月20日\r\n区应急局,05-25,2022/5/26\r\n".encode("gbk"))
    xls_path = tmp_path / "分工.XLS"
    xls_path.write_bytes(biff8_xls({"分工": [["督导组", "督导对象", "对象类型"], ["督导三组", "曹镇乡人民政府", "乡/街道"]]}))
    (r_csv,) = import_file(store, csv_path)
    (r_xls,) = import_file(store, xls_path)
    assert (r_csv.sheet, r_csv.ledger_type, r_csv.accepted) == ("自查报告报送（2022年）", "submissions", 2)
    assert (r_xls.sheet, r_xls.ledger_type, r_xls.accepted) == ("分工", "assignments", 1)
    # 4月20日 takes its year from the file's name, which is the CSV's only title.
    assert rows(store, "SELECT reporter, node, submitted_date FROM submissions ORDER BY source_row") == [
        ("马庄街道", 1, D(2022, 4, 20)), ("应急管理局", 2, D(2022, 5, 26))]
    assert rows(store, 'SELECT "group", target, target_key FROM assignments') == [("第三督导组", "曹镇乡", "乡/街道:曹镇乡")]
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == sorted(
        [f"{r_csv.sha256}.csv", f"{r_xls.sha256}.xls"])


def test_a_duplicate_row_gets_its_rejection_and_no_warning(store, tmp_path):
    header = ["案件编号", "执法部门", "当事人", "立案日期", "罚款金额（万元）"]
    path = write_xlsx(tmp_path / "执法.xlsx", {"案件": [header, ["C1", "应急局", "企业A", "2022-05-10", "2000"],
                                                      ["C1", "应急局", "企业A", "2022-05-10", "2000"]]})
    (r,) = import_file(store, path)
    assert (r.accepted, r.rejected, r.warnings) == (1, 1, 1)
    assert rows(store, "SELECT row_number, record_key, message FROM warnings") == [(2, "C1", "罚款金额超过1000万元，请核实")]
    assert rows(store, "SELECT row_number, reasons FROM rejections") == [(3, "案件编号「C1」与本表第2行重复")]


def test_every_row_is_accounted_for(store, tmp_path):
    """rows = accepted + rejected + skipped, and each row ends in exactly one of them, over a mixed-up sheet."""
    import random

    rng = random.Random(20220425)
    choices = [
        lambda i: [f"H{i}", "马庄", "企业A", f"隐患{i}", "一般", "2022-04-25", "未整改"],          # good
        lambda i: [f"H{i % 7}", "九里山", "企业B", f"隐患{i}", "重大", "2022/5/1", "整改中"],      # good or duplicate
        lambda i: [f"H{i}", "湛南街道", "企业C", "x", "一般", "2022-04-25", "未整改"],              # bad unit
        lambda i: [None, "马庄", "企业D", "同一隐患", "一般", "2022-04-26", "已整改"],             # derived key, duplicates
        lambda i: [None] * 7,                                                                      # blank
        lambda i: ["小计", None, None, str(i)],                                                    # subtotal
        lambda i: [f"H{i}", "马庄", None, None, "一般", "4/25", "未整改"],                         # several reasons
    ]
    picks = [rng.randrange(len(choices)) for _ in range(300)]
    body = [choices[k](i) for i, k in enumerate(picks)]
    path = write_xlsx(tmp_path / "乱.xlsx", {"隐患": [["隐患台账"], ["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级",
                                                                "发现日期", "整改状态"], *body]})
    (r,) = import_file(store, path)
    assert r.rows == 300 == r.accepted + r.rejected + r.skipped
    assert r.skipped == sum(k in (4, 5) for k in picks)
    stored = {n for (n,) in rows(store, "SELECT source_row FROM hazards")}
    rejected = {n for (n,) in rows(store, "SELECT row_number FROM rejections")}
    assert len(stored) == r.accepted and len(rejected) == r.rejected and not stored & rejected
    skipped = {3 + i for i, k in enumerate(picks) if k in (4, 5)}
    assert stored | rejected | skipped == set(range(3, 303))
    # Rejections by kind: bad unit and several-reasons rows always, derived duplicates after the first.
    first_derived = next(i for i, k in enumerate(picks) if k == 3)
    expected_rejected = {3 + i for i, k in enumerate(picks) if k in (2, 6) or (k == 3 and i != first_derived)}
    assert expected_rejected <= rejected
