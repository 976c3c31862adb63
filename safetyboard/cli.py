"""python -m safetyboard: import, stats, demo, templates (the contract of issue 2)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from . import district
from .config import SAMPLE_DIR, default_db_path
from .ledgers.spec import LEDGER_TYPES
from .store import Store, StoreError, StoreLocked


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

    try:
        store = _open(args.db)
    except StoreLocked:
        return _import_through_dashboard(args)
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


def _import_through_dashboard(args) -> int:
    """The dashboard holds the database: hand the files to its control worker, or say what to do."""
    from types import SimpleNamespace

    from .control import ControlTimeout, dashboard_alive, request

    db = Path(args.db) if args.db else default_db_path()
    if not dashboard_alive(db):
        raise StoreLocked(f"数据库文件「{db}」正被另一个程序使用，且该程序没有响应导入请求。"
                          "请在仪表盘的「数据导入」页面上传台账，或先停止该程序再运行此命令。")
    files = [str(Path(f).resolve()) for f in args.files]
    missing = [f for f in files if not Path(f).is_file()]
    if missing:
        print(f"文件「{missing[0]}」不存在或不是文件。", file=sys.stderr)
        return 1
    if not args.json:
        print("数据库正被仪表盘使用，已交由仪表盘进程导入……")
    try:
        answer = request(db, "import", {"files": files, "type": args.type, "user": "cli"})
    except ControlTimeout as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if not answer["ok"]:
        print(f"导入失败：{answer['error']}", file=sys.stderr)
        return 1
    results = answer["result"]
    if args.json:
        json.dump([{k: v for k, v in r.items() if k != "rejected_rows"} for r in results], sys.stdout,
                  ensure_ascii=False, indent=1)
        print()
    else:
        for r in results:
            print(_describe(SimpleNamespace(**r)))
    if args.errors_dir:
        from .ledgers.errors_report import write_error_report
        for name in {r["file"] for r in results}:
            write_error_report([SimpleNamespace(**r) for r in results if r["file"] == name], Path(args.errors_dir))
    return 1 if any(r["status"] == "failed" for r in results) else 0


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


def _county_code(text: str | None) -> str | None:
    """--county 新华区 or 410402: only in a city instance (a district instance counts its own data)."""
    from . import district
    from .auth import resolve_county
    if not text:
        return None
    here = district.current()
    if not here.is_city:
        raise SystemExit(f"--county 只用于市级实例；本实例是{here.name}。")
    found = resolve_county(text)
    if found is None:
        raise SystemExit(f"「{text}」不是{here.name}的区县，应为：{'、'.join(c.name for c in district.counties())}。")
    return found.code


def cmd_stats(args) -> int:
    from .metrics import default_filters, stats

    args.county = _county_code(args.county)
    try:
        store = _open(args.db)
    except StoreLocked as locked:
        doc = _stats_through_dashboard(args, locked)   # the dashboard holds the database: its worker counts
    else:
        try:
            doc = stats(store, default_filters(store, args.since, args.as_of, args.county))
        finally:
            store.close()
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
        pr, li, ac = doc["problems"], doc["listing"], doc["accountability"]
        print(f"督导发现问题 {pr['found']} 个，截至统计截止日已整改 {pr['rectified']}，未整改 {pr['open']}（逾期 {pr['overdue']}），"
              f"复查未通过 {pr['recheck_failed']}，已销号 {pr['closed']}")
        print(f"挂牌督办 {li['listed']} 处，已摘牌 {li['delisted']}，挂牌未摘牌 {li['open']}（超期 {li['overdue']}）")
        print(f"约谈/通报/问责 {ac['total']} 次：" + "，".join(f"{k} {n}" for k, n in ac["by_type"].items()))
    return 0


def _stats_through_dashboard(args, locked: StoreLocked) -> dict:
    from .control import ControlTimeout, dashboard_alive, request

    db = Path(args.db) if args.db else default_db_path()
    if not dashboard_alive(db):
        raise locked   # no dashboard answers: who holds the file, as the store said
    try:
        answer = request(db, "stats", {"since": args.since.isoformat() if args.since else None,
                                       "as_of": args.as_of.isoformat() if args.as_of else None,
                                       "county": args.county}, timeout=120)
    except ControlTimeout as exc:
        raise StoreLocked(str(exc)) from None
    if not answer["ok"]:
        raise StoreError(f"统计失败：{answer['error']}")
    return answer["result"]


def cmd_demo(args) -> int:
    from .demo_db import build_demo_database

    if args.city is not None:
        from .city_demo import build_city_demo
        from .config import DATA_DIR
        build_city_demo(Path(args.city) if args.city else DATA_DIR / "city-demo")
        return 0

    db = Path(args.db) if args.db else default_db_path()
    results = build_demo_database(db, Path(args.sample_dir), regenerate=args.regenerate, replace=args.replace)
    for r in results:
        print(_describe(r))
    return 1 if any(r.status == "failed" for r in results) else 0


def cmd_templates(args) -> int:
    from .ledgers.templates import write_templates

    for path in write_templates(Path(args.dir)):
        print(path)
    return 0


def cmd_backup(args) -> int:
    from .backup import BackupError, backup
    from .control import ControlTimeout, dashboard_alive, request

    db = Path(args.db) if args.db else default_db_path()
    try:
        try:
            store = Store(db)
        except StoreLocked:
            if not dashboard_alive(db):
                raise
            answer = request(db, "backup", {"dest": str(Path(args.dir).resolve())})
            if not answer["ok"]:
                raise BackupError(answer["error"])
            target = answer["result"]
        else:
            try:
                target = backup(store, Path(args.dir))
            finally:
                store.close()
    except (BackupError, ControlTimeout) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"已备份到 {target}")
    return 0


def cmd_restore(args) -> int:
    from .backup import BackupError, restore

    db = Path(args.db) if args.db else default_db_path()
    try:
        kept = restore(Path(args.backup), db)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"已从 {args.backup} 恢复到 {db}" + (f"；原数据库保留为 {kept}" if kept != db else ""))
    return 0


def cmd_health(args) -> int:
    from .control import STALE_SECONDS, health_of, read_heartbeat

    db = Path(args.db) if args.db else default_db_path()
    try:
        store = Store(db, read_only=True) if db.exists() else None
    except StoreLocked:
        beat = read_heartbeat(db)
        ok = bool(beat) and beat["age_seconds"] < STALE_SECONDS and beat.get("db_readable", False)
        doc = {"ok": ok, "source": "dashboard", **(beat or {"error": "仪表盘没有心跳"})}
    else:
        if store is None:
            doc = {"ok": False, "source": "file", "db_readable": False, "error": f"数据库文件「{db}」不存在"}
        else:
            doc = {"source": "file", **health_of(store)}
            doc["ok"] = doc["db_readable"]
            store.close()
    print(json.dumps(doc, ensure_ascii=False, default=str))
    return 0 if doc["ok"] else 1


def cmd_notices(args) -> int:
    """督办通知单 / 催报通知: one addressee into a file, or (--batch) every one with something to chase into a folder."""
    from .auth import LOCAL_ADMIN
    from .metrics import latest_data_date
    from .notices import NoticeError, build, resolve_addressee, write_batch

    store = _open(args.db)
    try:
        as_of = args.as_of or latest_data_date(store)
        if as_of is None:
            print("数据库中还没有台账数据，无法生成督办文书。", file=sys.stderr)
            return 1
        if args.batch:
            paths = write_batch(store, Path(args.out), as_of, LOCAL_ADMIN, args.issued)
            for path in paths:
                print(path)
            print(f"共生成{len(paths)}份文书（截至{as_of:%Y-%m-%d}）。")
            return 0
        if not args.to:
            print("请用 --to 指定乡/街道或部门，或用 --batch 为全部单位批量生成。", file=sys.stderr)
            return 2
        try:
            name, content = build(store, args.kind, resolve_addressee(args.to), as_of, LOCAL_ADMIN, args.issued)
        except NoticeError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        out = Path(args.out)
        path = out / name if out.is_dir() else out
        path.write_bytes(content)
        print(path)
        return 0
    finally:
        store.close()


def cmd_definitions(args) -> int:
    """The 口径 document from the rules files' `-- 口径` lines (docs/metrics.md is written this way)."""
    from .definitions import markdown
    text = markdown()
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(args.out)
    else:
        print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        name = district.current().name
    except district.DistrictConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="python -m safetyboard", description=f"{name}安全生产大检查数据看板：命令行工具")
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
    p.add_argument("--county", help="市级实例：只统计该区县（名称或6位代码），默认全市")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("demo", help="用 data/sample 中的示例台账建立演示数据库")
    p.add_argument("--db")
    p.add_argument("--sample-dir", default=str(SAMPLE_DIR))
    p.add_argument("--regenerate", action="store_true", help="先重新生成示例台账")
    p.add_argument("--replace", action="store_true", help="删除已有数据库后重建")
    p.add_argument("--city", metavar="DIR", nargs="?", const="",
                   help="改为建立市级演示：几个虚构区县的数据包和由它们汇总的市级数据库（默认目录 data/city-demo）")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("templates", help="生成各类台账的空白模板（.xlsx）")
    p.add_argument("dir")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("backup", help="备份数据库和原始台账存档（仪表盘运行时也可以）")
    p.add_argument("--db")
    p.add_argument("dir")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="从备份恢复（需先停止仪表盘）")
    p.add_argument("--db")
    p.add_argument("backup", help="backup 命令生成的备份目录")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("health", help="健康检查：数据库可读、最近导入时间（供监控系统调用，异常时退出码为1）")
    p.add_argument("--db")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("definitions", help="输出指标口径文档（Markdown，取自计算规则文件的口径注释）")
    p.add_argument("-o", "--out", help="写入文件（如 docs/metrics.md），默认输出到屏幕")
    p.set_defaults(func=cmd_definitions)

    p = sub.add_parser("notices", help="生成督办通知单、催报通知（Word .docx），可批量生成到文件夹")
    p.add_argument("--db")
    p.add_argument("--kind", choices=["督办", "催报"], default="督办", help="督办（督办通知单，默认）或催报（催报通知）")
    p.add_argument("--to", help="乡/街道或部门，如 曹镇乡、区住建局")
    p.add_argument("--batch", action="store_true", help="为每个有逾期事项或缺报材料的单位各生成一份，写入 --out 文件夹")
    p.add_argument("--as-of", dest="as_of", type=_date, help="统计截止日（默认数据中的最新日期）")
    p.add_argument("--issued", type=_date, help="发文日期（默认统计截止日）")
    p.add_argument("--out", required=True, help="输出文件（.docx）或文件夹")
    p.set_defaults(func=cmd_notices)

    from .auth_cli import register as register_users
    from .briefing.cli import register as register_briefing
    from .package_cli import register as register_packages
    register_users(sub)
    register_briefing(sub)
    register_packages(sub)

    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (StoreError, district.DistrictConfigError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
