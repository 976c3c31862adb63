"""`python -m safetyboard briefing` (safetyboard/briefing/cli.py) on the golden fixture (tests/fixture_ledgers.py):
the file it writes, and a Chinese message with exit 2 for every mistake."""
from __future__ import annotations

import docx
import pytest
from docx_support import text_of

from safetyboard import cli


def run_cli(argv: list[str]) -> int:
    return cli.main(["briefing", *argv])


def test_cli_writes_the_briefing(fixture_db, tmp_path, capsys):
    out = tmp_path / "简报.docx"
    code = run_cli(["--db", str(fixture_db), "--group", "第三督导组", "--as-of", "2022-10-31", "--issue-no", "5",
                    "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "已生成简报" in printed and f"附表：{tmp_path / '简报.xlsx'}" in printed
    assert (tmp_path / "简报.xlsx").read_bytes()[:2] == b"PK"      # the Excel 附表 next to the document
    d = docx.Document(str(out))
    assert d.paragraphs[1].text == "第5期"
    assert "截至10月31日，曹镇乡共排查生产经营单位2家，排查隐患2处" in text_of(d)


@pytest.mark.parametrize("argv, message", [
    (["--unit", "湛南街道"], "不是湛河区的乡/街道"),
    (["--group", "第九组"], "不是督导组"),
    (["--group", "第四督导组"], "没有分工对象"),
    (["--group", "一组", "--unit", "曹镇"], "只能指定一个"),
    (["--as-of", "2022/13/45"], "不是有效日期"),
    (["--since", "2022-11-05", "--as-of", "2022-10-31"], "晚于统计截止日"),
    (["--issue-no", "零"], "应为正整数"),
    (["--issue-no", "0"], "应为正整数"),
    ([], "请用 -o 指定输出文件"),
])
def test_cli_bad_arguments_exit_2_with_a_chinese_message(fixture_db, tmp_path, capsys, argv, message):
    if "-o" not in argv and message != "请用 -o 指定输出文件":
        argv = [*argv, "-o", str(tmp_path / "x.docx")]
    assert run_cli(["--db", str(fixture_db), *argv]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_cli_missing_database_and_bad_output(tmp_path, fixture_db, capsys):
    assert run_cli(["--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "x.docx")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert not (tmp_path / "none.duckdb").exists()
    assert run_cli(["--db", str(fixture_db), "-o", str(tmp_path / "x.pdf")]) == 2
    assert ".docx" in capsys.readouterr().err
    assert run_cli(["--db", str(fixture_db), "-o", str(tmp_path / "no" / "x.docx")]) == 2
    assert "不存在" in capsys.readouterr().err

