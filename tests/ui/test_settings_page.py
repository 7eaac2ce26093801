"""SettingsPage: tabs per role, own password and language, dealership settings, user management."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import Role
from dealercrm.services.auth import AuthService
from dealercrm.services.errors import AuthError
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService
from dealercrm.ui.context import AppContext
from dealercrm.ui.i18n import LANGUAGE_KEY
from dealercrm.ui.settings import users as users_module
from dealercrm.ui.settings.page import SettingsPage
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.workers import SyncExecutor
from tests.conftest import TEST_PASSWORD


def make_page(qtbot: QtBot, db: Database, actor: Actor) -> SettingsPage:
    page = SettingsPage(AppContext(db=db, actor=actor, executor=SyncExecutor()))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def tab_titles(page: SettingsPage) -> list[str]:
    return [page.tabs.tabText(i).replace("&&", "&") for i in range(page.tabs.count())]


def test_tabs_depend_on_the_role(
    qtbot: QtBot, db: Database, salesperson: Actor, manager: Actor, admin: Actor
) -> None:
    assert tab_titles(make_page(qtbot, db, salesperson)) == ["My account"]
    assert tab_titles(make_page(qtbot, db, manager)) == [
        "My account",
        "Dealership",
        "Lead scoring",
        "Purchase model",
        "Data & privacy",
    ]
    assert tab_titles(make_page(qtbot, db, admin)) == [
        "My account",
        "Dealership",
        "Lead scoring",
        "Purchase model",
        "Users",
        "Data & privacy",
    ]


def test_data_tab_for_an_admin_not_for_a_salesperson(
    qtbot: QtBot, db: Database, salesperson: Actor, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert make_page(qtbot, db, salesperson).data is None
    page = make_page(qtbot, db, admin)
    assert page.data is not None and page.data.request_box is not None
    assert (page.data.backups_box is not None) == db.is_sqlite  # a shared database: pg_dump
    page.refresh()  # loads the backups list through the executor

    with qtbot.waitSignal(page.status_message) as status:
        page.data.message.emit("1 backup made.")
    assert status.args == ["1 backup made."]

    # The tab itself tells the user to restart (with where the old database went): the page adds nothing.
    assert page.data.receivers("2restart_required()") == 0


def test_change_own_password(qtbot: QtBot, db: Database, salesperson: Actor) -> None:
    account = make_page(qtbot, db, salesperson).account
    account.current_edit.setText("wrong password")
    account.new_edit.setText("new secret 123")
    account.repeat_edit.setText("new secret 123")
    account.password_button.click()
    assert account.password_error.isVisibleTo(account)
    assert "Wrong login or password" in account.password_error.text()

    account.current_edit.setText(TEST_PASSWORD)
    account.repeat_edit.setText("typo")
    account.password_button.click()
    assert account.password_error.text() == "The two new passwords differ."

    account.repeat_edit.setText("new secret 123")
    account.password_button.click()
    assert account.password_done.text() == "Your password has been changed."
    assert not account.password_error.isVisibleTo(account)
    auth = AuthService(db.session_factory)
    assert auth.login(login="julie", password="new secret 123").id == salesperson.id
    try:
        auth.login(login="julie", password=TEST_PASSWORD)
        raise AssertionError("the old password still works")
    except AuthError:
        pass


def test_language_is_saved_for_next_start(qtbot: QtBot, db: Database, salesperson: Actor) -> None:
    account = make_page(qtbot, db, salesperson).account
    account.language_combo.setCurrentIndex(account.language_combo.findData("en"))
    assert QSettings().value(LANGUAGE_KEY) == "en"
    assert "next time" in account.language_hint.text()
    # The user's own language too: the app speaks it at their next login, on any workstation.
    assert AuthService(db.session_factory).login(login="julie", password=TEST_PASSWORD).language == "en"


def test_dealership_settings_saved_and_errors_shown_on_the_field(
    qtbot: QtBot, db: Database, manager: Actor
) -> None:
    tab = make_page(qtbot, db, manager).dealership
    assert tab is not None
    tab.fields["dealership.name"].widget.setText("Garage du Centre")  # type: ignore[attr-defined]
    tab.fields["auth.lock_minutes"].widget.setValue(30)  # type: ignore[attr-defined]
    tab.fields["contact_law.call_windows"].widget.setText("9:00-12:00, 14:00-19:30")  # type: ignore[attr-defined]

    tab.save()

    stored = SettingsService(db.session_factory, actor=manager).all()
    assert stored["dealership.name"] == "Garage du Centre"
    assert stored["auth.lock_minutes"] == 30
    assert stored["contact_law.call_windows"] == [["09:00", "12:00"], ["14:00", "19:30"]]
    assert tab.state_label.text() == "3 settings saved."

    windows = tab.fields["contact_law.call_windows"]
    windows.widget.setText("mornings")  # type: ignore[attr-defined]
    tab.save()
    assert windows.error.isVisibleTo(tab) and "mornings" in windows.error.text()
    assert SettingsService(db.session_factory, actor=manager).get("contact_law.call_windows") == [
        ["09:00", "12:00"],
        ["14:00", "19:30"],
    ]


def test_admin_adds_disables_and_resets_a_user(qtbot: QtBot, db: Database, admin: Actor, monkeypatch) -> None:
    users = make_page(qtbot, db, admin).users
    assert users is not None
    assert [u.login for u in users.model.rows()] == ["admin"]

    dialog = users_module.AddUserDialog(users.ctx, users)
    qtbot.addWidget(dialog)
    dialog.login_edit.setText("sophie")
    dialog.name_edit.setText("Sophie Garnier")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData(Role.AFTERSALES))
    dialog.password_edit.setText("short")
    dialog.repeat_edit.setText("short")
    dialog.submit()
    assert dialog.errors["password"].isVisibleTo(dialog)  # the service's rule, shown on the field
    dialog.password_edit.setText("long enough 1")
    dialog.repeat_edit.setText("long enough 1")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    users.refresh()
    logins = [u.login for u in users.model.rows()]
    assert "sophie" in logins

    users.table.selectRow(logins.index("sophie"))
    assert users.active_button.text() == "Disable"
    monkeypatch.setattr(
        users_module.QMessageBox, "question", lambda *a, **k: users_module.QMessageBox.StandardButton.Yes
    )
    users.active_button.click()
    sophie = next(u for u in users.model.rows() if u.login == "sophie")
    assert not sophie.active
    assert users.active_button.text() == "Enable"

    reset = users_module.PasswordDialog(users.ctx, sophie, users)
    qtbot.addWidget(reset)
    reset.password_edit.setText("brand new pass")
    reset.repeat_edit.setText("brand new pass")
    reset.submit()
    assert reset.result() == QDialog.DialogCode.Accepted


def test_admin_cannot_disable_their_own_account(qtbot: QtBot, db: Database, admin: Actor) -> None:
    users = make_page(qtbot, db, admin).users
    assert users is not None
    users.table.selectRow(0)
    assert not users.active_button.isEnabled()


def png_file(path: Path, width: int, height: int) -> Path:
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("#1d4ed8"))
    assert image.save(str(path))
    return path


def test_logo_is_stored_as_a_scaled_base64_png(
    qtbot: QtBot, db: Database, manager: Actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tab = make_page(qtbot, db, manager).dealership
    assert tab is not None
    assert tab.logo_preview.text() == "No logo" and not tab.logo_remove_button.isEnabled()
    picked = [str(png_file(tmp_path / "logo.png", 1000, 250))]
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: Path(picked[0]))

    qtbot.mouseClick(tab.logo_choose_button, Qt.MouseButton.LeftButton)
    assert not tab.logo_preview.pixmap().isNull() and tab.logo_remove_button.isEnabled()
    tab.save()

    stored = SettingsService(db.session_factory, actor=manager).get("dealership.logo_png_base64")
    data = base64.b64decode(stored, validate=True)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    logo = QImage.fromData(data)
    assert (logo.width(), logo.height()) == (400, 100)

    (tmp_path / "notes.png").write_text("not an image")
    picked[0] = str(tmp_path / "notes.png")
    tab.logo_choose_button.click()
    logo_field = tab.fields["dealership.logo_png_base64"]
    assert logo_field.error.isVisibleTo(tab) and "PNG or JPEG" in logo_field.error.text()
    assert not tab.is_dirty()  # the stored logo is still the one shown

    tab.logo_remove_button.click()
    assert tab.logo_preview.pixmap().isNull() and tab.logo_preview.text() == "No logo"
    tab.save()
    assert SettingsService(db.session_factory, actor=manager).get("dealership.logo_png_base64") == ""


def test_contact_law_switches_are_settings(qtbot: QtBot, db: Database, admin: Actor) -> None:
    from dealercrm.services.settings import SettingsService

    page = make_page(qtbot, db, admin)
    assert page.dealership is not None
    field = page.dealership.fields["contact_law.phone_needs_consent"]
    assert field.get() is True  # the French default
    field.put(False)
    page.dealership.fields["contact_law.attempts_window_days"].put(45)
    page.dealership.save_button.click()
    service = SettingsService(db.session_factory, actor=admin)
    assert service.get("contact_law.phone_needs_consent") is False
    assert service.get("contact_law.attempts_window_days") == 45
