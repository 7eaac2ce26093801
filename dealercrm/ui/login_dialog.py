"""The login screen: login and password, checked on the database executor (argon2 takes ~100 ms)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.ui.i18n import role_label
from dealercrm.ui.operations import CollectionOp, message_of
from dealercrm.ui.style import (
    default_button,
    message_label,
    other_button,
    password_edit,
    say,
    window_heading,
    window_layout,
)
from dealercrm.ui.widgets.dialog import StartWindow
from dealercrm.ui.workers import Executor

if TYPE_CHECKING:  # the database stack loads on the executor while this dialog is already up
    from dealercrm.services.permissions import Actor
    from dealercrm.ui.context import Services


def translate_auth_message(message: str) -> str:
    """AuthService speaks English; show its sentences in the user's language."""
    locked = re.search(r"locked for (\d+) more minute", message)
    if locked:
        return QCoreApplication.translate(
            "LoginDialog", "Too many failed attempts: this account is locked; try again in {minutes} min."
        ).format(minutes=locked.group(1))
    known = {
        "Wrong login or password.": QCoreApplication.translate("LoginDialog", "Wrong login or password."),
        "This account is disabled. Ask the administrator.": QCoreApplication.translate(
            "LoginDialog", "This account is disabled. Ask the administrator."
        ),
        "Too many failed attempts: this account is now locked for a while.": QCoreApplication.translate(
            "LoginDialog", "Too many failed attempts: this account is now locked for a while."
        ),
    }
    return known.get(message, message)


class LoginDialog(StartWindow):
    """Asks for a login and password; `actor` holds who logged in once the dialog is accepted.

    `services` (over the open database) may be None while the database is still opening: the form can be
    filled, and logging in waits for `set_database()`. `demo_accounts` (objects with .login, .display_name,
    .role) are listed under the form on a demo database, with their shared password, so that a visitor can
    pick one.
    """

    logged_in = Signal(object)  # Actor
    checking = Signal()  # the password is being checked on the executor

    def __init__(
        self,
        services: Services | None,
        executor: Executor,
        *,
        dealership_name: str = "",
        last_login: str = "",
        after_logout: bool = False,
        demo_accounts: Sequence[Any] = (),
        demo_password: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(executor, parent)
        self._services = services
        self._demo_password = demo_password
        self.actor: Actor | None = None
        self._busy = False
        self.setWindowTitle(self.tr("dealercrm — Log in"))

        heading = window_heading(
            self.tr("dealercrm"), dealership_name or self.tr("Log in to your dealership")
        )

        self.login_edit = QLineEdit(last_login)
        self.login_edit.setPlaceholderText(self.tr("e.g. julie"))
        self.login_edit.setAccessibleName(self.tr("Login"))
        self.password_edit = password_edit()
        self.password_edit.setAccessibleName(self.tr("Password"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(10)
        form.addRow(self.tr("&Login"), self.login_edit)
        form.addRow(self.tr("&Password"), self.password_edit)

        self.error_label = message_label()

        self.login_button = default_button(self.tr("Log in"))
        self.quit_button = other_button(self.tr("Quit"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        buttons.addWidget(self.login_button)

        self.status_label = QLabel(self.tr("Opening the database…"))
        self.status_label.setObjectName("Hint")
        self.status_label.setVisible(services is None)

        layout = window_layout(self, spacing=16)
        layout.addLayout(heading)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self._layout = layout

        self.demo_list: QListWidget | None = None
        if demo_accounts:
            layout.addWidget(self._demo_section(demo_accounts))
        self._update_button()

        self.login_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.reject)
        self.login_edit.textEdited.connect(self._clear_error)
        self.password_edit.textEdited.connect(self._clear_error)
        self.login_edit.setMinimumWidth(300)  # the dialog's width follows (its layout sets the minimum)
        if last_login and not after_logout:
            self.password_edit.setFocus()  # the same person coming back: only the password to type
        else:
            # After a logout the next person is often someone else: what they type replaces the login.
            self.login_edit.selectAll()
            self.login_edit.setFocus()

    def _demo_section(self, accounts: Sequence[Any]) -> QWidget:
        box = QWidget()
        box.setObjectName("Card")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        title = QLabel(self.tr("Demo accounts"))
        title.setObjectName("SectionTitle")
        hint = QLabel(
            self.tr(
                "Every demo account has the password <b>{password}</b>. Click one to fill the form."
            ).format(password=self._demo_password)
        )
        hint.setObjectName("Hint")
        hint.setWordWrap(True)
        self.demo_list = QListWidget()
        self.demo_list.setObjectName("DemoAccounts")
        for account in accounts:
            item = QListWidgetItem(
                self.tr("{login} — {name}, {role}").format(
                    login=account.login, name=account.display_name, role=role_label(account.role)
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, account.login)
            self.demo_list.addItem(item)
        self.demo_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.demo_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.demo_list.setCursor(Qt.CursorShape.PointingHandCursor)
        rows = min(len(accounts), 10)
        self.demo_list.setFixedHeight(
            rows * self.demo_list.sizeHintForRow(0) + 2 * self.demo_list.frameWidth() + 12
        )
        self.demo_list.itemClicked.connect(self._demo_account_picked)
        self.demo_list.itemActivated.connect(self._demo_account_activated)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(6)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addWidget(self.demo_list)
        return box

    def _demo_account_picked(self, item: QListWidgetItem) -> None:
        self.login_edit.setText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.password_edit.clear()
        self.password_edit.setFocus()
        self._clear_error()

    def _demo_account_activated(self, item: QListWidgetItem) -> None:
        """Double-click or Enter on a demo account: log in as it at once."""
        self.login_edit.setText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.password_edit.setText(self._demo_password)
        self.submit()

    def set_database(
        self, services: Services, *, demo_accounts: Sequence[Any] = (), demo_password: str = ""
    ) -> None:
        """The database is open: logging in is possible (and demo accounts, if any, are listed)."""
        self._services = services
        self.status_label.hide()
        if demo_accounts and self.demo_list is None:
            self._demo_password = demo_password
            self._layout.addWidget(self._demo_section(demo_accounts))
        self._update_button()

    @property
    def checking_password(self) -> bool:
        """Whether "Log in" was clicked and the password is being checked."""
        return self._busy

    def _update_button(self) -> None:
        self.login_button.setEnabled(self._services is not None and not self._busy)

    # Logging in --------------------------------------------------------------------------------
    def submit(self) -> None:
        login = self.login_edit.text().strip()
        if not login:
            self.show_error(self.tr("Type your login."))
            self.login_edit.setFocus()
            return
        if not self.password_edit.text():
            self.show_error(self.tr("Type your password."))
            self.password_edit.setFocus()
            return
        if self._services is None:
            return  # still opening; the button says so
        self._set_busy(True)
        from dealercrm.services.auth import AuthService

        login_op = CollectionOp(
            self._services.service(AuthService).login, login=login, password=self.password_edit.text()
        )
        login_op.success(self._logged_in).failure(self._login_failed).run(self._executor)
        self.checking.emit()

    def _logged_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.logged_in.emit(actor)
        self.accept()

    def _login_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.show_error(translate_auth_message(message_of(exc)))
        self.password_edit.selectAll()
        self.password_edit.setFocus()

    def show_error(self, message: str) -> None:
        say(self.error_label, message)

    def _clear_error(self) -> None:
        self.error_label.hide()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.login_edit, self.password_edit):
            widget.setEnabled(not busy)
        self._update_button()
        self.login_button.setText(self.tr("Checking…") if busy else self.tr("Log in"))
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
