"""Settings › Data & privacy: backups, a person's request, the retention list (jobs run inline)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Campaign, Contact
from dealercrm.models.enums import CampaignKind, CampaignStatus
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.settings.data_page import DataPrivacyTab, TypedConfirmation
from dealercrm.ui.style import apply_style
from tests.unit.test_gdpr import LAST, make_person
from tests.unit.test_retention import THREE_YEARS_AGO

SHOTS = os.environ.get("DEALERCRM_SHOTS")  # a folder: save screenshots there to look at them


def make_tab(qtbot: QtBot, ctx: AppContext, errors: list[str]) -> DataPrivacyTab:
    if SHOTS:  # look as in the app
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_style(app)
    tab = DataPrivacyTab(ctx, on_error=errors.append)
    qtbot.addWidget(tab)
    tab.resize(1100, 860)
    tab.show()
    tab.refresh()
    return tab


@pytest.mark.sqlite_only
def test_back_up_now_then_restore(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], admin: Actor, db: Database, tmp_path: Path
):
    errors: list[str] = []
    tab = make_tab(qtbot, make_ctx(admin), errors)
    assert tab.backup_model.rowCount() == 0
    tab.back_up_now()
    assert errors == [] and tab.backup_model.rowCount() == 1
    assert "verified" in tab.backup_state.text()
    tab.backup_view.selectRow(0)
    assert tab.restore_button.isEnabled()

    asked: list[str] = []
    tab.ask_confirmation = lambda title, text: asked.append(text) is None and False  # type: ignore[method-assign]
    tab.restore_selected()
    assert asked and "restart" in asked[0] and tab.restore_button.isEnabled()

    tab.ask_confirmation = lambda title, text: True  # type: ignore[method-assign]
    shown: list[str] = []
    tab.show_information = lambda title, text: shown.append(text)  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.restart_required, timeout=5000):
        tab.restore_selected()
    assert errors == []
    assert "must restart" in shown[0]
    assert not tab.backup_now_button.isEnabled() and not tab.restore_button.isEnabled()
    assert tab.retention_box is not None and not tab.retention_box.isEnabled()


def test_person_request_export_and_erase(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], manager: Actor, db: Database, tmp_path: Path
):
    person = make_person(db, manager)
    errors: list[str] = []
    tab = make_tab(qtbot, make_ctx(manager), errors)
    assert tab.backups_box is None  # a manager does not handle backups
    tab.find_edit.setText("kerbrat")
    tab.find_person()
    assert tab.match_combo.count() == 1 and tab.match_combo.currentData() == person.contact_id
    assert tab.request_export_button.isEnabled()

    tab.choose_folder = lambda: tmp_path  # type: ignore[method-assign]
    shown: list[str] = []
    tab.show_information = lambda title, text: shown.append(text)  # type: ignore[method-assign]
    tab.request_export_button.click()
    assert errors == [] and shown and "exported" in shown[0]
    assert len(list(tmp_path.glob("contact-*.pdf"))) == 1

    tab.ask_typed = lambda title, text, word: False  # type: ignore[method-assign]
    tab.request_erase_button.click()
    with db.session_factory() as s:
        assert s.get_one(Contact, person.contact_id).erased_at is None
    tab.ask_typed = lambda title, text, word: True  # type: ignore[method-assign]
    with qtbot.waitSignal(tab.message) as signal:
        tab.request_erase_button.click()
    assert "erased" in signal.args[0]
    with db.session_factory() as s:
        assert s.get_one(Contact, person.contact_id).last_name == "[erased]"
    assert LAST not in tab.match_combo.currentText()


def test_retention_list_and_bulk_anonymisation(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], admin: Actor, db: Database, tmp_path: Path
):
    with db.session_factory.begin() as s:
        for i in range(5):
            s.add(
                Contact(kind="person", first_name="Old", last_name=f"Prospect{i}", created_at=THREE_YEARS_AGO)
            )
    errors: list[str] = []
    tab = make_tab(qtbot, make_ctx(admin), errors)
    if db.is_sqlite:  # a shared database has no backups tab (pg_dump)
        tab.back_up_now()
    assert tab.retention_model.rowCount() == 5 and tab.purge_button.isEnabled()
    assert "5 contacts" in tab.retention_count.text()
    if SHOTS:
        tab.retention_view.selectRow(1)
        QApplication.processEvents()  # let the layouts settle, as the event loop would
        tab.grab().save(str(Path(SHOTS) / "data_page.png"))
    tab.ask_typed = lambda title, text, word: True  # type: ignore[method-assign]
    tab.purge_all()
    assert errors == []
    assert tab.retention_model.rowCount() == 0 and not tab.purge_button.isEnabled()
    with db.session_factory() as s:
        assert s.query(Contact).filter(Contact.erased_at.is_not(None)).count() == 5


def test_reconsent_campaign_for_the_listed_or_selected_contacts(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], manager: Actor, db: Database
):
    with db.session_factory.begin() as s:
        for i in range(4):
            s.add(
                Contact(kind="person", first_name="Old", last_name=f"Prospect{i}", created_at=THREE_YEARS_AGO)
            )
    errors: list[str] = []
    shown: list[str] = []
    tab = make_tab(qtbot, make_ctx(manager), errors)
    assert tab.retention_model.rowCount() == 4 and tab.reconsent_button.isEnabled()
    tab.ask_reconsent_kind = lambda n: CampaignKind.SMS  # type: ignore[method-assign]
    tab.show_information = lambda title, text: shown.append(text)  # type: ignore[method-assign]

    tab.reconsent_button.click()  # nothing selected: every listed contact
    assert errors == []
    assert shown and "Campaigns page" in shown[-1] and "4 contacts" in shown[-1]
    listed = sorted(r.contact_id for r in tab.retention_model.rows())

    tab.retention_view.selectRow(2)
    picked = tab.retention_model.row_at(2)
    assert picked is not None
    tab.reconsent_button.click()  # one selected: only that one
    assert errors == [] and "1 contact" in shown[-1]
    with db.session_factory() as s:
        campaigns = s.scalars(select(Campaign).order_by(Campaign.id)).all()
        assert [c.filters for c in campaigns] == [{"ids": listed}, {"ids": [picked.contact_id]}]
        assert all(c.status is CampaignStatus.DRAFT and c.kind is CampaignKind.SMS for c in campaigns)
    assert tab.reconsent_button.isEnabled()

    tab.ask_reconsent_kind = lambda n: None  # type: ignore[method-assign]
    tab.reconsent_button.click()  # cancelled: nothing created
    with db.session_factory() as s:
        assert len(s.scalars(select(Campaign)).all()) == 2


def test_typed_confirmation_needs_the_word(qtbot: QtBot):
    dialog = TypedConfirmation("Erase", "Erase X?", "ERASE")
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.edit.setText("erase")
    assert not dialog.ok.isEnabled()
    dialog.edit.setText("ERASE")
    assert dialog.ok.isEnabled()
    if SHOTS:
        dialog.show()
        dialog.grab().save(str(Path(SHOTS) / "typed_confirmation.png"))


def test_salesperson_sees_neither(qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], salesperson: Actor):
    tab = make_tab(qtbot, make_ctx(salesperson), [])
    assert tab.backups_box is None and tab.retention_box is None


@pytest.mark.sqlite_only
@pytest.mark.parametrize("hours", [1, 6])
def test_scheduler_backs_up_at_start_and_reports(
    qtbot: QtBot,
    make_ctx: Callable[[Actor], AppContext],
    salesperson: Actor,
    admin: Actor,
    db: Database,
    hours: int,
):
    from dealercrm.services.settings import SettingsService
    from dealercrm.ui.backup_scheduler import HOUR_MS, BackupScheduler

    SettingsService(db.session_factory, actor=admin).set_many(values={"backup.every_hours": hours})
    scheduler = BackupScheduler(make_ctx(salesperson))
    with qtbot.waitSignal(scheduler.backup_done) as signal:
        scheduler.start()
    assert "Automatic backup made" in signal.args[0]
    assert scheduler.timer.isActive() and scheduler.timer.interval() == hours * HOUR_MS
    assert scheduler.last is not None and scheduler.last.backup.path.is_file()
    scheduler.stop()
    assert not scheduler.timer.isActive()


@pytest.mark.sqlite_only
def test_a_scheduler_gone_during_its_backup_is_told_nothing(
    qtbot: QtBot, salesperson: Actor, db: Database
) -> None:
    """The window closed (a logout) while the automatic backup ran: the backup ends, nobody is called."""
    import shiboken6

    from dealercrm.ui.backup_scheduler import BackupScheduler
    from dealercrm.ui.workers import Executor

    executor = Executor()
    scheduler = BackupScheduler(AppContext(db=db, actor=salesperson, executor=executor, language="en"))
    scheduler.run_now()
    shiboken6.delete(scheduler)
    qtbot.waitUntil(lambda: not executor.busy, timeout=10_000)  # delivered to nobody, no exception
    executor.wait()


def test_an_empty_retention_list_says_why_it_is_empty(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], manager: Actor, tmp_path: Path
) -> None:
    errors: list[str] = []
    tab = make_tab(qtbot, make_ctx(manager), errors)
    assert errors == [] and tab.retention_model.rowCount() == 0
    assert tab.retention_view.shows_empty_text()
    assert "nothing to review" in tab.retention_view.empty_text
    shot = tab.retention_view.grab()
    assert shot.width() > 0
    if SHOTS:
        shot.save(str(Path(SHOTS) / "retention-empty.png"))
