"""Login and first run, as a user goes through them (inline executor: no waiting)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from dealercrm.db import Database
from dealercrm.models import User
from dealercrm.models.enums import Role
from dealercrm.services.auth import AuthService
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService
from dealercrm.ui.context import Services
from dealercrm.ui.first_run_dialog import FirstRunDialog
from dealercrm.ui.login_dialog import LoginDialog
from dealercrm.ui.workers import SyncExecutor
from tests.conftest import TEST_PASSWORD


def _login_dialog(qtbot: QtBot, db: Database, executor: SyncExecutor, **kwargs: object) -> LoginDialog:
    dialog = LoginDialog(Services(db), executor, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type_credentials(qtbot: QtBot, dialog: LoginDialog, login: str, password: str) -> None:
    qtbot.keyClicks(dialog.login_edit, login)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_wrong_password_shows_the_error_and_stays(
    qtbot: QtBot, db: Database, executor: SyncExecutor, salesperson: Actor
) -> None:
    dialog = _login_dialog(qtbot, db, executor)

    _type_credentials(qtbot, dialog, "julie", "not her password")

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.actor is None
    assert dialog.error_label.isVisible()
    assert dialog.error_label.text() == "Wrong login or password."
    assert dialog.password_edit.isEnabled()
    assert dialog.focusWidget() is dialog.password_edit


def test_unknown_login_says_the_same_as_a_wrong_password(
    qtbot: QtBot, db: Database, executor: SyncExecutor, salesperson: Actor
) -> None:
    dialog = _login_dialog(qtbot, db, executor)
    _type_credentials(qtbot, dialog, "nobody", TEST_PASSWORD)
    assert dialog.error_label.text() == "Wrong login or password."


def test_right_password_accepts_and_yields_the_actor(
    qtbot: QtBot, db: Database, executor: SyncExecutor, salesperson: Actor
) -> None:
    dialog = _login_dialog(qtbot, db, executor)

    with qtbot.waitSignal(dialog.logged_in) as blocker:
        _type_credentials(qtbot, dialog, "julie", TEST_PASSWORD)

    assert blocker.args == [salesperson]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor == salesperson
    assert dialog.actor.role is Role.SALESPERSON


def test_the_dialog_says_when_a_password_check_starts(
    qtbot: QtBot, db: Database, executor: SyncExecutor, salesperson: Actor
) -> None:
    """The shell loads the main window's code during the check; an empty form starts none."""
    dialog = _login_dialog(qtbot, db, executor)
    started: list[bool] = []
    dialog.checking.connect(lambda: started.append(True))

    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert started == []

    _type_credentials(qtbot, dialog, "julie", TEST_PASSWORD)
    assert started == [True]


def test_the_first_page_code_loaded_is_the_last_area_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import QSettings

    from dealercrm.ui import main_window
    from dealercrm.ui.areas import Area

    loaded: list[str] = []
    monkeypatch.setattr(Area, "page_class", lambda area: loaded.append(area.key))
    QSettings().setValue(main_window.LAST_AREA_KEY, "pipeline")
    main_window.import_first_page()
    QSettings().setValue(main_window.LAST_AREA_KEY, "no such area")
    main_window.import_first_page()

    assert loaded == ["pipeline", "today"]


def test_locked_account_says_for_how_long(
    qtbot: QtBot, db: Database, executor: SyncExecutor, salesperson: Actor
) -> None:
    with db.session_factory.begin() as session:
        locked_until = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10)
        session.execute(update(User).where(User.id == salesperson.id).values(locked_until=locked_until))
    dialog = _login_dialog(qtbot, db, executor)

    _type_credentials(qtbot, dialog, "julie", TEST_PASSWORD)

    assert dialog.actor is None
    assert "locked" in dialog.error_label.text()
    assert "try again in" in dialog.error_label.text()


