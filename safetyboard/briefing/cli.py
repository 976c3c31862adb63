"""`python -m safetyboard briefing`: the Word 简报 from the command line, and its Excel 附表 next to it
(FILE.xlsx: the full lists the body cuts).

    python -m safetyboard briefing [--db PATH] [--group 第三督导组 | --unit 曹镇乡 | --county 新华区]
                                   [--since DATE] [--as-of DATE] [--issue-no N] -o FILE.docx

A city instance briefs the whole city (no --county) or one county (--county, its district briefing).

Arguments are checked here (not by argparse types) so that every mistake gets a Chinese message;
bad arguments exit with 2, a database that cannot be opened too (as in the other commands)."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..config import default_db_path

USAGE_EXIT = 2


class _ArgumentProblem(Exception):
    pass


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser(
        "briefing", help="生成安全生产大检查工作简报（Word .docx）：全区、一个督导组或一个乡/街道",
        description="按统计口径生成工作简报（.docx）。不指定 --group/--unit 时为全区简报。")
    p.add_argument("--db", help="数据库文件（默认 data/safetyboard.duckdb 或 SAFETYBOARD_DB）")
    p.add_argument("--group", help="督导组，如 第三督导组（也可写 三组、第3组）")
    p.add_argument("--unit", help="乡/街道，如 曹镇乡（也可写 曹镇、九里山办事处）")
    p.add_argument("--county", help="区县（仅市级实例），如 新华区 或 410402；不指定为全市简报")
    p.add_argument("--since", help="本期起始日 YYYY-MM-DD（默认统计截止日前6天，即上期为截止日前7天）")
    p.add_argument("--as-of", dest="as_of", help="统计截止日 YYYY-MM-DD（默认数据中的最新日期）")
    p.add_argument("--issue-no", dest="issue_no", help="期号（默认按活动开始以来的周次）")
    p.add_argument("-o", "--output", dest="output", help="输出文件（.docx）")
    p.set_defaults(func=cmd_briefing)
    return p


def _date(text: str | None, what: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _ArgumentProblem(f"{what}「{text}」不是有效日期，格式应为 YYYY-MM-DD（如 2022-10-31）。") from None


def _arguments(args) -> tuple[dt.date | None, dt.date | None, int | None, Path]:
    if args.group and args.unit:
        raise _ArgumentProblem("--group 和 --unit 只能指定一个（都不指定为全区简报）。")
    since = _date(args.since, "本期起始日 --since")
    as_of = _date(args.as_of, "统计截止日 --as-of")
    issue_no = None
    if args.issue_no is not None:
        text = str(args.issue_no).strip()
        if not text.isdigit() or int(text) < 1:
            raise _ArgumentProblem(f"期号 --issue-no「{args.issue_no}」应为正整数。")
        issue_no = int(text)
    if not args.output:
        raise _ArgumentProblem("请用 -o 指定输出文件，如 -o 简报.docx。")
    output = Path(args.output)
    if output.suffix.lower() != ".docx":
        raise _ArgumentProblem(f"输出文件「{output}」应以 .docx 结尾。")
    if not output.parent.exists():
        raise _ArgumentProblem(f"输出目录「{output.parent}」不存在。")
    return since, as_of, issue_no, output


def _briefing_through_dashboard(db: Path, args, since, as_of, issue_no, output: Path) -> int:
    """The dashboard holds the database: its control worker builds the briefing and writes the file."""
    from ..control import ControlTimeout, request

    payload = {"group": args.group, "unit": args.unit, "county": args.county, "as_of": as_of.isoformat() if as_of else None,
               "since": since.isoformat() if since else None, "issue_no": issue_no, "output": str(output.resolve())}
    try:
        answer = request(db, "briefing", payload, timeout=600)
    except ControlTimeout as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if not answer["ok"]:
        print(answer["error"], file=sys.stderr)
        return USAGE_EXIT
    r = answer["result"]
    print(_done(output, r["label"], r["issue_no"], r["as_of"], r["since"]))
    return 0


def _done(output: Path, label: str, issue_no: int, as_of, since) -> str:
    return (f"已生成简报：{output}（{label}，第{issue_no}期，统计截至{as_of}，本期 {since} 至 {as_of}）；"
            f"附表：{output.with_suffix('.xlsx')}")


def cmd_briefing(args) -> int:
    from ..auth import LOCAL_ADMIN
    from ..control import dashboard_alive
    from ..store import Store, StoreLocked
    from . import BriefingError, build_briefing

    try:
        since, as_of, issue_no, output = _arguments(args)
    except _ArgumentProblem as exc:
        print(str(exc), file=sys.stderr)
        return USAGE_EXIT
    db = Path(args.db) if args.db else default_db_path()
    if not db.is_file():
        print(f"数据库文件「{db}」不存在。请用 --db 指定数据库，或先导入台账（python -m safetyboard import）。",
              file=sys.stderr)
        return USAGE_EXIT
    try:
        store = Store(db)   # StoreError (unreadable) is reported by cli.main with exit 2
    except StoreLocked:
        if not dashboard_alive(db):
            raise   # no dashboard answers: who holds the file, as the store said
        return _briefing_through_dashboard(db, args, since, as_of, issue_no, output)
    try:
        result = build_briefing(store, LOCAL_ADMIN, group=args.group, unit=args.unit, county=args.county, as_of=as_of,
                                since=since, issue_no=issue_no)
    except BriefingError as exc:
        print(str(exc), file=sys.stderr)
        return USAGE_EXIT
    finally:
        store.close()
    try:
        result.write(output)
    except OSError as exc:
        print(f"无法写入「{output}」：{exc.strerror or exc}。", file=sys.stderr)
        return 1
    print(_done(output, result.scope.label, result.issue_no, result.period.as_of.isoformat(), result.period.since.isoformat()))
    return 0
