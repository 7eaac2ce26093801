"""Settings › Purchase model: the model card (when it was trained, on how many examples and buyers, AUC
of the model against the rule score, calibration and its diagram), "Retrain now" in the background with
progress and cancel, and the monthly retrain (`retrain_if_due`, checked when the Today page first loads
and then once a day).

Training runs on its own single-thread executor, not the pages' database executor: reading 18 months of
history takes tens of seconds on a large dealership and the pages' queries must not wait behind it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
)

from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.settings.tab import SettingsTab
from dealercrm.ui.style import named, set_primary
from dealercrm.ui.widgets.forms import text_label

DAY_MS = 24 * 3600 * 1000


class Retrainer(QObject):
    """The one training of this app at a time, shared by the model card and the monthly retrain."""

    progressed = Signal(int, int, str)
    trained = Signal(object)  # services.purchase_model.ModelCard
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._executor = ctx.executor.sibling(self)  # training takes minutes: a thread of its own
        self._job: Any = None
        self._ended = False
        self._timer: QTimer | None = None

    @property
    def running(self) -> bool:
        return self._job is not None

    def start(self) -> bool:
        """Train now in the background; False when a training is already running."""
        if self._job is not None:
            return False
        from dealercrm.models import utcnow
        from dealercrm.services.purchase_model import PurchaseModelService

        service = self.ctx.service(PurchaseModelService)

        self._ended = False
        job = (
            CollectionOp(service.train, now=utcnow())
            .progress(self.progressed.emit)
            .success(self._done)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .run(self._executor)
        )
        if not self._ended:  # still running (an executor may have finished it already)
            self._job = job
        return True

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _end(self) -> None:
        self._job, self._ended = None, True

    def _done(self, card: Any) -> None:
        self._end()
        self.trained.emit(card)

    def _failed(self, exc: Exception) -> None:
        self._end()
        self.failed.emit(message_of(exc))

    def _cancelled(self) -> None:
        self._end()
        self.cancelled.emit()

    def retrain_if_due(self) -> None:
        """For those who may train: retrain in the background when the model is a month old (or was
        never trained); checked now and then once a day."""
        if not self.ctx.can("settings.manage"):
            return
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.setInterval(DAY_MS)
            self._timer.timeout.connect(self.retrain_if_due)
            self._timer.start()
        from dealercrm.models import utcnow
        from dealercrm.services.purchase_model import PurchaseModelService

        service = self.ctx.service(PurchaseModelService)

        def maybe(needed: bool) -> None:
            if needed:
                self.start()

        # A failed check is tried again tomorrow: nothing to tell the user about.
        QueryOp(service.needs_retrain, now=utcnow()).success(maybe).failure(lambda _exc: None).run(
            self.ctx.executor
        )


_RETRAINERS: dict[tuple[int, int], Retrainer] = {}


def retrainer(ctx: AppContext) -> Retrainer:
    """This session's Retrainer (one per open database and user), living as long as its executor."""
    key = (id(ctx.db), ctx.actor.id)
    found = _RETRAINERS.get(key)
    if found is None or found.ctx.db is not ctx.db:
        found = Retrainer(ctx, ctx.executor)
        _RETRAINERS[key] = found
        found.destroyed.connect(lambda *_: _RETRAINERS.pop(key, None))
    return found


def retrain_if_due(ctx: AppContext) -> None:
    """The monthly retrain: called when the Today page first loads."""
    retrainer(ctx).retrain_if_due()


