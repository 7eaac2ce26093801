"""Today: the logged-in user's overdue tasks, today's tasks and appointments, the next days, hot leads
going cold, customers with a contrôle technique, maintenance, warranty or lease end coming, and for the
after-sales desk their claims overdue or due today. Tasks are marked done or rescheduled in place."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDateTime, QLocale, QPoint, Qt, QTime, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import Role
from dealercrm.services.claims import ClaimQueue, ClaimRow, ClaimService
from dealercrm.services.due_dates import DueDateService, DueKind, DueRow, followed_kinds
from dealercrm.services.pipeline import HotLeads, PipelineService
from dealercrm.services.tasks import Agenda, TaskRow, TaskService, local_midnight
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import LiveRefresh
from dealercrm.ui.due_names import due_names
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp
from dealercrm.ui.style import ACCENT_SOFT, TEXT, named, set_primary
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.forms import ok_cancel, text_label
from dealercrm.ui.widgets.page import PrebuildablePage, list_over_detail, titled

HORIZON_DAYS = 7
DUE_WINDOW_DAYS = 60  # CT, maintenance and warranty ends this close are listed
LEASE_WINDOW_DAYS = 90  # leases and loans: three months ahead, the time to offer the next car
OVERDUE_DAYS = 90  # CT and maintenance overdue by more than this are left to campaigns
OVERDUE = QColor("#b42318")
MUTED = QColor("#6b7280")
GROUP_BACKGROUND = QColor("#eef1f6")
TREE_STYLE = (
    "QTreeView::item { padding: 3px 2px; }"
    f"QTreeView {{ selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT}; }}"
)
ROLE_TASK = Qt.ItemDataRole.UserRole  # TaskRow on task items
ROLE_CONTACT = Qt.ItemDataRole.UserRole + 1  # contact id on every openable item
ROLE_CLAIM = Qt.ItemDataRole.UserRole + 2  # claim id on claim items (they open the claim)


@dataclass(frozen=True)
class TodayData:
    """Everything the page shows, loaded off the GUI thread: the agenda, leads and claims in one job, the
    due dates in a second one (the slowest query, at 100k contacts: the agenda need not wait for it)."""

    agenda: Agenda
    hot_leads: HotLeads | None  # None: the user's role has no pipeline
    due_soon: list[DueRow] | None  # None: the user's role follows no customer's vehicles (or not loaded yet)
    claims: list[ClaimRow] | None = None  # after-sales: their claims overdue or due today
    claims_overdue: int = 0


def _time(value: dt.datetime) -> str:
    local = fmt.local_time(value)
    return QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)


def _day_and_time(value: dt.datetime) -> str:
    """ "sam. 21/11 10:00": the weekday, the locale's short date without its year, the time."""
    local = fmt.local_time(value)
    pattern = re.sub(r"[^dM]*y+[^dM]*", "", QLocale().dateFormat(QLocale.FormatType.ShortFormat))
    day = QLocale().toString(fmt.qdate(local), f"ddd {pattern}")
    return f"{day} {_time(value)}"


