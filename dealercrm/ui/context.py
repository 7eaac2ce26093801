"""What every screen needs: the open database, the logged-in user, the executor, the locale.

The one place of the UI that holds the `Database`: screens build services with `ctx.service(Cls)`, or, before
anyone has logged in (login, first run), with `Services(db).service(Cls)`; no other UI module imports
`dealercrm.db` or touches a session factory (tests/unit/test_layering.py).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from dealercrm.db import Database
from dealercrm.services.permissions import Actor, can
from dealercrm.services.settings import DEFAULT_TIMEZONE, today_in
from dealercrm.ui.workers import Executor

S = TypeVar("S")
R = TypeVar("R")


@dataclass(frozen=True)
class Services:
    """Builds services over the open database, acting for `actor` (None before anyone has logged in)."""

    db: Database
    actor: Actor | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.db.is_sqlite

    def service(self, cls: type[S], **kwargs: Any) -> S:
        """A service, e.g. `Services(db).service(AuthService)` for the login dialog."""
        if self.actor is not None:
            kwargs["actor"] = self.actor
        return cls(self.db.session_factory, **kwargs)  # type: ignore[call-arg]

    def over_database(self, fn: Callable[..., R]) -> Callable[..., R]:
        """`fn` with the database given as its first argument: for a writer that is a function taking the
        session factory (the demo generator), run on the executor."""
        return functools.partial(fn, self.db.session_factory)


@dataclass
class AppContext:
    db: Database
    actor: Actor
    executor: Executor
    language: str = "fr"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))

    def today(self) -> dt.date:
        """The day it is at the dealership: the one clock in the dealership's time zone, as the services
        reckon it (settings.dealership_today). Not the computer's date (Qt's current date): a
        workstation set to UTC is still on yesterday for the first hour of a Paris day."""
        return today_in(self.timezone)

    def service(self, cls: type[S], **kwargs: Any) -> S:
        """A service acting for the logged-in user, e.g. `ctx.service(ClaimService)`."""
        return Services(self.db, self.actor).service(cls, **kwargs)

    def can(self, action: str) -> bool:
        """For hiding buttons only: the service refuses on its own anyway."""
        return can(self.actor, action)
