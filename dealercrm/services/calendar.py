"""iCalendar (.ics) export of a user's appointments and test drives, for their phone's calendar.

Times are written in the dealership's time zone (Europe/Paris by default) with its VTIMEZONE, so a
15:00 test drive stays at 15:00 whatever the phone's zone does with daylight saving. Each event's UID
is stable (task id + dealership), so importing the file again updates events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from dealercrm.i18n import _
from dealercrm.models import Task, utcnow
from dealercrm.models.enums import TaskKind
from dealercrm.services.base import Service
from dealercrm.services.contacts import format_phone
from dealercrm.services.enum_words import enum_word
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.permissions import require
from dealercrm.services.settings import read_setting
from dealercrm.services.tasks import MANAGES_ANY_TASK, dealership_zone, tasks_in_due_order

EXPORTED_KINDS: tuple[TaskKind, ...] = (TaskKind.APPOINTMENT, TaskKind.TEST_DRIVE)
PRODID = "-//dealercrm//Agenda export//FR"
MAX_DAYS = 366


@dataclass(frozen=True)
class IcsExport:
    content: bytes
    events: int
    filename: str


class CalendarService(Service):
    def export_ics(
        self,
        *,
        start: dt.datetime | None = None,
        days: int = 60,
        kinds: Collection[TaskKind] = EXPORTED_KINDS,
        user_id: int | None = None,
        include_done: bool = False,
        language: str = "fr",
    ) -> IcsExport:
        """The open appointments and test drives of the actor (or, for a manager, of `user_id`) from
        `start` (default: now) for `days` days, as an .ics file's bytes."""
        require(self._actor, "tasks.manage")
        if not 1 <= days <= MAX_DAYS:
            raise ValidationError({"days": _("between 1 and {MAX_DAYS} days").format(MAX_DAYS=MAX_DAYS)})
        owner = user_id if user_id is not None else self._actor.id
        if owner != self._actor.id and self._actor.role not in MANAGES_ANY_TASK:
            raise PermissionDenied(
                _("{display_name} may export only their own calendar.").format(
                    display_name=self._actor.display_name
                )
            )
        start = start or utcnow()
        if start.tzinfo is None:
            raise ValidationError({"start": _("a timezone-aware instant is expected")})
        end = start + dt.timedelta(days=days)
        with self._session_factory() as session:
            zone = dealership_zone(session)
            dealership = str(read_setting(session, "dealership.name") or "dealercrm")
            where = [
                Task.user_id == owner,
                Task.kind.in_(list(kinds)),
                Task.due_at >= start,
                Task.due_at < end,
            ]
            if not include_done:
                where.append(Task.done_at.is_(None))
            rows = session.execute(tasks_in_due_order(self._actor, *where)).all()
        from icalendar import Calendar, Event  # only an export needs it (and it is slow to import)

        cal = Calendar()
        cal.add("prodid", PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", f"{dealership} — {self._actor.display_name}")
        cal.add("x-wr-timezone", zone.key)
        stamp = utcnow()
        for task, contact in rows:
            event = Event()
            event.add("uid", f"task-{task.id}@{_slug(dealership)}.dealercrm")
            event.add("dtstamp", stamp)
            begin = task.due_at.astimezone(zone)
            event.add("dtstart", begin)
            event.add("dtend", begin + dt.timedelta(minutes=task.duration_minutes))
            who = ""
            description: list[str] = []
            if contact is not None:
                who = contact.display_name
                phone = format_phone(contact.mobile or contact.landline)
                description.append(f"{who} {phone}".strip())
            summary = task.title if not who or who in task.title else f"{task.title} — {who}"
            event.add("summary", summary)
            # the category as the phone's calendar shows it, in the user's interface language
            event.add("categories", [enum_word(task.kind, language)])
            if task.location:
                event.add("location", task.location)
            if task.notes:
                description.append(task.notes)
            if description:
                event.add("description", "\n".join(description))
            event.add("status", "CONFIRMED" if task.done_at is None else "CANCELLED")
            cal.add_component(event)
        cal.add_missing_timezones()
        filename = f"agenda-{_slug(self._actor.login)}-{start.astimezone(zone):%Y%m%d}.ics"
        return IcsExport(content=cal.to_ical(), events=len(rows), filename=filename)


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "dealercrm"
