"""The city's 简报 (safetyboard/briefing/city.py) and a county's briefing in a city instance (model.resolve_scope),
on the small city of tests/city_store_support.py.

Hand-worked figures at A = 2022-10-31, cumulative since the campaign start (2022-04-01):
- 新华区 (fixture_counties.XINHUA_LEDGER; X4 names 湛河区's 马庄街道 and is refused): X1, X2, X3 = 3 hazards, 1 重大 (X3),
  2 已整改 (X1, X3) = 2/3 = 66.7%; X2 open past its 2022-07-01 deadline = 1 逾期; no cases; package as of 10-31.
- 湛河区 (the golden fixture, tests/test_metrics.py): 10 hazards, 2 重大, 4 已整改 = 40.0%, 3 逾期, 4 cases,
  53,000 元 = 5.30 万元; its package says 数据截至 10-20, 11 days before A: stale (more than 7).
- 合计: 3 + 10 = 13 hazards, 1 + 2 = 3 重大, 2 + 4 = 6 已整改, 6/13 = 46.15% -> 46.2% (not the mean of 66.7% and
  40.0%, 53.3%), 1 + 3 = 4 逾期, 4 cases, 5.30 万元.
- The eight other counties sent no package."""
from __future__ import annotations

import docx
import pytest
from city_store_support import AS_OF, XINHUA, ZHANHE, open_city
from docx_support import flat, make_briefing, table_rows, text_of

from safetyboard import cli, district
from safetyboard.auth import LOCAL_ADMIN, Principal
from safetyboard.briefing import BriefingError, build_briefing
from safetyboard.config import REFERENCE_DIR
from safetyboard.store import Store

XINHUA_ACCOUNT = Principal("xh", "county", county_code=XINHUA, county="新华区")


@pytest.fixture(scope="module")
def city(fixture_db, tmp_path_factory):
    with open_city(tmp_path_factory.mktemp("city_briefing"), fixture_db) as store:
        yield store


@pytest.fixture(scope="module")
def city_briefing(city):
    return make_briefing(city, as_of=AS_OF)


def _all_text(document) -> str:
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return text_of(document) + "\n" + cells


def test_the_city_briefing_has_a_row_per_county_and_a_total(city_briefing):
    result, document = city_briefing
    rows = table_rows(document, "区县")
    assert rows[0] == ["区县", "隐患数\n（处）", "重大隐患\n（处）", "整改率", "逾期未整改\n（处）", "执法案件\n（起）",
                       "罚款\n（万元）", "数据截至"]
    by_county = {r[0]: r[1:] for r in rows[1:]}
    assert list(by_county) == [c.name for c in district.counties()] + ["合计"]
    assert by_county["新华区"] == ["3", "1", "66.7%", "1", "0", "0.00", "10月31日"]
    assert by_county["湛河区"] == ["10", "2", "40.0%", "3", "4", "5.30", "10月20日（滞后）"]
    assert set(by_county["叶县"]) == {"未报送数据包"}          # one merged cell across the figures
    assert by_county["合计"] == ["13", "3", "46.2%", "4", "4", "5.30", "2个区县已报送"]
    assert result.file_name == "平顶山市安全生产大检查工作简报_第31期_全市_20221031.docx"
    assert result.attachment[:2] == b"PK"


def test_the_city_briefing_comes_from_the_city_office_and_names_the_counties_behind(city_briefing):
    _, document = city_briefing
    assert document.paragraphs[0].text == "平顶山市安全生产大检查工作简报"
    assert document.paragraphs[2].text.startswith("平顶山市安全生产委员会办公室")
    text = flat(text_of(document))
    assert "全市10个区县中2个报送了数据包" in text
    assert "全市排查隐患13处，其中重大隐患3处；已整改6处，整改率46.2%；逾期未整改4处" in text
    assert "整改率最低的2个区县：湛河区（40.0%）、新华区（66.7%），全市为46.2%" in text
    assert "逾期未整改隐患最多的区县：湛河区3处、新华区1处" in text
    assert "尚未报送数据包的区县（8个）：卫东区、石龙区、宝丰县、叶县、鲁山县、郏县、舞钢市、汝州市" in text
    assert "数据滞后的区县：湛河区（数据截至10月20日）" in text


