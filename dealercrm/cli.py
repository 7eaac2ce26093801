"""The `dealercrm` command: the desktop app by default, sub-commands for scripts and automation.

Exit codes scripts can trust:
    0  done
    1  the action was refused or found problems (validation, permission, failed check)
    2  bad usage (unknown option, missing argument)
    3  the database could not be opened or written
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from dealercrm import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dealercrm",
        description="Desktop CRM for a car dealership. Without a command, opens the application.",
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help="SQLite file or SQLAlchemy URL (default: $DEALERCRM_DB, else the file in the user data folder)",
    )
    parser.add_argument("--lang", choices=("fr", "en"), help="interface language (default: French)")
    parser.add_argument("--version", action="version", version=f"dealercrm {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill an empty database with a realistic demo dealership")
    demo.add_argument("--contacts", type=int, default=3000, help="number of contacts (default 3000)")
    demo.add_argument("--seed", type=int, default=42, help="random seed: same seed, same data (default 42)")
    demo.add_argument("--today", type=dt.date.fromisoformat, help="the day the data ends (YYYY-MM-DD)")

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="migrate the database to this version (with a backup first)")
    db_commands.add_parser("check", help="integrity and consistency checks, reported in plain words")
    backup = db_commands.add_parser("backup", help="write a verified copy of the database to FILE")
    backup.add_argument("file", type=Path)
    restore = db_commands.add_parser("restore", help="replace the database with FILE (current one kept)")
    restore.add_argument("file", type=Path)

    user = commands.add_parser("user", help="manage user accounts")
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help="create a user (password asked without echo)")
    add.add_argument("login")
    add.add_argument(
        "--role", required=True, choices=("salesperson", "manager", "aftersales", "marketing", "admin")
    )
    add.add_argument("--name", help="display name (default: the login)")
    add.add_argument("--email")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_commands.add_parser("list", help="list user accounts")

    from dealercrm import cli_data, cli_gdpr, cli_kpi

    cli_data.register(commands)
    cli_kpi.register(commands)
    cli_gdpr.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from dealercrm.startup_gc import StartupCollector

        collector = StartupCollector()  # before Qt's import: see its docstring
        from dealercrm.app import run_gui

        return run_gui(db=args.db, language=args.lang, collector=collector)
    from dealercrm.db import DatabaseError

    try:
        if args.command == "demo":
            return _demo(args)
        if args.command == "db":
            return _db(args)
        if args.command == "user":
            return _user(args)
        if args.command in ("import", "export"):
            from dealercrm import cli_data

            return cli_data.run(args)
        if args.command in ("kpi", "report"):
            from dealercrm import cli_kpi

            return cli_kpi.run(args)
        if args.command in ("gdpr", "backups"):
            from dealercrm import cli_gdpr

            return cli_gdpr.run(args)
    except DatabaseError as exc:
        print(f"dealercrm: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    except KeyboardInterrupt:
        print("dealercrm: interrupted", file=sys.stderr)
        return EXIT_FAILED
    raise AssertionError(args.command)


def _open(args: argparse.Namespace, *, create: bool = False):  # type: ignore[no-untyped-def]
    from dealercrm.db import open_database

    return open_database(args.db, create=create)


def _demo(args: argparse.Namespace) -> int:
    from dealercrm.services.demo import DemoError, generate_demo
    from dealercrm.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
    from dealercrm.services.progress import Progress

    if args.contacts < 1:
        print("dealercrm: --contacts must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    db = _open(args, create=True)
    try:

        def report(done: int, total: int, text: str) -> None:
            print(f"\r{text:<40} {done}/{total}", end="", file=sys.stderr, flush=True)

        try:
            summary = generate_demo(
                db.session_factory,
                contacts=args.contacts,
                seed=args.seed,
                today=args.today,
                progress=Progress(report),
            )
        except DemoError as exc:
            print(f"\ndealercrm: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print(file=sys.stderr)
        print(
            f"Demo dealership created in {summary.seconds:.1f} s: {summary.contacts} contacts, "
            f"{summary.interactions} interactions, {summary.sales} sales, {summary.claims} claims."
        )
        print(f"Database: {db.label}")
        print(f"Demo accounts (password {DEMO_PASSWORD}):")
        for account in DEMO_ACCOUNTS:
            print(f"  {account.login:<10} {account.role.value:<12} {account.display_name}")
        return EXIT_OK
    finally:
        db.dispose()


def _db(args: argparse.Namespace) -> int:
    from dealercrm.db import maintenance, migrate, open_database, resolve_url

    if args.db_command == "restore":
        safety = maintenance.restore(resolve_url(args.db), args.file)
        print(f"Restored from {args.file}. The previous database was kept in {safety}.")
        return EXIT_OK
    if args.db_command == "upgrade":
        # open_database() upgrades as it opens, after a verified backup; report what it did.
        db = open_database(args.db, create=True)
        try:
            revision = migrate.current_revision(db.engine)
            if db.migration_backup is not None:
                print(f"{db.label} upgraded to revision {revision}; backup first: {db.migration_backup}")
            else:
                print(f"{db.label} is up to date (revision {revision}).")
        finally:
            db.dispose()
        return EXIT_OK
    db = _open(args)
    try:
        if args.db_command == "backup":
            target = maintenance.backup(db, args.file)
            print(f"Backup written and verified: {target}")
            return EXIT_OK
        if args.db_command == "check":
            return _check(db, sys.stdout)
    finally:
        db.dispose()
    raise AssertionError(args.db_command)


def _check(db, out: TextIO) -> int:  # type: ignore[no-untyped-def]
    from dealercrm.db import maintenance
    from dealercrm.services import consistency

    problems = maintenance.integrity_problems(db)
    findings = consistency.check(db.session_factory)
    if not problems and not findings:
        print(f"{db.label}: the database is sound and its data is consistent.", file=out)
        return EXIT_OK
    for problem in problems:
        print(f"Integrity problem: {problem}", file=out)
    for finding in findings:
        print(f"Inconsistency: {finding.message}", file=out)
    return EXIT_FAILED


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        print("dealercrm: the two passwords differ", file=sys.stderr)
        return None
    return first


def _user(args: argparse.Namespace) -> int:
    from dealercrm.models.enums import Role
    from dealercrm.services.auth import AuthService
    from dealercrm.services.errors import ServiceError
    from dealercrm.services.permissions import SYSTEM_ACTOR

    db = _open(args)
    try:
        service = AuthService(db.session_factory, actor=SYSTEM_ACTOR)
        if args.user_command == "list":
            for row in service.list_users():
                state = "active" if row.active else "disabled"
                last = row.last_login_at.strftime("%Y-%m-%d %H:%M") if row.last_login_at else "never"
                print(f"{row.login:<16} {row.role.value:<12} {state:<9} {last:<16} {row.display_name}")
            return EXIT_OK
        password = _read_password(args.password_stdin)
        if password is None:
            return EXIT_FAILED
        try:
            row = service.create_user(
                login=args.login,
                display_name=args.name or args.login,
                role=Role(args.role),
                password=password,
                email=args.email,
            )
        except ServiceError as exc:
            print(f"dealercrm: {exc}", file=sys.stderr)
            return EXIT_FAILED
        print(f"User {row.login} ({row.role.value}) created.")
        return EXIT_OK
    finally:
        db.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
