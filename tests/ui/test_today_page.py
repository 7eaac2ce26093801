"""TodayPage driven through its widgets: sections and counts, open, mark done, undo, reschedule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Contact, Opportunity, Sale, Task, utcnow
from dealercrm.models.enums import ContactKind, Financing, Role, Stage, StockStatus, TaskKind
from dealercrm.services.due_dates import add_months
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.today.page import RescheduleDialog, TodayPage

PARIS = ZoneInfo("Europe/Paris")


def seed(db: Database, user: Actor) -> dict[str, int]:
    """An overdue call back, a test drive later today, one task in three days, one done, one hot lead."""
    now = utcnow()
    today_local = now.astimezone(PARIS).date()
    later_today = dt.datetime.combine(today_local, dt.time(23, 0), tzinfo=PARIS)
    with db.session_factory.begin() as session:
        contact = Contact(
            kind=ContactKind.PERSON,
            first_name="Jean",
            last_name="Dupont",
            owner_id=user.id,
            mobile="+33612345678",
            last_contact_at=now - dt.timedelta(days=30),
        )
        session.add(contact)
        session.flush()
        tasks = {
            "overdue": Task(
                contact_id=contact.id,
                user_id=user.id,
                kind=TaskKind.CALL_BACK,
                title="Call back about the offer",
                due_at=now - dt.timedelta(days=2),
            ),
            "today": Task(
                contact_id=contact.id,
                user_id=user.id,
                kind=TaskKind.TEST_DRIVE,
                title="Test drive Captur",
                due_at=later_today,
            ),
            "upcoming": Task(
                user_id=user.id, kind=TaskKind.FOLLOW_UP, title="Follow up", due_at=now + dt.timedelta(days=3)
            ),
            "done": Task(
                user_id=user.id,
                kind=TaskKind.CALL_BACK,
                title="Already done",
                due_at=now - dt.timedelta(days=1),
                done_at=now,
            ),
        }
        session.add_all(tasks.values())
        session.add(
            Opportunity(
                contact_id=contact.id,
                owner_id=user.id,
                title="Captur hybride",
                stage=Stage.OFFER,
                amount=Decimal(30000),
            )
        )
        session.flush()
        return {"contact": contact.id, **{k: t.id for k, t in tasks.items()}}


def titles(page: TodayPage) -> list[str]:
    return [item.text(4) for item in page.task_items()]


def test_sections_counts_and_hot_leads(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed(db, salesperson)
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    groups = [page.agenda_tree.topLevelItem(i).text(0) for i in range(page.agenda_tree.topLevelItemCount())]
    assert groups == ["Overdue (1)", "Today (1)", "Next 7 days (1)"]
    assert titles(page) == ["Call back about the offer", "Test drive Captur", "Follow up"]
    assert page.summary_label.text() == "1 overdue, 1 today, 1 in the next 7 days"
    first = page.task_items()[0]
    assert first.text(2) == "Jean Dupont" and first.text(3) == "06 12 34 56 78"
    assert page.hot_title.text() == "Hot leads with no contact for 10 days (1)"
    assert page.hot_tree.topLevelItem(0).text(1) == "Captur hybride"
    assert page.hot_tree.topLevelItem(0).text(3) == "30 days"


def test_enter_on_a_task_opens_its_contact(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    ids = seed(db, salesperson)
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    page.agenda_tree.setFocus()
    page.agenda_tree.setCurrentItem(page.task_items()[1])
    with qtbot.waitSignal(page.open_requested) as blocker:
        qtbot.keyClick(page.agenda_tree, Qt.Key.Key_Return)
    assert blocker.args == ["contact", ids["contact"]]
    with qtbot.waitSignal(page.open_requested) as blocker:
        page.hot_tree.itemActivated.emit(page.hot_tree.topLevelItem(0), 0)
    assert blocker.args == ["contact", ids["contact"]]


def test_mark_done_in_place_then_undo(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    ids = seed(db, salesperson)
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.agenda_tree.setCurrentItem(page.task_items()[0])
    with qtbot.waitSignal(page.status_message) as blocker:
        qtbot.mouseClick(page.done_button, Qt.MouseButton.LeftButton)
    assert blocker.args == ["“Call back about the offer” marked done."]
    qtbot.waitUntil(lambda: titles(page) == ["Test drive Captur", "Follow up"])
    with db.session_factory() as session:
        assert session.get_one(Task, ids["overdue"]).done_at is not None
    assert page.undo_button.isVisibleTo(page)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Call back about the offer" in titles(page))
    assert not page.undo_button.isVisibleTo(page)


def test_reschedule_moves_the_task_to_its_new_section(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed(db, salesperson)
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.agenda_tree.setCurrentItem(page.task_items()[0])
    page.reschedule_selected(utcnow() + dt.timedelta(days=2))
    qtbot.waitUntil(lambda: page.agenda_tree.topLevelItem(0).text(0) == "Overdue (0)")
    assert page.agenda_tree.topLevelItem(2).text(0) == "Next 7 days (2)"


def test_reschedule_dialog_returns_an_aware_paris_time(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed(db, salesperson)
    ctx = make_ctx(salesperson)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    dialog = RescheduleDialog(page.task_items()[0].data(0, Qt.ItemDataRole.UserRole), ctx, page)
    qtbot.addWidget(dialog)
    wanted = dt.datetime(2031, 4, 3, 15, 0, tzinfo=PARIS)
    dialog.set_due_at(wanted)
    assert dialog.due_at() == wanted and dialog.due_at().utcoffset() == dt.timedelta(hours=2)


def test_someone_elses_task_is_refused_with_a_message(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The page shows the service's refusal as a message, never a traceback."""
    seed(db, salesperson)
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    with db.session_factory.begin() as session:  # reassigned meanwhile, on another workstation
        session.query(Task).update({Task.user_id: make_user(Role.SALESPERSON).id})
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    page.agenda_tree.setCurrentItem(page.task_items()[0])
    page.complete_selected()
    assert len(shown) == 1 and "may not change a task assigned to someone else" in shown[0]
    with db.session_factory() as session:
        assert session.query(Task).filter(Task.done_at.is_(None)).count() == 3


