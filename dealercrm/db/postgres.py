"""Everything PostgreSQL-specific: the engine and its per-connection settings, sequences after bulk loads,
and the advisory lock that serialises schema upgrades between workstations.

Every connection is named (`application_name`: dealercrm:USER@WORKSTATION, visible in
pg_stat_activity) and bounded, so that one hung workstation cannot block the others for ever:
`lock_timeout` (waiting for a row or table lock), `statement_timeout` (one statement), and
`idle_in_transaction_session_timeout` (a transaction left open).
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import NoSuchModuleError, SQLAlchemyError

from dealercrm.i18n import N_, _

LOCK_TIMEOUT_MS = 10_000
STATEMENT_TIMEOUT_MS = 300_000  # the longest report or import batch is far below
IDLE_IN_TRANSACTION_MS = 600_000
# pg_advisory_xact_lock key of schema upgrades ("dealercrm" in ASCII, folded into a bigint).
UPGRADE_LOCK_KEY = 0x6465616C657263


DRIVER_MISSING = N_(
    "PostgreSQL needs its driver, which is not installed: pip install 'dealercrm[postgres]' (psycopg 3)."
)


class DriverMissing(Exception):
    """psycopg is not installed; str() says which extra to install."""


def normalise_url(url: URL) -> URL:
    """`postgresql://` means psycopg 3 (SQLAlchemy would otherwise look for psycopg2)."""
    if url.drivername == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    return url


def application_name() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return f"dealercrm:{user}@{socket.gethostname()}"[:63]


def connect_args() -> dict[str, Any]:
    return {
        "application_name": application_name(),
        "connect_timeout": CONNECT_TIMEOUT_S,  # a server out of reach answers "unreachable", not never
        "options": (
            f"-c lock_timeout={LOCK_TIMEOUT_MS} -c statement_timeout={STATEMENT_TIMEOUT_MS} "
            f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_MS}"
        ),
    }


def create_pg_engine(url: URL) -> Engine:
    """The engine of a shared database. `pool_pre_ping`: a connection the server dropped (restart, network)
    is replaced at checkout instead of failing the next query. The password comes from the URL, else one
    typed this session, else the system keyring, else libpq's own .pgpass."""
    url = normalise_url(url)
    try:
        engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args())
    except (NoSuchModuleError, ImportError) as exc:
        raise DriverMissing(_(DRIVER_MISSING)) from exc
    _install_password_hook(engine, url)
    return engine


def reset_sequences(connection: Connection) -> None:
    """Move every id sequence past the largest id in its table: after rows were inserted with explicit ids
    (the demo generator, bulk loads), the next ordinary insert must not collide. A no-op elsewhere."""
    if connection.dialect.name != "postgresql":
        return
    rows = connection.execute(
        text(
            "SELECT c.table_name, c.column_name, "
            "pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) AS seq "
            "FROM information_schema.columns c "
            "WHERE c.table_schema = current_schema() "
            "AND (c.column_default LIKE 'nextval%' OR c.is_identity = 'YES')"
        )
    ).all()
    for table, column, sequence in rows:
        if sequence is None:
            continue
        connection.execute(
            text(f'SELECT setval(:seq, COALESCE((SELECT MAX("{column}") FROM "{table}"), 0) + 1, false)'),
            {"seq": sequence},
        )


def lock_for_upgrade(connection: Connection) -> None:
    """Serialise schema upgrades: the second workstation waits for the first one's transaction, then
    finds the schema already at its revision."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})


# Connecting a workstation: the server profile, its password, and what went wrong -------------------------

KEYRING_SERVICE = "dealercrm"
DEFAULT_PORT = 5432
SSL_MODES = ("disable", "prefer", "require", "verify-full")  # libpq's sslmode, as offered to the user
CONNECT_TIMEOUT_S = 10
CHECK_TIMEOUT_S = 5  # "Test the connection": an unreachable host answers within this


@dataclass(frozen=True)
class ServerProfile:
    """Where a workstation finds the dealership's server: everything but the password, which lives in the
    system keyring or libpq's .pgpass (never in our settings, nor in a URL we write down)."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_PORT
    sslmode: str = "prefer"

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
            query={"sslmode": self.sslmode} if self.sslmode else {},
        )

    @classmethod
    def from_url(cls, url: URL) -> ServerProfile:
        sslmode = url.query.get("sslmode", "prefer")
        return cls(
            host=url.host or "localhost",
            database=url.database or "",
            user=url.username or "",
            port=url.port or DEFAULT_PORT,
            sslmode=sslmode if isinstance(sslmode, str) else sslmode[0],
        )


class KeyringUnavailable(Exception):
    """No usable system keyring; str() says what to do instead (.pgpass, or type the password)."""