class RescheduleDialog(QDialog):
    """Pick a new date and time for a task (in the dealership's time zone), with a few quick picks."""

    def __init__(self, task: TaskRow, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._zone = ctx.timezone
        self.setWindowTitle(self.tr("Reschedule"))
        heading = text_label(self.tr("When should “{title}” happen?").format(title=task.title))
        heading.setObjectName("SectionTitle")
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(QLocale().dateTimeFormat(QLocale.FormatType.ShortFormat))
        self.edit.setMinimumWidth(220)
        self.set_due_at(max(task.due_at, dt.datetime.now(dt.UTC)))
        quick = QHBoxLayout()
        for text, delta_days, hour in (
            (self.tr("Tomorrow 9:00"), 1, 9),
            (self.tr("Tomorrow 14:00"), 1, 14),
            (self.tr("In a week"), 7, None),
        ):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, d=delta_days, h=hour: self._quick(d, h))
            quick.addWidget(button)
        quick.addStretch(1)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.edit)
        layout.addLayout(quick)
        layout.addWidget(buttons)

    def set_due_at(self, value: dt.datetime) -> None:
        local = value.astimezone(self._zone)
        self.edit.setDateTime(QDateTime(fmt.qdate(local), QTime(local.hour, local.minute)))

    def due_at(self) -> dt.datetime:
        """The chosen instant, timezone-aware (the dealership's zone)."""
        qdt = self.edit.dateTime()
        d, t = qdt.date(), qdt.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self._zone)

    def _quick(self, days: int, hour: int | None) -> None:
        base = self.due_at() if hour is None else dt.datetime.now(self._zone)
        target = base + dt.timedelta(days=days)
        if hour is not None:
            target = target.replace(hour=hour, minute=0, second=0, microsecond=0)
        self.set_due_at(target)


LIVE_KINDS = frozenset({"task", "deal", "contact", "interaction", "claim", "sale", "vehicle"})
RETRAIN_CHECK_MS = 60_000


