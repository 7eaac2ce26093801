"""CalendarService: appointments and test drives as .ics, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from dealercrm.db import Database
from dealercrm.models import Contact, Task
from dealercrm.models.enums import ContactKind, TaskKind
from dealercrm.services.calendar import CalendarService
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.permissions import Actor
from dealercrm.services.tasks import TaskService

PARIS = ZoneInfo("Europe/Paris")
START = dt.datetime(2026, 3, 23, 8, 0, tzinfo=dt.UTC)


def test_test_drive_reaches_the_phone_at_local_time(db: Database, salesperson: Actor, manager: Actor) -> None:
    with db.session_factory.begin() as session:
        c = Contact(kind=ContactKind.PERSON, first_name="Paul", last_name="Durand", mobile="+33612345678")
        session.add(c)
        session.flush()
        cid = c.id
    tasks = TaskService(db.session_factory, actor=salesperson)
    # Thursday 15:00 in Paris, after the switch to summer time (29 March 2026).
    drive = tasks.create(
        kind=TaskKind.TEST_DRIVE,
        title="Essai 3008 hybride",
        due_at=dt.datetime(2026, 4, 2, 15, 0, tzinfo=PARIS),
        duration_minutes=45,
        location="Showroom",
        contact_id=cid,
    )
    tasks.create(
        kind=TaskKind.APPOINTMENT, title="Signature", due_at=dt.datetime(2026, 3, 26, 10, 0, tzinfo=PARIS)
    )
    tasks.create(
        kind=TaskKind.CALL_BACK, title="Rappeler", due_at=dt.datetime(2026, 3, 26, 11, 0, tzinfo=PARIS)
    )
    done = tasks.create(
        kind=TaskKind.APPOINTMENT, title="Fait", due_at=dt.datetime(2026, 3, 27, 11, 0, tzinfo=PARIS)
    )
    tasks.complete(task_id=done.id)
    TaskService(db.session_factory, actor=manager).create(
        kind=TaskKind.APPOINTMENT, title="Someone else's", due_at=dt.datetime(2026, 3, 26, 9, 0, tzinfo=PARIS)
    )

    export = CalendarService(db.session_factory, actor=salesperson).export_ics(start=START, days=30)
    assert export.events == 2 and export.filename.endswith(".ics")
    cal = Calendar.from_ical(export.content)
    events = cal.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Signature", "Essai 3008 hybride — Paul Durand"]
    thursday = events[1]
    begin = thursday.decoded("dtstart")
    assert begin == dt.datetime(2026, 4, 2, 15, 0, tzinfo=PARIS)
    assert begin.utcoffset() == dt.timedelta(hours=2)
    assert str(thursday["dtstart"].params["TZID"]) == "Europe/Paris"
    assert thursday.decoded("dtend") - begin == dt.timedelta(minutes=45)
    assert str(thursday["uid"]).startswith(f"task-{drive.id}@")
    assert "06 12 34 56 78" in str(thursday["description"])
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_only_a_manager_exports_someone_elses_calendar(
    db: Database, salesperson: Actor, manager: Actor
) -> None:
    with pytest.raises(PermissionDenied):
        CalendarService(db.session_factory, actor=salesperson).export_ics(user_id=manager.id)
    assert CalendarService(db.session_factory, actor=manager).export_ics(user_id=salesperson.id).events == 0


def test_tasks_created_land_on_the_agenda(db: Database, salesperson: Actor) -> None:
    tasks = TaskService(db.session_factory, actor=salesperson)
    now = dt.datetime(2026, 3, 23, 9, 0, tzinfo=dt.UTC)
    tasks.create(kind=TaskKind.TEST_DRIVE, title="Essai", due_at=now + dt.timedelta(hours=5))
    agenda = tasks.agenda(now=now)
    assert [t.title for t in agenda.due_today] == ["Essai"]
    with db.session_factory() as session:
        assert session.query(Task).count() == 1


def test_event_categories_follow_the_interface_language(db: Database, salesperson: Actor) -> None:
    TaskService(db.session_factory, actor=salesperson).create(
        kind=TaskKind.TEST_DRIVE, title="Essai Captur", due_at=dt.datetime(2026, 4, 2, 15, 0, tzinfo=PARIS)
    )
    service = CalendarService(db.session_factory, actor=salesperson)
    for language, expected in (("fr", "Essai"), ("en", "Test drive")):
        export = service.export_ics(start=START, days=30, language=language)
        events = [c for c in Calendar.from_ical(export.content).walk() if c.name == "VEVENT"]
        assert events and all(str(e.get("categories").cats[0]) == expected for e in events)
