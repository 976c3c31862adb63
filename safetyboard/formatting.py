"""How values are written for people. Text that comes from data (ledger cells, file and sheet names,
user names, URL parameters) goes through escape_markdown before it reaches anything Streamlit renders
as Markdown (st.markdown, captions, st.info/warning/error/success, widget labels): otherwise a cell like
`![x](http://host/p.png)` loads an outside image, `**x**` turns bold and `[a](javascript:…)` becomes a link."""
from __future__ import annotations

import datetime as _dt
import re

import pandas as pd

# Characters that start Markdown anywhere in a line: emphasis, code, links and images, autolinks and HTML,
# headings, LaTeX ($), tables, strikethrough. "." "-" "@" stay as they are (file names, dates, e-mail addresses:
# a mailto link is harmless); "." and "-" only matter in the cases handled below.
_ANYWHERE = re.compile(r"([\\`*{}\[\]<>#$!|~])")
# "_" only where it could open or close emphasis: inside a word (马庄_台账.xlsx) it never does.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_SHORTCODE_OR_SCHEME = re.compile(r":(?=[^\d\s])")        # :emoji: / :material/x: / http: / javascript:
_WWW = re.compile(r"(?i)(?<=www)\.")                      # www. autolinks
_LINE_START = re.compile(r"^(\s*)([-+=])|^(\s*\d+)([.)])")  # list items (- + 1. 1)) and setext underlines (=)


def escape_markdown(value) -> str:
    """value as literal text inside Markdown: the characters that could start markup backslash-escaped,
    line breaks as spaces (a line break could start a heading or a list). Ordinary text (dates, times,
    file names like 隐患台账.xlsx) reads the same before and after."""
    text = "" if value is None else str(value)
    if "\n" in text or "\r" in text:
        text = " ".join(text.splitlines())
    text = _ANYWHERE.sub(r"\\\1", text)
    text = _UNDERSCORE.sub(r"\\_", text)
    text = _SHORTCODE_OR_SCHEME.sub(r"\\:", text)
    text = _WWW.sub(r"\\.", text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[2] else f"{m[3]}\\{m[4]}", text)


# ---------------------------------------------------------------- numbers and dates as officials write them
# The one place a count, rate, amount or date becomes text: pages, 大屏, 简报, exports and overview text all
# call these. Rates arrive as fractions computed from counts in SQL (metric_rules) and are rounded only here.

DASH = "—"  # an unknown value, never "0" and never "nan"
WAN = 10_000  # 元 in one 万元


def missing(value) -> bool:
    """None, NaN, pandas NA/NaT: a value nobody knows."""
    if value is None:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # NaN is the only value unequal to itself
    except (TypeError, ValueError):
        return False


def in_percent(rate):
    """A fraction as percentage points, still a number (a scalar or a pandas column): for bar lengths and
    table columns headed （%） that must sort and sum as numbers."""
    return rate * 100


def percent_column(rates, digits: int = 1):
    """A column of fractions as percentage numbers rounded once (0.4 -> 40.0; empty stays empty), for tables."""
    return in_percent(pd.to_numeric(rates, errors="coerce")).round(digits)


def in_wan(yuan):
    """元 as 万元, still a number (a scalar or a pandas column): for axes and table columns headed （万元）."""
    return yuan / WAN


def rate_of(part, whole) -> float | None:
    """part / whole as a fraction; None when whole is 0 or unknown (no rate is not a 0 % rate)."""
    if missing(part) or missing(whole) or not whole:
        return None
    return float(part) / float(whole)


def percent(rate, digits: int = 1, sign: bool = True) -> str:
    """A fraction as a percentage: 0.4 -> "40.0%" ("40.0" with sign=False, for a column headed 整改率（%）)."""
    if missing(rate):
        return DASH
    return f"{in_percent(float(rate)):.{digits}f}{'%' if sign else ''}"


def count(value) -> str:
    """A count with thousands separators: 12345 -> "12,345"."""
    return DASH if missing(value) else f"{int(value):,}"


def count_with_unit(value, unit: str) -> str:
    """A count and its measure word as officials write it: (12, "处") -> "12处"."""
    return DASH if missing(value) else f"{int(value)}{unit}"


def wan(yuan, digits: int = 2, trim: bool = False, grouping: bool = True) -> str:
    """元 as 万元, the number only: 53000 -> "5.30" ("5.3" with trim=True, as written in running text)."""
    if missing(yuan):
        return DASH
    text = f"{in_wan(float(yuan)):{',' if grouping else ''}.{digits}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def wan_yuan(yuan, digits: int = 2) -> str:
    """An amount with its unit: 53000 -> "5.30 万元"."""
    text = wan(yuan, digits)
    return text if text == DASH else f"{text} 万元"


def yuan(value) -> str:
    """An amount in whole 元: 1500 -> "1,500 元"."""
    return DASH if missing(value) else f"{float(value):,.0f} 元"


def days(value) -> str:
    """A number of days: 3.5 -> "3.5 天"."""
    return DASH if missing(value) else f"{float(value):g} 天"


def cn_date(d: _dt.date) -> str:
    """2022-04-11 -> "2022年4月11日"."""
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month_day(d: _dt.date) -> str:
    """2022-04-11 -> "4月11日" (inside one campaign year)."""
    return f"{d.month}月{d.day}日"


def cn_date_in_year(d: _dt.date, year: int) -> str:
    """A date as short as the reader's year allows: "4月11日" inside year, "2021年4月11日" outside it."""
    return cn_month_day(d) if d.year == year else cn_date(d)


def cn_month(d: _dt.date) -> str:
    """2022-04-11 -> "2022年4月" (axes and monthly tables)."""
    return f"{d.year}年{d.month}月"


def cn_datetime(ts: _dt.datetime) -> str:
    """A moment to the minute: "2022年4月11日 09:30"."""
    return f"{cn_date(ts)} {ts:%H:%M}"