class TodayPage(PrebuildablePage):
    """The salesperson's day at a glance; every line opens its contact (double-click or Enter)."""

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._pipeline: PipelineService | None = None
        self._dues: DueDateService | None = None
        self._claims: ClaimService | None = None
        self._due_kinds: tuple[DueKind, ...] = ()
        self._last_done: TaskRow | None = None
        self.data: TodayData | None = None

        self.date_label = named(QLabel(), "SectionTitle")
        self.date_label.setStyleSheet("font-size: 13pt;")
        self.summary_label = named(QLabel(), "Hint")
        self.summary_label.setWordWrap(True)  # at 1366 pixels the buttons leave it little room
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.date_label)
        titles.addWidget(self.summary_label)

        self.done_button = QPushButton(self.tr("Mark done"))
        self.done_button.setToolTip(self.tr("Mark the selected task done (Ctrl+D)"))
        set_primary(self.done_button)
        self.reschedule_button = QPushButton(self.tr("Reschedule…"))
        self.open_button = QPushButton(self.tr("Open contact"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setVisible(False)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.ics_button = QPushButton(self.tr("Export to calendar…"))
        self.ics_button.setToolTip(
            self.tr(
                "Save your appointments and test drives of the next 60 days as an .ics file for your phone"
            )
        )
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        for button in (self.undo_button, self.open_button, self.reschedule_button, self.done_button):
            header.addWidget(button)
        header.addSpacing(8)
        header.addWidget(self.ics_button)
        header.addWidget(self.refresh_button)

        self.agenda_tree = self._tree(
            [self.tr("When"), self.tr("Kind"), self.tr("Contact"), self.tr("Phone"), self.tr("Title")],
            [125, 100, 160, 115],
        )
        self.agenda_tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.agenda_tree.customContextMenuRequested.connect(self._agenda_menu)
        self.agenda_tree.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.hot_title = named(QLabel(), "SectionTitle")
        self.hot_tree = self._tree(
            [self.tr("Contact"), self.tr("Opportunity"), self.tr("Stage"), self.tr("Silent for")],
            [130, 150, 115],
        )
        self._stretch(self.hot_tree, 1)
        self.due_title = named(QLabel(self.tr("Customers with something due soon")), "SectionTitle")
        self.due_tree = self._tree(
            [self.tr("Customer"), self.tr("Vehicle"), self.tr("Due"), self.tr("When")], [125, 110, 125]
        )
        self.claims_title = named(QLabel(self.tr("My claims overdue or due today")), "SectionTitle")
        self.claims_tree = self._tree(
            [self.tr("Deadline"), self.tr("Customer"), self.tr("Category"), self.tr("Status")],
            [135, 140, 100],
        )

        agenda_title = named(QLabel(self.tr("My tasks and appointments")), "SectionTitle")
        # Below the agenda, side by side: the agenda keeps the full width for its five columns.
        self.side = QWidget()
        side_layout = QHBoxLayout(self.side)
        side_layout.setContentsMargins(0, 6, 0, 0)
        side_layout.setSpacing(12)
        self.hot_hint = text_label("", "Hint")
        self.hot_box = titled(self.hot_title, self.hot_tree, self.hot_hint)
        self.claims_box = titled(self.claims_title, self.claims_tree)
        self.due_box = titled(self.due_title, self.due_tree)
        side_layout.addWidget(self.hot_box, 1)
        side_layout.addWidget(self.claims_box, 1)
        side_layout.addWidget(self.due_box, 1)
        splitter = list_over_detail(titled(agenda_title, self.agenda_tree), self.side, [420, 280])

        self.lay_out_page(header, splitter)

        self.done_action = QAction(self.tr("Mark done"), self)
        self.done_action.setShortcut(QKeySequence("Ctrl+D"))
        self.done_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.done_action.triggered.connect(lambda: self.complete_selected())
        self.reschedule_action = QAction(self.tr("Reschedule…"), self)
        self.reschedule_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.reschedule_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reschedule_action.triggered.connect(lambda: self.reschedule_selected())
        self.open_action = QAction(self.tr("Open contact"), self)
        self.open_action.triggered.connect(self._open_current)
        self.addActions([self.done_action, self.reschedule_action])

        self.done_button.clicked.connect(lambda: self.complete_selected())
        self.reschedule_button.clicked.connect(lambda: self.reschedule_selected())
        self.open_button.clicked.connect(self._open_current)
        self.undo_button.clicked.connect(self.undo_done)
        self.refresh_button.clicked.connect(self.refresh)
        self.ics_button.clicked.connect(lambda: self.export_ics())
        for tree in (self.agenda_tree, self.hot_tree, self.due_tree, self.claims_tree):
            tree.itemActivated.connect(self._open_item)

        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """Act for `ctx`'s user: the services and lists their role has, and their day asked for (one job
        off the GUI thread)."""
        super().attach(ctx)
        self._tasks = ctx.service(TaskService)
        self._pipeline = ctx.service(PipelineService) if ctx.can("opportunities.read") else None
        # Those who sell or service cars follow their customers' due dates; the desk its claims.
        follows_cars = ctx.can("sales.read") or ctx.can("service.log")
        self._dues = ctx.service(DueDateService) if follows_cars else None
        self._claims = (
            ctx.service(ClaimService)
            if ctx.actor.role is Role.AFTERSALES and ctx.can("claims.read")
            else None
        )
        self.ics_button.setVisible(ctx.can("tasks.manage"))
        self._due_kinds = followed_kinds(ctx.actor.role)
        self.due_title.setToolTip(self._due_scope())
        self.hot_box.setVisible(self._pipeline is not None)
        self.claims_box.setVisible(self._claims is not None)
        self.due_box.setVisible(self._dues is not None)
        if self._pipeline is None and self._claims is None and self._dues is None:
            self.side.setVisible(False)
        self.refresh()
        # Tasks, leads and claims changed here or on another workstation: the lists follow.
        self.live = LiveRefresh(self, LIVE_KINDS, lambda _kinds, _ids: self.refresh())

    @staticmethod
    def _stretch(tree: QTreeWidget, column: int) -> None:
        """`column` takes the room left (the others keep their widths)."""
        tree.header().setStretchLastSection(False)
        tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _tree(self, headers: list[str], widths: list[int]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setExpandsOnDoubleClick(False)
        tree.setItemsExpandable(False)
        tree.setIndentation(0)
        tree.setStyleSheet(TREE_STYLE)
        tree.header().setMinimumSectionSize(40)
        tree.header().setStretchLastSection(True)
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(widths):
            # Never narrower than the translated title ("Sans contact depuis", "Échéance").
            tree.setColumnWidth(column, max(width, tree.header().sectionSizeHint(column)))
        return tree

    # Page API -----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Load the agenda and the side lists again (off the GUI thread: the due dates once the agenda is
        there)."""
        if not self._attached:  # built before login: nobody's day to load yet
            return
        if not getattr(self, "_retrain_scheduled", False) and self.ctx.can("settings.manage"):
            # The monthly retrain of the purchase model, a minute after the day starts (not at start-up).
            from dealercrm.ui.settings.model_card import retrain_if_due

            self._retrain_scheduled = True
            QTimer.singleShot(RETRAIN_CHECK_MS, self, lambda: retrain_if_due(self.ctx))
        tasks, pipeline, claims = self._tasks, self._pipeline, self._claims
        zone = self.ctx.timezone
        # The due dates shown meanwhile are kept (and said so in `data`) until the new ones are there.
        due_soon = self.data.due_soon if self.data is not None else None

        def load() -> TodayData:
            agenda = tasks.agenda(horizon_days=HORIZON_DAYS)
            hot = pipeline.quiet_hot_leads() if pipeline is not None else None
            if claims is None:
                return TodayData(agenda, hot, due_soon)
            tomorrow = local_midnight(agenda.today + dt.timedelta(days=1), zone)
            # The queue is ordered by deadline: the first ones are the overdue, then today's.
            mine = claims.list_page(queue=ClaimQueue.MINE, limit=200)
            return TodayData(
                agenda,
                hot,
                due_soon,
                claims=[c for c in mine if c.due_at < tomorrow],
                claims_overdue=claims.overdue_count(mine_only=True),
            )

        QueryOp(load).success(self._show).failure(self.show_failure).latest_for(
            self, "agenda"
        ).read_only().run(self.ctx.executor)

    def _load_due_soon(self, today: dt.date) -> None:
        """The customers with something due soon on their cars, for the agenda's `today`."""
        dues = self._dues
        if dues is None:
            return
        load = dues.due_soon
        QueryOp(
            load,
            within_days=DUE_WINDOW_DAYS,
            financing_within_days=LEASE_WINDOW_DAYS,
            overdue_days=OVERDUE_DAYS,
            today=today,
            kinds=self._due_kinds,
        ).success(lambda rows: self._due_soon_loaded(rows, today)).failure(self.show_failure).latest_for(
            self, "due"
        ).read_only().run(self.ctx.executor)

    def _due_soon_loaded(self, rows: list[DueRow], today: dt.date) -> None:
        if self.data is not None:
            self.data = dataclasses.replace(self.data, due_soon=rows)
        self._show_due_soon(rows, today)

    # Showing ------------------------------------------------------------------------------------
    def _show(self, data: TodayData) -> None:
        self.data = data
        agenda = data.agenda
        current = self.current_task()
        self.date_label.setText(fmt.date(agenda.today, long=True))
        self.summary_label.setText(
            self.tr("{overdue} overdue, {today} today, {upcoming} in the next {days} days").format(
                overdue=fmt.number(agenda.overdue_count),
                today=fmt.number(agenda.today_count),
                upcoming=fmt.number(agenda.upcoming_count),
                days=agenda.horizon_days,
            )
        )
        tree = self.agenda_tree
        scrolled = tree.verticalScrollBar().value()  # a refresh keeps the place in the agenda
        tree.clear()
        self._group(
            self.tr("Overdue ({n})").format(n=fmt.number(agenda.overdue_count)),
            agenda.overdue,
            self.tr("Nothing overdue."),
            overdue=True,
        )
        self._group(
            self.tr("Today ({n})").format(n=fmt.number(agenda.today_count)),
            agenda.due_today,
            self.tr("Nothing planned today: a good time to call the hot leads."),
            today=True,
        )
        self._group(
            self.tr("Next {days} days ({n})").format(
                days=agenda.horizon_days, n=fmt.number(agenda.upcoming_count)
            ),
            agenda.upcoming,
            self.tr("Nothing planned yet."),
        )
        tree.expandAll()
        self._select_task(current.id if current else None)
        tree.verticalScrollBar().setValue(scrolled)

        if data.hot_leads is not None:
            leads = data.hot_leads
            self.hot_title.setText(
                self.tr("Hot leads with no contact for {days} days ({n})").format(
                    days=leads.quiet_days, n=fmt.number(leads.count)
                )
            )
            self.hot_tree.clear()
            for lead in leads.rows:
                silent = (
                    self.tr("%n day(s)", "", lead.quiet_days)
                    if lead.quiet_days is not None
                    else self.tr("never")
                )
                stage = label(lead.stage)
                if lead.purchase_probability is not None:  # the learnt probability, when a model is in force
                    stage = f"{stage} · {fmt.percent(lead.purchase_probability, decimals=0)}"
                item = QTreeWidgetItem([lead.contact_name, lead.title, stage, silent])
                item.setData(0, ROLE_CONTACT, lead.contact_id)
                item.setToolTip(0, lead.contact_phone)
                item.setToolTip(1, fmt.money(lead.amount))
                if lead.purchase_probability is not None:
                    item.setToolTip(
                        2,
                        self.tr("Probability of a purchase within 90 days: {p}").format(
                            p=fmt.percent(lead.purchase_probability)
                        ),
                    )
                item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.hot_tree.addTopLevelItem(item)
            if not leads.rows:
                self._placeholder(self.hot_tree, self.tr("Every hot lead has been contacted recently."))
            self.hot_hint.setVisible(leads.count > len(leads.rows))
            self.hot_hint.setText(
                self.tr("The {n} longest silences are shown; the pipeline lists every opportunity.").format(
                    n=len(leads.rows)
                )
            )
        if data.claims is not None:
            self._show_claims(data.claims, data.claims_overdue)
        self._update_buttons()
        self._load_due_soon(agenda.today)

    def _due_scope(self) -> str:
        """What the due-date list holds for this user's role (services.due_dates.followed_kinds)."""
        parts = []
        if {DueKind.TECHNICAL_INSPECTION, DueKind.MAINTENANCE} & set(self._due_kinds):
            parts.append(
                self.tr("contrôle technique and maintenance due within {days} days or overdue").format(
                    days=DUE_WINDOW_DAYS
                )
            )
        if DueKind.WARRANTY_END in self._due_kinds:
            parts.append(self.tr("warranty ends within {days} days").format(days=DUE_WINDOW_DAYS))
        if DueKind.FINANCING_END in self._due_kinds:
            parts.append(self.tr("leases and loans ending within 3 months"))
        return self.tr("On your customers' cars: {what}.").format(what=", ".join(parts))

    def _show_due_soon(self, rows: list[DueRow], today: dt.date) -> None:
        names = due_names()
        self.due_title.setText(
            self.tr("Customers with something due soon ({n})").format(n=fmt.number(len(rows)))
        )
        self.due_tree.clear()
        for due in rows:
            vehicle = due.vehicle_label or (due.plate or "")
            if due.due_by_mileage:
                when = self.tr("now (mileage)")
            elif due.due_on < today:
                when = self.tr("overdue {date}").format(date=fmt.date(due.due_on))
            elif due.due_on == today:
                when = self.tr("today")
            else:
                when = fmt.date(due.due_on)
            item = QTreeWidgetItem([due.owner_name, vehicle, names[due.kind], when])
            item.setData(0, ROLE_CONTACT, due.owner_id)
            item.setToolTip(1, " · ".join(p for p in (due.vehicle_label, due.plate) if p))
            if due.kind is DueKind.TECHNICAL_INSPECTION:
                item.setToolTip(2, self.tr("Contrôle technique"))
            item.setToolTip(3, fmt.date(due.due_on, long=True))
            if due.due_by_mileage or due.due_on <= today:
                item.setForeground(3, QBrush(OVERDUE))
            self.due_tree.addTopLevelItem(item)
        if not rows:
            self._placeholder(self.due_tree, self.tr("Nothing due on your customers' cars soon."))

    def _show_claims(self, rows: list[ClaimRow], overdue: int) -> None:
        now = dt.datetime.now(dt.UTC)
        self.claims_title.setText(
            self.tr("My claims overdue or due today ({n})").format(n=fmt.number(len(rows)))
        )
        self.claims_title.setToolTip(self.tr("%n of your open claims are past their deadline.", "", overdue))
        self.claims_tree.clear()
        for claim in rows:
            late = claim.overdue_by(now) is not None
            when = fmt.datetime(claim.due_at) if late else _time(claim.due_at)
            item = QTreeWidgetItem([when, claim.contact_name, label(claim.category), label(claim.status)])
            item.setData(0, ROLE_CLAIM, claim.id)
            item.setToolTip(0, self.tr("Overdue") if late else self.tr("Due today"))
            item.setToolTip(1, claim.vehicle_plate or "")
            if late:
                item.setForeground(0, QBrush(OVERDUE))
            self.claims_tree.addTopLevelItem(item)
        if not rows:
            self._placeholder(self.claims_tree, self.tr("None of your claims is overdue or due today."))

    def _group(
        self,
        title: str,
        tasks: tuple[TaskRow, ...],
        empty: str,
        *,
        overdue: bool = False,
        today: bool = False,
    ) -> None:
        group = QTreeWidgetItem([title])
        font = QFont(group.font(0))
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        for column in range(self.agenda_tree.columnCount()):
            group.setBackground(column, QBrush(GROUP_BACKGROUND))
        self.agenda_tree.addTopLevelItem(group)
        group.setFirstColumnSpanned(True)
        for task in tasks:
            when = _time(task.due_at) if today else _day_and_time(task.due_at)
            item = QTreeWidgetItem(
                [when, label(task.kind), task.contact_name, task.contact_phone, task.title]
            )
            item.setData(0, ROLE_TASK, task)
            if task.contact_id is not None:
                item.setData(0, ROLE_CONTACT, task.contact_id)
            if overdue:
                item.setForeground(0, QBrush(OVERDUE))
            tip = task.title if not task.location else f"{task.title}\n{task.location}"
            item.setToolTip(4, tip)
            group.addChild(item)
        if not tasks:
            child = QTreeWidgetItem([empty])
            child.setFlags(Qt.ItemFlag.NoItemFlags)
            child.setForeground(0, QBrush(MUTED))
            group.addChild(child)
            child.setFirstColumnSpanned(True)

    def _placeholder(self, tree: QTreeWidget, text: str) -> None:
        item = QTreeWidgetItem([text])
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setForeground(0, QBrush(MUTED))
        tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)

    def _select_task(self, task_id: int | None) -> None:
        items = self.task_items()
        for item in items:
            if item.data(0, ROLE_TASK).id == task_id:
                self.agenda_tree.setCurrentItem(item)
                return
        if items:
            self.agenda_tree.setCurrentItem(items[0])

    # Actions --------------------------------------------------------------------------------------
    def task_items(self) -> list[QTreeWidgetItem]:
        """Every task line of the agenda, in display order."""
        items: list[QTreeWidgetItem] = []
        for g in range(self.agenda_tree.topLevelItemCount()):
            group = self.agenda_tree.topLevelItem(g)
            assert group is not None
            for c in range(group.childCount()):
                child = group.child(c)
                if child is not None and child.data(0, ROLE_TASK) is not None:
                    items.append(child)
        return items

    def current_task(self) -> TaskRow | None:
        item = self.agenda_tree.currentItem()
        task = item.data(0, ROLE_TASK) if item is not None else None
        return task if isinstance(task, TaskRow) else None

    def _update_buttons(self) -> None:
        has_task = self.current_task() is not None
        for widget in (self.done_button, self.reschedule_button, self.open_button):
            widget.setEnabled(has_task)
        self.done_action.setEnabled(has_task)
        self.reschedule_action.setEnabled(has_task)
        task = self.current_task()
        self.open_button.setEnabled(task is not None and task.contact_id is not None)
        self.open_action.setEnabled(self.open_button.isEnabled())

    def complete_selected(self) -> None:
        """Mark the selected task done (the service checks it is the user's or they are a manager)."""
        task = self.current_task()
        if task is not None:
            self._set_done(task, True)

    def undo_done(self) -> None:
        """Reopen the task marked done last."""
        if self._last_done is not None:
            self._set_done(self._last_done, False)

    def _set_done(self, task: TaskRow, done: bool) -> None:
        """Mark `task` done (Undo then reopens it) or open again."""

        def marked(row: TaskRow) -> None:
            self._last_done = row if done else None
            self.undo_button.setVisible(done)
            said = self.tr("“{title}” marked done.") if done else self.tr("“{title}” is open again.")
            self.status_message.emit(said.format(title=row.title))
            if not self.live.covers:
                self.refresh()

        change = self._tasks.complete if done else self._tasks.reopen
        CollectionOp(change, task_id=task.id).success(marked).failure(self.show_failure).run(
            self.ctx.executor
        )

    def reschedule_selected(self, due_at: dt.datetime | None = None) -> None:
        """Move the selected task; asks for the new time unless `due_at` is given."""
        task = self.current_task()
        if task is None:
            return
        if due_at is None:
            dialog = RescheduleDialog(task, self.ctx, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            due_at = dialog.due_at()

        def moved(row: TaskRow) -> None:
            self.status_message.emit(
                self.tr("“{title}” moved to {when}.").format(title=row.title, when=fmt.datetime(row.due_at))
            )
            if not self.live.covers:
                self.refresh()

        reschedule = CollectionOp(self._tasks.reschedule, task_id=task.id, due_at=due_at)
        reschedule.success(moved).failure(self.show_failure).run(self.ctx.executor)

    def export_ics(self, path: str | None = None) -> None:
        """Write the user's appointments and test drives to an .ics file (asks where unless given)."""
        from dealercrm.services.calendar import CalendarService, IcsExport

        service = self.ctx.service(CalendarService)
        path = file_dialogs.save_path(
            self,
            self.tr("Export to calendar"),
            f"agenda-{self.ctx.actor.login}.ics",
            self.tr("iCalendar files (*.ics)"),
            given=path,
        )
        if path is None:
            return
        target = Path(path)

        def export() -> IcsExport:
            result = service.export_ics(days=60, language=self.ctx.language)
            target.write_bytes(result.content)
            return result

        def done(result: IcsExport) -> None:
            self.status_message.emit(
                self.tr("%n appointment(s) and test drive(s) saved to {file}.", "", result.events).format(
                    file=target.name
                )
            )

        QueryOp(export).success(done).failure(self.show_failure).run(self.ctx.executor)

    def _open_item(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        claim_id = item.data(0, ROLE_CLAIM)
        if isinstance(claim_id, int):
            self.open_requested.emit("claim", claim_id)
            return
        contact_id = item.data(0, ROLE_CONTACT)
        if isinstance(contact_id, int):
            self.open_requested.emit("contact", contact_id)

    def _open_current(self) -> None:
        item = self.agenda_tree.currentItem()
        if item is not None:
            self._open_item(item)

    def _agenda_menu(self, pos: QPoint) -> None:
        item = self.agenda_tree.itemAt(pos)
        if item is None or item.data(0, ROLE_TASK) is None:
            return
        self.agenda_tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.done_action)
        menu.addAction(self.reschedule_action)
        menu.addSeparator()
        menu.addAction(self.open_action)
        menu.exec(self.agenda_tree.viewport().mapToGlobal(pos))
