"""Contacts: the paged list (name order, 100k-ready) with its filters and count, and the detail pane."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressDialog,
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
from dealercrm.services.duplicates import DuplicateMatch, DuplicatePair, DuplicateService
from dealercrm.services.permissions import SEES_ALL_CONTACTS
from dealercrm.services.search import MAX_LIMIT, SearchService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.contacts.bulk import BulkActionsButton
from dealercrm.ui.contacts.detail import ContactDetailPane
from dealercrm.ui.contacts.flow_layout import FlowLayout
from dealercrm.ui.contacts.table_model import HOT, SORT_COLUMNS, WARM, ContactsTableModel
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import Ids, LiveRefresh, touches
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import set_primary
from dealercrm.ui.widgets.forms import (
    choice_combo,
    chosen_owner,
    enum_combo,
    owner_filter_combo,
    refill_combo,
    refill_owners,
)
from dealercrm.ui.widgets.page import PrebuildablePage, fit_columns_to_headers
from dealercrm.ui.widgets.paged_table import apply_column_widths, make_table_view

TIMELINE_PAGE = 50
MAX_TIMELINE = 1000  # the most a refresh reloads at once (the service's own page limit)
# Score bands of the filter: (min, max, unscored).
SCORE_BANDS: dict[str, tuple[int | None, int | None, bool]] = {
    "hot": (HOT, None, False),
    "warm": (WARM, HOT - 1, False),
    "cold": (None, WARM - 1, False),
    "none": (None, None, True),
}
PROBABILITY_BANDS = {"p30": 0.3, "p10": 0.1}  # learnt probability of a purchase within 90 days
QUIET_DAYS = (30, 60, 90, 180, 365)
# Due filters: (due_dates.DueKind value, days ahead).
DUES = {
    "ct": ("technical_inspection", 60),
    "maintenance": ("maintenance", 30),
    "warranty": ("warranty_end", 90),
    "financing": ("financing_end", 180),
}


@functools.cache
def has_module(name: str) -> bool:
    """Whether another area's optional module is there (built by another issue)."""
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


T = TypeVar("T")


@dataclass(frozen=True)
class _Loaded:
    """A contact's file and its timeline's newest items, fetched together off the GUI thread."""

    detail: ContactDetail
    timeline: list[TimelineItem]
    purchase: Any = None  # services.purchase_model.Explanation, when a model is in force
    limit: int = TIMELINE_PAGE  # the timeline items asked for: as many came back, so there may be more


# What the list and the open contact show: a call, a task, a deal... changes the contact's row too.
LIVE_KINDS = frozenset({"contact", "interaction", "task", "deal", "sale", "claim", "user"})