def test_a_county_briefing_is_the_countys_district_briefing(city):
    result, document = make_briefing(city, as_of=AS_OF, county="新华区")
    assert result.scope.county == XINHUA
    assert result.file_name == "新华区安全生产大检查工作简报_第31期_全区_20221031.docx"
    assert document.paragraphs[0].text == "新华区安全生产大检查工作简报"
    text = flat(text_of(document))
    assert "排查隐患3处，其中重大隐患1处；已整改2处，整改率66.7%" in text
    assert "逾期未整改隐患1处" in text
    # every passage through the county's view (报送 and 回头看 too), nothing of 湛河区's: 自查报告 due by A at three
    # nodes (04-25, 05-25, 10-25) from 新华区's 11 乡/街道 and 19 departments = 30 x 3 = 90
    assert "湛河区" not in _all_text(document) and "自查报告应报送90份" in text
    # by code too, and 湛河区's through its own view: its golden figures
    zhanhe = flat(text_of(make_briefing(city, as_of=AS_OF, county=ZHANHE)[1]))
    assert "排查隐患10处" in zhanhe and "整改率40.0%" in zhanhe


def test_a_county_accounts_briefing_names_no_other_county(city):
    result, document = make_briefing(city, XINHUA_ACCOUNT, as_of=AS_OF)   # no county asked: its own
    assert result.scope.county == XINHUA
    text = _all_text(document)
    assert "新华区" in text and "排查隐患3处" in flat(text)
    for other in district.counties():
        if other.code != XINHUA:
            assert other.name not in text, other.name
    assert "平顶山市" not in text
    with pytest.raises(BriefingError, match="区县账号只能生成本区县（新华区）的简报"):
        build_briefing(city, XINHUA_ACCOUNT, as_of=AS_OF, county="湛河区")


def test_impossible_requests_in_a_city_are_refused_in_chinese(city):
    with pytest.raises(BriefingError, match="「开封市」不是平顶山市的区县"):
        build_briefing(city, LOCAL_ADMIN, as_of=AS_OF, county="开封市")
    with pytest.raises(BriefingError, match="市级实例只生成全市简报或一个区县的简报"):
        build_briefing(city, LOCAL_ADMIN, as_of=AS_OF, group="第一督导组")


def test_a_district_instance_has_no_counties(fixture_db, tmp_path):
    import shutil
    copy = tmp_path / "district.duckdb"      # a copy: other tests in the process may hold fixture_db open writable
    shutil.copy2(fixture_db, copy)
    with district.configured(REFERENCE_DIR / "district.toml"):
        store = Store(copy, read_only=True)
        try:
            with pytest.raises(BriefingError, match="本实例是湛河区，不是市级实例"):
                build_briefing(store, LOCAL_ADMIN, as_of=AS_OF, county="新华区")
        finally:
            store.close()


def test_the_command_line_briefs_one_county(city, tmp_path, capsys):
    out = tmp_path / "新华区.docx"
    code = cli.main(["briefing", "--db", str(city.path), "--county", "新华区", "--as-of", "2022-10-31", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "已生成简报" in capsys.readouterr().out
    assert docx.Document(str(out)).paragraphs[0].text == "新华区安全生产大检查工作简报"


def test_the_control_worker_briefs_one_county(city, tmp_path):
    from safetyboard.control_handlers import HANDLERS

    out = tmp_path / "新华区.docx"
    answer = HANDLERS["briefing"](city, {"county": "新华区", "as_of": "2022-10-31", "output": str(out)})
    assert answer["as_of"] == "2022-10-31"
    assert docx.Document(str(out)).paragraphs[0].text == "新华区安全生产大检查工作简报"
