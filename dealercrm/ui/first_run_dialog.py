"""First start on an empty database: create the dealership and its administrator, load demo data, or
connect this workstation to the dealership's PostgreSQL server instead."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.ui.i18n import QT_TRANSLATE_NOOP
from dealercrm.ui.operations import CollectionOp, message_of
from dealercrm.ui.style import (
    default_button,
    message_label,
    named,
    other_button,
    password_edit,
    window_heading,
    window_layout,
)
from dealercrm.ui.widgets.dialog import StartWindow
from dealercrm.ui.widgets.forms import show_busy, show_field_error, text_label
from dealercrm.ui.workers import Executor, Job

if TYPE_CHECKING:
    from dealercrm.ui.connect_server_dialog import ConnectServerDialog
    from dealercrm.ui.context import Services

DEMO_CONTACTS = 3000


def translate_field_message(message: str) -> str:
    """The services' field messages (English) in the user's language; unknown ones are shown as they are."""
    known = {
        "required": QCoreApplication.translate("FirstRunDialog", "Required."),
        "letters, digits, dot, dash or underscore, at most 64": QCoreApplication.translate(
            "FirstRunDialog", "Letters, digits, dot, dash or underscore; at most 64."
        ),
    }
    if message in known:
        return known[message]
    if message.startswith("at least ") and message.endswith(" characters"):
        count = message.removeprefix("at least ").removesuffix(" characters")
        return QCoreApplication.translate("FirstRunDialog", "At least {count} characters.").format(
            count=count
        )
    if message.endswith(" is already taken"):
        return QCoreApplication.translate("FirstRunDialog", "This login is already taken.")
    return message


# The demo generator's progress texts (dealercrm.demo.DEMO_STEPS), for pyside6-lupdate.
DEMO_STEP_TEXTS = (
    QT_TRANSLATE_NOOP("DemoSteps", "Preparing the dealership"),
    QT_TRANSLATE_NOOP("DemoSteps", "Creating contacts"),
    QT_TRANSLATE_NOOP("DemoSteps", "Planning sales and the workshop"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing vehicles"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing the pipeline and sales"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing workshop visits and claims"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing campaigns"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing tasks"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing interactions"),
    QT_TRANSLATE_NOOP("DemoSteps", "Writing marketing figures"),
    QT_TRANSLATE_NOOP("DemoSteps", "Computing scores"),
)


class FirstRunDialog(StartWindow):
    """Accepted with `outcome` "created" (and `actor`, the new administrator, already logged in),
    "demo" (demo data loaded: the login screen comes next, listing the demo accounts) or "server"
    (`server_profile` and `server_check`: the app opens the dealership's server instead)."""

    FIELDS = ("dealership_name", "login", "display_name", "password", "password_again")

    def __init__(
        self,
        services: Services,
        executor: Executor,
        *,
        demo_contacts: int = DEMO_CONTACTS,
        demo_today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(executor, parent)
        self._services = services
        self._demo_contacts = demo_contacts
        self._demo_today = demo_today
        self._demo_job: Job | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.outcome: str | None = None
        self.actor: Actor | None = None
        self.demo_summary: Any = None
        self.server_profile: Any = None  # postgres.ServerProfile, once connected
        self.server_check: Any = None
        self.server_dialog: ConnectServerDialog | None = None
        self.setWindowTitle(self.tr("Welcome to dealercrm"))

        heading = window_heading(
            self.tr("Welcome to dealercrm"),
            self.tr("This database is empty. Set up your dealership, or look around with demo data."),
        )

        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        labels = {
            "dealership_name": self.tr("&Dealership name"),
            "login": self.tr("Administrator &login"),
            "display_name": self.tr("Administrator &full name"),
            "password": self.tr("&Password"),
            "password_again": self.tr("Password (&again)"),
        }
        placeholders = {
            "dealership_name": self.tr("e.g. Garage du Centre"),
            "login": self.tr("e.g. admin"),
            "display_name": self.tr("e.g. Alice Martin"),
            "password": self.tr("at least 8 characters"),
            "password_again": "",
        }
        for row, field in enumerate(self.FIELDS):
            edit = password_edit() if field.startswith("password") else QLineEdit()
            edit.setMinimumWidth(260)
            edit.setPlaceholderText(placeholders[field])
            edit.textEdited.connect(lambda _text, f=field: self.show_field_error(f, None))
            error = named(QLabel(), "FieldError")
            error.hide()
            label = QLabel(labels[field])
            label.setBuddy(edit)
            grid.addWidget(label, row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(error, row * 2 + 1, 1)
            if row < len(self.FIELDS) - 1:
                grid.setRowMinimumHeight(row * 2 + 1, 8)
            self.edits[field] = edit
            self.errors[field] = error
        grid.setColumnStretch(1, 1)

        self.form_error = message_label()

        create_title = named(QLabel(self.tr("Set up your dealership")), "SectionTitle")
        self.create_button = default_button(self.tr("Create the dealership"))
        self.demo_button = other_button(self.tr("Explore with demo data…"))
        demo_title = named(QLabel(self.tr("Just looking?")), "SectionTitle")
        demo_text = text_label(
            self.tr(
                "Fill this database with a made-up dealership ({count} contacts, vehicles, sales and "
                "claims) and log in as one of its staff. Use a separate database for real work."
            ).format(count=QLocale().toString(demo_contacts)),
            "Hint",
        )
        demo_card = QFrame()
        demo_card.setObjectName("Card")
        demo_card.setMinimumWidth(max(300, self.demo_button.sizeHint().width() + 34))  # button never cut
        demo_card.setMaximumWidth(440)  # room for the French button label with any font
        demo_layout = QVBoxLayout(demo_card)
        demo_layout.setContentsMargins(16, 14, 16, 16)
        demo_layout.setSpacing(8)
        demo_layout.addWidget(demo_title)
        demo_layout.addWidget(demo_text)
        demo_layout.addStretch(1)
        demo_layout.addWidget(self.demo_button)

        server_title = named(QLabel(self.tr("Several workstations?")), "SectionTitle")
        server_text = text_label(
            self.tr(
                "If the dealership already has its dealercrm server (PostgreSQL), connect this "
                "workstation to it instead."
            ),
            "Hint",
        )
        self.server_button = other_button(self.tr("Connect to the dealership's server…"))
        self.server_card = QFrame()
        self.server_card.setObjectName("Card")
        server_words = QVBoxLayout()
        server_words.setSpacing(4)
        server_words.addWidget(server_title)
        server_words.addWidget(server_text)
        server_layout = QHBoxLayout(self.server_card)
        server_layout.setContentsMargins(16, 12, 16, 12)
        server_layout.setSpacing(16)
        server_layout.addLayout(server_words, 1)
        server_layout.addWidget(self.server_button, 0, Qt.AlignmentFlag.AlignVCenter)
        # Already on a server: there is nothing to switch to.
        self.server_card.setVisible(services.is_sqlite)

        self.quit_button = other_button(self.tr("Quit"))
        create_row = QHBoxLayout()
        create_row.addWidget(self.quit_button)
        create_row.addStretch(1)
        create_row.addWidget(self.create_button)

        create_box = QVBoxLayout()
        create_box.setSpacing(12)
        create_box.addWidget(create_title)
        create_box.addLayout(grid)
        create_box.addWidget(self.form_error)
        create_box.addStretch(1)
        create_box.addLayout(create_row)

        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(create_box, 1)
        body.addWidget(demo_card)

        layout = window_layout(self, spacing=20)
        layout.addLayout(heading)
        layout.addLayout(body)
        layout.addWidget(self.server_card)

        self.create_button.clicked.connect(self.create_dealership)
        self.demo_button.clicked.connect(self.load_demo)
        self.server_button.clicked.connect(self.connect_to_server)
        self.quit_button.clicked.connect(self.reject)
        self.edits["dealership_name"].setFocus()

    # Creating the dealership -------------------------------------------------------------------------
    def create_dealership(self) -> None:
        self._clear_all_errors()
        values = {field: edit.text() for field, edit in self.edits.items()}
        if values["password"] != values["password_again"]:
            self.show_field_error("password_again", self.tr("The two passwords differ."))
            self.edits["password_again"].setFocus()
            return
        from dealercrm.services.auth import AuthService

        self._set_busy(True)
        CollectionOp(
            self._services.service(AuthService).setup_dealership,
            dealership_name=values["dealership_name"],
            admin_login=values["login"],
            admin_display_name=values["display_name"],
            admin_password=values["password"],
        ).success(self._setup_done).failure(self._setup_failed).run(self._executor)

    def _setup_done(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.outcome = "created"
        self.accept()

    def _setup_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, ValidationError):
            self.show_form_error(message_of(exc))
            return
        names = {"admin_login": "login", "admin_display_name": "display_name", "admin_password": "password"}
        first: str | None = None
        for field, message in exc.errors.items():
            field = names.get(field, field)
            if field in self.edits:
                self.show_field_error(field, translate_field_message(message))
                first = first or field
            else:
                self.show_form_error(translate_field_message(message))
        if first is not None:
            self.edits[first].setFocus()

    def show_field_error(self, field: str, message: str | None) -> None:
        show_field_error(self.edits[field], self.errors[field], message)

    def show_form_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.show()

    def _clear_all_errors(self) -> None:
        for field in self.FIELDS:
            self.show_field_error(field, None)
        self.form_error.hide()

    def _set_busy(self, busy: bool) -> None:
        show_busy(self, busy, (*self.edits.values(), self.create_button, self.demo_button))

    # The dealership's server ---------------------------------------------------------------------------
    def connect_to_server(self) -> None:
        """Ask for the server's details; once connected, the app leaves this (empty) file for the server."""
        from dealercrm.ui.connect_server_dialog import ConnectServerDialog, saved_profile

        dialog = ConnectServerDialog(self._executor, profile=saved_profile(), parent=self)
        dialog.finished.connect(self._server_dialog_finished)
        self.server_dialog = dialog
        dialog.open()

    def _server_dialog_finished(self, result: int) -> None:
        dialog, self.server_dialog = self.server_dialog, None
        if dialog is None:
            return
        dialog.deleteLater()
        if result != QDialog.DialogCode.Accepted or dialog.profile is None:
            return
        self.server_profile = dialog.profile
        self.server_check = dialog.check
        self.outcome = "server"
        self.accept()

    # Demo data ----------------------------------------------------------------------------------------
    def load_demo(self) -> None:
        """Generate the demo dealership on the executor, with a cancellable progress dialog."""
        from dealercrm.demo import generate_demo

        self._clear_all_errors()
        self._set_busy(True)
        dialog = QProgressDialog(self.tr("Preparing the demo dealership…"), self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(self.tr("Demo data"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setMinimumWidth(420)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._cancel_demo)
        self.progress_dialog = dialog
        dialog.show()
        kwargs: dict[str, Any] = {"contacts": self._demo_contacts}
        if self._demo_today is not None:
            kwargs["today"] = self._demo_today
        self._demo_job = (
            CollectionOp(self._services.over_database(generate_demo), **kwargs)
            .progress(self._demo_progressed)
            .success(self._demo_done)
            .failure(self._demo_failed)
            .cancelled(self._demo_cancelled)
            .run(self._executor)
        )

    def _demo_progressed(self, done: int, total: int, text: str) -> None:
        if self.progress_dialog is None:
            return
        self.progress_dialog.setMaximum(max(total, 0))
        self.progress_dialog.setValue(min(done, total) if total > 0 else 0)
        if text:
            self.progress_dialog.setLabelText(self._demo_step(text))

    def _demo_step(self, text: str) -> str:
        return QCoreApplication.translate("DemoSteps", text)

    def _cancel_demo(self) -> None:
        if self._demo_job is not None:
            self._demo_job.cancel()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText(self.tr("Stopping…"))

    def _close_progress(self) -> None:
        self._demo_job = None
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self._cancel_demo)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None
        self._set_busy(False)

    def _demo_done(self, summary: Any) -> None:
        self._close_progress()
        self.demo_summary = summary
        self.outcome = "demo"
        self.accept()

    def _demo_failed(self, exc: Exception) -> None:
        self._close_progress()
        self.show_form_error(
            self.tr("The demo data could not be created: {reason}").format(reason=message_of(exc))
        )

    def _demo_cancelled(self) -> None:
        self._close_progress()
        self.show_form_error(self.tr("Demo data cancelled: nothing was written."))
