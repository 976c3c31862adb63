"""The demo ledger generator: deterministic, realistic counts, valid credit codes, known bad rows; its loop ledgers
import with exactly the expected rows, reject their two bad rows for the stated reasons and agree with the demo's
hazards and visits; its register holds the demo enterprises plus units no ledger names, so the demo shows
never-inspected units, and its accidents cover 2021 and 2022, each year with a 瞒报谎报."""
from __future__ import annotations

import csv
import re
import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from safetyboard import demo
from safetyboard.ledgers.importer import import_file
from safetyboard.ledgers.merges import fill
from safetyboard.ledgers.reader import read_file
from safetyboard.metrics import Filters, stats
from safetyboard.store import Store


def read_cells(path: Path) -> dict[str, list[list[str | None]]]:
    """Every sheet of a ledger as rows of text cells (the CSV file is one sheet named by its stem)."""
    if path.suffix == ".csv":
        with open(path, encoding="gbk", newline="") as f:
            return {path.stem: [[c or None for c in row] for row in csv.reader(f)]}
    # Merged cells read as their value in every cell they cover (the 马庄街道 ledger merges its
    # 所属乡(街道), 单位名称 and 信用代码 columns), as the importer reads them.
    out = {}
    for sheet in read_file(path):
        table, _ = fill(sheet.table, sheet.merges, 0)
        cols = [table.column(i).to_pylist() for i in range(table.num_columns)]
        out[sheet.name] = [list(r) for r in zip(*cols)]
    return out


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("sample")
    demo.generate_sample_ledgers(d)
    return d


@pytest.fixture(scope="module")
def cells(out_dir) -> dict[str, dict[str, list[list[str | None]]]]:
    return {p.name: read_cells(p) for p in sorted(out_dir.iterdir())}


def test_deterministic(out_dir, cells, tmp_path):
    paths = demo.generate_sample_ledgers(tmp_path)
    assert sorted(p.name for p in paths) == sorted(cells)
    for p in paths:
        assert read_cells(p) == cells[p.name], p.name
        assert p.read_bytes() == (out_dir / p.name).read_bytes(), p.name   # no wall-clock metadata


def test_total_size_under_4mb(out_dir):
    assert sum(p.stat().st_size for p in out_dir.iterdir()) < 4_000_000


def test_counts_in_ranges():
    c = demo.expected_counts()
    assert 5500 <= c["hazards"] <= 6500
    assert 0.02 <= c["hazards_major"] / c["hazards"] <= 0.045
    assert c["enterprises"] == 2000
    assert 350 <= c["enforcement"] <= 450
    assert 250 <= c["tips"] <= 350
    assert 100 <= c["supervision"] <= 200
    assert c["assignments"] == 29                                # 10 乡/街道 + 19 departments
    assert 120 <= c["monthly_reports"] <= 19 * 8
    assert 75 <= c["submissions"] < 29 * 3                      # a few missing
    by_file = demo.expected_file_counts()
    assert sum(by_file.values()) == sum(v for k, v in c.items() if k not in ("hazards_major", "enterprises"))


def test_files_and_sheets(cells):
    hazard_files = [n for n in cells if "隐患排查整治台账" in n]
    assert len(hazard_files) == 11                               # 10 乡/街道 + 住建局
    assert sum(n.endswith(".csv") for n in cells) == 1
    monthly = cells[demo.F_MONTHLY]
    assert list(monthly) == ["说明"] + [f"{m}月" for m in range(4, 12)]
    for (file, sheet), n in demo.expected_file_counts().items():
        assert sheet in cells[file], (file, sheet)
        assert len(cells[file][sheet]) > n                      # header, data, notes


def test_csv_is_gbk(out_dir):
    raw = (out_dir / demo.F_HZ_CSV).read_bytes()
    raw.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_hazard_ids_absent_in_two_files(cells):
    without = [n for n in cells if "隐患排查整治台账" in n
               if not any("隐患编号" in (c or "") for row in next(iter(cells[n].values()))[:6] for c in row)]
    assert len(without) == 2


def test_credit_codes_valid(cells):
    codes, blanks = [], 0
    for sheets in cells.values():
        for rows in sheets.values():
            for i, row in enumerate(rows[:8]):
                if "统一社会信用代码" in row:
                    j = row.index("统一社会信用代码")
                    data = [r[j] for r in rows[i + 1:] if r[0] and r[0].isdigit() and r[1] != "2"]   # not 1,2,3…
                    codes += [c for c in data if c]
                    blanks += sum(1 for c in data if not c)
                    break
    assert len(codes) > 6000
    bad = [c for c in codes if not demo.uscc_valid(c.strip())]
    assert not bad, bad[:5]
    assert 0 < blanks < 0.03 * (len(codes) + blanks)
    # independent check against the project's parser when present
    rules = pytest.importorskip("safetyboard.rules")
    for c in codes[:500]:
        assert rules.parse_credit_code(c) == c


