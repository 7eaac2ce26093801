"""Settings › Lead scoring: the points each scoring rule gives, and rescoring every contact."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QWidget,
)

from dealercrm.models.enums import Stage
from dealercrm.services.errors import ValidationError
from dealercrm.services.scoring import (
    BIG_PURCHASE,
    DEFAULT_WEIGHTS,
    SETTING_KEY,
    RefreshSummary,
    ScoringService,
    merged_weights,
)
from dealercrm.services.settings import SettingsService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.settings.tab import SettingsTab
from dealercrm.ui.style import restyled, set_primary
from dealercrm.ui.widgets.forms import text_label

# Points a rule may give or take: the score itself is kept between 0 and 100.
POINTS_RANGE = (-100, 100)


class ScoringTab(SettingsTab):
    """One spin box per scoring rule; "Save and rescore" stores the weights and rescores everyone."""

    rescored = Signal(str)  # a status-bar sentence once the rescore has ended (done or stopped)

    def build(self, ctx: AppContext) -> None:
        self._loaded: dict[str, int] = dict(DEFAULT_WEIGHTS)
        self._rescored_so_far = 0
        self.spins: dict[str, QSpinBox] = {}
        self.progress_dialog: QProgressDialog | None = None

        intro = text_label(
            self.tr(
                "Every prospect and customer gets a score from 0 to 100: the starting points plus or minus "
                "the points of each rule that applies. Change the points below, then save: every contact "
                "is rescored with the new weights."
            ),
            "Hint",
        )

        self.defaults_button = QPushButton(self.tr("Restore defaults"))
        self.defaults_button.setToolTip(
            self.tr("Put back the built-in points; nothing is saved until you save.")
        )
        self.save_button = QPushButton(self.tr("Save and rescore"))
        set_primary(self.save_button)
        groups = self._build_groups()
        missing = set(DEFAULT_WEIGHTS) - set(self.spins)
        assert not missing, f"scoring rules without a label: {sorted(missing)}"
        self.lay_out_form(groups, on_left=2, buttons=[self.defaults_button, self.save_button], intro=intro)

        self.defaults_button.clicked.connect(self.restore_defaults)
        self.save_button.clicked.connect(self.save)
        self.load()

    # Building the form ----------------------------------------------------------------------------
    def _build_groups(self) -> list[QGroupBox]:
        def stage(value: Stage) -> str:
            return self.tr("Open opportunity at stage “{stage}”").format(stage=label(value))

        spec: list[tuple[str, list[tuple[str, str]]]] = [
            (
                self.tr("Starting point and sales pipeline"),
                [
                    ("base", self.tr("Every contact starts with")),
                    ("stage_new_lead", stage(Stage.NEW_LEAD)),
                    ("stage_contacted", stage(Stage.CONTACTED)),
                    ("stage_qualified", stage(Stage.QUALIFIED)),
                    ("stage_test_drive", stage(Stage.TEST_DRIVE)),
                    ("stage_offer", stage(Stage.OFFER)),
                    ("stage_negotiation", stage(Stage.NEGOTIATION)),
                ],
            ),
            (
                self.tr("Last contact"),
                [
                    ("contact_7d", self.tr("Contacted in the last 7 days")),
                    ("contact_30d", self.tr("Last contact 8 to 30 days ago")),
                    ("contact_90d", self.tr("Last contact 31 to 90 days ago")),
                    ("silent_90d", self.tr("No contact for more than 90 days")),
                    ("never_contacted", self.tr("Never contacted")),
                ],
            ),
            (
                self.tr("Interest shown"),
                [
                    ("interaction_each_90d", self.tr("Each interaction in the last 90 days")),
                    ("interaction_max", self.tr("At most, for all those interactions")),
                    ("test_drive_180d", self.tr("Test drive in the last 180 days")),
                    ("budget_stated", self.tr("Budget stated")),
                ],
            ),
            (
                self.tr("Customer history"),
                [
                    ("purchase", self.tr("Has bought from us")),
                    (
                        "purchase_amount_30k",
                        self.tr("Has bought for {amount} or more").format(amount=fmt.money(BIG_PURCHASE)),
                    ),
                    ("open_claim", self.tr("Each open after-sales claim")),
                ],
            ),
            (
                self.tr("Consent and outcome"),
                [
                    ("consent_granted", self.tr("Agrees to be contacted for offers")),
                    ("consent_refused", self.tr("Refuses to be contacted for offers")),
                    ("lost", self.tr("Marked as lost")),
                ],
            ),
        ]
        groups = []
        for title, rows in spec:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
            form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            for key, text in rows:
                spin = QSpinBox()
                spin.setRange(*POINTS_RANGE)
                spin.setSuffix(self.tr(" points"))
                spin.setMinimumWidth(110)
                spin.setAccessibleName(text)
                spin.setToolTip(
                    self.tr("Built-in value: {points}").format(points=f"{DEFAULT_WEIGHTS[key]:+d}")
                )
                spin.valueChanged.connect(self._edited)
                self.spins[key] = spin
                form.addRow(text, spin)
            groups.append(group)
        return groups

    # Loading and saving ---------------------------------------------------------------------------
    def load(self) -> None:
        QueryOp(self.ctx.service(ScoringService).weights).success(self._show_weights).failure(
            self.show_failure
        ).latest_for(self, "weights").run(self.ctx.executor)

    def _show_weights(self, weights: dict[str, int]) -> None:
        self._loaded = dict(weights)
        self._put(weights)
        self.state_label.setText("")
        self.form_error.hide()

    def _put(self, weights: dict[str, int]) -> None:
        for key, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(int(weights.get(key, DEFAULT_WEIGHTS[key])))
            spin.blockSignals(False)
            _mark_invalid(spin, False)

    def weights(self) -> dict[str, int]:
        """The points shown, rule by rule."""
        return {key: spin.value() for key, spin in self.spins.items()}

    def is_dirty(self) -> bool:
        return self.weights() != self._loaded

    def _edited(self) -> None:
        if self.is_dirty():
            self.state_label.setText(self.tr("Changed: save to rescore every contact with these points."))
        else:
            self.state_label.setText("")

    def restore_defaults(self) -> None:
        self._put(DEFAULT_WEIGHTS)
        self._edited()

    def save(self) -> None:
        """Store the weights (only those that differ from the built-in ones), then rescore everyone."""
        self.form_error.hide()
        weights = self.weights()
        overrides = {k: v for k, v in weights.items() if v != DEFAULT_WEIGHTS[k]}
        try:
            merged_weights(overrides)
        except ValidationError as exc:
            self._show_errors(exc.errors)
            return
        settings = self.ctx.service(SettingsService)
        self._set_busy(True)
        self.state_label.setText(self.tr("Saving…"))
        CollectionOp(settings.set_many, values={SETTING_KEY: overrides}).success(
            lambda _none: self._saved(weights)
        ).failure(self._failed).run(self.ctx.executor)

    def _saved(self, weights: dict[str, int]) -> None:
        self._loaded = dict(weights)
        self.rescore()

    def rescore(self) -> None:
        """Rescore every contact in the worker, with a progress dialog that can stop it."""
        service = self.ctx.service(ScoringService)
        self._set_busy(True)
        self._rescored_so_far = 0
        dialog = QProgressDialog(self.tr("Rescoring contacts…"), self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(self.tr("Lead scoring"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumWidth(380)
        self.progress_dialog = dialog

        job = (
            CollectionOp(service.refresh_all)
            .progress(self._progressed)
            .success(self._rescored)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .run(self.ctx.executor)
        )
        if self.progress_dialog is dialog:  # still running (an executor may have finished it already)
            dialog.canceled.connect(job.cancel)
            dialog.canceled.connect(lambda: dialog.setLabelText(self.tr("Stopping after the current batch…")))

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self._rescored_so_far = done
        dialog = self.progress_dialog
        if dialog is not None and not dialog.wasCanceled():
            dialog.setMaximum(max(total, 1))
            dialog.setValue(done)
            dialog.setLabelText(
                self.tr("Rescoring contacts: {done} of {total}…").format(
                    done=fmt.number(done), total=fmt.number(total)
                )
            )

    def _rescored(self, summary: RefreshSummary) -> None:
        self._finish()
        if summary.scored == 1:
            text = self.tr("Scoring weights saved; 1 contact rescored.")
        else:
            text = self.tr("Scoring weights saved; {n} contacts rescored.").format(
                n=fmt.number(summary.scored)
            )
        self.state_label.setText(text)
        self.rescored.emit(text)

    def _cancelled(self) -> None:
        self._finish()
        text = self.tr(
            "Scoring weights saved; rescoring stopped with at least {n} contacts rescored. The others "
            "keep their old score until you save again."
        ).format(n=fmt.number(self._rescored_so_far))
        self.state_label.setText(text)
        self.rescored.emit(text)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self._set_busy(False)
            self._show_errors(exc.errors)
            return
        self._finish()
        self.state_label.setText("")
        self.form_error.setText(message_of(exc))
        self.form_error.show()

    def _finish(self) -> None:
        self._set_busy(False)
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()

    def _set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)
        self.defaults_button.setEnabled(not busy)

    def _show_errors(self, errors: dict[str, Any]) -> None:
        for key in errors:
            spin = self.spins.get(key)
            if spin is not None:
                _mark_invalid(spin, True)
        self.form_error.setText(
            self.tr("Nothing was saved: {errors}").format(errors="; ".join(str(m) for m in errors.values()))
        )
        self.form_error.show()


def _mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Red frame on a spin box (the message itself is the tab's form error)."""
    restyled(widget, invalid=invalid)
