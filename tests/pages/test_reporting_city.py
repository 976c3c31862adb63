"""打非治违与报送 in a city instance (tests/city_support.py): at 全市 a row per 区县; choosing a county shows its
own grids. 湛河区's figures are the golden database's (tests/pages/test_reporting.py, A = 2022-10-31: 自查报告 87
expected, 4 on time, 1 late, 82 missing; 月报 19 departments x 4 months = 76, 2 on time); 新华区's are worked out in
tests/queries/test_reporting_by_county.py (90 自查报告 and 76 月报 expected, none sent)."""
import pytest
from apptest_support import frame_with, metrics

import city_support as cs
from city_support import city, city_page  # noqa: F401  (fixtures)


@pytest.fixture()
def reporting_page(city_page):
    return lambda **query: city_page("pages/reporting.py", as_of="2022-10-31", **query)


def test_a_row_per_county_at_city_level(reporting_page):
    at = reporting_page()
    grid = frame_with(at, "区县", "自查报告应报").set_index("区县")
    assert len(grid) == 10
    assert grid.loc["湛河区", ["自查报告应报", "自查报告已报", "自查报告按时", "自查报告未报"]].tolist() == [87, 5, 4, 82]
    assert grid.loc["湛河区", ["月报应报", "月报已报", "月报按时", "月报未报"]].tolist() == [76, 2, 2, 74]
    assert grid.loc["湛河区", "自查报告及时率（%）"] == pytest.approx(4.6, abs=0.05)
    assert grid.loc["新华区", ["自查报告应报", "自查报告未报", "月报应报", "月报未报"]].tolist() == [90, 90, 76, 76]
    assert grid.loc["叶县", "自查报告应报"] == 0 and grid.loc["叶县", "数据截至"] == "无数据"
    assert not at.metric                    # no county chosen: no county's grids yet
    assert any("选择区县" in i.value for i in at.info)


def test_choosing_a_county_shows_its_reporters(reporting_page):
    at = reporting_page()
    at.selectbox(key="rep_county").set_value("湛河区").run()
    assert not at.exception
    m = metrics(at)
    assert m[7:12] == [("应报月报", "76"), ("月报按时", "2"), ("月报迟报", "0"), ("月报未报", "74"), ("月报及时率", "2.6%")]
    assert m[12:17] == [("应报自查报告", "87"), ("自查报告按时", "4"), ("自查报告迟报", "1"), ("自查报告未报", "82"),
                        ("自查报告及时率", "4.6%")]
    subs = frame_with(at, "报送单位", "报送节点", "情况")
    # the county's own names (its view), not the city-wide 湛河区·马庄街道
    assert list(subs.loc[subs["报送单位"] == "马庄街道", "情况"]) == ["按时", "迟报", "按时", "未到期"]
    at.selectbox(key="rep_county").set_value("新华区").run()
    assert not at.exception
    assert metrics(at)[12:14] == [("应报自查报告", "90"), ("自查报告按时", "0")]


def test_a_county_chosen_in_the_filters_shows_its_own_page(reporting_page):
    at = reporting_page(county=cs.XINHUA)     # the sidebar's 区县, in the URL
    assert not [d for d in at.dataframe if "自查报告应报" in d.value.columns]      # no row per county
    assert metrics(at)[12:14] == [("应报自查报告", "90"), ("自查报告按时", "0")]
