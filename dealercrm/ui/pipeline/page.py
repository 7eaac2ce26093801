"""Pipeline: the opportunities as a table, with a per-stage summary strip, a salesperson filter, closed
ones on demand, and stage moves from the context menu (lost asks for a reason)."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import OPEN_STAGES, Role, Stage
from dealercrm.services.contacts import ContactService, OwnerOption
from dealercrm.services.pipeline import OpportunityFilter, OpportunityRow, PipelineService, StageTotal
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import Ids, LiveRefresh
from dealercrm.ui.labels import label
from dealercrm.ui.operations import QueryOp
from dealercrm.ui.pipeline.conflict import DealMove, DealMoves
from dealercrm.ui.pipeline.kanban import KanbanBoard
from dealercrm.ui.style import named
from dealercrm.ui.widgets.forms import ANY_OWNER, chosen_owner, owner_filter_combo, refill_owners, spread
from dealercrm.ui.widgets.page import Page, bar_over_list, list_or_placeholder, list_or_why
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, apply_column_widths, make_table_view

PAGE_SIZE = 200
STALE_DAYS = 30  # days in one stage after which the deal is shown in orange
WARNING = QColor("#b54708")
WON = QColor("#067647")
LATE = QColor("#b42318")
MUTED = QColor("#6b7280")
FILTERS_OTHERS = frozenset({Role.MANAGER, Role.ADMIN, Role.MARKETING})


class StageCard(QFrame):
    """One stage in the summary strip: its name, how many open deals, their total amount."""

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setObjectName("Card")
        self.title = named(QLabel(label(stage)), "Hint")
        self.count = QLabel("–")
        self.count.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.amount = named(QLabel(""), "Hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.count)
        layout.addWidget(self.amount)

    def set_total(self, total: StageTotal) -> None:
        self.count.setText(fmt.number(total.count))
        self.amount.setText(fmt.money(total.amount))


LIVE_KINDS = frozenset({"deal", "contact", "task", "user"})


class PipelinePage(DealMoves, Page):
    """Open opportunities in pipeline order (stage, then expected close), won and lost ones on demand;
    double-click opens the contact."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(PipelineService)
        self._select_after_load: int | None = None
        self.stale_dialog = None

        self.owner_combo = owner_filter_combo(
            anyone=self.tr("All salespeople")
            if ctx.actor.role in FILTERS_OTHERS
            else self.tr("Mine and unassigned"),
            mine=self.tr("Mine"),
            unassigned=self.tr("Unassigned"),
        )
        self.owner_combo.setMinimumContentsLength(16)
        self.closed_check = QCheckBox(self.tr("Show won and lost"))
        self.summary_label = named(QLabel(), "Hint")
        toolbar = spread([self.owner_combo, self.closed_check], [self.summary_label], spacing=8)

        self.cards = {stage: StageCard(stage) for stage in OPEN_STAGES}
        strip = QHBoxLayout()
        strip.setSpacing(8)
        for card in self.cards.values():
            strip.addWidget(card, 1)

        self.columns: list[Column[OpportunityRow]] = [
            Column(self.tr("Contact"), lambda r: r.contact_name, width=170, tooltip=lambda r: r.contact_name),
            Column(self.tr("Title"), lambda r: r.title, width=190, tooltip=self._title_tooltip),
            Column(self.tr("Stage"), lambda r: label(r.stage), width=100, colour=self._stage_colour),
            Column(self.tr("Amount"), lambda r: fmt.money(r.amount), align_right=True, width=95),
            Column(
                self.tr("Expected close"),
                lambda r: fmt.date(r.expected_close_on),
                width=132,
                colour=self._close_colour,
                tooltip=lambda r: self.tr("The expected close date has passed.") if self._late(r) else "",
            ),
            Column(
                self.tr("Owner"),
                lambda r: r.owner_name or self.tr("Unassigned"),
                width=130,
                colour=lambda r: MUTED if r.owner_id is None else None,
            ),
            Column(
                self.tr("In stage"),
                self._days_text,
                align_right=True,
                width=80,
                colour=lambda r: WARNING if r.is_open and r.days_in_stage > STALE_DAYS else None,
                tooltip=lambda r: self.tr("In this stage since {date}").format(
                    date=fmt.date(fmt.local_time(r.stage_changed_at).date())
                ),
            ),
        ]
        self.model: PagedTableModel[OpportunityRow] = PagedTableModel(
            self.columns, page_size=PAGE_SIZE, parent=self, executor=ctx.executor
        )
        # Fetched rows in place (a first page, a page more, a reload): the opportunity opened is selected
        # once among them.
        self.model.loaded.connect(self._select_pending)
        self.table = make_table_view(self.model)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._open_index)
        self.table.activated.connect(self._open_index)
        apply_column_widths(self.table, self.columns)
        # The title takes the room left; the figures stay next to it rather than at the far right.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

        self.list_stack, self.empty_label = list_or_placeholder(self.table)

        self.board = KanbanBoard(ctx)
        self.board.open_contact.connect(lambda contact_id: self.open_requested.emit("contact", contact_id))
        self.board.status.connect(self.status_message.emit)
        self.board.moved.connect(self._board_moved)
        table_tab = bar_over_list(strip, self.list_stack, spacing=10)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.board, self.tr("Board"))
        self.tabs.addTab(table_tab, self.tr("Table"))
        self.tabs.currentChanged.connect(
            lambda _i: self.closed_check.setVisible(self.tabs.currentIndex() == 1)
        )
        self.closed_check.setVisible(False)

        self.lay_out_page(toolbar, self.tabs)

        self.owner_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.closed_check.toggled.connect(lambda _on: self.reload())
        self._load_owners()
        self.reload()
        # Deals moved here or on another workstation: the board and the table follow.
        self.live = LiveRefresh(self, LIVE_KINDS, self._data_changed)

    # Page API -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.refresh_table()
        self.board.reload()

    def _board_moved(self, _row: object) -> None:
        if not self.live.covers:  # else the bus brings the move back to the table
            self.refresh_table()

    def _data_changed(self, _kinds: frozenset[str], _ids: Ids) -> None:
        """The board (one job) and the loaded table rows (off-thread, selection and scroll kept)."""
        self.board.reload()
        self.model.reload(on_done=self._update_empty_state)
        self._load_totals(self.filters())

    def refresh_table(self) -> None:
        self.model.reload(on_done=self._update_empty_state, on_failure=self.show_failure)
        self._load_totals(self.filters())

    def open_record(self, record_id: int) -> None:
        """Select one opportunity (showing closed ones if it is closed)."""

        def found(row: OpportunityRow) -> None:
            self.tabs.setCurrentIndex(1)
            self._select_after_load = row.id
            if not row.is_open and not self.closed_check.isChecked():
                self.closed_check.setChecked(True)  # reloads
            else:
                self._select_pending()

        QueryOp(self._service.get, opportunity_id=record_id).success(found).failure(
            self.show_failure
        ).latest_for(self, "open").run(self.ctx.executor)

    # Filters and list ---------------------------------------------------------------------------
    def filters(self) -> OpportunityFilter:
        owner_id, unassigned = chosen_owner(self.owner_combo, self.ctx.actor.id)
        return OpportunityFilter(
            owner_id=owner_id, unassigned=unassigned, include_closed=self.closed_check.isChecked()
        )

    def reload(self) -> None:
        filters = self.filters()
        service = self._service

        def fetch(after: OpportunityRow | None, limit: int) -> list[OpportunityRow]:
            return service.list_opportunities(filters=filters, after=after, limit=limit)

        self.model.set_fetch(fetch, on_done=self._update_empty_state, on_failure=self._list_failed)
        self._load_totals(filters)
        self._select_pending()
        self.board.set_filters(filters)

    def _list_failed(self, exc: Exception) -> None:
        self._update_empty_state()
        self.show_failure(exc)

    def _select_pending(self) -> None:
        """Select the opportunity opened once the list has it, asking for pages more until it comes
        (each page's arrival calls this again) or the list ends."""
        wanted = self._select_after_load
        if wanted is None or self.model.loading:  # called again when the rows on their way are in place
            return
        for row, opportunity in enumerate(self.model.rows()):
            if opportunity.id == wanted:
                self._select_after_load = None
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return
        if self.model.canFetchMore():
            self.model.fetchMore()  # `loaded` brings us back here with the page more
            return
        self._select_after_load = None

    def _load_totals(self, filters: OpportunityFilter) -> None:
        def show(totals: list[StageTotal]) -> None:
            for total in totals:
                self.cards[total.stage].set_total(total)
            count = sum(t.count for t in totals)
            amount = sum((t.amount for t in totals), start=Decimal(0))
            self.summary_label.setText(
                self.tr("{n} open opportunities, {amount} in total").format(
                    n=fmt.number(count), amount=fmt.money(amount)
                )
            )

        self.read("totals", self._service.stage_totals, filters=filters, on_done=show)

    def _load_owners(self) -> None:
        if self.ctx.actor.role not in FILTERS_OTHERS:
            return

        def fill(owners: list[OwnerOption]) -> None:
            refill_owners(self.owner_combo, owners, self.ctx.actor.id)

        QueryOp(self.ctx.service(ContactService).owners).success(fill).failure(self.show_failure).run(
            self.ctx.executor
        )

    def _update_empty_state(self) -> None:
        # No "empty" while the first page is on its way.
        shown = bool(self.model.rowCount() or self.model.loading)
        list_or_why(self.list_stack, self.empty_label, shown, self._why_empty)

    def _why_empty(self) -> str:
        if self.owner_combo.currentData() != ANY_OWNER:
            return self.tr("No opportunity for this salesperson.\nChoose another one in the list above.")
        return self.tr(
            "The pipeline is empty.\nOpportunities appear here when a contact shows interest in a car."
        )

    # Rows ---------------------------------------------------------------------------------------------
    def _days_text(self, row: OpportunityRow) -> str:
        if not row.is_open:
            return ""
        return self.tr("%n day(s)", "", row.days_in_stage)

    def _stage_colour(self, row: OpportunityRow) -> QColor | None:
        if row.stage is Stage.WON:
            return WON
        if row.stage is Stage.LOST:
            return MUTED
        return None

    def _late(self, row: OpportunityRow) -> bool:
        return row.is_open and row.expected_close_on is not None and row.expected_close_on < self.ctx.today()

    def _close_colour(self, row: OpportunityRow) -> QColor | None:
        return LATE if self._late(row) else None

    def _title_tooltip(self, row: OpportunityRow) -> str:
        if row.stage is Stage.LOST and row.lost_reason:
            return self.tr("{title}\nLost: {reason}").format(title=row.title, reason=row.lost_reason)
        return row.title

    def current_row(self) -> OpportunityRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_requested.emit("contact", row.contact_id)

    # Stage moves ------------------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        row = self.model.row_at(index.row())
        if row is None:
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(self.tr("Open contact"), lambda: self.open_requested.emit("contact", row.contact_id))
        if self.ctx.can("opportunities.manage") and row.stage is not Stage.WON:
            move = menu.addMenu(self.tr("Move to stage"))
            for stage in OPEN_STAGES:
                action = move.addAction(label(stage))
                action.triggered.connect(partial(self.move_stage, row, stage))
                action.setEnabled(stage is not row.stage)
            move.addSeparator()
            lost = move.addAction(self.tr("Lost…"), lambda: self.move_stage(row, Stage.LOST))
            lost.setEnabled(row.stage is not Stage.LOST)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def move_stage(self, row: OpportunityRow, stage: Stage, *, lost_reason: str | None = None) -> None:
        """Move `row` to `stage`; for lost, asks for the reason unless given."""
        if stage is Stage.LOST and lost_reason is None:
            reason, ok = QInputDialog.getText(
                self,
                self.tr("Opportunity lost"),
                self.tr("Why was “{title}” lost?").format(title=row.title),
            )
            if not ok:
                return
            if not reason.strip():
                self.show_error(self.tr("Say why the opportunity was lost: it helps the next sale."))
                return
            lost_reason = reason
        self.submit_move(DealMove(row, stage, lost_reason))

    def _moved(self, updated: OpportunityRow) -> None:
        self.status_message.emit(
            self.tr("“{title}” moved to {stage}.").format(title=updated.title, stage=label(updated.stage))
        )
        self._select_after_load = updated.id
        self.refresh()
        self._select_pending()

    def _show_theirs(self) -> None:
        self.refresh()

    def _move_failed(self, exc: Exception) -> None:
        self.show_failure(exc)
