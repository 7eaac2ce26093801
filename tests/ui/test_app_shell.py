"""The application frame: translations, the main window's areas, shortcuts and the global search."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Contact
from dealercrm.models.enums import ContactKind, Lifecycle, Role
from dealercrm.services.permissions import Actor
from dealercrm.ui.areas import AREAS
from dealercrm.ui.context import AppContext
from dealercrm.ui.i18n import preferred_language, qm_path
from dealercrm.ui.main_window import LAST_AREA_KEY, MainWindow
from dealercrm.ui.widgets.page import Page

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "dealercrm_fr.ts"


# Translations -------------------------------------------------------------------------------------------
def test_the_french_catalogue_is_shipped_and_loads(french: None) -> None:
    assert qm_path("fr") is not None
    assert QCoreApplication.translate("Areas", "Today") == "Aujourd'hui"
    assert QCoreApplication.translate("Areas", "Contacts") == "Contacts"
    assert QCoreApplication.translate("Areas", "Settings") == "Paramètres"
    assert AREAS[0].translated_title == "Aujourd'hui"
    # Qt's own strings (standard buttons) come from qtbase_fr.
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"


def test_every_message_of_the_translation_source_has_french() -> None:
    """Regenerate with `python scripts/update_translations.py`, then translate what it lists."""
    missing = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            text = "".join(translation.itertext())
            if translation.get("type") == "unfinished" or not text.strip():
                missing.append(f"[{name}] {message.findtext('source')}")
    assert not missing, "untranslated:\n" + "\n".join(missing)


def test_placeholders_survive_translation() -> None:
    """A `{name}` lost or misspelt in French would raise KeyError at .format() time."""
    import re

    for message in ET.parse(TS).getroot().iter("message"):
        source = message.findtext("source", "")
        translation = "".join(message.find("translation").itertext())  # type: ignore[union-attr]
        if translation.strip():
            assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", translation)), source


def test_language_preference(qapp: QApplication) -> None:
    assert preferred_language(None) == "fr"
    QSettings().setValue("ui/language", "en")
    assert preferred_language(None) == "en"
    assert preferred_language("fr") == "fr"
    assert preferred_language("de") == "en"


# The main window ------------------------------------------------------------------------------------------
@pytest.fixture
def open_window(qtbot: QtBot) -> Callable[[AppContext], MainWindow]:
    def open_(ctx: AppContext) -> MainWindow:
        window = MainWindow(ctx)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    return open_


def _nav_keys(window: MainWindow) -> list[str]:
    return [window.nav.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.nav.count())]


def test_a_manager_sees_every_area_a_salesperson_not_the_reports(
    make_ctx: Callable[[Actor], AppContext],
    open_window: Callable[[AppContext], MainWindow],
    manager: Actor,
    salesperson: Actor,
    aftersales: Actor,
) -> None:
    assert _nav_keys(open_window(make_ctx(manager))) == [a.key for a in AREAS]

    seller = open_window(make_ctx(salesperson))
    assert "reports" not in _nav_keys(seller)
    assert {"today", "contacts", "pipeline", "dashboard"} <= set(_nav_keys(seller))
    assert "reports" not in seller.area_actions

    workshop = _nav_keys(open_window(make_ctx(aftersales)))
    assert "pipeline" not in workshop and "campaigns" not in workshop and "aftersales" in workshop


def test_status_bar_names_the_user_and_the_database(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow], db: Database
) -> None:
    window = open_window(ctx)
    assert "Marc Manager" in window.user_label.text()
    assert "Manager" in window.user_label.text().split("(", 1)[1]
    assert window.db_label.toolTip() == db.label
    window.show_status("Saved.")
    assert window.statusBar().currentMessage() == "Saved."


def test_title_names_the_dealership(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow], db: Database, admin: Actor
) -> None:
    from dealercrm.services.settings import SettingsService

    SettingsService(db.session_factory, actor=admin).set_many(values={"dealership.name": "Garage du Centre"})
    window = open_window(ctx)
    assert window.windowTitle() == "dealercrm — Garage du Centre"


def test_ctrl_2_switches_to_contacts_and_pages_are_built_once(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    window = open_window(ctx)
    assert window.current_area_key == "today"
    assert set(window.pages) == {"today"}  # the others are built when first shown

    qtbot_key(window, Qt.Key.Key_2)
    assert window.current_area_key == "contacts"
    assert window.stack.currentWidget() is window.page("contacts")
    assert window.nav.currentItem().data(Qt.ItemDataRole.UserRole) == "contacts"
    assert window.page_title.text() == "Contacts"

    contacts = window.page("contacts")
    refreshed: list[bool] = []
    assert contacts is not None
    contacts.refresh = lambda: refreshed.append(True)  # type: ignore[method-assign]
    qtbot_key(window, Qt.Key.Key_1)
    qtbot_key(window, Qt.Key.Key_2)
    assert window.page("contacts") is contacts
    assert refreshed == [True]


def qtbot_key(window: MainWindow, key: Qt.Key) -> None:
    from PySide6.QtTest import QTest

    QTest.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)


def test_the_last_area_is_remembered(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    window = open_window(ctx)
    window.show_area("vehicles")
    window.close()
    assert QSettings().value(LAST_AREA_KEY) == "vehicles"
    assert open_window(ctx).current_area_key == "vehicles"


def test_ctrl_k_focuses_the_search_box(
    qtbot: QtBot, ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    window = open_window(ctx)
    window.nav.setFocus()
    qtbot_key(window, Qt.Key.Key_K)
    qtbot.waitUntil(window.search_box.hasFocus)


def test_ctrl_2_then_ctrl_n_opens_the_new_contact_dialog(
    qtbot: QtBot, ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    """An area shortcut puts the focus in the page: its own (WidgetWithChildrenShortcut) shortcuts
    work at once, not only after a click in it."""
    from dealercrm.ui.contacts.edit_dialog import ContactEditDialog

    window = open_window(ctx)
    window.nav.setFocus()
    qtbot_key(window, Qt.Key.Key_2)
    contacts = window.page("contacts")
    assert contacts is not None
    qtbot.waitUntil(lambda: contacts.isAncestorOf(QApplication.focusWidget()))
    qtbot_key(window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: isinstance(getattr(contacts, "edit_dialog", None), ContactEditDialog))
    dialog = contacts.edit_dialog  # type: ignore[attr-defined]
    assert dialog.isVisible()
    dialog.reject()


def test_arrow_keys_walk_the_areas_a_click_goes_into_the_page(
    qtbot: QtBot, ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    window = open_window(ctx)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_area_key == "contacts"
    assert window.nav.hasFocus()  # the list keeps the focus: Down again goes on to the next area
    rect = window.nav.visualItemRect(window.nav.item(0))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    today = window.page("today")
    assert window.current_area_key == "today" and today is not None
    qtbot.waitUntil(
        lambda: today is QApplication.focusWidget() or today.isAncestorOf(QApplication.focusWidget())
    )


def test_page_focus_first_takes_the_first_focusable_child(qtbot: QtBot, ctx: AppContext) -> None:
    from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout

    page = Page(ctx)
    qtbot.addWidget(page)
    box = QVBoxLayout(page)
    hidden, label_, edit, button = QLineEdit(), QLabel("x"), QLineEdit(), QPushButton("ok")
    for widget in (hidden, label_, edit, button):
        box.addWidget(widget)
    hidden.hide()
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.focus_first()
    qtbot.waitUntil(edit.hasFocus)


def test_shortcuts_dialog_lists_the_area_shortcuts(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    rows = dict(open_window(ctx).shortcut_rows())
    assert rows["Contacts"] == "Ctrl+2"
    assert rows["Search"] == "Ctrl+K"
    assert rows["Quit"] == "Ctrl+Q"


def test_log_out_closes_the_window_and_says_so(
    qtbot: QtBot, ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    window = open_window(ctx)
    with qtbot.waitSignal(window.logout_requested):
        window.logout_action.trigger()
    assert window.logged_out
    assert not window.isVisible()


def test_a_broken_page_does_not_take_the_window_down(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> type[Page]:
        raise RuntimeError("boom")

    window = open_window(ctx)
    monkeypatch.setattr(type(AREAS[0]), "page_class", broken)
    page = window.show_area("reports")
    assert page is not None and "boom" in page.findChildren(type(window.page_title))[0].text()


# Global search --------------------------------------------------------------------------------------------
def _add_contact(db: Database, first: str, last: str, owner: Actor | None = None) -> int:
    with db.session_factory.begin() as session:
        contact = Contact(
            kind=ContactKind.PERSON,
            first_name=first,
            last_name=last,
            lifecycle=Lifecycle.PROSPECT,
            owner_id=owner.id if owner else None,
        )
        session.add(contact)
        session.flush()
        return contact.id


def _spy_open_record(window: MainWindow, key: str, qtbot: QtBot | None = None) -> list[int]:
    """Build `key`'s page, and record what it is asked to open."""
    window.show_area(key)
    window.show_area("today")
    if qtbot is not None:
        # A page may flash a widget as a window of its own while it is built, taking the activation away.
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    opened: list[int] = []
    page = window.page(key)
    assert page is not None
    page.open_record = opened.append  # type: ignore[method-assign]
    return opened