class ContactsPage(PrebuildablePage):
    """Every contact the user may see, filtered by text, lifecycle, owner and source; one at a time in
    the detail pane beside the list."""

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._detail_id: int | None = None
        self._select_after_load: int | None = None
        self._search_ids: tuple[int, ...] | None = None
        self._search_capped = False

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("Name, company, phone or e-mail"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(200)
        self.lifecycle_combo = enum_combo(Lifecycle, first=self.tr("All lifecycles"))
        self.owner_combo = owner_filter_combo(
            anyone=self.tr("Any owner"), mine=self.tr("Mine"), unassigned=self.tr("Unassigned")
        )
        self.owner_combo.setMinimumContentsLength(14)
        self.source_combo = enum_combo(SourceChannel, first=self.tr("All sources"))
        self.count_label = QLabel()
        self.count_label.setObjectName("Hint")
        self.new_button = QPushButton(self.tr("New contact"))
        self.new_button.setToolTip(self.tr("Create a contact (Ctrl+N)"))
        set_primary(self.new_button)

        self.score_combo = choice_combo(
            {
                "hot": self.tr("Hot (70+)"),
                "warm": self.tr("Warm (40–69)"),
                "cold": self.tr("Cold (under 40)"),
                "none": self.tr("Not scored"),
                "p30": self.tr("Likely to buy (30%+ in 90 days)"),
                "p10": self.tr("May buy (10%+ in 90 days)"),
            },
            first=self.tr("Any score"),
        )
        self.quiet_combo = choice_combo(
            {days: self.tr("No contact for {n} days").format(n=days) for days in QUIET_DAYS},
            first=self.tr("Any last contact"),
        )
        self.due_combo = choice_combo(
            {
                "ct": self.tr("CT due within 60 days"),
                "maintenance": self.tr("Service due within 30 days"),
                "warranty": self.tr("Warranty ends within 90 days"),
                "financing": self.tr("Financing ends within 6 months"),
            },
            first=self.tr("Nothing due"),
        )
        self.due_combo.setVisible(has_module("dealercrm.services.due_dates"))
        self.vehicle_edit = QLineEdit()
        self.vehicle_edit.setPlaceholderText(self.tr("Car owned"))
        self.vehicle_edit.setToolTip(
            self.tr("Contacts who own a car of this make (and model), e.g. “Peugeot 208”")
        )
        self.vehicle_edit.setClearButtonEnabled(True)
        self.vehicle_edit.setMinimumWidth(130)
        self.vehicle_edit.setMaximumWidth(170)
        self.segment_combo = QComboBox()
        self.segment_combo.addItem(self.tr("No segment"), None)
        self.segment_combo.setMinimumContentsLength(12)
        self._segments_ok = has_module("dealercrm.services.segments")
        self.segment_combo.setVisible(self._segments_ok)
        self.save_segment_button = QPushButton(self.tr("Save…"))
        self.save_segment_button.setToolTip(
            self.tr("Save these filters as a segment, reused by campaigns and reports")
        )
        self.order_combo = QComboBox()
        self.order_combo.addItem(self.tr("By name"), "name")
        self.order_combo.addItem(self.tr("Best score first"), "score")
        self.order_combo.addItem(self.tr("Latest contact first"), "last_contact")
        self.order_combo.addItem(self.tr("Newest first"), "created")
        self.order_combo.addItem(self.tr("By city"), "city")
        self.order_combo.addItem(self.tr("Most likely to buy first"), "purchase")
        self.order_combo.setToolTip(self.tr("Click a column header to sort by it; click again to reverse"))
        # None: the key's usual direction; a second click on the same header reverses it.
        self._descending: bool | None = None
        choices = (
            self.lifecycle_combo,
            self.owner_combo,
            self.source_combo,
            self.score_combo,
            self.quiet_combo,
            self.due_combo,
        )
        # The filters a change of which lists again from the first page (the order has its own rule).
        self.filter_combos = (*choices, self.segment_combo)
        # Each filter as wide as its longest choice: French ones are longer ("Tous les commerciaux").
        for combo in (*self.filter_combos, self.order_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.duplicates_button = QPushButton(self.tr("Duplicates…"))
        self.duplicates_button.setToolTip(self.tr("Find contacts entered twice and merge them"))

        # Never squeezed.
        for button in (self.duplicates_button, self.new_button):
            button.setMinimumWidth(button.sizeHint().width())
        # The search box and the buttons on the first row; the filters below, at their full width,
        # wrapping onto another row when the window is narrow rather than cutting their texts.
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.search_edit, 1)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.count_label)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.duplicates_button)  # the selection's actions go before it (attach)
        toolbar.addWidget(self.new_button)
        self.filters_bar = QWidget()
        filters = FlowLayout(self.filters_bar, spacing=8)
        filters.setContentsMargins(0, 0, 0, 0)
        for widget in (
            *choices,
            self.vehicle_edit,
            self.segment_combo,
            self.save_segment_button,
            self.order_combo,
        ):
            filters.addWidget(widget)

        self._toolbar = toolbar
        self.table = make_table_view(None)  # its model is the user's list: attach()
        self.table.setSelectionMode(self.table.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)

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

        self.detail = ContactDetailPane(self._today, self)
        self.detail.link_activated.connect(self._on_link)
        self.detail.more_requested.connect(self._load_more_timeline)
        self.detail.action_requested.connect(self.run_action)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 2)
        # At 1366 pixels wide the list shows the salesperson without scrolling sideways.
        splitter.setSizes([800, 320])
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(toolbar)
        layout.addWidget(self.filters_bar)
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
        for combo in self.filter_combos:
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.order_combo.currentIndexChanged.connect(lambda _i: self._order_chosen())
        self.vehicle_edit.editingFinished.connect(self._vehicle_changed)
        self._vehicle_text = ""
        self.table.activated.connect(lambda _index: self.set_full_view(True))  # Enter or double-click
        self._list_sizes: list[int] = []
        back = QAction(self.tr("Back to the list"), self)
        back.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        back.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.triggered.connect(lambda: self.set_full_view(False))
        self.addAction(back)
        self.new_button.clicked.connect(lambda: self.new_contact())
        self.duplicates_button.clicked.connect(self.scan_duplicates)
        self.save_segment_button.clicked.connect(lambda: self.save_segment())
        for text, shortcut, slot in (
            (self.tr("New contact"), "Ctrl+N", lambda: self.new_contact()),
            (self.tr("Edit the contact"), "Ctrl+E", lambda: self.run_action("edit")),
            (self.tr("Log a call"), "Ctrl+L", lambda: self.run_action("call")),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        if ctx is not None:
            self.attach(ctx)

    @staticmethod
    def preload() -> None:
        """Any thread, before the page is built: what it imports or looks up when it first loads."""
        has_module("dealercrm.ui.aftersales.claim_entry")
        has_module("dealercrm.services.due_dates")
        if has_module("dealercrm.services.segments"):
            importlib.import_module("dealercrm.services.segments")

    def _today(self) -> dt.date:
        return self.ctx.today()

    def attach(self, ctx: AppContext) -> None:
        """Act for `ctx`'s user: what they may do, the list's model, and the first page, the count, the
        owners and the segments asked for (off the GUI thread)."""
        super().attach(ctx)
        self._service = ctx.service(ContactService)
        self._search = ctx.service(SearchService)
        self.new_button.setVisible(ctx.can("contacts.create"))
        self.save_segment_button.setVisible(self._segments_ok and ctx.can("segments.manage"))
        self.bulk_button = BulkActionsButton(
            ctx, self.selected_ids, self.refresh, self.status_message.emit, parent=self
        )
        # Never squeezed; the menu arrow of "Selection" drawn beside its text, not over it.
        self.bulk_button.setMinimumWidth(self.bulk_button.sizeHint().width() + 12)
        self._toolbar.insertWidget(self._toolbar.indexOf(self.duplicates_button), self.bulk_button)
        self.detail.set_allowed(
            {
                "edit": ctx.can("contacts.update"),
                "call": ctx.can("interactions.log"),
                "visit": ctx.can("interactions.log"),
                "test_drive": ctx.can("interactions.log"),
                "quote": ctx.can("interactions.log"),
                "task": ctx.can("tasks.manage"),
                "opportunity": ctx.can("opportunities.manage"),
                "claim": ctx.can("claims.create") and has_module("dealercrm.ui.aftersales.claim_entry"),
                "consent": ctx.can("contacts.update"),
            }
        )
        self.model = ContactsTableModel(self._service, parent=self, executor=ctx.executor)
        self.table.setModel(self.model)
        apply_column_widths(self.table, self.model.columns)
        fit_columns_to_headers(self.table)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        # The first page first: the executor runs one query at a time, in the order asked.
        self.reload()
        self._load_owners()
        self._load_segments()
        # Changes made here or on another workstation refresh the rows shown and the open contact.
        self.live = LiveRefresh(self, LIVE_KINDS, self._data_changed)

    # Page API -----------------------------------------------------------------------------------
    def _failed(self, exc: Exception) -> None:
        self.show_error(message_of(exc))

    def _read(self, fn: Callable[..., T], **kwargs: Any) -> QueryOp[T]:
        """A read for this page: run again by itself once a lost server connection is back."""
        return QueryOp(fn, **kwargs).read_only()

    def refresh(self) -> None:
        """Reload the rows shown (keeping the scroll position), the count and the open contact."""
        self.model.reload(on_done=self._rows_in_place, on_failure=self._failed)
        self._start_count(self.model.filters)
        if self._detail_id is not None:
            self._load_detail(self._detail_id, again=True)

    def _data_changed(self, kinds: frozenset[str], ids: Ids) -> None:
        """Reload the loaded rows off-thread (selection and scroll kept) and the open contact if it is
        concerned; recount only when contacts may have come or gone."""
        if "contact" in kinds:
            self.model.reload(on_done=self._rows_in_place)
            changed = ids.get("contact")
            if changed is None or any(self.model.row_of(i) is None for i in changed):
                self._start_count(self.model.filters)
        if self._detail_id is not None and touches(ids, "contact", self._detail_id):
            self._load_detail(self._detail_id, again=True)

    def _refresh_unless_live(self) -> None:
        """After an action of ours: the bus brings the change back when it hears the database."""
        if not self.live.covers:
            self.refresh()

    def focus_first(self) -> None:
        """The search box: type a name at once (Down goes to the list); Ctrl+N etc. work from there."""
        self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

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
            if self.model.loading:  # e.g. just created: selected once the rows on their way are shown
                self._select_after_load = record_id

    # Filters ------------------------------------------------------------------------------------
    def current_filters(self) -> ContactFilter:
        owner_id, unassigned = chosen_owner(self.owner_combo, self.ctx.actor.id)
        text = self.search_edit.text().strip()
        score_min, score_max, unscored = SCORE_BANDS.get(self.score_combo.currentData(), (None, None, False))
        make, _, model = self._vehicle_text.partition(" ")
        due = DUES.get(self.due_combo.currentData())
        segment = self.segment_combo.currentData()
        return ContactFilter(
            text=text if self._search_ids is None else "",
            lifecycle=self.lifecycle_combo.currentData(),
            owner_id=owner_id,
            unassigned=unassigned,
            source=self.source_combo.currentData(),
            ids=self._search_ids if text else None,
            score_min=score_min,
            score_max=score_max,
            unscored=unscored,
            probability_min=PROBABILITY_BANDS.get(self.score_combo.currentData()),
            quiet_days=self.quiet_combo.currentData(),
            vehicle_make=make or None,
            vehicle_model=model.strip() or None,
            due_kind=due[0] if due else None,
            due_within_days=due[1] if due else 30,
            segment_filters=tuple(sorted(segment.items())) if isinstance(segment, dict) else None,
            order=self.order_combo.currentData() or "name",
            descending=self._descending,
        )

    def _vehicle_changed(self) -> None:
        text = " ".join(self.vehicle_edit.text().split())
        # Makes are stored capitalised ("Peugeot", "Citroën"); models as sold ("208", "C3").
        text = text[:1].upper() + text[1:]
        if text != self._vehicle_text:
            self._vehicle_text = text
            self.reload()

    def _order_chosen(self) -> None:
        """A sort picked in the combo: in its usual direction."""
        self._descending = None
        self._sync_sort_indicator()
        self.reload()

    def _sync_sort_indicator(self) -> None:
        filters = self.current_filters()
        section = next((c for c, key in SORT_COLUMNS.items() if key == filters.order), 0)
        order = Qt.SortOrder.DescendingOrder if filters.is_descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(section, order)

    def sort_by(self, key: str, *, descending: bool | None = None) -> None:
        """List the contacts by `key` (a ContactService sort key), paging from the first row."""
        self.order_combo.blockSignals(True)
        self.order_combo.setCurrentIndex(max(0, self.order_combo.findData(key)))
        self.order_combo.blockSignals(False)
        self._descending = descending
        self._sync_sort_indicator()
        self.reload()

    def _header_clicked(self, section: int) -> None:
        """Sortable columns sort (by their key, over its index where there is one); a second click on
        the same column reverses the order. The other columns keep the current order."""
        key = SORT_COLUMNS.get(section)
        if key is None:
            self._sync_sort_indicator()  # Qt has moved the indicator: put it back
            return
        current = self.current_filters()
        descending = not current.is_descending if key == current.order else None
        self.sort_by(key, descending=descending)

    def apply_search(self) -> None:
        """Find the contacts matching the typed text (full-text: names, phones, e-mails, cities), then
        list them in name order with the other filters."""
        self._search_timer.stop()
        text = self.search_edit.text().strip()
        if not text:
            self._searched(None)
            return

        def found(ids: list[int]) -> None:
            if text == self.search_edit.text().strip():  # else cleared meanwhile
                self._searched(tuple(ids))

        def failed(_exc: Exception) -> None:
            # No full-text index (an old database): fall back to a name prefix over ix_contacts_name.
            if text == self.search_edit.text().strip():
                self._searched(None)

        search = QueryOp(self._search.search_contacts, query=text, limit=MAX_LIMIT)
        search.success(found).failure(failed).latest_for(self, "search").read_only().run(self.ctx.executor)

    def _searched(self, ids: tuple[int, ...] | None) -> None:
        """List the contacts found by the search (None: no search), with the other filters."""
        self._search_ids = ids
        self._search_capped = ids is not None and len(ids) >= MAX_LIMIT
        self.reload()

    def clear_filters(self) -> None:
        combos = self.filter_combos
        for widget in (self.search_edit, self.vehicle_edit, *combos):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.vehicle_edit.clear()
        self._vehicle_text = ""
        for combo in combos:
            combo.setCurrentIndex(0)
        for widget in (self.search_edit, self.vehicle_edit, *combos):
            widget.blockSignals(False)
        self._search_ids, self._search_capped = None, False
        self.reload()

    def reload(self) -> None:
        """Show the first page for the current filters (one index seek) and count them off-thread."""
        filters = self.current_filters()
        self.model.set_filters(filters, on_done=self._first_page_shown, on_failure=self._list_failed)
        self._start_count(filters)

    def _list_failed(self, exc: Exception) -> None:
        self._update_empty_state()
        self._failed(exc)

    def _first_page_shown(self) -> None:
        opened = self._select_after_load is not None
        self._rows_in_place()
        if not opened and self.model.rowCount() == 1:
            self.table.selectRow(0)

    def _rows_in_place(self) -> None:
        """The rows fetched are shown: update the empty state and select the contact opened while they
        were on their way (`open_record`), if it is among them and still the one open."""
        self._update_empty_state()
        wanted, self._select_after_load = self._select_after_load, None
        row = self.model.row_of(wanted) if wanted is not None else None
        if row is not None and wanted == self._detail_id:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _start_count(self, filters: ContactFilter) -> None:
        self.count_label.setText(self.tr("Counting…"))

        def show(count: int) -> None:
            if self._search_capped:
                text = self.tr("The first {n} matches: type more to narrow the search").format(
                    n=fmt.number(count)
                )
            else:
                text = self.tr("%Ln contact(s)", "", count)
            self.count_label.setText(text)

        def failed(exc: Exception) -> None:
            self.count_label.setText("")
            self._failed(exc)

        self._read(self._service.count, filters=filters).success(show).failure(failed).latest_for(
            self, "count"
        ).run(self.ctx.executor)

    def _load_owners(self) -> None:
        if self.ctx.actor.role not in SEES_ALL_CONTACTS:
            return  # a salesperson filters by "mine" or "unassigned" only

        def fill(owners: list[OwnerOption]) -> None:
            refill_owners(self.owner_combo, owners, self.ctx.actor.id)

        self._read(self._service.owners).success(fill).failure(self._failed).run(self.ctx.executor)

    def _update_empty_state(self) -> None:
        if self.model.rowCount():
            self.list_stack.setCurrentWidget(self.table)
            return
        current = self.current_filters()
        filtered = current != ContactFilter(order=current.order, descending=current.descending)
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

    def _load_detail(self, contact_id: int, *, again: bool = False) -> None:
        """Fetch the contact's file and its timeline. `again` (a refresh of the contact shown): as much of
        the timeline as the user had loaded with "More", not only its first page, and the pane's scroll
        position kept."""
        from dealercrm.models import utcnow

        service, ctx, language = self._service, self.ctx, self.ctx.language

        limit = TIMELINE_PAGE
        if again and self.detail.detail is not None and self.detail.detail.id == contact_id:
            limit = min(MAX_TIMELINE, max(TIMELINE_PAGE, len(self.detail.timeline_items())))

        def load() -> _Loaded:
            # Imported here, off the GUI thread: the purchase model's code (numpy) is not loaded at start-up,
            # and importing it when the first file is opened froze the window for about 0.2 s.
            from dealercrm.services.purchase_model import PurchaseModelService

            detail = service.get(contact_id=contact_id)
            timeline = service.timeline(contact_id=contact_id, before=None, limit=limit)
            purchase = (
                None
                if detail.erased
                else ctx.service(PurchaseModelService).explain(
                    contact_id=contact_id, now=utcnow(), language=language
                )
            )
            return _Loaded(detail, timeline, purchase, limit)

        def failed(exc: Exception) -> None:
            if self._detail_id == contact_id:
                self.detail.clear(message_of(exc))

        # latest_for: the user has moved on to another contact meanwhile.
        self._read(load).success(self._show_loaded).failure(failed).latest_for(self, "detail").run(
            self.ctx.executor
        )

    def _show_loaded(self, loaded: _Loaded) -> None:
        if loaded.detail.id != self._detail_id:
            return  # the list has moved on (row gone or another contact opened)
        shown = self.detail.detail
        scroll = self.detail.verticalScrollBar()
        kept = scroll.value() if shown is not None and shown.id == loaded.detail.id else 0
        self.detail.show_contact(loaded.detail)
        self.detail.show_purchase(loaded.purchase)
        self.detail.set_timeline(loaded.timeline, has_more=len(loaded.timeline) == loaded.limit)
        if kept:  # the same contact refreshed: stay where the user was reading, once laid out again
            QTimer.singleShot(0, lambda: scroll.setValue(kept))

    def _load_more_timeline(self) -> None:
        items = self.detail.timeline_items()
        if self._detail_id is None or not items:
            return
        contact_id = self._detail_id

        def show(more: list[TimelineItem]) -> None:
            if contact_id == self._detail_id:
                self.detail.set_timeline(more, has_more=len(more) == TIMELINE_PAGE, append=True)

        more = self._read(
            self._service.timeline, contact_id=contact_id, before=items[-1], limit=TIMELINE_PAGE
        )
        more.success(show).failure(self._failed).latest_for(self, "timeline").run(self.ctx.executor)

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

    # Segments -----------------------------------------------------------------------------------------
    def _load_segments(self) -> None:
        if not self._segments_ok:
            return
        from dealercrm.services.segments import SegmentRow, SegmentService  # noqa: PLC0415 - issue 5's

        def fill(segments: list[SegmentRow]) -> None:
            refill_combo(
                self.segment_combo,
                1,
                [(s.name, s.filters) for s in segments],
                tooltips=[s.description for s in segments],
                same_text=True,
            )

        self._read(self.ctx.service(SegmentService).list_segments).success(fill).failure(self._failed).run(
            self.ctx.executor
        )

    def segment_filters(self) -> dict[str, Any]:
        """The list's filters in the segments' vocabulary (what a saved segment can hold)."""
        f = self.current_filters()
        out: dict[str, Any] = {}
        if f.lifecycle is not None:
            out["lifecycle"] = [f.lifecycle.value]
        if f.owner_id is not None:
            out["owner_ids"] = [f.owner_id]
        if f.unassigned:
            out["unassigned"] = True
        if f.source is not None:
            out["source_channel"] = [f.source.value]
        if f.score_min is not None:
            out["score_min"] = f.score_min
        if f.quiet_days is not None:
            out["last_contact_older_than_days"] = f.quiet_days
        if f.due_kind == "technical_inspection":
            out["ct_due_within_days"] = f.due_within_days
        elif f.due_kind == "financing_end":
            out["financing_end_within_days"] = f.due_within_days
        if f.segment_filters:
            out = {**dict(f.segment_filters), **out}
        return out

    def save_segment(self, name: str | None = None) -> None:
        """Save the current filters as a shared segment (score band upper bounds, vehicles and the
        search text are not part of segments and are left out)."""
        from dealercrm.services.segments import SegmentService  # noqa: PLC0415 - issue 5's

        if name is None:
            name, ok = QInputDialog.getText(self, self.tr("Save as segment"), self.tr("Name of the segment:"))
            if not ok or not name.strip():
                return
        filters = self.segment_filters()

        def saved(_row: object) -> None:
            self.status_message.emit(self.tr("Segment “{name}” saved.").format(name=name))
            self._load_segments()

        CollectionOp(self.ctx.service(SegmentService).save, name=name, filters=filters).success(
            saved
        ).failure(self._failed).run(self.ctx.executor)

    # Selection and actions ----------------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [r.id for r in (self.model.row_at(i) for i in rows) if r is not None]

    def new_contact(self) -> None:
        from dealercrm.ui.contacts.edit_dialog import ContactEditDialog  # noqa: PLC0415 - opened on demand

        dialog = ContactEditDialog(self.ctx, None, self)
        dialog.contact_saved.connect(self._contact_created)
        dialog.open_requested.connect(self.open_record)
        dialog.open()
        self.edit_dialog = dialog

    def _contact_created(self, saved: Any) -> None:
        self.status_message.emit(self.tr("{name} created.").format(name=saved.name))
        self._detail_id = saved.id
        self.refresh()
        self.open_record(saved.id)
        if saved.duplicates and self.ctx.can("contacts.merge"):
            self._offer_merge(saved.id, list(saved.duplicates))

    @property
    def full_view(self) -> bool:
        return self.list_stack.isHidden()

    def set_full_view(self, on: bool) -> None:
        """The customer's file on the whole page (the list and its filters hidden), or back to the list
        with the file beside it as a preview."""
        if on == self.full_view or (on and self.detail.detail is None):
            return
        if on:
            self._list_sizes = self.splitter.sizes()
        for widget in (self.list_stack, self.filters_bar):
            widget.setVisible(not on)
        self.detail.full_button.setText(self.tr("Back to the list") if on else self.tr("Full page"))
        if on:
            self.detail.setFocus()
        else:
            if self._list_sizes:
                self.splitter.setSizes(self._list_sizes)
            self.table.setFocus()

    def run_action(self, key: str) -> None:
        """One of the customer view's one-click actions on the contact shown."""
        d = self.detail.detail
        if d is None:
            return
        if key == "full_view":
            self.set_full_view(not self.full_view)
            return
        from dealercrm.ui.contacts.actions import (  # noqa: PLC0415 - opened on demand
            consent,
            log_call,
            log_visit,
            opportunity,
            quote,
            task,
        )
        from dealercrm.ui.contacts.actions.base import ActionDialog  # noqa: PLC0415

        dialog: QDialog | None = None
        if key == "edit":
            from dealercrm.ui.contacts.edit_dialog import ContactEditDialog  # noqa: PLC0415

            edit = ContactEditDialog(self.ctx, d, self)
            edit.contact_saved.connect(
                lambda _s: self._action_done(self.tr("{name} saved.").format(name=d.name))
            )
            dialog = edit
        elif key == "call":
            dialog = log_call.LogCallDialog(self.ctx, d, self)
        elif key in ("visit", "test_drive"):
            dialog = log_visit.LogVisitDialog(self.ctx, d, self, test_drive=key == "test_drive")
        elif key == "quote":
            dialog = quote.QuoteDialog(self.ctx, d, self)
        elif key == "task":
            dialog = task.TaskDialog(self.ctx, d, self)
        elif key == "opportunity":
            dialog = opportunity.OpportunityDialog(self.ctx, d, self)
        elif key == "consent":
            dialog = consent.ConsentDialog(self.ctx, d, self)
        elif key == "claim":
            self._open_claim(d)
            return
        elif key == "duplicates":
            self._duplicates_of(d.id)
            return
        if dialog is None:
            return
        if isinstance(dialog, ActionDialog):
            dialog.done_with.connect(
                lambda _r: self._action_done(self.tr("Saved for {name}.").format(name=d.name))
            )
        self.action_dialog = dialog
        dialog.open()

    def _action_done(self, message: str) -> None:
        self.status_message.emit(message)
        self._refresh_unless_live()

    def _open_claim(self, d: ContactDetail) -> None:
        if not has_module("dealercrm.ui.aftersales.claim_entry"):
            self.show_error(self.tr("Claims are entered from the after-sales area."))
            return
        from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog  # noqa: PLC0415 - another area's

        query = d.mobile_e164 or d.name
        dialog = QuickClaimDialog(self.ctx, self, query=query)
        dialog.claim_created.connect(
            lambda _c: self._action_done(self.tr("Claim opened for {name}.").format(name=d.name))
        )
        self.action_dialog = dialog
        dialog.open()

    # Duplicates -------------------------------------------------------------------------------------
    def _duplicates_of(self, contact_id: int) -> None:
        def show(found: list[DuplicateMatch]) -> None:
            if not found:
                self.status_message.emit(self.tr("No likely duplicate of this contact."))
                QMessageBox.information(
                    self, self.tr("Duplicates"), self.tr("No likely duplicate of this contact.")
                )
                return
            self._offer_merge(contact_id, found)

        self._read(self.ctx.service(DuplicateService).for_contact, contact_id=contact_id).success(
            show
        ).failure(self._failed).run(self.ctx.executor)

    def _offer_merge(self, contact_id: int, found: list[DuplicateMatch]) -> None:
        pairs = [
            DuplicatePair(
                contact_id, "", m.contact_id, f"{m.name} — {m.phone} {m.email}".strip(), m.percent, m.reasons
            )
            for m in found
        ]
        self._show_pairs(pairs, title=self.tr("Likely duplicates of this contact"))

    def scan_duplicates(self) -> None:
        """Look for likely duplicates over the whole file (off the GUI thread, with progress)."""
        progress = QProgressDialog(self.tr("Looking for duplicates…"), self.tr("Stop"), 0, 0, self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int, _text: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(min(done, max(total, 1)))

        def show(pairs: list[DuplicatePair]) -> None:
            progress.close()
            if not pairs:
                QMessageBox.information(self, self.tr("Duplicates"), self.tr("No likely duplicate found."))
                return
            self._show_pairs(pairs, title=self.tr("Likely duplicates ({n})").format(n=len(pairs)))

        def failed(exc: Exception) -> None:
            progress.close()
            self._failed(exc)

        def stopped() -> None:
            progress.close()

        job = (
            QueryOp(self.ctx.service(DuplicateService).scan)
            .success(show)
            .failure(failed)
            .progress(step)
            .cancelled(stopped)
            .run(self.ctx.executor)
        )
        progress.canceled.connect(job.cancel)

    def _show_pairs(self, pairs: list[DuplicatePair], *, title: str) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(title)
        listing = QListWidget()
        for pair in pairs:
            left = pair.first_name or self.tr("this contact")
            reasons = ", ".join(self._reason(r) for r in pair.reasons)
            item = QListWidgetItem(
                self.tr("{percent} % — {left} ↔ {right} ({reasons})").format(
                    percent=pair.percent, left=left, right=pair.second_name, reasons=reasons
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, (pair.first_id, pair.second_id))
            listing.addItem(item)
        listing.setCurrentRow(0)
        can_merge = self.ctx.can("contacts.merge")
        hint = QLabel(
            self.tr("Double-click a pair to merge it.")
            if can_merge
            else self.tr("Double-click to open the other contact; ask a manager to merge them.")
        )
        hint.setObjectName("Hint")
        layout = QVBoxLayout(dialog)
        layout.addWidget(listing, 1)
        layout.addWidget(hint)

        def chosen(item: QListWidgetItem) -> None:
            first, second = item.data(Qt.ItemDataRole.UserRole)
            dialog.accept()
            if can_merge:
                self.merge(first, second)
            else:
                self.open_record(second)

        listing.itemActivated.connect(chosen)
        dialog.resize(620, 360)
        self.pairs_dialog = dialog
        dialog.open()

    def _reason(self, key: str) -> str:
        return {
            "phone": self.tr("same phone"),
            "email": self.tr("same e-mail"),
            "name": self.tr("close name"),
        }.get(key, key)

    def merge(self, first_id: int, second_id: int) -> None:
        from dealercrm.ui.contacts.merge_dialog import MergeDialog  # noqa: PLC0415 - opened on demand

        dialog = MergeDialog(self.ctx, first_id, second_id, self)

        def merged(result: Any) -> None:
            self.status_message.emit(self.tr("Contacts merged: nothing was lost."))
            self._detail_id = result.kept_id
            self.refresh()
            self.open_record(result.kept_id)

        dialog.merged.connect(merged)
        self.merge_dialog = dialog
        dialog.open()