def test_uscc_check_digit():
    first17 = "91410411MA44N4GK2"
    total = sum(demo.USCC_CHARS.index(ch) * w for ch, w in zip(first17, demo.USCC_WEIGHTS))
    assert demo.uscc_check(first17) == demo.USCC_CHARS[(31 - total % 31) % 31]
    assert all(demo.uscc_valid(e.code) for e in demo.build_truth()[0].enterprises if e.code)


def test_tips_carry_synthetic_reporter_columns(cells):
    rows = cells[demo.F_TIPS]["受理台账"]
    header = next(i for i, r in enumerate(rows) if "联系电话" in r)   # lower row of the two-row header
    assert "举报人信息" in rows[header - 1]
    j_name, j_phone = rows[header].index("举报人"), rows[header].index("联系电话")
    data = [r for r in rows[header + 1:] if r[0] and r[0].isdigit()]
    phones = {r[j_phone] for r in data if r[j_phone]}
    names = {r[j_name] for r in data}
    assert phones and all(re.fullmatch(r"1\d\d\*{4}0000", p) for p in phones)
    assert all(n == "匿名" or re.search("某|先生|女士", n) for n in names)


def test_known_bad_rows_are_where_listed(cells):
    assert 10 <= len(demo.KNOWN_BAD_ROWS) <= 20
    assert len({(b.file, b.sheet, b.row) for b in demo.KNOWN_BAD_ROWS}) == len(demo.KNOWN_BAD_ROWS)
    for b in demo.KNOWN_BAD_ROWS:
        row = cells[b.file][b.sheet][b.row - 1]
        filled = [c for c in row if c]
        assert len(filled) >= 5, b                               # a data row, not a blank one
        value = demo.BAD_VALUES[(b.file, b.sheet, b.row)]
        if value:
            assert value in [c.strip() for c in filled], b


def test_recheck_coverage_differs_by_group():
    truth, _ = demo.build_truth()
    coverage = {}
    for g, (units, depts) in demo.ASSIGNMENT.items():
        hit = {v["target"] for v in truth.visits if v["group"] == g and v["type"] == "回头看"
               and demo.RECHECK_START <= v["date"] <= demo.RECHECK_END}
        coverage[g] = len(set(units + depts) & hit) / len(units + depts)
    assert coverage[1] == 1.0 and min(coverage.values()) < 0.7
    assert len(set(coverage.values())) >= 4


def test_hazard_truth_is_plausible():
    truth, _ = demo.build_truth()
    hz = truth.hazards
    assert {h["found"].month for h in hz} == set(range(4, 12))
    assert max(h["found"] for h in hz) <= demo.AS_OF
    status = Counter(h["status"] for h in hz)
    assert status["已整改"] + status["已销号"] > 0.85 * len(hz) and status["整改中"] and status["未整改"]
    overdue = [h for h in hz if h["status"] in ("整改中", "未整改") and (h["ext"] or h["deadline"] or demo.AS_OF) < demo.AS_OF]
    assert 50 <= len(overdue) <= 0.08 * len(hz)
    major = [h for h in hz if h["level"] == "重大"]
    five = [h for h in major if all(h[k] not in (None, "") for k in ("person", "measures", "funds", "deadline", "plan"))]
    assert 0.8 * len(major) <= len(five) < len(major)
    listed = Counter(h["supervise"] for h in hz if h["supervise"])
    assert listed["省级"] == 2 and listed["区级"] and listed["市级"]
    assert sum(1 for h in major if h["supervise"]) > 0.8 * sum(listed.values())


def test_a_title_only_and_a_merged_cell_ledger(out_dir, tmp_path):
    from safetyboard.ledgers.importer import import_file
    from safetyboard.store import Store

    (caozhen,) = read_file(out_dir / demo.F_HZ.format("曹镇乡"))
    header = list(caozhen.table.slice(2, 1).to_pylist()[0].values())    # under the title and the 填报单位 line
    assert "隐患描述" in header and not any("乡" in (c or "") or "街道" in (c or "") for c in header)
    (mazhuang,) = read_file(out_dir / demo.F_HZ.format("马庄街道"))
    assert len(mazhuang.merges) > 100
    store = Store(tmp_path / "demo.duckdb")
    try:
        (title_only,) = import_file(store, out_dir / demo.F_HZ.format("曹镇乡"))
        (merged,) = import_file(store, out_dir / demo.F_HZ.format("马庄街道"))
    finally:
        store.close()
    assert title_only.context == {"unit": {"value": "曹镇乡", "source": "title"}}
    assert merged.filled["merged"] > 1000
    # Each still rejects exactly its one listed bad row (demo._BAD).
    assert (title_only.rejected, merged.rejected) == (1, 1)


# ---------------------------------------------------------------- the demo's loop ledgers

