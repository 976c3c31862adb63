"""safetyboard/store.py: Store.transaction commits what its block wrote, or nothing when the block fails."""
import pytest

from safetyboard.store import run


def test_a_transaction_commits_its_block_or_rolls_all_of_it_back(store):
    store.query("CREATE TABLE t (x INTEGER)")
    with store.transaction() as cur:
        run(cur, "INSERT INTO t VALUES (1)")
    with pytest.raises(ValueError), store.transaction() as cur:
        run(cur, "INSERT INTO t VALUES (2)")
        raise ValueError("stop")
    assert store.query("SELECT list(x ORDER BY x) AS xs FROM t").to_pylist() == [{"xs": [1]}]
