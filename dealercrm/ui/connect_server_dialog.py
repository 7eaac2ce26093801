"""Connect this workstation to the dealership's PostgreSQL server: host, port, database, user, TLS mode and
password, a connection test run on the executor, and a plain sentence for each way it can fail.

The profile (everything but the password) is remembered in the user's settings (QSettings, group
`database/server`) and the app opens on it at the next start, unless `--db` or $DEALERCRM_DB says
otherwise. The password goes to the system keyring (service "dealercrm", user "user@host:port/db"); with
no keyring it is kept in memory for this run only, and libpq's ~/.pgpass (or $PGPASSFILE) is read by the
driver itself when no password is given. It is never written to our settings nor into a URL.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import (
    default_button,
    message_label,
    other_button,
    password_edit,
    restyled,
    window_heading,
    window_layout,
)
from dealercrm.ui.widgets.dialog import StartWindow
from dealercrm.ui.widgets.forms import button_row, show_busy
from dealercrm.ui.workers import Executor

if TYPE_CHECKING:
    from dealercrm.services.server_connection import ConnectOutcome, ServerCheck, ServerProfile

SETTINGS_GROUP = "database/server"
PROFILE_FIELDS = ("host", "port", "database", "user", "sslmode")
DEFAULT_PORT = 5432  # also postgres.DEFAULT_PORT; the dialog must not import the database stack to show


# The remembered profile --------------------------------------------------------------------------------


def saved_profile(settings: QSettings | None = None) -> ServerProfile | None:
    """The server this workstation connected to last (None: it uses an SQLite file)."""
    settings = settings or QSettings()
    host = str(settings.value(f"{SETTINGS_GROUP}/host", "") or "")
    database = str(settings.value(f"{SETTINGS_GROUP}/database", "") or "")
    if not host or not database:
        return None
    from dealercrm.services.server_connection import ServerProfile

    try:
        port = int(str(settings.value(f"{SETTINGS_GROUP}/port", DEFAULT_PORT)))
    except ValueError:
        port = DEFAULT_PORT
    return ServerProfile(
        host=host,
        database=database,
        user=str(settings.value(f"{SETTINGS_GROUP}/user", "") or ""),
        port=port,
        sslmode=str(settings.value(f"{SETTINGS_GROUP}/sslmode", "prefer") or "prefer"),
    )


def saved_url(settings: QSettings | None = None) -> str | None:
    """The remembered server as a `--db` URL (no password), written without importing SQLAlchemy: the
    app reads it on the GUI thread before its first window, and the database stack loads on the
    executor."""
    settings = settings or QSettings()
    host = str(settings.value(f"{SETTINGS_GROUP}/host", "") or "")
    database = str(settings.value(f"{SETTINGS_GROUP}/database", "") or "")
    if not host or not database:
        return None
    user = quote(str(settings.value(f"{SETTINGS_GROUP}/user", "") or ""), safe="")
    port = str(settings.value(f"{SETTINGS_GROUP}/port", DEFAULT_PORT) or DEFAULT_PORT)
    sslmode = quote(str(settings.value(f"{SETTINGS_GROUP}/sslmode", "prefer") or "prefer"), safe="")
    where = f"[{host}]" if ":" in host else quote(host, safe="")
    login = f"{user}@" if user else ""
    return f"postgresql+psycopg://{login}{where}:{port}/{quote(database, safe='')}?sslmode={sslmode}"


def save_profile(profile: ServerProfile, settings: QSettings | None = None) -> None:
    """Remember the server (never its password)."""
    settings = settings or QSettings()
    for name in PROFILE_FIELDS:
        settings.setValue(f"{SETTINGS_GROUP}/{name}", getattr(profile, name))
    settings.sync()


def forget_profile(settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    settings.remove(SETTINGS_GROUP)
    settings.sync()


# Words --------------------------------------------------------------------------------------------------


def problem_message(check: ServerCheck, profile: ServerProfile) -> str:
    """The sentence for what the connection test found, in the user's language."""
    from dealercrm import __version__
    from dealercrm.services.server_connection import Problem

    if check.problem is None:
        return QCoreApplication.translate(
            "ConnectServerDialog", "Connected: the server and its database are ready."
        )
    messages = {
        Problem.DRIVER_MISSING: QCoreApplication.translate(
            "ConnectServerDialog",
            "The PostgreSQL driver (psycopg) is not installed on this workstation: install it with "
            "pip install 'dealercrm[postgres]', then start dealercrm again.",
        ),
        Problem.UNREACHABLE: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server {host}:{port} cannot be reached: check its name and port, the network, and that "
            "PostgreSQL is running and accepts connections from this workstation.",
        ),
        Problem.PASSWORD_NEEDED: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server asks for {user}'s password and none was found: type it here (it goes to the "
            "system keyring), or put it in ~/.pgpass.",
        ),
        Problem.BAD_PASSWORD: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server refused the password for {user}: check it with the administrator.",
        ),
        Problem.NO_ROLE: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server has no user {user}: check the name, or ask the administrator to create it.",
        ),
        Problem.NO_DATABASE: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server has no database {database}: check its name, or ask the administrator to create it.",
        ),
        Problem.NO_RIGHTS: QCoreApplication.translate(
            "ConnectServerDialog",
            "The user {user} may not use the dealership's tables of {database}: ask the administrator to "
            'grant it the rights (see the README, "Several workstations").',
        ),
        Problem.TLS: QCoreApplication.translate(
            "ConnectServerDialog",
            "The secure (TLS) connection failed: check the TLS mode with the administrator (the server "
            "may not offer TLS, or its certificate is not trusted by this workstation).",
        ),
        Problem.SCHEMA_EMPTY: QCoreApplication.translate(
            "ConnectServerDialog",
            "Connected, but the database {database} is empty: connecting sets it up as a new dealership "
            "(the administrator usually does this with `dealercrm db upgrade`).",
        ),
        Problem.SCHEMA_OLDER: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server's database is older than this version of dealercrm (schema {revision}): the "
            "administrator must run `dealercrm db upgrade` before this workstation can connect.",
        ),
        Problem.SCHEMA_NEWER: QCoreApplication.translate(
            "ConnectServerDialog",
            "The server's database was upgraded by a newer dealercrm (schema {revision}): this workstation "
            "needs that version of dealercrm or newer (this one is {version}).",
        ),
        Problem.OTHER: QCoreApplication.translate("ConnectServerDialog", "The connection failed: {detail}"),
    }
    if check.problem is Problem.SCHEMA_NEWER and check.detail:
        messages[Problem.SCHEMA_NEWER] = QCoreApplication.translate(
            "ConnectServerDialog",
            "The server's database was upgraded by dealercrm {needed} (schema {revision}): this workstation "
            "needs dealercrm {needed} or newer (this one is {version}).",
        )
    return messages[check.problem].format(
        **asdict(profile),  # {host}, {port}, {user}, {database}
        needed=check.detail,
        revision=check.revision or "",
        version=__version__,
        detail=check.detail,
    )


