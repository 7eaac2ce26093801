"""Export a list to CSV, Excel or vCard: `ExportDialog(ctx, kind="contacts", ids=None, parent=...)`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.services.exporting import ExportResult, ExportService
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import action_buttons, text_label


def export_kind_labels() -> dict[str, str]:
    return {
        "contacts": QCoreApplication.translate("ExportDialog", "contacts"),
        "vehicles": QCoreApplication.translate("ExportDialog", "vehicles"),
        "sales": QCoreApplication.translate("ExportDialog", "sales"),
        "claims": QCoreApplication.translate("ExportDialog", "claims"),
        "interactions": QCoreApplication.translate("ExportDialog", "interactions"),
    }


class ExportDialog(Dialog):
    """Chooses the format and the file, then exports off the GUI thread."""

    exported = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        *,
        kind: str,
        ids: Sequence[int] | None = None,
        default_name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, parent)
        self.kind = kind
        self.ids = list(ids) if ids is not None else None
        self.export_result: ExportResult | None = None
        what = export_kind_labels().get(kind, kind)
        self.setWindowTitle(self.tr("Export {what}").format(what=what))
        scope = (
            self.tr("The {count} selected {what}.").format(count=len(self.ids), what=what)
            if self.ids is not None
            else self.tr("All the {what} you can see.").format(what=what)
        )
        intro = text_label(scope)
        self.csv_fr = QRadioButton(self.tr("CSV for French Excel (; and decimal commas)"))
        self.csv = QRadioButton(self.tr("CSV (comma-separated, UTF-8)"))
        self.xlsx = QRadioButton(self.tr("Excel workbook (.xlsx)"))
        self.vcf = QRadioButton(self.tr("vCard address book (.vcf)"))
        self._formats = QButtonGroup(self)
        formats = QVBoxLayout()
        for button in (self.csv_fr, self.csv, self.xlsx, self.vcf):
            self._formats.addButton(button)
            formats.addWidget(button)
        self.vcf.setVisible(kind == "contacts")
        self.csv_fr.setChecked(True)
        self.path = QLineEdit(str(Path.home() / (default_name or f"{kind}.csv")))
        self.path.setMinimumWidth(340)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.status = text_label()
        form = QFormLayout()
        form.addRow(self.tr("Format:"), formats)
        form.addRow(self.tr("File:"), file_row)
        self.buttons, self.export_button = action_buttons(self, self.tr("Export"), self.start)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._formats.buttonToggled.connect(self._format_changed)
        self.export_button.setEnabled(ctx.can("contacts.export"))
        if not ctx.can("contacts.export"):
            self.status.setText(self.tr("Your role may not export personal data."))

    def suffix(self) -> str:
        if self.xlsx.isChecked():
            return ".xlsx"
        if self.vcf.isChecked():
            return ".vcf"
        return ".csv"

    def _format_changed(self, *_args: object) -> None:
        path = Path(self.path.text())
        self.path.setText(str(path.with_suffix(self.suffix())))

    def browse(self) -> None:
        filters = {
            ".csv": self.tr("CSV files (*.csv)"),
            ".xlsx": self.tr("Excel workbooks (*.xlsx)"),
            ".vcf": self.tr("vCard files (*.vcf)"),
        }
        path = file_dialogs.save_file(
            self, self.tr("Export to"), self.path.text().strip(), filters[self.suffix()]
        )
        if path is not None:
            self.path.setText(str(path))

    def start(self) -> None:
        path = Path(self.path.text().strip()).with_suffix(self.suffix())
        self.status.setText(self.tr("Exporting…"))
        service = self.ctx.service(ExportService)
        export = QueryOp(
            service.export, kind=self.kind, path=path, ids=self.ids, french=self.csv_fr.isChecked()
        )
        export.success(self._done).failure(self._failed).disabling(self.export_button).run(self.ctx.executor)

    def _done(self, result: ExportResult) -> None:
        self.export_result = result
        self.status.setText(
            self.tr("{rows} rows exported to {path}.").format(rows=result.rows, path=result.path)
        )
        self.exported.emit(result)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))

    def _failed(self, exc: Exception) -> None:
        self.status.setText(message_of(exc))
