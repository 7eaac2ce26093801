"""What every `dealercrm` sub-command shares: exit codes, the one way to print a message, argument
types that refuse bad numbers and dates at parse time, opening the database, guarding output paths,
and the mapping from any error to one sentence and an exit code (never a traceback).

Exit codes (also in dealercrm/cli.py and the README):
    0  done
    1  the action was refused or found problems (validation, permission, failed check, an output
       path that would overwrite the database or a backup, a file that cannot be read or written)
    2  bad usage (unknown option, missing argument, a number, date or month out of range)
    3  the database could not be opened or written (missing, damaged, busy, unknown URL or driver)
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TextIO

from dealercrm.i18n import N_, _

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_DATABASE = 0, 1, 2, 3

MAX_ID = 2**63 - 1  # SQLite's INTEGER; larger ids cannot exist and overflow the driver
FIRST_DAY = dt.date(1900, 1, 1)  # the KPIs look years back and the reports a month ahead: keep margins
LAST_DAY = dt.date(2999, 12, 31)
MAX_WAIT_SECONDS = 24 * 3600.0
POSTGRES_EXTRA = "pip install 'dealercrm[postgres]'"


# -- Messages ---------------------------------------------------------------------------------------


def sentence(text: str) -> str:
    """`text` as a complete sentence: a capital first letter and a final full stop."""
    text = " ".join(str(text).split()) or _("Something went wrong")
    first_word = text.split(" ", 1)[0]
    if first_word.isalpha() and first_word.islower():  # not a file name, an option or a URL
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def say(text: str, *, file: TextIO | None = None) -> None:
    """Print a message for the user on standard error, prefixed `dealercrm:`, as a sentence.

    Every message of the command line goes through here (one place to translate them later)."""
    stream = file if file is not None else sys.stderr
    if stream is None:  # stderr closed: nowhere to say it
        return
    try:
        print(f"dealercrm: {sentence(text)}", file=stream, flush=True)
    except (OSError, ValueError):
        pass


# argparse's own words (usage, section titles, its errors), in our catalog: argparse looks `_` and
# `ngettext` up in its module's globals when it needs them, so `speak_argparse()` points them at ours.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("not allowed with argument %s"),
    N_("%(prog)s: error: %(message)s\n"),
)


def speak_argparse() -> None:
    """Have argparse write its own words in the current language (see ARGPARSE_MESSAGES)."""
    from dealercrm import i18n

    argparse._ = i18n.gettext  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """argparse's parser whose usage errors end in a sentence, like every other message."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: {sentence(message)}\n")


# -- Argument types ---------------------------------------------------------------------------------


def _whole_number(text: str, what: str) -> int:
    cleaned = text.strip().replace("_", "")
    if not cleaned.lstrip("+-").isdigit() or len(cleaned) > 30:
        raise argparse.ArgumentTypeError(_("{text!r} is not {what}").format(text=text, what=what))
    return int(cleaned)


def record_id(text: str) -> int:
    """A record number: a whole number from 1 to 2**63-1."""
    what = _("a record number (a whole number from 1 to {max})").format(max=MAX_ID)
    value = _whole_number(text, what)
    if not 1 <= value <= MAX_ID:
        raise argparse.ArgumentTypeError(_("{text!r} is not {what}").format(text=text, what=what))
    return value


def record_ids(text: str) -> list[int]:
    """Comma-separated record numbers, e.g. `1,2,3`."""
    parts = [part for part in text.split(",") if part.strip()]
    if not parts:
        raise argparse.ArgumentTypeError(_("expected record numbers separated by commas, such as 1,2,3"))
    try:
        return [record_id(part) for part in parts]
    except argparse.ArgumentTypeError as exc:
        raise argparse.ArgumentTypeError(
            _("{exc} (expected numbers separated by commas)").format(exc=exc)
        ) from None


def count(minimum: int, maximum: int) -> Callable[[str], int]:
    """An argument type for a whole number from `minimum` to `maximum`."""

    def parse(text: str) -> int:
        what = _("a whole number from {minimum} to {maximum}").format(minimum=minimum, maximum=maximum)
        value = _whole_number(text, what)
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(_("{text!r} is not {what}").format(text=text, what=what))
        return value

    parse.__name__ = "count"
    return parse


