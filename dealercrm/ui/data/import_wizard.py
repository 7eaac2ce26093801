"""The import wizard: file and kind, column mapping, preview, then the import with progress and cancel.

Every service call runs on the database executor; the wizard only shows what comes back. The mapping
the user confirms is remembered (per kind, in the user's config folder) for the next file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dealercrm.services.importing import (
    ChoiceColumn,
    FileOverview,
    ImportResult,
    ImportService,
    PreviewRow,
    missing_columns,
    write_error_report,
    write_mapping_file,
)
from dealercrm.ui.context import AppContext
from dealercrm.ui.i18n import QT_TRANSLATE_NOOP
from dealercrm.ui.labels import labels_for
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of, shown_by
from dealercrm.ui.style import named
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.forms import choice_combo, text_label
from dealercrm.ui.workers import Job

PREVIEW_ROWS = 50
REJECT_COLOUR = QColor("#fdecea")
SKIP_COLOUR = QColor("#f3f4f6")
GUESS_COLOUR = QColor("#fff7e0")


def kind_labels() -> dict[str, str]:
    return {
        "contacts": QCoreApplication.translate("ImportWizard", "Contacts (customers and prospects)"),
        "vehicles": QCoreApplication.translate("ImportWizard", "Vehicles, with their owners and sales"),
        "service_visits": QCoreApplication.translate("ImportWizard", "Service visits (workshop)"),
        "claims": QCoreApplication.translate("ImportWizard", "Claims (after-sales complaints)"),
        "interactions": QCoreApplication.translate("ImportWizard", "Interactions (calls, e-mails, visits)"),
    }


def action_labels() -> dict[str, str]:
    return {
        "create": QCoreApplication.translate("ImportWizard", "New"),
        "update": QCoreApplication.translate("ImportWizard", "Update"),
        "unchanged": QCoreApplication.translate("ImportWizard", "Unchanged"),
        "skip": QCoreApplication.translate("ImportWizard", "Skipped"),
        "reject": QCoreApplication.translate("ImportWizard", "Rejected"),
        "done": QCoreApplication.translate("ImportWizard", "Already imported"),
    }


# The importer's field labels (dealercrm/services/importing/fields.py), listed so that lupdate collects
# them; tests/ui/test_import_wizard.py checks that the list stays complete.
FIELD_LABELS = (
    QT_TRANSLATE_NOOP("ImportFields", "Address"),
    QT_TRANSLATE_NOOP("ImportFields", "Address (2nd line)"),
    QT_TRANSLATE_NOOP("ImportFields", "Amount"),
    QT_TRANSLATE_NOOP("ImportFields", "Birth date"),
    QT_TRANSLATE_NOOP("ImportFields", "Body type"),
    QT_TRANSLATE_NOOP("ImportFields", "Category"),
    QT_TRANSLATE_NOOP("ImportFields", "Channel"),
    QT_TRANSLATE_NOOP("ImportFields", "City"),
    QT_TRANSLATE_NOOP("ImportFields", "Civility"),
    QT_TRANSLATE_NOOP("ImportFields", "Colour"),
    QT_TRANSLATE_NOOP("ImportFields", "Company"),
    QT_TRANSLATE_NOOP("ImportFields", "Consent date"),
    QT_TRANSLATE_NOOP("ImportFields", "Contact's e-mail"),
    QT_TRANSLATE_NOOP("ImportFields", "Contact's phone"),
    QT_TRANSLATE_NOOP("ImportFields", "Cost of the sale"),
    QT_TRANSLATE_NOOP("ImportFields", "Country"),
    QT_TRANSLATE_NOOP("ImportFields", "Created on"),
    QT_TRANSLATE_NOOP("ImportFields", "Date and time"),
    QT_TRANSLATE_NOOP("ImportFields", "Description"),
    QT_TRANSLATE_NOOP("ImportFields", "Direction"),
    QT_TRANSLATE_NOOP("ImportFields", "Duration (seconds)"),
    QT_TRANSLATE_NOOP("ImportFields", "E-mail"),
    QT_TRANSLATE_NOOP("ImportFields", "E-mail consent (yes/no)"),
    QT_TRANSLATE_NOOP("ImportFields", "Financing"),
    QT_TRANSLATE_NOOP("ImportFields", "Financing end date"),
    QT_TRANSLATE_NOOP("ImportFields", "Financing months"),
    QT_TRANSLATE_NOOP("ImportFields", "First contact date"),
    QT_TRANSLATE_NOOP("ImportFields", "First name"),
    QT_TRANSLATE_NOOP("ImportFields", "First registration date"),
    QT_TRANSLATE_NOOP("ImportFields", "Fuel"),
    QT_TRANSLATE_NOOP("ImportFields", "Full name (first and last)"),
    QT_TRANSLATE_NOOP("ImportFields", "Goodwill cost"),
    QT_TRANSLATE_NOOP("ImportFields", "Job title"),
    QT_TRANSLATE_NOOP("ImportFields", "Kind of visit"),
    QT_TRANSLATE_NOOP("ImportFields", "Landline"),
    QT_TRANSLATE_NOOP("ImportFields", "Last contact date"),
    QT_TRANSLATE_NOOP("ImportFields", "Last name"),
    QT_TRANSLATE_NOOP("ImportFields", "Last purchase date"),
    QT_TRANSLATE_NOOP("ImportFields", "List price"),
    QT_TRANSLATE_NOOP("ImportFields", "Make"),
    QT_TRANSLATE_NOOP("ImportFields", "Margin"),
    QT_TRANSLATE_NOOP("ImportFields", "Marketing consent, every channel (yes/no)"),
    QT_TRANSLATE_NOOP("ImportFields", "Mileage (km)"),
    QT_TRANSLATE_NOOP("ImportFields", "Mobile"),
    QT_TRANSLATE_NOOP("ImportFields", "Model"),
    QT_TRANSLATE_NOOP("ImportFields", "New or used"),
    QT_TRANSLATE_NOOP("ImportFields", "Notes"),
    QT_TRANSLATE_NOOP("ImportFields", "Opened on"),
    QT_TRANSLATE_NOOP("ImportFields", "Outcome"),
    QT_TRANSLATE_NOOP("ImportFields", "Owner's e-mail"),
    QT_TRANSLATE_NOOP("ImportFields", "Owner's first name"),
    QT_TRANSLATE_NOOP("ImportFields", "Owner's last name"),
    QT_TRANSLATE_NOOP("ImportFields", "Owner's phone"),
    QT_TRANSLATE_NOOP("ImportFields", "Phone (mobile or landline)"),
    QT_TRANSLATE_NOOP("ImportFields", "Phone consent (yes/no)"),
    QT_TRANSLATE_NOOP("ImportFields", "Post consent (yes/no)"),
    QT_TRANSLATE_NOOP("ImportFields", "Postal code"),
    QT_TRANSLATE_NOOP("ImportFields", "Purchase cost"),
    QT_TRANSLATE_NOOP("ImportFields", "Registration plate"),
    QT_TRANSLATE_NOOP("ImportFields", "Resolution"),
    QT_TRANSLATE_NOOP("ImportFields", "Resolved on"),
    QT_TRANSLATE_NOOP("ImportFields", "SIREN / SIRET"),
    QT_TRANSLATE_NOOP("ImportFields", "SMS consent (yes/no)"),
    QT_TRANSLATE_NOOP("ImportFields", "Sale date"),
    QT_TRANSLATE_NOOP("ImportFields", "Sale price"),
    QT_TRANSLATE_NOOP("ImportFields", "Salesperson (login or name)"),
    QT_TRANSLATE_NOOP("ImportFields", "Satisfaction (1-5)"),
    QT_TRANSLATE_NOOP("ImportFields", "Severity"),
    QT_TRANSLATE_NOOP("ImportFields", "Source"),
    QT_TRANSLATE_NOOP("ImportFields", "Status"),
    QT_TRANSLATE_NOOP("ImportFields", "Status (prospect / customer)"),
    QT_TRANSLATE_NOOP("ImportFields", "Stock status"),
    QT_TRANSLATE_NOOP("ImportFields", "Summary"),
    QT_TRANSLATE_NOOP("ImportFields", "Type"),
    QT_TRANSLATE_NOOP("ImportFields", "VIN"),
    QT_TRANSLATE_NOOP("ImportFields", "Version"),
    QT_TRANSLATE_NOOP("ImportFields", "Visit date"),
    QT_TRANSLATE_NOOP("ImportFields", "Warranty end date"),
)


def field_label(label: str) -> str:
    """The service's English field label, translated when a translation exists."""
    return QCoreApplication.translate("ImportFields", label)


