"""Create or edit a contact: every field's error shown under the field, nothing saved half, likely
duplicates offered before a new contact is created, and a refused second save explained."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import BodyType, Civility, ContactKind, Fuel, Lifecycle, SourceChannel
from dealercrm.services.contact_edit import ContactEditService, ContactSaved
from dealercrm.services.contacts import ContactDetail, ContactService, OwnerOption
from dealercrm.services.duplicates import DuplicateMatch, DuplicateService
from dealercrm.services.errors import ConflictError, ServiceError, ValidationError
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import message_label, named
from dealercrm.ui.widgets.dates import NO_DATE, OptionalDateEdit
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import (
    INVALID_STYLE,
    enum_combo,
    holding,
    notes_edit,
    save_buttons,
    scrolled,
    text_label,
)
from dealercrm.ui.widgets.stale_merge_dialog import FieldDifference, MergeChoice, StaleMergeDialog
from dealercrm.ui.workers import ConnectionLost


def _detail_values(d: ContactDetail) -> dict[str, Any]:
    """A saved contact's fields as the form holds them (text as shown), to compare with the form."""
    return {
        "kind": d.kind,
        "civility": d.civility,
        "first_name": d.first_name or "",
        "last_name": d.last_name or "",
        "company_name": d.company_name or "",
        "siren": d.siren or "",
        "job_title": d.job_title or "",
        "birth_date": d.birth_date,
        "mobile": d.mobile or "",
        "landline": d.landline or "",
        "email": d.email or "",
        "address_line1": d.address_lines[0] if d.address_lines else "",
        "address_line2": d.address_lines[1] if len(d.address_lines) > 1 else "",
        "postal_code": d.postal_code or "",
        "city": d.city or "",
        "source_channel": d.source,
        "lifecycle": d.lifecycle,
        "lost_reason": d.lost_reason or "",
        "owner_id": d.owner_id,
        "budget": "" if d.budget is None else f"{d.budget:.0f}",
        "wanted_model": d.wanted_model or "",
        "wanted_body": d.wanted_body,
        "wanted_fuel": d.wanted_fuel,
        "has_trade_in": d.has_trade_in,
        "wants_financing": d.wants_financing,
        "notes": d.notes or "",
    }


def _norm(value: Any) -> Any:
    return "" if value is None else value


