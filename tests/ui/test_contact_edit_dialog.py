"""The contact form and the customer view's one-click actions, driven through their widgets."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import Contact, Interaction
from dealercrm.models.enums import CallOutcome, ContactKind, Role
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.permissions import Actor
from dealercrm.ui.contacts.actions.log_call import LogCallDialog
from dealercrm.ui.contacts.actions.task import TaskDialog
from dealercrm.ui.contacts.edit_dialog import ContactEditDialog
from dealercrm.ui.contacts.page import ContactsPage
from dealercrm.ui.context import AppContext


def add_contact(db: Database, **fields: object) -> int:
    with db.session_factory.begin() as session:
        contact = Contact(**{"kind": ContactKind.PERSON, **fields})
        session.add(contact)
        session.flush()
        return contact.id


def contact_count(db: Database) -> int:
    with db.session_factory() as session:
        return int(session.scalar(select(func.count(Contact.id))) or 0)


def click_save(dialog: ContactEditDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


def test_new_contact_with_a_bad_phone_shows_the_error_and_saves_nothing(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    dialog = ContactEditDialog(make_ctx(salesperson))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.last_name, "Durand")
    qtbot.keyClicks(dialog.mobile, "06 12")
    qtbot.keyClicks(dialog.email, "paul@")
    click_save(dialog, qtbot)
    assert "phone" in dialog.error_text("mobile")
    assert dialog.error_text("email")
    assert dialog.error_text("last_name") == ""
    assert dialog.form_error.isVisibleTo(dialog) and "Nothing was saved" in dialog.form_error.text()
    assert dialog.isVisible()
    assert contact_count(db) == 0
    # Corrected: saved, normalised, the salesperson's own.
    dialog.mobile.setText("0612345678")
    dialog.email.setText("paul@example.fr")
    with qtbot.waitSignal(dialog.contact_saved):
        click_save(dialog, qtbot)
    assert dialog.error_text("mobile") == ""
    with db.session_factory() as session:
        c = session.scalars(select(Contact)).one()
        assert (c.mobile, c.owner_id) == ("+33612345678", salesperson.id)


def test_edit_from_the_customer_view_bad_phone_then_conflict(
    qtbot: QtBot,
    db: Database,
    manager: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    cid = add_contact(db, last_name="Durand", first_name="Paul", mobile="+33612345678")
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    qtbot.mouseClick(page.detail.action_buttons["edit"], Qt.MouseButton.LeftButton)
    dialog = page.action_dialog
    assert isinstance(dialog, ContactEditDialog)
    assert dialog.mobile.text() == "06 12 34 56 78"
    dialog.mobile.clear()
    qtbot.keyClicks(dialog.mobile, "12345")
    dialog.city.setText("Lyon")
    click_save(dialog, qtbot)
    assert dialog.error_text("mobile") and dialog.error_text("postal_code")
    with db.session_factory() as session:
        c = session.get_one(Contact, cid)
        assert (c.mobile, c.city) == ("+33612345678", None)
    # Meanwhile a colleague saves the same contact: our save is refused, with an explanation.
    other = make_user(Role.MANAGER, login="bob", display_name="Bob Boss")
    ContactEditService(db.session_factory, actor=other).update(
        contact_id=cid,
        expected_version=dialog.contact.version,
        changes={"job_title": "Pilote"},  # type: ignore[union-attr]
    )
    dialog.mobile.setText("06 99 88 77 66")
    dialog.postal_code.setText("69003")
    click_save(dialog, qtbot)
    assert "Bob Boss" in dialog.form_error.text() and "not saved" in dialog.form_error.text()
    with db.session_factory() as session:
        assert session.get_one(Contact, cid).mobile == "+33612345678"


def test_log_a_call_and_plan_a_test_drive_in_one_click(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    cid = add_contact(db, last_name="Durand", first_name="Paul", owner_id=salesperson.id)
    page = ContactsPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    page.open_record(cid)
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    qtbot.mouseClick(page.detail.action_buttons["call"], Qt.MouseButton.LeftButton)
    call = page.action_dialog
    assert isinstance(call, LogCallDialog)
    call.outcome.setCurrentIndex(call.outcome.findData(CallOutcome.APPOINTMENT))
    qtbot.keyClicks(call.summary, "Essai jeudi")
    with qtbot.waitSignal(call.done_with):
        qtbot.mouseClick(call.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.detail.timeline_items()))
    assert page.detail.timeline_items()[0].summary == "Essai jeudi"
    assert page.detail.detail is not None and page.detail.detail.last_contact_at is not None
    assert "contacted on" in page.detail.score.text()
    page.run_action("task")
    task = page.action_dialog
    assert isinstance(task, TaskDialog)
    with qtbot.waitSignal(task.done_with):
        qtbot.mouseClick(task.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.detail is not None and len(page.detail.detail.open_tasks) == 1)
    with db.session_factory() as session:
        assert session.scalar(select(func.count(Interaction.id))) == 1


def test_type_in_the_search_box_and_open_the_result(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    add_contact(db, last_name="Dupré", first_name="Hélène", mobile="+33612345678", owner_id=salesperson.id)
    add_contact(db, last_name="Martin", first_name="Paul", mobile="+33698765432", owner_id=salesperson.id)
    page = ContactsPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.search_edit, "helene")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)  # or wait for the pause after typing
    qtbot.waitUntil(lambda: [r.name for r in page.model.rows()] == ["Hélène Dupré"])
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.name == "Hélène Dupré")
    page.search_edit.clear()
    qtbot.keyClicks(page.search_edit, "06 98 76")
    qtbot.waitUntil(lambda: [r.name for r in page.model.rows()] == ["Paul Martin"])  # the timer fires


def test_score_filter_and_sort(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    for name, score in (("Alpha", 80), ("Bravo", 50), ("Charlie", 10), ("Delta", None)):
        add_contact(db, last_name=name, score=score)
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.score_combo.setCurrentIndex(page.score_combo.findData("hot"))
    assert [r.name for r in page.model.rows()] == ["Alpha"]
    page.score_combo.setCurrentIndex(0)
    page.table.horizontalHeader().sectionClicked.emit(4)
    assert [r.name for r in page.model.rows()] == ["Alpha", "Bravo", "Charlie", "Delta"]
    assert page.current_filters().order == "score"


def test_label_takes_an_enum_member_or_its_plain_value(qapp: object) -> None:
    """Qt hands a combo's StrEnum data back as a plain str: label() takes it with the enum class."""
    from dealercrm.models.enums import TaskKind
    from dealercrm.ui.labels import label

    assert label(TaskKind.TEST_DRIVE) == "Test drive"
    assert label("test_drive", TaskKind) == "Test drive"
    assert label(TaskKind.TEST_DRIVE, TaskKind) == "Test drive"
    assert label(None, TaskKind) == ""
    assert label("no_such_kind", TaskKind) == "no_such_kind"
    with pytest.raises(TypeError):
        label("test_drive")


