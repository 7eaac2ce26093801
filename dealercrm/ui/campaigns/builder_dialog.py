"""The campaign builder: description, cost lines, target (a segment or filters), the compliance check
with, per rule, how many contacts it removed and each excluded contact with the reason; freezing the
list; splitting it among callers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import CampaignKind, CampaignObjective, CampaignStatus, ContactKind, Lifecycle
from dealercrm.services.campaigns import (
    CampaignBuilder,
    CampaignDetail,
    CampaignDraft,
    CostLineInput,
    SplitMode,
)
from dealercrm.services.compliance import RULE_ORDER, ComplianceReport, rule_title
from dealercrm.services.segments import SegmentRow, SegmentService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import message_label, named, say
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import (
    button_row,
    close_button,
    enum_combo,
    group_box,
    holding,
    push_button,
    side_by_side,
    spread,
    text_label,
)

EXCLUSIONS_SHOWN = 2000


class CampaignBuilderDialog(Dialog):
    """Create or edit a campaign, check it against the law, freeze and split its list."""

    campaign_saved = Signal(int)
    campaign_frozen = Signal(int)

    def __init__(
        self, ctx: AppContext, *, campaign_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self._builder = ctx.service(CampaignBuilder)
        self._segments_service = ctx.service(SegmentService)
        self.campaign_id = campaign_id
        self.status = CampaignStatus.DRAFT
        self.report: ComplianceReport | None = None
        self.setWindowTitle(self.tr("Campaign builder"))
        self.resize(1280, 780)

        # Description ---------------------------------------------------------------------------------
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. Lease renewal, spring"))
        self.kind_combo = enum_combo(CampaignKind)
        self.objective_combo = enum_combo(CampaignObjective)
        today = fmt.qdate(ctx.today())
        self.starts_edit = QDateEdit(today)
        self.ends_edit = QDateEdit(today.addDays(28))
        for edit in (self.starts_edit, self.ends_edit):
            edit.setCalendarPopup(True)
        period = QHBoxLayout()
        period.addWidget(self.starts_edit)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.ends_edit)
        self.owner_combo = QComboBox()
        self.owner_combo.addItem(self.tr("Nobody"), None)
        self._callers = self._builder.callers()
        for caller in self._callers:
            self.owner_combo.addItem(caller.name, caller.id)
        about = QFormLayout()
        about.addRow(self.tr("&Name"), self.name_edit)
        about.addRow(self.tr("&Kind"), self.kind_combo)
        about.addRow(self.tr("&Objective"), self.objective_combo)
        about.addRow(self.tr("Period"), period)
        about.addRow(self.tr("O&wner"), self.owner_combo)
        about_box = group_box(self.tr("Campaign"), about)

        # Cost lines ----------------------------------------------------------------------------------
        self.cost_table = QTableWidget(0, 2)
        self.cost_table.setHorizontalHeaderLabels([self.tr("Cost line"), self.tr("Amount (€)")])
        self.cost_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.cost_table.verticalHeader().hide()
        self.cost_table.setMinimumHeight(112)
        self.cost_table.setMaximumHeight(140)
        self.cost_table.verticalHeader().setDefaultSectionSize(26)
        self.cost_table.itemChanged.connect(lambda _i: self._update_total())
        add_cost = push_button(self.tr("Add line"), lambda: self.add_cost_line("", Decimal("0")))
        remove_cost = push_button(self.tr("Remove"), self._remove_cost_line)
        self.total_label = named(QLabel(), "Hint")
        cost_buttons = spread([add_cost, remove_cost], [self.total_label])
        cost_layout = QVBoxLayout()
        cost_layout.addWidget(self.cost_table)
        cost_layout.addLayout(cost_buttons)
        cost_box = group_box(self.tr("Cost"), cost_layout)

        # Target ---------------------------------------------------------------------------------------
        self.segment_combo = QComboBox()
        self.segment_combo.addItem(self.tr("Filters below"), None)
        self._segments: list[SegmentRow] = self._segments_service.list_segments()
        for segment in self._segments:
            self.segment_combo.addItem(segment.name, segment.id)
        self.segment_combo.currentIndexChanged.connect(self._segment_chosen)
        self.lifecycle_combo = enum_combo(Lifecycle, first=self.tr("Any"))
        self.contact_kind_combo = enum_combo(ContactKind, first=self.tr("Any"))
        self.financing_spin = self._spin(self.tr("off"), self.tr(" months"), 60)
        self.ct_spin = self._spin(self.tr("off"), self.tr(" months"), 24)
        self.quiet_spin = self._spin(self.tr("off"), self.tr(" days"), 3650)
        self.score_spin = self._spin(self.tr("off"), "", 100)
        self.test_drive_check = QCheckBox(self.tr("Test drive done, no offer"))
        # The segment's filters the form shows, each under its key: one value of a list, or a number
        # (0 is "off"). The form, filters() and _show_filters() are driven by these two tables.
        self._choice_filters: tuple[tuple[str, str, QComboBox], ...] = (
            ("lifecycle", self.tr("Lifecycle"), self.lifecycle_combo),
            ("kind", self.tr("Person or company"), self.contact_kind_combo),
        )
        self._number_filters: tuple[tuple[str, str, QSpinBox], ...] = (
            ("financing_end_within_months", self.tr("Lease / loan ends within"), self.financing_spin),
            ("ct_due_within_months", self.tr("Contrôle technique due within"), self.ct_spin),
            ("last_contact_older_than_days", self.tr("Not contacted for"), self.quiet_spin),
            ("score_min", self.tr("Score at least"), self.score_spin),
        )
        target = QFormLayout()
        target.addRow(self.tr("&Segment"), self.segment_combo)
        for _key, text, field in (*self._choice_filters, *self._number_filters):
            target.addRow(text, field)
        target.addRow("", self.test_drive_check)
        target_box = group_box(self.tr("Target"), target)

        self.script_edit = QPlainTextEdit()
        self.script_edit.setPlaceholderText(
            self.tr(
                "Call script or message, with merge fields: {civilite} {nom} {vehicule} {echeance} {vendeur}"
            )
        )
        self.script_edit.setMaximumHeight(90)

        left, left_layout = holding(QVBoxLayout(), margins=(0, 0, 8, 0))
        left_layout.addWidget(about_box)
        left_layout.addWidget(target_box)
        left_layout.addWidget(cost_box)
        left_layout.addWidget(QLabel(self.tr("Script / message")))
        left_layout.addWidget(self.script_edit)

        # Compliance -------------------------------------------------------------------------------------
        self.check_button = push_button(self.tr("&Check compliance"), self.run_check)
        self.summary_label = text_label(
            self.tr("Check the list against the law before freezing it."), "SectionTitle"
        )
        self.bloctel_label = text_label()
        self.bloctel_label.setObjectName("Hint")
        self.rules_table = QTableWidget(0, 2)
        self.rules_table.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("Removed")])
        self.rules_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rules_table.verticalHeader().hide()
        self.rules_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rules_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rules_table.verticalHeader().setDefaultSectionSize(25)
        self.rules_table.setMinimumHeight(7 * 25 + 34)
        self.rules_table.setMaximumHeight(7 * 25 + 34)
        self.rules_table.itemSelectionChanged.connect(self._show_exclusions)
        self.exclusions_title = named(QLabel(self.tr("Excluded contacts")), "SectionTitle")
        self.exclusions_table = QTableWidget(0, 3)
        self.exclusions_table.setHorizontalHeaderLabels([self.tr("Contact"), self.tr("Rule"), self.tr("Why")])
        header = self.exclusions_table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.exclusions_table.setColumnWidth(0, 190)
        self.exclusions_table.setColumnWidth(1, 270)
        self.exclusions_table.verticalHeader().setDefaultSectionSize(25)
        self.exclusions_table.verticalHeader().hide()
        self.exclusions_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.exclusions_table.setWordWrap(False)

        # Freeze and split ------------------------------------------------------------------------------
        self.save_button = push_button(self.tr("&Save draft"), self.save)
        self.freeze_button = push_button(self.tr("&Freeze the list"), self.freeze)
        self.split_combo = QComboBox()
        self.split_combo.addItem(self.tr("By contact owner"), SplitMode.BY_OWNER.value)
        self.split_combo.addItem(self.tr("Round-robin"), SplitMode.ROUND_ROBIN.value)
        self.callers_list = QListWidget()
        self.callers_list.setFlow(QListWidget.Flow.LeftToRight)
        self.callers_list.setWrapping(True)
        self.callers_list.setSpacing(4)
        self.callers_list.setMaximumHeight(64)
        for caller in self._callers:
            item = QListWidgetItem(caller.name)
            item.setData(Qt.ItemDataRole.UserRole, caller.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.callers_list.addItem(item)
        self.split_button = push_button(self.tr("S&plit among callers"), self.split)
        self.split_label = text_label("", "Hint")
        split_row = QGridLayout()
        split_row.addWidget(QLabel(self.tr("Split")), 0, 0)
        split_row.addWidget(self.split_combo, 0, 1)
        split_row.addWidget(self.split_button, 0, 2)
        split_row.addWidget(self.callers_list, 1, 0, 1, 3)
        split_row.addWidget(self.split_label, 2, 0, 1, 3)
        split_box = group_box(self.tr("Callers (phoning)"), split_row)
        self.split_box = split_box

        right, right_layout = holding(QVBoxLayout(), margins=(8, 0, 0, 0))
        check_row = QHBoxLayout()
        check_row.addWidget(self.summary_label, 1)
        check_row.addWidget(self.check_button)
        right_layout.addLayout(check_row)
        right_layout.addWidget(self.bloctel_label)
        right_layout.addWidget(self.rules_table)
        right_layout.addWidget(self.exclusions_title)
        right_layout.addWidget(self.exclusions_table, 1)
        right_layout.addWidget(split_box)

        self.error_label = message_label()
        layout = QVBoxLayout(self)
        layout.addWidget(side_by_side(left, right, [520, 760]), 1)
        layout.addLayout(
            button_row(
                self.save_button, self.freeze_button, close_button(self.accept), message=self.error_label
            )
        )

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._update_state())
        if campaign_id is not None:
            self._load(self._builder.get(campaign_id=campaign_id))
        else:
            self.add_cost_line(self.tr("Call hours"), Decimal("0"))
        self._update_total()
        self._update_state()

    # Helpers --------------------------------------------------------------------------------------------
    def _spin(self, off: str, suffix: str, maximum: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, maximum)
        spin.setSpecialValueText(off)
        spin.setSuffix(suffix)
        return spin

    def add_cost_line(self, text: str, amount: Decimal) -> None:
        row = self.cost_table.rowCount()
        self.cost_table.insertRow(row)
        self.cost_table.setItem(row, 0, QTableWidgetItem(text))
        item = QTableWidgetItem(str(amount))
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.cost_table.setItem(row, 1, item)

    def _remove_cost_line(self) -> None:
        row = self.cost_table.currentRow()
        if row >= 0:
            self.cost_table.removeRow(row)
            self._update_total()

    def _cost_lines(self) -> tuple[CostLineInput, ...]:
        lines: list[CostLineInput] = []
        for row in range(self.cost_table.rowCount()):
            label_item, amount_item = self.cost_table.item(row, 0), self.cost_table.item(row, 1)
            text = label_item.text().strip() if label_item else ""
            raw = (
                (amount_item.text() if amount_item else "0")
                .replace(" ", "")
                .replace(",", ".")
                .replace("€", "")
            )
            try:
                amount = Decimal(raw or "0")
            except InvalidOperation:
                amount = Decimal("-1")
            if text or amount:
                lines.append(CostLineInput(text, amount))
        return tuple(lines)

    def _update_total(self) -> None:
        total = sum((line.amount for line in self._cost_lines() if line.amount > 0), Decimal("0"))
        self.total_label.setText(self.tr("Total: {amount}").format(amount=fmt.money(total)))

    def _segment_chosen(self, _index: int) -> None:
        segment_id = self.segment_combo.currentData()
        segment = next((s for s in self._segments if s.id == segment_id), None)
        if segment is not None:
            self._show_filters(segment.filters)

    def _show_filters(self, filters: dict[str, Any]) -> None:
        for key, _text, combo in self._choice_filters:
            values = filters.get(key) or []
            combo.setCurrentIndex(max(0, combo.findData(values[0])) if len(values) == 1 else 0)
        for key, _text, spin in self._number_filters:
            spin.setValue(int(filters.get(key) or 0))
        if not self.financing_spin.value():  # a segment may say it in days
            self.financing_spin.setValue(round((filters.get("financing_end_within_days") or 0) / 30.4))
        self.test_drive_check.setChecked(bool(filters.get("test_drive_no_offer")))
        self._extra_filters = {
            k: v
            for k, v in filters.items()
            if k
            in (
                "financing",
                "wanted_body",
                "created_within_days",
                "no_service_visit_within_months",
                "owner_ids",
            )
        }

    _extra_filters: dict[str, Any] = {}

    def filters(self) -> dict[str, Any]:
        """The filters the form describes (a chosen segment's extra keys kept)."""
        f: dict[str, Any] = dict(self._extra_filters)
        for key, _text, combo in self._choice_filters:
            if (value := combo.currentData()) is not None:
                f[key] = [str(value)]
        for key, _text, spin in self._number_filters:
            if spin.value():
                f[key] = spin.value()
        if self.test_drive_check.isChecked():
            f["test_drive_no_offer"] = True
        return f

    def draft(self) -> CampaignDraft:
        start = self.starts_edit.date()
        end = self.ends_edit.date()
        return CampaignDraft(
            name=self.name_edit.text(),
            kind=CampaignKind(self.kind_combo.currentData()),
            objective=CampaignObjective(self.objective_combo.currentData()),
            starts_on=dt.date(start.year(), start.month(), start.day()),
            ends_on=dt.date(end.year(), end.month(), end.day()),
            owner_id=self.owner_combo.currentData(),
            cost_lines=self._cost_lines(),
            segment_id=self.segment_combo.currentData(),
            filters=self.filters(),
            script=self.script_edit.toPlainText()
            if self.kind_combo.currentData() == CampaignKind.PHONING
            else None,
            subject=self._subject,
            body=self.script_edit.toPlainText()
            if self.kind_combo.currentData() != CampaignKind.PHONING
            else None,
        )

    _subject: str | None = None

    def _load(self, detail: CampaignDetail) -> None:
        d = detail.draft
        self.status = detail.status
        self.name_edit.setText(d.name)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(d.kind))
        self.objective_combo.setCurrentIndex(self.objective_combo.findData(d.objective))
        self.starts_edit.setDate(QDate(d.starts_on.year, d.starts_on.month, d.starts_on.day))
        if d.ends_on:
            self.ends_edit.setDate(QDate(d.ends_on.year, d.ends_on.month, d.ends_on.day))
        self.owner_combo.setCurrentIndex(max(0, self.owner_combo.findData(d.owner_id)))
        self.segment_combo.blockSignals(True)
        self.segment_combo.setCurrentIndex(max(0, self.segment_combo.findData(d.segment_id)))
        self.segment_combo.blockSignals(False)
        self._show_filters(d.filters)
        self.cost_table.setRowCount(0)
        for line in d.cost_lines:
            self.add_cost_line(line.label, line.amount)
        self.script_edit.setPlainText((d.script if d.kind is CampaignKind.PHONING else d.body) or "")
        self._subject = d.subject

    def _update_state(self) -> None:
        draft = self.status is CampaignStatus.DRAFT
        widgets: list[QWidget] = [
            self.kind_combo,
            self.objective_combo,
            self.segment_combo,
            self.lifecycle_combo,
        ]
        widgets += [self.contact_kind_combo, self.financing_spin, self.ct_spin, self.quiet_spin]
        for widget in widgets:
            widget.setEnabled(draft)
        self.score_spin.setEnabled(draft)
        self.test_drive_check.setEnabled(draft)
        self.check_button.setEnabled(draft)
        self.freeze_button.setEnabled(draft)
        phoning = self.kind_combo.currentData() == CampaignKind.PHONING
        self.split_box.setVisible(phoning)
        self.split_button.setEnabled(not draft)
        if draft:
            self.split_label.setText(self.tr("Freeze the list first, then split it among the callers."))

    def _fail(self, exc: Exception) -> None:
        message = message_of(exc)
        say(self.error_label, message)
        self._busy(False)

    def _fail_clear(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _busy(self, busy: bool) -> None:
        for button in (self.check_button, self.save_button, self.freeze_button, self.split_button):
            button.setEnabled(not busy)
        if not busy:
            self._update_state()

    # Actions --------------------------------------------------------------------------------------------
    def run_check(self) -> None:
        """Run the compliance check on what the form says, off the GUI thread."""
        self._fail_clear()
        self._busy(True)
        self.summary_label.setText(self.tr("Checking…"))
        check = QueryOp(self._builder.check, draft=self.draft())
        check.success(self.show_report).failure(self._fail).latest_for(self, "check").run(self.ctx.executor)

    def show_report(self, report: ComplianceReport) -> None:
        self.report = report
        self._busy(False)
        self.summary_label.setText(
            self.tr("{candidates} contacts match · {kept} kept · {removed} removed by the law").format(
                candidates=fmt.number(report.candidates),
                kept=fmt.number(report.kept),
                removed=fmt.number(report.excluded),
            )
        )
        status = report.bloctel
        if status.imported_at is None:
            bloctel = self.tr("Bloctel: no list imported yet.")
        else:
            bloctel = self.tr("Bloctel list of {date} ({n} numbers).").format(
                date=fmt.date(status.imported_at.date()), n=fmt.number(status.count)
            )
        warnings = " ".join(self._warning_text(w) for w in report.warnings)
        self.bloctel_label.setText(f"{bloctel} {warnings}".strip())
        self.bloctel_label.setStyleSheet("color: #b45309;" if report.warnings else "")
        self.rules_table.setRowCount(0)
        for result in report.rules:
            row = self.rules_table.rowCount()
            self.rules_table.insertRow(row)
            title = QTableWidgetItem(rule_title(result.rule))
            title.setData(Qt.ItemDataRole.UserRole, result.rule)
            count = QTableWidgetItem(fmt.number(result.removed) if result.applies else self.tr("n/a"))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not result.applies:
                title.setToolTip(self.tr("Does not apply to this kind of campaign."))
            self.rules_table.setItem(row, 0, title)
            self.rules_table.setItem(row, 1, count)
        self.rules_table.resizeRowsToContents()
        self._show_exclusions()

    def _warning_text(self, warning: str) -> str:
        if warning.startswith("No Bloctel"):
            return self.tr("Import the latest Bloctel file before calling consumers.")
        return self.tr("It is more than {days} days old: import a fresh one.").format(
            days=self.report.bloctel.max_age_days if self.report else 30
        )

    def _show_exclusions(self) -> None:
        report = self.report
        self.exclusions_table.setRowCount(0)
        if report is None:
            return
        selected = {
            i.data(Qt.ItemDataRole.UserRole) for i in self.rules_table.selectedItems() if i.column() == 0
        }
        rows = [e for e in report.exclusions if not selected or e.rule in selected]
        rows = sorted(fmt.by_name(rows, lambda e: e.contact_name), key=lambda e: RULE_ORDER.index(e.rule))
        shown = rows[:EXCLUSIONS_SHOWN]
        self.exclusions_table.setRowCount(len(shown))
        for n, e in enumerate(shown):
            self.exclusions_table.setItem(n, 0, QTableWidgetItem(e.contact_name))
            rule = QTableWidgetItem(rule_title(e.rule))
            rule.setToolTip(rule.text())
            self.exclusions_table.setItem(n, 1, rule)
            why = QTableWidgetItem(e.detail)
            why.setToolTip(e.detail)
            self.exclusions_table.setItem(n, 2, why)
        more = len(rows) - len(shown)
        title = self.tr("Excluded contacts ({n})").format(n=fmt.number(len(rows)))
        if selected:
            title = self.tr("Excluded by the selected rule ({n})").format(n=fmt.number(len(rows)))
        if more > 0:
            title += " " + self.tr("— first {n} shown").format(n=fmt.number(len(shown)))
        self.exclusions_title.setText(title)

    def save(self) -> None:
        self._fail_clear()
        self._busy(True)  # a second click would save a second campaign
        save = CollectionOp(self._builder.save, draft=self.draft(), campaign_id=self.campaign_id)
        save.success(self._saved).failure(self._fail).run(self.ctx.executor)

    def _saved(self, detail: CampaignDetail) -> None:
        self.campaign_id = detail.id
        self.status = detail.status
        self._busy(False)
        self.campaign_saved.emit(detail.id)

    def freeze(self) -> None:
        """Save, then freeze: the check runs once more and the list is written."""
        self._fail_clear()
        answer = QMessageBox.question(
            self,
            self.tr("Freeze the list"),
            self.tr("The list will be checked once more and written; it can no longer change. Go on?"),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.freeze_now()

    def freeze_now(self) -> None:
        self._busy(True)

        builder, draft, campaign_id = self._builder, self.draft(), self.campaign_id

        def save_and_freeze() -> tuple[int, ComplianceReport]:
            detail = builder.save(draft=draft, campaign_id=campaign_id)
            return detail.id, builder.freeze(campaign_id=detail.id)

        CollectionOp(save_and_freeze).success(self._frozen).failure(self._fail).run(self.ctx.executor)

    def _frozen(self, result: tuple[int, ComplianceReport]) -> None:
        self.campaign_id, report = result
        self.status = CampaignStatus.FROZEN
        self.show_report(report)
        self.split_label.setText(
            self.tr("List frozen: {n} contacts to work.").format(n=fmt.number(report.kept))
        )
        assert self.campaign_id is not None
        self.campaign_saved.emit(self.campaign_id)
        self.campaign_frozen.emit(self.campaign_id)

    def checked_callers(self) -> list[int]:
        return [
            int(self.callers_list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.callers_list.count())
            if self.callers_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def split(self) -> None:
        if self.campaign_id is None:
            return
        self._fail_clear()
        self._busy(True)
        CollectionOp(
            self._builder.split,
            campaign_id=self.campaign_id,
            mode=SplitMode(self.split_combo.currentData()),
            caller_ids=self.checked_callers(),
        ).success(self._split_done).failure(self._fail).run(self.ctx.executor)

    def _split_done(self, counts: dict[int, int]) -> None:
        self._busy(False)
        names = {c.id: c.name for c in self._callers}
        self.split_label.setText(
            " · ".join(
                self.tr("{name}: {n}").format(name=names.get(uid, "?"), n=fmt.number(n))
                for uid, n in counts.items()
            )
        )


def objective_label(value: CampaignObjective) -> str:
    return label(value)
