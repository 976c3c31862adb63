"""Running a query file on the golden fixture database (tests/fixture_ledgers.py) with the shared filter set, for
the golden tests of the query files (tests/queries/) and of the text written from their rows."""
import datetime as dt

from safetyboard import queries
from safetyboard.metrics import Filters

S = dt.date(2022, 4, 1)       # the fixture's 统计起始日
A = dt.date(2022, 10, 31)     # and 统计截止日, unless a test says otherwise
MAZHUANG, JIULISHAN, CAOZHEN = "410411001000", "410411004000", "410411200000"


def run(store, name: str, as_of: dt.date = A, since: dt.date = S, units=(), departments=(), **extra) -> list[dict]:
    params = Filters(since, as_of, units=tuple(units), departments=tuple(departments)).params() | extra
    return queries.run_rows(store, name, params)