class ModelCardTab(SettingsTab):
    """What the purchase model is worth, and retraining it."""

    retrained = Signal(str)

    def build(self, ctx: AppContext) -> None:
        self.runner = retrainer(ctx)
        self.heading = named(QLabel(self.tr("Probability of a purchase within 90 days")), "SectionTitle")
        self.intro = QLabel(
            self.tr(
                "Learnt from this dealership's own history: every contact at the start of each month, "
                "and whether they bought in the 90 days that followed. Tested on the last three months, "
                "which the model did not learn from, against the rule score."
            )
        )
        self.intro.setWordWrap(True)
        self.intro.setObjectName("Hint")
        self.status = text_label()
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.plot = QLabel()
        self.plot.setMinimumSize(420, 340)
        self.plot.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.retrain_button = QPushButton(self.tr("Retrain now"))
        set_primary(self.retrain_button)
        self.retrain_button.clicked.connect(self.retrain)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress_text = named(QLabel(), "Hint")

        buttons = QHBoxLayout()
        buttons.addWidget(self.retrain_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(0)
        body = QHBoxLayout()
        body.addWidget(self.status, 1)
        body.addWidget(self.plot, 0)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.intro)
        layout.addLayout(body)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_text)
        layout.addStretch(1)

        self.runner.progressed.connect(self._progressed)
        self.runner.trained.connect(self._trained)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.retrain_button.setVisible(ctx.can("settings.manage"))
        self.cancel_button.setVisible(ctx.can("settings.manage"))
        self._set_busy(self.runner.running)

    # Loading ------------------------------------------------------------------------------------

    def load(self) -> None:
        from dealercrm.services.purchase_model import PurchaseModelService

        service = self.ctx.service(PurchaseModelService)
        language = self.ctx.language

        def load() -> tuple[Any, bytes]:
            from dealercrm.services.purchase_model.chart import reliability_png

            card = service.card()
            return card, reliability_png(card, language)

        QueryOp(load).success(self._show).failure(self.show_failure).latest_for(self).run(self.ctx.executor)

    def _show(self, loaded: tuple[Any, bytes]) -> None:
        card, image = loaded
        self.status.setText(self.card_html(card))
        pixmap = QPixmap()
        pixmap.loadFromData(image, "PNG")
        self.plot.setPixmap(pixmap)

    def card_html(self, card: Any) -> str:
        if card is None:
            return self.tr("The model has never been trained: the rule score is the only one in force.")

        def figure(value: float | None, decimals: int = 3) -> str:
            return fmt.number(value, decimals=decimals) if value is not None else self.tr("n/a")

        trained = fmt.local_time(card.trained_at)
        lines = [
            self.tr("Trained on {date} at {time}, on the history up to {as_of}.").format(
                date=fmt.date(trained.date()),
                time=trained.strftime("%H:%M"),
                as_of=fmt.date(card.as_of),
            ),
            self.tr("Learnt from {n} examples (contacts × months) and {buyers} buyers.").format(
                n=fmt.number(card.n_train), buyers=fmt.number(card.buyers_train)
            ),
            self.tr("Tested on {n} examples and {buyers} buyers of the last three months.").format(
                n=fmt.number(card.n_test), buyers=fmt.number(card.buyers_test)
            ),
        ]
        if not card.usable:
            lines.append(
                "<b>"
                + self.tr(
                    "Too little history: {buyers} buyers to learn from, {needed} needed. The rule score "
                    "stays in force."
                ).format(buyers=fmt.number(card.buyers_train), needed=card.details.get("min_buyers", 200))
                + "</b>"
            )
        else:
            better = (card.auc_model or 0) > (card.auc_rules or 0)
            lines += [
                "<b>"
                + self.tr("Ranking (ROC AUC): model {model}, rule score {rules}.").format(
                    model=figure(card.auc_model), rules=figure(card.auc_rules)
                )
                + "</b>",
                self.tr("The model ranks future buyers better than the rule score.")
                if better
                else self.tr("The model does not rank future buyers better than the rule score."),
                self.tr("Brier score {brier}; calibration error {ece} (under 0.05 is good).").format(
                    brier=figure(card.brier), ece=figure(card.ece)
                ),
            ]
        return "<br>".join(lines)

    # Retraining ---------------------------------------------------------------------------------

    def retrain(self) -> None:
        # Busy first: the job may report back before start() returns (and then sets it back).
        self._set_busy(True)
        self.progress_text.setText(self.tr("Reading the history…"))
        self.runner.start()  # False: a training (the monthly one) is already running; it reports here too

    def cancel(self) -> None:
        self.runner.cancel()
        self.progress_text.setText(self.tr("Stopping…"))

    def _progressed(self, done: int, total: int, _text: str) -> None:
        self._set_busy(True)
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress_text.setText(
            self.tr("Training: step {done} of {total}…").format(done=done, total=total)
        )

    def _trained(self, card: Any) -> None:
        self._set_busy(False)
        text = (
            self.tr("Model retrained; every contact has a new probability.")
            if card.usable
            else self.tr("Retrained, but there is too little history: the rule score stays in force.")
        )
        self.progress_text.setText(text)
        self.retrained.emit(text)
        self.load()

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.progress_text.setText("")
        self._on_error(message)

    def _cancelled(self) -> None:
        self._set_busy(False)
        self.progress_text.setText(self.tr("Retraining stopped: the previous model stays in force."))

    def _set_busy(self, busy: bool) -> None:
        self.retrain_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.progress.setVisible(busy)
