"""Mutation check of the metric rules: does a small, plausible bug in a rule make a test fail?

    .venv/bin/python scripts/mutation_check.py [--only NAME ...] [--record docs/mutation-check.md]

Each mutant changes one snippet of a rules file (safetyboard/metric_rules/*.sql, and the one rule still kept in a
query file, 典型执法案例) or of the value rules (safetyboard/rules.py, the import checks, the stats contract) in a copy of the repository, runs the focused tests
for it there, and counts it killed when they fail. The score is killed / mutants. Not part of CI (a few minutes);
the last result goes in docs/mutation-check.md. Add a mutant with every rule added."""
from __future__ import annotations

import argparse
import datetime as dt
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COPIED = ("safetyboard", "queries", "tests", "data", "ui", "pages", "dashboard.py", "pytest.ini")

HAZARD_TESTS = ("tests/metric_rules/test_hazards.py", "tests/test_metrics.py", "tests/queries/test_hazards.py")
REPORT_TESTS = ("tests/queries", "tests/test_metrics.py", "tests/metric_rules/test_hazards.py",
                "tests/test_unit_scope.py")
VALUE_TESTS = ("tests/test_rules.py", "tests/metric_rules/test_hazards.py", "tests/ledgers/test_importer.py",
               "tests/ledgers/test_normalise.py")
HAZARDS, COMMON = "safetyboard/metric_rules/hazards.sql", "safetyboard/metric_rules/common.sql"
REPORTING, SUPERVISION = "safetyboard/metric_rules/reporting.sql", "safetyboard/metric_rules/supervision.sql"


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    before: str        # must occur exactly once in the file
    after: str
    tests: tuple[str, ...]


