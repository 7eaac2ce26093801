"""Settings: one's own account and language; the dealership's settings and lead scoring (admin, manager);
users (admin); backups and personal data (admin, manager)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import Severity
from dealercrm.services.auth import AuthService
from dealercrm.services.errors import ValidationError
from dealercrm.services.settings import SettingsService
from dealercrm.ui.context import AppContext
from dealercrm.ui.i18n import LANGUAGE_KEY, role_label
from dealercrm.ui.labels import label
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of, shown_by
from dealercrm.ui.settings.data_page import DataPrivacyTab
from dealercrm.ui.settings.model_card import ModelCardTab
from dealercrm.ui.settings.scoring_tab import ScoringTab
from dealercrm.ui.settings.tab import SettingsTab
from dealercrm.ui.settings.users import UsersTab, failure_sentence, new_password_edits
from dealercrm.ui.style import message_label, named, password_edit, set_primary
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.forms import holding, scrolled, show_field_error, text_label
from dealercrm.ui.widgets.page import Page

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
LOGO_MAX_WIDTH = 400


def logo_png_base64(path: str, *, max_width: int = LOGO_MAX_WIDTH) -> str | None:
    """A PNG or JPEG file as the base64 PNG stored in `dealership.logo_png_base64`, scaled down to at
    most `max_width` pixels wide; None when the file is not a readable image. Uses QImage only, so it
    may run in the worker."""
    image = QImage(path)
    if image.isNull():
        return None
    if image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stubs ask for bytes, but PySide6 only accepts a str format at run time.
    if not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        return None
    buffer.close()
    return bytes(data.toBase64().data()).decode("ascii")


class SettingsPage(Page):
    """Tabs: my account (everyone), dealership settings and lead scoring (settings.manage), users
    (users.manage), data and privacy (database.admin or gdpr.manage)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.account = AccountTab(ctx, on_error=self.show_error)
        self.tabs.addTab(self.account, self.tr("My account"))
        self.dealership: DealershipTab | None = None
        self.scoring: ScoringTab | None = None
        self.users: UsersTab | None = None
        self.data: DataPrivacyTab | None = None
        if ctx.can("settings.manage"):
            self.dealership = DealershipTab(ctx, on_error=self.show_error)
            self.dealership.saved.connect(self.status_message.emit)
            self.tabs.addTab(self.dealership, self.tr("Dealership"))
            self.scoring = ScoringTab(ctx, on_error=self.show_error)
            self.scoring.rescored.connect(self.status_message.emit)
            self.tabs.addTab(self.scoring, self.tr("Lead scoring"))
        self.model_card: ModelCardTab | None = None
        if ctx.can("settings.manage"):
            self.model_card = ModelCardTab(ctx, on_error=self.show_error)
            self.model_card.retrained.connect(self.status_message.emit)
            self.tabs.addTab(self.model_card, self.tr("Purchase model"))
        if ctx.can("users.manage"):
            self.users = UsersTab(ctx, on_error=self.show_error)
            self.tabs.addTab(self.users, self.tr("Users"))
        if ctx.can("database.admin") or ctx.can("gdpr.manage"):
            self.data = DataPrivacyTab(ctx, on_error=self.show_error)
            self.data.message.connect(self.status_message.emit)
            # Backups, requests and retention need more height than a small window has: scroll then.
            # "&&": a literal &, not a shortcut.
            self.tabs.addTab(scrolled(self.data), self.tr("Data && privacy"))
        self.account.message.connect(self.status_message.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        if self.dealership is not None and not self.dealership.is_dirty():
            self.dealership.load()
        if self.scoring is not None and not self.scoring.is_dirty():
            self.scoring.load()
        if self.model_card is not None:
            self.model_card.load()
        if self.users is not None:
            self.users.refresh()
        if self.data is not None:
            self.data.refresh()


class AccountTab(SettingsTab):
    """Who I am, my password, my interface language."""

    message = Signal(str)

    def build(self, ctx: AppContext) -> None:
        actor = ctx.actor

        who = QGroupBox(self.tr("Account"))
        who_form = QFormLayout(who)
        name = QLabel(actor.display_name)
        name.setStyleSheet("font-weight: 600;")
        who_form.addRow(self.tr("Name"), name)
        who_form.addRow(self.tr("Login"), QLabel(actor.login))
        who_form.addRow(self.tr("Role"), QLabel(role_label(actor.role)))

        password = QGroupBox(self.tr("Change my password"))
        self.current_edit = password_edit()
        self.new_edit, self.repeat_edit = new_password_edits()
        self.password_error = message_label("FieldError")
        self.password_done = named(QLabel(), "Hint")
        self.password_button = QPushButton(self.tr("Change password"))
        pw_form = QFormLayout(password)
        pw_form.addRow(self.tr("Current password"), self.current_edit)
        pw_form.addRow(self.tr("New password"), self.new_edit)
        pw_form.addRow(self.tr("New password again"), self.repeat_edit)
        pw_form.addRow("", self.password_error)
        row = QHBoxLayout()
        row.addWidget(self.password_button)
        row.addWidget(self.password_done, 1)
        pw_form.addRow("", row)

        language = QGroupBox(self.tr("Interface language"))
        self.language_combo = QComboBox()
        self.language_combo.addItem("Français", "fr")
        self.language_combo.addItem("English", "en")
        saved = ctx.actor.language or QSettings().value(LANGUAGE_KEY, ctx.language)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(saved)))
        self.language_hint = text_label(
            self.tr("The new language applies the next time you start dealercrm."), "Hint"
        )
        lang_form = QFormLayout(language)
        lang_form.addRow(self.tr("Language"), self.language_combo)
        lang_form.addRow("", self.language_hint)

        for box in (who, password, language):
            box.setMaximumWidth(560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(14)
        layout.addWidget(who)
        layout.addWidget(password)
        layout.addWidget(language)
        layout.addStretch(1)

        self.password_button.clicked.connect(self.change_password)
        self.repeat_edit.returnPressed.connect(self.change_password)
        self.language_combo.currentIndexChanged.connect(self._language_chosen)

    def _language_chosen(self) -> None:
        language = self.language_combo.currentData()
        QSettings().setValue(LANGUAGE_KEY, language)  # this workstation's login screen
        service = self.ctx.service(AuthService)  # and the user's own, on every workstation, at login
        saved = self.tr("Language saved: it applies the next time you start dealercrm.")
        CollectionOp(service.set_language, language=language).success(
            lambda _none: self.message.emit(saved)
        ).failure(shown_by(self.message.emit)).run(self.ctx.executor)

    def change_password(self) -> None:
        show_field_error(self.repeat_edit, self.password_error, None)
        self.password_done.setText("")
        current, new = self.current_edit.text(), self.new_edit.text()
        if not current:
            show_field_error(self.current_edit, self.password_error, self.tr("Type your current password."))
            return
        if new != self.repeat_edit.text():
            show_field_error(self.repeat_edit, self.password_error, self.tr("The two new passwords differ."))
            return
        service, actor = self.ctx.service(AuthService), self.ctx.actor

        def change() -> None:
            # Checking the current password as a login counts failures and locks the account like a
            # login screen would, so this form cannot be used to guess it.
            service.login(login=actor.login, password=current)
            service.set_password(user_id=actor.id, password=new)

        CollectionOp(change).success(self._password_changed).failure(self._password_failed).disabling(
            self.password_button
        ).run(self.ctx.executor)

    def _password_changed(self, _none: None) -> None:
        for edit in (self.current_edit, self.new_edit, self.repeat_edit):
            edit.clear()
        self.password_done.setText(self.tr("Your password has been changed."))
        self.message.emit(self.tr("Your password has been changed."))

    def _password_failed(self, exc: Exception) -> None:
        edit = self.new_edit if isinstance(exc, ValidationError) else self.current_edit
        show_field_error(edit, self.password_error, failure_sentence(exc))


class _Field:
    """One setting's editor: reads and writes the stored value, shows its error."""

    def __init__(self, widget: QWidget, get: Callable[[], Any], put: Callable[[Any], None]) -> None:
        self.widget = widget
        self.get = get
        self.put = put
        self.error = message_label("FieldError")


class DealershipTab(SettingsTab):
    """Every dealership-wide setting, grouped as services/settings.py declares them."""

    saved = Signal(str)

    def build(self, ctx: AppContext) -> None:
        self._service = ctx.service(SettingsService)
        self._loaded: dict[str, Any] = {}
        self.fields: dict[str, _Field] = {}

        self.revert_button = QPushButton(self.tr("Discard changes"))
        self.save_button = QPushButton(self.tr("Save settings"))
        set_primary(self.save_button)
        # Dealership, claims, contact rules on the left; the shorter groups on the right.
        self.lay_out_form(self._build_groups(), on_left=3, buttons=[self.revert_button, self.save_button])

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.load)
        self.load()

    # Building the form ----------------------------------------------------------------------------
    def _build_groups(self) -> list[QGroupBox]:
        spec: list[tuple[str, list[tuple[str, str, _Field]]]] = [
            (
                self.tr("Dealership"),
                [
                    ("dealership.name", self.tr("Trading name"), self._text()),
                    ("dealership.address", self.tr("Address"), self._multiline()),
                    ("dealership.postcode", self.tr("Postcode (local public holidays)"), self._text()),
                    ("dealership.phone", self.tr("Phone"), self._text()),
                    ("dealership.email", self.tr("E-mail"), self._text()),
                    ("dealership.siret", self.tr("SIRET"), self._text()),
                    ("dealership.logo_png_base64", self.tr("Logo (reports)"), self._logo()),
                    ("dealership.brands", self.tr("Brands (comma-separated)"), self._text_list()),
                    ("dealership.timezone", self.tr("Time zone"), self._text()),
                ],
            ),
            (
                self.tr("After-sales claims"),
                [
                    ("claims.sla_hours", self.tr("Deadline by severity"), self._sla()),
                    ("claims.working_hours", self.tr("Workshop hours"), self._hours()),
                ],
            ),
            (
                self.tr("Contact rules"),
                [
                    ("contact_law.call_windows", self.tr("Calling hours"), self._windows()),
                    (
                        "contact_law.max_attempts_30d",
                        self.tr("Calls per contact in 30 days"),
                        self._int(1, 50),
                    ),
                    (
                        "contact_law.refusal_quiet_days",
                        self.tr("Quiet days after a refusal"),
                        self._int(0, 365, self.tr(" days")),
                    ),
                    (
                        "contact_law.bloctel_max_age_days",
                        self.tr("Warn when Bloctel list is older than"),
                        self._int(1, 365, self.tr(" days")),
                    ),
                    (
                        "contact_law.attempts_window_days",
                        self.tr("Window of the call limit"),
                        self._int(1, 365, self.tr(" days")),
                    ),
                    (
                        "contact_law.phone_needs_consent",
                        self.tr("Phone prospecting"),
                        self._check(self.tr("Consumers must have agreed to be called (law of August 2026)")),
                    ),
                    (
                        "contact_law.soft_opt_in_customers",
                        self.tr("E-mail and SMS to customers"),
                        self._check(self.tr("Allowed for similar products unless the customer refused")),
                    ),
                    (
                        "contact_law.b2b_opt_out",
                        self.tr("Companies"),
                        self._check(self.tr("May be prospected unless they opted out (B2B rules)")),
                    ),
                ],
            ),
            (
                self.tr("Indicators and campaigns"),
                [
                    (
                        "kpi.churn_window_months",
                        self.tr("Customer stays active for"),
                        self._int(1, 120, self.tr(" months")),
                    ),
                    (
                        "kpi.clv_max_years",
                        self.tr("Longest customer lifetime"),
                        self._int(1, 50, self.tr(" years")),
                    ),
                    (
                        "campaigns.attribution_days",
                        self.tr("A sale counts for a campaign within"),
                        self._int(1, 365, self.tr(" days")),
                    ),
                    (
                        "today.hot_lead_quiet_days",
                        self.tr("Hot leads left alone for"),
                        self._int(1, 120, self.tr(" days")),
                    ),
                ],
            ),
            (
                self.tr("Workshop service"),
                [
                    (
                        "service.maintenance_months",
                        self.tr("Maintenance every"),
                        self._int(1, 60, self.tr(" months")),
                    ),
                    (
                        "service.maintenance_km",
                        self.tr("or every"),
                        self._int(1000, 100000, self.tr(" km"), 1000),
                    ),
                ],
            ),
            (
                self.tr("Sign-in security"),
                [
                    ("auth.max_failed_logins", self.tr("Failed logins before locking"), self._int(1, 50)),
                    ("auth.lock_minutes", self.tr("Lock for"), self._int(1, 1440, self.tr(" min"))),
                ],
            ),
            (
                self.tr("Outgoing e-mail"),
                [
                    ("smtp.host", self.tr("Server"), self._text()),
                    ("smtp.port", self.tr("Port"), self._int(1, 65535)),
                    ("smtp.tls", self.tr("Encryption"), self._tls()),
                    ("smtp.login", self.tr("Login"), self._text()),
                ],
            ),
            (
                self.tr("Backups"),
                [
                    (
                        "backup.every_hours",
                        self.tr("Automatic backup every"),
                        self._int(1, 168, self.tr(" h")),
                    ),
                    ("backup.folder", self.tr("Folder (empty: beside the database)"), self._text()),
                ],
            ),
        ]
        groups = []
        for title, rows in spec:
            group = QGroupBox(title)
            form = QFormLayout(group)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for key, text, field in rows:
                self.fields[key] = field
                box = QVBoxLayout()
                box.setSpacing(2)
                box.addWidget(field.widget)
                box.addWidget(field.error)
                form.addRow(text, box)
            if title == self.tr("Outgoing e-mail"):
                note = text_label(
                    self.tr("The mail server password is kept in the system keyring, not here."), "Hint"
                )
                form.addRow(note)
            groups.append(group)
        return groups

    def _text(self) -> _Field:
        edit = QLineEdit()
        return _Field(edit, edit.text, lambda v: edit.setText(str(v or "")))

    def _multiline(self) -> _Field:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(60)
        return _Field(edit, edit.toPlainText, lambda v: edit.setPlainText(str(v or "")))

    def _text_list(self) -> _Field:
        edit = QLineEdit()
        return _Field(
            edit,
            lambda: [p.strip() for p in edit.text().split(",") if p.strip()],
            lambda v: edit.setText(", ".join(v or [])),
        )

    def _check(self, text: str) -> _Field:
        box = QCheckBox(text)
        return _Field(box, box.isChecked, lambda v: box.setChecked(bool(v)))

    def _int(self, low: int, high: int, suffix: str = "", step: int = 1) -> _Field:
        spin = QSpinBox()
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setSuffix(suffix)
        spin.setMaximumWidth(160)
        return _Field(spin, spin.value, lambda v: spin.setValue(int(v)))

    def _logo(self) -> _Field:
        box, row = holding(QHBoxLayout())
        self.logo_preview = named(QLabel(), "LogoPreview")
        self.logo_preview.setFixedSize(200, 80)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_choose_button = QPushButton(self.tr("Choose logo…"))
        self.logo_remove_button = QPushButton(self.tr("Remove logo"))
        buttons = QVBoxLayout()
        buttons.setSpacing(4)
        buttons.addWidget(self.logo_choose_button)
        buttons.addWidget(self.logo_remove_button)
        buttons.addStretch(1)
        row.addWidget(self.logo_preview)
        row.addLayout(buttons)
        row.addStretch(1)
        current = {"value": ""}

        def put(value: Any) -> None:
            current["value"] = str(value or "")
            pixmap = QPixmap()
            if current["value"]:
                pixmap.loadFromData(QByteArray.fromBase64(current["value"].encode("ascii")), "PNG")
            if pixmap.isNull():
                self.logo_preview.setPixmap(QPixmap())
                self.logo_preview.setText(self.tr("No logo"))
            else:
                self.logo_preview.setPixmap(
                    pixmap.scaled(
                        self.logo_preview.contentsRect().size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            self.logo_remove_button.setEnabled(bool(current["value"]))

        field = _Field(box, lambda: current["value"], put)

        def choose() -> None:
            picked = file_dialogs.open_file(
                self, self.tr("Choose the dealership logo"), self.tr("Images (*.png *.jpg *.jpeg)")
            )
            if picked is None:
                return
            path = str(picked)
            show_field_error(field.widget, field.error, None)
            self.logo_choose_button.setEnabled(False)
            QueryOp(logo_png_base64, path).success(chosen).failure(failed).run(self.ctx.executor)

        def chosen(value: str | None) -> None:
            self.logo_choose_button.setEnabled(True)
            if value is None:
                show_field_error(
                    field.widget,
                    field.error,
                    self.tr("This file is not a PNG or JPEG image dealercrm can read."),
                )
                return
            put(value)
            self.state_label.setText(self.tr("New logo chosen: save the settings to keep it."))

        def failed(exc: Exception) -> None:
            self.logo_choose_button.setEnabled(True)
            show_field_error(field.widget, field.error, message_of(exc))

        def remove() -> None:
            put("")
            self.state_label.setText(self.tr("Logo removed: save the settings to keep this change."))

        self.logo_choose_button.clicked.connect(choose)
        self.logo_remove_button.clicked.connect(remove)
        put("")
        return field

    def _tls(self) -> _Field:
        combo = QComboBox()
        combo.addItem(self.tr("STARTTLS (port 587)"), "starttls")
        combo.addItem(self.tr("SSL/TLS (port 465)"), "ssl")
        combo.addItem(self.tr("None"), "none")
        return _Field(combo, combo.currentData, lambda v: combo.setCurrentIndex(max(0, combo.findData(v))))

    def _sla(self) -> _Field:
        box, row = holding(QHBoxLayout())
        spins: dict[str, QSpinBox] = {}
        for severity in Severity:
            spin = QSpinBox()
            spin.setRange(1, 500)
            spin.setSuffix(self.tr(" h"))
            spin.setToolTip(label(severity))
            spins[severity.value] = spin
            row.addWidget(QLabel(label(severity)))
            row.addWidget(spin)
        row.addStretch(1)

        def put(value: Any) -> None:
            for key, spin in spins.items():
                spin.setValue(int((value or {}).get(key, 0)))

        return _Field(box, lambda: {k: s.value() for k, s in spins.items()}, put)

    def _hours(self) -> _Field:
        box, row = holding(QHBoxLayout())
        start, end = QSpinBox(), QSpinBox()
        for spin in (start, end):
            spin.setRange(0, 24)
            spin.setSuffix(self.tr(":00"))
        row.addWidget(QLabel(self.tr("from")))
        row.addWidget(start)
        row.addWidget(QLabel(self.tr("to")))
        row.addWidget(end)
        row.addStretch(1)

        def put(value: Any) -> None:
            first, last = (list(value) + [9, 18])[:2] if value else (9, 18)
            start.setValue(int(first))
            end.setValue(int(last))

        return _Field(box, lambda: [start.value(), end.value()], put)

    def _windows(self) -> _Field:
        edit = QLineEdit()
        edit.setPlaceholderText(self.tr("e.g. 10:00-13:00, 14:00-20:00"))

        def get() -> Any:
            windows = []
            for part in edit.text().split(","):
                if not part.strip():
                    continue
                match = _WINDOW.match(part)
                if match is None:
                    raise ValueError(part)
                h1, m1, h2, m2 = match.groups()
                windows.append([f"{int(h1):02d}:{m1}", f"{int(h2):02d}:{m2}"])
            return windows

        return _Field(edit, get, lambda v: edit.setText(", ".join(f"{a}-{b}" for a, b in (v or []))))

    # Loading and saving ---------------------------------------------------------------------------
    def load(self) -> None:
        QueryOp(self._service.all).success(self._show_values).failure(self.show_failure).latest_for(
            self, "load"
        ).run(self.ctx.executor)

    def _show_values(self, values: dict[str, Any]) -> None:
        self._loaded = dict(values)
        for key, field in self.fields.items():
            field.put(values.get(key))
            show_field_error(field.widget, field.error, None)
        self.form_error.hide()
        self.state_label.setText("")

    def changes(self) -> dict[str, Any]:
        """The settings whose value differs from what was loaded; raises ValueError on unreadable input."""
        changed = {}
        for key, field in self.fields.items():
            value = field.get()
            if value != self._loaded.get(key):
                changed[key] = value
        return changed

    def is_dirty(self) -> bool:
        try:
            return bool(self.changes())
        except ValueError:
            return True

    def save(self) -> None:
        for field in self.fields.values():
            show_field_error(field.widget, field.error, None)
        self.form_error.hide()
        try:
            changed = self.changes()
        except ValueError as exc:
            field = self.fields["contact_law.call_windows"]
            show_field_error(
                field.widget,
                field.error,
                self.tr("“{part}” is not a time window like 10:00-13:00.").format(part=str(exc).strip()),
            )
            return
        if not changed:
            self.state_label.setText(self.tr("Nothing to save: no setting was changed."))
            return
        service = self._service
        CollectionOp(service.set_many, values=changed).success(lambda _none: self._saved(changed)).failure(
            self._failed
        ).disabling(self.save_button).run(self.ctx.executor)

    def _saved(self, changed: dict[str, Any]) -> None:
        self._loaded.update(changed)
        if len(changed) == 1:
            text = self.tr("1 setting saved.")
        else:
            text = self.tr("{n} settings saved.").format(n=len(changed))
        self.state_label.setText(text)
        self.saved.emit(text)

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            for key, message in exc.errors.items():
                field = self.fields.get(key)
                if field is not None:
                    show_field_error(field.widget, field.error, message)
            self.form_error.setText(self.tr("Nothing was saved: correct the fields marked in red."))
        else:
            self.form_error.setText(message_of(exc))
        self.form_error.show()
