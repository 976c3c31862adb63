"""The 口径 definitions (safetyboard/definitions.py): read from the rules files' `-- 口径` lines, grouped by subject
for the 口径说明 page, and written as docs/metrics.md, which must match what the rules files say today."""
from __future__ import annotations

from pathlib import Path

from safetyboard import cli, definitions
from safetyboard.store import RULES_DIR

REPO = Path(__file__).resolve().parents[1]


def test_the_metrics_document_is_generated_from_the_rules_files_as_they_are():
    # When this fails, run `python -m safetyboard definitions -o docs/metrics.md` and commit the result.
    assert (REPO / definitions.DOCUMENT).read_text(encoding="utf-8") == definitions.markdown()


def test_every_rules_file_is_a_known_subject_and_defines_its_figures():
    stems = sorted(p.stem for p in RULES_DIR.glob("*.sql"))
    assert sorted(definitions.SUBJECTS) == stems
    defined = {d.subject for d in definitions.definitions()}
    assert defined == set(stems), f"rules files without a 口径 line: {set(stems) - defined}"


def test_a_rules_file_not_in_the_subjects_still_shows_last_under_its_file_name(tmp_path):
    (tmp_path / "hazards.sql").write_text("-- 口径 临期：截至A。甲。\nSELECT 1;\n", encoding="utf-8")
    (tmp_path / "zoning.sql").write_text("-- 口径 分区：本期。乙|丙。\nSELECT 1;\n", encoding="utf-8")
    groups = definitions.grouped(tmp_path)
    assert [(title, [(d.name, d.text) for d in rows]) for title, rows in groups] == [
        ("隐患排查治理", [("临期", "截至A。甲。")]), ("zoning", [("分区", "本期。乙|丙。")])]
    text = definitions.markdown(tmp_path)
    assert "## zoning" in text and "| 分区 | 本期。乙\\|丙。 |" in text     # a "|" in a definition stays in its cell


def test_the_command_line_writes_the_document(tmp_path, capsys):
    out = tmp_path / "metrics.md"
    assert cli.main(["definitions", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == definitions.markdown()
    assert cli.main(["definitions"]) == 0
    assert "## 督导问题、挂牌督办与问责" in capsys.readouterr().out