def test_typing_a_name_and_enter_opens_that_contact(
    qtbot: QtBot, ctx: AppContext, open_window: Callable[[AppContext], MainWindow], db: Database
) -> None:
    hélène = _add_contact(db, "Hélène", "Dubreuil")
    _add_contact(db, "Paul", "Martin")
    window = open_window(ctx)
    opened = _spy_open_record(window, "contacts", qtbot)

    qtbot_key(window, Qt.Key.Key_K)
    qtbot.keyClicks(window.search_box, "dubreuil")
    qtbot.waitUntil(lambda: window.search_box.popup_visible)
    assert [hit.id for hit in window.search_box.hits] == [hélène]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)

    assert window.current_area_key == "contacts"
    assert opened == [hélène]
    assert not window.search_box.popup_visible


@dataclass(frozen=True)
class _Hit:
    kind: str
    id: int
    title: str
    subtitle: str
    contact_id: int | None = None


def test_search_box_keys_debounce_and_latest_query_wins(
    qtbot: QtBot, ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    asked: list[str] = []
    results = {
        "ab": [_Hit("vehicle", 7, "AB-123-CD", "Renault Clio"), _Hit("claim", 9, "Rattle", "AB-123-CD")],
        "zz": [],
    }

    def search(query: str, limit: int) -> list[_Hit]:
        asked.append(query)
        return results.get(query, [])

    window = open_window(ctx)
    box = window.search_box
    box._search = search
    vehicles = _spy_open_record(window, "vehicles")
    claims = _spy_open_record(window, "aftersales", qtbot)

    qtbot.keyClicks(box, "ab")
    qtbot.waitUntil(lambda: box.popup_visible)
    assert asked == ["ab"]  # one query after the pause, not one per key
    assert box.current_hit().id == 7
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert box.current_hit().id == 9
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert not box.popup_visible
    qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter on a closed list: search now, open the best match
    assert window.current_area_key == "vehicles" and vehicles == [7]

    box.setFocus()
    box.clear()
    qtbot.keyClicks(box, "zz")
    qtbot.waitUntil(lambda: box.popup_visible)
    assert box.hits == [] and box.popup.count() == 1  # "nothing found"
    assert claims == []

    # An answer to an older query is dropped.
    box._results_arrived("ab", results["ab"])  # the box says "zz" now
    assert box.hits == []


def test_open_requested_from_a_page_is_handled_like_a_search_hit(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow]
) -> None:
    window = open_window(ctx)
    opened = _spy_open_record(window, "contacts")
    page = window.page("today")
    assert page is not None
    page.open_requested.emit("contact", 42)
    assert window.current_area_key == "contacts" and opened == [42]


