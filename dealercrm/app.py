"""Start the desktop app: the QApplication and translations, the login dialog at once while the database
opens on the executor, then first run or login, the main window, and back to the login screen after
logging out.

The database stack (SQLAlchemy, Alembic, the models) is imported by the executor's thread as it opens the
database, not before the first window: the login dialog shows in about the time of a bare Qt window, and a
long migration never freezes the screen.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget


def _lighten_pyside_import_hook() -> None:
    """PySide6's import hook (PYSIDE-2029) asks of every module imported after it whether its source
    names PySide6, through `inspect.getsource`, which leaves every module's source in `linecache`: about
    24 MB with the contacts list open, never read again. Ask the same of the file's bytes, keeping
    nothing; modules without a .py file go to PySide6's own test."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "dealercrm", False):
        return

    def uses_pyside(module: Any) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    uses_pyside.dealercrm = True  # type: ignore[attr-defined]
    feature.__dict__["_mod_uses_pyside"] = uses_pyside  # what feature_imported() calls


_lighten_pyside_import_hook()

from dealercrm.startup_gc import STARTUP_GC_SECONDS, StartupCollector  # noqa: E402 - after the hook
from dealercrm.ui.i18n import install_translations, preferred_language, session_language, switch_language  # noqa: E402
from dealercrm.ui.style import apply_style  # noqa: E402
from dealercrm.ui.workers import Executor  # noqa: E402

if TYPE_CHECKING:
    from dealercrm.db import Database
    from dealercrm.services.permissions import Actor
    from dealercrm.ui.connect_server_dialog import ConnectServerDialog
    from dealercrm.ui.first_run_dialog import FirstRunDialog
    from dealercrm.ui.login_dialog import LoginDialog
    from dealercrm.ui.main_window import MainWindow
    from dealercrm.ui.widgets.page import Page

APP_NAME = "dealercrm"
ORGANISATION = "dealercrm"
EXIT_DATABASE_ERROR = 2
LAST_LOGIN_KEY = "login/last_login"
DEMO_DATABASES_KEY = "login/demo_databases"
# The installed package's smoke test (installer/smoke_test.py) sets this to 1: the app then prints one
# line and exits 0 as soon as its first screen is up with the database opened (the login dialog, the first
# run, or the question before creating a database). It logs nobody in and changes nothing else.
SMOKE_ENV = "DEALERCRM_SMOKE_EXIT_AFTER_SHOWN"
REMEMBER_LOGIN_DELAY_MS = 1000  # after login, once the main window is up


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with our names (QSettings uses them) and look; reuses one if it exists."""
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setOrganizationDomain("dealercrm.local")
    QCoreApplication.setApplicationName(APP_NAME)
    from dealercrm import __version__

    QCoreApplication.setApplicationVersion(__version__)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [APP_NAME])
    app.setApplicationDisplayName("dealercrm")
    app.setDesktopFileName("dealercrm")
    apply_style(app)
    return app


def run_gui(
    *, db: str | None = None, language: str | None = None, collector: StartupCollector | None = None
) -> int:
    """Run the app until the user quits; returns the process exit code (2: the database cannot be used).
    `collector`: the StartupCollector made before Qt was imported, if any."""
    app = create_application(sys.argv[:1])
    lang = preferred_language(language)
    translators = install_translations(app, lang)
    sys.excepthook = _show_unexpected_error
    executor = Executor(app)
    shell = Shell(app, executor, language=lang, language_forced=language is not None)
    if os.environ.get(SMOKE_ENV) == "1":
        _exit_once_shown(shell)
    try:
        shell.start(db, collector=collector or StartupCollector())
        if not shell.done:
            shell.looping = True
            app.exec()
        return shell.exit_code
    finally:
        executor.wait()
        if shell.db is not None:
            shell.db.dispose()
        del translators


def open_and_count(
    db: str | None, create: bool = False
) -> OpenedDatabase | str | MissingDatabase | ServerProblem:
    """On the executor: open (migrate; create only when `create`) the database and say whether it has
    users yet and holds demo data, with the dealership's time zone (read now, not after "Log in"); a
    missing file comes back as MissingDatabase (the user is asked before one is created), a server that
    cannot be used as ServerProblem (the connection dialog is offered), any other problem as the sentence
    to show."""
    from dealercrm.db import DatabaseError, DatabaseMissing, open_database
    from dealercrm.db.engine import ServerUnavailable
    from dealercrm.services.auth import AuthService
    from dealercrm.services.settings import read_setting

    try:
        database = open_database(db, create=create)
    except DatabaseMissing as exc:
        return MissingDatabase(str(exc.path))
    except ServerUnavailable as exc:
        from dealercrm.db import resolve_url

        return ServerProblem(str(exc), resolve_url(db).render_as_string(hide_password=True))
    except (DatabaseError, OSError) as exc:
        return str(exc)
    with database.session_factory() as session:
        is_demo = bool(read_setting(session, "dealership.is_demo"))
    has_users = AuthService(database.session_factory).has_users()
    return OpenedDatabase(database, has_users, is_demo, read_timezone(database))


def read_timezone(database: Database) -> ZoneInfo:
    """On the executor: the dealership's time zone (one small read), wanted by the main window."""
    from dealercrm.services.settings import dealership_timezone

    with database.session_factory() as session:
        return dealership_timezone(session)


