"""After-sales: the claims queues (mine, team, overdue, all), one claim's detail and its status changes."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models import utcnow
from dealercrm.models.enums import ClaimCategory, ClaimStatus, Severity
from dealercrm.services.claim_pdf import Audience, ClaimPdfService
from dealercrm.services.claims import Assignee, ClaimDetail, ClaimQueue, ClaimRow, ClaimService
from dealercrm.services.errors import ConflictError
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import Ids, LiveRefresh
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp
from dealercrm.ui.style import named
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.detail_html import key_values
from dealercrm.ui.widgets.forms import enum_combo, notes_edit, ok_cancel
from dealercrm.ui.widgets.page import (
    Page,
    ShownRecord,
    fit_columns_to_headers,
    list_or_placeholder,
    list_or_why,
    list_over_detail,
)
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, apply_column_widths, make_table_view
from dealercrm.ui.widgets.stale_merge_dialog import FieldDifference, MergeChoice, StaleMergeDialog

RED = QColor("#b42318")
SEVERITY_COLOURS = {Severity.HIGH: QColor("#b54708"), Severity.CRITICAL: RED}


LIVE_KINDS = frozenset({"claim", "contact", "vehicle", "user"})


class AfterSalesPage(Page):
    """Claims queues with a detail pane; the desk works the team queue, most urgent first."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(ClaimService)
        self._now = utcnow()
        service = self._service
        self.shown = ShownRecord(self, lambda claim_id: service.get(claim_id=claim_id), self._show_detail)
        self._select_after_load: int | None = None  # a claim to select once the list shows it
        self._detail: ClaimDetail | None = None
        self.stale_dialog: StaleMergeDialog | None = None

        self.tabs = QTabBar()
        self.tabs.setDrawBase(False)
        self.tabs.setExpanding(False)
        # Whole tab titles ("Toutes les réclamations"), not elided ones.
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._queues: list[ClaimQueue] = []
        queue_titles = {
            ClaimQueue.MINE: self.tr("My claims"),
            ClaimQueue.TEAM: self.tr("Team queue"),
            ClaimQueue.OVERDUE: self.tr("Overdue"),
            ClaimQueue.ALL: self.tr("All claims"),
        }
        for queue, title in queue_titles.items():
            if queue is ClaimQueue.MINE and not ctx.can("claims.manage"):
                continue  # only after-sales staff and managers are assigned claims
            self._queues.append(queue)
            self.tabs.addTab(title)
        default = ClaimQueue.TEAM if ctx.can("claims.manage") else ClaimQueue.ALL
        self.tabs.setCurrentIndex(self._queues.index(default))

        self.category_combo = enum_combo(ClaimCategory, first=self.tr("All categories"))
        self.category_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.overdue_label = QLabel()
        self.overdue_label.setStyleSheet("color: #b42318; font-weight: 600;")
        # The tabs and the filter keep their room in a narrow window: this repeats the "Overdue" tab.
        self.overdue_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.new_button = QPushButton(self.tr("New claim…"))
        self.new_button.setObjectName("new_claim")
        self.new_button.setToolTip(self.tr("Log a complaint from a plate, a VIN, a name or a phone (Ctrl+N)"))
        self.new_button.setVisible(ctx.can("claims.create"))
        self.new_button.clicked.connect(lambda: self.new_claim())
        self.new_shortcut = QShortcut(QKeySequence(self.tr("Ctrl+N")), self)
        self.new_shortcut.activated.connect(lambda: self.new_claim())

        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(self.tabs)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.category_combo)
        toolbar.addStretch(1)
        toolbar.addWidget(self.overdue_label)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.new_button)

        self.columns: list[Column[ClaimRow]] = [
            Column("#", lambda r: str(r.id), align_right=True, width=55),
            Column(self.tr("Opened"), lambda r: fmt.datetime(r.opened_at), width=125),
            Column(self.tr("Contact"), lambda r: r.contact_name, width=150),
            Column(self.tr("Plate"), lambda r: r.vehicle_plate or "", width=90),
            Column(self.tr("Category"), lambda r: label(r.category), width=100),
            Column(
                self.tr("Severity"),
                lambda r: label(r.severity),
                width=80,
                colour=lambda r: SEVERITY_COLOURS.get(r.severity),
            ),
            Column(self.tr("Status"), lambda r: label(r.status), width=150),
            Column(self.tr("Assignee"), lambda r: r.assignee_name or self.tr("Unassigned"), width=130),
            Column(
                self.tr("Due"),
                self._due_text,
                width=170,
                colour=lambda r: RED if r.overdue_by(self._now) else None,
                tooltip=lambda r: self.tr("Due {when}").format(when=fmt.datetime(r.due_at)),
            ),
        ]
        self.model: PagedTableModel[ClaimRow] = PagedTableModel(
            self.columns, parent=self, executor=ctx.executor
        )
        self.table = make_table_view(self.model)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        apply_column_widths(self.table, self.columns)
        fit_columns_to_headers(self.table)
        self.list_stack, self.empty_label = list_or_placeholder(self.table)

        self.detail = ClaimDetailPane(self)
        self.detail.link_activated.connect(self._on_link)
        self.detail.transition_requested.connect(self._change_status)
        self.detail.assign_requested.connect(self._assign)
        self.detail.pdf_requested.connect(lambda audience: self.export_pdf(audience))

        splitter = list_over_detail(self.list_stack, self.detail, [430, 330])

        self.lay_out_page(toolbar, splitter)

        self.tabs.currentChanged.connect(lambda _i: self.reload())
        self.category_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_row(cur.row()))
        self.reload()
        # Claims changed here or at another desk: the queue, its counts and the open claim follow.
        self.live = LiveRefresh(self, LIVE_KINDS, self._data_changed)

    # Page API ------------------------------------------------------------------------------------
    def _data_changed(self, _kinds: frozenset[str], ids: Ids) -> None:
        self.model.reload(on_done=self._update_empty_state)
        self._load_overdue_count()
        self.shown.reload_if_touched(ids, "claim")

    def refresh(self) -> None:
        self._now = utcnow()
        self.model.reload(on_done=self._rows_shown, on_failure=self.show_failure)
        self._load_overdue_count()
        self.shown.reload()

    def open_record(self, record_id: int) -> None:
        self.shown.open(record_id)
        self._select_after_load = record_id
        self._select_pending()

    # List ------------------------------------------------------------------------------------------
    def current_queue(self) -> ClaimQueue:
        return self._queues[self.tabs.currentIndex()]

    def reload(self) -> None:
        self._now = utcnow()
        queue, category, now, service = (
            self.current_queue(),
            self._category(),
            self._now,
            self._service,
        )

        def fetch(after: ClaimRow | None, limit: int) -> list[ClaimRow]:
            return service.list_page(queue=queue, category=category, after=after, limit=limit, now=now)

        self.model.set_fetch(fetch, on_done=self._rows_shown, on_failure=self._list_failed)
        self._load_overdue_count()

    def _list_failed(self, exc: Exception) -> None:
        self._update_empty_state()
        self.show_failure(exc)

    def _rows_shown(self) -> None:
        self._update_empty_state()
        self._select_pending()

    def _select_pending(self) -> None:
        """Select the claim opened (`open_record`, just created) once the list shows it: at once if it
        is among the rows shown, else when the rows on their way arrive."""
        wanted = self._select_after_load
        if wanted is None:
            return
        for row, claim in enumerate(self.model.rows()):
            if claim.id == wanted:
                self._select_after_load = None
                self.table.selectRow(row)
                return
        if not self.model.loading:  # not in this list (another queue or category)
            self._select_after_load = None

    def _category(self) -> ClaimCategory | None:
        data = self.category_combo.currentData()  # Qt hands enum members back as plain strings
        return ClaimCategory(data) if data else None

    def _load_overdue_count(self) -> None:
        self.read("overdue", self._service.overdue_count, now=self._now, on_done=self._show_overdue_count)

    def _show_overdue_count(self, count: int) -> None:
        if count == 0:
            self.overdue_label.setText("")
        elif count == 1:
            self.overdue_label.setText(self.tr("1 overdue claim"))
        else:
            self.overdue_label.setText(self.tr("{n} overdue claims").format(n=fmt.number(count)))
        index = self._queues.index(ClaimQueue.OVERDUE)
        title = self.tr("Overdue ({n})").format(n=fmt.number(count)) if count else self.tr("Overdue")
        self.tabs.setTabText(index, title)

    def _update_empty_state(self) -> None:
        # No "no claim" while the first page is on its way.
        shown = bool(self.model.rowCount() or self.model.loading)
        list_or_why(self.list_stack, self.empty_label, shown, self._why_empty)

    def _why_empty(self) -> str:
        messages = {
            ClaimQueue.MINE: self.tr("No open claim is assigned to you.\nThe team queue shows the others."),
            ClaimQueue.TEAM: self.tr("No open claim. Nothing is waiting for the after-sales desk."),
            ClaimQueue.OVERDUE: self.tr("No claim is overdue. Well done."),
            ClaimQueue.ALL: self.tr("No claim has been recorded yet."),
        }
        if self.category_combo.currentData() is not None:
            return self.tr("No claim in this category here.\nChoose “All categories” to see the others.")
        return messages[self.current_queue()]

    def _due_text(self, row: ClaimRow) -> str:
        late = row.overdue_by(self._now)
        if late is None:
            return fmt.datetime(row.due_at)
        return overdue_text(late)

    # Detail ----------------------------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        claim = self.model.row_at(row)
        if claim is not None:
            self.shown.open(claim.id)

    def _show_detail(self, detail: ClaimDetail) -> None:
        self._detail = detail
        self.detail.show_claim(detail, now=self._now)

    def _on_link(self, link: str) -> None:
        kind, _, ident = link.partition(":")
        if ident.isdigit():
            self.open_requested.emit(kind, int(ident))

    def _change_status(self, to_status: ClaimStatus) -> None:
        detail = self._detail
        if detail is None:
            return
        kwargs: dict[str, Any] = {}
        if to_status in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED):
            dialog = ResolveDialog(detail, to_status, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            kwargs = dialog.values()
        self._submit_status(detail, to_status, kwargs)

    def _submit_status(self, detail: ClaimDetail, to_status: ClaimStatus, kwargs: dict[str, Any]) -> None:
        change = CollectionOp(
            self._service.change_status,
            claim_id=detail.row.id,
            to_status=to_status,
            expected_version=detail.lock_version,
            **kwargs,
        )
        change.success(self._status_changed).failure(
            lambda exc: self._status_refused(detail, to_status, kwargs, exc)
        ).run(self.ctx.executor)

    def _status_refused(
        self, before: ClaimDetail, to_status: ClaimStatus, kwargs: dict[str, Any], exc: Exception
    ) -> None:
        """A one-click change refused is said and the claim reloaded (nothing typed is lost); a resolution
        typed by the user on a claim that moved meanwhile is offered to be re-applied on theirs."""
        if not kwargs or not isinstance(exc, ConflictError):
            self._status_failed(exc)
            return
        message = str(exc)
        QueryOp(self._service.get, claim_id=before.row.id).success(
            lambda theirs: self._offer_status_merge(message, before, theirs, to_status, kwargs)
        ).failure(self._status_failed).run(self.ctx.executor)

    def status_differences(
        self, before: ClaimDetail, theirs: ClaimDetail, to_status: ClaimStatus, kwargs: dict[str, Any]
    ) -> list[FieldDifference]:
        """Their saved claim against the change the user asked for."""
        rows = [
            FieldDifference(
                "status",
                self.tr("Status"),
                label(theirs.row.status),
                label(to_status),
                you_changed=True,
                they_changed=theirs.row.status != before.row.status,
            )
        ]
        if (theirs.row.assignee_name or "") != (before.row.assignee_name or ""):
            name = theirs.row.assignee_name or ""
            rows.append(
                FieldDifference(
                    "assignee", self.tr("Assigned to"), name, before.row.assignee_name or "", False, True
                )
            )
        typed = str(kwargs.get("resolution") or "")
        if typed != (theirs.resolution or ""):
            rows.append(
                FieldDifference(
                    "resolution",
                    self.tr("Resolution"),
                    theirs.resolution or "",
                    typed,
                    you_changed=True,
                    they_changed=(theirs.resolution or "") != (before.resolution or ""),
                )
            )
        return rows

    def _offer_status_merge(
        self,
        message: str,
        before: ClaimDetail,
        theirs: ClaimDetail,
        to_status: ClaimStatus,
        kwargs: dict[str, Any],
    ) -> None:
        self.shown.show_if_open(theirs)
        dialog = StaleMergeDialog(message, self.status_differences(before, theirs, to_status, kwargs), self)
        dialog.finished.connect(lambda _r: self._status_merge_chosen(dialog, theirs, to_status, kwargs))
        self.stale_dialog = dialog
        dialog.open()

    def _status_merge_chosen(
        self, dialog: StaleMergeDialog, theirs: ClaimDetail, to_status: ClaimStatus, kwargs: dict[str, Any]
    ) -> None:
        self.stale_dialog = None
        if dialog.choice is not MergeChoice.REAPPLY or "status" not in dialog.chosen_fields():
            return  # their version stays, shown in the pane
        if to_status not in theirs.allowed_transitions:
            self.show_error(
                self.tr("The claim is now “{now}”: it cannot go to “{wanted}” from there.").format(
                    now=label(theirs.row.status), wanted=label(to_status)
                )
            )
            return
        if "resolution" not in dialog.chosen_fields() and theirs.resolution:
            kwargs = {**kwargs, "resolution": theirs.resolution}
        self._submit_status(theirs, to_status, kwargs)

    def _status_changed(self, detail: ClaimDetail) -> None:
        self.status_message.emit(
            self.tr("Claim #{id} is now “{status}”.").format(
                id=detail.row.id, status=label(detail.row.status)
            )
        )
        self._changed(detail)

    def _assigned(self, detail: ClaimDetail) -> None:
        """After an assignment: say who has the claim now (its status did not change)."""
        name = detail.row.assignee_name
        if name:
            message = self.tr("Claim #{id} assigned to {name}.").format(id=detail.row.id, name=name)
        else:
            message = self.tr("Claim #{id} is no longer assigned to anyone.").format(id=detail.row.id)
        self.status_message.emit(message)
        self._changed(detail)

    def _changed(self, detail: ClaimDetail) -> None:
        self.shown.show_now(detail)
        if self.live.covers:  # the bus brings the change back to the list and the counts
            return
        self.model.reload(on_done=self._update_empty_state, on_failure=self.show_failure)
        self._load_overdue_count()

    # Creating, assigning, printing -------------------------------------------------------------------
    def new_claim(self, query: str = "") -> None:
        """Open the quick entry dialog (optionally with the find box filled, e.g. from a vehicle)."""
        if not self.ctx.can("claims.create"):
            return
        from dealercrm.ui.aftersales.claim_entry import QuickClaimDialog

        dialog = QuickClaimDialog(self.ctx, self, query=query)
        dialog.claim_created.connect(self._claim_created)
        self.entry_dialog = dialog
        dialog.open()

    def _claim_created(self, detail: ClaimDetail) -> None:
        self.status_message.emit(
            self.tr("Claim #{id} recorded, due {when}.").format(
                id=detail.row.id, when=fmt.datetime(detail.row.due_at, self.ctx.timezone)
            )
        )
        self._select_after_load = detail.row.id  # selected once the list on its way shows it
        self.reload()
        self.shown.show_now(detail)

    def _assign(self) -> None:
        detail = self._detail
        if detail is None:
            return

        def ask(people: list[Assignee]) -> None:
            dialog = AssignDialog(detail, people, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            assignee_id, note = dialog.values()
            CollectionOp(
                self._service.assign,
                claim_id=detail.row.id,
                assignee_id=assignee_id,
                note=note,
                expected_version=detail.lock_version,
            ).success(self._assigned).failure(self._status_failed).run(self.ctx.executor)

        QueryOp(self._service.assignees).success(ask).failure(self.show_failure).run(self.ctx.executor)

    def export_pdf(self, audience: Audience, path: str | None = None) -> None:
        """Save the shown claim as a one-page PDF (for the workshop or the customer) and open it."""
        detail = self._detail
        if detail is None:
            return
        target = file_dialogs.save_path(
            self,
            self.tr("Save the claim as PDF"),
            f"claim-{detail.row.id}-{audience.value}.pdf",
            "PDF (*.pdf)",
            given=path,
        )
        if target is None:
            return
        labels = {str(v.value): label(v) for enum in (ClaimCategory, ClaimStatus, Severity) for v in enum}
        render = QueryOp(
            self.ctx.service(ClaimPdfService).render, claim_id=detail.row.id, audience=audience, labels=labels
        )

        def write(pdf: bytes) -> None:
            with open(target, "wb") as handle:
                handle.write(pdf)
            self.status_message.emit(
                self.tr("Claim #{id} saved as {path}.").format(id=detail.row.id, path=target)
            )
            self.pdf_saved(target)

        render.success(write).failure(self.show_failure).run(self.ctx.executor)

    def pdf_saved(self, path: str) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def _status_failed(self, exc: Exception) -> None:
        self.show_failure(exc)
        self.shown.reload()


def overdue_text(late: dt.timedelta) -> str:
    """ "overdue by 2 d 3 h", or "overdue by 3 h 20 min" under a day."""
    minutes = int(late.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return QCoreApplication.translate("ClaimDeadline", "Overdue by {d} d {h} h").format(d=days, h=hours)
    if hours:
        return QCoreApplication.translate("ClaimDeadline", "Overdue by {h} h {m} min").format(h=hours, m=mins)
    return QCoreApplication.translate("ClaimDeadline", "Overdue by {m} min").format(m=max(1, mins))


class ClaimDetailPane(QWidget):
    """One claim: who, what, deadline, history; resolution and satisfaction once handled."""

    link_activated = Signal(str)
    transition_requested = Signal(object)  # a ClaimStatus
    assign_requested = Signal()
    pdf_requested = Signal(object)  # an Audience

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(180)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 10, 0, 0)
        outer.setSpacing(4)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = named(QLabel(), "SectionTitle")
        self.title.setStyleSheet("font-size: 13pt;")
        self.subtitle = named(QLabel(), "Hint")
        self.subtitle.setTextFormat(Qt.TextFormat.RichText)
        self.subtitle.linkActivated.connect(self.link_activated.emit)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        head.addLayout(titles, 1)
        self._actions_row = QHBoxLayout()
        self._actions_row.setSpacing(6)
        head.addLayout(self._actions_row)
        outer.addLayout(head)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        # One rich-text browser per column: they scroll on their own and lay long histories out well.
        self.left = html_browser(self.link_activated.emit)
        self.right = html_browser(self.link_activated.emit)
        columns.addWidget(self.left, 3)
        columns.addWidget(self.right, 2)
        outer.addLayout(columns, 1)
        self._buttons: list[QPushButton] = []
        self.clear()

    def clear(self) -> None:
        self._can_manage = False
        self.title.setText(self.tr("No claim selected"))
        self.subtitle.setText(self.tr("Select a claim in the list to see its description and history."))
        self.left.clear()
        self.right.clear()
        self._set_actions(())

    def _set_actions(self, statuses: tuple[ClaimStatus, ...]) -> None:
        for button in self._buttons:
            # Out of the row at once: deleteLater alone would leave it shown until the loop runs.
            self._actions_row.removeWidget(button)
            button.hide()
            button.deleteLater()
        self._buttons = []
        texts = {
            ClaimStatus.IN_PROGRESS: self.tr("Start work"),
            ClaimStatus.WAITING_CUSTOMER: self.tr("Wait for customer"),
            ClaimStatus.WAITING_PARTS: self.tr("Wait for parts"),
            ClaimStatus.RESOLVED: self.tr("Resolve…"),
            ClaimStatus.CLOSED: self.tr("Close…"),
        }
        if self._can_manage:
            assign = QPushButton(self.tr("Assign…"))
            assign.setObjectName("assign")
            assign.clicked.connect(lambda _checked=False: self.assign_requested.emit())
            self._actions_row.addWidget(assign)
            self._buttons.append(assign)
        if statuses or self._can_manage:
            # A push button with its menu: the same look as the buttons beside it.
            pdf = QPushButton(self.tr("PDF"))
            pdf.setObjectName("pdf")
            menu = QMenu(pdf)
            menu.addAction(self.tr("For the workshop…"), lambda: self.pdf_requested.emit(Audience.WORKSHOP))
            menu.addAction(self.tr("For the customer…"), lambda: self.pdf_requested.emit(Audience.CUSTOMER))
            pdf.setMenu(menu)
            self._actions_row.addWidget(pdf)
            self._buttons.append(pdf)
        for status in statuses:
            text = texts.get(status, label(status))
            if status is ClaimStatus.IN_PROGRESS and self._reopening:
                text = self.tr("Reopen")
            button = QPushButton(text)
            button.setObjectName(f"transition_{status.value}")
            button.clicked.connect(lambda _checked=False, s=status: self.transition_requested.emit(s))
            self._actions_row.addWidget(button)
            self._buttons.append(button)

    _reopening = False
    _can_manage = False

    def show_claim(self, d: ClaimDetail, *, now: dt.datetime) -> None:
        r = d.row
        self.title.setText(
            html.escape(self.tr("Claim #{id} · {category}").format(id=r.id, category=label(r.category)))
        )
        contact = f'<a href="contact:{r.contact_id}">{html.escape(r.contact_name)}</a>'
        vehicle = (
            f' · <a href="vehicle:{r.vehicle_id}">{html.escape(d.vehicle_label or r.vehicle_plate or "")}</a>'
            if r.vehicle_id is not None
            else ""
        )
        self.subtitle.setText(contact + vehicle)
        description = html.escape(d.description).replace("\n", "<br>")

        late = r.overdue_by(now)
        due = html.escape(fmt.datetime(r.due_at))
        if late is not None:
            late_text = html.escape(overdue_text(late))
            due += f"<br><span style='color:#b42318; font-weight:600'>{late_text}</span>"
        facts = [
            (self.tr("Status"), html.escape(label(r.status))),
            (self.tr("Severity"), html.escape(label(r.severity))),
            (self.tr("Channel"), html.escape(label(d.channel))),
            (self.tr("Opened"), html.escape(fmt.datetime(r.opened_at))),
            (self.tr("Opened by"), html.escape(d.opened_by_name or "—")),
            (self.tr("Assignee"), html.escape(r.assignee_name or self.tr("Unassigned"))),
            (self.tr("Due"), due),
        ]
        facts_html = key_values(facts)

        if d.resolved_at is None and d.closed_at is None:
            outcome_html = html.escape(self.tr("Not resolved yet."))
        else:
            outcome = [
                (self.tr("Resolution"), html.escape(d.resolution or "—").replace("\n", "<br>")),
                (self.tr("Resolved"), html.escape(fmt.datetime(d.resolved_at) or "—")),
            ]
            if d.closed_at is not None:
                outcome.append((self.tr("Closed"), html.escape(fmt.datetime(d.closed_at))))
            outcome.append(
                (
                    self.tr("Satisfaction"),
                    html.escape(
                        self.tr("{n}/5").format(n=d.satisfaction)
                        if d.satisfaction is not None
                        else self.tr("not asked")
                    ),
                )
            )
            outcome.append((self.tr("Goodwill"), html.escape(fmt.money(d.goodwill_cost, decimals=2) or "—")))
            outcome_html = key_values(outcome)

        if not d.events:
            history = html.escape(self.tr("No event recorded."))
        else:
            lines = []
            for e in reversed(d.events):  # newest first
                text = e.note
                if e.from_status is None and e.to_status is ClaimStatus.OPEN:
                    what = self.tr("Claim opened")  # not "Opened", the column title ("Ouverte le")
                elif e.from_status is None and e.to_status is not None:
                    what = self.tr("Opened as “{to}”").format(to=label(e.to_status))
                elif e.to_status is not None:
                    what = self.tr("{from_} → {to}").format(from_=label(e.from_status), to=label(e.to_status))
                elif e.assigned_to is not None:
                    what, text = self.tr("Assigned to {name}").format(name=e.assigned_to), e.comment
                elif e.unassigned:
                    what, text = self.tr("No longer assigned"), e.comment
                else:
                    what = self.tr("Note")
                note = f"<br><span style='color:#374151'>{html.escape(text)}</span>" if text else ""
                who = f" · {html.escape(e.user_name)}" if e.user_name else ""
                lines.append(
                    f"<p style='margin:0 0 6px 0'><span style='color:#6b7280'>"
                    f"{html.escape(fmt.datetime(e.at))}{who}</span><br><b>{html.escape(what)}</b>{note}</p>"
                )
            history = "".join(lines)
        self.left.setHtml(
            _heading(self.tr("Description"))
            + f"<p>{description}</p>"
            + _heading(self.tr("History"))
            + history
        )
        self.right.setHtml(
            _heading(self.tr("Claim")) + facts_html + _heading(self.tr("Outcome")) + outcome_html
        )
        self._reopening = r.status in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED)
        self._can_manage = bool(d.allowed_transitions)  # only those who may change the claim
        self._set_actions(d.allowed_transitions)

    def action_buttons(self) -> list[QPushButton]:
        return list(self._buttons)


class ResolveDialog(QDialog):
    """Resolution text, customer satisfaction and goodwill, asked when resolving or closing."""

    def __init__(self, detail: ClaimDetail, to_status: ClaimStatus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        resolving = to_status is ClaimStatus.RESOLVED
        self.setWindowTitle(
            self.tr("Resolve claim #{id}").format(id=detail.row.id)
            if resolving
            else self.tr("Close claim #{id}").format(id=detail.row.id)
        )
        self.resolution_edit = QPlainTextEdit(detail.resolution or "")
        self.resolution_edit.setPlaceholderText(self.tr("What was done for the customer"))
        self.resolution_edit.setTabChangesFocus(True)
        self.satisfaction_spin = QSpinBox()
        self.satisfaction_spin.setRange(0, 5)
        self.satisfaction_spin.setSpecialValueText(self.tr("Not asked"))
        self.satisfaction_spin.setSuffix(self.tr(" / 5"))
        self.satisfaction_spin.setValue(detail.satisfaction or 0)
        self.goodwill_spin = QDoubleSpinBox()
        self.goodwill_spin.setRange(0, 100_000)
        self.goodwill_spin.setDecimals(2)
        self.goodwill_spin.setSuffix(" €")
        self.goodwill_spin.setValue(float(detail.goodwill_cost or 0))
        self.note_edit = notes_edit(60)
        form = QFormLayout()
        form.addRow(self.tr("Resolution"), self.resolution_edit)
        form.addRow(self.tr("Customer satisfaction"), self.satisfaction_spin)
        form.addRow(self.tr("Goodwill"), self.goodwill_spin)
        form.addRow(self.tr("Note for the history"), self.note_edit)
        buttons = ok_cancel(self, self.tr("Resolve") if resolving else self.tr("Close claim"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(460, 320)

    def values(self) -> dict[str, Any]:
        satisfaction = self.satisfaction_spin.value()
        goodwill = self.goodwill_spin.value()
        return {
            "resolution": self.resolution_edit.toPlainText(),
            "satisfaction": satisfaction or None,
            "goodwill_cost": Decimal(str(round(goodwill, 2))) if goodwill else None,
            "note": self.note_edit.toPlainText(),
        }


class AssignDialog(QDialog):
    """Who handles the claim (after-sales staff or a manager), with a note for the history."""

    def __init__(self, detail: ClaimDetail, people: list[Assignee], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Assign claim #{id}").format(id=detail.row.id))
        self.assignee_combo = QComboBox()
        self.assignee_combo.addItem(self.tr("Unassigned (team queue)"), None)
        for person in people:
            self.assignee_combo.addItem(f"{person.name} ({label(person.role)})", person.id)
        self.assignee_combo.setCurrentIndex(max(0, self.assignee_combo.findData(detail.row.assignee_id)))
        self.note_edit = notes_edit(70)
        form = QFormLayout()
        form.addRow(self.tr("Assign to"), self.assignee_combo)
        form.addRow(self.tr("Note for the history"), self.note_edit)
        buttons = ok_cancel(self, self.tr("Assign"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(420, 200)

    def values(self) -> tuple[int | None, str]:
        return self.assignee_combo.currentData(), self.note_edit.toPlainText()


def _heading(text: str) -> str:
    style = "margin:8px 0 4px 0; font-size:11.5pt; font-weight:600; color:#111827"
    return f"<p style='{style}'>{html.escape(text)}</p>"


def html_browser(on_link: Callable[[str], None]) -> QTextBrowser:
    """A frameless, transparent read-only rich-text view whose links are handled by `on_link`."""
    browser = QTextBrowser()
    browser.setOpenLinks(False)
    browser.setFrameShape(QFrame.Shape.NoFrame)
    browser.viewport().setAutoFillBackground(False)
    browser.setStyleSheet("QTextBrowser { background: transparent; }")
    browser.document().setDocumentMargin(0)
    browser.anchorClicked.connect(lambda url: on_link(url.toString()))
    return browser