def test_empty_day_says_what_to_do(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    today = page.agenda_tree.topLevelItem(1)
    assert today.text(0) == "Today (0)"
    assert today.child(0).text(0) == "Nothing planned today: a good time to call the hot leads."
    assert not page.done_button.isEnabled()
    assert page.hot_tree.topLevelItem(0).text(0) == "Every hot lead has been contacted recently."


def test_aftersales_sees_tasks_without_the_pipeline(
    qtbot: QtBot, db: Database, aftersales: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed(db, aftersales)
    page = TodayPage(make_ctx(aftersales))
    qtbot.addWidget(page)
    page.show()
    assert len(page.task_items()) == 3
    assert page.data is not None and page.data.hot_leads is None
    assert not page.hot_tree.isVisible()


def test_appointments_and_test_drives_export_to_ics(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from icalendar import Calendar

    with db.session_factory.begin() as session:
        for kind, hours in ((TaskKind.TEST_DRIVE, 30), (TaskKind.APPOINTMENT, 50), (TaskKind.CALL_BACK, 5)):
            session.add(
                Task(
                    user_id=salesperson.id,
                    kind=kind,
                    title=kind.value,
                    due_at=utcnow() + dt.timedelta(hours=hours),
                )
            )
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    target = tmp_path / "agenda.ics"
    with qtbot.waitSignal(page.status_message):
        page.export_ics(str(target))
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == ["appointment", "test_drive"]


def _two_cars_with_a_ct_and_a_lease_ending(db: Database, salesperson: Actor) -> tuple[int, int, dt.date]:
    """Two customers (one the salesperson's), each with a car whose first contrôle technique comes in two
    weeks and a lease that ends in six weeks."""
    from tests.unit.test_vehicles_service import add_contact, add_vehicle

    today = utcnow().astimezone(PARIS).date()
    mine = add_contact(db, last_name="Durand", owner=salesperson)
    other = add_contact(db, last_name="Ailleurs")  # a shared customer, not hers
    for owner in (mine, other):
        car = add_vehicle(
            db,
            model="Captur",
            plate="AB-123-CD" if owner == mine else "ZZ-999-ZZ",
            stock_status=StockStatus.CUSTOMER_OWNED,
            owner_contact_id=owner,
            first_registration_on=add_months(today, -48) + dt.timedelta(days=14),
            mileage_km=1000,
        )
        with db.session_factory.begin() as session:
            session.add(
                Sale(
                    contact_id=owner,
                    vehicle_id=car,
                    sold_on=add_months(today, -36),
                    price=Decimal(20000),
                    cost=Decimal(18000),
                    margin=Decimal(2000),
                    financing=Financing.LOA,
                    financing_end_on=today + dt.timedelta(days=42),
                )
            )
    return mine, other, today


def _due_rows(page: TodayPage) -> list[tuple[str, str, str]]:
    items = [page.due_tree.topLevelItem(i) for i in range(page.due_tree.topLevelItemCount())]
    return [(item.text(0), item.text(1), item.text(2)) for item in items if item is not None]


def test_customers_with_something_due_soon_open_the_contact(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    """A salesperson follows the next car to offer on their own customers (the lease ending), not the
    workshop's CT and maintenance."""
    mine, _other, _today = _two_cars_with_a_ct_and_a_lease_ending(db, salesperson)
    page = TodayPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()

    assert _due_rows(page) == [("Paul Durand", "Renault Captur", "Financing ends")]
    assert page.due_title.text().startswith("Customers with something due soon")
    assert (
        "leases and loans" in page.due_title.toolTip()
        and "contrôle technique" not in page.due_title.toolTip()
    )
    with qtbot.waitSignal(page.open_requested) as signal:
        page.due_tree.itemActivated.emit(page.due_tree.topLevelItem(0), 0)
    assert signal.args == ["contact", mine]


def test_a_manager_follows_the_teams_leases_and_warranties(
    qtbot: QtBot, db: Database, salesperson: Actor, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    """A manager steers the whole team: every customer's next car to offer, not the workshop's CT."""
    _two_cars_with_a_ct_and_a_lease_ending(db, salesperson)
    page = TodayPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.show()

    assert sorted(_due_rows(page)) == [
        ("Paul Ailleurs", "Renault Captur", "Financing ends"),
        ("Paul Durand", "Renault Captur", "Financing ends"),
    ]


def test_the_aftersales_desk_follows_every_customers_ct_and_maintenance(
    qtbot: QtBot, db: Database, salesperson: Actor, aftersales: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    _two_cars_with_a_ct_and_a_lease_ending(db, salesperson)
    page = TodayPage(make_ctx(aftersales))
    qtbot.addWidget(page)
    page.show()

    rows = _due_rows(page)
    assert sorted(name for name, _car, due in rows if due == "CT") == ["Paul Ailleurs", "Paul Durand"]
    assert all(due in ("CT", "Maintenance") for _name, _car, due in rows), rows
    assert "contrôle technique" in page.due_title.toolTip() and "leases" not in page.due_title.toolTip()


def test_aftersales_today_lists_an_overdue_claim_that_opens_the_claim(
    qtbot: QtBot, db: Database, aftersales: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    from tests.unit.test_claims_service import add_claim
    from tests.unit.test_vehicles_service import add_contact

    now = utcnow()
    customer = add_contact(db, last_name="Peltier")
    late = add_claim(db, customer, assignee_id=aftersales.id, due_at=now - dt.timedelta(hours=5))
    add_claim(db, customer, assignee_id=aftersales.id, due_at=now + dt.timedelta(days=5))  # not yet
    add_claim(db, customer, due_at=now - dt.timedelta(hours=2))  # nobody's: the team queue's
    page = TodayPage(make_ctx(aftersales))
    qtbot.addWidget(page)
    page.show()

    assert page.claims_tree.isVisible() and page.due_tree.isVisible()
    assert page.claims_tree.topLevelItemCount() == 1
    item = page.claims_tree.topLevelItem(0)
    assert item is not None and item.text(1) == "Paul Peltier"
    assert item.foreground(0).color().name() == "#b42318"  # overdue stands out
    with qtbot.waitSignal(page.open_requested) as signal:
        page.claims_tree.itemActivated.emit(item, 0)
    assert signal.args == ["claim", late]


def _tree_rows(tree: QTreeWidget) -> list[tuple[Any, ...]]:
    """Every line of `tree` (groups and their children), with what each column says and shows."""
    rows: list[tuple[Any, ...]] = []

    def add(item: QTreeWidgetItem, depth: int) -> None:
        columns = range(tree.columnCount())
        rows.append(
            (
                depth,
                tuple(item.text(c) for c in columns),
                tuple(item.toolTip(c) for c in columns),
                tuple(item.foreground(c).color().name() for c in columns),
                item.data(0, Qt.ItemDataRole.UserRole + 1),
                int(item.flags().value),
            )
        )
        for i in range(item.childCount()):
            add(item.child(i), depth + 1)

    for i in range(tree.topLevelItemCount()):
        add(tree.topLevelItem(i), 0)
    return rows


def _what_the_page_shows(page: TodayPage) -> dict[str, Any]:
    trees = {
        "agenda": page.agenda_tree,
        "hot": page.hot_tree,
        "due": page.due_tree,
        "claims": page.claims_tree,
    }
    labels = {
        "date": page.date_label,
        "summary": page.summary_label,
        "hot_title": page.hot_title,
        "due_title": page.due_title,
        "claims_title": page.claims_title,
        "hot_hint": page.hot_hint,
    }
    widgets = {
        **labels,
        **trees,
        "side": page.side,
        "hot_box": page.hot_box,
        "due_box": page.due_box,
        "claims_box": page.claims_box,
        "done": page.done_button,
        "reschedule": page.reschedule_button,
        "open": page.open_button,
        "undo": page.undo_button,
        "refresh": page.refresh_button,
        "ics": page.ics_button,
    }
    current = page.current_task()
    return {
        "rows": {name: _tree_rows(tree) for name, tree in trees.items()},
        "texts": {name: (label.text(), label.toolTip()) for name, label in labels.items()},
        "visible": {name: widget.isVisibleTo(page) for name, widget in widgets.items()},
        "enabled": {name: widget.isEnabled() for name, widget in widgets.items()},
        "actions": (page.done_action.isEnabled(), page.reschedule_action.isEnabled()),
        "current": current.id if current is not None else None,
    }


@pytest.mark.parametrize(
    "role", [Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES, Role.MARKETING, Role.ADMIN]
)
def test_a_page_built_before_login_then_attached_shows_and_does_what_one_built_for_the_user_does(
    qtbot: QtBot,
    db: Database,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
    role: Role,
) -> None:
    """Issue 16: the page's widgets are built while the login dialog waits for the password (no user, no
    query), then attached to whoever logs in: the same lines, titles, lists and buttons, pixel for pixel,
    as a page built for them; and it acts as one."""
    from tests.unit.test_claims_service import add_claim
    from tests.unit.test_vehicles_service import add_contact

    actor = make_user(role, login="pat", display_name="Pat Dupont")
    ids = seed(db, actor)
    _two_cars_with_a_ct_and_a_lease_ending(db, actor)
    add_claim(db, add_contact(db, last_name="Peltier"), assignee_id=actor.id, due_at=utcnow())

    early = TodayPage.prebuild()
    qtbot.addWidget(early)
    early.refresh()  # nobody's day to load yet: nothing asked for
    assert early.data is None and early.agenda_tree.topLevelItemCount() == 0
    early.attach(make_ctx(actor))
    usual = TodayPage(make_ctx(actor))
    qtbot.addWidget(usual)
    for page in (early, usual):
        page.resize(1100, 720)
        page.show()
    qtbot.waitExposed(early)
    qtbot.waitExposed(usual)

    assert early.data is not None and early.task_items()
    assert _what_the_page_shows(early) == _what_the_page_shows(usual)
    ctx = early.ctx  # what the role has, as before the page could be built early
    follows_cars = ctx.can("sales.read") or ctx.can("service.log")
    shown = _what_the_page_shows(early)["visible"]
    assert shown["hot_box"] == ctx.can("opportunities.read")
    assert shown["due_box"] == follows_cars
    assert shown["claims_box"] == (role is Role.AFTERSALES)
    assert shown["side"] == (shown["hot_box"] or shown["due_box"] or shown["claims_box"])
    assert shown["ics"] == ctx.can("tasks.manage")
    assert early.due_title.toolTip().startswith("On your customers' cars")
    assert early.grab().toImage() == usual.grab().toImage()
    with pytest.raises(RuntimeError):
        early.attach(make_ctx(actor))

    if role in (Role.MARKETING, Role.ADMIN):
        return  # their tasks are shown; whether they may change them is the service's
    early.agenda_tree.setCurrentItem(early.task_items()[0])
    with qtbot.waitSignal(early.status_message):
        early.complete_selected()
    qtbot.waitUntil(lambda: "Call back about the offer" not in titles(early))
    with db.session_factory() as session:
        assert session.get_one(Task, ids["overdue"]).done_at is not None
