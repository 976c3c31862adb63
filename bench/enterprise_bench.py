"""一企一档 benchmark: search and open one enterprise at 50,000 registered units and 1M hazards (the
generated district of bench/common.py build()). Paired rounds (A B C A B C …): our queries, the
floor (one scan of the hazards' name keys for the substring, what any search over the hazards must do at least)
and the strongest alternative (pandas on the hazards and register already in memory, str.contains then a filter)."""
from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from pathlib import Path

from common import AS_OF, BENCH, PAGE_PARAMS, SINCE, build

from safetyboard import queries
from safetyboard.metrics import Filters
from safetyboard.store import Store

ROUNDS = 9
SEARCH, PICKED = "4242", "E4242"          # matches E4242, E14242 … E44242: five enterprises
OPEN = ("enterprise_register_entry", "enterprise_hazards", "enterprise_cases", "enterprise_timeline")


def run(db: Path) -> dict[str, list[float]]:
    store = Store(db)
    params = {**Filters(SINCE, AS_OF).params(), **PAGE_PARAMS, "search_key": SEARCH, "ent_key": PICKED,
              "ent_code": None, "target_key": f"企业:{PICKED}", "limit": 50}
    hz = store.query("SELECT enterprise_key, enterprise, unit, found_date, description, status FROM hazards").to_pandas()
    reg = store.query("SELECT enterprise_key, enterprise, unit FROM register").to_pandas()

    def ours() -> int:
        found = queries.run(store, "enterprise_search", params)
        return found.num_rows + sum(queries.run(store, n, params).num_rows for n in OPEN)

    def floor() -> int:
        return store.scalar("SELECT count(*) FROM hazards WHERE contains(enterprise_key, $k)", {"k": SEARCH})

    def pandas_alt() -> int:
        names = set(reg.loc[reg["enterprise_key"].str.contains(SEARCH, regex=False), "enterprise_key"])
        names |= set(hz.loc[hz["enterprise_key"].str.contains(SEARCH, regex=False), "enterprise_key"])
        return len(names) + len(hz[hz["enterprise_key"] == PICKED])

    kinds = {"search + open (our queries)": ours, "floor: one substring scan of the hazards": floor,
             "pandas in memory: str.contains + filter": pandas_alt}
    for f in kinds.values():
        f()  # warm
    out: dict[str, list[float]] = {k: [] for k in kinds}
    for _ in range(ROUNDS):
        for k, f in kinds.items():
            t = time.perf_counter()
            f()
            out[k].append((time.perf_counter() - t) * 1000)
    search_only = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        queries.run(store, "enterprise_search", params)
        search_only.append((time.perf_counter() - t) * 1000)
    out["of which the search (enterprise_search)"] = search_only
    store.close()
    return out


def section(machine: str) -> str:
    db = BENCH / "data" / "queries_1000000.duckdb"
    print(f"building {db} …", flush=True)
    build(db, 1_000_000)
    load = os.getloadavg()[0]
    res = run(db)
    med = {k: statistics.median(v) for k, v in res.items()}
    ours = med["search + open (our queries)"]
    lines = ["## 一企一档 (search and open one enterprise)", "",
             f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {machine}; load average {load:.1f} at the start "
             "(a shared machine: compare the ratios, measured in the same rounds).", "",
             "`python bench/run.py enterprise`: 1M hazards and 50,000 registered units (bench/common.py build()); "
             f"search for “{SEARCH}” (five enterprises match), then open one: enterprise_search and the four enterprise_* queries of "
             f"the page. {ROUNDS} paired rounds (A B C …), ms, median (min–max). The page's Streamlit time is not "
             "included.", "",
             "| what | ms | ours against it |", "|---|---:|---|"]
    for k, v in res.items():
        ratio = "—" if k.startswith("search + open") or k.startswith("of which") else f"{ours / med[k]:.1f}x"
        lines.append(f"| {k} | {med[k]:.1f} ({min(v):.1f}–{max(v):.1f}) | {ratio} |")
    verdict = "met" if ours < 200 else "NOT met"
    lines += ["", f"Target (issue 15): search and open < 200 ms at 50,000 units and 1M hazards: {verdict} "
              f"(median {ours:.0f} ms)."]
    return "\n".join(lines)