@dataclass(frozen=True)
class OpenedDatabase:
    """The database open, whether it has users and demo data, and the dealership's time zone."""

    database: Database
    has_users: bool
    is_demo: bool
    timezone: ZoneInfo


@dataclass(frozen=True)
class ServerProblem:
    """The dealership's server could not be used (unreachable, password, no such database): the connection
    dialog opens on `url` (shown without a password) with `message`."""

    message: str
    url: str


@dataclass(frozen=True)
class MissingDatabase:
    """No database file at `path` yet: the first run asks before creating one there."""

    path: str


class _CodeLoaded(QObject):
    """Says on the GUI thread that the main window's code has been imported on a thread of its own."""

    window_code = Signal()  # the main window's module is imported: its shell can be built
    first_page = Signal(list)  # the main window and the page it opens on (its key) are imported
    loaded = Signal(list)  # the keys of the areas whose pages may be built now


def _import_main_window_code(messenger: _CodeLoaded, hurry: threading.Event) -> None:
    """On a thread of its own, while the login dialog waits for the password: import the main window
    and the pages it is likely to show first (`areas_to_prepare`), so that neither the GUI thread nor
    the executor waits for it."""
    keys: list[str] = []
    try:
        from dealercrm.ui.main_window import (
            areas_to_prepare,
            first_area_key,
            import_pages,
            warm_up_formatting,
        )

        _emit(messenger.window_code)
        keys = areas_to_prepare(first_area_key())
        import_pages(keys[:1])  # the page the window opens on first
        _emit(messenger.first_page, keys[:1])
        warm_up_formatting()
        import_pages(keys, hurry=hurry)  # the others, unless "Log in" was clicked meanwhile
    except Exception:  # noqa: BLE001 - imported again, and reported, when the window is built
        traceback.print_exc(file=sys.stderr)
        keys = []
    _emit(messenger.loaded, keys)


def _emit(signal: Any, *args: Any) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the shell is gone (a test, or the app quitting)
        pass


