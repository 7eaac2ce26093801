"""The pipeline as a Kanban board: one column per stage with its count and total, a card per
opportunity; drag a card to another column to move it, or from the keyboard: Ctrl+Right / Ctrl+Left
to the next or previous open stage, and the card's menu (right click, Menu key or Shift+F10) to any
stage. Lost asks for the reason; won leads into
recording the sale (vehicles' SaleDialog). A salesperson sees their own and unassigned deals; a
manager sees everyone's and filters by salesperson with the page's owner filter."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import OPEN_STAGES, Stage
from dealercrm.services.pipeline import OpportunityFilter, OpportunityRow, PipelineService, StageTotal
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.pipeline.conflict import DealMove, DealMoves
from dealercrm.ui.widgets.forms import scrolled, text_label

MIME = "application/x-dealercrm-opportunity"
CARD_LIMIT = 60  # cards shown per column; the header count stays exact
BOARD_STAGES: tuple[Stage, ...] = (*OPEN_STAGES, Stage.WON, Stage.LOST)
COLUMN_MIN_WIDTH = 140
CARD_PADDING = 22  # item padding, border and margins, down
CARD_SIDES = 34  # the same across, with the style's text margins
ROLE_ROW = Qt.ItemDataRole.UserRole
STAGE_COLOURS = {Stage.WON: "#067647", Stage.LOST: "#6b7280"}
LIST_STYLE = (
    "QListWidget { background: #f3f4f6; border: none; border-radius: 8px; padding: 4px; outline: 0; }"
    "QListWidget::item { background: #ffffff; border: 1px solid #e3e6eb; border-radius: 6px;"
    " margin: 3px 2px; padding: 6px; color: #1f2937; }"
    "QListWidget::item:selected { border: 1px solid #2453d6; background: #eef3fe; }"
)


@dataclass(frozen=True)
class BoardData:
    columns: dict[Stage, list[OpportunityRow]]
    totals: dict[Stage, StageTotal]


class StageList(QListWidget):
    """One column's cards; accepts cards dragged from another column and reports the drop, and asks
    for the current card to step one stage on with Ctrl+Right / Ctrl+Left."""

    card_dropped = Signal(int, object)  # opportunity id, Stage
    step_requested = Signal(int, int)  # opportunity id, +1 (next stage) or -1 (previous)

    def __init__(self, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stage = stage
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet(LIST_STYLE)

    def fit_cards(self) -> None:
        """Each card as tall as its wrapped text at the column's current width."""
        width = max(60, self.viewport().width() - CARD_SIDES)
        metrics = QFontMetrics(self.font())
        for i in range(self.count()):
            item = self.item(i)
            height = metrics.boundingRect(
                QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text()
            ).height()
            item.setSizeHint(QSize(width + CARD_SIDES - 8, height + CARD_PADDING))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_cards()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        steps = {Qt.Key.Key_Right: 1, Qt.Key.Key_Left: -1}
        item = self.currentItem()
        row = item.data(ROLE_ROW) if item is not None else None
        if (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in steps
            and isinstance(row, OpportunityRow)
        ):
            self.step_requested.emit(row.id, steps[Qt.Key(event.key())])
            event.accept()
            return
        super().keyPressEvent(event)

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [MIME]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:  # type: ignore[override]  # noqa: N802
        data = QMimeData()
        row = items[0].data(ROLE_ROW) if items else None
        if isinstance(row, OpportunityRow):
            data.setData(MIME, QByteArray(str(row.id).encode()))
        return data

    def _accepts(self, event: QDragEnterEvent | QDragMoveEvent | QDropEvent) -> bool:
        return event.mimeData().hasFormat(MIME) and event.source() is not self

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        raw = bytes(event.mimeData().data(MIME).data()).decode() if event.mimeData().hasFormat(MIME) else ""
        if not raw.isdigit() or event.source() is self:
            event.ignore()
            return
        # The board moves the card itself once the service agrees: Qt must not move the item.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        self.card_dropped.emit(int(raw), self.stage)


