"""The dealership's outgoing mail server: host, port, encryption and login (the `smtp.*` settings) and the
password, stored in the system keyring only, with a connection test."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.messaging import KeyringUnavailable, SmtpConfig, SmtpService, get_smtp_password
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import password_edit, restyled
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import button_row, close_button, push_button, text_label


class SmtpSettingsDialog(Dialog):
    """Set the SMTP server (for users allowed to manage settings) and test it."""

    def __init__(self, ctx: AppContext, *, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(SmtpService)
        self.setWindowTitle(self.tr("Mail server (SMTP)"))
        self.setMinimumWidth(520)
        current = self._service.current()

        self.host_edit = QLineEdit(current.host)
        self.host_edit.setPlaceholderText(self.tr("e.g. smtp.garage-des-tilleuls.fr"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(current.port)
        self.tls_combo = QComboBox()
        self.tls_combo.addItem(self.tr("STARTTLS (port 587)"), "starttls")
        self.tls_combo.addItem(self.tr("SSL/TLS (port 465)"), "ssl")
        self.tls_combo.addItem(self.tr("None (local relay only)"), "none")
        self.tls_combo.setCurrentIndex(max(0, self.tls_combo.findData(current.tls)))
        self.login_edit = QLineEdit(current.login)
        self.password_edit = password_edit()
        self.keyring_label = text_label("", "Hint")
        form = QFormLayout()
        form.addRow(self.tr("&Server"), self.host_edit)
        form.addRow(self.tr("&Port"), self.port_spin)
        form.addRow(self.tr("&Encryption"), self.tls_combo)
        form.addRow(self.tr("&Login"), self.login_edit)
        form.addRow(self.tr("Pass&word"), self.password_edit)
        form.addRow("", self.keyring_label)

        self.result_label = text_label()
        self.test_button = push_button(self.tr("&Test connection"), self.test_connection)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(ctx.can("settings.manage"))
        buttons = button_row(self.save_button, close_button(self.reject), aside=self.test_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._show_keyring_state(current)

    def config(self) -> SmtpConfig:
        return SmtpConfig(
            host=self.host_edit.text().strip(),
            port=self.port_spin.value(),
            tls=str(self.tls_combo.currentData()),
            login=self.login_edit.text().strip(),
        )

    def _show_keyring_state(self, config: SmtpConfig) -> None:
        if not config.host or not config.login:
            self.password_edit.setPlaceholderText(self.tr("stored in the system keyring"))
            self.keyring_label.setText(
                self.tr("The password goes to the system keyring, never to the database.")
            )
            return
        try:
            saved = get_smtp_password(host=config.host, login=config.login) is not None
        except KeyringUnavailable:
            self.password_edit.setPlaceholderText(self.tr("no keyring: asked at each send"))
            self.keyring_label.setText(
                self.tr(
                    "No system keyring is available on this computer: the password cannot be saved and "
                    "will be asked at each send. It is never written to the database."
                )
            )
            return
        self.password_edit.setPlaceholderText(
            self.tr("saved in the keyring (leave blank to keep it)") if saved else self.tr("not saved yet")
        )
        self.keyring_label.setText(self.tr("The password goes to the system keyring, never to the database."))

    def _password_for_test(self, config: SmtpConfig) -> str | None:
        typed = self.password_edit.text()
        if typed or not config.login:
            return typed or None
        try:
            return get_smtp_password(host=config.host, login=config.login)
        except KeyringUnavailable:
            return None

    def test_connection(self) -> None:
        """Connect and log in with what the form says (off the GUI thread); nothing is saved."""
        config = self.config()
        self.result_label.setObjectName("Hint")
        self.result_label.setText(self.tr("Connecting to {host}…").format(host=config.host))
        self.test_button.setEnabled(False)
        test = QueryOp(self._service.test_connection, config=config, password=self._password_for_test(config))
        test.success(self._tested).failure(self._test_failed).latest_for(self, "test").run(self.ctx.executor)

    def _tested(self, greeting: str) -> None:
        self.test_button.setEnabled(True)
        self._set_result(self.tr("Connection works ({answer}).").format(answer=greeting), error=False)

    def _test_failed(self, exc: Exception) -> None:
        self.test_button.setEnabled(True)
        self._set_result(self.tr("Connection failed: {reason}").format(reason=message_of(exc)), error=True)

    def save(self) -> None:
        """Save the settings; the password (when typed) goes to the keyring only."""
        config = self.config()
        password = self.password_edit.text() or None
        save = CollectionOp(self._service.save, config=config, password=password)
        save.success(lambda saved: self._saved(config, saved)).failure(self._save_failed).run(
            self.ctx.executor
        )

    def _save_failed(self, exc: Exception) -> None:
        if isinstance(exc, KeyringUnavailable):
            self._set_result(
                self.tr("Settings saved, but the password was not: {reason}").format(reason=str(exc)),
                error=True,
            )
            self.password_edit.clear()
            return
        self._set_result(message_of(exc), error=True)  # validation and permission errors, as they are

    def _saved(self, config: SmtpConfig, saved: bool) -> None:
        self.password_edit.clear()
        self._set_result(
            self.tr("Saved; the password is in the system keyring.") if saved else self.tr("Saved."),
            error=False,
        )
        self._show_keyring_state(config)

    def _set_result(self, text: str, *, error: bool) -> None:
        self.result_label.setText(text)
        restyled(self.result_label, "FormError" if error else "Hint")
