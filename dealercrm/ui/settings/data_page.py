"""Settings › Data & privacy: backups (administrators) and GDPR requests and retention (managers).

Everything that touches the database runs on the executor; the buttons only ask and show.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import CampaignKind
from dealercrm.services.backups import BackupInfo, BackupKind, BackupService
from dealercrm.services.gdpr import ErasureResult, GdprExport, GdprService, PurgeResult, RetentionRow
from dealercrm.services.search import SearchHit, SearchService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp
from dealercrm.ui.search_box import hit_subtitle
from dealercrm.ui.settings.tab import SettingsTab
from dealercrm.ui.style import message_label, named, set_primary
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.forms import ok_cancel, text_label
from dealercrm.ui.widgets.paged_table import Column, PagedTableModel, apply_column_widths, make_table_view


class TypedConfirmation(QDialog):
    """Asks the user to type a word before a destructive action; OK stays disabled until they do."""

    def __init__(self, title: str, text: str, word: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.word = word
        message = text_label(text)
        prompt = QLabel(self.tr("Type {word} to confirm:").format(word=f"<b>{word}</b>"))
        self.edit = QLineEdit()
        self.buttons = ok_cancel(self, title)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.edit.textChanged.connect(lambda text: self.ok.setEnabled(text.strip() == self.word))
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)


class DataPrivacyTab(SettingsTab):
    """Backups list with "Back up now" and "Restore…"; a person's GDPR request; the retention list."""

    message = Signal(str)
    restart_required = Signal()

    def build(self, ctx: AppContext) -> None:
        self._restored = False
        self.backups_box: QGroupBox | None = None
        self.request_box: QGroupBox | None = None
        self.retention_box: QGroupBox | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(14)
        if ctx.can("database.admin") and ctx.db.is_sqlite:  # a shared database: pg_dump, not these files
            self.backups_box = self._build_backups()
            layout.addWidget(self.backups_box, 2)
        if ctx.can("gdpr.manage"):
            self.request_box = self._build_request()
            self.retention_box = self._build_retention()
            layout.addWidget(self.request_box)
            layout.addWidget(self.retention_box, 3)
        if self.backups_box is None and self.request_box is None:
            none = named(
                QLabel(
                    self.tr(
                        "Backups and personal-data requests are handled by a manager or an administrator."
                    )
                ),
                "Placeholder",
            )
            layout.addWidget(none)
        layout.addStretch(0)

    # Backups --------------------------------------------------------------------------------------------
    def _build_backups(self) -> QGroupBox:
        box = QGroupBox(self.tr("Backups"))
        self.backup_folder_label = named(QLabel(), "Hint")
        self.backup_folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backup_folder_label.setWordWrap(True)
        self.location_warning = message_label()
        self.backup_columns: list[Column[BackupInfo]] = [
            Column(self.tr("Taken"), lambda b: fmt.datetime(b.taken_at), width=150),
            Column(self.tr("Kind"), self._kind_label, width=170),
            Column(
                self.tr("Size"),
                lambda b: self.tr("{mb} MB").format(mb=fmt.number(b.size_bytes / 1_048_576, decimals=1)),
                align_right=True,
                width=90,
            ),
            Column(self.tr("File"), lambda b: b.path.name, tooltip=lambda b: str(b.path)),
        ]
        self.backup_model: PagedTableModel[BackupInfo] = PagedTableModel(self.backup_columns, parent=self)
        self.backup_view = make_table_view(
            self.backup_model, self, empty_text=self.tr('No backup yet: "Back up now" makes the first one.')
        )
        self.backup_view.setSelectionMode(self.backup_view.SelectionMode.SingleSelection)
        apply_column_widths(self.backup_view, self.backup_columns)
        self.backup_view.setMinimumHeight(150)
        self.backup_now_button = QPushButton(self.tr("Back up now"))
        set_primary(self.backup_now_button)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setEnabled(False)
        self.restore_file_button = QPushButton(self.tr("Restore from a file…"))
        self.backup_progress = QProgressBar()
        self.backup_progress.setRange(0, 0)
        self.backup_progress.setMaximumWidth(160)
        self.backup_progress.setTextVisible(False)
        self.backup_progress.hide()
        self.backup_state = named(QLabel(), "Hint")
        bar = QHBoxLayout()
        bar.addWidget(self.backup_now_button)
        bar.addWidget(self.backup_progress)
        bar.addWidget(self.backup_state, 1)
        bar.addWidget(self.restore_button)
        bar.addWidget(self.restore_file_button)
        layout = QVBoxLayout(box)
        layout.addWidget(self.backup_folder_label)
        layout.addWidget(self.location_warning)
        layout.addWidget(self.backup_view, 1)
        layout.addLayout(bar)
        self.backup_now_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        self.backup_view.selectionModel().selectionChanged.connect(self._backup_selection_changed)
        return box

    def _kind_label(self, backup: BackupInfo) -> str:
        return {
            BackupKind.AUTOMATIC: self.tr("Automatic"),
            BackupKind.MANUAL: self.tr("Made by hand"),
            BackupKind.BEFORE_RESTORE: self.tr("Before a restore"),
            BackupKind.BEFORE_UPGRADE: self.tr("Before an upgrade"),
        }[backup.kind]

    def _backup_service(self) -> BackupService:
        return BackupService(self.ctx.db, actor=self.ctx.actor)

    def refresh(self) -> None:
        """Reload the backups and the retention list."""
        if self._restored:
            return
        if self.backups_box is not None:
            service = self._backup_service()

            def load() -> tuple[Path, str | None, list[BackupInfo]]:
                return service.folder(), service.location_warning(), service.backups()

            QueryOp(load).success(self._backups_loaded).failure(self.show_failure).latest_for(
                self, "backups"
            ).read_only().run(self.ctx.executor)
        if self.retention_box is not None:
            self.load_retention()

    def _backups_loaded(self, result: tuple[Path, str | None, list[BackupInfo]]) -> None:
        folder, warning, backups = result
        self.backup_folder_label.setText(
            self.tr(
                "Backups are kept in {folder}: 7 daily, 4 weekly and 12 monthly copies. Any backup taken "
                "before a GDPR erasure is deleted once the erasure is 30 days old."
            ).format(folder=folder)
        )
        self.location_warning.setText(warning or "")
        self.location_warning.setVisible(bool(warning))
        self.backup_model.set_rows(backups)
        self._backup_selection_changed()

    def _backup_selection_changed(self, *_: Any) -> None:
        self.restore_button.setEnabled(not self._restored and self._selected_backup() is not None)

    def _selected_backup(self) -> BackupInfo | None:
        rows = self.backup_view.selectionModel().selectedRows()
        return self.backup_model.row_at(rows[0].row()) if rows else None

    def back_up_now(self) -> None:
        service = self._backup_service()
        self.backup_progress.show()
        self.backup_state.setText(self.tr("Backing up…"))
        CollectionOp(service.back_up_now).success(self._backed_up).failure(self._backup_failed).disabling(
            self.backup_now_button
        ).run(self.ctx.executor)

    def _backed_up(self, info: BackupInfo) -> None:
        self.backup_progress.hide()
        text = self.tr("Backup made and verified in {s} s.").format(
            s=fmt.number(info.seconds or 0, decimals=1)
        )
        self.backup_state.setText(text)
        self.message.emit(text)
        self.refresh()

    def _backup_failed(self, exc: Exception) -> None:
        self.backup_progress.hide()
        self.backup_state.setText(self.tr("The backup failed."))
        self.show_failure(exc)

    def restore_selected(self) -> None:
        backup = self._selected_backup()
        if backup is not None:
            self._restore(backup.path, fmt.datetime(backup.taken_at))

    def restore_from_file(self) -> None:
        path = self.choose_backup_file()
        if path is not None:
            self._restore(path, path.name)

    def _restore(self, path: Path, label: str) -> None:
        question = self.tr(
            "Replace the whole database with the backup of {when}?\n\n"
            "Everything recorded since then will be gone from the database. A copy of the database as it "
            "is now is kept first, in the backup folder.\n\n"
            "dealercrm must then restart: every user working on this database should close it first."
        ).format(when=label)
        if not self.ask_confirmation(self.tr("Restore a backup"), question):
            return
        service = self._backup_service()
        self.restore_button.setEnabled(False)
        self.backup_now_button.setEnabled(False)
        self.backup_progress.show()
        self.backup_state.setText(self.tr("Restoring…"))
        CollectionOp(service.restore, source=path).success(self._restored_done).failure(
            self._restore_failed
        ).run(self.ctx.executor)

    def _restored_done(self, safety: Path) -> None:
        self._restored = True
        self.backup_progress.hide()
        self.restore_file_button.setEnabled(False)
        text = self.tr(
            "The backup was restored. The previous database was kept in {path}. "
            "dealercrm must restart now: close it and open it again."
        ).format(path=safety)
        self.backup_state.setText(self.tr("Restored: restart dealercrm."))
        self.location_warning.setText(text)
        self.location_warning.show()
        for box in (self.request_box, self.retention_box):
            if box is not None:
                box.setEnabled(False)
        self.message.emit(text)
        self.restart_required.emit()
        self.show_information(self.tr("Restart required"), text)

    def _restore_failed(self, exc: Exception) -> None:
        self.backup_progress.hide()
        self.backup_now_button.setEnabled(True)
        self._backup_selection_changed()
        self.backup_state.setText(self.tr("Nothing was restored."))
        self.show_failure(exc)

    # A person's request -----------------------------------------------------------------------------------
    def _build_request(self) -> QGroupBox:
        box = QGroupBox(self.tr("A person's request: access to their data, or erasure"))
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("Name, phone, e-mail or contact number"))
        self.find_button = QPushButton(self.tr("Find"))
        self.match_combo = QComboBox()
        self.match_combo.setMinimumContentsLength(30)
        self.match_combo.setPlaceholderText(self.tr("No contact chosen"))
        self.request_export_button = QPushButton(self.tr("Export data…"))
        self.request_erase_button = QPushButton(self.tr("Erase…"))
        for button in (self.request_export_button, self.request_erase_button):
            button.setEnabled(False)
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_edit, 1)
        find_row.addWidget(self.find_button)
        action_row = QHBoxLayout()
        action_row.addWidget(self.match_combo, 1)
        action_row.addWidget(self.request_export_button)
        action_row.addWidget(self.request_erase_button)
        hint = text_label(
            self.tr(
                "Export writes a JSON file and a readable PDF of everything held about the person. Erasure "
                "anonymises them everywhere; their sales and claims stay counted in the statistics, their "
                "phone and e-mail stay only as hashes on the do-not-contact list."
            ),
            "Hint",
        )
        layout = QVBoxLayout(box)
        layout.addLayout(find_row)
        layout.addLayout(action_row)
        layout.addWidget(hint)
        self.find_button.clicked.connect(self.find_person)
        self.find_edit.returnPressed.connect(self.find_person)
        self.match_combo.currentIndexChanged.connect(self._match_changed)
        self.request_export_button.clicked.connect(lambda: self._export(self._chosen_match()))
        self.request_erase_button.clicked.connect(lambda: self._erase(self._chosen_match()))
        return box

    def find_person(self) -> None:
        query = self.find_edit.text().strip()
        if not query:
            return
        service = self.ctx.service(SearchService)
        gdpr = self.ctx.service(GdprService)

        def find() -> list[tuple[int, str]]:
            if query.isdigit() and len(query) < 9:  # a contact number, not a phone number
                contact = gdpr.collect(contact_id=int(query))["contact"]
                name = contact.get("company_name") or " ".join(
                    p for p in (contact.get("first_name"), contact.get("last_name")) if p
                )
                return [(int(query), name)]
            hits: list[SearchHit] = service.search(query=query, limit=20, kinds=("contact",))
            return [(h.id, " — ".join(p for p in (h.title, hit_subtitle(h)) if p)) for h in hits]

        QueryOp(find).success(self._found).failure(self.show_failure).latest_for(self, "find").run(
            self.ctx.executor
        )

    def _found(self, matches: list[tuple[int, str]]) -> None:
        self.match_combo.clear()
        for contact_id, label in matches:
            self.match_combo.addItem(f"#{contact_id}  {label}", contact_id)
        if matches:
            self.match_combo.setCurrentIndex(0)
        else:
            self.match_combo.setPlaceholderText(self.tr("Nobody found"))
        self._match_changed()

    def _chosen_match(self) -> tuple[int, str] | None:
        contact_id = self.match_combo.currentData()
        if contact_id is None:
            return None
        return int(contact_id), self.match_combo.currentText()

    def _match_changed(self, *_: Any) -> None:
        chosen = self.match_combo.currentData() is not None
        self.request_export_button.setEnabled(chosen)
        self.request_erase_button.setEnabled(chosen)

    # Retention --------------------------------------------------------------------------------------------
    def _build_retention(self) -> QGroupBox:
        box = QGroupBox(self.tr("Retention: contacts to review"))
        hint = text_label(
            self.tr(
                "CNIL rules: a prospect is kept 3 years after the last contact from their side; a "
                "customer 3 years after the end of the relationship (last sale, workshop visit or "
                "warranty end). Ask them to consent again, or anonymise them."
            ),
            "Hint",
        )
        self.retention_columns: list[Column[RetentionRow]] = [
            Column(self.tr("#"), lambda r: str(r.contact_id), align_right=True, width=70),
            Column(self.tr("Name"), lambda r: r.name, width=200),
            Column(self.tr("Status"), lambda r: self._lifecycle_label(r), width=90),
            Column(self.tr("Since"), lambda r: fmt.date(r.clock_start), width=100),
            Column(self.tr("Due on"), lambda r: fmt.date(r.due_on), width=100),
            Column(self.tr("Why"), self._basis_label, tooltip=lambda r: r.reason),
        ]
        self.retention_model: PagedTableModel[RetentionRow] = PagedTableModel(
            self.retention_columns, parent=self
        )
        self.retention_view = make_table_view(
            self.retention_model,
            self,
            empty_text=self.tr("No contact is past its retention period: nothing to review today."),
        )
        apply_column_widths(self.retention_view, self.retention_columns)
        self.retention_view.setMinimumHeight(180)
        self.retention_count = named(QLabel(), "Hint")
        self.refresh_retention_button = QPushButton(self.tr("Refresh"))
        self.export_button = QPushButton(self.tr("Export data…"))
        self.erase_button = QPushButton(self.tr("Erase…"))
        self.purge_button = QPushButton(self.tr("Anonymise all listed…"))
        self.reconsent_button = QPushButton(self.tr("Re-consent campaign…"))
        self.reconsent_button.setToolTip(
            self.tr(
                "A draft campaign asking the selected contacts (or all listed) to confirm "
                "they want to hear from us"
            )
        )
        for button in (self.export_button, self.erase_button, self.purge_button, self.reconsent_button):
            button.setEnabled(False)
        bar = QHBoxLayout()
        bar.addWidget(self.retention_count, 1)
        bar.addWidget(self.refresh_retention_button)
        bar.addWidget(self.export_button)
        bar.addWidget(self.erase_button)
        bar.addWidget(self.reconsent_button)
        bar.addWidget(self.purge_button)
        layout = QVBoxLayout(box)
        layout.addWidget(hint)
        layout.addWidget(self.retention_view, 1)
        layout.addLayout(bar)
        self.refresh_retention_button.clicked.connect(self.load_retention)
        self.export_button.clicked.connect(lambda: self._export(self._selected_review()))
        self.erase_button.clicked.connect(lambda: self._erase(self._selected_review()))
        self.purge_button.clicked.connect(self.purge_all)
        self.reconsent_button.clicked.connect(self.create_reconsent_campaign)
        self.retention_view.selectionModel().selectionChanged.connect(self._retention_selection_changed)
        self.retention_view.doubleClicked.connect(lambda *_: self._export(self._selected_review()))
        return box

    def _lifecycle_label(self, row: RetentionRow) -> str:
        return {
            "prospect": self.tr("Prospect"),
            "customer": self.tr("Customer"),
            "lost": self.tr("Lost"),
        }.get(row.lifecycle.value, row.lifecycle.value)

    def _basis_label(self, row: RetentionRow) -> str:
        return {
            "no_inbound": self.tr("No contact from their side since then"),
            "relationship_ended": self.tr("Last sale, workshop visit or warranty end"),
            "no_activity": self.tr("Customer with no sale or visit recorded since then"),
        }.get(row.basis, row.reason)

    def load_retention(self) -> None:
        service = self.ctx.service(GdprService)
        QueryOp(service.to_review).success(self._retention_loaded).failure(self.show_failure).latest_for(
            self, "retention"
        ).read_only().run(self.ctx.executor)

    def _retention_loaded(self, rows: list[RetentionRow]) -> None:
        self.retention_model.set_rows(rows)
        self.retention_count.setText(self.tr("%Ln contact(s) past the retention period", "", len(rows)))
        self.purge_button.setEnabled(bool(rows) and not self._restored)
        self.reconsent_button.setEnabled(bool(rows) and not self._restored)
        self._retention_selection_changed()

    def _selected_review(self) -> tuple[int, str] | None:
        rows = self.retention_view.selectionModel().selectedRows()
        row = self.retention_model.row_at(rows[0].row()) if rows else None
        return (row.contact_id, f"#{row.contact_id}  {row.name}") if row is not None else None

    def _retention_selection_changed(self, *_: Any) -> None:
        chosen = len(self.retention_view.selectionModel().selectedRows()) == 1
        self.export_button.setEnabled(chosen)
        self.erase_button.setEnabled(chosen)

    # The actions ----------------------------------------------------------------------------------------
    def _export(self, target: tuple[int, str] | None) -> None:
        if target is None:
            return
        folder = self.choose_folder()
        if folder is None:
            return
        contact_id, _label = target
        service = self.ctx.service(GdprService)
        export = QueryOp(service.export, contact_id=contact_id, folder=folder)
        export.success(self._exported).failure(self.show_failure).run(self.ctx.executor)

    def _exported(self, result: GdprExport) -> None:
        text = self.tr("Data of contact #{id} exported: {pdf} and {json}.").format(
            id=result.contact_id, pdf=result.pdf_path.name, json=result.json_path.name
        )
        self.message.emit(text)
        self.show_information(self.tr("Export done"), text + "\n\n" + str(result.pdf_path.parent))

    def _erase(self, target: tuple[int, str] | None) -> None:
        if target is None:
            return
        contact_id, label = target
        word = self.tr("ERASE")
        text = self.tr(
            "Erase {who} for good?\n\nTheir name, contact details, address and notes are removed everywhere, "
            "including the history. Their sales and claims stay in the statistics without their name. "
            "This cannot be undone.\n\nCopies of them remain for at most 30 days in the backups made "
            "before now (every kind: automatic, made by hand, before a restore or an upgrade), in the "
            "backup folder (set under Backups; by default the “backups” folder beside the database "
            "file). The backup thinning then deletes those backups."
        ).format(who=label.strip())
        if not self.ask_typed(self.tr("Erase"), text, word):
            return
        service = self.ctx.service(GdprService)
        erase = CollectionOp(service.erase, contact_id=contact_id)
        erase.success(self._erased).failure(self.show_failure).run(self.ctx.executor)

    def _erased(self, result: ErasureResult) -> None:
        text = self.tr("Contact #{id} erased.").format(id=result.contact_id)
        if not result.space_reclaimed:
            text += " " + self.tr(
                "The database was busy (open on another workstation?): the file still holds the old "
                "values until it is compacted, which happens before the next backup or at the next start."
            )
        self.message.emit(text)
        if self.request_box is not None:
            self.match_combo.clear()
        self.load_retention()

    def _reconsent_rows(self) -> list[RetentionRow]:
        """The selected rows, or every listed one when none is selected."""
        chosen = [
            self.retention_model.row_at(i.row()) for i in self.retention_view.selectionModel().selectedRows()
        ]
        picked = [r for r in chosen if r is not None]
        return picked or list(self.retention_model.rows())

    def create_reconsent_campaign(self) -> None:
        rows = self._reconsent_rows()
        if not rows:
            return
        kind = self.ask_reconsent_kind(len(rows))
        if kind is None:
            return
        name = self.tr("Re-consent {date}").format(date=fmt.date(self.ctx.today()))
        ids = [r.contact_id for r in rows]
        service = self.ctx.service(GdprService)
        self.reconsent_button.setEnabled(False)
        CollectionOp(service.create_reconsent_campaign, contact_ids=ids, kind=kind, name=name).success(
            lambda campaign_id: self._reconsent_created(campaign_id, name, len(ids))
        ).failure(self._reconsent_failed).run(self.ctx.executor)

    def _reconsent_created(self, campaign_id: int, name: str, n: int) -> None:
        self.reconsent_button.setEnabled(not self._restored and self.retention_model.rowCount() > 0)
        text = self.tr(
            "Draft campaign “{name}” (#{id}) created for %Ln contact(s). Find it on the Campaigns page: "
            "check its message, then freeze its list there; the compliance check leaves out anyone who "
            "may not be contacted on that channel.",
            "",
            n,
        ).format(name=name, id=campaign_id)
        self.message.emit(text)
        self.show_information(self.tr("Re-consent campaign"), text)

    def _reconsent_failed(self, exc: Exception) -> None:
        self.reconsent_button.setEnabled(not self._restored and self.retention_model.rowCount() > 0)
        self.show_failure(exc)

    def purge_all(self) -> None:
        rows = self.retention_model.rows()
        if not rows:
            return
        word = self.tr("ANONYMISE")
        text = self.tr(
            "Anonymise the %Ln contact(s) listed?\n\nEach one is erased as by “Erase…”. You can stop between "
            "two contacts; those already done stay anonymised.",
            "",
            len(rows),
        )
        if not self.ask_typed(self.tr("Anonymise all listed"), text, word):
            return
        ids = [r.contact_id for r in rows]
        service = self.ctx.service(GdprService)
        self.purge_dialog = QProgressDialog(self.tr("Anonymising…"), self.tr("Stop"), 0, len(ids), self)
        self.purge_dialog.setWindowTitle(self.tr("Anonymise all listed"))
        self.purge_dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.purge_dialog.setMinimumDuration(0)
        self.purge_dialog.setAutoClose(False)
        self.purge_dialog.setAutoReset(False)

        purge = CollectionOp(service.purge, contact_ids=ids).progress(self._purge_progress)
        job = purge.success(self._purged).failure(self._purge_failed).run(self.ctx.executor)
        self.purge_dialog.canceled.connect(job.cancel)
        self.purge_button.setEnabled(False)

    def _purge_progress(self, done: int, total: int, text: str) -> None:
        dialog = getattr(self, "purge_dialog", None)
        if dialog is not None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            if done < total:
                dialog.setLabelText(
                    self.tr("Anonymising {done} of {total}…").format(done=done + 1, total=total)
                )
            else:
                dialog.setLabelText(self.tr("Compacting the database…"))

    def _purged(self, result: PurgeResult) -> None:
        self.purge_dialog.close()
        if result.cancelled:
            text = self.tr("Stopped: %Ln contact(s) anonymised.", "", result.erased)
        else:
            text = self.tr("%Ln contact(s) anonymised.", "", result.erased)
        if not result.space_reclaimed:
            text += " " + self.tr(
                "The database was busy (open on another workstation?): the file still holds the old "
                "values until it is compacted, which happens before the next backup or at the next start."
            )
        self.message.emit(text)
        self.load_retention()

    def _purge_failed(self, exc: Exception) -> None:
        self.purge_dialog.close()
        self.show_failure(exc)
        self.load_retention()

    # Dialogs (tests replace these) ------------------------------------------------------------------------
    def ask_confirmation(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_typed(self, title: str, text: str, word: str) -> bool:
        return TypedConfirmation(title, text, word, self).exec() == QDialog.DialogCode.Accepted

    def ask_reconsent_kind(self, n: int) -> CampaignKind | None:
        kinds = {
            self.tr("E-mail"): CampaignKind.EMAIL,
            self.tr("SMS"): CampaignKind.SMS,
            self.tr("Phoning"): CampaignKind.PHONING,
        }
        label, ok = QInputDialog.getItem(
            self,
            self.tr("Re-consent campaign"),
            self.tr("Ask %Ln contact(s) to confirm they want to keep hearing from us, by:", "", n),
            list(kinds),
            0,
            False,
        )
        return kinds.get(label) if ok else None

    def choose_folder(self) -> Path | None:
        return file_dialogs.existing_directory(self, self.tr("Where to write the export"))

    def choose_backup_file(self) -> Path | None:
        return file_dialogs.open_file(
            self, self.tr("Backup to restore"), self.tr("dealercrm backups (*.sqlite3);;All files (*)")
        )

    def show_information(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, text)