def test_a_record_of_an_area_the_user_may_not_see_is_not_opened(
    make_ctx: Callable[[Actor], AppContext],
    open_window: Callable[[AppContext], MainWindow],
    aftersales: Actor,
) -> None:
    window = open_window(make_ctx(aftersales))
    window.open_record("opportunity", 1)
    assert window.current_area_key == "today"
    assert window.statusBar().currentMessage() == "You may not open this record."


def test_about_box_shows_the_version(
    ctx: AppContext, open_window: Callable[[AppContext], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append(text))
    open_window(ctx).about_action.trigger()
    import dealercrm

    assert dealercrm.__version__ in shown[0]


# Start-up -------------------------------------------------------------------------------------------------
def test_a_database_that_is_not_ours_is_refused_with_a_message_and_exit_code_2(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3
    import sys

    from dealercrm.app import EXIT_DATABASE_ERROR, run_gui

    path = tmp_path / "accounts.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    try:
        assert run_gui(db=str(path), language="en") == EXIT_DATABASE_ERROR
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
    assert len(shown) == 1 and "not a dealercrm one" in shown[0]


def test_an_unexpected_failure_while_opening_says_so_and_stops_with_exit_code_2(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not one of the problems opening explains (a bug): a message, not a login dialog waiting forever."""
    import sys

    import dealercrm.app as app_module
    from dealercrm.app import EXIT_DATABASE_ERROR, run_gui

    def broken(db: str | None, create: bool = False) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(app_module, "open_and_count", broken)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    try:
        assert run_gui(db=str(tmp_path / "x.sqlite3"), language="en") == EXIT_DATABASE_ERROR
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)
    assert shown == ["RuntimeError: the disk went away"]


@pytest.fixture
def make_shell(qapp: QApplication) -> Iterator[Callable[..., Any]]:
    """`make_shell(executor, **options)`: a Shell, not started, closed after the test: its windows closed,
    its executor's jobs waited for, its database disposed."""
    from dealercrm.app import Shell
    from dealercrm.ui.workers import Executor

    made: list[Shell] = []
    quit_on_close = qapp.quitOnLastWindowClosed()

    def make(executor: Executor, **options: Any) -> Shell:
        new = Shell(qapp, executor, **options)
        made.append(new)
        return new

    yield make
    qapp.setQuitOnLastWindowClosed(quit_on_close)
    for each in made:
        for window in (each.login_dialog, each.first_run_dialog, each.window):
            if window is not None:
                window.close()
                window.deleteLater()
        each.executor.wait()
        if each.db is not None:
            each.db.dispose()
    # The windows the shell dropped wait for an event loop to delete them; with none running here, a
    # hidden dialog would stay the application's active window and keep later tests' windows from it.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def shell(make_shell: Callable[..., Any]) -> Callable[[Path], Any]:
    """A Shell with the inline executor, started: the database opens at once, inside start()."""
    from dealercrm.ui.workers import SyncExecutor

    def start(path: Path, language: str = "en", forced: bool = False) -> Any:
        new = make_shell(SyncExecutor(), language=language, language_forced=forced)
        new.start(str(path))
        return new

    return start


def test_shell_login_main_window_log_out_and_quit(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path, manager: Actor
) -> None:

    app_shell = shell(db_path)
    login = app_shell.login_dialog
    assert login is not None and login.isVisible()
    assert login.login_button.isEnabled()  # the database is open
    assert login.demo_list is None

    _type_credentials(qtbot, login, "marc")
    assert app_shell.login_dialog is None
    qtbot.waitUntil(lambda: app_shell.window is not None)
    window = app_shell.window
    assert window is not None and window.isVisible() and window.ctx.actor == manager

    window.logout_action.trigger()
    assert app_shell.window is None and not app_shell.done
    again = app_shell.login_dialog
    assert again is not None and again.isVisible()
    assert again.login_edit.text() == "marc"  # remembered
    # ...but the next person may be someone else: the login has the focus, selected, so typing replaces it
    assert again.focusWidget() is again.login_edit
    assert again.login_edit.selectedText() == "marc"
    qtbot.keyClicks(again.login_edit, "julie")
    assert again.login_edit.text() == "julie" and again.password_edit.text() == ""

    again.reject()
    assert app_shell.done and app_shell.exit_code == 0
    assert QSettings().value("login/last_login") == "marc"  # for the next start


def test_a_window_closed_before_its_first_paint_leaves_no_job_held(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path, manager: Actor
) -> None:
    """The window's first queries wait for its first paint; a window closed before that (a logout at
    once) must not keep the executor holding, or the next login's password check would never run."""
    app_shell = shell(db_path)
    window = _log_in(qtbot, app_shell, "marc")
    app_shell.executor.hold()  # as if the window had not been painted yet
    window.logout_action.trigger()
    assert not app_shell.executor.holding
    assert app_shell.login_dialog is not None and app_shell.login_dialog.isVisible()


def _type_credentials(qtbot: QtBot, dialog: Any, login: str) -> None:
    """Type `login` and the test password into the login dialog, then press Enter."""
    from tests.conftest import TEST_PASSWORD

    qtbot.keyClicks(dialog.login_edit, login)
    qtbot.keyClicks(dialog.password_edit, TEST_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def _log_in(qtbot: QtBot, app_shell: Any, login: str) -> MainWindow:
    dialog = app_shell.login_dialog
    assert dialog is not None
    _type_credentials(qtbot, dialog, login)
    # Shown once the preload thread has imported the window's code (the GUI thread does not wait for it).
    qtbot.waitUntil(lambda: app_shell.window is not None)
    window = app_shell.window
    assert window is not None and window.isVisible()
    return window


def _nav_titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


@pytest.mark.parametrize(
    ("workstation", "user", "today", "refused"),
    [
        ("fr", "en", "Today", "No claim #999999."),
        ("en", "fr", "Aujourd'hui", "Aucune réclamation n° 999999."),
    ],
)
def test_the_app_speaks_the_users_language_once_they_log_in(
    qtbot: QtBot,
    qapp: QApplication,
    shell: Callable[..., Any],
    db_path: Path,
    make_user: Callable[..., Actor],
    workstation: str,
    user: str,
    today: str,
    refused: str,
) -> None:
    """users.language applies at login, whatever the workstation speaks: the widgets (Qt's translators,
    the enum labels) and the services' messages (gettext, on the worker thread too); after logout the
    login screen is back in the workstation's language."""
    from dealercrm import i18n
    from dealercrm.services.claims import ClaimService
    from dealercrm.services.errors import NotFound
    from dealercrm.ui.i18n import install_translations

    install_translations(qapp, workstation)  # as run_gui does with the workstation's preference
    make_user(Role.MANAGER, login="pat", display_name="Pat Polyglot", language=user)
    app_shell = shell(db_path, language=workstation)

    window = _log_in(qtbot, app_shell, "pat")
    assert window.ctx.language == user
    assert _nav_titles(window)[0] == today
    assert i18n.current_language() == user
    with pytest.raises(NotFound) as caught:
        ClaimService(window.ctx.db.session_factory, actor=window.ctx.actor).get(claim_id=999_999)
    assert str(caught.value) == refused

    window.logout_action.trigger()
    assert app_shell.login_dialog is not None
    assert i18n.current_language() == workstation


def test_lang_on_the_command_line_wins_over_the_users_language(
    qtbot: QtBot, shell: Callable[..., Any], db_path: Path, make_user: Callable[..., Actor]
) -> None:
    from dealercrm import i18n

    make_user(Role.MANAGER, login="pat", display_name="Pat Polyglot", language="fr")
    app_shell = shell(db_path, language="en", forced=True)  # dealercrm --lang en
    window = _log_in(qtbot, app_shell, "pat")
    assert window.ctx.language == "en" and i18n.current_language() == "en"
    assert _nav_titles(window)[0] == "Today"


def test_shell_on_an_empty_database_offers_the_first_run(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path
) -> None:
    app_shell = shell(db_path)
    assert app_shell.login_dialog is None
    first_run = app_shell.first_run_dialog
    assert first_run is not None and first_run.isVisible()

    values = {
        "dealership_name": "Garage du Centre",
        "login": "alice",
        "display_name": "Alice Martin",
        "password": "s3cret-passw0rd",
        "password_again": "s3cret-passw0rd",
    }
    for field, value in values.items():
        qtbot.keyClicks(first_run.edits[field], value)
    qtbot.mouseClick(first_run.create_button, Qt.MouseButton.LeftButton)

    window = app_shell.window
    assert window is not None and window.ctx.actor.login == "alice"
    assert window.windowTitle() == "dealercrm — Garage du Centre"


def test_shell_refuses_a_database_that_is_not_ours(
    shell: Callable[[Path], Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    path = tmp_path / "accounts.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *rest: shown.append(text))

    app_shell = shell(path)

    assert app_shell.done and app_shell.exit_code == 2
    assert app_shell.login_dialog is None
    assert len(shown) == 1 and "not a dealercrm one" in shown[0]


def test_every_demo_step_is_listed_for_translation() -> None:
    from dealercrm.demo import DEMO_STEPS
    from dealercrm.ui.first_run_dialog import DEMO_STEP_TEXTS

    assert set(DEMO_STEPS) <= set(DEMO_STEP_TEXTS)


def test_a_demo_database_made_by_the_command_line_names_its_accounts_at_login(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path
) -> None:
    import datetime as dt

    from dealercrm.db import open_database
    from dealercrm.demo import generate_demo
    from dealercrm.services.demo_accounts import DEMO_ACCOUNTS

    database = open_database(db_path, create=True)
    generate_demo(database.session_factory, contacts=30, seed=7, today=dt.date(2026, 3, 12))
    database.dispose()
    app_shell = shell(db_path)
    login = app_shell.login_dialog
    assert login is not None and login.demo_list is not None
    assert login.demo_list.count() == len(DEMO_ACCOUNTS)


def test_the_collector_is_off_while_starting_and_back_once_the_main_window_is_up(
    qtbot: QtBot, make_shell: Callable[..., Any], db_path: Path, manager: Actor
) -> None:
    import gc

    from dealercrm.startup_gc import StartupCollector
    from dealercrm.ui.workers import SyncExecutor

    collector = StartupCollector()
    try:
        assert not gc.isenabled()
        app_shell = make_shell(SyncExecutor(), language="en")
        app_shell.start(str(db_path), collector=collector)
        login = app_shell.login_dialog
        assert login is not None and not gc.isenabled()  # the login screen is still start-up
        _type_credentials(qtbot, login, "marc")
        qtbot.waitUntil(lambda: app_shell.window is not None)
        window = app_shell.window
        assert window is not None
        qtbot.waitUntil(gc.isenabled)  # once the window has been painted
        assert gc.get_freeze_count() > 0  # what start-up made is left out of later passes
        collector.done()  # a second call changes nothing
        assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


def test_a_missing_database_is_created_only_once_the_user_agrees(
    shell: Callable[[Path], Any], tmp_path: Path
) -> None:
    path = tmp_path / "typo" / "dealercmr.sqlite3"
    path.parent.mkdir()
    app_shell = shell(path)
    prompt = app_shell.create_prompt
    assert prompt is not None and prompt.isVisible() and str(path) in prompt.text()
    assert not path.exists()  # nothing is created before the answer
    prompt.button(QMessageBox.StandardButton.Cancel).click()
    assert app_shell.done and not path.exists()

    again = shell(path)
    assert again.create_prompt is not None
    again.create_prompt.button(QMessageBox.StandardButton.Yes).click()
    assert path.exists() and again.first_run_dialog is not None and again.first_run_dialog.isVisible()


def test_a_logged_in_session_is_recorded_for_operations_that_must_be_alone(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path, manager: Actor
) -> None:
    import datetime as dt

    from sqlalchemy import select

    from dealercrm.models import OpenSession

    app_shell = shell(db_path)
    login = app_shell.login_dialog
    _type_credentials(qtbot, login, "marc")
    qtbot.waitUntil(lambda: app_shell.window is not None)
    with app_shell.db.session_factory() as session:
        rows = session.scalars(select(OpenSession)).all()
    assert [(r.login, r.pid) for r in rows] == [("marc", os.getpid())]
    assert rows[0].seen_at <= dt.datetime.now(dt.UTC)
    app_shell.window.logout_action.trigger()
    with app_shell.db.session_factory() as session:
        assert session.scalars(select(OpenSession)).all() == []


def test_english_plurals_come_from_the_english_catalogue(qapp: QApplication) -> None:
    """English is the source language, but "%n contact(s)" needs its forms: our English catalogue (the
    session's UI fixture installs it, as the app does) says "1 contact" and "2 contacts"."""
    assert qm_path("en") is not None
    assert QCoreApplication.translate("ContactsPage", "%Ln contact(s)", "", 1) == "1 contact"
    assert QCoreApplication.translate("ContactsPage", "%Ln contact(s)", "", 2) == "2 contacts"
    assert QCoreApplication.translate("ReportsPage", "Exported %n salesperson(s) to %1", "", 3) == (
        "Exported 3 salespeople to %1"
    )


def test_every_plural_message_has_its_english_forms() -> None:
    """Each `%n` message of the French catalogue is in the English one, with two forms and no "(s)"."""
    french = {
        (context.findtext("name"), message.findtext("source"))
        for context in ET.parse(TS).getroot().iter("context")
        for message in context.iter("message")
        if message.get("numerus") == "yes"
    }
    english = {}
    for context in ET.parse(TS.with_name("dealercrm_en.ts")).getroot().iter("context"):
        for message in context.iter("message"):
            forms = [f.text or "" for f in message.iter("numerusform")]
            english[(context.findtext("name"), message.findtext("source"))] = forms
    assert french and french <= set(english)
    for key, forms in english.items():
        assert len(forms) == 2 and not any("(s)" in form for form in forms), key


def test_the_contacts_page_is_built_while_the_password_is_typed(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path, make_user: Callable[..., Actor]
) -> None:
    """Issue 16: once the database is open, the main window's code loads on a thread of its own and the
    contacts page is built (no one's data in it); the window takes it over for whoever logs in (in the
    language it was built in: see the next test)."""
    manager = make_user(Role.MANAGER, login="marc", display_name="Marc Manager", language="en")
    app_shell = shell(db_path)
    qtbot.waitUntil(lambda: "contacts" in app_shell.prepared_pages)
    early = app_shell.prepared_pages["contacts"]
    assert early.table.model() is None
    window = _log_in(qtbot, app_shell, "marc")
    assert app_shell.prepared_pages == {}
    page = window.show_area("contacts")
    assert page is early
    assert page.ctx.actor == manager
    assert page.count_label.text() == "0 contacts"
    assert page.list_stack.currentWidget() is not page.table  # the empty state, as for any new page


def test_the_today_page_is_built_while_the_password_is_typed_and_shown_first(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path, make_user: Callable[..., Actor]
) -> None:
    """Issue 16: the page the window opens on (Today, the salesperson's default) is built as soon as its
    code is imported, each page in a slice of its own; the window opens on it, with the user's day."""
    QSettings().setValue(LAST_AREA_KEY, "today")
    salesperson = make_user(Role.SALESPERSON, login="julie", display_name="Julie Vendeuse", language="en")
    app_shell = shell(db_path)
    qtbot.waitUntil(lambda: {"today", "contacts"} <= set(app_shell.prepared_pages))
    early = app_shell.prepared_pages["today"]
    assert early.data is None and early.agenda_tree.topLevelItemCount() == 0  # nobody's day yet
    qtbot.waitUntil(lambda: app_shell.prepared_window is not None)
    stack = app_shell.prepared_window.stack  # taken in while the password is typed, not after the click
    assert stack.indexOf(early) >= 0 and stack.indexOf(app_shell.prepared_pages["contacts"]) >= 0
    window = _log_in(qtbot, app_shell, "julie")
    assert window.current_area_key == "today" and window.page("today") is early
    assert early.ctx.actor == salesperson
    qtbot.waitUntil(lambda: early.data is not None)
    assert early.summary_label.text() == "0 overdue, 0 today, 0 in the next 7 days"
    assert app_shell.prepared_pages == {} or set(app_shell.prepared_pages) == {"contacts"}
    assert window.show_area("contacts") is not None


def test_the_first_page_is_built_while_the_password_is_checked_if_its_code_came_after_the_click(
    qtbot: QtBot,
    make_shell: Callable[..., Any],
    db_path: Path,
    make_user: Callable[..., Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Once "Log in" is clicked nothing more is prepared for later, but the page the window opens on is
    still built while argon2 checks the password on the executor (the GUI thread is idle then): here its
    code arrives after the click, and the window takes that page over."""
    import threading

    from dealercrm.services.auth import AuthService
    from dealercrm.ui import main_window
    from dealercrm.ui.workers import Executor

    QSettings().setValue(LAST_AREA_KEY, "today")
    manager = make_user(Role.MANAGER, login="marc", display_name="Marc Manager", language="en")
    code, password = threading.Event(), threading.Event()
    original_import, original_login = main_window.import_pages, AuthService.login

    def slow_import(keys: list[str], **kwargs: Any) -> None:
        code.wait(30)
        original_import(keys, **kwargs)

    def slow_login(self: AuthService, **kwargs: Any) -> Any:
        password.wait(30)
        return original_login(self, **kwargs)

    monkeypatch.setattr(main_window, "import_pages", slow_import)
    monkeypatch.setattr(AuthService, "login", slow_login)
    app_shell = make_shell(Executor(), language="en")
    try:
        app_shell.start(str(db_path))
        dialog = app_shell.login_dialog
        qtbot.waitUntil(lambda: dialog.login_button.isEnabled())
        _type_credentials(qtbot, dialog, "marc")
        assert dialog.checking_password and app_shell.prepared_pages == {}
        code.set()
        qtbot.waitUntil(lambda: "today" in app_shell.prepared_pages)
        assert dialog.checking_password and app_shell.window is None
        early = app_shell.prepared_pages["today"]
        password.set()
        qtbot.waitUntil(lambda: app_shell.window is not None)
        window = app_shell.window
        assert window.page("today") is early and early.ctx.actor == manager
        assert "contacts" not in app_shell.prepared_pages  # not after the click: the window comes first
        qtbot.waitUntil(lambda: early.data is not None)
    finally:  # the threads waiting for them let go, before make_shell waits for its executor
        code.set()
        password.set()


def test_the_windows_first_queries_start_once_it_is_painted(
    qtbot: QtBot,
    make_shell: Callable[..., Any],
    db_path: Path,
    make_user: Callable[..., Actor],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 16: what the window and its first page ask for after login waits until the window has been
    painted (run beside it, the queries took the GIL and the CPU from it); then the day loads."""
    from dealercrm.services.tasks import TaskService
    from dealercrm.ui.workers import Executor

    QSettings().setValue(LAST_AREA_KEY, "today")
    make_user(Role.SALESPERSON, login="julie", display_name="Julie Vendeuse", language="en")
    app_shell = make_shell(Executor(), language="en")
    order: list[Any] = []
    release, agenda = Executor.release, TaskService.agenda

    def spy(self: Executor) -> None:
        window = app_shell.window
        if window is not None:
            order.append(("released", window.windowHandle().isExposed()))
        release(self)

    def asked(self: TaskService, **kwargs: Any) -> Any:
        order.append("agenda asked")
        return agenda(self, **kwargs)

    monkeypatch.setattr(Executor, "release", spy)
    monkeypatch.setattr(TaskService, "agenda", asked)
    app_shell.start(str(db_path))
    dialog = app_shell.login_dialog
    qtbot.waitUntil(lambda: dialog.login_button.isEnabled())
    _type_credentials(qtbot, dialog, "julie")
    qtbot.waitUntil(lambda: app_shell.window is not None)
    page = app_shell.window.page("today")
    qtbot.waitUntil(lambda: page.data is not None)
    assert order == [("released", True), "agenda asked"]  # the window painted, then the day asked for
    assert page.summary_label.text() == "0 overdue, 0 today, 0 in the next 7 days"


def test_a_page_built_in_the_workstations_language_is_not_used_for_a_user_who_speaks_another(
    qtbot: QtBot,
    qapp: QApplication,
    shell: Callable[..., Any],
    db_path: Path,
    make_user: Callable[..., Actor],
) -> None:
    from dealercrm.ui.i18n import install_translations

    install_translations(qapp, "en")
    make_user(Role.MANAGER, login="pat", display_name="Pat Polyglot", language="fr")
    app_shell = shell(db_path, language="en")
    qtbot.waitUntil(lambda: "contacts" in app_shell.prepared_pages)
    early = app_shell.prepared_pages["contacts"]
    assert early.new_button.text() == "New contact"
    window = _log_in(qtbot, app_shell, "pat")
    page = window.show_area("contacts")
    assert page is not early
    assert page.new_button.text() == "Nouveau contact"


def test_a_prebuilt_page_is_taken_over_once_and_only_for_an_area_the_user_may_see(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], salesperson: Actor
) -> None:
    class Early(Page):
        attached: list[Actor] = []

        def attach(self, ctx: AppContext) -> None:
            self.ctx = ctx
            Early.attached.append(ctx.actor)

    from dealercrm.ui.contacts.page import ContactsPage

    reports, contacts = Early(None), ContactsPage.prebuild()  # type: ignore[arg-type]
    window = MainWindow(make_ctx(salesperson), prebuilt={"reports": reports, "contacts": contacts})
    qtbot.addWidget(window)
    assert "reports" not in _nav_keys(window)  # a salesperson has no reports: that page is dropped
    assert window.show_area("reports") is None and Early.attached == []
    assert window.show_area("contacts") is contacts
    window.show_area("today")
    assert window.show_area("contacts") is contacts  # built once, kept


def test_pages_put_in_the_window_before_login_are_dropped_when_the_user_may_not_see_them(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], salesperson: Actor
) -> None:
    """`adopt` puts the prebuilt pages in the window's stack while the password is typed; `attach` still
    drops those of areas the user may not see, and shows the user's first area."""
    from dealercrm.ui.contacts.page import ContactsPage
    from dealercrm.ui.today.page import TodayPage

    class Early(Page):
        def attach(self, ctx: AppContext) -> None:
            self.ctx = ctx

    QSettings().setValue(LAST_AREA_KEY, "reports")
    window = MainWindow.prebuild()
    qtbot.addWidget(window)
    pages: dict[str, Page] = {
        "reports": Early(None),  # type: ignore[arg-type]
        "today": TodayPage.prebuild(),
        "contacts": ContactsPage.prebuild(),
    }
    window.adopt(pages.values())
    assert all(window.stack.indexOf(page) >= 0 for page in pages.values())
    window.attach(make_ctx(salesperson), prebuilt=pages)
    window.show()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.current_area_key == "today" and window.stack.currentWidget() is pages["today"]
    assert window.stack.count() == 2  # today and contacts: the reports page is gone
    assert window.show_area("contacts") is pages["contacts"]


def test_pysides_import_hook_reads_each_new_module_without_keeping_its_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PySide6 asks of every module imported whether it uses PySide6 (PYSIDE-2029); dealercrm.app answers
    from the file's bytes, so that linecache does not keep every module's source (issue 16's memory)."""
    import linecache
    import sys

    import dealercrm.app  # noqa: F401 - installs it

    feature = sys.modules["shibokensupport.feature"]
    assert getattr(feature._mod_uses_pyside, "dealercrm", False)  # noqa: SLF001
    (tmp_path / "uses_qt_16.py").write_text("import PySide6  # a module of ours\n", encoding="utf-8")
    (tmp_path / "plain_16.py").write_text("ANSWER = 42\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        # `import` itself (PySide6 hooks builtins.__import__, which importlib.import_module skips)
        uses, plain = __import__("uses_qt_16"), __import__("plain_16")
        assert feature._mod_uses_pyside(uses) is True  # noqa: SLF001
        assert feature._mod_uses_pyside(plain) is False  # noqa: SLF001
        assert feature.pyside_feature_dict["uses_qt_16"] == 0
        assert feature.pyside_feature_dict["plain_16"] == -1
        assert not {str(tmp_path / "uses_qt_16.py"), str(tmp_path / "plain_16.py")} & set(linecache.cache)
    finally:
        for name in ("uses_qt_16", "plain_16"):
            sys.modules.pop(name, None)


def _menu_texts(window: MainWindow) -> list[list[str]]:
    return [
        [a.text() or "---" for a in menu_action.menu().actions()]
        for menu_action in window.menuBar().actions()
        if menu_action.menu() is not None
    ]


def _what_the_user_sees(window: MainWindow) -> dict[str, Any]:
    return {
        "nav": _nav_keys(window),
        "titles": _nav_titles(window),
        "menus": _menu_texts(window),
        "shortcuts": window.shortcut_rows(),
        "area_actions": sorted(window.area_actions),
        "user": (window.user_name.text(), window.user_role.text(), window.avatar.text()),
        "status": (window.user_label.text(), window.user_label.toolTip(), window.db_label.text()),
        "area": window.current_area_key,
        "title": window.page_title.text(),
    }


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALESPERSON, Role.AFTERSALES, Role.ADMIN])
def test_a_window_built_before_login_then_attached_is_the_one_built_for_the_user(
    qtbot: QtBot, make_ctx: Callable[[Actor], AppContext], make_user: Callable[..., Actor], role: Role
) -> None:
    """Issue 16: the window's shell is built while the password is typed (every area, nobody's name);
    `attach` keeps what the user may see and use: the same areas, menus, shortcuts and names as a
    window built for them from the start."""
    actor = make_user(role, login="pat", display_name="Pat Dupont")
    direct = MainWindow(make_ctx(actor))
    qtbot.addWidget(direct)
    early = MainWindow.prebuild()
    qtbot.addWidget(early)
    assert _nav_keys(early) == [a.key for a in AREAS] and early.user_name.text() == ""

    early.attach(make_ctx(actor))

    assert _what_the_user_sees(early) == _what_the_user_sees(direct)
    with pytest.raises(RuntimeError):
        early.attach(make_ctx(actor))


def test_the_window_built_while_the_password_is_typed_is_the_one_shown(
    qtbot: QtBot, shell: Callable[[Path], Any], db_path: Path, make_user: Callable[..., Actor]
) -> None:
    salesperson = make_user(Role.SALESPERSON, login="julie", display_name="Julie Vendeuse", language="en")
    app_shell = shell(db_path)
    qtbot.waitUntil(lambda: app_shell.prepared_window is not None and "contacts" in app_shell.prepared_pages)
    early = app_shell.prepared_window
    window = _log_in(qtbot, app_shell, "julie")
    assert window is early and app_shell.prepared_window is None
    assert window.ctx.actor == salesperson and "reports" not in _nav_keys(window)
    assert window.user_name.text() == "Julie Vendeuse"
    assert window.import_action not in window.file_menu.actions()  # a salesperson imports nothing


def test_a_window_built_in_another_language_than_the_users_is_not_used(
    qtbot: QtBot,
    qapp: QApplication,
    shell: Callable[..., Any],
    db_path: Path,
    make_user: Callable[..., Actor],
) -> None:
    from dealercrm.ui.i18n import install_translations

    install_translations(qapp, "en")
    make_user(Role.MANAGER, login="pat", display_name="Pat Polyglot", language="fr")
    app_shell = shell(db_path, language="en")
    qtbot.waitUntil(lambda: app_shell.prepared_window is not None)
    early = app_shell.prepared_window
    window = _log_in(qtbot, app_shell, "pat")
    assert window is not early
    assert _nav_titles(window)[0] == "Aujourd'hui"


def test_logging_in_while_the_windows_code_loads_shows_it_once_loaded_without_blocking(
    qtbot: QtBot,
    shell: Callable[[Path], Any],
    db_path: Path,
    manager: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The GUI thread never waits for the preload thread's imports: a user quicker than them sees the
    window as soon as they are done, the event loop running meanwhile."""
    import threading

    from PySide6.QtCore import QTimer

    from dealercrm.ui import main_window

    release = threading.Event()
    original = main_window.import_pages

    def slow_import(keys: list[str], **kwargs: Any) -> None:
        release.wait(30)
        original(keys, **kwargs)

    monkeypatch.setattr(main_window, "import_pages", slow_import)
    app_shell = shell(db_path)
    dialog = app_shell.login_dialog
    _type_credentials(qtbot, dialog, "marc")

    assert app_shell.login_dialog is None and app_shell.window is None  # logged in, the code still loading
    ticks: list[int] = []
    QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: ticks == [1])  # the event loop runs meanwhile
    assert app_shell.window is None
    release.set()
    qtbot.waitUntil(lambda: app_shell.window is not None)
    assert app_shell.window.ctx.actor == manager and app_shell.window.isVisible()