def choices_table(titles: list[str]) -> QTableWidget:
    """A table of the file's columns (or values) with a combo box in its last column to choose what
    each is imported as: no row numbers, no selection; the second column takes the room left."""
    table = QTableWidget(0, len(titles))
    table.setHorizontalHeaderLabels(titles)
    table.verticalHeader().setVisible(False)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    for column in range(len(titles)):
        fit = QHeaderView.ResizeMode.Stretch if column == 1 else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(column, fit)
    return table


class ImportStep(QWizardPage):
    """A page of the import wizard, with its title and what the user does on it."""

    def __init__(self, wizard: ImportWizard, title: str, subtitle: str) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)


class FilePage(ImportStep):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            self.tr("Import data"),
            self.tr("Choose what to import and the file exported from your previous system (CSV or Excel)."),
        )
        self.kind = choice_combo(kind_labels())
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("A .csv or .xlsx file"))
        self.path.setMinimumWidth(360)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.update_existing = QRadioButton(self.tr("Fill in what it lacks, keep what it has"))
        self.overwrite_existing = QRadioButton(self.tr("Replace what differs with the file's values"))
        self.skip_existing = QRadioButton(self.tr("Leave it as it is and skip the row"))
        self.update_existing.setChecked(True)
        self._duplicates = QButtonGroup(self)
        duplicates = QVBoxLayout()
        for button in (self.update_existing, self.overwrite_existing, self.skip_existing):
            self._duplicates.addButton(button)
            duplicates.addWidget(button)
        self.error = named(QLabel(), "errorLabel")
        self.error.setStyleSheet("color: #b42318;")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("What to import:"), self.kind)
        form.addRow(self.tr("File:"), row)
        form.addRow(self.tr("When a record already exists\n(same phone or e-mail):"), duplicates)
        form.addRow(self.error)
        self.path.textChanged.connect(self.completeChanged)
        self.path.textChanged.connect(lambda _text: self.error.clear())
        self.kind.currentIndexChanged.connect(lambda _index: self.error.clear())

    def browse(self) -> None:
        path = file_dialogs.open_file(
            self, self.tr("File to import"), self.tr("Spreadsheets (*.csv *.txt *.tsv *.xlsx);;All files (*)")
        )
        if path is not None:
            self.path.setText(str(path))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        return self._wizard.inspect_file(Path(self.path.text().strip()), self.kind.currentData())

    @property
    def on_duplicate(self) -> str:
        if self.overwrite_existing.isChecked():
            return "overwrite"
        return "skip" if self.skip_existing.isChecked() else "update"


