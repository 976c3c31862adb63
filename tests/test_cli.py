"""The command-line contract: `python -m safetyboard import|stats|templates`, run as a user runs it."""
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from workbook_support import write_xlsx

from safetyboard.ledgers.importer import prepare
from safetyboard.ledgers.spec import LEDGER_TYPES
from safetyboard.store import Store

REPO = Path(__file__).resolve().parents[1]
IMPORT_KEYS = {"file", "sheet", "sha256", "status", "ledger_type", "rows", "accepted", "rejected", "skipped", "replaced",
               "dropped_columns", "error"}
UNITS = ["马庄街道", "南环路街道", "姚孟街道", "九里山街道", "轻工路街道", "高阳路街道", "北渡街道", "荆山街道", "河滨街道", "曹镇乡"]


def cli(*args, timeout=120):
    env = {k: v for k, v in os.environ.items() if k not in ("SAFETYBOARD_DB", "SAFETYBOARD_DATA")}
    return subprocess.run([sys.executable, "-m", "safetyboard", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env=env, check=False)


def hazards_xlsx(path: Path, rows: list[list]) -> Path:
    return write_xlsx(path, {"隐患": [["马庄街道隐患台账（2022年）"],
                                     ["隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态", "备注"],
                                     *rows]})


# ---------------------------------------------------------------- import --json

def test_import_json_exit_0_with_rejected_rows(tmp_path):
    good = hazards_xlsx(tmp_path / "马庄.xlsx", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改", None],
                                                ["H2", "湛南街道", "企业B", "x", "一般", "2022-04-25", "未整改", None]])
    tips = write_xlsx(tmp_path / "举报.xlsx", {"举报": [["受理编号", "受理日期", "举报人", "联系电话"],
                                                      ["T1", "2022-05-01", "王某某", "13800000001"]]})
    db = tmp_path / "db" / "x.duckdb"
    out = cli("import", "--db", db, "--json", good, tips)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert isinstance(doc, list) and len(doc) == 2
    for item in doc:
        assert IMPORT_KEYS <= set(item)
        assert "rejected_rows" not in item
    assert [{k: item[k] for k in sorted(IMPORT_KEYS)} for item in doc] == [
        {"file": "马庄.xlsx", "sheet": "隐患", "sha256": hashlib.sha256(good.read_bytes()).hexdigest(), "status": "imported",
         "ledger_type": "hazards", "rows": 2, "accepted": 1, "rejected": 1, "skipped": 0, "replaced": 0,
         "dropped_columns": [], "error": None},
        {"file": "举报.xlsx", "sheet": "举报", "sha256": hashlib.sha256(tips.read_bytes()).hexdigest(), "status": "imported",
         "ledger_type": "tips", "rows": 1, "accepted": 1, "rejected": 0, "skipped": 0, "replaced": 0,
         "dropped_columns": ["举报人", "联系电话"], "error": None}]

    again = cli("import", "--db", db, "--json", good)
    assert again.returncode == 0
    assert [(r["status"], r["accepted"]) for r in json.loads(again.stdout)] == [("already_imported", 0)]


