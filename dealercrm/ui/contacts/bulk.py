"""Bulk actions on the contacts selected in the list: assign an owner, change the lifecycle, add to a
campaign, export as CSV; and, for a manager, undo a bulk action. Each runs off the GUI thread and is
audited by the service."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QPushButton, QWidget

from dealercrm.models.enums import CampaignStatus, Lifecycle
from dealercrm.services.contact_edit import BulkResult, ContactEditService, ExportRow, UndoResult
from dealercrm.services.contacts import ContactService, OwnerOption
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label, labels_for
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.widgets import file_dialogs


def write_csv(path: Path, rows: list[ExportRow]) -> int:
    """Semicolon-separated, UTF-8 with BOM: what Excel opens right in France."""
    names = [f.name for f in fields(ExportRow)]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(names)
        for row in rows:
            writer.writerow(["" if getattr(row, n) is None else getattr(row, n) for n in names])
    return len(rows)


class BulkActionsButton(QPushButton):
    """ "Selection ▾": the bulk actions, on `selected_ids()`; `changed()` is called after each one."""

    def __init__(
        self,
        ctx: AppContext,
        selected_ids: Callable[[], list[int]],
        changed: Callable[[], None],
        status: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._selected = selected_ids
        self._changed = changed
        self._status = status
        self._service = ctx.service(ContactEditService)
        self.last_result: BulkResult | None = None
        self.setText(self.tr("Selection"))
        self.setToolTip(
            self.tr("Act on the contacts selected in the list (Shift/Ctrl+click to select several)")
        )
        menu = QMenu(self)
        self.assign_action = menu.addAction(self.tr("Assign to…"), self.assign)
        self.assign_action.setVisible(ctx.can("contacts.assign"))
        self.lifecycle_action = menu.addAction(self.tr("Change lifecycle…"), self.change_lifecycle)
        self.lifecycle_action.setVisible(ctx.can("contacts.update"))
        self.campaign_action = menu.addAction(self.tr("Add to a campaign…"), self.add_to_campaign)
        self.campaign_action.setVisible(ctx.can("campaigns.manage"))
        self.export_action = menu.addAction(self.tr("Export as CSV…"), self.export_csv)
        self.export_action.setVisible(ctx.can("contacts.export"))
        menu.addSeparator()
        self.undo_action = menu.addAction(self.tr("Undo a bulk action…"), self.undo)
        self.undo_action.setVisible(ctx.can("contacts.assign") and ctx.can("audit.read"))
        self.setMenu(menu)

    def _ids(self) -> list[int] | None:
        ids = self._selected()
        if not ids:
            QMessageBox.information(
                self, self.tr("Selection"), self.tr("Select one or more contacts in the list first.")
            )
            return None
        return ids

    def _done(self, result: BulkResult) -> None:
        self.last_result = result
        text = self.tr("%Ln contact(s) changed", "", result.changed)
        if result.skipped:
            text += self.tr(", {n} left as they were").format(n=fmt.number(result.skipped))
        if self.undo_action.isVisible():
            text += self.tr(" — Selection ▸ Undo to revert")
        self._status(text + ".")
        self._changed()

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Selection"), message)

    def _failed(self, exc: Exception) -> None:
        self._error(message_of(exc))

    def _write(self, fn: Callable[..., BulkResult], **kwargs: Any) -> None:
        """One bulk change: what it did goes to the status bar, then the list is refreshed."""
        CollectionOp(fn, **kwargs).success(self._done).failure(self._failed).run(self.ctx.executor)

    def _choose_from(self, fn: Callable[[], list[Any]], pick: Callable[[list[Any]], None]) -> None:
        """Read the choices (owners, campaigns, bulk actions) off the GUI thread, then `pick` one."""
        QueryOp(fn).success(pick).failure(self._failed).read_only().run(self.ctx.executor)

    # Actions -----------------------------------------------------------------------------------
    def assign(self, owner_id: int | None = None, *, ask: bool = True) -> None:
        ids = self._ids()
        if ids is None:
            return
        if not ask:
            self._write(self._service.bulk_assign, contact_ids=ids, owner_id=owner_id)
            return

        def pick(owners: list[OwnerOption]) -> None:
            names = [self.tr("Nobody (unassigned)"), *(o.name for o in owners)]
            name, ok = QInputDialog.getItem(
                self,
                self.tr("Assign"),
                self.tr("Give the %Ln selected contact(s) to:", "", len(ids)),
                names,
                0,
                False,
            )
            if ok:
                chosen = None if names.index(name) == 0 else owners[names.index(name) - 1].id
                self.assign(chosen, ask=False)

        self._choose_from(self.ctx.service(ContactService).owners, pick)

    def change_lifecycle(self) -> None:
        ids = self._ids()
        if ids is None:
            return
        choices = labels_for(Lifecycle)
        name, ok = QInputDialog.getItem(
            self,
            self.tr("Change lifecycle"),
            self.tr("Lifecycle of the %Ln contact(s):", "", len(ids)),
            list(choices.values()),
            0,
            False,
        )
        if not ok:
            return
        lifecycle = next(v for v, t in choices.items() if t == name)
        reason = ""
        if lifecycle is Lifecycle.LOST:
            reason, ok = QInputDialog.getText(self, self.tr("Lost"), self.tr("Why were they lost?"))
            if not ok:
                return
        self._write(self._service.bulk_lifecycle, contact_ids=ids, lifecycle=lifecycle, lost_reason=reason)

    def add_to_campaign(self) -> None:
        ids = self._ids()
        if ids is None:
            return
        from dealercrm.services.campaigns import CampaignService  # noqa: PLC0415 - another area's service

        def pick(campaigns: list) -> None:  # type: ignore[type-arg]
            open_ones = [c for c in campaigns if c.status is not CampaignStatus.DONE]
            if not open_ones:
                self._error(self.tr("No campaign is open: create one in Campaigns first."))
                return
            names = [f"{c.name} ({label(c.status)})" for c in open_ones]
            name, ok = QInputDialog.getItem(
                self, self.tr("Add to a campaign"), self.tr("Campaign:"), names, 0, False
            )
            if ok:
                campaign = open_ones[names.index(name)]
                self._write(self._service.bulk_add_to_campaign, contact_ids=ids, campaign_id=campaign.id)

        self._choose_from(self.ctx.service(CampaignService).list_campaigns, pick)

    def export_csv(self, path: str | None = None) -> None:
        ids = self._ids()
        if ids is None:
            return
        path = file_dialogs.save_path(
            self, self.tr("Export contacts"), "contacts.csv", self.tr("CSV files (*.csv)"), given=path
        )
        if path is None:
            return
        service = self._service
        target = Path(path)

        def export() -> int:
            return write_csv(target, service.export_rows(contact_ids=ids))

        def done(count: int) -> None:
            self._status(self.tr("%Ln contact(s) exported to {path}.", "", count).format(path=target.name))

        QueryOp(export).success(done).failure(self._failed).run(self.ctx.executor)

    def undo(self, audit_id: int | None = None) -> None:
        if audit_id is not None:
            CollectionOp(self._service.undo_bulk, audit_id=audit_id).success(self._undone).failure(
                self._failed
            ).run(self.ctx.executor)
            return

        def pick(rows: list[tuple[int, object, str, str, int]]) -> None:
            if not rows:
                self._error(self.tr("No bulk action to undo."))
                return
            names = [
                self.tr("{when} — {who}: {what}, %Ln contact(s)", "", r[4]).format(
                    when=fmt.datetime(r[1]),  # type: ignore[arg-type]
                    who=r[2],
                    what=self._operation(r[3]),
                )
                for r in rows
            ]
            name, ok = QInputDialog.getItem(
                self, self.tr("Undo a bulk action"), self.tr("Undo:"), names, 0, False
            )
            if ok:
                self.undo(rows[names.index(name)][0])

        self._choose_from(self._service.recent_bulk_actions, pick)

    def _operation(self, key: str) -> str:
        return {
            "assign": self.tr("assigned"),
            "lifecycle": self.tr("lifecycle changed"),
            "add_to_campaign": self.tr("added to a campaign"),
        }.get(key, key)

    def _undone(self, result: UndoResult) -> None:
        text = self.tr("Undone: %Ln contact(s) put back", "", result.reverted)
        if result.kept:
            text += self.tr(", {n} changed since and left alone").format(n=fmt.number(result.kept))
        self._status(text + ".")
        self._changed()