@pytest.fixture(scope="module")
def loop_demo_store(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_loop")
    demo.generate_sample_ledgers(out)
    store = Store(out / "demo.duckdb")
    results = {}
    for name in (demo.F_HZ.format(u) for u in demo.UNIT_NAMES if u != "河滨街道"):
        import_file(store, out / name)
    for name in (demo.F_HZ_CSV, demo.F_HZ_DEPT, demo.F_VISIT, demo.F_RECHECK, demo.F_ASSIGN, demo.F_PROBLEMS,
                 demo.F_LISTINGS, demo.F_ACCOUNTABILITY):
        results[name] = import_file(store, out / name)
    yield store, results
    store.close()


def test_loop_ledgers_import_as_expected(loop_demo_store):
    store, results = loop_demo_store
    expected = demo.expected_counts()
    for name, key in ((demo.F_PROBLEMS, "problems"), (demo.F_LISTINGS, "listings"),
                      (demo.F_ACCOUNTABILITY, "accountability")):
        (r,) = results[name]
        assert (r.ledger_type, r.accepted, r.unmapped_columns) == (key, expected[key], []), name
    (p,) = results[demo.F_PROBLEMS]
    assert [x["reasons"] for x in p.rejected_rows] == ["复查日期（2022-05-02）早于交办日期（2022-05-10）"]
    (li,) = results[demo.F_LISTINGS]
    assert [x["reasons"] for x in li.rejected_rows] == ["摘牌日期（2022-05-01）早于挂牌日期（2022-05-20）"]


def test_loop_ledgers_agree_with_hazards_and_visits(loop_demo_store):
    store, _ = loop_demo_store
    # every register row finds its hazard, and the hazard is marked 挂牌督办 at the same level
    assert store.query("""SELECT count(*) AS n, count(h.record_key) AS linked,
                                 count(*) FILTER (WHERE h.listed = l.listing_level) AS same_level
                          FROM listings l LEFT JOIN listing_hazard_links k ON k.listing_key = l.record_key
                          LEFT JOIN hazards h ON h.record_key = k.hazard_key""").to_pylist() == [
        {"n": demo.expected_counts()["listings"], "linked": demo.expected_counts()["listings"],
         "same_level": demo.expected_counts()["listings"]}]
    # every problem was found on a visit of its group to its target that day
    assert store.scalar("""SELECT count(*) FROM problems p WHERE NOT EXISTS (
                               SELECT 1 FROM supervision v WHERE v."group" = p."group" AND v.target_key = p.target_key
                               AND v.visit_date = p.found_date)""") == 0
    # a 复查 is a 回头看 visit of the same group to the same target
    assert store.scalar("""SELECT count(*) FROM problems p WHERE p.recheck_date IS NOT NULL AND NOT EXISTS (
                               SELECT 1 FROM supervision v WHERE v."group" = p."group" AND v.target_key = p.target_key
                               AND v.visit_type = '回头看' AND v.visit_date = p.recheck_date)""") == 0


# ---------------------------------------------------------------- the demo's register and accident ledger

@pytest.fixture(scope="module")
def register_demo_store(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("demo_register") / "demo.duckdb")
    results = {}
    for name in [demo.F_HZ.format(u) for u in demo.UNIT_NAMES if u != "河滨街道"] + [
            demo.F_HZ_CSV, demo.F_HZ_DEPT, demo.F_REGISTER, demo.F_ACCIDENTS]:
        results[name] = import_file(store, demo.DEFAULT_OUT / name)
    yield store, results
    store.close()


def test_register_and_accidents_import_as_expected(register_demo_store):
    _, results = register_demo_store
    expected = demo.expected_counts()
    for name, key in ((demo.F_REGISTER, "register"), (demo.F_ACCIDENTS, "accidents")):
        (r,) = results[name]
        assert (r.ledger_type, r.accepted, r.rejected, r.unmapped_columns) == (key, expected[key], 0, []), name
    assert expected["register"] == expected["enterprises"] + demo.N_NEVER_INSPECTED


def test_demo_coverage_and_accidents(register_demo_store):
    store, _ = register_demo_store
    doc = stats(store, Filters(dt.date(2022, 4, 1), dt.date(2022, 11, 30)))
    c = doc["coverage"]
    # the never-inspected units are never inspected; most demo enterprises have a hazard in the period
    assert c["registered"] == demo.expected_counts()["register"]
    assert c["registered"] - c["inspected"] >= demo.N_NEVER_INSPECTED and c["inspected"] > 1000
    a = doc["accidents"]
    assert a["count"] > 0 and a["concealed"] >= 1
    assert a["previous_year"]["count"] > 0 and a["previous_year"]["has_data"]


def test_register_coordinates_lie_inside_their_unit_on_the_map(register_demo_store):
    from safetyboard import maps
    store, _ = register_demo_store
    cells = maps.schematic_cells()
    area = dict(zip(cells["code"].astype(str), cells.geometry))
    rows = store.query("SELECT unit_code, lon, lat FROM register").to_pylist()
    placed = [r for r in rows if r["lon"] is not None]
    assert len(rows) - len(placed) == demo.N_WITHOUT_PLACE and all(r["lat"] is not None for r in placed)
    assert all(area[r["unit_code"]].contains(maps.Point(r["lon"], r["lat"])) for r in placed)
