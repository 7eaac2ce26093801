"""The import wizard end to end with the inline executor, and the export dialog."""

from __future__ import annotations

import csv
import json
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
    assert wizard.currentPage() is wizard.values_page  # no list column: nothing to check
    assert wizard.values_page.isComplete() and wizard.values_page.table.rowCount() == 0
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


SOURCES_FILE = (
    "Nom;Prénom;Portable;Origine;Créé le\r\n"
    "Dupont;Jean;0612345678;Site internet;12/03/2024\r\n"
    "Durand;Claire;0622345678;Passage showroom;05/06/2024\r\n"
    "Weber;Eva;0632345678;???;\r\n"
    "Roth;Yves;0642345678;Site internet;\r\n"
    "Martin;Paul;0612345678;;\r\n"
)


def test_wizard_shows_each_value_read_and_lets_the_user_change_it(
    qtbot: QtBot, ctx: AppContext, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "sources.csv"
    path.write_bytes(SOURCES_FILE.encode("cp1252"))
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    assert wizard.file_page.on_duplicate == "update"  # fill the blanks: the default
    wizard.file_page.overwrite_existing.setChecked(True)
    assert wizard.file_page.on_duplicate == "overwrite"
    wizard.next()
    assert wizard.mapping_page.mapping()["Origine"] == "source_channel"
    assert wizard.mapping_page.mapping()["Créé le"] == "created_at"
    wizard.next()
    values = wizard.values_page
    assert values.table.rowCount() == 3
    assert [values.table.item(r, 1).text() for r in range(3)] == ["Site internet", "Passage showroom", "???"]
    assert values.table.item(0, 2).text() == "2"
    assert values.choices() == {
        "source_channel": {"Site internet": "website", "Passage showroom": "walk_in", "???": "other"}
    }
    assert "2 to check" in values.summary.text()  # "Passage showroom" and "???"
    values.set_choice("source_channel", "???", "event")
    saved = tmp_path / "mapping.json"
    values.save_mapping_file(str(saved))
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["values"]["Origine"]["???"]["use"] == "event"
    assert data["on_duplicate"] == "overwrite" and data["columns"]["Origine"] == "source_channel"
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    with qtbot.waitSignal(wizard.imported, timeout=5000) as signal:
        wizard.next()
    result = signal.args[0]
    assert (result.created, result.rejected) == (4, 0)
    (merged,) = [i for i in result.issues if i.outcome == "merged"]
    assert merged.line == 6
    run_page = wizard.run_page
    assert run_page.issues.rowCount() == 1 and run_page.issues.item(0, 3).text() == "nothing to change"
    with db.session_factory() as session:
        sources = {n: s for n, s in session.execute(select(Contact.last_name, Contact.source_channel))}
        created = session.scalar(select(Contact.created_at).where(Contact.last_name == "Dupont"))
    assert sources == {"Dupont": "website", "Durand": "walk_in", "Weber": "event", "Roth": "website"}
    assert created is not None and created.year == 2024


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