class Shell(QObject):
    """Which window is up: login (shown at once), first run (an empty database), the main window; quits
    when the user closes one of them rather than logging out. `exit_code` is the process's."""

    def __init__(
        self, app: QApplication, executor: Executor, *, language: str, language_forced: bool = False
    ) -> None:
        super().__init__(app)
        self.app = app
        self.executor = executor
        self.language = language  # the workstation's (or --lang's): until login, and after logout
        self.language_forced = language_forced  # --lang: the users' own languages do not apply
        self.db: Database | None = None
        self._is_demo = False
        self.login_dialog: LoginDialog | None = None
        self.first_run_dialog: FirstRunDialog | None = None
        self.create_prompt: QMessageBox | None = None
        self.server_dialog: ConnectServerDialog | None = None
        self._missing_path = ""
        self.server_button: QAbstractButton | None = None  # on the new-database question
        self.window: MainWindow | None = None
        self._db_arg: str | None = None
        self._presence_id: int | None = None
        self._heartbeat = QTimer(self)
        self._heartbeat.timeout.connect(self._refresh_presence)
        self.done = False
        self.looping = False  # run_gui's app.exec() is running
        self.exit_code = 0
        self.collector: StartupCollector | None = None
        # The main window's shell and pages built before login (widgets only), in the language they speak.
        self.prepared_window: MainWindow | None = None
        self.prepared_pages: dict[str, Page] = {}
        self._prepared_language = ""
        self._code_loaded = _CodeLoaded(self)
        self._code_loaded.window_code.connect(self._prepare_window_shell)
        self._code_loaded.first_page.connect(self._first_page_imported)
        self._code_loaded.loaded.connect(self._build_prepared_pages)
        self._importing: threading.Thread | None = None
        self._first_page_ready = False  # the preload thread has imported the window and its first page
        self._first_page_key = ""  # the area the window opens on, once its code is imported
        self._prebuild_tried: set[str] = set()  # areas whose page was built (or could not be) before login
        self._waiting: Actor | None = None  # logged in before that: the window is shown once it has
        self._hurry = threading.Event()  # set when "Log in" is clicked: the preload thread stops early
        self._timezone: ZoneInfo | None = None  # the dealership's, read on the executor before login
        self._last_login: str | None = None  # who logged in last in this process (also in QSettings)

    def start(self, db: str | None, *, collector: StartupCollector | None = None) -> None:
        self.collector = collector  # the process's start-up GC policy: ended once the window is up
        if collector is not None:
            QTimer.singleShot(STARTUP_GC_SECONDS * 1000, self, self._startup_done)
        self._db_arg = db if db is not None else _remembered_server()
        db = self._db_arg
        self.app.setQuitOnLastWindowClosed(False)  # we decide: quit, or back to the login screen
        # The login dialog is shown first; the executor opens the database (and imports SQLAlchemy) while
        # the user looks at it, and its answer finds the dialog there, whenever it comes.
        self.show_login()
        self._open_database(db)

    def _startup_done(self) -> None:
        if self.collector is not None:
            self.collector.done()

    def quit(self, code: int = 0) -> None:
        self._startup_done()
        self._remember_login()
        self._stop_listening()
        self.done = True
        self.exit_code = code
        if self.looping:  # exit() outside exec() would upset whatever event loop runs next
            self.app.exit(code)

    # The database ---------------------------------------------------------------------------------------
    def _open_database(self, db: str | None, *, create: bool = False) -> None:
        """Open (create, migrate) the database on the executor; the answer comes to `_database_opened`."""
        from dealercrm.ui.operations import QueryOp

        QueryOp(open_and_count, db, create).success(self._database_opened).failure(self._open_failed).run(
            self.executor
        )

    def _open_failed(self, exc: Exception) -> None:
        """Not one of the problems `open_and_count` explains (a bug): say so, and stop, as for those."""
        from dealercrm.ui.operations import message_of

        self._database_opened(message_of(exc))

    def _database_opened(self, result: OpenedDatabase | str | MissingDatabase | ServerProblem) -> None:
        if isinstance(result, ServerProblem):
            self._drop_login()
            self.show_server_dialog(url=result.url, message=result.message)
            return
        if isinstance(result, MissingDatabase):
            self._drop_login()
            self._ask_to_create(result.path)
            return
        if isinstance(result, str):
            self._drop_login()
            QMessageBox.critical(None, QCoreApplication.translate("App", "dealercrm cannot start"), result)
            self.quit(EXIT_DATABASE_ERROR)
            return
        self.db, self._is_demo, self._timezone = result.database, result.is_demo, result.timezone
        if result.has_users:
            self._give_login_the_database()
        else:
            self._drop_login()
            self.show_first_run()

    def _ask_to_create(self, path: str) -> None:
        """Only the first run creates a database, and only once the user has seen where; a workstation of a
        dealership with its server connects to it instead."""
        self._startup_done()
        self._missing_path = path
        box = QMessageBox(
            QMessageBox.Icon.Question,
            QCoreApplication.translate("App", "New database"),
            QCoreApplication.translate("App", "There is no dealercrm database at\n{path}").format(path=path),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        )
        box.setInformativeText(
            QCoreApplication.translate(
                "App",
                "Create a new database there? If you expected to find your dealership's data, choose "
                "Cancel and check the path you gave (--db or DEALERCRM_DB).",
            )
        )
        box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("App", "Create"))
        self.server_button = box.addButton(
            QCoreApplication.translate("App", "Connect to the dealership's server…"),
            QMessageBox.ButtonRole.ActionRole,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.finished.connect(self._create_answered)
        self.create_prompt = box
        box.open()

    def _create_answered(self, result: int) -> None:
        box, self.create_prompt = self.create_prompt, None
        if box is not None:
            box.deleteLater()
            if box.clickedButton() is self.server_button:
                self.show_server_dialog(back_to_question=True)
                return
        if result != QMessageBox.StandardButton.Yes:
            self.quit(0)
            return
        self._open_database(self._db_arg, create=True)

    def _demo_accounts(self) -> tuple[tuple[Any, ...], str]:
        assert self.db is not None
        known = _string_list(QSettings().value(DEMO_DATABASES_KEY, []))
        if not self._is_demo and self.db.label not in known:
            return (), ""
        from dealercrm.services.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD

        return tuple(DEMO_ACCOUNTS), DEMO_PASSWORD

    def _remember_demo_database(self) -> None:
        assert self.db is not None
        settings = QSettings()
        known = _string_list(settings.value(DEMO_DATABASES_KEY, []))
        if self.db.label not in known:
            settings.setValue(DEMO_DATABASES_KEY, [*known, self.db.label][-20:])

    # Login ------------------------------------------------------------------------------------------------
    def show_login(self, *, after_logout: bool = False) -> None:
        from dealercrm.ui.login_dialog import LoginDialog

        dialog = LoginDialog(
            None,  # the database is handed over once open (_give_login_the_database)
            self.executor,
            last_login=self._last_login or str(QSettings().value(LAST_LOGIN_KEY, "") or ""),
            after_logout=after_logout,
        )
        dialog.finished.connect(self._login_finished)
        dialog.checking.connect(self._login_started)
        self.login_dialog = dialog
        if self.db is not None:
            self._give_login_the_database()
        _bring_forward(dialog)

    def _give_login_the_database(self) -> None:
        assert self.login_dialog is not None and self.db is not None
        accounts, password = self._demo_accounts()
        from dealercrm.ui.context import Services

        self.login_dialog.set_database(Services(self.db), demo_accounts=accounts, demo_password=password)
        if self._timezone is None:  # after a logout: read again, it may have been changed meanwhile
            from dealercrm.ui.operations import QueryOp

            QueryOp(read_timezone, self.db).success(self._timezone_read).failure(lambda _exc: None).run(
                self.executor
            )
        self._prepare_main_window()

    def _timezone_read(self, zone: ZoneInfo) -> None:
        self._timezone = zone

    def _prepare_main_window(self) -> None:
        """While the user types the password, once the database is open: the main window's code is
        imported on a thread of its own, then its shell and the pages that can be built without a user
        are built (`_build_prepared_pages`); the user's data loads after login. Not before the database
        is open: on a busy machine the two would share the CPU, and "Log in" would wait longer (measured:
        the database open 2.8 -> 5.1 s after the start at load 12). A click on Log in before that
        simply builds them then."""
        if self._importing is not None and self._importing.is_alive():
            return
        self._hurry.clear()
        self._first_page_ready = False
        self._prebuild_tried = set(self.prepared_pages)
        self._importing = threading.Thread(
            target=_import_main_window_code,
            args=(self._code_loaded, self._hurry),
            name="dealercrm-preload",
            daemon=True,
        )
        self._importing.start()

    def _first_page_loaded(self) -> None:
        """The window's code is imported: show it now if the user logged in while it was loading."""
        self._first_page_ready = True
        actor, self._waiting = self._waiting, None
        if actor is not None:
            self.show_main(actor)

    def _first_page_imported(self, keys: list[str]) -> None:
        """The window's code and its first page's are imported: show the window if the user logged in
        meanwhile, else build that page now (the other pages' code is still loading)."""
        self._first_page_key = keys[0] if keys else ""
        self._first_page_loaded()
        self._prebuild_pages(keys)

    def _may_prepare(self, *, while_checking: bool = False) -> bool:
        """Whether the login dialog still waits for the password (once "Log in" is clicked, the window
        comes first: it builds what was not prepared itself). `while_checking`: also while the password
        is being checked (the GUI thread is idle then; argon2 runs on the executor)."""
        dialog = self.login_dialog
        return dialog is not None and (while_checking or not dialog.checking_password) and self.window is None

    def _prepare_window_shell(self) -> None:
        """On the GUI thread, the main window's module imported: build its shell (one slice of about
        20 ms here, so that a key typed meanwhile waits for one slice only), unless the window is up. Also
        once "Log in" is clicked: the window needs it, and the GUI thread is otherwise idle while argon2
        checks the password on the executor."""
        if self.prepared_window is not None or self.window is not None:
            return
        if self.login_dialog is None and self._waiting is None:
            return
        from dealercrm.ui.main_window import MainWindow

        try:
            self.prepared_window = MainWindow.prebuild()
            self.prepared_window.adopt(self.prepared_pages.values())
        except Exception:  # noqa: BLE001 - built again after login, and reported then
            traceback.print_exc(file=sys.stderr)
        self._prepared_language = self.language

    def _build_prepared_pages(self, keys: list[str]) -> None:
        """On the GUI thread, the code being loaded: build the pages' widgets if the login dialog is still
        waiting for the password."""
        self._first_page_loaded()  # already said, unless the import failed (then the window reports it)
        self._prebuild_pages(keys)

    def _prebuild_pages(self, keys: list[str]) -> None:
        """Build the first of these pages not built yet (widgets only: a slice of 10-25 ms, so that a key
        typed meanwhile waits for one page at most), then the next at the event loop's next turn, while
        the login dialog waits for the password. The page the window opens on is also built once "Log in"
        is clicked, while argon2 checks the password: the window needs it, and the GUI thread is idle."""
        todo = [key for key in keys if key not in self._prebuild_tried]
        if not todo or not self._may_prepare(while_checking=todo[0] == self._first_page_key):
            return
        from dealercrm.ui.main_window import prebuild_pages

        self._prebuild_tried.add(todo[0])
        built = prebuild_pages(todo[:1])
        self.prepared_pages.update(built)
        self._prepared_language = self.language
        if self.prepared_window is not None:
            self.prepared_window.adopt(built.values())  # in the window's stack now, not after the click
        if len(todo) > 1:
            QTimer.singleShot(0, self, lambda: self._prebuild_pages(todo[1:]))

    def _take_prepared_pages(self, language: str) -> dict[str, Page]:
        """The pages built before login, if they speak `language` (else they are dropped)."""
        pages, self.prepared_pages = self.prepared_pages, {}
        if pages and language != self._prepared_language:
            from dealercrm.ui.main_window import discard_pages

            discard_pages(pages)
        return pages

    def _take_prepared_window(self, language: str) -> MainWindow | None:
        """The window's shell built before login, if it speaks `language` (else it is dropped)."""
        window, self.prepared_window = self.prepared_window, None
        if window is not None and language != self._prepared_language:
            window.deleteLater()
            return None
        return window

    def _login_finished(self, _result: int) -> None:
        dialog, self.login_dialog = self.login_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if dialog.actor is None:
            self.quit(0)
            return
        # Remembered for the next login once the window is up: QSettings writes its file when it is
        # destroyed (10-15 ms of waiting for the disk here), and the window comes first.
        self._last_login = dialog.actor.login
        self._show_main_when_loaded(dialog.actor)

    def _login_started(self) -> None:
        """ "Log in" clicked: while argon2 checks the password on the executor (it leaves the GIL free),
        the preload thread leaves what the window can do without, and the live-refresh listener starts
        (its thread's start waits for the scheduler: 5-20 ms under load, no longer in the window's way)."""
        self._hurry.set()
        from dealercrm.ui.data_changed import bus

        if self.db is not None and not bus().attached:
            bus().attach(self.db)  # live refresh: this process's commits and the other workstations'
        if self._first_page_ready and self._first_page_key:  # its page, unless built already
            QTimer.singleShot(0, self, lambda: self._prebuild_pages([self._first_page_key]))

    def _stop_listening(self) -> None:
        module = sys.modules.get("dealercrm.ui.data_changed")
        if module is not None:
            module.bus().detach()

    def _remember_login(self) -> None:
        if self._last_login is not None:
            QSettings().setValue(LAST_LOGIN_KEY, self._last_login)

    def _show_main_when_loaded(self, actor: Actor) -> None:
        """The main window, as soon as its code is imported: the GUI thread never waits for the preload
        thread's imports (the event loop runs meanwhile)."""
        if not self._first_page_ready and self._importing is not None and self._importing.is_alive():
            self._waiting = actor
            return
        self.show_main(actor)

    def _drop_login(self) -> None:
        """Close the login dialog without taking it for the user quitting."""
        if self.login_dialog is not None:
            self.login_dialog.finished.disconnect(self._login_finished)
            self.login_dialog.close()
            self.login_dialog.deleteLater()
            self.login_dialog = None

    # First run --------------------------------------------------------------------------------------------
    def show_first_run(self) -> None:
        from dealercrm.ui.first_run_dialog import FirstRunDialog

        assert self.db is not None
        self._startup_done()  # what follows is the user filling in a form
        from dealercrm.ui.context import Services

        dialog = FirstRunDialog(Services(self.db), self.executor)
        dialog.finished.connect(self._first_run_finished)
        self.first_run_dialog = dialog
        _bring_forward(dialog)

    def _first_run_finished(self, _result: int) -> None:
        dialog, self.first_run_dialog = self.first_run_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        self._timezone = None  # the first run may have set it: read again
        if dialog.outcome == "created" and dialog.actor is not None:
            self._last_login = dialog.actor.login
            self._remember_login()
            self.show_main(dialog.actor)
        elif dialog.outcome == "demo":
            self._remember_demo_database()
            self.show_login()
        elif dialog.outcome == "server":
            self._open_server(dialog.server_profile, dialog.server_check)
        else:
            self.quit(0)

    # The dealership's server -----------------------------------------------------------------------------
    def show_server_dialog(self, *, url: str = "", message: str = "", back_to_question: bool = False) -> None:
        """The connection dialog: at a first start (instead of creating a file), or when the server the app
        was to open cannot be used (then prefilled, with what went wrong)."""
        from dealercrm.ui.connect_server_dialog import ConnectServerDialog, saved_profile

        self._startup_done()
        profile = saved_profile()
        if url:
            from sqlalchemy.engine import make_url

            from dealercrm.db.postgres import ServerProfile

            profile = ServerProfile.from_url(make_url(url))
        dialog = ConnectServerDialog(self.executor, profile=profile, message=message)
        dialog.finished.connect(lambda result: self._server_dialog_finished(result, back_to_question))
        self.server_dialog = dialog
        _bring_forward(dialog)

    def _server_dialog_finished(self, result: int, back_to_question: bool) -> None:
        from PySide6.QtWidgets import QDialog

        dialog, self.server_dialog = self.server_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted and dialog.profile is not None:
            self._open_server(dialog.profile, dialog.check)
        elif back_to_question:
            self._ask_to_create(self._missing_path)
        else:
            self.quit(EXIT_DATABASE_ERROR)

    def _open_server(self, profile: Any, check: Any) -> None:
        """Leave the current database (an empty file, or none) for the server the user connected to; an
        empty server database is set up (`create`), as the first run does for a new file."""
        from dealercrm.db.postgres import Problem

        if self.db is not None:
            self.db.dispose()
            self.db = None
            self._timezone = None
        self._db_arg = profile.url().render_as_string(hide_password=True)
        create = check is not None and check.problem is Problem.SCHEMA_EMPTY
        self.show_login()
        self._open_database(self._db_arg, create=create)

    # The main window --------------------------------------------------------------------------------------
    def show_main(self, actor: Actor) -> None:
        from dealercrm.ui.context import AppContext
        from dealercrm.ui.main_window import MainWindow

        assert self.db is not None
        from dealercrm.ui import formatting

        # Read on the executor before login; read here only if that has not answered yet (one small read).
        zone = self._timezone if self._timezone is not None else read_timezone(self.db)
        self._timezone = None  # read again for the next login (the setting may change meanwhile)
        formatting.use_timezone(zone)
        # The user's own language from now on (unless --lang chose one for this run): ui/i18n.py.
        language = session_language(actor.language, default=self.language, forced=self.language_forced)
        switch_language(self.app, language)
        ctx = AppContext(db=self.db, actor=actor, executor=self.executor, language=language, timezone=zone)
        from dealercrm.ui.data_changed import bus

        if not bus().attached:  # attached when "Log in" was clicked
            bus().attach(self.db)  # live refresh: this process's commits and the other workstations'
        window, pages = self._take_prepared_window(language), self._take_prepared_pages(language)
        # The queries the window and its first page ask for start once it is painted: run beside it, they
        # would take the GIL and the CPU from it (measured: 75-105 -> 25-48 ms wall, the same CPU).
        self.executor.hold()
        try:
            if window is not None:
                try:
                    window.attach(ctx, prebuilt=pages)
                except Exception:  # noqa: BLE001 - built again below, the usual way
                    traceback.print_exc(file=sys.stderr)
                    window.deleteLater()  # with the prebuilt pages in its stack
                    window, pages = None, {}
            self.window = window if window is not None else MainWindow(ctx, prebuilt=pages)
            self.window.closed.connect(self._main_closed)
            self.window.show()
        except BaseException:
            self.executor.release()
            raise
        self.window.when_painted(self.executor.release)
        # Written a moment later (on a logout before that, at the latest when the app quits).
        QTimer.singleShot(REMEMBER_LOGIN_DELAY_MS, self.window, self._remember_login)
        self._register_presence(actor.login)
        QTimer.singleShot(0, self, self._startup_done)  # once the window has been painted

    def _main_closed(self) -> None:
        window = self.window
        self.window = None
        if window is None:
            return
        from dealercrm.ui.data_changed import bus

        # A window closed before it was ever painted leaves no job held for its first paint (the
        # presence below, and the next login's password check, must run).
        self.executor.release()
        bus().detach()  # the listener thread ends and closes its connection
        self._unregister_presence()
        window.deleteLater()
        if window.logged_out:
            switch_language(self.app, self.language)  # the next person logs in in the workstation's
            self.show_login(after_logout=True)
        else:
            self.quit(0)

    # Presence: who has the database open, for restore / upgrade / compaction to wait for and name ---------
    def _register_presence(self, login: str) -> None:
        from dealercrm.db import presence
        from dealercrm.ui.operations import QueryOp

        assert self.db is not None
        QueryOp(_register, self.db, login).success(self._presence_registered).failure(_courtesy_only).run(
            self.executor
        )
        self._heartbeat.start(presence.HEARTBEAT_SECONDS * 1000)

    def _presence_registered(self, session_id: int | None) -> None:
        if self.window is None and session_id is not None and self.db is not None:
            _run_presence(self.executor, _unregister, self.db, session_id)  # logged out meanwhile
            return
        self._presence_id = session_id

    def _refresh_presence(self) -> None:
        if self._presence_id is not None and self.db is not None:
            _run_presence(self.executor, _heartbeat, self.db, self._presence_id)

    def _unregister_presence(self) -> None:
        self._heartbeat.stop()
        session_id, self._presence_id = self._presence_id, None
        if session_id is not None and self.db is not None:
            _run_presence(self.executor, _unregister, self.db, session_id)


def _bring_forward(window: QWidget) -> None:
    """Show `window` in front of the others, with the keyboard focus: at start-up it has no parent
    window to come up with."""
    window.show()
    window.raise_()
    window.activateWindow()


def _courtesy_only(_exc: Exception) -> None:
    """Presence only serves courtesy messages ("Marie has it open"): a failure to record it is not the
    user's business."""


def _run_presence(executor: Executor, fn: Any, *args: Any) -> None:
    from dealercrm.ui.operations import CollectionOp

    CollectionOp(fn, *args).failure(_courtesy_only).run(executor)


def _register(db: Database, login: str) -> int | None:
    """On the executor; None when the session cannot be recorded (it only serves courtesy messages)."""
    from sqlalchemy.exc import SQLAlchemyError

    from dealercrm.db import presence
    from dealercrm.models import utcnow

    try:
        return presence.register(db.engine, login=login, now=utcnow())
    except SQLAlchemyError:
        return None


def _heartbeat(db: Database, session_id: int) -> None:
    from dealercrm.db import presence
    from dealercrm.models import utcnow

    presence.heartbeat(db.engine, session_id, now=utcnow())


def _unregister(db: Database, session_id: int) -> None:
    from dealercrm.db import presence

    presence.unregister(db.engine, session_id)


def _exit_once_shown(shell: Shell) -> None:
    """The smoke hook (SMOKE_ENV): poll until a first screen is visible, say which, and quit with 0."""
    timer = QTimer(shell)

    def check() -> None:
        screens = {
            "login dialog": shell.login_dialog if shell.db is not None else None,
            "first run dialog": shell.first_run_dialog,
            "new database question": shell.create_prompt,
            "server connection dialog": shell.server_dialog,
        }
        for name, widget in screens.items():
            if widget is not None and widget.isVisible():
                timer.stop()
                where = shell.db.label if shell.db is not None else "not created"
                print(f"dealercrm: smoke: {name} shown (database: {where})", flush=True)
                shell.quit(0)
                return

    timer.timeout.connect(check)
    timer.start(100)


def _remembered_server() -> str | None:
    """The server this workstation connected to (its URL, never with a password), unless $DEALERCRM_DB
    names the database: `--db`, then $DEALERCRM_DB, then this, then the file in the user data folder."""
    from dealercrm.db.engine import ENV_VAR

    if os.environ.get(ENV_VAR):
        return None
    from dealercrm.ui.connect_server_dialog import saved_url

    return saved_url()


def _string_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value or []]


def _show_unexpected_error(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """A bug in a slot: say so in a dialog (details on stderr) rather than dying silently."""
    traceback.print_exception(exc_type, exc, tb)
    if QApplication.instance() is not None and issubclass(exc_type, Exception):
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("App", "Unexpected error"),
            QCoreApplication.translate("App", "Something went wrong."),
        )
        box.setInformativeText(f"{exc_type.__name__}: {exc}")
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.exec()
