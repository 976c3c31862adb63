"""The number and date writers every page, the 大屏, the briefings and the exports share, against strings
written out by hand."""
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from safetyboard import formatting as fmt

UNKNOWN = [None, float("nan"), np.nan, pd.NA, pd.NaT]


@pytest.mark.parametrize("value", UNKNOWN)
def test_an_unknown_value_is_a_dash_everywhere(value):
    assert fmt.missing(value)
    assert fmt.percent(value) == "—"
    assert fmt.count(value) == "—"
    assert fmt.count_with_unit(value, "处") == "—"
    assert fmt.wan(value) == "—"
    assert fmt.wan_yuan(value) == "—"
    assert fmt.yuan(value) == "—"
    assert fmt.days(value) == "—"
    assert fmt.rate_of(value, 3) is None and fmt.rate_of(1, value) is None


@pytest.mark.parametrize("value", [0, 0.0, "", "x", [1, 2], np.array([1.0, np.nan]), dt.date(2022, 4, 1)])
def test_known_values_are_not_missing(value):
    assert not fmt.missing(value)


def test_zero_is_written_as_zero_not_as_a_dash():
    assert (fmt.count(0), fmt.count_with_unit(0, "起"), fmt.percent(0.0), fmt.wan(0), fmt.wan(0, trim=True),
            fmt.wan_yuan(0), fmt.yuan(0), fmt.days(0)) == ("0", "0起", "0.0%", "0.00", "0", "0.00 万元", "0 元", "0 天")


def test_rates_come_from_counts_and_are_rounded_once():
    assert fmt.rate_of(2, 3) == 2 / 3
    assert fmt.percent(fmt.rate_of(2, 3)) == "66.7%"
    assert fmt.percent(fmt.rate_of(1, 8)) == "12.5%"
    assert fmt.rate_of(0, 5) == 0.0 and fmt.percent(fmt.rate_of(0, 5)) == "0.0%"
    assert fmt.rate_of(3, 0) is None and fmt.percent(fmt.rate_of(3, 0)) == "—"     # no hazards: no rate, not 0 %


def test_percent():
    assert fmt.percent(0.4) == "40.0%"
    assert fmt.percent(0.375) == "37.5%"
    assert fmt.percent(1) == "100.0%"
    assert fmt.percent(0.4, sign=False) == "40.0"
    assert fmt.percent(0.666, digits=0) == "67%"
    assert fmt.percent(np.float64(0.25)) == "25.0%"


def test_counts():
    assert fmt.count(12345) == "12,345"
    assert fmt.count(np.int64(7)) == "7"
    assert fmt.count(3.0) == "3"
    assert fmt.count_with_unit(12, "处") == "12处"
    assert fmt.count_with_unit(1234, "家") == "1234家"      # running text: no thousands separator


def test_amounts():
    assert fmt.wan(53000) == "5.30"
    assert fmt.wan(123456789) == "12,345.68"
    assert fmt.wan(53000, trim=True) == "5.3"
    assert fmt.wan(50000, trim=True) == "5"
    assert fmt.wan(125000, digits=1) == "12.5"
    assert fmt.wan(123456789, grouping=False) == "12345.68"
    assert fmt.wan_yuan(53000) == "5.30 万元"
    assert fmt.wan_yuan(53000, digits=1) == "5.3 万元"
    assert fmt.yuan(1500) == "1,500 元"
    assert fmt.yuan(700.4) == "700 元"


def test_days():
    assert fmt.days(3.5) == "3.5 天"
    assert fmt.days(12) == "12 天"


def test_numbers_that_stay_numbers():
    assert fmt.in_percent(0.25) == 25.0
    assert fmt.in_wan(53000) == 5.3
    assert fmt.WAN == 10_000
    column = fmt.percent_column(pd.Series([2 / 3, None, "x", 0.5]))
    assert column.iloc[0] == 66.7 and math.isnan(column.iloc[1]) and math.isnan(column.iloc[2]) and column.iloc[3] == 50.0
    assert list(fmt.in_wan(pd.Series([10000.0, 25000.0]))) == [1.0, 2.5]


def test_chinese_dates():
    d = dt.date(2022, 4, 1)
    assert fmt.cn_date(d) == "2022年4月1日"
    assert fmt.cn_date(dt.date(2022, 10, 31)) == "2022年10月31日"
    assert fmt.cn_month_day(d) == "4月1日"
    assert fmt.cn_date_in_year(d, 2022) == "4月1日" and fmt.cn_date_in_year(d, 2023) == "2022年4月1日"
    assert fmt.cn_month(d) == "2022年4月"
    assert fmt.cn_month(pd.Timestamp("2022-11-01")) == "2022年11月"
    assert fmt.cn_datetime(dt.datetime(2022, 4, 11, 9, 5)) == "2022年4月11日 09:05"
    assert fmt.cn_datetime(pd.Timestamp("2022-12-01 17:30:59")) == "2022年12月1日 17:30"
