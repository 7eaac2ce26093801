"""A workstation and the dealership's server: what the screens before login and the connection monitor ask
of the storage layer (the UI never imports `dealercrm.db`).

- `ServerProfile`, `ServerCheck`, `Problem`: the server a workstation connects to and what trying it found;
- `keyring_state`, `try_server`, `connect_server`: run on the executor by the connection dialog;
- `ping`: the monitor's `SELECT 1` once a job found the connection lost; `is_connection_lost`: how a job
  tells a lost connection from any other failure.

Everything here may block (network, keyring): callers run it off the GUI thread. Importing this module
loads SQLAlchemy: the dialogs import it where first used, so that they show before the database stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dealercrm.db.postgres import (
    KeyringUnavailable,
    Problem,
    ServerCheck,
    ServerProfile,
    check_server,
    is_connection_lost,
    keyring_password,
    ping,
    store_password,
    use_password_for_session,
)

__all__ = [
    "ConnectOutcome",
    "Problem",
    "ServerCheck",
    "ServerProfile",
    "can_connect",
    "connect_server",
    "is_connection_lost",
    "keyring_state",
    "ping",
    "ping_problem",
    "try_server",
]


@dataclass(frozen=True)
class ConnectOutcome:
    """What trying the server found, and whether the typed password could not go to the keyring
    (`keyring_problem`: the sentence; the password is then kept for this run only)."""

    check: ServerCheck
    keyring_problem: str | None = None


def can_connect(check: ServerCheck) -> bool:
    """The server can be used (an empty database is set up on opening)."""
    return check.problem in (None, Problem.SCHEMA_EMPTY)


def keyring_state(profile: ServerProfile | None) -> tuple[bool, bool]:
    """(a keyring is usable, a password is saved there for this profile); a keyring may ask the desktop
    to unlock it."""
    if profile is None:
        profile = ServerProfile(host="localhost", database="dealercrm", user="dealercrm")
    try:
        saved = keyring_password(profile.url())
    except KeyringUnavailable:
        return False, False
    return True, bool(saved)


def try_server(profile: ServerProfile, password: str) -> ConnectOutcome:
    """Only try the server; nothing is saved."""
    return ConnectOutcome(check_server(profile.url(), password=password or None))


def connect_server(profile: ServerProfile, password: str, remember: bool) -> ConnectOutcome:
    """Try the server and, when it can be used, keep the typed password: in the keyring (`remember`), and
    in memory for this run so that the app's connections use it whatever the keyring."""
    check = check_server(profile.url(), password=password or None)
    if not can_connect(check) or not password:
        return ConnectOutcome(check)
    use_password_for_session(profile.url(), password)
    if not remember:
        return ConnectOutcome(check)
    try:
        store_password(profile, password)
    except KeyringUnavailable as exc:
        return ConnectOutcome(check, keyring_problem=str(exc))
    return ConnectOutcome(check)


def ping_problem(engine: Any) -> str | None:
    """None when the server answers `SELECT 1`, else the driver's words (never raises, so that a failed
    attempt is not itself reported as a lost connection)."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        ping(engine)
    except SQLAlchemyError as exc:
        words = str(getattr(exc, "orig", None) or exc).strip()
        return words.splitlines()[0] if words else type(exc).__name__
    return None