class ConnectServerDialog(StartWindow):
    """Accepted once the server answered and its database can be used: `profile` (saved in the settings),
    `check` (SCHEMA_EMPTY: the database must be set up on opening)."""

    def __init__(
        self,
        executor: Executor,
        *,
        profile: ServerProfile | None = None,
        message: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(executor, parent)
        self.profile: ServerProfile | None = None
        self.check: ServerCheck | None = None
        self._keyring_ok = True
        self._keyring_warned = False
        self._busy = False
        self.setWindowTitle(self.tr("Connect to the dealership's server"))
        self.setMinimumWidth(560)

        heading = window_heading(
            self.tr("Connect to the dealership's server"),
            self.tr(
                "Several workstations share the dealership's PostgreSQL database. Ask the administrator for "
                "these details."
            ),
            logo=False,
        )

        self.host_edit = QLineEdit()
        self.host_edit.setPlaceholderText(self.tr("e.g. crm-server or 192.168.1.10"))
        self.port_spin = QSpinBox()
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.database_edit = QLineEdit("dealercrm")
        self.user_edit = QLineEdit()
        self.user_edit.setPlaceholderText(self.tr("e.g. marie"))
        self.sslmode_combo = QComboBox()
        self.sslmode_combo.addItem(self.tr("prefer: encrypted when the server offers it"), "prefer")
        self.sslmode_combo.addItem(self.tr("require: always encrypted"), "require")
        self.sslmode_combo.addItem(
            self.tr("verify-full: encrypted, and the server's certificate checked"), "verify-full"
        )
        self.sslmode_combo.addItem(self.tr("disable: not encrypted (local network only)"), "disable")
        self.password_edit = password_edit(self.tr("empty: the saved one (keyring or ~/.pgpass)"))
        self.remember_check = QCheckBox(self.tr("Remember the password in the system keyring"))
        self.remember_check.setChecked(True)
        self.keyring_label = message_label("Hint")

        form = QFormLayout()
        form.addRow(self.tr("&Server"), self.host_edit)
        form.addRow(self.tr("&Port"), self.port_spin)
        form.addRow(self.tr("&Database"), self.database_edit)
        form.addRow(self.tr("&User"), self.user_edit)
        form.addRow(self.tr("&Encryption (TLS)"), self.sslmode_combo)
        form.addRow(self.tr("Pass&word"), self.password_edit)
        form.addRow("", self.remember_check)

        self.result_label = QLabel(message)
        self.result_label.setObjectName("FormError" if message else "Hint")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.setVisible(bool(message))

        self.test_button = other_button(self.tr("&Test the connection"))
        self.connect_button = default_button(self.tr("&Connect"))
        self.cancel_button = other_button(self.tr("Cancel"))
        buttons = button_row(self.cancel_button, self.connect_button, aside=self.test_button)

        layout = window_layout(self, spacing=12)  # wrapped hints never cut off
        layout.addLayout(heading)
        layout.addLayout(form)
        layout.addWidget(self.keyring_label)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.test_button.clicked.connect(self.test_connection)
        self.connect_button.clicked.connect(self.connect_to_server)
        self.cancel_button.clicked.connect(self.reject)
        for edit in (self.host_edit, self.database_edit, self.user_edit):
            edit.textEdited.connect(self._details_changed)
        self.port_spin.valueChanged.connect(self._details_changed)
        self.sslmode_combo.currentIndexChanged.connect(self._details_changed)
        if profile is not None:
            self.set_profile(profile)
        (self.password_edit if profile is not None else self.host_edit).setFocus()
        from dealercrm.services.server_connection import keyring_state

        # Without an answer the form works as it is: a typed password is simply kept for this run.
        QueryOp(keyring_state, profile).success(self._show_keyring_state).failure(lambda _exc: None).run(
            self._executor
        )

    # The form -----------------------------------------------------------------------------------------
    def set_profile(self, profile: ServerProfile) -> None:
        self.host_edit.setText(profile.host)
        self.port_spin.setValue(profile.port)
        self.database_edit.setText(profile.database)
        self.user_edit.setText(profile.user)
        index = self.sslmode_combo.findData(profile.sslmode)
        self.sslmode_combo.setCurrentIndex(max(0, index))

    def form_profile(self) -> ServerProfile | None:
        """The profile the fields describe; None (and the empty field focused) when one is missing."""
        for edit in (self.host_edit, self.database_edit, self.user_edit):
            if not edit.text().strip():
                self._show_result(self.tr("Fill in the server, the database and the user."), error=True)
                edit.setFocus()
                return None
        from dealercrm.services.server_connection import ServerProfile

        return ServerProfile(
            host=self.host_edit.text().strip(),
            database=self.database_edit.text().strip(),
            user=self.user_edit.text().strip(),
            port=self.port_spin.value(),
            sslmode=str(self.sslmode_combo.currentData()),
        )

    def _details_changed(self) -> None:
        self._keyring_warned = False
        self.result_label.hide()

    def _show_keyring_state(self, state: tuple[bool, bool]) -> None:
        available, saved = state
        self._keyring_ok = available
        if not available:
            self.remember_check.setChecked(False)
            self.remember_check.setEnabled(False)
            self.keyring_label.setText(
                self.tr(
                    "No system keyring is available on this computer: a password typed here is kept in "
                    "memory until dealercrm closes, never written to a file. To avoid typing it at each "
                    "start, put it in ~/.pgpass (%APPDATA%\\postgresql\\pgpass.conf on Windows)."
                )
            )
            self.keyring_label.show()
        elif saved:
            self.password_edit.setPlaceholderText(self.tr("saved in the keyring (leave empty to keep it)"))

    def _show_result(self, text: str, *, error: bool) -> None:
        self.result_label.setStyleSheet("" if error else "color: #05603a;")
        restyled(self.result_label, "FormError" if error else "Hint")
        self.result_label.setText(text)
        self.result_label.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        show_busy(self, busy, (self.test_button, self.connect_button))
        if busy:
            self._show_result(self.tr("Trying the server…"), error=False)

    # Testing and connecting ---------------------------------------------------------------------------
    def test_connection(self) -> None:
        profile = self.form_profile()
        if profile is None:
            return
        self._set_busy(True)
        from dealercrm.services.server_connection import try_server

        QueryOp(try_server, profile, self.password_edit.text()).success(
            lambda outcome: self._tested(profile, outcome)
        ).failure(self._failed).latest_for(self).run(self._executor)

    def _tested(self, profile: ServerProfile, outcome: ConnectOutcome) -> None:
        from dealercrm.services.server_connection import can_connect

        self._set_busy(False)
        self._show_result(problem_message(outcome.check, profile), error=not can_connect(outcome.check))
        if outcome.check.detail and outcome.check.problem is not None:
            self.result_label.setToolTip(outcome.check.detail)

    def connect_to_server(self) -> None:
        profile = self.form_profile()
        if profile is None:
            return
        self._set_busy(True)
        from dealercrm.services.server_connection import connect_server

        remember = self.remember_check.isChecked() and self._keyring_ok
        CollectionOp(connect_server, profile, self.password_edit.text(), remember).success(
            lambda outcome: self._connected(profile, outcome)
        ).failure(self._failed).latest_for(self).run(self._executor)

    def _connected(self, profile: ServerProfile, outcome: ConnectOutcome) -> None:
        from dealercrm.services.server_connection import can_connect

        self._set_busy(False)
        if not can_connect(outcome.check):
            self._tested(profile, outcome)
            return
        if outcome.keyring_problem and not self._keyring_warned:
            # The password works but could not be saved: say so once; Connect again goes on.
            self._keyring_warned = True
            self._show_result(
                self.tr(
                    "The password could not be saved in the system keyring: it is kept in memory until "
                    "dealercrm closes. Put it in ~/.pgpass to avoid typing it at each start. Click Connect "
                    "again to go on."
                ),
                error=True,
            )
            self.result_label.setToolTip(outcome.keyring_problem)
            return
        save_profile(profile)
        self.profile = profile
        self.check = outcome.check
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_result(
            self.tr("The connection failed: {detail}").format(detail=message_of(exc)), error=True
        )
