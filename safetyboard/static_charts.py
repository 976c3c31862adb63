"""Charts for documents (the Word briefing): matplotlib PNGs with a CJK font named explicitly.

matplotlib's default font has no Chinese glyphs and draws empty boxes, so every chart here names a CJK
font found through matplotlib.font_manager: Noto Sans CJK SC (Debian fonts-noto-cjk), else WenQuanYi.
No font, no chart: CJKFontMissing says what to install. Red is worse, as on the dashboard."""
from __future__ import annotations

import datetime as dt
import functools
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot

from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .formatting import in_percent, percent  # noqa: E402

# Preferred faces, best first (family names as font_manager knows them).
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
                "WenQuanYi Zen Hei", "WenQuanYi Micro Hei")

WORSE = "#C00000"
BAD = "#E46C0A"
NEUTRAL = "#1F4E79"
GOOD = "#2E7D32"
MUTED = "#8A94A6"
DPI = 200


class CJKFontMissing(RuntimeError):
    """No font with Chinese glyphs is installed; str(self) says what to install (Chinese)."""


@dataclass(frozen=True)
class CJKFont:
    family: str
    path: str
    face_index: int


@lru_cache(maxsize=1)
def cjk_font() -> CJKFont:
    """The CJK font the charts use (a font file and the face in it, for .ttc collections)."""
    for family in CJK_FAMILIES:
        try:
            found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return CJKFont(family, str(getattr(found, "path", found)), int(getattr(found, "face_index", 0) or 0))
    raise CJKFontMissing(
        "没有找到中文字体，图表中的汉字无法显示。请安装 Noto Sans CJK 字体"
        "（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk）或文泉驿字体（fonts-wqy-zenhei）后重试。")