MUTANTS = [
    # ---------------------------------------------------------------- hazards.sql
    Mutant("已整改: done on A not counted", HAZARDS, "(rectified_date IS NULL OR rectified_date <= as_of));\n\n-- 口径 已销号",
           "(rectified_date IS NULL OR rectified_date < as_of));\n\n-- 口径 已销号", HAZARD_TESTS),
    Mutant("已整改: 已销号 not rectified", HAZARDS, "(status IN ('已整改', '已销号') AND", "(status IN ('已整改') AND", HAZARD_TESTS),
    Mutant("已整改: a missing done date not counted", HAZARDS,
           "(status IN ('已整改', '已销号') AND (rectified_date IS NULL OR rectified_date <= as_of))",
           "(status IN ('已整改', '已销号') AND (rectified_date <= as_of))", HAZARD_TESTS),
    Mutant("已销号 counts 已整改 too", HAZARDS, "(status = '已销号' AND", "(status IN ('已整改', '已销号') AND", HAZARD_TESTS),
    Mutant("延期至 always replaces 整改时限", HAZARDS, "CASE WHEN extended_to > deadline THEN extended_to ELSE deadline END",
           "coalesce(extended_to, deadline)", HAZARD_TESTS),
    Mutant("延期至 ignored", HAZARDS, "CASE WHEN extended_to > deadline THEN extended_to ELSE deadline END", "deadline",
           HAZARD_TESTS),
    Mutant("逾期: due on A counted overdue", HAZARDS, "effective_deadline(deadline, extended_to) < as_of, false)",
           "effective_deadline(deadline, extended_to) <= as_of, false)", HAZARD_TESTS),
    Mutant("临期: window 8 days", HAZARDS, "as_of + to_days(CAST(days AS INTEGER))", "as_of + to_days(CAST(days AS INTEGER) + 1)",
           HAZARD_TESTS),
    Mutant("临期: due on A not 临期", HAZARDS, "BETWEEN as_of AND as_of + to_days", "BETWEEN as_of + 1 AND as_of + to_days",
           HAZARD_TESTS),
    Mutant("未定整改时限 counts rectified ones", HAZARDS,
           "(NOT is_rectified(status, rectified_date, as_of) AND effective_deadline(deadline, extended_to) IS NULL)",
           "(effective_deadline(deadline, extended_to) IS NULL)", HAZARD_TESTS),
    Mutant("is_filled: '无' counts as filled", HAZARDS, "NOT IN ('', '无', '否',", "NOT IN ('', '否',", HAZARD_TESTS),
    Mutant("五落实 without 资金", HAZARDS, "AND is_filled(measures_taken) AND funds_yuan IS NOT NULL",
           "AND is_filled(measures_taken)", HAZARD_TESTS),
    Mutant("五落实 without 预案", HAZARDS, "AND deadline IS NOT NULL AND is_filled(emergency_plan));",
           "AND deadline IS NOT NULL);", HAZARD_TESTS),
    Mutant("五落实 without 责任人", HAZARDS, "(is_filled(responsible) AND is_filled(measures_taken) AND funds_yuan",
           "(is_filled(measures_taken) AND funds_yuan", HAZARD_TESTS),
    Mutant("五落实 without 时限", HAZARDS, "AND deadline IS NOT NULL AND is_filled(emergency_plan)",
           "AND is_filled(emergency_plan)", HAZARD_TESTS),
    Mutant("列入治理计划 = every 重大", HAZARDS, "(level = '重大' AND is_filled(measures_taken))", "(level = '重大')",
           HAZARD_TESTS),
    Mutant("挂牌督办: 省级 not counted", HAZARDS, "listed IN ('区级', '市级', '省级')", "listed IN ('区级', '市级')",
           HAZARD_TESTS),
    Mutant("flows: found before S counted", HAZARDS, "    WHERE found_date BETWEEN since AND as_of\n",
           "    WHERE found_date <= as_of\n", HAZARD_TESTS),
    Mutant("stocks: found after A counted", HAZARDS, "    WHERE found_date <= as_of AND NOT is_rectified",
           "    WHERE NOT is_rectified", HAZARD_TESTS),
    Mutant("stocks: the phase hides earlier hazards (old rule)", HAZARDS,
           "        FROM open_hazards(as_of, units, industries, departments)\n        GROUP BY 1)",
           "        FROM scoped_hazards(since, as_of, units, industries, departments)\n"
           "        WHERE NOT is_rectified(status, rectified_date, as_of)\n        GROUP BY 1)", HAZARD_TESTS),
    Mutant("statistics table: 已整改销号 counts 已整改", HAZARDS,
           "count(*) FILTER (WHERE is_closed(status, rectified_date, as_of)) AS major_rectified",
           "count(*) FILTER (WHERE is_rectified(status, rectified_date, as_of)) AS major_rectified", HAZARD_TESTS),
    Mutant("statistics table: 时限 column 100 % by construction", HAZARDS,
           "AND effective_deadline(deadline, extended_to) IS NOT NULL) AS planned_time", ") AS planned_time", HAZARD_TESTS),
    Mutant("statistics table: 挂牌督办 column counts every level", HAZARDS,
           "        FROM scoped_hazards(since, as_of, units, industries, departments)\n        WHERE level = '重大'\n",
           "        FROM scoped_hazards(since, as_of, units, industries, departments)\n        WHERE level IN ('重大', '一般')\n",
           HAZARD_TESTS),
    # ---------------------------------------------------------------- common.sql
    Mutant("rates rounded in SQL (twice with the display)", COMMON, "ELSE part / whole END", "ELSE round(part / whole, 3) END",
           HAZARD_TESTS + REPORT_TESTS),
    Mutant("empty rate shown as 0", COMMON, "CASE WHEN whole IS NULL OR whole = 0 THEN NULL", "CASE WHEN whole IS NULL OR whole = 0 THEN 0",
           HAZARD_TESTS),
    Mutant("an org filter keeps departments", COMMON, "coalesce(in_filter(unit_codes, unit_code_of(org_name)), false)",
           "coalesce(in_filter(unit_codes, unit_code_of(org_name)), true)", REPORT_TESTS),
    Mutant("enterprise identity: name before credit code", COMMON, "AS coalesce(credit_code, enterprise_key);",
           "AS coalesce(enterprise_key, credit_code);", VALUE_TESTS + HAZARD_TESTS),
    # ---------------------------------------------------------------- reporting.sql, supervision.sql
    Mutant("月报: a report due on A not expected", REPORTING, "    WHERE u.due <= as_of;", "    WHERE u.due < as_of;", REPORT_TESTS),
    Mutant("月报: sent on the due day is late", REPORTING, "WHEN r.submitted_date <= u.due THEN 'on_time'",
           "WHEN r.submitted_date < u.due THEN 'on_time'", REPORT_TESTS),
    Mutant("自查报告: sent on the due day is late", REPORTING, "AND s.submitted_date <= n.due THEN 'on_time'",
           "AND s.submitted_date < n.due THEN 'on_time'", REPORT_TESTS),
    Mutant("总结 counted as a 自查报告 node", REPORTING,
           "coalesce(CAST(n.no AS VARCHAR) = (SELECT value FROM campaign WHERE key = 'summary_node'), false)",
           "false", REPORT_TESTS),
    Mutant("回头看: a 督导检查 visit counts", SUPERVISION, "WHERE visit_type = '回头看' AND visit_date", "WHERE visit_date",
           REPORT_TESTS),
    Mutant("回头看: a visit after A counts", SUPERVISION, " AND visit_date <= as_of\n", "\n", REPORT_TESTS),
    Mutant("月报 expected for every campaign month", REPORTING,
           "FROM campaign WHERE key = 'monthly_report_months' AND value <> ''),",
           "FROM campaign WHERE key = 'monthly_report_months' AND value <> ''\n"
           "        UNION SELECT DATE '2022-04-01' UNION SELECT DATE '2022-05-01'),", REPORT_TESTS),
    Mutant("典型案例: every department, not the 负有安全监管职责 list", "queries/typical_cases_by_quarter.sql",
           "    WHERE supervising AND (len($units) = 0", "    WHERE (len($units) = 0", REPORT_TESTS),
    Mutant("典型案例: only departments that have cases (old rule)", "queries/typical_cases_by_quarter.sql",
           "    WHERE supervising AND (len($units) = 0 OR name IN (SELECT department FROM named))",
           "    WHERE supervising AND name IN (SELECT department FROM named)", REPORT_TESTS),
    # ---------------------------------------------------------------- value rules (Python)
    Mutant("status spelling 整改完毕 dropped", "safetyboard/rules.py", ', "已整改完成", "整改完毕"),', ', "已整改完成"),',
           VALUE_TESTS),
    Mutant("status spelling 已完成 means 整改中", "safetyboard/rules.py", '"已整改": ("已完成", "完成",',
           '"已整改": ("完成",', VALUE_TESTS),
    Mutant("挂牌 spelling 区 dropped", "safetyboard/rules.py", '"区级挂牌督办", "区挂牌", "区"),', '"区级挂牌督办", "区挂牌"),',
           VALUE_TESTS),
    Mutant("measure spelling 停产整顿 dropped", "safetyboard/rules.py", '"停产停业整顿": ("停产整顿", "停业整顿",',
           '"停产停业整顿": ("停业整顿",', VALUE_TESTS + REPORT_TESTS),
    Mutant("import: an extension on the deadline day not warned", "safetyboard/ledgers/row_checks.py",
           "pc.invert(pc.fill_null(pc.greater(value, limit), False))",
           "pc.invert(pc.fill_null(pc.greater_equal(value, limit), False))", VALUE_TESTS),
    Mutant("stats --json: rates to 3 places", "safetyboard/metrics.py", "RATE_PLACES = 4 ", "RATE_PLACES = 3 ",
           ("tests/test_metrics.py",)),
]


