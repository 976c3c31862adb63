"""The static charts of the 简报 (safetyboard/static_charts.py): a CJK font that has every glyph drawn."""
from __future__ import annotations

import datetime as dt

import pytest

from safetyboard import static_charts as sc


def test_chart_font_is_cjk_and_has_every_glyph():
    font = sc.cjk_font()
    assert font.family in sc.CJK_FAMILIES
    labels = ["马庄街道", "九里山街道", "曹镇乡", "姚孟街道"]
    _png, fig = sc.rate_bars(labels, [0.6, 0.0, 0.5, None], [5, 3, 2, 0], "各乡/街道隐患整改率", overall=0.4)
    texts = sc.text_fonts(fig)
    drawn = "".join(t for t, _ in texts)
    for label in (*labels, "整改率", "暂无隐患", "各乡/街道隐患整改率"):
        assert label in drawn
    for text, used in texts:
        assert used.path == font.path and used.face_index == font.face_index, text
        assert sc.missing_glyphs(text, used) == set(), text
    weeks = [dt.date(2022, 9, 5) + dt.timedelta(days=7 * i) for i in range(8)]
    _png, fig = sc.weekly_found_rectified(weeks, [1, 0, 2, 1, 0, 0, 1, 0], [0, 1, 1, 0, 1, 0, 0, 2],
                                          [1, 1, 3, 4, 4, 4, 5, 5], [0, 1, 2, 2, 3, 3, 3, 5], "每周隐患发现与整改")
    for text, used in sc.text_fonts(fig):
        assert sc.missing_glyphs(text, used) == set(), text
    assert {"新发现", "完成整改", "累计发现", "累计整改"} <= {t for t, _ in sc.text_fonts(fig)}


def test_glyph_check_detects_a_font_without_chinese():
    from matplotlib import font_manager
    latin = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"))
    assert sc.missing_glyphs("湛河 40%", sc.CJKFont("DejaVu Sans", str(latin), 0)) == {"湛", "河"}


def test_no_cjk_font_is_a_clear_error(monkeypatch):
    sc.cjk_font.cache_clear()
    monkeypatch.setattr(sc, "CJK_FAMILIES", ("No Such Font Family",))
    try:
        with pytest.raises(sc.CJKFontMissing, match="fonts-noto-cjk"):
            sc.cjk_font()
    finally:
        monkeypatch.undo()
        sc.cjk_font.cache_clear()