NO_KEYRING = N_(
    "No system keyring is available on this computer, so the password cannot be saved: put it in "
    "~/.pgpass (%APPDATA%\\postgresql\\pgpass.conf on Windows), or type it at each start. It is never "
    "written in dealercrm's settings."
)

# Passwords typed this session where no keyring could keep them: in memory only, gone at exit.
_session_passwords: dict[str, str] = {}


def keyring_user(url: URL) -> str:
    return ServerProfile.from_url(url).keyring_user


def keyring_password(url: URL) -> str | None:
    """The password the keyring holds for this server and user (None: none saved, libpq then tries
    .pgpass). Raises KeyringUnavailable when there is no keyring or it fails."""
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(KEYRING_SERVICE, keyring_user(url))
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailable(_(NO_KEYRING)) from exc
    except Exception as exc:  # noqa: BLE001 - any backend failure means "no keyring"
        raise KeyringUnavailable(
            _("The system keyring could not be read ({error}).").format(error=exc.__class__.__name__)
        ) from exc


def store_password(profile: ServerProfile, password: str) -> None:
    """Save the password in the system keyring; KeyringUnavailable when that is impossible (nothing is
    written anywhere else)."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, profile.keyring_user, password)
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailable(_(NO_KEYRING)) from exc
    except Exception as exc:  # noqa: BLE001
        raise KeyringUnavailable(
            _("The system keyring refused the password ({error}): it was not saved.").format(
                error=exc.__class__.__name__
            )
        ) from exc


def use_password_for_session(url: URL, password: str) -> None:
    """Keep a typed password in memory for this run (no keyring): the engine's connections use it."""
    _session_passwords[keyring_user(url)] = password


def password_for(url: URL) -> str | None:
    """The password a new connection gives: the URL's own, else one typed this session, else the keyring's;
    None lets libpq read .pgpass (PGPASSFILE) itself."""
    if url.password:
        return str(url.password)
    key = keyring_user(url)
    if key in _session_passwords:
        return _session_passwords[key]
    try:
        return keyring_password(url)
    except KeyringUnavailable:
        return None


