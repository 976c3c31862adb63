"""Row scope of the loop views on the golden database plus tests/fixture_loop.py: a 乡/街道 account gets
only the problems, 挂牌督办 items and 约谈/通报/问责 records about itself or its units, whatever it asks for."""
import datetime as dt

import pandas as pd
import pytest

from safetyboard import access, auth, queries
from safetyboard.metrics import Filters

JIULISHAN, MAZHUANG = "410411004000", "410411001000"
ADMIN = auth.Principal("a", "admin")
UNIT = auth.Principal("u", "unit", unit_code=JIULISHAN, unit="九里山街道")
PARAMS = {**Filters(dt.date(2022, 4, 1), dt.date(2022, 10, 31)).params(), "row_limit": 500, "group": "",
          "target_key": "", "only_open": False}
LOOP_QUERIES = ["accountability_by_object", "accountability_by_type", "accountability_records",
                "listed_hazards", "listed_hazard_summary", "listed_hazards_by_unit", "supervision_problems",
                "supervision_problem_recheck", "supervision_problem_summary", "supervision_problems_by_group", "supervision_problems_by_target",
                "recheck_grid", "major_hazards"]


def run_as(store, who, name, **extra) -> pd.DataFrame:
    return queries.run(store, name, access.scope_params(who, name, {**PARAMS, **extra})).to_pandas()


@pytest.mark.parametrize("name", LOOP_QUERIES)
def test_unit_account_gets_exactly_its_own_loop_rows(loop_store, name):
    assert "units" in queries.load(name).params
    own = run_as(loop_store, ADMIN, name, units=[JIULISHAN])
    pd.testing.assert_frame_equal(run_as(loop_store, UNIT, name, units=[]), own)
    pd.testing.assert_frame_equal(run_as(loop_store, UNIT, name, units=[MAZHUANG]),
                                  run_as(loop_store, ADMIN, name, units=["__none__"]))


def test_what_jiulishan_sees(loop_store):
    # P08 (target 九里山街道) and P11 (企业D, 所属九里山); not 企业C's P06/P07 (no 所属乡(街道) in the list)
    assert sorted(run_as(loop_store, UNIT, "supervision_problems")["problem_no"]) == ["P08", "P11"]
    # H05 (named by 单位 + 描述) and H06 (by 隐患编号), both 九里山 through their hazards
    listed = run_as(loop_store, UNIT, "listed_hazards")
    assert sorted(listed["hazard_key"]) == ["H05", "H06"] and set(listed["unit"]) == {"九里山街道"}
    assert list(run_as(loop_store, UNIT, "accountability_records")["target"]) == ["企业C有限公司", "九里山街道"]