class ContactEditDialog(Dialog):
    """`contact` None: a new contact. Emits `contact_saved(ContactSaved)` once saved."""

    contact_saved = Signal(object)
    open_requested = Signal(int)  # a duplicate the user chose to open instead

    def __init__(
        self, ctx: AppContext, contact: ContactDetail | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, parent)
        self.contact = contact
        self._service = ctx.service(ContactEditService)
        self._duplicates_checked = False
        self.saved: ContactSaved | None = None
        self.stale_dialog: StaleMergeDialog | None = None
        self.setWindowTitle(
            self.tr("New contact") if contact is None else self.tr("Edit {name}").format(name=contact.name)
        )

        self.kind_combo = enum_combo(ContactKind)
        self.civility_combo = enum_combo(Civility, first="—")
        self.first_name = QLineEdit()
        self.last_name = QLineEdit()
        self.company_name = QLineEdit()
        self.siren = QLineEdit()
        self.siren.setPlaceholderText(self.tr("9 digits (or the SIRET)"))
        self.job_title = QLineEdit()
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText(self.tr("06 12 34 56 78"))
        self.landline = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText(self.tr("name@example.fr"))
        self.address_line1 = QLineEdit()
        self.address_line2 = QLineEdit()
        self.postal_code = QLineEdit()
        self.postal_code.setMaximumWidth(90)
        self.city = QLineEdit()
        self.source_combo = enum_combo(SourceChannel)
        self.lifecycle_combo = enum_combo(Lifecycle)
        self.lost_reason = QLineEdit()
        self.owner_combo = QComboBox()
        self.owner_combo.addItem(self.tr("No owner"), None)
        self.budget = QLineEdit()
        self.budget.setPlaceholderText(self.tr("e.g. 30 000"))
        self.wanted_model = QLineEdit()
        self.body_combo = enum_combo(BodyType, first="—")
        self.fuel_combo = enum_combo(Fuel, first="—")
        self.trade_in = QCheckBox(self.tr("Has a car to trade in"))
        self.financing = QCheckBox(self.tr("Wants financing"))
        self.birth_date = OptionalDateEdit(self.tr("Unknown"))
        self.notes = notes_edit(70)

        self.fields: dict[str, QWidget] = {
            "kind": self.kind_combo,
            "civility": self.civility_combo,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "company_name": self.company_name,
            "siren": self.siren,
            "job_title": self.job_title,
            "birth_date": self.birth_date,
            "mobile": self.mobile,
            "landline": self.landline,
            "email": self.email,
            "address_line1": self.address_line1,
            "address_line2": self.address_line2,
            "postal_code": self.postal_code,
            "city": self.city,
            "source_channel": self.source_combo,
            "lifecycle": self.lifecycle_combo,
            "lost_reason": self.lost_reason,
            "owner_id": self.owner_combo,
            "budget": self.budget,
            "wanted_model": self.wanted_model,
            "wanted_body": self.body_combo,
            "wanted_fuel": self.fuel_combo,
            "has_trade_in": self.trade_in,
            "wants_financing": self.financing,
            "notes": self.notes,
        }
        self.errors: dict[str, QLabel] = {}
        self.field_titles: dict[str, str] = {}

        identity = QFormLayout()
        self._row(identity, self.tr("&Kind"), "kind")
        self._row(identity, self.tr("Civility"), "civility")
        self._row(identity, self.tr("&First name"), "first_name")
        self._row(identity, self.tr("&Last name"), "last_name")
        self._row(identity, self.tr("C&ompany"), "company_name")
        self._row(identity, self.tr("SIREN"), "siren")
        self._row(identity, self.tr("Job title"), "job_title")
        self._row(identity, self.tr("Born on"), "birth_date")
        reach = QFormLayout()
        self._row(reach, self.tr("&Mobile"), "mobile")
        self._row(reach, self.tr("Landline"), "landline")
        self._row(reach, self.tr("&E-mail"), "email")
        self._row(reach, self.tr("Address"), "address_line1")
        self._row(reach, "", "address_line2")
        self._row(reach, self.tr("&Postal code"), "postal_code")
        self._row(reach, self.tr("C&ity"), "city")
        needs = QFormLayout()
        self._row(needs, self.tr("&Source"), "source_channel")
        self._row(needs, self.tr("Lifecycle"), "lifecycle")
        self._row(needs, self.tr("Lost because"), "lost_reason")
        self._row(needs, self.tr("Owner"), "owner_id")
        self._row(needs, self.tr("&Budget (€)"), "budget")
        self._row(needs, self.tr("Wanted model"), "wanted_model")
        self._row(needs, self.tr("Body"), "wanted_body")
        self._row(needs, self.tr("Fuel"), "wanted_fuel")
        self._row(needs, "", "has_trade_in")
        self._row(needs, "", "wants_financing")
        self._row(needs, self.tr("Notes"), "notes")

        columns = QHBoxLayout()
        columns.setSpacing(18)
        for title, form in (
            (self.tr("Identity"), identity),
            (self.tr("How to reach"), reach),
            (self.tr("Needs and follow-up"), needs),
        ):
            box = QVBoxLayout()
            heading = named(QLabel(title), "SectionTitle")
            box.addWidget(heading)
            box.addLayout(form)
            box.addStretch(1)
            columns.addLayout(box, 1)
        scroll = scrolled(columns)

        self.form_error = message_label()
        self.buttons, self.save_button = save_buttons(self, self.save, QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.form_error)
        layout.addWidget(self.buttons)

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        self.lifecycle_combo.currentIndexChanged.connect(lambda _i: self._lifecycle_changed())
        self._fill(contact)
        self._kind_changed()
        self._lifecycle_changed()
        self._load_owners()
        self.resize(1020, 560)
        (self.last_name if contact is None else self.first_name).setFocus()

    # Building -----------------------------------------------------------------------------------
    def _row(self, form: QFormLayout, title: str, field: str) -> None:
        self.field_titles[field] = title.replace("&", "")
        holder, box = holding(QVBoxLayout(), spacing=1)
        box.addWidget(self.fields[field])
        error = text_label("", "FieldError")
        error.hide()
        box.addWidget(error)
        self.errors[field] = error
        form.addRow(title, holder)
        label = form.labelForField(holder)
        if isinstance(label, QLabel):
            label.setBuddy(self.fields[field])

    def _fill(self, d: ContactDetail | None) -> None:
        if d is None:
            self._select(self.source_combo, SourceChannel.WALK_IN)
            return
        self._select(self.kind_combo, d.kind)
        self._select(self.civility_combo, d.civility)
        for field, value in (
            ("first_name", d.first_name),
            ("last_name", d.last_name),
            ("company_name", d.company_name),
            ("siren", d.siren),
            ("job_title", d.job_title),
            ("mobile", d.mobile),
            ("landline", d.landline),
            ("email", d.email),
            ("address_line1", d.address_lines[0] if d.address_lines else ""),
            ("address_line2", d.address_lines[1] if len(d.address_lines) > 1 else ""),
            ("postal_code", d.postal_code),
            ("city", d.city),
            ("lost_reason", d.lost_reason),
            ("wanted_model", d.wanted_model),
            ("budget", "" if d.budget is None else f"{d.budget:.0f}"),
        ):
            widget = self.fields[field]
            assert isinstance(widget, QLineEdit)
            widget.setText(value or "")
        self._select(self.source_combo, d.source)
        self._select(self.lifecycle_combo, d.lifecycle)
        self._select(self.body_combo, d.wanted_body)
        self._select(self.fuel_combo, d.wanted_fuel)
        self.trade_in.setChecked(d.has_trade_in)
        self.financing.setChecked(d.wants_financing)
        self._set_value("birth_date", d.birth_date)
        self.notes.setPlainText(d.notes or "")
        if d.owner_id is not None:
            self.owner_combo.addItem(d.owner_name, d.owner_id)
        self._select(self.owner_combo, d.owner_id)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)

    def _load_owners(self) -> None:
        if not self.ctx.can("contacts.assign"):
            self.owner_combo.setEnabled(False)
            if self.contact is None:
                self.owner_combo.setItemText(0, self.ctx.actor.display_name)
            return

        def fill(owners: list[OwnerOption]) -> None:
            current = self.owner_combo.currentData()
            self.owner_combo.clear()
            self.owner_combo.addItem(self.tr("No owner"), None)
            for owner in fmt.by_name(owners, lambda o: o.name):
                self.owner_combo.addItem(owner.name, owner.id)
            self._select(self.owner_combo, current)

        QueryOp(self.ctx.service(ContactService).owners).success(fill).failure(
            lambda exc: self._show_form_error(message_of(exc))
        ).read_only().run(self.ctx.executor)

    def _kind_changed(self) -> None:
        company = self.kind_combo.currentData() == ContactKind.COMPANY
        for field in ("siren",):
            self.fields[field].setEnabled(company)
        for field in ("civility", "birth_date"):
            self.fields[field].setEnabled(not company)

    def _lifecycle_changed(self) -> None:
        self.lost_reason.setEnabled(self.lifecycle_combo.currentData() == Lifecycle.LOST)

    # Values ------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds, as the service takes it (text as typed; the service normalises)."""
        out: dict[str, Any] = {}
        for field, widget in self.fields.items():
            if not widget.isEnabled() and field not in ("owner_id",):
                out[field] = None
                continue
            if isinstance(widget, QLineEdit):
                out[field] = widget.text()
            elif isinstance(widget, QComboBox):
                out[field] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                out[field] = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                out[field] = widget.toPlainText()
            elif isinstance(widget, QDateEdit):
                date = widget.date()
                out[field] = None if date == NO_DATE else date.toPython()
        if not self.ctx.can("contacts.assign"):
            out.pop("owner_id", None)
        if self.lifecycle_combo.currentData() != Lifecycle.LOST:
            out["lost_reason"] = None
        return out

    def changes(self) -> dict[str, Any]:
        """For an edit: the fields whose value differs from the contact opened (all of them when new)."""
        values = self.values()
        d = self.contact
        if d is None:
            return {k: v for k, v in values.items() if v not in (None, "", False)}
        before = _detail_values(d)

        return {k: v for k, v in values.items() if _norm(v) != _norm(before.get(k))}

    # Saving ------------------------------------------------------------------------------------
    def save(self) -> None:
        self._clear_errors()
        if self.contact is None and not self._duplicates_checked:
            self._check_duplicates()
            return
        self._submit()

    def _check_duplicates(self) -> None:
        values = self.values()
        dupes = self.ctx.service(DuplicateService)
        QueryOp(dupes.candidates, values=values).success(self._duplicates_found).failure(
            self._duplicates_failed
        ).run(self.ctx.executor)

    def _duplicates_failed(self, exc: Exception) -> None:
        if isinstance(exc, ServiceError) and not isinstance(exc, ConnectionLost):
            self._duplicates_found([])  # the check refused (e.g. a field it cannot read): save anyway
        else:
            self._show_form_error(message_of(exc))

    def _duplicates_found(self, found: list[DuplicateMatch]) -> None:
        self._duplicates_checked = True
        if not found:
            self._submit()
            return
        lines = "\n".join(
            self.tr("• {name} — {phone} {email} ({percent} %)").format(
                name=m.name, phone=m.phone, email=m.email, percent=m.percent
            )
            for m in found[:5]
        )
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Maybe already in the file"))
        box.setText(self.tr("These contacts look like the one you are creating:"))
        box.setInformativeText(lines)
        open_button = box.addButton(
            self.tr("Open {name}").format(name=found[0].name), QMessageBox.ButtonRole.AcceptRole
        )
        merge_button = None
        if self.ctx.can("contacts.update"):
            merge_button = box.addButton(
                self.tr("Add to {name}").format(name=found[0].name), QMessageBox.ButtonRole.ActionRole
            )
            merge_button.setToolTip(
                self.tr(
                    "Write what you typed where {name}'s file is empty; nothing there is overwritten"
                ).format(name=found[0].name)
            )
        create_button = box.addButton(self.tr("Create anyway"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is open_button:
            self.open_requested.emit(found[0].contact_id)
            self.reject()
        elif merge_button is not None and box.clickedButton() is merge_button:
            self.add_to_existing(found[0].contact_id)
        elif box.clickedButton() is create_button:
            self._submit()
        else:
            self._duplicates_checked = False

    def add_to_existing(self, contact_id: int) -> None:
        """The contact typed is `contact_id`, already in the file: fill its blanks, then show it."""
        CollectionOp(self._service.fill_blanks, contact_id=contact_id, values=self.changes()).success(
            self._added_to_existing
        ).failure(self._add_failed).disabling(self.save_button).run(self.ctx.executor)

    def _added_to_existing(self, result: ContactSaved) -> None:
        self.saved = result
        self.contact_saved.emit(result)
        self.open_requested.emit(result.id)
        self.accept()

    def _add_failed(self, exc: Exception) -> None:
        self._duplicates_checked = False
        self._save_failed(exc)  # fill_blanks raises no ConflictError: field errors or a sentence

    def _submit(self) -> None:
        if self.contact is None:
            save = CollectionOp(self._service.create, values=self.changes())
        else:
            save = CollectionOp(
                self._service.update,
                contact_id=self.contact.id,
                expected_version=self.contact.version,
                changes=self.changes(),
            )
        save.success(self._saved).failure(self._save_failed).disabling(self.save_button).run(
            self.ctx.executor
        )

    def _save_failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, ConflictError):
            self._show_form_error(self.tr("Not saved: {why}").format(why=str(exc)))
            if self.contact is not None:
                self._load_theirs(str(exc))
        else:
            self._show_form_error(message_of(exc))

    def _saved(self, result: ContactSaved) -> None:
        self.saved = result
        self.contact_saved.emit(result)
        self.accept()

    # Saved meanwhile by someone else: their version / your changes ------------------------------------
    def _load_theirs(self, message: str) -> None:
        assert self.contact is not None
        QueryOp(self.ctx.service(ContactService).get, contact_id=self.contact.id).success(
            lambda fresh: self._offer_merge(message, fresh)
        ).failure(self._failed).disabling(self.save_button).run(self.ctx.executor)

    def merge_differences(self, theirs: ContactDetail) -> list[FieldDifference]:
        """The fields where their saved version and this form differ, in the form's order."""
        assert self.contact is not None
        base = _detail_values(self.contact)
        saved = _detail_values(theirs)
        mine = self.values()
        changed = self.changes()
        out: list[FieldDifference] = []
        for field in self.fields:
            yours = mine.get(field, base[field])
            if _norm(saved[field]) == _norm(yours):
                continue
            out.append(
                FieldDifference(
                    field=field,
                    label=self._field_label(field),
                    theirs=self._shown(field, saved[field]),
                    yours=self._shown(field, yours),
                    you_changed=field in changed,
                    they_changed=_norm(saved[field]) != _norm(base[field]),
                )
            )
        return out

    def _offer_merge(self, message: str, theirs: ContactDetail) -> None:
        # Only who saved and when: the rest of the service's sentence ("reopen ... then edit again") is
        # what this dialog does for the user.
        who = message.split(". ", 1)[0].rstrip(".") + "."
        dialog = StaleMergeDialog(who, self.merge_differences(theirs), self)
        dialog.finished.connect(lambda _r: self._merge_chosen(dialog, theirs))
        self.stale_dialog = dialog
        dialog.open()

    def _merge_chosen(self, dialog: StaleMergeDialog, theirs: ContactDetail) -> None:
        self.stale_dialog = None
        if dialog.choice is MergeChoice.BACK:
            self._show_form_error(
                self.tr("Not saved: someone saved this contact meanwhile. Your input is still here.")
            )
            return
        mine = self.values()
        chosen = set(dialog.chosen_fields()) if dialog.choice is MergeChoice.REAPPLY else set()
        self.contact = theirs  # their version is the new starting point (and its version number)
        self._fill(theirs)
        for field in chosen:
            self._set_value(field, mine.get(field))
        self._kind_changed()
        self._lifecycle_changed()
        self.form_error.hide()
        if dialog.choice is MergeChoice.REAPPLY:
            self._submit()
        else:
            self._show_form_error(self.tr("Their version is shown: change it and save, or cancel."))

    def _set_value(self, field: str, value: Any) -> None:
        widget = self.fields[field]
        if isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        elif isinstance(widget, QComboBox):
            if widget.findData(value) < 0 and field == "owner_id" and value is not None:
                widget.addItem(str(value), value)
            self._select(widget, value)
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, QDateEdit):
            widget.setDate(NO_DATE if value is None else fmt.qdate(value))

    def _shown(self, field: str, value: Any) -> str:
        """`value` of `field` as a person reads it."""
        widget = self.fields[field]
        if value is None or value == "":
            return ""
        if isinstance(widget, QComboBox):
            index = widget.findData(value)
            return widget.itemText(index) if index >= 0 else str(value)
        if isinstance(widget, QCheckBox):
            return self.tr("Yes") if value else self.tr("No")
        if isinstance(widget, QDateEdit):
            return fmt.date(value)
        return str(value)

    def _field_label(self, field: str) -> str:
        widget = self.fields[field]
        if isinstance(widget, QCheckBox):
            return widget.text().replace("&", "")
        return self.field_titles.get(field) or self.tr("Address (line 2)")

    def _failed(self, exc: Exception) -> None:
        """A call failed (the contact erased or no longer visible meanwhile, the server gone...)."""
        self._show_form_error(message_of(exc))

    def show_errors(self, errors: dict[str, str]) -> None:
        """Each error under its field (red border); errors of fields not shown go to the banner."""
        elsewhere: list[str] = []
        first: QWidget | None = None
        for field, message in errors.items():
            label = self.errors.get(field)
            if label is None:
                elsewhere.append(f"{field}: {message}")
                continue
            label.setText(message[:1].upper() + message[1:])
            label.show()
            widget = self.fields[field]
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(message)
            first = first or widget
        summary = self.tr("Nothing was saved: correct the fields in red.")
        if elsewhere:
            summary += "\n" + "\n".join(elsewhere)
        self._show_form_error(summary)
        if first is not None:
            first.setFocus()

    def _clear_errors(self) -> None:
        for field, label in self.errors.items():
            label.hide()
            self.fields[field].setStyleSheet("")
            self.fields[field].setToolTip("")
        self.form_error.hide()

    def _show_form_error(self, message: str) -> None:
        self.form_error.setText(message)
        self.form_error.show()

    def error_text(self, field: str) -> str:
        """The error shown under `field` ("" when none): for tests."""
        label = self.errors[field]
        return label.text() if not label.isHidden() else ""
