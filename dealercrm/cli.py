"""The `dealercrm` command: the desktop app by default, sub-commands for scripts and automation.

Exit codes scripts can trust:
    0  done
    1  the action was refused or found problems (validation, permission, failed check)
    2  bad usage (unknown option, missing argument)
    3  the database could not be opened or written

Whatever happens, the command prints one sentence, never a traceback (dealercrm/cli_common.py maps every
error to its code). An output file that would overwrite the database, its sidecars or a backup is
refused (1). When the reader of standard output goes away (`dealercrm user list | head`), the command
stops quietly with 1.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from dealercrm import __version__, i18n
from dealercrm.cli_common import (
    EXIT_DATABASE,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Parser,
    count,
    day,
    explain,
    guard_output,
    open_db,
    output_file,
    say,
    seconds,
    silence_stdout,
    speak_argparse,
)
from dealercrm.i18n import _

__all__ = ["EXIT_DATABASE", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="dealercrm",
        description=_("Desktop CRM for a car dealership. Without a command, opens the application."),
    )
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=_(
            "SQLite file or SQLAlchemy URL (default: $DEALERCRM_DB, else the file in the user data folder)"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        help=_("language of the application and of these messages (default: $LANG, else French)"),
    )
    parser.add_argument(
        "--version", action="version", version=f"dealercrm {__version__}", help=_("show the version and exit")
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help=_("fill an empty database with a realistic demo dealership"))
    demo.add_argument(
        "--contacts", type=count(1, 1_000_000), default=3000, help=_("number of contacts (default 3000)")
    )
    demo.add_argument(
        "--seed",
        type=count(0, 2**32 - 1),
        default=42,
        help=_("random seed: same seed, same data (default 42)"),
    )
    demo.add_argument("--today", type=day, help=_("the day the data ends (YYYY-MM-DD)"))

    db = commands.add_parser("db", help=_("database maintenance"))
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    wait_help = _("how long to wait for other programs to let go of the database (default 10)")
    upgrade = db_commands.add_parser(
        "upgrade", help=_("migrate the database to this version (with a backup first)")
    )
    upgrade.add_argument("--wait", type=seconds, default=10.0, metavar="SECONDS", help=wait_help)
    db_commands.add_parser("check", help=_("integrity and consistency checks, reported in plain words"))
    backup = db_commands.add_parser("backup", help=_("write a verified copy of the database to FILE"))
    backup.add_argument("file", type=output_file)
    restore = db_commands.add_parser("restore", help=_("replace the database with FILE (current one kept)"))
    restore.add_argument("file", type=Path)
    restore.add_argument("--wait", type=seconds, default=10.0, metavar="SECONDS", help=wait_help)

    user = commands.add_parser("user", help=_("manage user accounts"))
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help=_("create a user (password asked without echo)"))
    add.add_argument("login")
    add.add_argument(
        "--role", required=True, choices=("salesperson", "manager", "aftersales", "marketing", "admin")
    )
    add.add_argument("--name", help=_("display name (default: the login)"))
    add.add_argument("--email")
    add.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    user_commands.add_parser("list", help=_("list user accounts"))

    from dealercrm import cli_data, cli_gdpr, cli_kpi, cli_score

    cli_data.register(commands)
    cli_kpi.register(commands)
    cli_gdpr.register(commands)
    cli_score.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the `dealercrm` command; returns its exit code (argparse exits 2 itself on bad usage)."""
    try:
        code = _main(argv)
        _flush_stdout()  # a reader that went away shows here, not as a noisy failure at exit
        return code
    except (Exception, KeyboardInterrupt) as exc:
        code = explain(exc)
        try:
            _flush_stdout()
        except (OSError, ValueError):
            silence_stdout()
        return code


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def cli_language(argv: Sequence[str]) -> str:
    """The language the command speaks: `--lang` when given, else the environment's
    ($DEALERCRM_LANGUAGE, $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG), else French. Documents for customers
    (`report claim`, `report campaign`) are in the dealership's language whatever this is."""
    for n, arg in enumerate(argv):
        if arg == "--":
            break
        if arg.startswith("--lang="):
            return i18n.normalize(arg.partition("=")[2])
        if arg == "--lang" and n + 1 < len(argv):
            return i18n.normalize(argv[n + 1])
    return i18n.environment_language()


def _main(argv: Sequence[str] | None) -> int:
    i18n.set_language(cli_language(sys.argv[1:] if argv is None else list(argv)))
    speak_argparse()
    args = build_parser().parse_args(argv)
    if args.command is None:
        from dealercrm.startup_gc import StartupCollector

        collector = StartupCollector()  # before Qt's import: see its docstring
        from dealercrm.app import run_gui

        return run_gui(db=args.db, language=args.lang, collector=collector)
    if sys.stdout is None:  # started with standard output closed (`>&-`)
        say(_("Standard output is closed: nothing was done."))
        return EXIT_FAILED
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
    if args.command == "score":
        from dealercrm import cli_score

        return cli_score.run(args)
    raise AssertionError(args.command)