def _install_password_hook(engine: Engine, url: URL, password: str | None = None) -> None:
    @event.listens_for(engine, "do_connect")
    def _give_password(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        if cparams.get("password"):
            return
        found = password if password is not None else password_for(url)
        if found:
            cparams["password"] = found


class Problem(StrEnum):
    """Why a workstation cannot use the server; the UI words each one in the user's language."""

    DRIVER_MISSING = "driver_missing"
    UNREACHABLE = "unreachable"
    PASSWORD_NEEDED = "password_needed"
    BAD_PASSWORD = "bad_password"
    NO_ROLE = "no_role"
    NO_DATABASE = "no_database"
    NO_RIGHTS = "no_rights"
    TLS = "tls"
    SCHEMA_EMPTY = "schema_empty"
    SCHEMA_OLDER = "schema_older"
    SCHEMA_NEWER = "schema_newer"
    OTHER = "other"


@dataclass(frozen=True)
class ServerCheck:
    """What "Test the connection" found: `problem` None when the workstation can work on this server;
    `revision` is the schema revision found; `detail` the server's or driver's own words."""

    problem: Problem | None
    revision: str | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.problem is None


# libpq's and the server's words (English, and French for a server with lc_messages=fr_FR): connection
# failures carry no SQLSTATE in psycopg, only the message.
_PATTERNS: tuple[tuple[Problem, tuple[str, ...]], ...] = (
    (Problem.PASSWORD_NEEDED, ("no password supplied", "aucun mot de passe")),
    (Problem.BAD_PASSWORD, ("password authentication failed", "authentification par mot de passe")),
    (Problem.NO_DATABASE, ('database "', "la base de données")),
    (Problem.NO_ROLE, ('role "', "le rôle")),
    (Problem.NO_RIGHTS, ("permission denied", "droit refusé", "must be owner", "doit être le propriétaire")),
    (Problem.TLS, ("ssl", "certificate", "certificat")),
    (
        Problem.UNREACHABLE,
        (
            "connection refused",
            "could not translate host name",
            "timeout expired",
            "no route to host",
            "network is unreachable",
            "name or service not known",
            "connexion refusée",
            "could not connect",
            "server closed the connection",
            "the database system is starting up",
            "the database system is shutting down",
        ),
    ),
)


def classify_connect_error(exc: BaseException) -> Problem:
    """Which Problem a failed connection attempt is (OperationalError from psycopg, wrapped or not)."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(orig, ImportError | NoSuchModuleError):
        return Problem.DRIVER_MISSING
    message = str(orig).lower()
    for problem, words in _PATTERNS:
        if any(word in message for word in words):
            if problem in (Problem.NO_DATABASE, Problem.NO_ROLE) and not (
                "does not exist" in message or "n'existe pas" in message
            ):
                continue
            return problem
    return Problem.OTHER


def is_connection_lost(exc: BaseException) -> bool:
    """Whether `exc` means the connection to the server went away (restart, network): SQLAlchemy saw a
    disconnect, or psycopg failed at the connection level (class 08, the server shutting down, or no
    SQLSTATE at all: refused, closed). A lock or statement timeout is not a lost connection."""
    from sqlalchemy.exc import DBAPIError

    orig: BaseException = exc
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated:
            return True
        if exc.orig is not None:
            orig = exc.orig
    if not type(orig).__module__.startswith("psycopg"):
        return False
    import psycopg

    if not isinstance(orig, psycopg.OperationalError | psycopg.InterfaceError):
        return False
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate is None:
        return True
    return bool(sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03"))


def ping(engine: Engine) -> None:
    """One `SELECT 1` through the pool (pre-ping replaces dead connections); raises when the server is
    still out of reach."""
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT 1")


def check_server(url: URL, *, password: str | None = None) -> ServerCheck:
    """Try the server as this workstation would: the driver, the network, TLS, the password (given, else
    the keyring's, else .pgpass), the database, and the schema revision against this version's."""
    try:
        import psycopg  # noqa: F401 - only whether it is there
    except ImportError as exc:
        return ServerCheck(Problem.DRIVER_MISSING, detail=str(exc))
    from sqlalchemy.pool import NullPool

    from dealercrm.db.engine import HEAD_REVISION

    args = {**connect_args(), "connect_timeout": CHECK_TIMEOUT_S}
    engine = create_engine(normalise_url(url), poolclass=NullPool, connect_args=args)
    _install_password_hook(engine, url, password or None)
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one()
            revision = (
                connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                if found
                else None
            )
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None) or exc
        return ServerCheck(classify_connect_error(exc), detail=str(orig).strip())
    finally:
        engine.dispose()
    if revision is None:
        return ServerCheck(Problem.SCHEMA_EMPTY)
    revision = str(revision)
    if revision == HEAD_REVISION:
        return ServerCheck(None, revision=revision)
    from dealercrm.db import migrate

    if migrate.is_known_revision(revision):
        return ServerCheck(Problem.SCHEMA_OLDER, revision=revision)
    engine = create_engine(normalise_url(url), poolclass=NullPool, connect_args=args)
    _install_password_hook(engine, url, password or None)
    try:  # which version upgraded it, when it said (detail: "" if not)
        needed = migrate.written_by(engine) or ""
    finally:
        engine.dispose()
    return ServerCheck(Problem.SCHEMA_NEWER, revision=revision, detail=needed)


def describe(problem: Problem, url: URL, detail: str = "") -> str:
    """The sentence for the command line and the logs, in the user's language (the GUI words each
    Problem itself)."""
    where = url.render_as_string(hide_password=True)
    sentences = {
        Problem.DRIVER_MISSING: DRIVER_MISSING,
        Problem.UNREACHABLE: N_(
            "The server {host}:{port} cannot be reached: check the address, the network, and that "
            "PostgreSQL is running and accepts connections from here."
        ),
        Problem.PASSWORD_NEEDED: N_(
            "The server asks for {user}'s password and none was found: save it in the system keyring "
            "(the first-run dialog does) or in ~/.pgpass."
        ),
        Problem.BAD_PASSWORD: N_(
            "The server refused {user}'s password: check it with the administrator (and the keyring or "
            "~/.pgpass entry)."
        ),
        Problem.NO_ROLE: N_(
            'The server has no user {user}: the administrator creates it (README, "Several workstations").'
        ),
        Problem.NO_DATABASE: N_(
            "The server has no database {database}: check its name, or the administrator creates it "
            '(README, "Several workstations").'
        ),
        Problem.NO_RIGHTS: N_(
            "The user {user} may not use the dealership's tables: the administrator grants it the rights "
            '(README, "Several workstations").'
        ),
        Problem.TLS: N_(
            "The secure (TLS) connection to {host} failed: check the TLS mode and the server's certificate."
        ),
    }
    sentence = _(sentences.get(problem, N_("{where} could not be opened."))).format(
        host=url.host, port=url.port or DEFAULT_PORT, user=url.username, database=url.database, where=where
    )
    if detail and problem is not Problem.DRIVER_MISSING:
        # TRANSLATORS: a sentence and the server's own words about the problem
        return _("{sentence} ({detail})").format(sentence=sentence, detail=detail)
    return sentence