def test_changing_the_kind_of_a_planned_task_renames_it_and_saves_that_kind(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    from dealercrm.models import Task
    from dealercrm.models.enums import TaskKind

    cid = add_contact(db, last_name="Durand", first_name="Paul", owner_id=salesperson.id)
    page = ContactsPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    page.open_record(cid)
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    page.run_action("task")
    task = page.action_dialog
    assert isinstance(task, TaskDialog)
    assert task.title.text() == "Appointment"
    task.kind.setCurrentIndex(task.kind.findData(TaskKind.TEST_DRIVE))  # raised KeyError: <class 'str'>
    assert task.title.text() == "Test drive"
    task.title.setText("Essai 3008")
    task.kind.setCurrentIndex(task.kind.findData(TaskKind.CALL_BACK))
    assert task.title.text() == "Essai 3008"  # a title typed by the user is kept
    task.kind.setCurrentIndex(task.kind.findData(TaskKind.TEST_DRIVE))
    with qtbot.waitSignal(task.done_with):
        qtbot.mouseClick(task.ok_button, Qt.MouseButton.LeftButton)
    with db.session_factory() as session:
        saved = session.scalars(select(Task)).one()
        assert saved.kind is TaskKind.TEST_DRIVE and saved.title == "Essai 3008"


def test_company_and_lost_fields_follow_the_combos(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], salesperson: Actor
) -> None:
    from dealercrm.models.enums import Lifecycle

    dialog = ContactEditDialog(make_ctx(salesperson))
    qtbot.addWidget(dialog)
    assert not dialog.fields["siren"].isEnabled()
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(ContactKind.COMPANY))
    assert dialog.fields["siren"].isEnabled() and not dialog.fields["civility"].isEnabled()
    assert not dialog.lost_reason.isEnabled()
    dialog.lifecycle_combo.setCurrentIndex(dialog.lifecycle_combo.findData(Lifecycle.LOST))
    assert dialog.lost_reason.isEnabled()
    dialog.lost_reason.setText("Bought elsewhere")
    assert dialog.values()["lost_reason"] == "Bought elsewhere"


