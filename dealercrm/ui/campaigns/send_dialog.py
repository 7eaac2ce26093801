"""Sending an e-mail or SMS campaign off the GUI thread: progress, Cancel, throttling, the result of every
recipient (sent, failed with the reason, skipped by consent or the suppression list) and the resume of a
stopped send (the service never sends anyone twice).

The SMTP password comes from the system keyring; when there is none (or it fails) the dialog says so and
asks for the password, which is used for this send only and kept nowhere."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import CampaignKind
from dealercrm.services.messaging import (
    CampaignSender,
    HttpSmsProvider,
    KeyringUnavailable,
    OutboxCsvProvider,
    RecipientResult,
    RecipientStatus,
    SendOptions,
    SendReport,
    SendState,
    SmtpConfig,
    SmtpService,
    get_smtp_password,
)
from dealercrm.services.progress import Progress
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, message_of
from dealercrm.ui.style import message_label, named, password_edit, say
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import button_row, close_button, push_button, text_label
from dealercrm.ui.workers import Job


@dataclass
class _Running:
    """What the GUI thread needs of a send in progress (the worker fills `progress` in)."""

    job: Job | None = None
    progress: Progress | None = None
    cancel_asked: bool = False


class SendDialog(Dialog):
    """Send (or resume) an e-mail or SMS campaign."""

    send_finished = Signal(int)
    progress_changed = Signal(int, int)

    def __init__(
        self,
        ctx: AppContext,
        *,
        campaign_id: int,
        options: SendOptions | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.campaign_id = campaign_id
        self._sender = ctx.service(CampaignSender)
        self._smtp = ctx.service(SmtpService)
        self.options = options or SendOptions()
        self.state: SendState = self._sender.send_state(campaign_id=campaign_id)
        self.is_email = self.state.kind is CampaignKind.EMAIL
        self.report: SendReport | None = None
        self._running: _Running | None = None
        self.password_prompted = False
        if self.state.kind is CampaignKind.SMS:
            self.options = options or SendOptions(throttle_seconds=0.0)
        self.setWindowTitle(self.tr("Send “{name}”").format(name=self.state.name))
        self.resize(860, 600)

        self.state_label = text_label("", "SectionTitle")
        self.throttle_label = text_label("", "Hint")

        # Channel --------------------------------------------------------------------------------------
        channel_box = QGroupBox(self.tr("Mail server") if self.is_email else self.tr("SMS gateway"))
        channel_layout = QFormLayout(channel_box)
        self.server_label = text_label()
        self.keyring_label = message_label()
        self.provider_combo = QComboBox()
        self.provider_combo.addItem(self.tr("Outbox file (gateway CSV)"), "outbox")
        self.provider_combo.addItem(self.tr("HTTP gateway"), "http")
        self.target_edit = QLineEdit()
        self.browse_button = push_button(self.tr("Browse…"), self._browse)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_edit, 1)
        target_row.addWidget(self.browse_button)
        self.token_edit = password_edit(self.tr("optional; used for this send only"))
        if self.is_email:
            channel_layout.addRow(self.tr("Server"), self.server_label)
            channel_layout.addRow(self.keyring_label)
            self._show_server()
        else:
            channel_layout.addRow(self.tr("Provider"), self.provider_combo)
            channel_layout.addRow(self.tr("File or URL"), target_row)
            channel_layout.addRow(self.tr("Token"), self.token_edit)
            self.provider_combo.currentIndexChanged.connect(lambda _i: self._provider_changed())
            self._provider_changed()

        # Progress and results ----------------------------------------------------------------------------
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, max(1, self.state.to_go))
        self.progress_bar.setValue(0)
        self.progress_text = named(QLabel(), "Hint")
        self.summary_label = text_label()
        self.results_table = QTableWidget(0, 3)
        self.results_table.setHorizontalHeaderLabels(
            [self.tr("Recipient"), self.tr("Result"), self.tr("Detail")]
        )
        self.results_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.results_table.setColumnWidth(0, 260)
        self.results_table.setColumnWidth(1, 120)
        self.results_table.verticalHeader().hide()
        self.results_table.verticalHeader().setDefaultSectionSize(25)
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)

        self.error_label = message_label()
        self.send_button = QPushButton()
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("&Stop"))
        self.cancel_button.setToolTip(self.tr("Stop after the message being sent; resume later"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button = close_button(self.accept)
        buttons = button_row(
            self.send_button, self.cancel_button, self.close_button, message=self.error_label
        )

        layout = QVBoxLayout(self)
        layout.addWidget(self.state_label)
        layout.addWidget(self.throttle_label)
        layout.addWidget(channel_box)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.results_table, 1)
        layout.addLayout(buttons)
        self._show_state()

    # State ------------------------------------------------------------------------------------------------
    def _show_state(self) -> None:
        s = self.state
        if s.already_sent and s.to_go:
            text = self.tr("{sent} already sent, {to_go} to go: the send resumes where it stopped.")
        elif s.already_sent:
            text = self.tr("{sent} already sent, nobody left to send to.")
        elif s.to_go:
            text = self.tr("{to_go} recipients to send to.")
        else:
            text = self.tr("Nobody to send to: freeze the list first, or every target was excluded.")
        self.state_label.setText(text.format(sent=fmt.number(s.already_sent), to_go=fmt.number(s.to_go)))
        self.send_button.setText(self.tr("&Resume") if s.already_sent and s.to_go else self.tr("&Send"))
        self.send_button.setEnabled(s.to_go > 0 and self._running is None)
        o = self.options
        seconds = o.throttle_seconds * max(0, s.to_go - 1)
        if o.throttle_seconds:
            throttle = self.tr("One message every {pause} s (about {minutes} min for {n} messages)").format(
                pause=fmt.number(o.throttle_seconds, decimals=1),
                minutes=fmt.number(max(1, round(seconds / 60))),
                n=fmt.number(s.to_go),
            )
        else:
            throttle = self.tr("No pause between messages")
        self.throttle_label.setText(
            self.tr(
                "{throttle}; a transient failure is retried up to {retries} times, {wait} s apart at "
                "first. Consent and the suppression list are checked again for each recipient."
            ).format(throttle=throttle, retries=o.retries, wait=fmt.number(o.retry_wait_seconds, decimals=0))
        )

    def _show_server(self) -> None:
        config = self._smtp.for_sending()
        if not config.host:
            self.server_label.setText(self.tr("No mail server is set: use “SMTP settings…” first."))
            return
        security = {"none": self.tr("no encryption"), "starttls": "STARTTLS", "ssl": "SSL/TLS"}.get(
            config.tls, config.tls
        )
        login = config.login or self.tr("no login")
        self.server_label.setText(f"{config.host}:{config.port} · {security} · {login}")

    def _provider_changed(self) -> None:
        outbox = self.provider_combo.currentData() == "outbox"
        self.browse_button.setVisible(outbox)
        self.token_edit.setEnabled(not outbox)
        self.target_edit.setPlaceholderText(
            self.tr("Outbox file, e.g. sms-outbox.csv") if outbox else "https://gateway.example/api/sms"
        )

    def _browse(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("SMS outbox file"), "sms-outbox.csv", self.tr("CSV files (*.csv)")
        )
        if path is not None:
            self.target_edit.setText(str(path))

    # Password ---------------------------------------------------------------------------------------------
    def _smtp_password(self, config: SmtpConfig) -> tuple[bool, str | None]:
        """(go on?, password): from the keyring, else typed by the user for this send only."""
        if not config.login:
            return True, None
        try:
            password = get_smtp_password(host=config.host, login=config.login)
        except KeyringUnavailable as exc:
            self.keyring_label.setText(str(exc))
            self.keyring_label.show()
            password = None
        else:
            if password is None:
                self.keyring_label.setText(
                    self.tr("No password is saved for {login} on {host}: type it for this send.").format(
                        login=config.login, host=config.host
                    )
                )
                self.keyring_label.show()
        if password is not None:
            return True, password
        self.password_prompted = True
        typed, ok = QInputDialog.getText(
            self,
            self.tr("Mail server password"),
            self.tr("Password of {login} on {host} (used for this send only, never stored):").format(
                login=config.login, host=config.host
            ),
            QLineEdit.EchoMode.Password,
        )
        return (bool(ok and typed), typed if ok and typed else None)

    # Sending ----------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Send to every target not sent yet, off the GUI thread."""
        if self._running is not None:
            return
        self.error_label.hide()
        running = _Running()
        sender, campaign_id, options = self._sender, self.campaign_id, self.options
        fn: Any
        if self.is_email:
            config = self._smtp.for_sending()
            if not config.host:
                say(self.error_label, self.tr("No mail server is set: use “SMTP settings…” first."))
                return
            go, password = self._smtp_password(config)
            if not go:
                say(self.error_label, self.tr("Not sent: the mail server password is needed."))
                return

            def fn(progress: Progress) -> SendReport:
                running.progress = progress
                return sender.send_email(
                    campaign_id=campaign_id, password=password, options=options, progress=progress
                )

        else:
            target = self.target_edit.text().strip()
            if not target:
                say(self.error_label, self.tr("Choose the outbox file or the gateway URL."))
                return
            try:
                provider: OutboxCsvProvider | HttpSmsProvider = (
                    OutboxCsvProvider(Path(target))
                    if self.provider_combo.currentData() == "outbox"
                    else HttpSmsProvider(target, token=self.token_edit.text() or None)
                )
            except Exception as exc:  # noqa: BLE001 - a ValidationError on the URL, shown as is
                say(self.error_label, str(exc))
                return

            def fn(progress: Progress) -> SendReport:
                running.progress = progress
                return sender.send_sms(
                    campaign_id=campaign_id, provider=provider, options=options, progress=progress
                )

        self._running = running
        self.results_table.setRowCount(0)
        self.summary_label.clear()
        self.progress_bar.setRange(0, max(1, self.state.to_go))
        self.progress_bar.setValue(0)
        self.progress_text.setText(self.tr("Connecting…"))
        self.send_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.close_button.setEnabled(False)
        running.job = (
            CollectionOp(fn)
            .progress(self._progressed)
            .success(self._done)
            .failure(self._failed)
            .cancelled(self._cancelled)
            .run(self.ctx.executor)
        )

    def cancel(self) -> None:
        """Ask the send to stop after the message in flight (those sent stay sent)."""
        running = self._running
        if running is None:
            return
        running.cancel_asked = True
        if running.progress is not None:
            running.progress.cancel()
        if running.job is not None:
            running.job.cancel()
        self.cancel_button.setEnabled(False)
        self.progress_text.setText(self.tr("Stopping after the current message…"))

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(done)
        if text and not (self._running and self._running.cancel_asked):
            self.progress_text.setText(
                self.tr("{done} of {total} · {address}").format(
                    done=fmt.number(done), total=fmt.number(total), address=text
                )
            )
        self.progress_changed.emit(done, total)

    def _finish(self) -> None:
        self._running = None
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)
        self.state = self._sender.send_state(campaign_id=self.campaign_id)
        self._show_state()
        self.send_finished.emit(self.campaign_id)

    def _done(self, report: SendReport) -> None:
        self.report = report
        self._show_results(report.results)
        counts = {status: report.count(status) for status in RecipientStatus}
        summary = self.tr(
            "{sent} sent · {failed} failed · {deferred} to retry later · {skipped} skipped"
        ).format(
            sent=fmt.number(counts[RecipientStatus.SENT]),
            failed=fmt.number(counts[RecipientStatus.FAILED]),
            deferred=fmt.number(counts[RecipientStatus.DEFERRED]),
            skipped=fmt.number(counts[RecipientStatus.SKIPPED]),
        )
        if report.stopped:
            summary = self.tr("Stopped. {summary}").format(summary=summary)
        self.summary_label.setText(summary)
        self.progress_text.setText(
            self.tr("Stopped: resume when you like.") if report.stopped else self.tr("Done.")
        )
        self._finish()

    def _cancelled(self) -> None:
        self.summary_label.setText(self.tr("Stopped: those already sent stay sent; resume when you like."))
        self.progress_text.clear()
        self._finish()

    def _failed(self, exc: Exception) -> None:
        say(self.error_label, message_of(exc))
        self.progress_text.clear()
        self._finish()

    def _show_results(self, results: tuple[RecipientResult, ...]) -> None:
        texts = {
            RecipientStatus.SENT: self.tr("Sent"),
            RecipientStatus.FAILED: self.tr("Failed"),
            RecipientStatus.DEFERRED: self.tr("To retry"),
            RecipientStatus.SKIPPED: self.tr("Skipped"),
        }
        self.results_table.setRowCount(len(results))
        for row, r in enumerate(results):
            detail = r.detail
            if r.status is RecipientStatus.SKIPPED:
                detail = (
                    self.tr("On the suppression list (opted out)")
                    if "suppression" in r.detail
                    else self.tr("No consent any more ({reason})").format(
                        reason=r.detail.removeprefix("consent: ")
                    )
                )
            for column, text in enumerate((r.address, texts[r.status], detail)):
                item = QTableWidgetItem(text)
                if column == 2:
                    item.setToolTip(text)
                self.results_table.setItem(row, column, item)
            if r.status in (RecipientStatus.FAILED, RecipientStatus.DEFERRED):
                result_item = self.results_table.item(row, 1)
                if result_item is not None:
                    result_item.setForeground(Qt.GlobalColor.darkRed)

    def reject(self) -> None:
        if self._running is not None:  # Escape while sending: stop, do not leave a send running unseen
            self.cancel()
            return
        super().reject()