def copy_repo(dest: Path) -> None:
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif src.exists():
            shutil.copy2(src, dest / name)


def run_mutant(m: Mutant, python: str) -> tuple[str, float]:
    """'killed', 'survived' or 'stale' (the snippet is not in the file once: the mutant needs updating)."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        root = Path(tmp)
        copy_repo(root)
        path = root / m.file
        text = path.read_text(encoding="utf-8")
        if text.count(m.before) != 1:
            return "stale", 0.0
        path.write_text(text.replace(m.before, m.after), encoding="utf-8")
        start = time.perf_counter()
        done = subprocess.run([python, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *m.tests],
                              cwd=root, capture_output=True, text=True)
        return ("killed" if done.returncode != 0 else "survived"), time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="run the mutants whose name contains one of these")
    ap.add_argument("--record", type=Path, help="write the result table to this Markdown file")
    args = ap.parse_args()
    python = str(REPO / ".venv" / "bin" / "python") if (REPO / ".venv" / "bin" / "python").exists() else sys.executable
    chosen = [m for m in MUTANTS if not args.only or any(o in m.name for o in args.only)]
    results = []
    for m in chosen:
        outcome, seconds = run_mutant(m, python)
        results.append((m, outcome, seconds))
        print(f"{outcome:9} {seconds:6.1f}s  {m.name}  ({m.file})", flush=True)
    killed = sum(o == "killed" for _, o, _ in results)
    stale = sum(o == "stale" for _, o, _ in results)
    counted = len(results) - stale
    score = killed / counted if counted else 0.0
    line = f"score: {killed}/{counted} killed = {score:.1%}" + (f"; {stale} stale (fix them)" if stale else "")
    print(line)
    if args.record:
        rows = "\n".join(f"| {m.name} | `{m.file}` | {o} |" for m, o, _ in results)
        args.record.write_text(
            "# Mutation check of the metric rules\n\n"
            "`.venv/bin/python scripts/mutation_check.py --record docs/mutation-check.md` (not in CI).\n"
            "Each mutant is one plausible bug in a rule, applied to a copy of the repository; the focused tests run\n"
            "for it and it counts as killed when they fail.\n\n"
            f"Last run: {dt.date.today().isoformat()}, {platform.node() or 'this machine'}, "
            f"Python {platform.python_version()}. **{line}**\n\n"
            "| mutant | file | outcome |\n|---|---|---|\n" + rows + "\n", encoding="utf-8")
    return 0 if stale == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