def test_import_json_exit_1_when_a_file_fails_and_the_others_are_imported(tmp_path):
    empty = tmp_path / "空.xlsx"
    empty.write_bytes(b"")
    good = hazards_xlsx(tmp_path / "马庄.xlsx", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改", None]])
    db = tmp_path / "x.duckdb"
    out = cli("import", "--db", db, "--json", empty, good, tmp_path / "没有这个文件.xlsx")
    assert out.returncode == 1
    doc = json.loads(out.stdout)
    assert [(r["file"], r["status"], r["accepted"], r["error"]) for r in doc] == [
        ("空.xlsx", "failed", 0, "文件「空.xlsx」是空文件，没有任何内容。"),
        ("马庄.xlsx", "imported", 1, None),
        ("没有这个文件.xlsx", "failed", 0, f"文件「{tmp_path / '没有这个文件.xlsx'}」不存在或不是文件。")]
    for item in doc:
        assert IMPORT_KEYS <= set(item)
    store = Store(db)
    try:
        assert store.scalar("SELECT count(*) FROM hazards") == 1
        assert store.scalar("SELECT count(*) FROM imports") == 1
    finally:
        store.close()


def test_import_type_override(tmp_path):
    path = write_xlsx(tmp_path / "督导.xlsx", {"S": [["督导组", "督导类型", "督导对象", "对象类型", "督导日期"],
                                                   ["一组", "回头看", "马庄", "乡/街道", "2022-10-10"]]})
    out = cli("import", "--db", tmp_path / "x.duckdb", "--json", "--type", "assignments", path)
    assert out.returncode == 0, out.stderr
    assert [(r["ledger_type"], r["accepted"]) for r in json.loads(out.stdout)] == [("assignments", 1)]
    bad = cli("import", "--db", tmp_path / "x.duckdb", "--type", "weather", path)
    assert bad.returncode == 2 and "invalid choice" in bad.stderr


def test_import_without_json_prints_a_summary(tmp_path):
    good = hazards_xlsx(tmp_path / "马庄.xlsx", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改", None],
                                                ["H2", "湛南街道", "企业B", "x", "一般", "2022-04-25", "未整改", None]])
    out = cli("import", "--db", tmp_path / "x.duckdb", good)
    assert out.returncode == 0
    assert out.stdout == ("✓ 马庄.xlsx / 隐患（隐患排查整治台账）：共2行，接收1，拒收1，跳过0，替换0\n"
                          "    第4行：所属乡(街道)「湛南街道」不是湛河区的乡/街道\n")


# ---------------------------------------------------------------- error reports