def test_tab_walks_every_field_of_a_new_contact_and_reaches_the_buttons(
    qtbot: QtBot, make_ctx: Callable[..., AppContext], salesperson: Actor
) -> None:
    """Keyboard entry of a prospect: Tab from the first field visits every field (the birth date,
    shown as "Unknown", used to keep the focus for ever) and then the Save and Cancel buttons."""
    from PySide6.QtWidgets import QApplication

    dialog = ContactEditDialog(make_ctx(salesperson))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.kind_combo.setFocus()
    qtbot.waitUntil(dialog.kind_combo.hasFocus)
    # The widgets themselves are held (not their ids): a wrapper that nobody holds may be rebuilt.
    wanted = [w for w in dialog.fields.values() if w.isVisibleTo(dialog) and w.isEnabled()]
    wanted += dialog.buttons.buttons()
    seen: list[object] = []
    for _ in range(3 * len(wanted)):
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
        if all(w in seen for w in wanted):
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    missing = [getattr(w, "text", w.objectName)() or type(w).__name__ for w in wanted if w not in seen]
    assert not missing, f"Tab never reached {missing}"


def test_a_new_contact_found_in_the_file_is_added_to_it_without_overwriting(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_ctx: Callable[[Actor], AppContext],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    existing = add_contact(
        db,
        first_name="Paul",
        last_name="Durand",
        mobile="+33612345678",
        city="Orléans",
        postal_code="45000",
        owner_id=salesperson.id,
    )

    def choose_add(box: QMessageBox) -> int:
        offered = [b.text() for b in box.buttons()]
        assert "Add to Paul Durand" in offered and "Create anyway" in offered
        next(b for b in box.buttons() if b.text() == "Add to Paul Durand").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_add)
    dialog = ContactEditDialog(make_ctx(salesperson))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.first_name, "Paul")
    qtbot.keyClicks(dialog.last_name, "Durand")
    qtbot.keyClicks(dialog.mobile, "06 12 34 56 78")
    qtbot.keyClicks(dialog.email, "paul.durand@example.fr")
    qtbot.keyClicks(dialog.city, "Lyon")  # the file says Orléans: kept
    with qtbot.waitSignal(dialog.open_requested) as opened:
        click_save(dialog, qtbot)
    assert opened.args == [existing] and not dialog.isVisible()
    assert contact_count(db) == 1  # no second Paul Durand
    with db.session_factory() as session:
        c = session.get_one(Contact, existing)
        assert (c.email, c.city, c.postal_code) == ("paul.durand@example.fr", "Orléans", "45000")