def _calendar_value(text: str, parse: Callable[[str], dt.date], not_one: str, out_of_range: str) -> dt.date:
    """`parse(text)`, refused with `not_one` when it is not one, or with `out_of_range` when it is before
    1900 or after 2999 (both messages take {text}, {FIRST_DAY} and {LAST_DAY})."""
    try:
        value = parse(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(not_one.format(text=text)) from None
    if not FIRST_DAY <= value <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            out_of_range.format(text=text, FIRST_DAY=FIRST_DAY, LAST_DAY=LAST_DAY)
        )
    return value


def day(text: str) -> dt.date:
    """A date YYYY-MM-DD between 1900 and 2999."""
    return _calendar_value(
        text,
        dt.date.fromisoformat,
        _("{text!r} is not a date (YYYY-MM-DD)"),
        _("{text!r} is out of range (from {FIRST_DAY} to {LAST_DAY})"),
    )


def month(text: str) -> dt.date:
    """A month YYYY-MM between 1900 and 2999; returns its first day."""
    return _calendar_value(
        text,
        lambda t: dt.datetime.strptime(t, "%Y-%m").date(),
        _("{text!r} is not a month (YYYY-MM)"),
        _("{text!r} is out of range (from {FIRST_DAY:%Y-%m} to {LAST_DAY:%Y-%m})"),
    )


def seconds(text: str) -> float:
    """A non-negative number of seconds, at most a day."""
    what = _("a number of seconds from 0 to {max:.0f}").format(max=MAX_WAIT_SECONDS)
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{text!r} is not {what}").format(text=text, what=what)) from None
    if not math.isfinite(value) or not 0 <= value <= MAX_WAIT_SECONDS:
        raise argparse.ArgumentTypeError(_("{text!r} is not {what}").format(text=text, what=what))
    return value


def output_file(text: str) -> Path:
    """A file name to write to (not empty)."""
    if not text.strip() or "\0" in text:
        raise argparse.ArgumentTypeError(_("{text!r} is not a file name").format(text=text))
    return Path(text)


# -- The database -----------------------------------------------------------------------------------


def open_db(args: argparse.Namespace, *, create: bool = False) -> Any:
    """Open the database `--db` names, after checking that its kind is known and its driver installed
    (so that a mistyped URL or a missing PostgreSQL driver is a sentence, not an import error)."""
    from dealercrm.db import open_database

    return open_database(check_url(getattr(args, "db", None)), create=create)


def check_url(db: str | None) -> Any:
    """The SQLAlchemy URL for `--db`; DatabaseError when it names an unknown kind of database or one
    whose driver is not installed."""
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from dealercrm.db import DatabaseError, resolve_url

    try:
        url = resolve_url(db)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseError(
            _("{db!r} is not a database URL dealercrm can read ({exc}).").format(db=db, exc=exc)
        ) from None
    if url.get_backend_name() == "sqlite":
        if not url.database:
            raise DatabaseError(_("An in-memory SQLite database cannot hold a dealership: give a file path."))
        return url
    shown = url.render_as_string(hide_password=True)
    try:
        dialect = url.get_dialect()
    except (NoSuchModuleError, ArgumentError, ValueError):
        raise DatabaseError(
            _(
                "{shown} names a kind of database dealercrm does not know ({drivername}): "
                "give the path of an SQLite file or a postgresql+psycopg:// URL."
            ).format(shown=shown, drivername=url.drivername)
        ) from None
    try:
        dialect.import_dbapi()
    except ImportError:
        if url.get_backend_name() == "postgresql":
            hint = (
                ""
                if dialect.driver == "psycopg"
                else " and write the URL as postgresql+psycopg://..., the driver dealercrm supports"
            )
            raise DatabaseError(
                _("The PostgreSQL driver for {shown} is not installed: run {POSTGRES_EXTRA}{hint}.").format(
                    shown=shown, POSTGRES_EXTRA=POSTGRES_EXTRA, hint=hint
                )
            ) from None
        raise DatabaseError(
            _(
                "The database driver for {shown} ({driver}) is not installed: use an "
                "SQLite file or PostgreSQL ({POSTGRES_EXTRA})."
            ).format(shown=shown, driver=dialect.driver, POSTGRES_EXTRA=POSTGRES_EXTRA)
        ) from None
    return url


