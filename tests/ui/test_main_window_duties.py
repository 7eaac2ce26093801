"""The main window's own duties: overdue claims in the status bar, automatic backup, data menu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Claim, Contact, utcnow
from dealercrm.models.enums import Channel, ClaimCategory, ClaimStatus, ContactKind, Severity
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.main_window import MainWindow


def _claim(db: Database, *, due_in_hours: int, status: ClaimStatus = ClaimStatus.OPEN) -> None:
    with db.session_factory.begin() as session:
        contact = Contact(kind=ContactKind.PERSON, last_name="Roux")
        session.add(contact)
        session.flush()
        session.add(
            Claim(
                contact_id=contact.id,
                category=ClaimCategory.MECHANICAL,
                severity=Severity.HIGH,
                channel=Channel.PHONE,
                description="Bruit après réparation",
                status=status,
                due_at=utcnow() + dt.timedelta(hours=due_in_hours),
            )
        )


def test_overdue_claims_show_in_the_status_bar_and_open_the_queue(
    qtbot: QtBot, db: Database, aftersales: Actor, make_ctx: Callable[..., AppContext]
) -> None:
    _claim(db, due_in_hours=-3)
    _claim(db, due_in_hours=-1)
    _claim(db, due_in_hours=5)
    _claim(db, due_in_hours=-9, status=ClaimStatus.CLOSED)
    window = MainWindow(make_ctx(aftersales))
    qtbot.addWidget(window)
    assert window.overdue_button.isVisible() or not window.isVisible()
    assert "2" in window.overdue_button.text()
    window.overdue_button.click()
    assert window.current_area_key == "aftersales"


def test_no_overdue_claims_no_badge(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[..., AppContext]
) -> None:
    _claim(db, due_in_hours=4)
    window = MainWindow(make_ctx(manager))
    qtbot.addWidget(window)
    assert window.overdue_button.isHidden()


@pytest.mark.sqlite_only
def test_an_automatic_backup_is_made_at_start(
    qtbot: QtBot, db: Database, admin: Actor, make_ctx: Callable[..., AppContext]
) -> None:
    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    assert window.backup_scheduler is not None and window.backup_scheduler.last is not None
    assert window.backup_scheduler.last.backup.path.exists()


def test_data_menu_follows_permissions(
    qtbot: QtBot, db: Database, admin: Actor, salesperson: Actor, make_ctx: Callable[..., AppContext]
) -> None:
    admin_window = MainWindow(make_ctx(admin))
    qtbot.addWidget(admin_window)
    file_actions = admin_window.menuBar().actions()[0].menu().actions()
    assert admin_window.import_action in file_actions and admin_window.export_all_action in file_actions
    sales_window = MainWindow(make_ctx(salesperson))
    qtbot.addWidget(sales_window)
    file_actions = sales_window.menuBar().actions()[0].menu().actions()
    assert sales_window.import_action not in file_actions
    assert sales_window.export_all_action not in file_actions


@pytest.mark.sqlite_only
def test_a_failed_automatic_backup_says_so_once(
    qtbot: QtBot, db: Database, admin: Actor, make_ctx: Callable[..., AppContext]
) -> None:
    from dealercrm.services.errors import ServiceError

    window = MainWindow(make_ctx(admin))
    qtbot.addWidget(window)
    assert window.backup_scheduler is not None
    window.backup_scheduler._failed(ServiceError("The backup folder is full."))
    assert window.statusBar().currentMessage() == "Automatic backup failed: The backup folder is full."


def test_a_page_switched_to_starts_its_queries_once_painted(
    qtbot: QtBot, db: Database, manager: Actor
) -> None:
    """Its queries would take the GIL from the GUI thread while it lays the page out and paints it."""
    from PySide6.QtCore import QEvent, QObject

    from dealercrm.ui.workers import Executor

    ctx = AppContext(db=db, actor=manager, executor=Executor(), language="en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: not ctx.executor.holding and not ctx.executor.busy, timeout=5000)
    window.show_area("today")
    qtbot.waitUntil(lambda: not ctx.executor.holding and not ctx.executor.busy, timeout=5000)

    events: list[str] = []

    class PaintSpy(QObject):
        def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint and "painted" not in events:
                events.append("painted")
            return False

    spy = PaintSpy()
    pipeline = window.page("pipeline") or window.show_area("pipeline")
    window.show_area("today")
    qtbot.waitUntil(lambda: not ctx.executor.holding and not ctx.executor.busy, timeout=5000)
    assert pipeline is not None
    pipeline.installEventFilter(spy)
    pool = ctx.executor._pool  # noqa: SLF001 - when the jobs start
    start = pool.start
    pool.start = lambda job: (events.append("query"), start(job))[1]  # type: ignore[method-assign]
    window.show_area("pipeline")  # shown again: refreshed
    assert ctx.executor.holding
    qtbot.waitUntil(lambda: not ctx.executor.holding and not ctx.executor.busy, timeout=5000)
    assert events[0] == "painted" and "query" in events
    ctx.executor.wait()


def test_a_page_never_painted_gets_its_queries_all_the_same(
    qtbot: QtBot, db: Database, manager: Actor
) -> None:
    from dealercrm.ui.main_window import PAGE_PAINT_WAIT_MS
    from dealercrm.ui.workers import Executor

    ctx = AppContext(db=db, actor=manager, executor=Executor(), language="en")
    window = MainWindow(ctx)  # never shown: nothing is painted (deleted below, not by qtbot)
    window.show_area("pipeline")
    window.show_area("today")  # built: shown again below
    qtbot.waitUntil(lambda: not ctx.executor.holding, timeout=PAGE_PAINT_WAIT_MS + 2000)
    window.show_area("pipeline")
    assert ctx.executor.holding
    qtbot.waitUntil(lambda: not ctx.executor.holding, timeout=PAGE_PAINT_WAIT_MS + 2000)
    qtbot.waitUntil(lambda: not ctx.executor.busy, timeout=5000)
    # A window closed (a logout) before its page was painted leaves the executor to the next login.
    window.show_area("today")
    assert ctx.executor.holding
    window.deleteLater()
    qtbot.waitUntil(lambda: not ctx.executor.holding, timeout=PAGE_PAINT_WAIT_MS + 2000)
    ctx.executor.wait()


def _pairs_current(db: Database) -> bool:
    from dealercrm.db import fts, fts_pairs

    with db.engine.connect() as conn:
        return fts_pairs.current(fts._driver(conn))  # noqa: SLF001


@pytest.mark.sqlite_only
def test_contacts_written_without_their_word_pairs_are_read_in_the_background(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[..., AppContext]
) -> None:
    """Contacts another program wrote before the start, then a bulk change of this one (too many to read
    in its own transaction): both read on the upkeep thread, and the search uses the pairs again."""
    from dealercrm.db import fts_pairs

    with db.session_factory.begin() as session:
        session.add(Contact(kind=ContactKind.PERSON, first_name="Maggie", last_name="Roux"))
    with db.engine.begin() as conn:  # as another program's write leaves it
        conn.exec_driver_sql("INSERT INTO contacts_pairs_fts_dirty (id) SELECT id FROM contacts")
    assert not _pairs_current(db)
    from dealercrm.ui.data_changed import bus

    bus().attach(db, listen=False)  # as the app does at log-in: this process's commits
    window = MainWindow(make_ctx(manager))
    qtbot.addWidget(window)
    window.show()  # changes reach a window on screen
    qtbot.waitUntil(lambda: _pairs_current(db), timeout=10_000)

    with db.session_factory.begin() as session:
        for n in range(fts_pairs.KEEP_ON_COMMIT + 1):
            session.add(Contact(kind=ContactKind.PERSON, first_name="Maggie", last_name=f"Rey{n}"))
    assert not _pairs_current(db)  # left out of the saving transaction
    qtbot.waitUntil(lambda: _pairs_current(db), timeout=10_000)
