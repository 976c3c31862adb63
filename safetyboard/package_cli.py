"""`python -m safetyboard package export|import|undo|list`: district packages for the city roll-up."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .package import PackageError


def _open(db):
    from .store import Store
    from .config import default_db_path
    return Store(Path(db) if db else default_db_path())


def cmd_export(args) -> int:
    from .package import export_package
    store = _open(args.db)
    try:
        manifest = export_package(store, Path(args.out), as_of=args.as_of, user="cli")
    except PackageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        store.close()
    rows = sum(p["rows"] for p in manifest["parts"].values())
    print(f"已导出{manifest['district']['name']}数据包「{args.out}」：{rows} 行，数据截至 {manifest['as_of']}"
          f"{'，已签名' if manifest['signed'] else '（未签名：未配置共享密钥）'}")
    return 0


def import_messages(store, files: list[str], user: str) -> list[tuple[bool, str]]:
    """Import packages one by one: (accepted, the Chinese line saying what happened) per file. Used here and by the
    dashboard's control worker when the dashboard holds the database."""
    from .package import import_package
    out = []
    for f in files:
        try:
            r = import_package(store, Path(f), user=user)
        except PackageError as exc:
            out.append((False, str(exc)))
            continue
        replaced = f"，替换了此前的数据包 #{r.replaced}" if r.replaced else ""
        out.append((True, f"已导入{r.district_name}（{r.district_code}）数据包 #{r.package_id}：{r.rows} 行，"
                          f"数据截至 {r.as_of}{replaced}"))
    return out


def cmd_import(args) -> int:
    from .store import StoreLocked
    try:
        store = _open(args.db)
    except StoreLocked:
        results = _through_dashboard(args)
    else:
        try:
            results = import_messages(store, args.files, "cli")
        finally:
            store.close()
    for accepted, message in results:
        print(message, file=sys.stdout if accepted else sys.stderr)
    return 0 if all(accepted for accepted, _ in results) else 1


def _through_dashboard(args) -> list[tuple[bool, str]]:
    """The dashboard holds the city database: its control worker imports the packages (as for ledgers)."""
    from .config import default_db_path
    from .control import ControlTimeout, dashboard_alive, request
    from .store import StoreLocked
    db = Path(args.db) if args.db else default_db_path()
    if not dashboard_alive(db):
        raise StoreLocked(f"数据库文件「{db}」正被另一个程序使用，且该程序没有响应导入请求。"
                          "请在仪表盘的「数据导入」页面上传数据包，或先停止该程序再运行此命令。")
    print("数据库正被仪表盘使用，已交由仪表盘进程导入……")
    try:
        answer = request(db, "package_import", {"files": [str(Path(f).resolve()) for f in args.files], "user": "cli"})
    except ControlTimeout as exc:
        return [(False, str(exc))]
    if not answer["ok"]:
        return [(False, f"导入失败：{answer['error']}")]
    return [(bool(a), str(m)) for a, m in answer["result"]]


def cmd_undo(args) -> int:
    from .package import undo_package
    store = _open(args.db)
    try:
        undone = undo_package(store, args.district, user="cli")
    except PackageError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        store.close()
    print(f"已撤销{undone['district_name']}数据包 #{undone['package_id']}（「{undone['file_name']}」）")
    return 0


def cmd_list(args) -> int:
    from .package import packages
    store = _open(args.db)
    try:
        for p in packages(store):
            state = "当前" if p["active"] else ("已撤销" if p["undone_at"] else f"已被 #{p['superseded_by']} 替换")
            print(f"#{p['package_id']} {p['district_name']}（{p['district_code']}） 数据截至 {p['as_of']} "
                  f"导出于 {p['exported_at']:%Y-%m-%d %H:%M} {state}")
    finally:
        store.close()
    return 0


def register(sub) -> None:
    p = sub.add_parser("package", help="区县数据包：区县导出，市级导入")
    ps = p.add_subparsers(dest="package_command", required=True)
    e = ps.add_parser("export", help="导出本区县的数据包（zip：各表 Parquet + manifest.json）")
    e.add_argument("--db")
    e.add_argument("-o", "--out", required=True, metavar="FILE")
    e.add_argument("--as-of", dest="as_of", type=dt.date.fromisoformat, help="数据截至日（默认数据中的最新日期）")
    e.set_defaults(func=cmd_export)
    i = ps.add_parser("import", help="市级实例：导入区县数据包（校验后整体替换该区县此前的数据包）")
    i.add_argument("--db")
    i.add_argument("files", nargs="+", metavar="FILE")
    i.set_defaults(func=cmd_import)
    u = ps.add_parser("undo", help="市级实例：撤销某区县最近导入的数据包，恢复此前的数据包")
    u.add_argument("--db")
    u.add_argument("district", help="6位区县代码，如 410402")
    u.set_defaults(func=cmd_undo)
    ls = ps.add_parser("list", help="市级实例：列出已导入的数据包")
    ls.add_argument("--db")
    ls.set_defaults(func=cmd_list)
