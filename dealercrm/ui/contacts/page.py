"""Contacts: the paged list (name order, 100k-ready) with its filters and count, and the detail pane."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import Lifecycle, SourceChannel
from dealercrm.services.contacts import (
    ContactDetail,
    ContactFilter,
    ContactService,
    OwnerOption,
    TimelineItem,
)
from dealercrm.services.permissions import SEES_ALL_CONTACTS
from dealercrm.services.search import MAX_LIMIT, SearchService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.contacts.detail import ContactDetailPane
from dealercrm.ui.contacts.table_model import ContactsTableModel
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import labels_for
from dealercrm.ui.widgets.page import Page
from dealercrm.ui.widgets.paged_table import apply_column_widths, make_table_view

TIMELINE_PAGE = 50
ANYONE, MINE, UNASSIGNED = "anyone", "mine", "unassigned"


@dataclass(frozen=True)
class _Loaded:
    """A contact's file and the first page of its timeline, fetched together off the GUI thread."""

    detail: ContactDetail
    timeline: list[TimelineItem]


class ContactsPage(Page):
    """Every contact the user may see, filtered by text, lifecycle, owner and source; one at a time in
    the detail pane beside the list."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(ContactService)
        self._search = ctx.service(SearchService)
        self._detail_id: int | None = None
        self._select_after_load: int | None = None
        self._count_generation = 0
        self._search_generation = 0
        self._search_ids: tuple[int, ...] | None = None
        self._search_capped = False

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name, company, phone or e-mail"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(260)
        self.lifecycle_combo = QComboBox()
        self.lifecycle_combo.addItem(self.tr("All lifecycles"), None)
        for value, text in labels_for(Lifecycle).items():
            self.lifecycle_combo.addItem(text, value)
        self.owner_combo = QComboBox()
        self.owner_combo.setMinimumContentsLength(14)
        self.owner_combo.addItem(self.tr("Any owner"), ANYONE)
        self.owner_combo.addItem(self.tr("Mine"), MINE)
        self.owner_combo.addItem(self.tr("Unassigned"), UNASSIGNED)
        self.source_combo = QComboBox()
        self.source_combo.addItem(self.tr("All sources"), None)
        for value, text in labels_for(SourceChannel).items():
            self.source_combo.addItem(text, value)
        self.count_label = QLabel()
        self.count_label.setObjectName("Hint")

        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.search_edit, 2)
        toolbar.addWidget(self.lifecycle_combo)
        toolbar.addWidget(self.owner_combo)
        toolbar.addWidget(self.source_combo)
        toolbar.addStretch(1)
        toolbar.addWidget(self.count_label)

        self.model = ContactsTableModel(self._service, parent=self)
        self.table = make_table_view(self.model)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        apply_column_widths(self.table, self.model.columns)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("Placeholder")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear the filters"))
        self.clear_button.clicked.connect(self.clear_filters)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(empty)
        self._empty_widget = empty

        self.detail = ContactDetailPane(self)
        self.detail.link_activated.connect(self._on_link)
        self.detail.more_requested.connect(self._load_more_timeline)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 360])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(toolbar)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_search)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.search_edit.returnPressed.connect(self.apply_search)
        find = QAction(self.tr("Find a contact"), self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(self._focus_search)
        self.addAction(find)
        # Down from the search box goes to the list, so the keyboard alone picks a contact.
        self.search_edit.installEventFilter(self)
        for combo in (self.lifecycle_combo, self.owner_combo, self.source_combo):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)

        self._load_owners()
        self.reload()

    # Page API -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the rows shown (keeping the scroll position), the count and the open contact."""
        try:
            self.model.reload()
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.show_error(str(exc))
        self._update_empty_state()
        self._start_count(self.model.filters)
        if self._detail_id is not None:
            self._load_detail(self._detail_id)

    def open_record(self, record_id: int) -> None:
        """Show one contact: its file at once, and selected in the list when it is loaded there."""
        self._detail_id = record_id
        row = self.model.row_of(record_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()
            self._load_detail(record_id)

    # Filters ------------------------------------------------------------------------------------
    def current_filters(self) -> ContactFilter:
        owner = self.owner_combo.currentData()
        owner_id: int | None = None
        if owner == MINE:
            owner_id = self.ctx.actor.id
        elif isinstance(owner, int):
            owner_id = owner
        text = self.search_edit.text().strip()
        return ContactFilter(
            text=text if self._search_ids is None else "",
            lifecycle=self.lifecycle_combo.currentData(),
            owner_id=owner_id,
            unassigned=owner == UNASSIGNED,
            source=self.source_combo.currentData(),
            ids=self._search_ids if text else None,
        )

    def apply_search(self) -> None:
        """Find the contacts matching the typed text (full-text: names, phones, e-mails, cities), then
        list them in name order with the other filters."""
        self._search_timer.stop()
        text = self.search_edit.text().strip()
        self._search_generation += 1
        generation = self._search_generation
        if not text:
            self._search_ids, self._search_capped = None, False
            self.reload()
            return

        def found(ids: list[int]) -> None:
            if generation != self._search_generation:
                return  # the user typed on meanwhile
            self._search_ids = tuple(ids)
            self._search_capped = len(ids) >= MAX_LIMIT
            self.reload()

        def failed(_message: str) -> None:
            # No full-text index (an old database): fall back to a name prefix over ix_contacts_name.
            if generation == self._search_generation:
                self._search_ids, self._search_capped = None, False
                self.reload()

        self.ctx.executor.submit(
            self._search.search_contacts, query=text, limit=MAX_LIMIT, on_done=found, on_error=failed
        )

    def clear_filters(self) -> None:
        for widget in (self.search_edit, self.lifecycle_combo, self.owner_combo, self.source_combo):
            widget.blockSignals(True)
        self.search_edit.clear()
        for combo in (self.lifecycle_combo, self.owner_combo, self.source_combo):
            combo.setCurrentIndex(0)
        for widget in (self.search_edit, self.lifecycle_combo, self.owner_combo, self.source_combo):
            widget.blockSignals(False)
        self._search_ids, self._search_capped = None, False
        self.reload()

    def reload(self) -> None:
        """Show the first page for the current filters (one index seek) and count them off-thread."""
        filters = self.current_filters()
        try:
            self.model.set_filters(filters)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.model.set_fetch(None)
            self.show_error(str(exc))
        self._update_empty_state()
        self._start_count(filters)
        if self._select_after_load is not None:
            row = self.model.row_of(self._select_after_load)
            if row is not None:
                self.table.selectRow(row)
            self._select_after_load = None
        elif self.model.rowCount() == 1:
            self.table.selectRow(0)

    def _start_count(self, filters: ContactFilter) -> None:
        self._count_generation += 1
        generation = self._count_generation
        self.count_label.setText(self.tr("Counting…"))

        def show(count: int) -> None:
            if generation != self._count_generation:
                return
            if self._search_capped:
                text = self.tr("The first {n} matches: type more to narrow the search").format(
                    n=fmt.number(count)
                )
            else:
                text = self.tr("%Ln contact(s)", "", count)
            self.count_label.setText(text)

        def failed(message: str) -> None:
            if generation == self._count_generation:
                self.count_label.setText("")
                self.show_error(message)

        self.ctx.executor.submit(self._service.count, filters=filters, on_done=show, on_error=failed)

    def _load_owners(self) -> None:
        if self.ctx.actor.role not in SEES_ALL_CONTACTS:
            return  # a salesperson filters by "mine" or "unassigned" only

        def fill(owners: list[OwnerOption]) -> None:
            current = self.owner_combo.currentData()
            self.owner_combo.blockSignals(True)
            while self.owner_combo.count() > 3:
                self.owner_combo.removeItem(3)
            self.owner_combo.insertSeparator(3)
            for owner in owners:
                if owner.id != self.ctx.actor.id:
                    self.owner_combo.addItem(owner.name, owner.id)
            self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(current)))
            self.owner_combo.blockSignals(False)

        self.ctx.executor.submit(self._service.owners, on_done=fill, on_error=self.show_error)

    def _update_empty_state(self) -> None:
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.table)
            return
        filtered = self.current_filters() != ContactFilter()
        if self.search_edit.text().strip():
            text = self.tr(
                "No contact matches “{text}” with these filters.\nCheck the spelling or clear the filters."
            )
            text = text.format(text=self.search_edit.text().strip())
        elif filtered:
            text = self.tr("No contact matches these filters.")
        else:
            text = self.tr(
                "No contact yet.\nContacts appear here once they are created or imported from the old file."
            )
        self.empty_label.setText(text)
        self.clear_button.setVisible(filtered or bool(self.search_edit.text().strip()))
        self.list_stack.setCurrentWidget(self._empty_widget)

    # Detail ---------------------------------------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        if row is None or (row.id == self._detail_id and self.detail.detail is not None):
            return
        self._detail_id = row.id
        self._load_detail(row.id)

    def _load_detail(self, contact_id: int) -> None:
        service = self._service

        def load() -> _Loaded:
            detail = service.get(contact_id=contact_id)
            return _Loaded(detail, service.timeline(contact_id=contact_id, before=None, limit=TIMELINE_PAGE))

        def failed(message: str) -> None:
            if self._detail_id == contact_id:
                self.detail.clear(message)

        self.ctx.executor.submit(load, on_done=self._show_loaded, on_error=failed)

    def _show_loaded(self, loaded: _Loaded) -> None:
        if loaded.detail.id != self._detail_id:
            return  # the user has moved on to another contact meanwhile
        self.detail.show_contact(loaded.detail)
        self.detail.set_timeline(loaded.timeline, has_more=len(loaded.timeline) == TIMELINE_PAGE)

    def _load_more_timeline(self) -> None:
        items = self.detail.timeline_items()
        if self._detail_id is None or not items:
            return
        contact_id = self._detail_id

        def show(more: list[TimelineItem]) -> None:
            if contact_id == self._detail_id:
                self.detail.set_timeline(more, has_more=len(more) == TIMELINE_PAGE, append=True)

        self.ctx.executor.submit(
            self._service.timeline,
            contact_id=contact_id,
            before=items[-1],
            limit=TIMELINE_PAGE,
            on_done=show,
            on_error=self.show_error,
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
        ):
            self._focus_list()
            return True
        return super().eventFilter(watched, event)

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def _focus_list(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _on_link(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        if kind == "mailto":
            QDesktopServices.openUrl(QUrl(link))
        elif ident.isdigit():
            self.open_requested.emit(kind, int(ident))