def _demo(args: argparse.Namespace) -> int:
    from dealercrm.demo import DemoError, generate_demo
    from dealercrm.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
    from dealercrm.services.permissions import role_word
    from dealercrm.services.progress import Progress

    with open_db(args, create=True) as db:

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
            print(file=sys.stderr)
            say(str(exc))
            return EXIT_FAILED
        print(file=sys.stderr)
        print(
            _(
                "Demo dealership created in {seconds} s: {contacts} contacts, "
                "{interactions} interactions, {sales} sales, {claims} claims."
            ).format(
                seconds=i18n.number(summary.seconds, decimals=1),
                contacts=summary.contacts,
                interactions=summary.interactions,
                sales=summary.sales,
                claims=summary.claims,
            )
        )
        print(_("Database: {label}").format(label=db.label))
        print(_("Demo accounts (password {DEMO_PASSWORD}):").format(DEMO_PASSWORD=DEMO_PASSWORD))
        for account in DEMO_ACCOUNTS:
            print(f"  {account.login:<10} {role_word(account.role):<14} {account.display_name}")
        return EXIT_OK


def _db(args: argparse.Namespace) -> int:
    from dealercrm.cli_common import check_url
    from dealercrm.db import maintenance, migrate, open_database

    if args.db_command == "restore":
        safety = maintenance.restore(check_url(args.db), args.file, wait_seconds=args.wait)
        print(
            _("Restored from {file}. The previous database was kept in {safety}.").format(
                file=args.file, safety=safety
            )
        )
        return EXIT_OK
    if args.db_command == "upgrade":
        # open_database() upgrades as it opens, after a verified backup; report what it did.
        # Only this command upgrades a shared (PostgreSQL) database; workstations wait for it.
        with open_database(
            check_url(args.db), create=True, wait_seconds=args.wait, upgrade_shared=True
        ) as db:
            revision = migrate.current_revision(db.engine)
            if db.migration_backup is not None:
                print(
                    _("{label} upgraded to revision {revision}; backup first: {migration_backup}").format(
                        label=db.label, revision=revision, migration_backup=db.migration_backup
                    )
                )
            else:
                print(
                    _("{label} is up to date (revision {revision}).").format(
                        label=db.label, revision=revision
                    )
                )
        return EXIT_OK
    with open_db(args) as db:
        if args.db_command == "backup":
            guard_output(db, args.file)
            target = maintenance.backup(db, args.file)
            print(_("Backup written and verified: {target}").format(target=target))
            return EXIT_OK
        if args.db_command == "check":
            return _check(db, sys.stdout)
    raise AssertionError(args.db_command)


def _check(db, out: TextIO) -> int:  # type: ignore[no-untyped-def]
    from dealercrm.db import maintenance
    from dealercrm.services import consistency

    problems = maintenance.integrity_problems(db)
    findings = consistency.check(db.session_factory)
    if not problems and not findings:
        print(
            _("{label}: the database is sound and its data is consistent.").format(label=db.label), file=out
        )
        return EXIT_OK
    for problem in problems:
        print(_("Integrity problem: {problem}").format(problem=problem), file=out)
    for finding in findings:
        print(_("Inconsistency: {message}").format(message=finding.message), file=out)
    return EXIT_FAILED


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n") if sys.stdin is not None else ""
    first = getpass.getpass(_("Password: "))
    if getpass.getpass(_("Password again: ")) != first:
        say(_("The two passwords differ: no user was created."))
        return None
    return first


def _user(args: argparse.Namespace) -> int:
    from dealercrm.models.enums import Role
    from dealercrm.services.auth import AuthService
    from dealercrm.services.errors import ServiceError
    from dealercrm.services.permissions import SYSTEM_ACTOR, role_word

    with open_db(args) as db:
        service = AuthService(db.session_factory, actor=SYSTEM_ACTOR)
        if args.user_command == "list":
            for row in service.list_users():
                state = _("active") if row.active else _("disabled")
                last = row.last_login_at.strftime("%Y-%m-%d %H:%M") if row.last_login_at else _("never")
                print(f"{row.login:<16} {role_word(row.role):<16} {state:<9} {last:<16} {row.display_name}")
            return EXIT_OK
        if not args.password_stdin and (sys.stdin is None or not sys.stdin.isatty()):
            say(_("There is no terminal to ask the password on: pass it with --password-stdin."))
            return EXIT_USAGE
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
            say(str(exc))
            return EXIT_FAILED
        print(_("User {login} ({role}) created.").format(login=row.login, role=role_word(row.role)))
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
