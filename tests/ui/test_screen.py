"""ui/screen.py's map colour bar in HTML: round ticks placed where their value lies between the lowest and the
highest value, whole ticks for counts, the colours running the way the map's fills run."""
import re

import pandas as pd

from ui import screen


def ticks(block: str) -> list[tuple[float, str]]:
    return [(float(x), t) for x, t in re.findall(r'class="tick" style="left:([\d.]+)%">([^<]+)<', block)]


def test_counts_get_whole_round_ticks_at_their_place():
    # 0..7: a step of 7/5 = 1.4 rounds up to 2; 2 lies at 2/7 = 28.57 % of the bar.
    block = screen.scale_html(pd.DataFrame({"value": [0.0, 3.0, 7.0, None]}), "逾期未整改（处）", screen.DARK_REDS, False)
    assert ticks(block) == [(0.0, "0"), (28.57, "2"), (57.14, "4"), (85.71, "6")]
    assert ">逾期未整改（处）<" in block
    # higher is worse: the bar runs from the scale's first colour (lowest) to its last (highest)
    assert "rgb(27,51,80) 0%" in block and "rgb(255,107,90) 100%" in block


def test_rates_get_decimal_ticks_and_a_reversed_scale_when_higher_is_better():
    # 90.5..93.0 %: a step of 2.5/5 = 0.5; the first tick is 90.5 itself, the last 93.0.
    block = screen.scale_html(pd.DataFrame({"value": [90.5, 91.2, 93.0]}), "整改率（%）", screen.DARK_REDS, True)
    assert [t for _, t in ticks(block)] == ["90.5", "91.0", "91.5", "92.0", "92.5", "93.0"]
    assert ticks(block)[0][0] == 0.0 and ticks(block)[-1][0] == 100.0
    assert "rgb(255,107,90) 0%" in block and "rgb(27,51,80) 100%" in block


def test_one_value_or_none_still_draws_a_bar():
    one = screen.scale_html(pd.DataFrame({"value": [4.0, 4.0]}), "执法案件（起）", screen.DARK_BLUES, False)
    assert ticks(one) == [(50.0, "4")]
    empty = screen.scale_html(pd.DataFrame({"value": [None]}), "执法案件（起）", screen.DARK_BLUES, False)
    assert ticks(empty) == [(0.0, "0"), (100.0, "1")]
