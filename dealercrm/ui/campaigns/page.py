"""Campaigns: every campaign with its results so far, and the targets of the selected one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QWidget,
)

from dealercrm.models.enums import CampaignKind, CampaignStatus, TargetStatus
from dealercrm.services.campaigns import CampaignRow, CampaignService, TargetRow
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.style import named
from dealercrm.ui.widgets.forms import enum_combo, panes, push_button
from dealercrm.ui.widgets.page import Page, bar_over_list, list_or_placeholder, list_or_why
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, apply_column_widths, make_table_view


class CampaignsPage(Page):
    """The campaigns list (counts computed in SQL) over the selected campaign's targets (paged)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(CampaignService)
        self._campaign: CampaignRow | None = None
        self._loaded = False

        self.status_combo = enum_combo(CampaignStatus, first=self.tr("All campaigns"))
        self.summary_label = named(QLabel(), "Hint")
        self.new_button = push_button(self.tr("&New campaign…"), lambda: self.open_builder(None))
        self.builder_button = push_button(
            self.tr("&Builder…"), lambda: self.open_builder(self._campaign.id if self._campaign else None)
        )
        self.cockpit_button = push_button(self.tr("&Phoning cockpit…"), self.open_cockpit)
        self.results_button = push_button(self.tr("&Results…"), self.open_results)
        self.message_button = push_button(self.tr("Edit &message…"), self.open_template_editor)
        self.send_button = push_button(self.tr("&Send…"), self.open_send)
        self.lists_button = push_button(self.tr("&Opt-outs && Bloctel…"), self.open_lists)
        self.smtp_button = push_button(self.tr("SMTP se&ttings…"), self.open_smtp)
        for button, action in (
            (self.new_button, "campaigns.manage"),
            (self.builder_button, "campaigns.manage"),
            (self.cockpit_button, "campaigns.call"),
            (self.lists_button, "campaigns.manage"),
            (self.smtp_button, "settings.manage"),
        ):
            button.setVisible(ctx.can(action))
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.status_combo)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.builder_button)
        toolbar.addWidget(self.cockpit_button)
        toolbar.addWidget(self.results_button)
        toolbar.addWidget(self.message_button)
        toolbar.addWidget(self.send_button)
        toolbar.addWidget(self.lists_button)
        toolbar.addWidget(self.smtp_button)
        toolbar.addStretch(1)
        toolbar.addWidget(self.summary_label)

        self.campaign_columns: list[Column[CampaignRow]] = [
            Column(self.tr("Name"), lambda r: r.name, width=200, tooltip=lambda r: r.name),
            Column(self.tr("Kind"), lambda r: label(r.kind), width=80),
            Column(self.tr("Objective"), lambda r: label(r.objective), width=130),
            Column(self.tr("Status"), lambda r: label(r.status), width=75),
            Column(self.tr("Period"), self._period_text, width=190),
            Column(self.tr("Owner"), lambda r: r.owner_name or "", width=110),
            Column(self.tr("Cost"), lambda r: fmt.money(r.cost), align_right=True, width=75),
            Column(
                self.tr("Targets"),
                lambda r: fmt.number(r.targets),
                align_right=True,
                width=70,
                tooltip=lambda r: (
                    self.tr("{n} more were excluded by the compliance check.").format(
                        n=fmt.number(r.excluded)
                    )
                    if r.excluded
                    else ""
                ),
            ),
            Column(self.tr("Reached"), self._reached_text, align_right=True, width=110),
            Column(
                self.tr("Appointments"), lambda r: fmt.number(r.appointments), align_right=True, width=115
            ),
        ]
        self.campaign_model: PagedTableModel[CampaignRow] = PagedTableModel(
            self.campaign_columns, parent=self
        )
        self.campaign_table = make_table_view(self.campaign_model)
        self.campaign_table.setSelectionMode(self.campaign_table.SelectionMode.SingleSelection)
        apply_column_widths(self.campaign_table, self.campaign_columns)
        self.campaign_stack, self.campaign_empty = list_or_placeholder(self.campaign_table)

        self.targets_title = named(QLabel(), "SectionTitle")
        self.target_status_combo = enum_combo(TargetStatus, first=self.tr("Every target"))
        targets_bar = QHBoxLayout()
        targets_bar.addWidget(self.targets_title, 1)
        targets_bar.addWidget(self.target_status_combo)

        self.target_columns: list[Column[TargetRow]] = [
            Column(self.tr("Contact"), lambda r: r.contact_name, width=200),
            Column(self.tr("Caller"), lambda r: r.assigned_name or self.tr("Not assigned"), width=150),
            Column(
                self.tr("Status"),
                self._target_status_text,
                width=170,
                tooltip=lambda r: r.excluded_reason or "",
            ),
            Column(self.tr("Attempts"), lambda r: fmt.number(r.attempts), align_right=True, width=85),
            Column(self.tr("Last outcome"), lambda r: label(r.last_outcome), width=140),
            Column(self.tr("Last attempt"), lambda r: fmt.datetime(r.last_attempt_at), width=130),
            Column(self.tr("Call back"), lambda r: fmt.datetime(r.callback_at), width=130),
        ]
        self.target_model: PagedTableModel[TargetRow] = PagedTableModel(
            self.target_columns, parent=self, executor=ctx.executor
        )
        self.target_table = make_table_view(self.target_model)
        apply_column_widths(self.target_table, self.target_columns)
        self.target_table.doubleClicked.connect(self._open_target)
        self.target_stack, self.target_empty = list_or_placeholder(self.target_table)
        targets = bar_over_list(targets_bar, self.target_stack, spacing=6)

        self.lay_out_page(toolbar, panes(Qt.Orientation.Vertical, self.campaign_stack, targets, [220, 540]))

        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.target_status_combo.currentIndexChanged.connect(lambda _i: self._load_targets())
        self.campaign_table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._select_campaign(self.campaign_model.row_at(cur.row()))
        )
        self._select_campaign(None)
        self.refresh()

    # Page API ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the campaigns (their counts aggregate every target: off the GUI thread)."""
        status = self.status_combo.currentData()
        status_filter = CampaignStatus(status) if status else None
        self.read(
            "campaigns", self._service.list_campaigns, status=status_filter, on_done=self._show_campaigns
        )

    def open_record(self, record_id: int) -> None:
        self._pending_open = record_id
        if self.status_combo.currentIndex() != 0:
            self.status_combo.setCurrentIndex(0)  # refreshes, then selects
        else:
            self._select_id(record_id)

    _pending_open: int | None = None

    # Dialogs ---------------------------------------------------------------------------------------
    def open_builder(self, campaign_id: int | None) -> None:
        from dealercrm.ui.campaigns.builder_dialog import CampaignBuilderDialog

        dialog = CampaignBuilderDialog(self.ctx, campaign_id=campaign_id, parent=self)
        dialog.campaign_saved.connect(lambda cid: setattr(self, "_pending_open", cid))
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def open_cockpit(self) -> None:
        from dealercrm.ui.campaigns.cockpit import CockpitDialog

        dialog = CockpitDialog(
            self.ctx, campaign_id=self._campaign.id if self._campaign else None, parent=self
        )
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def open_results(self) -> None:
        from dealercrm.ui.campaigns.results_view import ResultsDialog

        dialog = ResultsDialog(
            self.ctx, campaign_id=self._campaign.id if self._campaign else None, parent=self
        )
        dialog.open()

    def open_template_editor(self) -> None:
        from dealercrm.ui.campaigns.template_editor import TemplateEditorDialog

        if self._campaign is None:
            return
        dialog = TemplateEditorDialog(self.ctx, campaign_id=self._campaign.id, parent=self)
        dialog.open()

    def open_send(self) -> None:
        from dealercrm.ui.campaigns.send_dialog import SendDialog

        if self._campaign is None:
            return
        dialog = SendDialog(self.ctx, campaign_id=self._campaign.id, parent=self)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def open_lists(self) -> None:
        from dealercrm.ui.campaigns.lists_dialog import ListsDialog

        ListsDialog(self.ctx, parent=self).open()

    def open_smtp(self) -> None:
        from dealercrm.ui.campaigns.smtp_dialog import SmtpSettingsDialog

        SmtpSettingsDialog(self.ctx, parent=self).open()

    def _update_campaign_buttons(self) -> None:
        """Message and Send buttons follow the selected campaign's kind and status (the service refuses
        anyway)."""
        campaign = self._campaign
        messaging = campaign is not None and campaign.kind in (CampaignKind.EMAIL, CampaignKind.SMS)
        manage = self.ctx.can("campaigns.manage")
        self.message_button.setVisible(manage and messaging)
        self.send_button.setVisible(manage and messaging)
        self.send_button.setEnabled(
            campaign is not None and campaign.status in (CampaignStatus.FROZEN, CampaignStatus.RUNNING)
        )
        self.send_button.setToolTip(
            "" if self.send_button.isEnabled() else self.tr("Freeze the list in the builder before sending.")
        )

    # Campaigns -------------------------------------------------------------------------------------
    def _show_campaigns(self, rows: list[CampaignRow]) -> None:
        selected = self._pending_open or (self._campaign.id if self._campaign else None)
        self.campaign_model.set_rows(rows)
        self._loaded = True
        list_or_why(
            self.campaign_stack,
            self.campaign_empty,
            bool(rows),
            self.tr("No campaign yet.\nMarketing builds campaigns from a segment of contacts.")
            if self.status_combo.currentData() is None
            else self.tr("No campaign has this status.\nChoose “All campaigns” to see the others."),
        )
        running = sum(1 for r in rows if r.status is CampaignStatus.RUNNING)
        if running == 1:
            self.summary_label.setText(self.tr("1 campaign running"))
        elif running:
            self.summary_label.setText(self.tr("{n} campaigns running").format(n=running))
        else:
            self.summary_label.setText(self.tr("No campaign running"))
        if selected is None or not self._select_id(selected):
            if rows:
                self.campaign_table.selectRow(0)
            else:
                self._select_campaign(None)
        self._pending_open = None

    def _select_id(self, campaign_id: int) -> bool:
        for row, campaign in enumerate(self.campaign_model.rows()):
            if campaign.id == campaign_id:
                self.campaign_table.selectRow(row)
                self._select_campaign(campaign)
                return True
        return False

    def _period_text(self, row: CampaignRow) -> str:
        if row.ends_on is None:
            return self.tr("from {start}").format(start=fmt.date(row.starts_on))
        return self.tr("{start} – {end}").format(start=fmt.date(row.starts_on), end=fmt.date(row.ends_on))

    def _reached_text(self, row: CampaignRow) -> str:
        if row.reach_rate is None:
            return fmt.number(row.reached)
        return self.tr("{n} ({rate})").format(
            n=fmt.number(row.reached), rate=fmt.percent(row.reach_rate, decimals=0)
        )

    # Targets ---------------------------------------------------------------------------------------
    def _select_campaign(self, campaign: CampaignRow | None) -> None:
        if campaign is not None and self._campaign is not None and campaign.id == self._campaign.id:
            self._campaign = campaign
            self._update_campaign_buttons()
            self.target_model.reload(on_done=self._update_targets_empty_state, on_failure=self.show_failure)
            return
        self._campaign = campaign
        self._update_campaign_buttons()
        if campaign is None:
            self.targets_title.setText(self.tr("Targets"))
        else:
            self.targets_title.setText(self.tr("Targets of “{name}”").format(name=campaign.name))
        self._load_targets()

    def _load_targets(self) -> None:
        data = self.target_status_combo.currentData()  # Qt hands enum members back as plain strings
        campaign, status, service = self._campaign, TargetStatus(data) if data else None, self._service
        if campaign is None:
            self.target_model.set_fetch(None)
            self._update_targets_empty_state()
            return

        def fetch(after: TargetRow | None, limit: int) -> list[TargetRow]:
            return service.targets_page(campaign_id=campaign.id, status=status, after=after, limit=limit)

        self.target_model.set_fetch(
            fetch, on_done=self._update_targets_empty_state, on_failure=self._targets_failed
        )
        self._update_targets_empty_state()

    def _targets_failed(self, exc: Exception) -> None:
        self._update_targets_empty_state()
        self.show_failure(exc)

    def _update_targets_empty_state(self) -> None:
        if self._campaign is None:
            why = self.tr("Select a campaign to see the contacts it targets.")
            list_or_why(self.target_stack, self.target_empty, False, why)
            return
        list_or_why(
            self.target_stack,
            self.target_empty,
            bool(self.target_model.rowCount() or self.target_model.loading),  # no "no target" while loading
            self.tr("This campaign has no target yet: its list is built when it is frozen.")
            if self.target_status_combo.currentData() is None
            else self.tr("No target has this status."),
        )

    def _target_status_text(self, row: TargetRow) -> str:
        if row.status is TargetStatus.EXCLUDED and row.excluded_reason:
            reason = row.excluded_reason_text or row.excluded_reason  # the rule in words
            return self.tr("Excluded: {reason}").format(reason=reason)
        return label(row.status)

    def _open_target(self, index: object) -> None:
        row = self.target_model.row_at(self.target_table.currentIndex().row())
        if row is not None:
            self.open_requested.emit("contact", row.contact_id)
