"""The import wizard end to end with the inline executor, and the export dialog."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import Contact
from dealercrm.services.importing import ImportResult
from dealercrm.ui.context import AppContext
from dealercrm.ui.data import ExportDialog, ImportWizard

FILE = (
    "Export clients;;;;\r\n"
    "NOM;Prénom;Tél. portable;Courriel;Zone libre\r\n"
    "Dupont;Jean;06 12 34 56 78;jean@orange.fr;A\r\n"
    "Lefèvre;Élodie;+33 7 81 23 45 67;elodie@free.fr;B\r\n"
    "Martin;Paul;123;paul@free.fr;C\r\n"
)


def test_wizard_imports_a_small_file_end_to_end(
    qtbot: QtBot, ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "clients.csv"
    path.write_bytes(FILE.encode("cp1252"))
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert "cp1252" in wizard.mapping_page.about.text()
    assert wizard.mapping_page.mapping() == {
        "NOM": "last_name",
        "Prénom": "first_name",
        "Tél. portable": "mobile",
        "Courriel": "email",
    }
    # The user maps "Zone libre" by hand, then takes it back: one column per field.
    combo = wizard.mapping_page.table.cellWidget(4, 2)
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(combo.findData("email"))
    assert not wizard.mapping_page.isComplete()
    assert "Several columns" in wizard.mapping_page.problem.text()
    combo.setCurrentIndex(0)
    assert wizard.mapping_page.isComplete()
    wizard.next()
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert preview.table.rowCount() == 3
    assert preview.table.item(0, 0).text() == "3"  # physical line numbers
    assert preview.table.item(2, 1).text() == "Rejected"
    assert "phone" in preview.table.item(2, 2).text()
    preview.check_all.click()
    assert "2 new" in preview.whole.text() and "1 rejected" in preview.whole.text()
    with qtbot.waitSignal(wizard.imported, timeout=5000) as signal:
        wizard.next()
    result = signal.args[0]
    assert isinstance(result, ImportResult)
    assert (result.created, result.rejected) == (2, 1)
    run_page = wizard.run_page
    assert run_page.isComplete()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert "2 created" in run_page.counts.text()
    assert run_page.issues.rowCount() == 1
    assert run_page.issues.item(0, 0).text() == "5"
    report = tmp_path / "errors.csv"
    run_page.save_error_report(str(report))
    with report.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[1][0] == "5" and rows[1][2] == "Tél. portable"
    with db.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(Contact)) == 2

    # The mapping was remembered: a new wizard on the same file maps as before.
    again = ImportWizard(ctx)
    qtbot.addWidget(again)
    again.show()
    again.file_page.path.setText(str(path))
    again.next()
    assert again.mapping_page.mapping()["Courriel"] == "email"
    assert "imported before" in again.mapping_page.about.text()


def test_wizard_shows_why_a_file_cannot_be_read(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("\n\n", encoding="utf-8")
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    assert wizard.currentPage() is wizard.file_page
    assert "empty" in wizard.file_page.error.text()


def test_export_dialog_writes_the_chosen_format(
    qtbot: QtBot, ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    with db.session_factory.begin() as session:
        session.add(Contact(kind="person", last_name="=Dupont", first_name="Jean"))
    dialog = ExportDialog(ctx, kind="contacts")
    qtbot.addWidget(dialog)
    dialog.xlsx.setChecked(True)
    dialog.path.setText(str(tmp_path / "contacts.csv"))
    dialog.xlsx.setChecked(False)
    dialog.csv_fr.setChecked(True)
    assert dialog.path.text().endswith("contacts.csv")
    with qtbot.waitSignal(dialog.exported, timeout=5000):
        dialog.export_button.click()
    text = (tmp_path / "contacts.csv").read_text(encoding="utf-8-sig")
    assert ";'=Dupont;" in text
    assert "1 rows exported" in dialog.status.text()


def test_every_importer_field_label_is_listed_for_translation() -> None:
    from dealercrm.services.importing.fields import FIELDS
    from dealercrm.ui.data.import_wizard import FIELD_LABELS

    assert {spec.label for specs in FIELDS.values() for spec in specs} <= set(FIELD_LABELS)