def test_empty_fields_are_asked_for_before_any_check(
    qtbot: QtBot, db: Database, executor: SyncExecutor, salesperson: Actor
) -> None:
    dialog = _login_dialog(qtbot, db, executor)
    qtbot.keyClick(dialog.login_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Type your login."
    qtbot.keyClicks(dialog.login_edit, "julie")
    qtbot.keyClick(dialog.login_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "Type your password."


@dataclass(frozen=True)
class _Account:
    login: str
    display_name: str
    role: Role


def test_demo_accounts_are_listed_and_clicking_one_fills_the_login(
    qtbot: QtBot, db: Database, executor: SyncExecutor, manager: Actor
) -> None:
    accounts = [_Account("marc", "Marc Manager", Role.MANAGER), _Account("julie", "Julie", Role.SALESPERSON)]
    dialog = _login_dialog(qtbot, db, executor, demo_accounts=accounts, demo_password="demo1234")
    assert dialog.demo_list is not None
    assert dialog.demo_list.count() == 2
    assert "marc" in dialog.demo_list.item(0).text()
    assert "Manager" in dialog.demo_list.item(0).text()

    rect = dialog.demo_list.visualItemRect(dialog.demo_list.item(1))
    qtbot.mouseClick(dialog.demo_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert dialog.login_edit.text() == "julie"
    assert dialog.focusWidget() is dialog.password_edit


# First run ------------------------------------------------------------------------------------------------
def _first_run(qtbot: QtBot, db: Database, executor: SyncExecutor, **kwargs: object) -> FirstRunDialog:
    dialog = FirstRunDialog(Services(db), executor, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _fill(qtbot: QtBot, dialog: FirstRunDialog, **values: str) -> None:
    for field, value in values.items():
        dialog.edits[field].clear()
        qtbot.keyClicks(dialog.edits[field], value)


def test_first_run_creates_the_dealership_and_its_administrator(
    qtbot: QtBot, db: Database, executor: SyncExecutor
) -> None:
    assert not AuthService(db.session_factory).has_users()
    dialog = _first_run(qtbot, db, executor)

    _fill(
        qtbot,
        dialog,
        dealership_name="Garage du Centre",
        login="alice",
        display_name="Alice Martin",
        password="s3cret-passw0rd",
        password_again="s3cret-passw0rd",
    )
    qtbot.keyClick(dialog.edits["password_again"], Qt.Key.Key_Return)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.outcome == "created"
    assert dialog.actor is not None and dialog.actor.role is Role.ADMIN
    actor = AuthService(db.session_factory).login(login="alice", password="s3cret-passw0rd")
    assert actor.display_name == "Alice Martin"
    assert SettingsService(db.session_factory, actor=actor).get("dealership.name") == "Garage du Centre"


def test_first_run_shows_errors_beside_their_fields(
    qtbot: QtBot, db: Database, executor: SyncExecutor
) -> None:
    dialog = _first_run(qtbot, db, executor)

    _fill(qtbot, dialog, login="alice", display_name="Alice", password="s3cret-passw0rd")
    _fill(qtbot, dialog, password_again="s3cret-passw0rd")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["dealership_name"].text() == "Required."

    _fill(qtbot, dialog, dealership_name="Garage", login="bad login!", display_name=" ")
    _fill(qtbot, dialog, password="short", password_again="short")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.errors["dealership_name"].isVisible()
    for field in ("login", "display_name", "password"):
        assert dialog.errors[field].isVisible(), field
    assert dialog.errors["password"].text() == "At least 8 characters."
    assert dialog.errors["display_name"].text() == "Required."
    assert dialog.focusWidget() is dialog.edits["login"]
    assert not AuthService(db.session_factory).has_users()

    # Typing in a field clears its message.
    qtbot.keyClicks(dialog.edits["login"], "x")
    assert not dialog.errors["login"].isVisible()


def test_first_run_refuses_two_different_passwords(
    qtbot: QtBot, db: Database, executor: SyncExecutor
) -> None:
    dialog = _first_run(qtbot, db, executor)
    _fill(
        qtbot,
        dialog,
        dealership_name="Garage",
        login="alice",
        display_name="Alice",
        password="s3cret-passw0rd",
        password_again="s3cret-passw0rd!",
    )
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert dialog.errors["password_again"].isVisible()
    assert not AuthService(db.session_factory).has_users()


def test_first_run_demo_data_then_the_demo_accounts_log_in(
    qtbot: QtBot, db: Database, executor: SyncExecutor
) -> None:
    from dealercrm import demo

    dialog = _first_run(qtbot, db, executor, demo_contacts=60, demo_today=dt.date(2025, 3, 3))
    progress: list[tuple[int, int]] = []
    original = dialog._demo_progressed
    dialog._demo_progressed = lambda done, total, text: (
        progress.append((done, total)),
        original(done, total, text),
    )  # type: ignore[method-assign]

    qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)

    assert dialog.outcome == "demo", dialog.form_error.text()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.progress_dialog is None
    account = demo.DEMO_ACCOUNTS[0]
    actor = AuthService(db.session_factory).login(login=account.login, password=demo.DEMO_PASSWORD)
    assert actor.login == account.login

    login = _login_dialog(
        qtbot, db, executor, demo_accounts=demo.DEMO_ACCOUNTS, demo_password=demo.DEMO_PASSWORD
    )
    assert login.demo_list is not None and login.demo_list.count() == len(demo.DEMO_ACCOUNTS)
