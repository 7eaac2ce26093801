"""User management (administrators): the list of accounts, adding one, disabling, resetting a password."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import Role
from dealercrm.services.auth import MIN_PASSWORD_LENGTH, AuthService, UserRow
from dealercrm.services.errors import ValidationError
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.i18n import role_label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.settings.tab import SettingsTab
from dealercrm.ui.style import message_label, password_edit, set_primary
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import ok_cancel, show_field_error, spread
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, apply_column_widths, make_table_view


def failure_sentence(exc: Exception) -> str:
    """A failure to show under one field: a ValidationError's messages, without their field names."""
    return "; ".join(exc.errors.values()) if isinstance(exc, ValidationError) else message_of(exc)


def new_password_edits() -> tuple[QLineEdit, QLineEdit]:
    """A new password and the same again, both hidden as they are typed."""
    at_least = QCoreApplication.translate("NewPassword", "At least {n} characters")
    return password_edit(at_least.format(n=MIN_PASSWORD_LENGTH)), password_edit()


class UsersTab(SettingsTab):
    """Every account with its role and last login; admins add, disable and reset passwords here."""

    def build(self, ctx: AppContext) -> None:
        self._service = ctx.service(AuthService)
        self.add_button = QPushButton(self.tr("Add a user…"))
        set_primary(self.add_button)
        self.reset_button = QPushButton(self.tr("Reset password…"))
        self.active_button = QPushButton(self.tr("Disable"))
        bar = spread([self.add_button, self.reset_button, self.active_button])
        self.columns: list[Column[UserRow]] = [
            Column(self.tr("Login"), lambda u: u.login, width=140),
            Column(self.tr("Name"), lambda u: u.display_name, width=220),
            Column(self.tr("Role"), lambda u: role_label(u.role), width=150),
            Column(
                self.tr("Account"),
                lambda u: self.tr("Active") if u.active else self.tr("Disabled"),
                width=100,
            ),
            Column(
                self.tr("Last login"),
                lambda u: fmt.datetime(u.last_login_at) if u.last_login_at else self.tr("Never"),
                width=150,
            ),
        ]
        self.model: PagedTableModel[UserRow] = PagedTableModel(self.columns, parent=self)
        self.table = make_table_view(self.model)
        self.table.setSelectionMode(self.table.SelectionMode.SingleSelection)
        apply_column_widths(self.table, self.columns)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.add_user)
        self.reset_button.clicked.connect(self.reset_password)
        self.active_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        QueryOp(self._service.list_users).success(self._show_users).failure(self.show_failure).latest_for(
            self
        ).run(self.ctx.executor)

    def selected(self) -> UserRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def _show_users(self, users: list[UserRow]) -> None:
        current = self.selected()
        self.model.set_rows(users)
        for row, user in enumerate(users):
            if current is not None and user.id == current.id:
                self.table.selectRow(row)
        self._update_buttons()

    def _update_buttons(self) -> None:
        user = self.selected()
        self.reset_button.setEnabled(user is not None)
        self.active_button.setEnabled(user is not None and user.id != self.ctx.actor.id)
        self.active_button.setText(
            self.tr("Enable") if user is not None and not user.active else self.tr("Disable")
        )

    def add_user(self) -> None:
        dialog = AddUserDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordDialog(self.ctx, user, self)
        dialog.exec()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active:
            answer = QMessageBox.question(
                self,
                self.tr("Disable account"),
                self.tr("Disable the account of {name}? They will no longer be able to log in.").format(
                    name=user.display_name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        CollectionOp(self._service.set_active, user_id=user.id, active=not user.active).success(
            lambda _row: self.refresh()
        ).failure(self.show_failure).run(self.ctx.executor)


class AddUserDialog(Dialog):
    """Login, name, role and a first password (typed twice)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setWindowTitle(self.tr("Add a user"))
        self.login_edit = QLineEdit()
        self.login_edit.setPlaceholderText(self.tr("e.g. julie.moreau"))
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText(self.tr("e.g. Julie Moreau"))
        self.role_combo = QComboBox()
        for role in (Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES, Role.MARKETING, Role.ADMIN):
            self.role_combo.addItem(role_label(role), role)
        self.password_edit, self.repeat_edit = new_password_edits()
        fields = ("login", "display_name", "role", "password", "repeat")
        self.errors = {key: message_label("FieldError") for key in fields}
        self.edits: dict[str, QWidget] = {
            "login": self.login_edit,
            "display_name": self.name_edit,
            "role": self.role_combo,
            "password": self.password_edit,
            "repeat": self.repeat_edit,
        }
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for key, text in (
            ("login", self.tr("Login")),
            ("display_name", self.tr("Full name")),
            ("role", self.tr("Role")),
            ("password", self.tr("Password")),
            ("repeat", self.tr("Password again")),
        ):
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(self.edits[key])
            box.addWidget(self.errors[key])
            form.addRow(text, box)
        self.form_error = message_label()
        self.buttons = ok_cancel(self, self.tr("Add user"), on_ok=self.submit, primary=True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)
        self.resize(440, 0)

    def submit(self) -> None:
        for key in self.edits:
            show_field_error(self.edits[key], self.errors[key], None)
        self.form_error.hide()
        if self.password_edit.text() != self.repeat_edit.text():
            show_field_error(self.repeat_edit, self.errors["repeat"], self.tr("The two passwords differ."))
            return
        service = self.ctx.service(AuthService)
        login, name = self.login_edit.text(), self.name_edit.text()
        role, password = Role(self.role_combo.currentData()), self.password_edit.text()
        CollectionOp(
            service.create_user, login=login, display_name=name, role=role, password=password
        ).success(lambda _row: self.accept()).failure(self._failed).disabling(self.buttons).run(
            self.ctx.executor
        )

    def _failed(self, exc: Exception) -> None:
        errors = exc.errors if isinstance(exc, ValidationError) else {"": message_of(exc)}
        for key, message in errors.items():
            if key in self.edits:
                show_field_error(self.edits[key], self.errors[key], message)
            else:
                self.form_error.setText(message)
                self.form_error.show()


class PasswordDialog(Dialog):
    """An administrator sets a new password for someone (typed twice)."""

    def __init__(self, ctx: AppContext, user: UserRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.user = user
        self.setWindowTitle(self.tr("Reset password"))
        intro = QLabel(
            self.tr(
                "Choose a new password for {name}. Give it to them in person; they can change it afterwards."
            ).format(name=user.display_name)
        )
        intro.setWordWrap(True)
        self.password_edit, self.repeat_edit = new_password_edits()
        self.error = message_label("FieldError")
        form = QFormLayout()
        form.addRow(self.tr("New password"), self.password_edit)
        form.addRow(self.tr("Password again"), self.repeat_edit)
        self.buttons = ok_cancel(self, self.tr("Set password"), on_ok=self.submit, primary=True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.buttons)
        self.resize(420, 0)

    def submit(self) -> None:
        show_field_error(self.repeat_edit, self.error, None)
        if self.password_edit.text() != self.repeat_edit.text():
            show_field_error(self.repeat_edit, self.error, self.tr("The two passwords differ."))
            return
        service = self.ctx.service(AuthService)
        user_id, password = self.user.id, self.password_edit.text()
        CollectionOp(service.set_password, user_id=user_id, password=password).success(
            lambda _none: self.accept()
        ).failure(self._failed).run(self.ctx.executor)

    def _failed(self, exc: Exception) -> None:
        show_field_error(self.password_edit, self.error, failure_sentence(exc))