def test_errors_dir_writes_a_report_with_original_cells(tmp_path):
    formula = '=HYPERLINK("http://x")'
    path = hazards_xlsx(tmp_path / "马庄.xlsx", [
        ["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改", None],
        ["H2", "湛南街道", "企业B", "通道堵塞", "一般", "2022-04-25", "未整改", formula],
        ["H3", "马庄", "企业C", "临边无防护", "较大", "4/25/2022", "未整改", "-1+1"],
    ])
    errors = tmp_path / "errors"
    out = cli("import", "--db", tmp_path / "x.duckdb", "--json", "--errors-dir", errors, path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["rejected"] == 2
    report = errors / "马庄_错误报告.xlsx"
    assert sorted(p.name for p in errors.iterdir()) == ["马庄_错误报告.xlsx"]
    ws = openpyxl.load_workbook(report).worksheets[0]
    assert ws.title == "隐患"
    table = [[c.value for c in row] for row in ws.iter_rows()]
    assert table[0][0] == "台账「马庄.xlsx」拒收行错误报告"
    header = ["原表行号", "隐患编号", "所属乡(街道)", "单位名称", "隐患描述", "隐患等级", "发现日期", "整改状态", "备注", "拒收原因"]
    start = table.index(header)
    body = table[start + 1:]
    assert len(body) == 2
    assert body[0][:8] == [4, "H2", "湛南街道", "企业B", "通道堵塞", "一般", "2022-04-25", "未整改"]
    assert body[0][9] == "所属乡(街道)「湛南街道」不是湛河区的乡/街道"
    assert body[1][:8] == [5, "H3", "马庄", "企业C", "临边无防护", "较大", "4/25/2022", "未整改"]
    assert body[1][9] == "隐患等级「较大」应为一般/重大之一；发现日期「4/25/2022」不是有效日期"
    # Cells that a spreadsheet would run come back as text, never as formulas.
    for row_index, original in ((start + 2, formula), (start + 3, "-1+1")):
        cell = ws.cell(row=row_index, column=9)
        assert cell.data_type == "s"
        assert cell.value.lstrip("'") == original


def test_no_report_when_nothing_is_rejected(tmp_path):
    path = hazards_xlsx(tmp_path / "马庄.xlsx", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改", None]])
    errors = tmp_path / "errors"
    out = cli("import", "--db", tmp_path / "x.duckdb", "--json", "--errors-dir", errors, path)
    assert out.returncode == 0
    assert not errors.exists() or list(errors.iterdir()) == []


# ---------------------------------------------------------------- stats --json

HAZARD_KEYS = ["total", "major", "rectified", "rectification_rate", "major_rectified", "major_rectification_rate",
               "closed", "listed", "planned", "five_complete_rate",                          # flows over [S, A]
               "open", "overdue", "upcoming", "no_deadline", "major_open", "major_no_deadline"]  # stocks at A


@pytest.fixture()
def golden_db(fixture_db, tmp_path) -> Path:
    db = tmp_path / "golden.duckdb"
    shutil.copy2(fixture_db, db)
    return db


def test_stats_json_contract(golden_db):
    out = cli("stats", "--db", golden_db, "--json", "--since", "2022-04-01", "--as-of", "2022-10-31")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert list(doc) == ["since", "as_of", "hazards", "by_unit", "enforcement", "supervision", "submissions", "tips",
                         "problems", "listing", "accountability", "coverage", "cross_checks", "accidents", "discovery"]
    assert (doc["since"], doc["as_of"]) == ("2022-04-01", "2022-10-31")
    assert list(doc["hazards"]) == HAZARD_KEYS
    # see tests/test_metrics.py for how each is counted
    assert doc["hazards"] == {"total": 10, "major": 2, "rectified": 4, "rectification_rate": 0.4, "major_rectified": 1,
                              "major_rectification_rate": 0.5, "closed": 1, "listed": 2, "planned": 2,
                              "five_complete_rate": 0.5, "open": 6, "overdue": 3, "upcoming": 2, "no_deadline": 0,
                              "major_open": 1, "major_no_deadline": 0}
    assert [r["unit"] for r in doc["by_unit"]] == UNITS
    for r in doc["by_unit"]:
        assert list(r) == ["code", "unit", "total", "major", "rectified", "rectification_rate", "open", "overdue"]
    assert list(doc["enforcement"]) == ["cases", "fines_yuan", "by_measure"]
    assert doc["enforcement"]["cases"] == 4 and doc["enforcement"]["fines_yuan"] == 53000.0
    assert doc["enforcement"]["by_measure"] == {"罚款": 2, "责令改正": 1, "停产停业整顿": 1, "关闭取缔": 1, "警告": 1, "移送司法": 1}
    assert [g["group"] for g in doc["supervision"]] == ["第一督导组", "第二督导组", "第三督导组", "第四督导组", "第五督导组", "第六督导组"]
    for g in doc["supervision"]:
        assert list(g) == ["group", "assigned", "covered", "coverage"]
    assert doc["submissions"] == {"expected": 87, "on_time": 4, "late": 1, "missing": 82, "on_time_rate": 0.046,
                                  "monthly": {"expected": 76, "on_time": 2, "late": 0, "missing": 74, "on_time_rate": 0.0263},
                                  "summary": {"expected": 0, "on_time": 0, "late": 0, "missing": 0, "on_time_rate": None}}
    assert doc["tips"] == {"total": 4, "verified_true": 2, "verified_false": 1, "verified_rate": 0.6667, "rewards_yuan": 700.0}


def test_stats_json_of_an_empty_database(tmp_path):
    out = cli("stats", "--db", tmp_path / "empty.duckdb", "--json", "--as-of", "2022-10-31")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["hazards"]["total"] == 0 and doc["hazards"]["rectification_rate"] is None
    assert len(doc["by_unit"]) == 10 and [r["unit"] for r in doc["by_unit"]] == UNITS
    assert all(r["total"] == 0 and r["rectification_rate"] is None for r in doc["by_unit"])


def test_stats_rejects_a_malformed_date(tmp_path):
    out = cli("stats", "--db", tmp_path / "x.duckdb", "--as-of", "2022/10/31")
    assert out.returncode == 2
    assert "日期「2022/10/31」格式应为YYYY-MM-DD" in out.stderr


# ---------------------------------------------------------------- templates

def test_templates(tmp_path):
    out = cli("templates", tmp_path / "tpl")
    assert out.returncode == 0, out.stderr
    files = sorted((tmp_path / "tpl").glob("*.xlsx"))
    assert sorted(p.name for p in files) == sorted(f"{t.label}_模板.xlsx" for t in LEDGER_TYPES.values())
    assert out.stdout.splitlines() == [str(tmp_path / "tpl" / f"{t.label}_模板.xlsx") for t in LEDGER_TYPES.values()]
    with_units = []
    for ledger in LEDGER_TYPES.values():
        path = tmp_path / "tpl" / f"{ledger.label}_模板.xlsx"
        wb = openpyxl.load_workbook(path)
        ws = wb[ledger.label]
        fields = [f for f in ledger.fields if f.name != "rectified_flag"]
        assert [c.value for c in ws[2]] == [f.label + ("*" if f.required else "") for f in fields]
        options = wb["选项"]
        lists = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list"
            sheet, ref = dv.formula1.split("!")
            assert sheet == "选项"
            lists[str(dv.sqref).split(":")[0]] = [c.value for row in options[ref.replace("$", "")] for c in row]
        unit_columns = [i for i, f in enumerate(fields) if f.kind == "unit"]
        if unit_columns:
            with_units.append(ledger.key)
        for i in unit_columns:
            letter = openpyxl.utils.get_column_letter(i + 1)
            assert lists[f"{letter}3"] == UNITS
        if ledger.key == "hazards":
            level = openpyxl.utils.get_column_letter(next(i for i, f in enumerate(fields) if f.name == "level") + 1)
            status = openpyxl.utils.get_column_letter(next(i for i, f in enumerate(fields) if f.name == "status") + 1)
            assert lists[f"{level}3"] == ["一般", "重大"]
            assert lists[f"{status}3"] == ["未整改", "整改中", "已整改", "已销号"]
        # A template is recognised as its own ledger type.
        sheets = {p.raw.name: p for p in prepare(path, path.name)}
        assert sheets[ledger.label].mapping.ledger.key == ledger.key
        assert sheets[ledger.label].mapping.unmapped == []
    assert with_units == ["hazards", "enforcement", "supervision", "tips", "problems", "listings", "accountability",
                          "register", "accidents"]


# ---------------------------------------------------------------- a database held by another process

def test_import_while_another_process_holds_the_database(tmp_path):
    db = tmp_path / "held.duckdb"
    Store(db).close()
    path = hazards_xlsx(tmp_path / "马庄.xlsx", [["H1", "马庄", "企业A", "灭火器过期", "一般", "2022-04-25", "未整改", None]])
    holder = subprocess.Popen([sys.executable, "-c",
                               f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('ready', flush=True); time.sleep(300)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        out = cli("import", "--db", db, "--json", path)
        assert out.returncode == 2
        assert out.stdout == ""
        assert out.stderr == (f"数据库文件「{db}」正被另一个程序使用，且该程序没有响应导入请求。"
                              "请在仪表盘的「数据导入」页面上传台账，或先停止该程序再运行此命令。\n")
        stats = cli("stats", "--db", db, "--json")
        assert stats.returncode == 2
        assert stats.stderr.startswith(f"数据库文件「{db}」正被另一个程序（进程号 {holder.pid}）使用，通常是正在运行的仪表盘。")
        assert "Traceback" not in stats.stderr
    finally:
        holder.kill()
        holder.wait()
    # Once the holder is gone, the same command imports.
    out = cli("import", "--db", db, "--json", path)
    assert out.returncode == 0 and json.loads(out.stdout)[0]["status"] == "imported"
