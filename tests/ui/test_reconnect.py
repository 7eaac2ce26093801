"""A server restart mid-session, with a real PostgreSQL server process of the test's own: the call made
while it is down fails as "connection lost" (no traceback, the form keeps what was typed), the main
window's banner says so, the monitor reconnects once the server is back, the read-only job held meanwhile
runs, and the following calls work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from dealercrm.db import Database, open_database
from dealercrm.models import Contact, User
from dealercrm.models.enums import Role
from dealercrm.services.auth import actor_of
from dealercrm.services.claims import ClaimService
from dealercrm.services.permissions import Actor
from dealercrm.ui.connection_monitor import ConnectionMonitor
from dealercrm.ui.context import AppContext
from dealercrm.ui.main_window import MainWindow
from dealercrm.ui.workers import SyncExecutor, connection_lost_message
from tests import pgserver
from tests.conftest import _PASSWORD_HASH

pytestmark = pytest.mark.postgres


@pytest.fixture
def own_server() -> Iterator[pgserver.PgServer]:
    """A server this test may stop and start (never the shared test server)."""
    try:
        server = pgserver.start(own=True)
    except pgserver.NoServer as exc:
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server_db(own_server: pgserver.PgServer) -> Iterator[Database]:
    from sqlalchemy import create_engine

    admin = create_engine(own_server.url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE crm")
    admin.dispose()
    database = open_database(make_url(own_server.url).set(database="crm"), create=True)
    yield database
    database.dispose()


@pytest.fixture
def boss(server_db: Database) -> Actor:
    with server_db.session_factory.begin() as session:
        user = User(
            login="marc", display_name="Marc Manager", role=Role.MANAGER, password_hash=_PASSWORD_HASH
        )
        session.add(user)
        session.flush()
        return actor_of(user)


def contacts(db: Database) -> int:
    with db.session_factory() as session:
        return int(session.scalar(select(func.count(Contact.id))) or 0)


def test_a_restart_between_two_calls_goes_unnoticed(
    own_server: pgserver.PgServer, server_db: Database, boss: Actor
) -> None:
    """pool_pre_ping: the connections the restart cut are replaced at checkout, the call just works."""
    service = ClaimService(server_db.session_factory, actor=boss)
    assert service.overdue_count() == 0
    own_server.restart()
    assert service.overdue_count() == 0


def test_server_down_mid_session_then_back(
    qtbot: QtBot,
    own_server: pgserver.PgServer,
    server_db: Database,
    boss: Actor,
    capfd: pytest.CaptureFixture[str],
) -> None:
    executor = SyncExecutor()
    ctx = AppContext(db=server_db, actor=boss, executor=executor, language="en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    monitor = window.connection_monitor
    assert isinstance(monitor, ConnectionMonitor) and monitor.banner.isHidden()
    service = ctx.service(ClaimService)
    lost: list[bool] = []
    executor.connection_lost.connect(lambda: lost.append(True))

    # A form is open, the user has typed a new contact; the server goes down (restart, network).
    from dealercrm.ui.contacts.edit_dialog import ContactEditDialog

    dialog = ContactEditDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.last_name.setText("Lefèvre")
    qtbot.keyClicks(dialog.first_name, "Anne")
    own_server.pause()
    capfd.readouterr()

    errors: list[str] = []
    results: list[Any] = []
    executor.submit(service.overdue_count, on_done=results.append, on_error=errors.append)
    assert errors == [connection_lost_message()] and results == [] and lost == [True]
    assert monitor.reconnecting and monitor.banner.isVisible()
    assert monitor.banner.text() == "Connection to the server lost - reconnecting…"
    window.statusBar().grab().save("/tmp/shots/connection_lost_banner.png")

    # Saving fails the same way: the dialog stays open with what was typed, and says why.
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() == 0
    assert "your input is kept" in dialog.form_error.text()
    assert dialog.last_name.text() == "Lefèvre" and dialog.first_name.text() == "Anne"
    # A read-only job may wait for the server and run again by itself; writes are never retried.
    held: list[Any] = []
    executor.submit(
        service.overdue_count, on_done=held.append, on_error=errors.append, retry_on_reconnect=True
    )
    assert held == [] and len(errors) == 1  # held, not failed
    assert "Traceback" not in capfd.readouterr().err

    own_server.resume()
    with qtbot.waitSignal(monitor.reconnected, timeout=60_000):
        pass
    assert not monitor.reconnecting and monitor.banner.text() == "Reconnected to the server."
    assert held == [0]  # the held read ran again once the server answered
    assert "Traceback" not in capfd.readouterr().err

    # The next calls work; the user saves the same form again.
    executor.submit(service.overdue_count, on_done=results.append, on_error=errors.append)
    assert results == [0] and len(errors) == 1
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.saved is not None)
    assert contacts(server_db) == 1
    window.close()


def test_the_monitor_keeps_trying_while_the_server_stays_down(
    qtbot: QtBot, own_server: pgserver.PgServer, server_db: Database
) -> None:
    executor = SyncExecutor()
    monitor = ConnectionMonitor(server_db.engine, executor, backoff_ms=(10, 20))
    own_server.pause()
    monitor.connection_lost()
    qtbot.waitUntil(lambda: monitor.attempts >= 3, timeout=30_000)
    assert monitor.reconnecting and monitor.last_problem  # the driver's words, for the tooltip
    assert "next attempt in" in monitor.banner.toolTip()
    own_server.resume()
    with qtbot.waitSignal(monitor.reconnected, timeout=30_000):
        pass
    monitor.stop()


def test_a_lock_timeout_is_not_a_lost_connection() -> None:
    import psycopg.errors
    from sqlalchemy.exc import OperationalError

    from dealercrm.db.postgres import is_connection_lost

    def wrapped(orig: Exception) -> OperationalError:
        return OperationalError("SELECT 1", {}, orig)

    assert not is_connection_lost(wrapped(psycopg.errors.LockNotAvailable("lock timeout")))
    assert not is_connection_lost(wrapped(psycopg.errors.QueryCanceled("statement timeout")))
    assert is_connection_lost(wrapped(psycopg.errors.AdminShutdown("terminating connection")))
    assert is_connection_lost(wrapped(psycopg.OperationalError("connection refused")))
    assert not is_connection_lost(ValueError("no"))


def test_the_same_through_the_thread_pool(
    qtbot: QtBot, own_server: pgserver.PgServer, server_db: Database, boss: Actor
) -> None:
    """The app's own executor: the loss crosses from the worker thread to the GUI thread as a signal."""
    from dealercrm.ui.workers import Executor

    executor = Executor()
    monitor = ConnectionMonitor(server_db.engine, executor, backoff_ms=(50, 200))
    service = ClaimService(server_db.session_factory, actor=boss)
    own_server.pause()
    errors: list[str] = []
    held: list[Any] = []
    with qtbot.waitSignal(executor.connection_lost, timeout=30_000):
        executor.submit(service.overdue_count, on_error=errors.append)
    executor.submit(service.overdue_count, on_done=held.append, retry_on_reconnect=True)
    qtbot.waitUntil(lambda: bool(errors) and monitor.reconnecting, timeout=30_000)
    assert errors == [connection_lost_message()]
    own_server.resume()
    with qtbot.waitSignal(monitor.reconnected, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: held == [0], timeout=30_000)
    monitor.stop()
    executor.wait()


def test_another_process_meanwhile_gets_one_sentence(
    own_server: pgserver.PgServer, server_db: Database, boss: Actor
) -> None:
    """A second program (a script, another workstation's command) while the server is down: exit 3 and
    one sentence naming the unreachable server; once it is back, the same command works."""
    import subprocess
    import sys

    url = server_db.url.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "dealercrm", "--db", url, "user", "list"]
    own_server.pause()
    try:
        down = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        own_server.resume()
    assert down.returncode == 3 and "Traceback" not in down.stderr
    assert down.stderr.count("\n") == 1 and "cannot be reached" in down.stderr, down.stderr
    back = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert back.returncode == 0 and "marc" in back.stdout, back.stderr