def guard_output(db: Any, target: Path) -> None:
    """Refuse (OutputPathRefused) an output path that is the database, one of its sidecars, or inside
    its backups folder."""
    from dealercrm.db.paths import refuse_output_path

    folder = None
    if db.path is not None:
        from dealercrm.services.backups import backup_folder

        folder = backup_folder(db)
    refuse_output_path(target, database=db.path, backups_folder=folder)


# -- Errors -----------------------------------------------------------------------------------------

BUSY = N_(
    "The database is busy: another program (the app, a backup or another command) is writing to it. "
    "Nothing was changed; try again when it has finished."
)


def explain(exc: BaseException, err: TextIO | None = None) -> int:
    """Say what `exc` means in one sentence on standard error and return the documented exit code."""
    import sqlite3
    import zipfile

    from sqlalchemy import exc as sa

    from dealercrm.db import DatabaseError
    from dealercrm.db.paths import OutputPathRefused
    from dealercrm.services.errors import ServiceError

    if isinstance(exc, BrokenPipeError):
        silence_stdout()  # the reader went away (`| head`): stop quietly, as Unix tools do
        return EXIT_FAILED
    if isinstance(exc, KeyboardInterrupt):
        say(_("Interrupted: the command stopped (what it had already saved stays saved)."), file=err)
        return EXIT_FAILED
    if isinstance(exc, OutputPathRefused):
        say(str(exc), file=err)
        return EXIT_FAILED
    if isinstance(exc, DatabaseError):
        say(str(exc), file=err)
        return EXIT_DATABASE
    if isinstance(exc, ServiceError):
        say(str(exc), file=err)
        return EXIT_FAILED
    if isinstance(exc, (sa.DBAPIError, sqlite3.Error)):
        detail = str(getattr(exc, "orig", None) or exc).strip()
        if "locked" in detail or "busy" in detail:
            say(_(BUSY), file=err)
            return EXIT_DATABASE
        if isinstance(exc, (sa.IntegrityError, sqlite3.IntegrityError)):
            say(
                _("The database refused the change ({detail}): nothing was saved.").format(detail=detail),
                file=err,
            )
            return EXIT_FAILED
        say(
            _(
                "The database could not be read or written ({detail}). `dealercrm db "
                "check` tells whether the file is damaged."
            ).format(detail=detail),
            file=err,
        )
        return EXIT_DATABASE
    if isinstance(exc, (sa.ArgumentError, sa.NoSuchModuleError)):
        say(_("The database address is not usable ({exc}).").format(exc=exc), file=err)
        return EXIT_DATABASE
    if isinstance(exc, zipfile.BadZipFile):
        say(_("The file is not a valid XLSX or zip file ({exc}).").format(exc=exc), file=err)
        return EXIT_FAILED
    if isinstance(exc, EOFError):
        say(_("Standard input ended before the command could read what it needed."), file=err)
        return EXIT_FAILED
    if isinstance(exc, OSError):
        what = exc.strerror or str(exc) or type(exc).__name__
        where = f"{exc.filename}: " if exc.filename else ""
        say(
            _("A file could not be read or written ({where}{what}).").format(where=where, what=what), file=err
        )
        return EXIT_FAILED
    if isinstance(exc, (ValueError, ArithmeticError)):
        say(
            _("A value could not be used ({error}): nothing more was done.").format(
                error=exc or type(exc).__name__
            ),
            file=err,
        )
        return EXIT_FAILED
    if isinstance(exc, MemoryError):
        say(_("Not enough memory to finish the command."), file=err)
        return EXIT_FAILED
    # The last resort: no traceback for the user, but enough to report the bug.
    say(
        _("The command stopped on an unexpected error ({error}: {exc}); please report it.").format(
            error=type(exc).__name__, exc=exc
        ),
        file=err,
    )
    return EXIT_FAILED


def explained(command: Callable[..., int], *args: Any) -> int:
    """Run one sub-command: whatever it raises becomes a sentence on standard error and the documented
    exit code (`explain`), never a traceback."""
    try:
        return command(*args)
    except Exception as exc:
        return explain(exc)


def silence_stdout() -> None:
    """Point standard output at the null device, so that flushing it at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (tests), or already closed
        pass