class KanbanBoard(DealMoves, QWidget):
    """All stages side by side. `open_contact(contact_id)` on double-click; `status(str)` after moves."""

    open_contact = Signal(int)
    status = Signal(str)
    moved = Signal(object)  # OpportunityRow after a move

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._service = ctx.service(PipelineService)
        self._filters = OpportunityFilter()
        self.data: BoardData | None = None
        self.lists: dict[Stage, StageList] = {}
        self.headers: dict[Stage, QLabel] = {}
        self.footers: dict[Stage, QLabel] = {}
        row = QHBoxLayout()
        row.setSpacing(8)
        row.setContentsMargins(0, 0, 0, 0)
        closed = QVBoxLayout()  # won and lost share the last column, one above the other
        closed.setSpacing(8)
        for stage in BOARD_STAGES:
            column = QFrame()
            column.setMinimumWidth(COLUMN_MIN_WIDTH)
            box = QVBoxLayout(column)
            box.setContentsMargins(0, 0, 0, 0)
            box.setSpacing(4)
            header = text_label()  # word-wrapped rich text, measured once per width
            header.setTextFormat(Qt.TextFormat.RichText)
            cards = StageList(stage)
            cards.card_dropped.connect(self._dropped)
            cards.step_requested.connect(self.step_card)
            cards.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            cards.customContextMenuRequested.connect(
                lambda pos, cards=cards: self._show_card_menu(cards, pos)
            )
            cards.itemDoubleClicked.connect(self._open_item)
            cards.itemActivated.connect(self._open_item)
            footer = text_label("", "Hint")
            box.addWidget(header)
            box.addWidget(cards, 1)
            box.addWidget(footer)
            if stage in OPEN_STAGES:
                row.addWidget(column, 1)
            else:
                closed.addWidget(column, 1)
            self.lists[stage], self.headers[stage], self.footers[stage] = cards, header, footer
        row.addLayout(closed, 1)
        scroll = scrolled(row)
        self.hint = QLabel(
            self.tr(
                "Drag a card to another column to move the deal (keyboard: Ctrl+→ / Ctrl+←, or the card's "
                "menu); double-click it or press Enter to open the contact."
            )
        )
        self.hint.setWordWrap(True)
        self._follow: int | None = None  # the card to select once the board has reloaded
        self.stale_dialog = None
        self.hint.setObjectName("Hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.hint)

    # Loading ------------------------------------------------------------------------------------
    def set_filters(self, filters: OpportunityFilter) -> None:
        self._filters = OpportunityFilter(owner_id=filters.owner_id, unassigned=filters.unassigned)
        self.reload()

    def reload(self) -> None:
        """Every column's first cards and the per-stage totals, in one job off the GUI thread."""
        service, base = self._service, self._filters

        def load() -> BoardData:
            columns: dict[Stage, list[OpportunityRow]] = {}
            for stage in BOARD_STAGES:
                filters = OpportunityFilter(
                    owner_id=base.owner_id,
                    unassigned=base.unassigned,
                    include_closed=stage not in OPEN_STAGES,
                    stage=stage,
                )
                columns[stage] = service.list_opportunities(filters=filters, after=None, limit=CARD_LIMIT)
            totals = {t.stage: t for t in service.stage_totals(filters=base)}
            return BoardData(columns, totals)

        QueryOp(load).success(self._show).failure(self._failed).latest_for(self, "board").read_only().run(
            self.ctx.executor
        )

    def _show(self, data: BoardData) -> None:
        self.data = data
        for stage in BOARD_STAGES:
            rows = data.columns.get(stage, [])
            total = data.totals.get(stage)
            count = total.count if total is not None else len(rows)
            amount = (
                total.amount if total is not None else sum((r.amount or Decimal(0) for r in rows), Decimal(0))
            )
            colour = STAGE_COLOURS.get(stage, "#111827")
            # Closed columns show only the latest closed deals: say so, in words that agree with them.
            title = {
                Stage.WON: self.tr("Won (latest %n)", "", len(rows)),
                Stage.LOST: self.tr("Lost (latest %n)", "", len(rows)),
            }.get(stage, label(stage))
            self.headers[stage].setText(
                f"<span style='font-weight:600; color:{colour}'>{title}</span><br>"
                f"<span style='font-size:13pt; font-weight:600'>{fmt.number(count)}</span>"
                f"&nbsp;<span style='color:#6b7280'>{fmt.money(amount)}</span>"
            )
            cards = self.lists[stage]
            # A reload (data changed here or on another workstation) keeps each column's current card
            # and scroll position.
            current = cards.currentItem()
            current_id = current.data(ROLE_ROW).id if current is not None else None
            scrolled = cards.verticalScrollBar().value()
            cards.clear()
            for row in rows:
                cards.addItem(self._card(row))
            cards.fit_cards()
            if current_id is not None:
                for i, row in enumerate(rows):
                    if row.id == current_id:
                        cards.setCurrentRow(i)
                        break
            cards.verticalScrollBar().setValue(scrolled)
            if self._follow is not None:
                for i, row in enumerate(rows):
                    if row.id == self._follow:  # a card moved from the keyboard: the focus goes with it
                        cards.setCurrentRow(i)
                        cards.setFocus()
                        break
            more = count - len(rows) if stage in OPEN_STAGES else 0
            self.footers[stage].setText(
                self.tr("+ {n} more in the table view").format(n=fmt.number(more)) if more > 0 else ""
            )
            self.footers[stage].setVisible(more > 0)
        self._follow = None  # followed once: a later reload must not pull the focus back

    def _card(self, row: OpportunityRow) -> QListWidgetItem:
        # Titles often name the contact already ("Achat 208 — M. Mahe"): no need to say it twice.
        surname = row.contact_name.split()[-1] if row.contact_name else ""
        lines = [row.title] if surname and surname in row.title else [row.title, row.contact_name]
        # The owner's name only where it tells something: not on the salesperson's own cards.
        # Compact: a column is about 150 px wide at 1366 x 768 (the full texts are in the tooltip).
        owner = _short_name(row.owner_name) if row.owner_id != self.ctx.actor.id else ""
        score = self.tr("score {score}").format(score=row.score) if row.score is not None else ""
        figures = " · ".join(p for p in (fmt.money(row.amount), owner, score) if p)
        if figures:
            lines.append(figures)
        full_next = ""
        if row.is_open:
            days = self.tr("%n day(s) in stage", "", row.days_in_stage)
            if row.next_task_title and row.next_task_due_at is not None:
                when = fmt.date(fmt.local_time(row.next_task_due_at).date())
                full_next = self.tr("Next: {task}, {when}").format(
                    task=row.next_task_title, when=fmt.datetime(row.next_task_due_at)
                )
                lines.append(
                    self.tr("→ {when}: {task}").format(when=when, task=_clip(row.next_task_title, 34))
                )
            else:
                full_next = self.tr("No next step planned")
                lines.append(full_next)
            lines.append(days)
        elif row.stage is Stage.LOST and row.lost_reason:
            lines.append(self.tr("Lost: {reason}").format(reason=row.lost_reason))
        item = QListWidgetItem("\n".join(lines))
        item.setData(ROLE_ROW, row)
        full_owner = row.owner_name if owner else ""
        in_full = {figures: " · ".join(p for p in (fmt.money(row.amount), full_owner, score) if p)}
        if full_next:
            in_full[lines[-2]] = full_next
        tooltip = [row.title, row.contact_name, *(in_full.get(line, line) for line in lines[1:])]
        item.setToolTip("\n".join(dict.fromkeys(tooltip)))
        if row.stage is Stage.WON:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
        return item

    def card_rows(self, stage: Stage) -> list[OpportunityRow]:
        """The cards shown in a column (for tests)."""
        cards = self.lists[stage]
        return [cards.item(i).data(ROLE_ROW) for i in range(cards.count())]

    def _find(self, opportunity_id: int) -> OpportunityRow | None:
        for stage in BOARD_STAGES:
            for row in self.card_rows(stage):
                if row.id == opportunity_id:
                    return row
        return None

    # Moving -------------------------------------------------------------------------------------
    def _dropped(self, opportunity_id: int, stage: Stage) -> None:
        self.move_card(opportunity_id, stage)

    def step_card(self, opportunity_id: int, step: int) -> None:
        """Ctrl+Right / Ctrl+Left: the next or previous open stage (won and lost are chosen on purpose,
        from the card's menu or by dragging)."""
        row = self._find(opportunity_id)
        if row is None or row.stage not in OPEN_STAGES:
            return
        index = OPEN_STAGES.index(row.stage) + step
        if 0 <= index < len(OPEN_STAGES):
            self._follow = opportunity_id
            self.move_card(opportunity_id, OPEN_STAGES[index])

    def card_menu(self, row: OpportunityRow) -> QMenu:
        """The card's menu: open the contact, or move the deal to any other stage."""
        menu = QMenu(self)
        menu.addAction(self.tr("Open the contact"), lambda: self.open_contact.emit(row.contact_id))
        if row.stage is not Stage.WON:
            move = menu.addMenu(self.tr("Move to"))
            for stage in BOARD_STAGES:
                if stage is row.stage:
                    continue
                text = {
                    Stage.WON: self.tr("Won: record the sale…"),
                    Stage.LOST: self.tr("Lost…"),
                }.get(stage, label(stage))
                move.addAction(text, partial(self._move_followed, row.id, stage))
        return menu

    def _move_followed(self, opportunity_id: int, stage: Stage) -> None:
        # Won goes through the sale dialogs: nothing to follow if the user cancels them.
        self._follow = None if stage is Stage.WON else opportunity_id
        self.move_card(opportunity_id, stage)

    def _show_card_menu(self, cards: StageList, pos: QPoint) -> None:
        item = cards.itemAt(pos) or cards.currentItem()
        row = item.data(ROLE_ROW) if item is not None else None
        if not isinstance(row, OpportunityRow):
            return
        if item is not None and cards.itemAt(pos) is item:
            cards.setCurrentItem(item)
        at = cards.visualItemRect(item).center() if cards.itemAt(pos) is None else pos
        menu = self.card_menu(row)
        menu.exec(cards.viewport().mapToGlobal(at))
        menu.deleteLater()

    def move_card(self, opportunity_id: int, stage: Stage, *, lost_reason: str | None = None) -> None:
        """Move a card: lost asks for the reason unless given; won opens the sale; otherwise the
        service moves it and the board reloads."""
        row = self._find(opportunity_id)
        if row is None or row.stage is stage:
            return
        if stage is Stage.WON:
            self.record_sale(row)
            return
        if stage is Stage.LOST and lost_reason is None:
            reason, ok = QInputDialog.getText(
                self, self.tr("Opportunity lost"), self.tr("Why was “{title}” lost?").format(title=row.title)
            )
            if not ok:
                self._follow = None
                return
            if not reason.strip():
                self._error(self.tr("Say why the opportunity was lost: it helps the next sale."))
                return
            lost_reason = reason
        amount: Decimal | None = None
        if stage is Stage.OFFER:
            value, ok = QInputDialog.getDouble(
                self,
                self.tr("Quote"),
                self.tr("Amount of the quote made for “{title}” (€):").format(title=row.title),
                float(row.amount or 0),
                0,
                10_000_000,
                0,
            )
            if not ok:
                self._follow = None
                return
            amount = Decimal(str(round(value)))
        self.submit_move(DealMove(row, stage, lost_reason, amount))

    def _moved(self, updated: OpportunityRow) -> None:
        self.status.emit(
            self.tr("“{title}” moved to {stage}.").format(title=updated.title, stage=label(updated.stage))
        )
        self.moved.emit(updated)
        self.reload()

    def _show_theirs(self) -> None:
        self.reload()

    def _move_failed(self, exc: Exception) -> None:
        self._failed(exc)

    def _merge_settled(self) -> None:
        self._follow = None
        super()._merge_settled()

    def record_sale(self, row: OpportunityRow) -> None:
        """Winning = recording the sale: the vehicles area's SaleDialog, with this contact and deal."""
        try:
            from dealercrm.services.vehicles import StockFilter, VehicleDetail, VehicleRow, VehicleService  # noqa: PLC0415
            from dealercrm.ui.vehicles.picker import VehiclePickerDialog  # noqa: PLC0415
            from dealercrm.ui.vehicles.sale_dialog import SaleDialog  # noqa: PLC0415 - another area's dialog
        except ImportError:
            QMessageBox.information(
                self,
                self.tr("Record the sale"),
                self.tr(
                    "An opportunity is won when its sale is recorded: open the vehicle sold in the Vehicles "
                    "area and record the sale (price, financing, trade-in) for {name}."
                ).format(name=row.contact_name),
            )
            return
        vehicles = self.ctx.service(VehicleService)

        def open_dialog(detail: VehicleDetail) -> None:
            dialog = SaleDialog(
                self.ctx,
                detail,
                self,
                contact_id=row.contact_id,
                contact_name=row.contact_name,
                opportunity_id=row.id,
                opportunity_version=row.version,
            )

            def recorded(_summary: object) -> None:
                self.status.emit(self.tr("Sale recorded: “{title}” is won.").format(title=row.title))
                self.reload()

            dialog.sale_recorded.connect(recorded)
            self.sale_dialog = dialog
            dialog.open()

        def pick(stock: list[VehicleRow]) -> None:
            if not stock:
                self._error(self.tr("No vehicle in stock to sell: add it in the Vehicles area first."))
                return
            picker = VehiclePickerDialog(stock, customer_name=row.contact_name, parent=self)

            def chosen() -> None:
                if picker.chosen is not None:
                    open_vehicle(picker.chosen.id)

            picker.accepted.connect(chosen)
            picker.finished.connect(picker.deleteLater)
            self.vehicle_picker = picker
            picker.open()

        def open_vehicle(vehicle_id: int) -> None:
            QueryOp(vehicles.get, vehicle_id=vehicle_id).success(open_dialog).failure(self._failed).run(
                self.ctx.executor
            )

        if row.vehicle_id is not None:
            open_vehicle(row.vehicle_id)
        else:
            stock = QueryOp(vehicles.list_page, stock=StockFilter.STOCK, limit=300)
            stock.success(pick).failure(self._failed).run(self.ctx.executor)

    def _open_item(self, item: QListWidgetItem) -> None:
        row = item.data(ROLE_ROW)
        if isinstance(row, OpportunityRow):
            self.open_contact.emit(row.contact_id)

    def _failed(self, exc: Exception) -> None:
        self._error(message_of(exc))

    def _error(self, message: str) -> None:
        self._follow = None
        QMessageBox.warning(self, self.tr("Pipeline"), message)


def _short_name(name: str | None) -> str:
    """ "Thomas Girard" -> "T. Girard": an owner on a narrow card."""
    parts = (name or "").split()
    return f"{parts[0][0]}. {' '.join(parts[1:])}" if len(parts) > 1 else (name or "")


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
