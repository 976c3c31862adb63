"""口径说明 (pages/definitions.py): every definition of the rules files, read from their `-- 口径` lines."""
from apptest_support import run_page

from safetyboard.definitions import definitions


def test_the_definitions_page_shows_every_definition_of_the_rules_files(fixture_db, monkeypatch, tmp_path):
    monkeypatch.setenv("SAFETYBOARD_DB", str(fixture_db))
    monkeypatch.setenv("SAFETYBOARD_USERS", str(tmp_path / "no-users.toml"))
    at = run_page("pages/definitions.py", as_of="2022-10-31")
    shown = [(r["指标"], r["口径"]) for d in at.dataframe for r in d.value.to_dict("records")]
    expected = [(d.name, d.text) for d in definitions()]
    assert sorted(shown) == sorted(expected) and len(shown) >= 15
    names = {name for name, _ in shown}
    assert {"逾期未整改", "未定整改时限", "临期", "已销号", "列入治理计划的重大隐患", "挂牌督办", "月报及时率",
            "自查报告报送及时率", "打非治违总结报送", "比率", "停产停业整顿、关闭取缔",
            "超期未摘牌", "回头看问题整改"} <= names
