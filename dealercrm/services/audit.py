"""Audit log written by the unit of work itself, so no service can forget it.

Every flush that creates, updates or deletes business data adds one audit entry per record with the
changed fields (old and new values); passwords and secrets are never written.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.db.options import WRITE_INTENT
from dealercrm.models import AuditEntry, Base, BloctelEntry, utcnow
from dealercrm.models.enums import AuditAction
from dealercrm.services.permissions import Actor

# Never written to the audit log, whatever the entity.
REDACTED_FIELDS = frozenset({"password_hash", "smtp_password", "api_key", "secret"})
# Bookkeeping columns that change on every write and tell nothing.
IGNORED_FIELDS = frozenset({"updated_at", "version", "lock_version", "score_updated_at"})
# Login bookkeeping, recorded by the login and login_failed entries themselves.
IGNORED_FIELDS |= {"last_login_at", "failed_logins", "locked_until"}
# Tables that are themselves logs or bulk lists, not business records.
NOT_AUDITED = frozenset({AuditEntry.__tablename__, BloctelEntry.__tablename__})

ACTOR_KEY = "actor"


def jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict | list | str | int | float | bool) or value is None:
        return value
    return str(value)


@contextmanager
def unit_of_work(session_factory: sessionmaker[Session], actor: Actor | None) -> Iterator[Session]:
    """One transaction on behalf of `actor`: committed at the end, rolled back on any error."""
    with session_factory.begin() as session:
        # Declares the intent to write before the first statement (SQLite: BEGIN IMMEDIATE).
        session.connection(execution_options={WRITE_INTENT: True})
        session.info[ACTOR_KEY] = actor
        yield session


def log_event(
    session: Session, *, action: AuditAction, entity: str, entity_id: int | None, changes: dict[str, Any]
) -> None:
    """An audit entry for something that is not a plain row change (login, merge, erase, export)."""
    actor: Actor | None = session.info.get(ACTOR_KEY)
    session.add(
        AuditEntry(
            user_id=user_id_of(actor),
            user_login=actor.login if actor else "system",
            action=action,
            entity=entity,
            entity_id=entity_id,
            changes={k: jsonable(v) for k, v in changes.items()},
        )
    )


def user_id_of(actor: Actor | None) -> int | None:
    """`actor`'s row in the users table, for the columns that say who did something (`user_id`,
    `created_by_id`, ...); None for no actor or the system actor (the command line, id 0)."""
    return actor.id if actor is not None and actor.id > 0 else None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    user_login: str | None
    action: AuditAction
    entity: str
    entity_id: int | None
    changes: dict[str, Any]


def history(session: Session, *, entity: str, entity_id: int) -> list[AuditRow]:
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [
        AuditRow(r.id, r.at, r.user_login, r.action, r.entity, r.entity_id, dict(r.changes or {}))
        for r in rows
    ]


def _entity_name(obj: Base) -> str:
    return str(obj.__tablename__)


def _column_changes(obj: Base, *, creating: bool) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in IGNORED_FIELDS or (creating and key == "id"):
            continue
        hist = state.attrs[key].history
        if creating:
            value = getattr(obj, key)
            if value is not None:
                changes[key] = "***" if key in REDACTED_FIELDS else jsonable(value)
        elif hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old == new:
                continue
            changes[key] = "***" if key in REDACTED_FIELDS else [jsonable(old), jsonable(new)]
    return changes


def _after_flush(session: Session, _flush_context: Any) -> None:
    actor: Actor | None = session.info.get(ACTOR_KEY)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    groups = (
        (AuditAction.CREATE, session.new),
        (AuditAction.UPDATE, session.dirty),
        (AuditAction.DELETE, session.deleted),
    )
    for action, objects in groups:
        for obj in objects:
            if not isinstance(obj, Base) or obj.__tablename__ in NOT_AUDITED:
                continue
            if action is AuditAction.DELETE:
                changes: dict[str, Any] = {}
            else:
                changes = _column_changes(obj, creating=action is AuditAction.CREATE)
                if action is AuditAction.UPDATE and not changes:
                    continue
            ident = inspect(obj).mapper.primary_key_from_instance(obj)[0]
            entity_id = ident if isinstance(ident, int) else None
            if ident is not None and entity_id is None:  # settings are keyed by name
                changes = {"key": ident, **changes}
            rows.append(
                {
                    "at": now,
                    "user_id": user_id_of(actor),
                    "user_login": actor.login if actor else "system",
                    "action": action,
                    "entity": _entity_name(obj),
                    "entity_id": entity_id,
                    "changes": changes,
                }
            )
    if rows:
        session.connection().execute(insert(AuditEntry), rows)


event.listen(Session, "after_flush", _after_flush)
