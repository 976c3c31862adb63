"""Keep the 一企一档 search index (table enterprise_index, rows = view enterprise_index_rows) current: inside the
transaction of an import or undo, note the enterprise identities of every row that enters or leaves a ledger the
index reads, then rewrite the index rows of just those identities."""
from __future__ import annotations

from ..store import run

# The ledgers the index reads and each one's identity expression (as in view enterprise_index_rows).
IDENTITY = {
    "register": "enterprise_identity(credit_code, enterprise_key)",
    "hazards": "enterprise_identity(credit_code, enterprise_key)",
    "enforcement": "enterprise_identity(credit_code, party_key)",
}


def start(cur) -> None:
    run(cur, "CREATE OR REPLACE TEMP TABLE touched_enterprises (identity VARCHAR)")


def note(cur, ledger: str, where: str, params: dict | None = None, history: bool = False) -> None:
    """Note the identities of a ledger's rows (or its history's) matching where (ledger and where come from fixed
    code, never from input)."""
    if ledger in IDENTITY:
        table = f"{ledger}_history" if history else ledger
        run(cur, f"INSERT INTO touched_enterprises SELECT DISTINCT {IDENTITY[ledger]} FROM {table} WHERE {where}",
            params)


def refresh(cur) -> None:
    """Rewrite the index rows of the noted identities from the ledgers as they now stand."""
    run(cur, "DELETE FROM enterprise_index WHERE identity IN (SELECT identity FROM touched_enterprises)")
    run(cur, "INSERT INTO enterprise_index SELECT * FROM enterprise_index_rows"
             " WHERE identity IN (SELECT identity FROM touched_enterprises)")
    run(cur, "DROP TABLE touched_enterprises")
