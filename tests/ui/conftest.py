"""UI fixtures: QSettings in a temporary folder, and AppContexts whose executor runs jobs inline."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, SignalInstance
from PySide6.QtWidgets import QAbstractButton, QMessageBox
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.i18n import install_translations, installed_translators, remove_translations
from dealercrm.ui.workers import Executor, SyncExecutor

# Waits are upper bounds, never timings: on a loaded CI machine a threaded test's answer may take more
# than pytest-qt's default 5 s to arrive. A test that passes returns as soon as its condition holds.
PATIENT_MS = 30_000
_wait_until = QtBot.waitUntil


def _patient_wait_until(
    self: QtBot, callback: Callable[[], bool | None], *, timeout: int = PATIENT_MS
) -> None:
    _wait_until(self, callback, timeout=max(timeout, PATIENT_MS))


_wait_signal = QtBot.waitSignal


def _patient_wait_signal(self: QtBot, signal: Any = None, *, timeout: int = PATIENT_MS, **kwargs: Any) -> Any:
    return _wait_signal(self, signal, timeout=timeout, **kwargs)  # an explicit timeout is kept


QtBot.waitUntil = _patient_wait_until  # type: ignore[method-assign]
QtBot.waitSignal = _patient_wait_signal  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own empty user preferences (window geometry, last page, language...)."""
    folder = tmp_path / "qsettings"
    folder.mkdir()
    QCoreApplication.setOrganizationName("dealercrm-tests")
    QCoreApplication.setApplicationName("dealercrm-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield folder


@pytest.fixture(autouse=True)
def _no_unexpected_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box nobody expected would wait for a click for ever: fail the test with its text
    instead. Tests that expect one replace these with their own recorder."""

    def unexpected(_parent: object, _title: str, text: str, *_rest: object, **_kw: object) -> None:
        raise AssertionError(f"unexpected message box: {text}")

    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, unexpected)


@pytest.fixture
def executor(qapp: object) -> SyncExecutor:
    """Runs every job at once on the calling thread: no waiting, no sleeps."""
    return SyncExecutor()


@pytest.fixture
def make_ctx(db: Database, executor: SyncExecutor) -> Callable[[Actor], AppContext]:
    """An AppContext for `actor` on the test database, with the inline executor."""

    def make(actor: Actor) -> AppContext:
        return AppContext(db=db, actor=actor, executor=executor, language="en")

    return make


@pytest.fixture
def threaded(qapp: object) -> Iterator[Executor]:
    """The app's own executor: calls run on a worker thread and answer later, as for a real user."""
    executor = Executor()
    yield executor
    executor.wait()


@pytest.fixture
def double_click(qtbot: QtBot, threaded: Executor) -> Callable[[QAbstractButton, SignalInstance], None]:
    """Press `button` twice before its save answers (on `threaded`): the first press must disable it, the
    second do nothing; returns once `saved` was emitted and the executor is idle."""

    def press(button: QAbstractButton, saved: SignalInstance) -> None:
        with qtbot.waitSignal(saved, timeout=5000):
            button.click()
            assert not button.isEnabled()  # while the save runs
            button.click()  # ignored
        threaded.wait()
        qtbot.waitUntil(lambda: not threaded.busy)

    return press


@pytest.fixture
def ctx(make_ctx: Callable[[Actor], AppContext], manager: Actor) -> AppContext:
    """The sales manager's context: sees every area."""
    return make_ctx(manager)


@pytest.fixture(scope="session", autouse=True)
def _english_plurals(qapp: QCoreApplication) -> Iterator[None]:
    """As the app does for an English user: our English catalogue, which holds the plural forms."""
    translators = install_translations(qapp, "en")
    yield
    remove_translations(qapp, translators)


@pytest.fixture(autouse=True)
def _users_language_undone(qapp: QCoreApplication) -> Iterator[None]:
    """A test that logged someone in through the Shell switched the app to that user's language
    (ui/i18n.switch_language): English comes back for the next test."""
    before = installed_translators()
    yield
    switched = [t for t in installed_translators() if t not in before]
    if switched:
        remove_translations(qapp, switched)
        install_translations(qapp, "en")


@pytest.fixture(autouse=True)
def _live_updates_stopped() -> Iterator[None]:
    """A test that opened the main window through the Shell attached the process's data_changed bus to
    its database: stop its listener thread, so that it does not outlive the test's database."""
    yield
    from dealercrm.ui.data_changed import bus

    bus().detach()


@pytest.fixture
def french(qapp: QCoreApplication) -> Iterator[None]:
    """The French translations (ours, Qt's and the gettext catalogue) and locale for one test; the cached
    enum labels are dropped before and after, and English comes back after."""
    from dealercrm.ui.labels import clear_cache

    clear_cache()
    translators = install_translations(qapp, "fr")
    yield
    remove_translations(qapp, translators)
    clear_cache()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


@pytest.fixture(autouse=True)
def _charts_drawn_before_the_next_test() -> Iterator[None]:
    """A chart still being drawn on the charts' thread when a test ends finishes before the next test
    starts (it would compete for the GIL and hold the switch interval short meanwhile)."""
    yield
    from dealercrm.ui.widgets import chart

    if chart._executor is not None:  # noqa: SLF001 - the module's own thread
        chart._executor.wait(10_000)  # noqa: SLF001
