"""A deal move that met a newer version of the deal (another workstation saved it since it was shown):
the stale merge dialog compares their version with the move asked for, field by field, and the user
re-applies the move on their version, keeps theirs, or goes back. The Kanban board and the pipeline
table move deals through the same DealMoves, so both say and do the same thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from dealercrm.models.enums import Stage
from dealercrm.services.errors import ConflictError
from dealercrm.services.pipeline import OpportunityRow, PipelineService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp
from dealercrm.ui.widgets.stale_merge_dialog import FieldDifference, MergeChoice, StaleMergeDialog


@dataclass(frozen=True)
class DealMove:
    """A move the user asked for, on the deal as they saw it (`before`, with its version)."""

    before: OpportunityRow
    stage: Stage
    lost_reason: str | None = None
    amount: Decimal | None = None  # the quote typed when moving to Offer

    def on(self, theirs: OpportunityRow, chosen: list[str]) -> DealMove | None:
        """The move to re-apply on their version with the ticked fields; None when nothing is left."""
        stage = self.stage if "stage" in chosen else theirs.stage
        amount = self.amount if "amount" in chosen else None
        reason = self.lost_reason if stage is Stage.LOST else None
        if stage is Stage.LOST and reason is None:
            reason = theirs.lost_reason
        if stage is theirs.stage and amount is None:
            return None
        return DealMove(theirs, stage, reason, amount)


def _stage_text(stage: Stage, lost_reason: str | None) -> str:
    if stage is Stage.LOST and lost_reason:
        return QCoreApplication.translate("DealConflict", "Lost: {reason}").format(reason=lost_reason)
    return label(stage)


def move_differences(move: DealMove, theirs: OpportunityRow) -> list[FieldDifference]:
    """Their saved deal against the move the user asked for: the stage (and quote) the user wants, and
    every other field they changed meanwhile, shown for information."""
    before = move.before
    rows = [
        FieldDifference(
            "stage",
            QCoreApplication.translate("DealConflict", "Stage"),
            _stage_text(theirs.stage, theirs.lost_reason),
            _stage_text(move.stage, move.lost_reason),
            you_changed=True,
            they_changed=theirs.stage is not before.stage or theirs.lost_reason != before.lost_reason,
        )
    ]
    if move.amount is not None or theirs.amount != before.amount:
        rows.append(
            FieldDifference(
                "amount",
                QCoreApplication.translate("DealConflict", "Amount"),
                fmt.money(theirs.amount),
                fmt.money(move.amount if move.amount is not None else before.amount),
                you_changed=move.amount is not None,
                they_changed=theirs.amount != before.amount,
            )
        )
    for field, name, mine, yours in (
        ("title", QCoreApplication.translate("DealConflict", "Title"), theirs.title, before.title),
        (
            "owner_id",
            QCoreApplication.translate("DealConflict", "Salesperson"),
            theirs.owner_name,
            before.owner_name,
        ),
        (
            "expected_close_on",
            QCoreApplication.translate("DealConflict", "Expected close"),
            fmt.date(theirs.expected_close_on),
            fmt.date(before.expected_close_on),
        ),
    ):
        if mine != yours:
            rows.append(FieldDifference(field, name, mine, yours, you_changed=False, they_changed=True))
    return rows


def open_merge(
    parent: QWidget,
    message: str,
    move: DealMove,
    theirs: OpportunityRow,
    resubmit: Callable[[DealMove], None],
    settled: Callable[[], None],
) -> StaleMergeDialog:
    """Open (window-modal, not blocking) the dialog; once closed, `resubmit` gets the move to re-apply on
    their version, or `settled` is called (their version kept, or back: the view shows theirs)."""
    dialog = StaleMergeDialog(message, move_differences(move, theirs), parent)
    # A move has no form to go back to: "back" leaves the deal as they saved it, for now.
    dialog.back_button.setText(QCoreApplication.translate("DealConflict", "Cancel"))

    def chosen(_result: int) -> None:
        again = move.on(theirs, dialog.chosen_fields()) if dialog.choice is MergeChoice.REAPPLY else None
        dialog.deleteLater()
        if again is None:
            settled()
        else:
            resubmit(again)

    dialog.finished.connect(chosen)
    dialog.open()
    return dialog


class DealMoves:
    """Moving a deal to another stage at the version the view showed, and offering the stale merge when
    someone saved it since: what the Kanban board and the pipeline table share (a mixin of their
    widgets). The host has `ctx` and `_service`, and says what follows: `_moved(updated)`,
    `_show_theirs()` (the view reloads) and `_move_failed(exc)`."""

    ctx: AppContext
    _service: PipelineService
    stale_dialog: StaleMergeDialog | None  # a move that met a newer version of the deal

    def _moved(self, updated: OpportunityRow) -> None:
        raise NotImplementedError

    def _show_theirs(self) -> None:
        raise NotImplementedError

    def _move_failed(self, exc: Exception) -> None:
        raise NotImplementedError

    def submit_move(self, move: DealMove) -> None:
        """Ask the service to move the deal, at the version the view showed."""
        CollectionOp(
            self._service.move_stage,
            opportunity_id=move.before.id,
            stage=move.stage,
            lost_reason=move.lost_reason,
            amount=move.amount,
            expected_version=move.before.version,
        ).success(self._moved).failure(lambda exc: self._move_refused(move, exc)).run(self.ctx.executor)

    def _move_refused(self, move: DealMove, exc: Exception) -> None:
        """Someone saved the deal since the view showed it: their version against the move asked for,
        to re-apply on theirs or not (the view shows theirs either way)."""
        if not isinstance(exc, ConflictError):
            self._move_failed(exc)
            return
        message = str(exc)
        self._show_theirs()

        def offer(theirs: OpportunityRow) -> None:
            parent = cast(QWidget, self)
            self.stale_dialog = open_merge(parent, message, move, theirs, self._reapply, self._merge_settled)

        QueryOp(self._service.get, opportunity_id=move.before.id).success(offer).failure(
            self._move_failed
        ).run(self.ctx.executor)

    def _reapply(self, move: DealMove) -> None:
        self.stale_dialog = None
        self.submit_move(move)

    def _merge_settled(self) -> None:
        self.stale_dialog = None
        self._show_theirs()
