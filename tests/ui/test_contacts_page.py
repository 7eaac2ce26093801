"""ContactsPage driven through its widgets: paging, filters, count, search, detail pane and timeline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Contact, Interaction, Opportunity
from dealercrm.models.enums import ContactKind, InteractionType, Lifecycle, Role, SourceChannel, Stage
from dealercrm.services.permissions import Actor
from dealercrm.ui.contacts.page import TIMELINE_PAGE, ContactsPage
from dealercrm.ui.contacts.table_model import PAGE_SIZE
from dealercrm.ui.context import AppContext
from dealercrm.ui.workers import Executor

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def seed_many(db: Database, owner: Actor, n: int) -> None:
    with db.session_factory.begin() as session:
        session.add_all(
            Contact(
                kind=ContactKind.PERSON,
                first_name=f"Prénom{i:04d}",
                last_name=f"Nom{i:04d}",
                owner_id=owner.id,
                mobile=f"+3361234{i:04d}",
                lifecycle=Lifecycle.CUSTOMER if i % 3 == 0 else Lifecycle.PROSPECT,
                source_channel=SourceChannel.WEBSITE if i % 2 else SourceChannel.WALK_IN,
            )
            for i in range(n)
        )


def add_contact(db: Database, **fields: object) -> int:
    values: dict[str, object] = {"kind": ContactKind.PERSON}
    values.update(fields)
    with db.session_factory.begin() as session:
        contact = Contact(**values)
        session.add(contact)
        session.flush()
        return contact.id


def test_list_pages_as_it_scrolls_and_counts(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed_many(db, manager, 450)
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    assert page.model.rowCount() == PAGE_SIZE  # one page, not the whole table
    assert page.count_label.text() == "450 contacts"
    first = page.model.index(0, 0)
    assert page.model.data(first) == "Prénom0000 Nom0000"
    assert page.model.data(page.model.index(0, 1)) == "06 12 34 00 00"
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() > PAGE_SIZE)
    while page.model.canFetchMore():
        page.model.fetchMore()
    assert page.model.rowCount() == 450
    names = [r.name for r in page.model.rows()]
    assert names == sorted(names)


def test_filters_narrow_the_list_and_the_count(
    qtbot: QtBot, db: Database, manager: Actor, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed_many(db, manager, 30)
    add_contact(db, last_name="Martin", first_name="Julie", owner_id=salesperson.id)
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.lifecycle_combo.setCurrentIndex(page.lifecycle_combo.findData(Lifecycle.CUSTOMER))
    assert page.count_label.text() == "10 contacts"
    assert {r.lifecycle for r in page.model.rows()} == {Lifecycle.CUSTOMER}
    page.source_combo.setCurrentIndex(page.source_combo.findData(SourceChannel.WALK_IN))
    assert page.count_label.text() == "5 contacts"
    page.clear_filters()
    owner_index = page.owner_combo.findData(salesperson.id)
    assert owner_index > 0  # a manager filters by any salesperson
    page.owner_combo.setCurrentIndex(owner_index)
    assert [r.name for r in page.model.rows()] == ["Julie Martin"]
    page.owner_combo.setCurrentIndex(page.owner_combo.findData("unassigned"))
    assert page.model.rowCount() == 0
    assert page.list_stack.currentWidget() is not page.table
    assert page.empty_label.text() == "No contact matches these filters."
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 31


def test_search_box_finds_by_name_or_phone(
    qtbot: QtBot, db: Database, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    add_contact(db, last_name="Dupont", first_name="Jean", mobile="+33612345678", owner_id=salesperson.id)
    add_contact(db, last_name="Durand", first_name="Léa", mobile="+33698765432")
    page = ContactsPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.show()
    qtbot.keyClicks(page.search_edit, "dup")
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [r.name for r in page.model.rows()] == ["Jean Dupont"])
    qtbot.keyClick(page.search_edit, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.focusWidget() is page.table)
    assert page.detail.detail is not None and page.detail.detail.name == "Jean Dupont"
    page.search_edit.setText("06 98 76")
    page.apply_search()
    assert [r.name for r in page.model.rows()] == ["Léa Durand"]
    assert page.detail.detail is not None and page.detail.detail.name == "Léa Durand"  # one match: shown
    page.search_edit.setText("nobody-like-this")
    page.apply_search()
    assert page.model.rowCount() == 0
    assert "nobody-like-this" in page.empty_label.text()


def test_a_salesperson_never_lists_another_ones_prospects(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    other = make_user(Role.SALESPERSON)
    add_contact(db, last_name="Mine", owner_id=salesperson.id)
    add_contact(db, last_name="Private", owner_id=other.id, lifecycle=Lifecycle.PROSPECT)
    add_contact(db, last_name="Shared", owner_id=other.id, lifecycle=Lifecycle.CUSTOMER)
    page = ContactsPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    assert [r.name for r in page.model.rows()] == ["Mine", "Shared"]
    assert page.owner_combo.count() == 3  # any, mine, unassigned: no list of colleagues
    page.owner_combo.setCurrentIndex(page.owner_combo.findData("mine"))
    assert [r.name for r in page.model.rows()] == ["Mine"]


def test_selecting_shows_the_detail_and_more_timeline(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    cid = add_contact(db, last_name="Dupont", first_name="Jean", city="Lyon", mobile="+33612345678")
    with db.session_factory.begin() as session:
        session.add_all(
            Interaction(
                contact_id=cid,
                type=InteractionType.CALL,
                occurred_at=T0 + dt.timedelta(hours=i),
                summary=f"call {i}",
            )
            for i in range(TIMELINE_PAGE + 7)
        )
        session.add(Opportunity(contact_id=cid, title="Captur hybride", stage=Stage.OFFER))
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    assert page.detail.title.text() == "Jean Dupont"
    assert "06 12 34 56 78" in page.detail.reach.text()
    assert "Captur hybride" in page.detail.opportunities.text()
    assert len(page.detail.timeline_items()) == TIMELINE_PAGE
    assert page.detail.timeline_items()[0].summary == f"call {TIMELINE_PAGE + 6}"  # newest first
    assert page.detail.more_button.isVisibleTo(page.detail)
    qtbot.mouseClick(page.detail.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(page.detail.timeline_items()) == TIMELINE_PAGE + 7)
    assert not page.detail.more_button.isVisibleTo(page.detail)

    # A call logged meanwhile (here or on another workstation): the refresh keeps what "More" loaded.
    with db.session_factory.begin() as session:
        session.add(
            Interaction(
                contact_id=cid,
                type=InteractionType.CALL,
                occurred_at=T0 - dt.timedelta(hours=1),
                summary="oldest",
            )
        )
        session.add(
            Interaction(
                contact_id=cid,
                type=InteractionType.CALL,
                occurred_at=T0 + dt.timedelta(days=30),
                summary="newest",
            )
        )
    page._data_changed(frozenset({"interaction"}), {"contact": frozenset({cid})})  # noqa: SLF001
    qtbot.waitUntil(lambda: page.detail.timeline_items()[0].summary == "newest")
    assert len(page.detail.timeline_items()) == TIMELINE_PAGE + 7  # as many as were shown
    assert page.detail.more_button.isVisibleTo(page.detail)  # and "oldest" is one "More" away
    qtbot.mouseClick(page.detail.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.detail.timeline_items()[-1].summary == "oldest")
    assert len(page.detail.timeline_items()) == TIMELINE_PAGE + 9
    with qtbot.waitSignal(page.open_requested) as blocker:
        page.detail.opportunities.linkActivated.emit("opportunity:1")
    assert blocker.args == ["opportunity", 1]


def test_open_record_shows_a_contact_not_loaded_yet(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed_many(db, manager, 250)
    target = add_contact(db, last_name="Zz-last", first_name="Zoé")
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.open_record(target)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == target)
    assert page.detail.title.text() == "Zoé Zz-last"


def test_open_record_of_a_hidden_contact_says_so(
    qtbot: QtBot,
    db: Database,
    salesperson: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    other = make_user(Role.SALESPERSON)
    hidden = add_contact(db, last_name="Private", owner_id=other.id, lifecycle=Lifecycle.PROSPECT)
    page = ContactsPage(make_ctx(salesperson))
    qtbot.addWidget(page)
    page.open_record(hidden)
    assert page.detail.detail is None
    assert "may not see this contact" in page.detail.subtitle.text()


def test_empty_database_says_where_contacts_come_from(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.show()
    assert page.empty_label.text().startswith("No contact yet.")
    assert not page.clear_button.isVisible()
    assert page.count_label.text() == "0 contacts"


def _click_header(qtbot: QtBot, page: ContactsPage, title: str) -> None:
    header = page.table.horizontalHeader()
    section = [c.title for c in page.model.columns].index(title)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_clicking_last_contact_sorts_and_paging_returns_every_row_once(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    now = dt.datetime.now(dt.UTC)
    with db.session_factory.begin() as session:
        session.add_all(
            Contact(
                kind=ContactKind.PERSON,
                last_name=f"Nom{i:03d}",
                owner_id=manager.id,
                # Ties on the day, and some never contacted, so that the id breaks ties across pages.
                last_contact_at=None if i % 7 == 0 else now - dt.timedelta(days=(i * 37) % 40),
            )
            for i in range(PAGE_SIZE * 2 + 30)
        )
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    header = page.table.horizontalHeader()
    last_contact = [c.title for c in page.model.columns].index("Last contact")

    _click_header(qtbot, page, "Last contact")

    assert header.sortIndicatorSection() == last_contact
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder  # the latest contacts first
    assert page.model.rowCount() == PAGE_SIZE
    while page.model.canFetchMore():
        page.model.fetchMore()
    rows = page.model.rows()
    assert len(rows) == len({r.id for r in rows}) == PAGE_SIZE * 2 + 30
    stamps = [r.last_contact_at for r in rows]
    dated = [s for s in stamps if s is not None]
    assert dated == sorted(dated, reverse=True)
    assert stamps[len(dated) :] == [None] * (len(stamps) - len(dated))  # never contacted last

    _click_header(qtbot, page, "Last contact")  # again: the other way round

    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.model.rows()[0].last_contact_at is None
    _click_header(qtbot, page, "Phone")  # not sortable: the order and its indicator stay
    assert header.sortIndicatorSection() == last_contact
    assert page.current_filters().order == "last_contact"
    _click_header(qtbot, page, "Name")
    assert header.sortIndicatorSection() == 0
    assert page.model.rows()[0].name == "Nom000"


def _visibly_inside(widget: QWidget, area: QWidget) -> bool:
    """Whether the whole of `widget` lies within `area` (on screen, not cut by it)."""
    top_left = widget.mapTo(area, QPoint(0, 0))
    return area.rect().contains(QRect(top_left, widget.size()))


def test_every_action_of_the_contact_is_reachable_in_a_1200_px_window_in_french(
    qtbot: QtBot, qapp: QApplication, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    """The action row wraps instead of pushing "More" (new opportunity, claim...) off the pane."""
    from dealercrm.ui.i18n import install_translations, remove_translations
    from dealercrm.ui.main_window import MainWindow

    add_contact(db, last_name="Dupont", first_name="Jean")
    translators = install_translations(qapp, "fr")
    try:
        window = MainWindow(make_ctx(manager))
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        page = window.show_area("contacts")
        assert isinstance(page, ContactsPage)
        page.table.selectRow(0)
        qtbot.waitUntil(lambda: page.detail.detail is not None)
        qtbot.wait(20)  # the layouts settle
        detail = page.detail
        buttons = [*detail.action_buttons.values(), detail.more_actions_button]
        assert [b.text() for b in buttons] == ["Noter un appel", "Visite…", "Planifier…", "Modifier", "Plus"]
        for button in buttons:
            assert button.isVisible()
            assert button.width() >= button.sizeHint().width(), button.text()  # not squeezed
            assert _visibly_inside(button, detail.viewport()), button.text()
    finally:
        remove_translations(qapp, translators)


def test_the_customer_file_opens_on_the_whole_page_and_esc_goes_back(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    seed_many(db, manager, 30)
    page = ContactsPage(make_ctx(manager))
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page._focus_list()
    qtbot.waitUntil(lambda: page.detail.detail is not None)
    preview_width = page.detail.width()
    assert page.detail.columns.direction() == page.detail.columns.Direction.TopToBottom  # a narrow preview

    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter on a row: the whole file

    assert page.full_view and not page.table.isVisible() and not page.filters_bar.isVisible()
    qtbot.waitUntil(lambda: page.detail.width() > 2 * preview_width)
    assert (
        page.detail.columns.direction() == page.detail.columns.Direction.LeftToRight
    )  # sections side by side
    assert page.detail.full_button.text() == "Back to the list"
    assert page.detail.action_buttons["call"].isVisible()  # its actions at hand

    qtbot.keyClick(page.detail, Qt.Key.Key_Escape)

    assert not page.full_view and page.table.isVisible() and page.table.hasFocus()
    qtbot.waitUntil(lambda: page.detail.width() < 2 * preview_width)
    page.detail.full_button.click()  # the button does the same
    assert page.full_view


def test_with_the_threaded_executor_a_new_contact_is_selected_once_the_list_has_it(
    qtbot: QtBot, db: Database, manager: Actor
) -> None:
    """The list's queries run off the GUI thread: the contact just created is opened at once and
    selected in the list when the reloaded rows arrive."""
    from dealercrm.ui.workers import Executor

    seed_many(db, manager, 5)
    executor = Executor()
    page = ContactsPage(AppContext(db=db, actor=manager, executor=executor, language="en"))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 5 and page.count_label.text() == "5 contacts")
    page.new_contact()
    dialog = page.edit_dialog
    dialog.fields["first_name"].setText("Aline")
    dialog.fields["last_name"].setText("Aubert")
    with qtbot.waitSignal(dialog.contact_saved):
        dialog.save()
    qtbot.waitUntil(lambda: page.model.rowCount() == 6 and bool(page.selected_ids()))
    executor.wait()
    (selected,) = page.selected_ids()
    assert [r.name for r in page.model.rows() if r.id == selected] == ["Aline Aubert"]
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == selected)


def test_a_page_built_before_login_lists_and_allows_as_one_built_for_the_user(
    qtbot: QtBot, db: Database, manager: Actor, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    """Issue 16: the page is built while the login dialog waits (no user, no data), then attached to
    whoever logs in: the same rows, count, owners, buttons and actions as a page built for them."""
    seed_many(db, manager, 30)
    add_contact(db, last_name="Martin", first_name="Julie", owner_id=salesperson.id)
    for actor in (manager, salesperson):
        early = ContactsPage.prebuild()
        qtbot.addWidget(early)
        assert early.table.model() is None  # nothing of anyone's yet
        early.attach(make_ctx(actor))
        usual = ContactsPage(make_ctx(actor))
        qtbot.addWidget(usual)
        for page in (early, usual):
            page.resize(1200, 800)
            page.show()
        assert early.model.rowCount() > 0
        assert [r.id for r in early.model.rows()] == [r.id for r in usual.model.rows()]
        assert early.count_label.text() == usual.count_label.text()
        assert [early.owner_combo.itemText(i) for i in range(early.owner_combo.count())] == [
            usual.owner_combo.itemText(i) for i in range(usual.owner_combo.count())
        ]
        for name in ("new_button", "save_segment_button", "bulk_button", "duplicates_button"):
            assert getattr(early, name).isVisible() == getattr(usual, name).isVisible(), name
        # The selection's actions sit where they always do: before "Duplicates…", after the count.
        bar = early._toolbar  # noqa: SLF001
        assert bar.indexOf(early.bulk_button) == bar.indexOf(early.duplicates_button) - 1
        assert [a.isVisible() for a in early.bulk_button.menu().actions()] == [
            a.isVisible() for a in usual.bulk_button.menu().actions()
        ]
        assert (
            early.detail.action_buttons["edit"].isVisible() == usual.detail.action_buttons["edit"].isVisible()
        )
        early.table.selectRow(0)  # the list's selection opens the contact, as on any page
        assert early.detail.detail is not None
        assert early.detail.detail.id == early.model.rows()[0].id
        with pytest.raises(RuntimeError):
            early.attach(make_ctx(actor))


def test_opening_a_file_loads_the_purchase_model_off_the_gui_thread(
    qtbot: QtBot, db: Database, manager: Actor, threaded: Executor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The purchase model's code (numpy) is not loaded at start-up; importing it on the GUI thread when
    the first file was opened froze the window for about 0.2 s. The file's job imports it, on the worker."""
    import sys
    import threading

    target = add_contact(db, last_name="Aubert", first_name="Aline")
    import dealercrm.services

    name = "dealercrm.services.purchase_model"
    if name in sys.modules:  # the import below replaces the package's attribute: restored afterwards too
        monkeypatch.setattr(dealercrm.services, "purchase_model", sys.modules[name])
    for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
        monkeypatch.delitem(sys.modules, module)  # as in a fresh process; restored afterwards
    importers: list[str] = []

    class Watch:
        def find_spec(self, fullname: str, *_args: object) -> None:
            if fullname == name:
                importers.append(threading.current_thread().name)

    monkeypatch.setattr(sys, "meta_path", [Watch(), *sys.meta_path])
    page = ContactsPage(AppContext(db=db, actor=manager, executor=threaded, language="en"))
    qtbot.addWidget(page)
    page.open_record(target)
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.detail.id == target)
    assert importers and threading.main_thread().name not in importers
    assert page.detail.title.text() == "Aline Aubert"
