"""What every screen needs: the open database, the logged-in user, the executor, the locale."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from dealercrm.db import Database
from dealercrm.services.permissions import Actor, can
from dealercrm.services.settings import DEFAULT_TIMEZONE
from dealercrm.ui.workers import Executor

S = TypeVar("S")


@dataclass
class AppContext:
    db: Database
    actor: Actor
    executor: Executor
    language: str = "fr"
    timezone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))

    def service(self, cls: type[S], **kwargs: Any) -> S:
        """A service acting for the logged-in user, e.g. `ctx.service(ClaimService)`."""
        return cls(self.db.session_factory, actor=self.actor, **kwargs)  # type: ignore[call-arg]

    def can(self, action: str) -> bool:
        """For hiding buttons only: the service refuses on its own anyway."""
        return can(self.actor, action)
