"""Cross-field rules of a row (ledgers/row_checks.py, LedgerType.row_checks): a date before the date it must
follow is rejected with both dates named."""
from safetyboard.ledgers.importer import import_file

from import_support import PROBLEM_HEADER
from workbook_support import write_xlsx


def test_recheck_before_found_and_close_before_rectified(store, tmp_path):
    path = write_xlsx(tmp_path / "问题.xlsx", {"问题清单": [PROBLEM_HEADER,
        ["1", "P1", "一组", "马庄", "2022-06-10", "a", None, None, None, "已整改", "2022-06-20", "2022-06-09", "通过", None],
        ["2", "P2", "一组", "马庄", "2022-06-10", "b", None, None, None, "已整改", "2022-06-20", None, None, "2022-06-19"],
    ]})
    (r,) = import_file(store, path)
    assert [(x["row_number"], x["reasons"]) for x in r.rejected_rows] == [
        (2, "复查日期（2022-06-09）早于发现日期（2022-06-10）"),
        (3, "销号日期（2022-06-19）早于整改完成日期（2022-06-20）")]