def missing_glyphs(text: str, font: CJKFont | None = None) -> set[str]:
    """Characters of text (spaces aside) that the font file has no glyph for, read from its cmap."""
    from fontTools.ttLib import TTCollection, TTFont

    font = font or cjk_font()
    if font.path.lower().endswith((".ttc", ".otc")):
        ttf = TTCollection(font.path, lazy=True).fonts[font.face_index]
    else:
        ttf = TTFont(font.path, lazy=True)
    cmap = ttf.getBestCmap() or {}
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def _cjk(function):
    """Run a chart function with the CJK font as the only family: texts made while drawing (tick labels
    are made at save time) get it too."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        font = cjk_font()
        with matplotlib.rc_context({"font.family": [font.family], "axes.unicode_minus": False}):
            return function(*args, **kwargs)
    return wrapper


def _figure(width_cm: float, height_cm: float) -> tuple[Figure, object]:
    fig = Figure(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI)
    fig.set_layout_engine("constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)
    return fig, ax


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def text_fonts(fig: Figure) -> list[tuple[str, CJKFont]]:
    """Each text of a drawn figure (tick labels included) with the font file and face matplotlib renders it in."""
    out = []
    for t in fig.findobj(_is_text):
        if t.get_text() and t.get_visible():
            found = font_manager.findfont(t.get_fontproperties())
            family = t.get_fontproperties().get_family()[0]
            out.append((t.get_text(), CJKFont(family, str(getattr(found, "path", found)),
                                              int(getattr(found, "face_index", 0) or 0))))
    return out


def _is_text(obj) -> bool:
    return hasattr(obj, "get_text") and hasattr(obj, "get_fontproperties")


def _rate_colour(rate: float | None, reference: float | None) -> str:
    """Red-worse: no data grey; below the reference (the scope's overall rate) red, at or above blue."""
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        return MUTED
    if reference is not None and rate < reference:
        return WORSE if rate < reference * 0.75 else BAD
    return NEUTRAL


@_cjk
def rate_bars(labels: Sequence[str], rates: Sequence[float | None], totals: Sequence[int],
              title: str, overall: float | None = None, width_cm: float = 15.5) -> tuple[bytes, Figure]:
    """Horizontal bars of 整改率 (%) per label, worst at the top; red = below the overall rate.
    Labels without hazards are shown as 暂无隐患."""
    rows = list(zip(labels, rates, totals))
    # drawn bottom-up: no hazards at the bottom, then best to worst, so the worst is on top
    rows.sort(key=lambda r: (r[1] is not None, -(r[1] or 0)))
    height = max(5.0, 1.0 + 0.75 * len(rows))
    fig, ax = _figure(width_cm, height)
    y = list(range(len(rows)))
    values = [0 if r[1] is None else in_percent(r[1]) for r in rows]
    colours = [_rate_colour(r[1], overall) for r in rows]
    ax.barh(y, values, color=colours, height=0.6)
    ax.set_yticks(y, [r[0] for r in rows])
    ax.set_xlim(0, 115)
    label = "整改率（%）"
    for yi, (_name, rate, total), colour in zip(y, rows, colours):
        text = "暂无隐患" if rate is None else f"{percent(rate)}（{total}处）"
        ax.text((0 if rate is None else in_percent(rate)) + 1, yi, text, va="center", fontsize=8,
                color=colour if colour in (WORSE, BAD) else "#333333")
    if overall is not None:
        ax.axvline(in_percent(overall), color=MUTED, linestyle="--", linewidth=1)
        label += f"；虚线为总体整改率 {percent(overall)}，低于总体的标红"
    ax.set_xlabel(label, fontsize=9)
    ax.set_title(title, fontsize=11, loc="left")
    return _png(fig), fig


@_cjk
def weekly_found_rectified(week_starts: Sequence[dt.date], found: Sequence[int], rectified: Sequence[int],
                           found_cum: Sequence[int], rectified_cum: Sequence[int], title: str,
                           width_cm: float = 15.5) -> tuple[bytes, Figure]:
    """Bars of hazards found and rectified per week (Monday start); lines of the running totals (the gap
    between them is what is still open, apart from rectifications without a date)."""
    fig, ax = _figure(width_cm, 7.5)
    x = list(range(len(week_starts)))
    ax.bar([i - 0.2 for i in x], found, width=0.4, color=BAD, label="新发现")
    ax.bar([i + 0.2 for i in x], rectified, width=0.4, color=GOOD, label="完成整改")
    ax2 = ax.twinx()
    ax2.plot(x, found_cum, color=WORSE, linewidth=1.5, label="累计发现")
    ax2.plot(x, rectified_cum, color=NEUTRAL, linewidth=1.5, linestyle="--", label="累计整改")
    ax2.spines[["top"]].set_visible(False)
    ax2.tick_params(labelsize=9)
    ax2.set_ylim(0, max([1, *found_cum, *rectified_cum]) * 1.25)
    ax.set_ylabel("每周隐患数（处）", fontsize=9)
    ax2.set_ylabel("累计（处）", fontsize=9)
    step = max(1, math.ceil(len(x) / 10))
    ax.set_xticks(x[::step], [f"{d.month}/{d.day}" for d in week_starts][::step])
    ax.set_xlabel("周（周一起）", fontsize=9)
    handles = ax.get_legend_handles_labels()
    handles2 = ax2.get_legend_handles_labels()
    ax.legend(handles[0] + handles2[0], handles[1] + handles2[1], fontsize=8, loc="upper left", frameon=False,
              ncols=4)
    ax.set_ylim(0, max([1, *found, *rectified]) * 1.45)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title, fontsize=11, loc="left")
    return _png(fig), fig


@_cjk
def coverage_bars(groups: Sequence[str], coverage: Sequence[float | None], assigned: Sequence[int],
                  covered: Sequence[int], title: str, width_cm: float = 15.5) -> tuple[bytes, Figure]:
    """回头看覆盖率 per 督导组 (vertical bars; red below 100%, grey without assignment)."""
    fig, ax = _figure(width_cm, 6.5)
    x = list(range(len(groups)))
    values = [0 if c is None else in_percent(c) for c in coverage]
    colours = [MUTED if c is None else (GOOD if c >= 1 else (WORSE if c < 0.5 else BAD)) for c in coverage]
    ax.bar(x, values, color=colours, width=0.6)
    ax.set_xticks(x, list(groups))
    ax.set_ylim(0, 118)
    ax.set_ylabel("回头看覆盖率（%）", fontsize=9)
    for xi, c, a, k in zip(x, coverage, assigned, covered):
        text = "无分工" if c is None else f"{percent(c, digits=0)}（{k}/{a}）"
        ax.text(xi, (0 if c is None else in_percent(c)) + 2, text, ha="center", fontsize=8)
    ax.set_title(title, fontsize=11, loc="left")
    return _png(fig), fig
