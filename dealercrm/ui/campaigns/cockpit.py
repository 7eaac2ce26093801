"""The phoning cockpit: the next contact to call with their summary and the filled-in script, a
click-to-dial link, a call timer, the required outcome buttons (keys 1-8, or Ctrl+1-8 from the note),
the call list of who may be called now and why the others are not offered, and live progress."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QDateTime, Qt, QTime, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models import utcnow
from dealercrm.models.enums import CallOutcome
from dealercrm.services.campaigns import CallCard, CallingService, CallList, CampaignProgress, OutcomeResult
from dealercrm.services.campaigns.phoning import PHONE_OUTCOMES
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import message_label, named, say
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import holding, side_by_side, spread, text_label
from dealercrm.ui.widgets.page import list_or_placeholder

# Outcome buttons in keyboard order: key n records OUTCOMES[n - 1] (the outcomes a call may record).
OUTCOMES = PHONE_OUTCOMES
NEEDS_WHEN = (CallOutcome.APPOINTMENT, CallOutcome.CALLBACK)


class CockpitDialog(Dialog):
    """One caller's phoning session on one campaign."""

    outcome_recorded = Signal(object)  # OutcomeResult
    card_shown = Signal(object)  # CallCard | None

    def __init__(
        self,
        ctx: AppContext,
        *,
        campaign_id: int | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(CallingService)
        self._clock = clock or utcnow
        self.card: CallCard | None = None
        self.calls: CallList | None = None
        self._started = time.monotonic()
        self.setWindowTitle(self.tr("Phoning cockpit"))
        self.resize(1280, 800)

        # Top bar ----------------------------------------------------------------------------------------
        self.campaign_combo = QComboBox()
        for cid, name in self._service.phoning_campaigns(include=campaign_id):
            self.campaign_combo.addItem(name, cid)
        if campaign_id is not None:
            self.campaign_combo.setCurrentIndex(self.campaign_combo.findData(campaign_id))
        self.my_progress = QProgressBar()
        self.my_progress.setTextVisible(True)
        self.my_progress.setMinimumWidth(220)
        self.progress_label = named(QLabel(), "Hint")
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Campaign")))
        top.addWidget(self.campaign_combo, 1)
        top.addWidget(self.my_progress)
        top.addWidget(self.progress_label, 1)

        # Call list -------------------------------------------------------------------------------------
        self.offered_title = named(QLabel(), "SectionTitle")
        self.offered_list = QListWidget()
        self.offered_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.offered_list.itemActivated.connect(self._pick)
        self.offered_list.itemDoubleClicked.connect(self._pick)
        self.blocked_title = named(QLabel(), "SectionTitle")
        self.blocked_list = QListWidget()
        self.blocked_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.blocked_list.setWordWrap(True)
        left, left_layout = holding(QVBoxLayout(), margins=(0, 0, 8, 0))
        left_layout.addWidget(self.offered_title)
        left_layout.addWidget(self.offered_list, 3)
        left_layout.addWidget(self.blocked_title)
        left_layout.addWidget(self.blocked_list, 2)

        # The card ----------------------------------------------------------------------------------------
        self.name_label = named(QLabel(), "DialogTitle")
        self.subtitle_label = named(QLabel(), "DialogSubtitle")
        self.phone_label = QLabel()
        self.phone_label.setTextFormat(Qt.TextFormat.RichText)
        self.phone_label.setOpenExternalLinks(False)
        self.phone_label.linkActivated.connect(lambda _link: self.dial())
        self.dial_button = QPushButton(self.tr("&Dial"))
        self.dial_button.setToolTip(self.tr("Opens the telephony application (Ctrl+D)"))
        self.dial_button.clicked.connect(self.dial)
        self.timer_label = named(QLabel("00:00"), "SectionTitle")
        self.timer_label.setToolTip(self.tr("Call duration"))
        phone_row = spread(
            [self.phone_label, self.dial_button], [QLabel(self.tr("Call time")), self.timer_label]
        )
        self.vehicle_label = QLabel()
        self.due_label = QLabel()
        self.email_label = QLabel()
        self.last_contact_label = QLabel()
        facts = QFormLayout()
        facts.addRow(self.tr("Vehicle"), self.vehicle_label)
        facts.addRow(self.tr("Due date"), self.due_label)
        facts.addRow(self.tr("E-mail"), self.email_label)
        facts.addRow(self.tr("Last contact"), self.last_contact_label)
        self.history_list = QListWidget()
        self.history_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history_list.setMaximumHeight(86)
        self.script_view = QTextBrowser()
        self.script_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.script_view.setMinimumHeight(90)
        self.missing_label = text_label("", "FieldError")
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText(
            self.tr("Notes on the call (Ctrl+1…8 records the outcome from here)")
        )
        self.note_edit.setMaximumHeight(70)
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        when_row = QHBoxLayout()
        when_label = QLabel(self.tr("Appointment / call back &at"))
        when_label.setBuddy(self.when_edit)
        when_row.addWidget(when_label)
        when_row.addWidget(self.when_edit)
        when_row.addStretch(1)
        self.outcome_buttons: dict[CallOutcome, QPushButton] = {}
        grid = QGridLayout()
        for n, outcome in enumerate(OUTCOMES, start=1):
            button = QPushButton(f"{n}  {self._outcome_text(outcome)}")
            button.setMinimumHeight(34)
            button.setToolTip(self.tr("Key {n} (Ctrl+{n} while typing a note)").format(n=n))
            button.clicked.connect(lambda _checked=False, o=outcome: self.record(o))
            grid.addWidget(button, (n - 1) // 4, (n - 1) % 4)
            self.outcome_buttons[outcome] = button
            for keys in (str(n), f"Ctrl+{n}"):
                shortcut = QShortcut(QKeySequence(keys), self)
                shortcut.activated.connect(lambda o=outcome: self.record(o))
        dial_shortcut = QShortcut(QKeySequence("Ctrl+D"), self)
        dial_shortcut.activated.connect(self.dial)
        self.outcome_buttons[CallOutcome.DO_NOT_CALL].setStyleSheet("color: #b91c1c;")
        self.error_label = message_label()

        card = QFrame()
        card.setObjectName("Card")
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.name_label)
        card_layout.addWidget(self.subtitle_label)
        card_layout.addLayout(phone_row)
        card_layout.addLayout(facts)
        card_layout.addWidget(QLabel(self.tr("Recent history")))
        card_layout.addWidget(self.history_list)
        card_layout.addWidget(QLabel(self.tr("Script")))
        card_layout.addWidget(self.script_view, 1)
        card_layout.addWidget(self.missing_label)
        card_layout.addWidget(self.note_edit)
        card_layout.addLayout(when_row)
        card_layout.addLayout(grid)
        card_layout.addWidget(self.error_label)
        self.card_stack, self.empty_label = list_or_placeholder(card)
        self._card_frame = card

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(side_by_side(left, self.card_stack, [360, 920]), 1)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._update_timer)
        self._tick.start()
        self._live = QTimer(self)
        self._live.setInterval(30_000)
        self._live.timeout.connect(self._refresh_progress)
        self._live.start()
        self.campaign_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.reload()

    # Labels ------------------------------------------------------------------------------------------------
    def _outcome_text(self, outcome: CallOutcome) -> str:
        texts = {
            CallOutcome.INTERESTED: self.tr("Interested"),
            CallOutcome.APPOINTMENT: self.tr("Appointment booked"),
            CallOutcome.CALLBACK: self.tr("Call back at…"),
            CallOutcome.NOT_INTERESTED: self.tr("Not interested"),
            CallOutcome.WRONG_NUMBER: self.tr("Wrong number"),
            CallOutcome.NO_ANSWER: self.tr("No answer"),
            CallOutcome.VOICEMAIL: self.tr("Voicemail"),
            CallOutcome.DO_NOT_CALL: self.tr("Do not call again"),
        }
        return texts[outcome]

    @property
    def campaign_id(self) -> int | None:
        data = self.campaign_combo.currentData()
        return int(data) if data is not None else None

    # Loading ---------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """The call list, the progress and the next card, for the chosen campaign."""
        campaign_id = self.campaign_id
        if campaign_id is None:
            self._show_card(None, self.tr("No phoning campaign has contacts for you to call."))
            self.offered_title.setText(self.tr("To call now"))
            self.blocked_title.setText(self.tr("Not offered"))
            return
        calls = QueryOp(self._service.call_list, campaign_id=campaign_id, now=self._clock())
        calls.success(self._show_calls).failure(self._failed).latest_for(self, "calls").read_only().run(
            self.ctx.executor
        )
        self._refresh_progress()

    def _refresh_progress(self) -> None:
        if self.campaign_id is not None:
            progress = QueryOp(self._service.progress, campaign_id=self.campaign_id)
            progress.success(self._show_progress).failure(self._failed).latest_for(self, "progress").run(
                self.ctx.executor
            )

    def _show_progress(self, progress: CampaignProgress) -> None:
        mine = next((c for c in progress.callers if c.user_id == self.ctx.actor.id), None)
        if mine is not None:
            self.my_progress.setRange(0, max(1, mine.assigned))
            self.my_progress.setValue(mine.done)
            self.my_progress.setFormat(self.tr("You: %v of %m done"))
        else:
            self.my_progress.setRange(0, 1)
            self.my_progress.setValue(0)
            self.my_progress.setFormat(self.tr("Nothing assigned to you"))
        self.progress_label.setText(
            self.tr(
                "Campaign: {done} of {targets} done · {reached} reached · {appointments} appointments"
            ).format(
                done=fmt.number(progress.done),
                targets=fmt.number(progress.targets),
                reached=fmt.number(progress.reached),
                appointments=fmt.number(progress.appointments),
            )
        )
        self.progress_label.setToolTip(
            "\n".join(
                self.tr(
                    "{name}: {done}/{assigned} done, {reached} reached, {appointments} appointments"
                ).format(
                    name=c.name,
                    done=fmt.number(c.done),
                    assigned=fmt.number(c.assigned),
                    reached=fmt.number(c.reached),
                    appointments=fmt.number(c.appointments),
                )
                for c in progress.callers
            )
        )

    def _show_calls(self, calls: CallList) -> None:
        self.calls = calls
        self.offered_list.clear()
        self.blocked_list.clear()
        for entry in calls.offered:
            text = f"{entry.contact_name}  ·  {entry.phone}"
            if entry.attempts:
                text += "  " + self.tr("(attempts: {n})").format(n=entry.attempts)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry.target_id)
            if entry.callback_at is not None:
                item.setToolTip(
                    self.tr("Asked to be called back at {when}").format(when=fmt.datetime(entry.callback_at))
                )
            self.offered_list.addItem(item)
        for blocked in calls.not_offered:
            reason = blocked.reason  # in the user's language already (gettext)
            if blocked.until is not None:
                reason += " " + self.tr("(until {when})").format(when=fmt.datetime(blocked.until))
            item = QListWidgetItem(f"{blocked.contact_name} — {reason}")
            item.setToolTip(reason)
            self.blocked_list.addItem(item)
        if not calls.not_offered:
            placeholder = QListWidgetItem(self.tr("Everyone on your list may be called now."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.blocked_list.addItem(placeholder)
        self.offered_title.setText(self.tr("To call now ({n})").format(n=len(calls.offered)))
        self.blocked_title.setText(self.tr("Not offered ({n})").format(n=len(calls.not_offered)))
        if not calls.calling_allowed:
            when = (
                fmt.datetime(calls.next_window)
                if calls.next_window
                else self.tr("never (check the settings)")
            )
            self._show_card(
                None,
                self.tr(
                    "Calls are allowed on weekdays except public holidays, 10:00–13:00 and 14:00–20:00.\n"
                    "The next calling window opens {when}."
                ).format(when=when),
            )
            return
        if not calls.offered:
            self._show_card(
                None,
                self.tr(
                    "Nobody left to call now. Well done!\nThe list on the left says why the others wait."
                ),
            )
            return
        self.load_card(calls.offered[0].target_id)

    def _pick(self, item: QListWidgetItem) -> None:
        self.load_card(int(item.data(Qt.ItemDataRole.UserRole)))

    def load_card(self, target_id: int) -> None:
        card = QueryOp(self._service.card, target_id=target_id, now=self._clock())
        card.success(self._card_loaded).failure(self._failed).latest_for(self, "card").run(self.ctx.executor)

    def _card_loaded(self, card: CallCard) -> None:
        self._show_card(card, "")

    def _show_card(self, card: CallCard | None, empty_text: str) -> None:
        self.card = card
        self.error_label.clear()
        self.error_label.hide()
        for button in self.outcome_buttons.values():
            button.setEnabled(card is not None)
        self.dial_button.setEnabled(card is not None)
        if card is None:
            self.empty_label.setText(empty_text)
            self.card_stack.setCurrentWidget(self.empty_label)
            self.card_shown.emit(None)
            return
        self.card_stack.setCurrentWidget(self._card_frame)
        self.name_label.setText(card.contact_name)
        parts = [label(card.lifecycle)]
        if card.owner_name:
            parts.append(self.tr("owner {name}").format(name=card.owner_name))
        if card.score is not None:
            parts.append(self.tr("score {n}").format(n=card.score))
        if card.attempts:
            parts.append(
                self.tr("{n} earlier attempts, last: {outcome}").format(
                    n=card.attempts, outcome=label(card.last_outcome)
                )
            )
        self.subtitle_label.setText(" · ".join(parts))
        if card.tel_uri:
            self.phone_label.setText(
                f'<a href="{card.tel_uri}" style="font-size:16pt">{card.phone_display}</a>'
            )
        else:
            self.phone_label.setText(self.tr("No number"))
        self.vehicle_label.setText(card.vehicle or "—")
        self.due_label.setText(card.due_on or "—")
        self.email_label.setText(card.email or "—")
        self.last_contact_label.setText(fmt.datetime(card.last_contact_at) or self.tr("never"))
        self.history_list.clear()
        for entry in card.recent:
            words = (fmt.date(fmt.local_time(entry.occurred_at).date()), label(entry.type))
            outcome = (label(entry.outcome),) if entry.outcome else ()
            self.history_list.addItem(
                " · ".join((*words, *outcome, *((entry.summary,) if entry.summary else ())))
            )
        if not card.recent:
            self.history_list.addItem(self.tr("No earlier interaction"))
        self.script_view.setPlainText(card.script or self.tr("This campaign has no script."))
        if card.missing_fields:
            self.missing_label.setText(
                self.tr("Not known for this contact: {fields} — say it in your own words.").format(
                    fields=", ".join("{" + f + "}" for f in card.missing_fields)
                )
            )
        else:
            self.missing_label.clear()
        self.note_edit.clear()
        now = self._clock().astimezone(self.ctx.timezone)
        tomorrow = now.date() + dt.timedelta(days=1 if now.weekday() < 4 else 7 - now.weekday())
        self.when_edit.setDateTime(QDateTime(fmt.qdate(tomorrow), QTime(10, 0)))
        self._started = time.monotonic()
        self._update_timer()
        self.setFocus()
        self.card_shown.emit(card)

    def _update_timer(self) -> None:
        seconds = int(time.monotonic() - self._started) if self.card is not None else 0
        self.timer_label.setText(f"{seconds // 60:02d}:{seconds % 60:02d}")

    def _failed(self, exc: Exception) -> None:
        message = message_of(exc)
        say(self.error_label, message)
        if self.card is None and self.card_stack.currentWidget() is self.empty_label:
            self.empty_label.setText(message)

    # Actions -----------------------------------------------------------------------------------------------
    def dial(self) -> None:
        """Open the tel: link with the system's telephony application and restart the timer."""
        if self.card is None or not self.card.tel_uri:
            return
        self._started = time.monotonic()
        QDesktopServices.openUrl(QUrl(self.card.tel_uri))

    def when(self) -> dt.datetime:
        qdt = self.when_edit.dateTime()
        d, t = qdt.date(), qdt.time()
        return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=self.ctx.timezone)

    def record(self, outcome: CallOutcome) -> None:
        """Record the outcome of the current call and move on to the next contact."""
        card = self.card
        if card is None:
            return
        when = self.when() if outcome in NEEDS_WHEN else None
        duration = int(time.monotonic() - self._started)
        for button in self.outcome_buttons.values():
            button.setEnabled(False)
        CollectionOp(
            self._service.record_outcome,
            target_id=card.target_id,
            outcome=outcome,
            note=self.note_edit.toPlainText(),
            duration_seconds=duration,
            callback_at=when if outcome is CallOutcome.CALLBACK else None,
            appointment_at=when if outcome is CallOutcome.APPOINTMENT else None,
            now=self._clock(),
        ).success(self._recorded).failure(self._record_failed).run(self.ctx.executor)

    def _record_failed(self, exc: Exception) -> None:
        say(self.error_label, message_of(exc))
        for button in self.outcome_buttons.values():
            button.setEnabled(self.card is not None)

    def _recorded(self, result: OutcomeResult) -> None:
        self.outcome_recorded.emit(result)
        self.reload()
