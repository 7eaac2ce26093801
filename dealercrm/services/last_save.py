"""Who saved a record last, and when: the words a stale-save refusal (ConflictError) names, read from
the audit log. One place for the contacts' and the deals' conflict messages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import _
from dealercrm.models import AuditEntry, User
from dealercrm.models.enums import AuditAction
from dealercrm.services.settings import dealership_timezone


@dataclass(frozen=True)
class LastSave:
    who: str  # their name, else their login, else "someone else"
    when: str  # " on 05/12/2026 at 14:03" in the dealership's zone, or "" when the log has nothing
    fields: tuple[str, ...]  # the columns that save changed (an update's), sorted


def last_save(session: Session, *, entity: str, entity_id: int, actions: Iterable[AuditAction]) -> LastSave:
    """The newest audit entry of `entity` #`entity_id` among `actions`, in words."""
    entry = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.entity == entity,
            AuditEntry.entity_id == entity_id,
            AuditEntry.action.in_(tuple(actions)),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(1)
    ).first()
    if entry is None:
        return LastSave(_("someone else"), "", ())
    who = entry.user_login or _("someone else")
    if entry.user_id is not None:
        who = session.scalar(select(User.display_name).where(User.id == entry.user_id)) or who
    local = entry.at.astimezone(dealership_timezone(session))
    when = " " + _("on {day} at {time}").format(day=i18n.date(local.date()), time=i18n.time(local))
    fields = tuple(sorted(entry.changes)) if entry.action is AuditAction.UPDATE and entry.changes else ()
    return LastSave(who, when, fields)
