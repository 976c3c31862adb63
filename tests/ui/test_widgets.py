"""ui/widgets.py under AppTest: an empty table is drawn as a static table (a data grid paints "empty" on its
canvas, in English, where no text check can see it); a long list draws only its first rows and says so, while
the download keeps them all."""
from streamlit.testing.v1 import AppTest


def _empty_table():
    import datetime as dt

    import pandas as pd

    from safetyboard.metrics import Filters
    from ui.widgets import table
    f = Filters(since=dt.date(2022, 4, 1), as_of=dt.date(2022, 10, 31))
    table(pd.DataFrame({"乡/街道": pd.Series([], dtype=str), "隐患数": pd.Series([], dtype=int)}), "空表", f, "empty")


def _long_table():
    import datetime as dt

    import pandas as pd

    from safetyboard.metrics import Filters
    from ui.widgets import table
    f = Filters(since=dt.date(2022, 4, 1), as_of=dt.date(2022, 10, 31))
    table(pd.DataFrame({"序号": range(1, 2501)}), "长清单", f, "long", shown_rows=200)


def test_an_empty_table_is_static_with_its_headers():
    at = AppTest.from_function(_empty_table, default_timeout=120).run()
    assert not at.exception
    assert not at.dataframe
    assert len(at.table) == 1 and list(at.table[0].value.columns) == ["乡/街道", "隐患数"]


def test_a_long_list_draws_its_first_rows_and_says_so():
    at = AppTest.from_function(_long_table, default_timeout=120).run()
    assert not at.exception
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == 200
    assert at.dataframe[0].value["序号"].tolist()[-1] == 200
    assert any("显示前 200 条，共 2,500 条" in c.value for c in at.caption)
    assert at.get("download_button")