class MappingPage(ImportStep):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            self.tr("Columns"),
            self.tr(
                "Check which field each column of the file goes to. Columns set to “Ignore” are not imported."
            ),
        )
        self.about = text_label()
        self.table = choices_table(
            [self.tr("Column in the file"), self.tr("Examples"), self.tr("Imported as")]
        )
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b42318;")
        self.problem.setWordWrap(True)
        self.remember = QCheckBox(self.tr("Remember these choices for the next file"))
        self.remember.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.remember)
        self._combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        overview = self._wizard.overview
        assert overview is not None
        if overview.delimiter:
            separator = {";": ";", ",": ",", "\t": self.tr("tab"), "|": "|"}.get(
                overview.delimiter, overview.delimiter
            )
            self.about.setText(
                self.tr("{file}: CSV, encoding {encoding}, separator “{separator}”, {count} columns.").format(
                    file=overview.file_name,
                    encoding=overview.encoding,
                    separator=separator,
                    count=len(overview.headers),
                )
            )
        else:
            self.about.setText(
                self.tr("{file}: Excel workbook, {count} columns.").format(
                    file=overview.file_name, count=len(overview.headers)
                )
            )
        if overview.already_imported:
            runs = ", ".join(f"#{r}" for r in overview.already_imported)
            self.about.setText(
                self.about.text()
                + "\n"
                + self.tr(
                    "This file was imported before ({runs}): rows already imported will be left alone."
                ).format(runs=runs)
            )
        self.table.setRowCount(len(overview.headers))
        self._combos = []
        for row, header in enumerate(overview.headers):
            self.table.setItem(row, 0, QTableWidgetItem(header))
            examples = QTableWidgetItem("  ·  ".join(overview.examples.get(header, ())))
            examples.setForeground(QBrush(QColor("#6b7280")))
            self.table.setItem(row, 1, examples)
            combo = QComboBox()
            combo.addItem(self.tr("Ignore"), None)
            for name, label in overview.fields:
                combo.addItem(field_label(label), name)
            target = overview.mapping.get(header)
            combo.setCurrentIndex(max(0, combo.findData(target)) if target else 0)
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(row, 2, combo)
            self._combos.append(combo)
        self.table.resizeRowsToContents()
        self._changed()

    def mapping(self) -> dict[str, str]:
        overview = self._wizard.overview
        assert overview is not None
        return {
            header: combo.currentData()
            for header, combo in zip(overview.headers, self._combos, strict=True)
            if combo.currentData()
        }

    def full_mapping(self) -> dict[str, str | None]:
        overview = self._wizard.overview
        assert overview is not None
        return {
            header: combo.currentData() for header, combo in zip(overview.headers, self._combos, strict=True)
        }

    def _changed(self, *_args: Any) -> None:
        self.problem.setText(self._problem())
        self.completeChanged.emit()

    def _problem(self) -> str:
        overview = self._wizard.overview
        if overview is None:
            return ""
        chosen = [combo.currentData() for combo in self._combos if combo.currentData()]
        labels = dict(overview.fields)
        twice = sorted({field_label(labels[name]) for name in chosen if chosen.count(name) > 1})
        if twice:
            return self.tr("Several columns go to: {fields}. Keep one.").format(fields=", ".join(twice))
        missing = missing_columns(self._wizard.kind, self.mapping())
        if missing:
            return self.tr("A column is needed for: {fields}.").format(fields="; ".join(missing))
        return ""

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return bool(self._combos) and not self._problem()

    def validatePage(self) -> bool:  # noqa: N802 - Qt override
        if self.remember.isChecked():
            self._wizard.service.remember_mapping(kind=self._wizard.kind, mapping=self.full_mapping())
        return True


