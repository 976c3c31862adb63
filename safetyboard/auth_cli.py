"""python -m safetyboard users add|passwd|list|remove: the dashboard's user file (see auth.py)."""
from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path

from .auth import ROLES, AuthError, User, hash_password, load_users, role_label, save_users, users_path, validate_user


def _path(args) -> Path:
    return Path(args.users) if args.users else users_path()


def _read_password(args, prompt: str = "密码：") -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    first = getpass.getpass(prompt)
    second = getpass.getpass("再次输入密码：")
    if first != second:
        raise AuthError("两次输入的密码不一致，未做任何更改。")
    return first


def cmd_add(args) -> int:
    path = _path(args)
    users = dict(load_users(path))
    if args.name.strip() in users:
        raise AuthError(f"用户「{args.name.strip()}」已存在。修改密码请用 users passwd，先删除再添加可更改角色。")
    user = validate_user(User(args.name, args.role, "", args.display_name or "", args.group or "", args.unit or "",
                              args.email or "", args.county or ""))
    if user.email and any(u.email == user.email for u in users.values()):
        raise AuthError(f"邮箱「{user.email}」已被其他用户使用。")
    if args.no_password:
        if not user.email:
            raise AuthError("--no-password 只用于统一身份认证登录的用户，必须同时用 --email 指定其邮箱。")
    else:
        user = replace(user, password_hash=hash_password(_read_password(args)))
    users[user.name] = user
    save_users(users, path)
    where = user.group or user.unit or user.county
    print(f"已添加用户「{user.name}」（{role_label(user.role)}{'·' + where if where else ''}），"
          f"用户文件：{path}")
    return 0


def cmd_passwd(args) -> int:
    path = _path(args)
    users = dict(load_users(path))
    user = users.get(args.name.strip())
    if user is None:
        raise AuthError(f"用户「{args.name}」不存在（用户文件：{path}）。")
    users[user.name] = replace(user, password_hash=hash_password(_read_password(args, "新密码：")))
    save_users(users, path)
    print(f"已重置用户「{user.name}」的密码；该用户已登录的会话将失效。")
    return 0


def cmd_list(args) -> int:
    path = _path(args)
    users = load_users(path)
    if not users:
        print(f"用户文件「{path}」中没有用户：看板以演示模式运行（所有访问者均为管理员）。")
        return 0
    for name in sorted(users):
        u = users[name]
        scope = u.group or u.unit or u.county or ""
        print("\t".join([u.name, role_label(u.role), scope, u.display_name, u.email]))
    return 0


def cmd_remove(args) -> int:
    path = _path(args)
    users = dict(load_users(path))
    if users.pop(args.name.strip(), None) is None:
        raise AuthError(f"用户「{args.name}」不存在（用户文件：{path}）。")
    save_users(users, path)
    print(f"已删除用户「{args.name.strip()}」；该用户已登录的会话将失效。")
    return 0


def _run(func):
    def wrapped(args) -> int:
        try:
            return func(args)
        except AuthError as exc:
            print(str(exc), file=sys.stderr)
            return 1
        except (KeyboardInterrupt, EOFError):
            print("\n已取消，未做任何更改。", file=sys.stderr)
            return 1
    return wrapped


def register(subparsers) -> None:
    """Add the `users` subcommand to the CLI's subparsers."""
    users = subparsers.add_parser("users", help="管理看板用户（添加、重置密码、列出、删除）")
    users.add_argument("--users", help="用户文件（默认 data/users.toml 或 SAFETYBOARD_USERS）")
    sub = users.add_subparsers(dest="users_command", required=True)

    p = sub.add_parser("add", help="添加用户（密码从提示输入，或用 --password-stdin 从标准输入读取）")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--role", required=True, choices=list(ROLES),
                   help="；".join(f"{k}={v}" for k, v in ROLES.items()))
    p.add_argument("--group", help="督导组账号所属督导组，例如 第三督导组")
    p.add_argument("--unit", help="乡/街道账号所属乡/街道，例如 曹镇乡")
    p.add_argument("--county", help="区县账号（市级实例）所属区县，例如 新华区")
    p.add_argument("--display-name", dest="display_name", help="显示名称")
    p.add_argument("--email", help="统一身份认证（OIDC）登录时对应的邮箱")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    p.add_argument("--no-password", dest="no_password", action="store_true",
                   help="不设密码：只能用统一身份认证（须同时指定 --email）")
    p.set_defaults(func=_run(cmd_add))

    p = sub.add_parser("passwd", help="重置用户密码")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--password-stdin", action="store_true", help="从标准输入读取一行作为密码")
    p.set_defaults(func=_run(cmd_passwd))

    p = sub.add_parser("list", help="列出用户")
    p.set_defaults(func=_run(cmd_list))

    p = sub.add_parser("remove", help="删除用户")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(func=_run(cmd_remove))


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (the same commands as `python -m safetyboard users`)."""
    parser = argparse.ArgumentParser(prog="python -m safetyboard")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)
