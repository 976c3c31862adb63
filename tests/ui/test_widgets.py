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


def _linked_table():
    import datetime as dt

    import pandas as pd

    from safetyboard.metrics import Filters
    from ui import enterprise_links
    from ui.widgets import table
    f = Filters(since=dt.date(2022, 4, 1), as_of=dt.date(2022, 10, 31))
    table(pd.DataFrame({"单位名称": ["企业A", "企业B", "企业C"]}), "清单", f, "linked", shown_rows=2,
          prepare=enterprise_links.linked("单位名称"))


def test_a_long_lists_links_are_made_for_the_rows_drawn_and_for_every_row_downloaded(monkeypatch):
    from ui import enterprise_links, widgets
    at = AppTest.from_function(_linked_table, default_timeout=120).run()
    assert not at.exception
    drawn = at.dataframe[0].value
    assert drawn["一企一档"].tolist() == [enterprise_links.url("企业A"), enterprise_links.url("企业B")]
    # The download (built when clicked): every row, each with its link.
    built = {}
    monkeypatch.setattr(widgets.st, "download_button", lambda label, data, **kw: built.setdefault("data", data))
    monkeypatch.setattr(widgets, "table_xlsx", lambda frames, **kw: frames)
    for name in ("dataframe", "caption"):
        monkeypatch.setattr(widgets.st, name, lambda *a, **kw: None)
    _linked_table()
    frame = built["data"]()["清单"]
    assert frame["单位名称"].tolist() == ["企业A", "企业B", "企业C"]
    assert frame["一企一档"].tolist() == [enterprise_links.url(n) for n in ("企业A", "企业B", "企业C")]


def _cut_lists():
    import pandas as pd

    from ui.widgets import limited_note
    limited_note(pd.DataFrame({"total_rows": [5, 5]}), "逾期隐患", "请缩小范围。")
    limited_note(pd.DataFrame({"total_rows": [2, 2]}), "挂牌督办事项")       # not cut: nothing said
    limited_note(pd.DataFrame({"total_rows": [3]}), "约谈记录")


def test_a_list_cut_at_its_row_limit_says_how_many_there_are():
    at = AppTest.from_function(_cut_lists, default_timeout=120).run()
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "逾期隐患共 5 条，仅显示前 2 条（下载的 Excel 同样为这些行）；请缩小范围。",
        "约谈记录共 3 条，仅显示前 1 条（下载的 Excel 同样为这些行）。"]
