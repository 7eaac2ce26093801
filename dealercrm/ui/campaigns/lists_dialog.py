"""Opt-outs and Bloctel: import the Bloctel opposition file (clear or hashed numbers; its date shown, a
warning past 30 days), and record opt-outs by hand or from a file. Both lists hold hashes only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.suppression import BloctelStatus, ImportResult, SuppressionService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of, shown_by
from dealercrm.ui.style import message_label, restyled
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import button_row, close_button, group_box, push_button, text_label


def read_text_file(path: Path) -> str:
    """A list file's text: UTF-8 (with or without BOM), else Latin-1 as older exports are."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class ListsDialog(Dialog):
    """The suppression list (opt-outs) and the Bloctel list."""

    lists_changed = Signal()

    def __init__(self, ctx: AppContext, *, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._service = ctx.service(SuppressionService)
        self.setWindowTitle(self.tr("Opt-outs and Bloctel"))
        self.setMinimumWidth(620)
        manage = ctx.can("campaigns.manage")

        # Bloctel ------------------------------------------------------------------------------------------
        self.bloctel_label = text_label()
        self.bloctel_warning = message_label()
        self.bloctel_button = QPushButton(self.tr("&Import the Bloctel file…"))
        self.bloctel_button.clicked.connect(
            lambda: self._choose_file(self.tr("Bloctel file"), self.import_bloctel_file)
        )
        self.bloctel_button.setEnabled(manage)
        bloctel_hint = text_label(
            self.tr(
                "The file Bloctel returns: one number per line (clear, or the SHA-256 of its +33… form). "
                "It replaces the previous list; only hashes are kept."
            ),
            "Hint",
        )
        bloctel_row = QHBoxLayout()
        bloctel_row.addWidget(self.bloctel_label, 1)
        bloctel_row.addWidget(self.bloctel_button)
        bloctel_layout = QVBoxLayout()
        bloctel_layout.addLayout(bloctel_row)
        bloctel_layout.addWidget(self.bloctel_warning)
        bloctel_layout.addWidget(bloctel_hint)
        bloctel_box = group_box(self.tr("Bloctel opposition list"), bloctel_layout)

        # Opt-outs -----------------------------------------------------------------------------------------
        self.value_edit = QLineEdit()
        self.value_edit.setPlaceholderText(self.tr("06 12 34 56 78 or name@example.fr"))
        self.reason_edit = QLineEdit(self.tr("Asked by phone"))
        self.add_button = push_button(self.tr("&Add"), self.add_opt_out)
        self._can_manage = manage
        self.check_button = push_button(self.tr("Is it &listed?"), self.check_value)
        self.value_edit.textChanged.connect(lambda _t: self._update_value_buttons())
        self._update_value_buttons()
        value_row = QHBoxLayout()
        value_row.addWidget(self.value_edit, 1)
        value_row.addWidget(self.add_button)
        value_row.addWidget(self.check_button)
        form = QFormLayout()
        value_label = QLabel(self.tr("&Number or address"))
        value_label.setBuddy(self.value_edit)
        form.addRow(value_label, value_row)
        form.addRow(self.tr("&Reason"), self.reason_edit)
        self.import_button = QPushButton(self.tr("Import opt-outs from a &file…"))
        self.import_button.clicked.connect(
            lambda: self._choose_file(self.tr("Opt-out file"), self.import_opt_outs_file)
        )
        self.import_button.setEnabled(manage)
        import_hint = text_label(
            self.tr("Replies “STOP”, unsubscribes: one number or address per line, or a CSV."), "Hint"
        )
        import_row = QHBoxLayout()
        import_row.addWidget(import_hint, 1)
        import_row.addWidget(self.import_button)
        self.opt_out_label = text_label()
        opt_layout = QVBoxLayout()
        opt_layout.addLayout(form)
        opt_layout.addLayout(import_row)
        opt_layout.addWidget(self.opt_out_label)
        opt_box = group_box(self.tr("Opt-outs (suppression list, kept even after erasure)"), opt_layout)

        layout = QVBoxLayout(self)
        layout.addWidget(bloctel_box)
        layout.addWidget(opt_box)
        layout.addStretch(1)
        layout.addLayout(button_row(close_button(self.accept)))
        self.value_edit.returnPressed.connect(self.add_opt_out)
        self.refresh()

    def _update_value_buttons(self) -> None:
        """Add and Check need a number or an address: disabled while there is none to act on."""
        has_value = bool(self.value_edit.text().strip())
        self.add_button.setEnabled(self._can_manage and has_value)
        self.check_button.setEnabled(has_value)

    # Bloctel -------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        QueryOp(self._service.bloctel).success(self._show_bloctel).failure(
            shown_by(self.bloctel_label.setText)
        ).latest_for(self, "bloctel").run(self.ctx.executor)

    def _show_bloctel(self, status: BloctelStatus) -> None:
        if status.imported_at is None:
            self.bloctel_label.setText(self.tr("No Bloctel list imported yet."))
            self.bloctel_warning.setText(self.tr("Import the latest Bloctel file before calling consumers."))
            self.bloctel_warning.show()
            return
        self.bloctel_label.setText(
            self.tr("{n} numbers, imported on {date} ({days} days ago).").format(
                n=fmt.number(status.count), date=fmt.datetime(status.imported_at), days=status.age_days
            )
        )
        if status.stale:
            self.bloctel_warning.setText(
                self.tr("Older than {max} days: get a fresh file from Bloctel and import it.").format(
                    max=status.max_age_days
                )
            )
            self.bloctel_warning.show()
        else:
            self.bloctel_warning.hide()

    def _choose_file(self, title: str, then: Callable[[Path], None]) -> None:
        """Ask for a list file (text or CSV); `then` imports it."""
        path = file_dialogs.open_file(self, title, self.tr("Text or CSV files (*.txt *.csv);;All files (*)"))
        if path is not None:
            then(path)

    def import_bloctel_file(self, path: Path) -> None:
        """Replace the Bloctel list with the numbers of `path` (read and hashed off the GUI thread)."""
        service = self._service
        self.bloctel_button.setEnabled(False)
        self.bloctel_label.setText(self.tr("Importing {name}…").format(name=path.name))

        def work() -> ImportResult:
            return service.import_bloctel(text=read_text_file(path))

        CollectionOp(work).success(self._bloctel_imported).failure(self._bloctel_failed).run(
            self.ctx.executor
        )

    def _bloctel_imported(self, result: ImportResult) -> None:
        self.bloctel_button.setEnabled(True)
        self.refresh()
        if result.rejected:
            self.bloctel_warning.setText(
                self.tr(
                    "{n} lines were neither a number nor a hash and were left out (first: {first})."
                ).format(n=len(result.rejected), first=result.rejected[0])
            )
            self.bloctel_warning.show()
        self.lists_changed.emit()

    def _bloctel_failed(self, exc: Exception) -> None:
        self.bloctel_button.setEnabled(True)
        self.refresh()
        self.bloctel_warning.setText(self.tr("Import failed: {reason}").format(reason=message_of(exc)))
        self.bloctel_warning.show()

    # Opt-outs ------------------------------------------------------------------------------------------
    def add_opt_out(self) -> None:
        """Record the number or address typed as an opt-out (hashed)."""
        value = self.value_edit.text().strip()
        if not value:
            return
        add = CollectionOp(self._service.add, value=value, reason=self.reason_edit.text().strip() or "manual")
        add.success(lambda added: self._opt_out_added(value, added)).failure(
            lambda exc: self._opt_out_message(message_of(exc), error=True)
        ).run(self.ctx.executor)

    def _opt_out_added(self, value: str, added: bool) -> None:
        self.value_edit.clear()
        self._opt_out_message(
            self.tr("Added: {value} will receive no more marketing.").format(value=value)
            if added
            else self.tr("{value} was already on the list.").format(value=value),
            error=False,
        )
        self.lists_changed.emit()

    def check_value(self) -> None:
        value = self.value_edit.text().strip()
        if not value:
            return

        def said(listed: bool) -> None:
            self._opt_out_message(
                self.tr("{value} is on the suppression list.").format(value=value)
                if listed
                else self.tr("{value} is not on the suppression list.").format(value=value),
                error=False,
            )

        QueryOp(self._service.contains, value=value).success(said).failure(
            lambda exc: self._opt_out_message(message_of(exc), error=True)
        ).latest_for(self, "check").run(self.ctx.executor)

    def import_opt_outs_file(self, path: Path) -> None:
        """Add every number or address of `path` to the suppression list (off the GUI thread)."""
        service = self._service
        reason = self.tr("Imported from {name}").format(name=path.name)
        self.import_button.setEnabled(False)

        def work() -> ImportResult:
            return service.import_opt_outs(text=read_text_file(path), reason=reason)

        CollectionOp(work).success(self._opt_outs_imported).failure(self._opt_outs_failed).run(
            self.ctx.executor
        )

    def _opt_outs_imported(self, result: ImportResult) -> None:
        self.import_button.setEnabled(True)
        text = self.tr("{added} added, {already} already listed.").format(
            added=fmt.number(result.added), already=fmt.number(result.already_listed)
        )
        if result.rejected:
            text += " " + self.tr(
                "Not understood: %Ln line(s) (first: “{first}”).", "", len(result.rejected)
            ).format(first=result.rejected[0])
        self._opt_out_message(text, error=bool(result.rejected))
        self.lists_changed.emit()

    def _opt_outs_failed(self, exc: Exception) -> None:
        self.import_button.setEnabled(True)
        self._opt_out_message(self.tr("Import failed: {reason}").format(reason=message_of(exc)), error=True)

    def _opt_out_message(self, text: str, *, error: bool) -> None:
        self.opt_out_label.setText(text)
        restyled(self.opt_out_label, "FormError" if error else "Hint")