class ValuesPage(ImportStep):
    """Each distinct value of the file's choice columns (source, civility, status, fuel...) and what it
    will be imported as; the user may change any of them before the preview."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            self.tr("Values"),
            self.tr(
                "How each value of the file's lists will be imported. Values marked “to check” were "
                "guessed: change any that is wrong."
            ),
        )
        self.summary = text_label()
        self.table = choices_table(
            [self.tr("Column in the file"), self.tr("Value"), self.tr("Rows"), self.tr("Imported as")]
        )
        self.save_mapping = QPushButton(self.tr("Save as a mapping file…"))
        self.save_mapping.setToolTip(
            self.tr("The columns, these values and the duplicate rule, for `dealercrm import --mapping`.")
        )
        self.save_mapping.clicked.connect(lambda: self.save_mapping_file())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_mapping)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.columns: tuple[ChoiceColumn, ...] = ()
        self._combos: list[tuple[str, str, QComboBox]] = []  # field, value, combo
        self._loaded = False

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self._loaded = False
        self.columns = ()
        self._combos = []
        self.table.setRowCount(0)
        self.summary.setText(self.tr("Reading the values of the file…"))
        w = self._wizard
        propose = QueryOp(
            w.service.propose_choices, path=w.path, kind=w.kind, mapping=w.mapping_page.mapping()
        )
        propose.success(self._show).failure(shown_by(self.summary.setText)).latest_for(self).run(
            w.ctx.executor
        )

    def _show(self, columns: tuple[ChoiceColumn, ...]) -> None:
        self.columns = columns
        rows = [(column, proposal) for column in columns for proposal in column.values]
        self.table.setRowCount(len(rows))
        self._combos = []
        guessed = 0
        for r, (column, proposal) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(column.header))
            value = QTableWidgetItem(proposal.value)
            if proposal.note:
                guessed += 1
                value.setToolTip(self.tr("To check: the value was not recognised as it is written."))
                value.setBackground(QBrush(GUESS_COLOUR))
            self.table.setItem(r, 1, value)
            self.table.setItem(r, 2, QTableWidgetItem(str(proposal.rows)))
            combo = choice_combo(
                {member.value: text for member, text in labels_for(column.enum).items()},
                first=self.tr("Leave empty"),
            )
            combo.setCurrentIndex(max(0, combo.findData(proposal.proposed)) if proposal.proposed else 0)
            self.table.setCellWidget(r, 3, combo)
            self._combos.append((column.field, proposal.value, combo))
        self.table.resizeRowsToContents()
        if not rows:
            self.summary.setText(self.tr("No column of the file holds a list of values: nothing to check."))
        else:
            more = sum(column.more for column in columns)
            text = self.tr("{count} distinct values, {guessed} to check.").format(
                count=len(rows), guessed=guessed
            )
            if more:
                text += " " + self.tr("{more} rarer values are read the same way.").format(more=more)
            self.summary.setText(text)
        self._loaded = True
        self.completeChanged.emit()

    def choices(self) -> dict[str, dict[str, str | None]]:
        """The values as confirmed here, {field: {value in the file: code or None}}."""
        chosen: dict[str, dict[str, str | None]] = {}
        for name, value, combo in self._combos:
            chosen.setdefault(name, {})[value] = combo.currentData()
        return chosen

    def save_mapping_file(self, path: str | None = None) -> None:
        """Write the mapping, the values as chosen here and the duplicate rule to a JSON file."""
        w = self._wizard
        path = file_dialogs.save_path(
            self,
            self.tr("Save as a mapping file"),
            w.path.with_name(w.path.stem + "-mapping.json"),
            self.tr("JSON files (*.json)"),
            given=path or None,
        )
        if not path:
            return
        chosen = self.choices()
        columns = tuple(
            replace(
                column,
                values=tuple(
                    replace(p, proposed=chosen.get(column.field, {}).get(p.value, p.proposed))
                    for p in column.values
                ),
            )
            for column in self.columns
        )
        try:
            write_mapping_file(
                Path(path),
                mapping=w.mapping_page.mapping(),
                columns=columns,
                on_duplicate=w.file_page.on_duplicate,
            )
        except OSError as exc:
            self.summary.setText(self.tr("The file could not be written: {error}").format(error=exc))
        else:
            self.summary.setText(self.tr("Mapping saved to {path}.").format(path=path))

    def set_choice(self, field: str, value: str, code: str | None) -> None:
        """Choose what `value` of `field` is imported as (what the combo box does)."""
        for name, shown, combo in self._combos:
            if (name, shown) == (field, value):
                combo.setCurrentIndex(max(0, combo.findData(code)) if code else 0)

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return self._loaded


class PreviewPage(ImportStep):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            self.tr("Preview"),
            self.tr("The first rows as they will be stored. Rejected rows are not imported; the others are."),
        )
        self.summary = text_label()
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.check_all = QPushButton(self.tr("Check the whole file"))
        self.check_all.clicked.connect(self._check_whole_file)
        self.whole = text_label()
        bottom = QHBoxLayout()
        bottom.addWidget(self.check_all)
        bottom.addWidget(self.whole, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._rows: list[PreviewRow] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        self.summary.setText(self.tr("Reading the first rows…"))
        self.whole.clear()
        self.table.setRowCount(0)
        w = self._wizard
        preview = QueryOp(w.service.preview, **w.plan(), limit=PREVIEW_ROWS)
        preview.success(self._show).failure(shown_by(self.summary.setText)).latest_for(self, "preview").run(
            w.ctx.executor
        )

    def _show(self, rows: list[PreviewRow]) -> None:
        self._rows = rows
        overview = self._wizard.overview
        assert overview is not None
        labels = dict(overview.fields)
        fields = list(self._wizard.mapping_page.mapping().values())
        headers = [
            self.tr("Line"),
            self.tr("Action"),
            self.tr("Problems"),
            *(field_label(labels[f]) for f in fields),
        ]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        actions = action_labels()
        counts: dict[str, int] = {}
        for r, row in enumerate(rows):
            counts[row.action] = counts.get(row.action, 0) + 1
            problems = "; ".join(f"{i.column}: {i.message}" if i.column else i.message for i in row.issues)
            cells = [
                str(row.line),
                actions.get(row.action, row.action),
                problems,
                *(row.values.get(f, "") for f in fields),
            ]
            colour = (
                REJECT_COLOUR
                if row.action == "reject"
                else SKIP_COLOUR
                if row.action in ("skip", "done")
                else None
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 2 and problems:
                    item.setToolTip(problems)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 260))
        parts = [f"{actions.get(action, action)}: {n}" for action, n in counts.items()]
        self.summary.setText(
            self.tr("First {count} rows. {details}").format(count=len(rows), details=", ".join(parts))
            if rows
            else self.tr("The file has no data rows.")
        )

    def _check_whole_file(self) -> None:
        w = self._wizard
        self.check_all.setEnabled(False)
        self.whole.setText(self.tr("Checking every row (nothing is written)…"))
        check = QueryOp(w.service.run, **w.plan(), dry_run=True)  # nothing is written
        check.success(self._whole_checked).failure(self._whole_failed).latest_for(self, "check").run(
            w.ctx.executor
        )

    def _whole_checked(self, result: ImportResult) -> None:
        self.check_all.setEnabled(True)
        self.whole.setText(
            self.tr(
                "{rows} rows: {created} new, {updated} updates, {skipped} skipped, {rejected} rejected."
            ).format(
                rows=result.rows,
                created=result.created,
                updated=result.updated + result.unchanged,
                skipped=result.skipped + result.already_imported,
                rejected=result.rejected,
            )
        )

    def _whole_failed(self, exc: Exception) -> None:
        self.check_all.setEnabled(True)
        self.whole.setText(message_of(exc))


class RunPage(ImportStep):
    finished = Signal()

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(
            wizard,
            self.tr("Import"),
            self.tr("Rows are written in batches: stopping keeps the batches already written."),
        )
        self.status = text_label()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.cancel = QPushButton(self.tr("Stop"))
        self.cancel.clicked.connect(self.stop)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        self.counts = text_label()
        self.issues = QTableWidget(0, 5)
        self.issues.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Column"), self.tr("Value"), self.tr("What was done"), self.tr("Why")]
        )
        self.issues.verticalHeader().setVisible(False)
        self.issues.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.issues.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.save_report = QPushButton(self.tr("Save the report…"))
        self.save_report.clicked.connect(lambda: self.save_error_report())
        self.save_report.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.counts)
        layout.addWidget(self.issues, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.save_report)
        layout.addLayout(bottom)
        self.job: Job | None = None
        self._running = False
        self.result: ImportResult | None = None

    def initializePage(self) -> None:  # noqa: N802 - Qt override
        w = self._wizard
        self.result = None
        self.issues.setRowCount(0)
        self.counts.clear()
        self.save_report.setEnabled(False)
        self.cancel.setEnabled(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Importing {file}…").format(file=w.path.name))
        w.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self._running = True
        job = (
            CollectionOp(w.service.run, **w.plan())
            .progress(self._progressed)
            .success(self._done)
            .failure(lambda exc: self._failed(message_of(exc)))
            .cancelled(self._cancelled)
            .run(w.ctx.executor)
        )
        self.job = job if self._running else None  # None once it has already answered

    @property
    def running(self) -> bool:
        return self._running

    def stop(self) -> None:
        if self._running and self.job is not None:
            self.cancel.setEnabled(False)
            self.status.setText(self.tr("Stopping after the current batch…"))
            self.job.cancel()

    def _progressed(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def _done(self, result: ImportResult) -> None:
        self.result = result
        self.job = None
        self._running = False
        self.cancel.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        if result.status == "cancelled":
            self.status.setText(
                self.tr(
                    "Import #{id} stopped. The rows written so far stay: import the same file again "
                    "to finish."
                ).format(id=result.run_id)
            )
        else:
            self.status.setText(
                self.tr("Import #{id} finished in {seconds:.1f} s.").format(
                    id=result.run_id, seconds=result.seconds
                )
            )
        self.counts.setText(
            self.tr(
                "{rows} rows read: {created} created, {updated} updated, {unchanged} unchanged, "
                "{skipped} skipped, {rejected} rejected, {already} already imported."
            ).format(
                rows=result.rows,
                created=result.created,
                updated=result.updated,
                unchanged=result.unchanged,
                skipped=result.skipped,
                rejected=result.rejected,
                already=result.already_imported,
            )
        )
        shown = result.issues[:5000]
        self.issues.setRowCount(len(shown))
        for r, issue in enumerate(shown):
            cells = (str(issue.line), issue.column, issue.value, issue.action, issue.message)
            colour = {"rejected": REJECT_COLOUR, "warning": GUESS_COLOUR}.get(issue.outcome)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if colour is not None:
                    item.setBackground(QBrush(colour))
                self.issues.setItem(r, c, item)
        self.issues.resizeColumnsToContents()
        for c in range(4):
            self.issues.setColumnWidth(c, min(self.issues.columnWidth(c), 320))
        self.issues.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.save_report.setEnabled(bool(result.issues))
        self._wizard.button(QWizard.WizardButton.BackButton).setEnabled(False)
        self.completeChanged.emit()
        self.finished.emit()

    def _failed(self, message: str) -> None:
        self.job = None
        self._running = False
        self.cancel.setEnabled(False)
        self.progress.setRange(0, 1)
        self.status.setText(self.tr("The import failed: {message}").format(message=message))
        self._wizard.button(QWizard.WizardButton.BackButton).setEnabled(True)
        self.completeChanged.emit()
        self.finished.emit()

    def _cancelled(self) -> None:
        self._failed(self.tr("stopped."))

    def isComplete(self) -> bool:  # noqa: N802 - Qt override
        return not self._running

    def save_error_report(self, path: str | None = None) -> None:
        if self.result is None:
            return
        path = file_dialogs.save_path(
            self,
            self.tr("Save the import report"),
            self._wizard.path.with_name(self._wizard.path.stem + "-report.csv"),
            self.tr("CSV files (*.csv)"),
            given=path or None,
        )
        if path:
            try:
                write_error_report(self.result, Path(path))
            except OSError as exc:
                self.status.setText(self.tr("The report could not be written: {error}").format(error=exc))
            else:
                self.status.setText(self.tr("Import report saved to {path}.").format(path=path))


class ImportWizard(QWizard):
    """File > Import…: `ImportWizard(ctx, parent)`; `imported` is emitted after an import finished."""

    imported = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.service: ImportService = ctx.service(ImportService)
        self.overview: FileOverview | None = None
        self._overview_key: tuple[Path, str] | None = None
        self._inline = False
        self.setWindowTitle(self.tr("Import data"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.values_page = ValuesPage(self)
        self.preview_page = PreviewPage(self)
        self.run_page = RunPage(self)
        for page in (self.file_page, self.mapping_page, self.values_page, self.preview_page, self.run_page):
            self.addPage(page)
        self.preview_page.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Import"))
        self.preview_page.setCommitPage(True)
        self.run_page.finished.connect(lambda: self.imported.emit(self.run_page.result))
        self.resize(900, 620)

    def plan(self) -> dict[str, Any]:
        """What the import service is told about the file, whether to preview, check or import it."""
        return {
            "path": self.path,
            "kind": self.kind,
            "mapping": self.mapping_page.mapping(),
            "choices": self.values_page.choices(),
            "on_duplicate": self.file_page.on_duplicate,
        }

    @property
    def path(self) -> Path:
        return Path(self.file_page.path.text().strip())

    @property
    def kind(self) -> str:
        return str(self.file_page.kind.currentData())

    def inspect_file(self, path: Path, kind: str) -> bool:
        """Read the file's header off the GUI thread; the page moves on when it is in."""
        key = (path, kind)
        if self._overview_key == key and self.overview is not None:
            return True
        self.file_page.error.setText(self.tr("Reading the file…"))
        self._inline = True
        inspect = QueryOp(self.service.inspect, path=path, kind=kind)
        inspect.success(self._inspected).failure(shown_by(self.file_page.error.setText)).latest_for(
            self, "inspect"
        ).run(self.ctx.executor)
        self._inline = False
        return self._overview_key == key and self.overview is not None

    def _inspected(self, overview: FileOverview) -> None:
        self.overview = overview
        self._overview_key = (self.path, self.kind)
        self.file_page.error.clear()
        if not self._inline:
            self.next()

    def reject(self) -> None:
        """Closing while an import runs stops it first (the batches written stay)."""
        if self.run_page.running:
            self.run_page.stop()
            return
        super().reject()
