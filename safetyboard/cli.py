"""python -m safetyboard: import, stats, demo, templates (the contract of issue 2)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from .config import SAMPLE_DIR, default_db_path
from .ledgers.spec import LEDGER_TYPES
from .store import Store, StoreLocked


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期「{text}」格式应为YYYY-MM-DD") from None


def _open(db: str | None) -> Store:
    return Store(Path(db) if db else default_db_path())


def cmd_import(args) -> int:
    from .ledgers.errors_report import write_error_report
    from .ledgers.importer import import_file

    store = _open(args.db)
    results, failed = [], False
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            from .ledgers.importer import SheetResult
            res = [SheetResult(path.name, None, None, "failed", error=f"文件「{name}」不存在或不是文件。")]
        else:
            res = import_file(store, path, forced_type=args.type, user="cli")
        failed |= any(r.status == "failed" for r in res)
        results.extend(res)
        if args.errors_dir:
            report = write_error_report(res, Path(args.errors_dir))
            if report and not args.json:
                print(f"  错误报告：{report}")
        if not args.json:
            for r in res:
                print(_describe(r))
    if args.json:
        json.dump([r.to_json() for r in results], sys.stdout, ensure_ascii=False, indent=1)
        print()
    return 1 if failed else 0


def _describe(r) -> str:
    where = f"{r.file}" + (f" / {r.sheet}" if r.sheet else "")
    if r.status == "failed":
        return f"✗ {where}：{r.error}"
    if r.status in ("already_imported", "skipped"):
        return f"- {where}：{r.message}"
    label = LEDGER_TYPES[r.ledger_type].label
    line = (f"✓ {where}（{label}）：共{r.rows}行，接收{r.accepted}，拒收{r.rejected}，跳过{r.skipped}，替换{r.replaced}"
            + (f"，提示{r.warnings}条" if r.warnings else ""))
    if r.dropped_columns:
        line += f"\n    为保护举报人未导入的列：{'、'.join(r.dropped_columns)}"
    for rej in r.rejected_rows[:20]:
        line += f"\n    第{rej['row_number']}行：{rej['reasons']}"
    if len(r.rejected_rows) > 20:
        line += f"\n    ……另有{len(r.rejected_rows) - 20}行被拒收，详见错误报告（--errors-dir）"
    return line


def cmd_stats(args) -> int:
    from .metrics import default_filters, stats

    store = _open(args.db)
    filters = default_filters(store, args.since, args.as_of)
    doc = stats(store, filters)
    if args.json:
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1, default=str)
        print()
    else:
        h = doc["hazards"]
        rate = "—" if h["rectification_rate"] is None else f"{h['rectification_rate']:.1%}"
        print(f"统计区间 {doc['since']} 至 {doc['as_of']}")
        print(f"隐患 {h['total']} 处（重大 {h['major']}），已整改 {h['rectified']}，整改率 {rate}，逾期未整改 {h['overdue']}，挂牌督办 {h['listed']}")
        e = doc["enforcement"]
        print(f"执法案件 {e['cases']} 起，罚款 {e['fines_yuan']:,.2f} 元")
        for g in doc["supervision"]:
            cov = "—" if g["coverage"] is None else f"{g['coverage']:.1%}"
            print(f"{g['group']}：分工对象 {g['assigned']}，回头看已覆盖 {g['covered']}（{cov}）")
        s = doc["submissions"]
        print(f"自查报告应报 {s['expected']}，按时 {s['on_time']}，迟报 {s['late']}，未报 {s['missing']}")
        t = doc["tips"]
        print(f"举报 {t['total']} 件，属实 {t['verified_true']}，不属实 {t['verified_false']}，奖励 {t['rewards_yuan']:,.2f} 元")
    return 0


def cmd_demo(args) -> int:
    from .demo_db import build_demo_database

    db = Path(args.db) if args.db else default_db_path()
    results = build_demo_database(db, Path(args.sample_dir), regenerate=args.regenerate, replace=args.replace)
    for r in results:
        print(_describe(r))
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_templates(args) -> int:
    from .templates import write_templates

    for path in write_templates(Path(args.dir)):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m safetyboard", description="湛河区安全生产大检查数据看板：命令行工具")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("import", help="导入台账文件（xlsx/xls/csv）")
    p.add_argument("--db", help="数据库文件（默认 data/safetyboard.duckdb 或 SAFETYBOARD_DB）")
    p.add_argument("--type", choices=list(LEDGER_TYPES), help="指定台账类型（默认按表头自动识别）")
    p.add_argument("--json", action="store_true", help="以JSON输出每个工作表的导入结果")
    p.add_argument("--errors-dir", help="把拒收行写成错误报告（.xlsx）放到此目录，便于退回填报单位")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("stats", help="按DOMAIN.md口径输出统计指标")
    p.add_argument("--db")
    p.add_argument("--since", type=_date, help="统计起始日（默认活动开始日）")
    p.add_argument("--as-of", dest="as_of", type=_date, help="统计截止日（默认数据中的最新日期）")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("demo", help="用 data/sample 中的示例台账建立演示数据库")
    p.add_argument("--db")
    p.add_argument("--sample-dir", default=str(SAMPLE_DIR))
    p.add_argument("--regenerate", action="store_true", help="先重新生成示例台账")
    p.add_argument("--replace", action="store_true", help="删除已有数据库后重建")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("templates", help="生成各类台账的空白模板（.xlsx）")
    p.add_argument("dir")
    p.set_defaults(func=cmd_templates)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except StoreLocked as exc:
        print(str(exc), file=sys.stderr)
        return 2
