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


def cmd_import(args) -> int:
    from .package import import_package
    store = _open(args.db)
    failed = 0
    try:
        for f in args.files:
            try:
                r = import_package(store, Path(f), user="cli")
            except PackageError as exc:
                print(str(exc), file=sys.stderr)
                failed += 1
                continue
            replaced = f"，替换了此前的数据包 #{r.replaced}" if r.replaced else ""
            print(f"已导入{r.district_name}（{r.district_code}）数据包 #{r.package_id}：{r.rows} 行，数据截至 {r.as_of}{replaced}")
    finally:
        store.close()
    return 1 if failed else 0


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
