"""ui/register_sections.py: sections shared by the 隐患整改 and 执法检查 pages."""
from __future__ import annotations

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest


def _discovery_app(methods: list, hazards: list[int]):
    def script(methods, hazards):
        import datetime as dt
        from types import SimpleNamespace

        import pandas as pd

        from safetyboard.metrics import Filters
        from ui.register_sections import discovery_section
        rows = pd.DataFrame({"method": methods, "hazards": hazards})
        page = SimpleNamespace(query=lambda name: rows, filters=Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31)))
        discovery_section(page)
    return AppTest.from_function(script, args=(methods, hazards)).run()


def test_hazards_without_a_discovery_method_are_counted_as_unfilled():
    # every hazard without 发现方式: pandas gives NaN, which is 未填写, not "no hazards"
    at = _discovery_app([np.nan], [7])
    assert not at.exception
    assert [i.value for i in at.info] == []
    assert "企业自查发现的隐患占 0" in at.caption[0].value


def test_no_hazards_says_so():
    at = _discovery_app([], [])
    assert [i.value for i in at.info] == ["本期没有隐患记录。"]
