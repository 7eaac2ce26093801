"""The message editor of an e-mail or SMS campaign: subject and body (or SMS text) with the merge fields
offered in a list, a live preview on a real contact of the campaign's targets, the merge fields that are
mistyped or have no value flagged before anything is sent, and the unsubscribe link / STOP mention shown
as it will be appended."""

from __future__ import annotations

import difflib

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import CampaignKind
from dealercrm.services.campaigns import CampaignBuilder, CampaignDetail
from dealercrm.services.messaging import (
    MERGE_FIELDS,
    STOP_MENTION,
    Preview,
    TemplateService,
    render,
    with_stop_mention,
)
from dealercrm.ui.context import AppContext
from dealercrm.ui.operations import CollectionOp, QueryOp, message_of
from dealercrm.ui.style import message_label, named, restyled, say
from dealercrm.ui.widgets.dialog import Dialog
from dealercrm.ui.widgets.forms import (
    button_row,
    close_button,
    debounce,
    group_box,
    holding,
    push_button,
    side_by_side,
    text_label,
)

SMS_SEGMENT = 160  # characters of one SMS in the GSM alphabet


class TemplateEditorDialog(Dialog):
    """Edit the subject and body of an e-mail campaign, or the text of an SMS campaign."""

    message_saved = Signal(int)

    def __init__(self, ctx: AppContext, *, campaign_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.campaign_id = campaign_id
        self._builder = ctx.service(CampaignBuilder)
        self._templates = ctx.service(TemplateService)
        self.detail: CampaignDetail = self._builder.get(campaign_id=campaign_id)
        self.kind = self.detail.draft.kind
        self.is_email = self.kind is CampaignKind.EMAIL
        self.preview: Preview | None = None
        self._last_editor: QLineEdit | QPlainTextEdit | None = None
        self.setWindowTitle(self.tr("Message of “{name}”").format(name=self.detail.draft.name))
        self.resize(1100, 680)

        # Editing ---------------------------------------------------------------------------------------
        self.subject_edit = QLineEdit(self.detail.draft.subject or "")
        self.subject_edit.setPlaceholderText(self.tr("e.g. {prenom}, our open days are coming"))
        self.body_edit = QPlainTextEdit(
            (self.detail.draft.script if self.kind is CampaignKind.PHONING else self.detail.draft.body) or ""
        )
        self.body_edit.setPlaceholderText(
            self.tr("Bonjour {civilite} {nom},\n…\n{signature}")
            if self.is_email
            else self.tr("{prenom}, votre {vehicule} …")
        )
        self.counter_label = named(QLabel(), "Hint")
        form = QFormLayout()
        if self.is_email:
            form.addRow(self.tr("&Subject"), self.subject_edit)
        else:
            self.subject_edit.hide()
        body_label = self.tr("&Body") if self.is_email else self.tr("&Text")
        form.addRow(body_label, self.body_edit)
        form.addRow("", self.counter_label)

        self.fields_list = QListWidget()
        for name, description in MERGE_FIELDS.items():
            item = QListWidgetItem(f"{{{name}}}  —  {description}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setToolTip(self.tr("Double-click to insert at the cursor"))
            self.fields_list.addItem(item)
        self.fields_list.itemActivated.connect(
            lambda item: self.insert_field(item.data(Qt.ItemDataRole.UserRole))
        )
        self.fields_list.itemDoubleClicked.connect(
            lambda item: self.insert_field(item.data(Qt.ItemDataRole.UserRole))
        )
        self.insert_button = push_button(self.tr("&Insert at cursor"), self._insert_selected)
        fields_layout = QVBoxLayout()
        fields_layout.addWidget(self.fields_list, 1)
        fields_row = QHBoxLayout()
        fields_row.addStretch(1)
        fields_row.addWidget(self.insert_button)
        fields_layout.addLayout(fields_row)
        fields_box = group_box(self.tr("Merge fields"), fields_layout)

        left, left_layout = holding(QVBoxLayout(), margins=(0, 0, 8, 0))
        left_layout.addLayout(form, 3)
        left_layout.addWidget(fields_box, 2)

        # Preview ---------------------------------------------------------------------------------------
        self.contact_combo = QComboBox()
        self.contact_combo.setMinimumWidth(260)
        self.contact_combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
        contact_row = QHBoxLayout()
        contact_row.addWidget(QLabel(self.tr("Preview for")))
        contact_row.addWidget(self.contact_combo, 1)
        self.preview_subject = text_label("", "SectionTitle")
        self.preview_subject.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_subject.setVisible(self.is_email)
        self.preview_body = QPlainTextEdit()
        self.preview_body.setReadOnly(True)
        self.mention_label = text_label(
            self.tr(
                "The unsubscribe sentence and link at the end are added to every e-mail (and a "
                "List-Unsubscribe header); the link is personal to each recipient."
            )
            if self.is_email
            else self.tr(
                "“{stop}” is added to every SMS that does not already give STOP with a short number."
            ).format(stop=STOP_MENTION),
            "Hint",
        )
        self.issues_label = text_label("", "FormError")
        self.issues_label.setTextFormat(Qt.TextFormat.PlainText)
        self.missing_label = text_label("", "Hint")
        preview_layout = QVBoxLayout()
        preview_layout.addLayout(contact_row)
        preview_layout.addWidget(self.preview_subject)
        preview_layout.addWidget(self.preview_body, 1)
        preview_layout.addWidget(self.mention_label)
        preview_layout.addWidget(self.issues_label)
        preview_layout.addWidget(self.missing_label)
        preview_box = group_box(self.tr("Preview on a real contact"), preview_layout)

        self.error_label = message_label()
        self.saved_label = named(QLabel(), "Hint")
        self.save_button = QPushButton(self.tr("&Save message"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.save_button.setVisible(ctx.can("campaigns.manage"))
        layout = QVBoxLayout(self)
        layout.addWidget(side_by_side(left, preview_box, [560, 540]), 1)
        layout.addLayout(
            button_row(
                self.saved_label, self.save_button, close_button(self.accept), message=self.error_label
            )
        )

        self._timer = debounce(self, 300, self.refresh_preview)
        for edit in (self.subject_edit, self.body_edit):
            edit.installEventFilter(self)
        self.subject_edit.textChanged.connect(lambda _t: self._changed())
        self.body_edit.textChanged.connect(self._changed)
        self._last_editor = self.body_edit
        self._update_counter()
        self._flag_fields()
        QueryOp(self._templates.sample_recipients, campaign_id=campaign_id).success(
            self._show_contacts
        ).failure(self._show_error).run(ctx.executor)

    # Editing --------------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusIn:
            if watched is self.subject_edit:
                self._last_editor = self.subject_edit
            elif watched is self.body_edit:
                self._last_editor = self.body_edit
        return super().eventFilter(watched, event)

    def insert_field(self, name: str) -> None:
        """Insert `{name}` at the cursor of the subject or body, whichever was edited last."""
        editor = self._last_editor or self.body_edit
        token = f"{{{name}}}"
        if isinstance(editor, QLineEdit):
            editor.insert(token)
        else:
            editor.insertPlainText(token)
        editor.setFocus()

    def _insert_selected(self) -> None:
        item = self.fields_list.currentItem()
        if item is not None:
            self.insert_field(str(item.data(Qt.ItemDataRole.UserRole)))

    def _changed(self) -> None:
        self.saved_label.clear()
        self._update_counter()
        self._flag_fields()
        self._timer.start()

    def _update_counter(self) -> None:
        text = self.body_edit.toPlainText()
        if self.is_email:
            self.counter_label.setText(self.tr("{n} characters").format(n=len(text)))
            return
        final = render(text, {}).text
        length = len(with_stop_mention(final))
        parts = max(1, -(-length // 153)) if length > SMS_SEGMENT else 1
        self.counter_label.setText(
            self.tr("{n} characters with the STOP mention (before merge fields) · {parts} SMS").format(
                n=length, parts=parts
            )
        )

    def unknown_fields(self) -> list[str]:
        """Merge fields in the subject or body that do not exist (typos), whatever the contact."""
        template = f"{self.subject_edit.text()}\n{self.body_edit.toPlainText()}"
        return list(render(template, {}).unknown)

    def _flag_fields(self) -> None:
        unknown = self.unknown_fields()
        if not unknown:
            self.issues_label.clear()
            self.issues_label.hide()
            return
        parts = []
        for name in unknown:
            guess = difflib.get_close_matches(name, list(MERGE_FIELDS), n=1)
            parts.append(
                self.tr("{{{name}}} (did you mean {{{guess}}}?)").format(name=name, guess=guess[0])
                if guess
                else f"{{{name}}}"
            )
        self.issues_label.setText(
            self.tr("Unknown merge field: {fields}. It would be sent as typed.").format(
                fields=", ".join(parts)
            )
        )
        self.issues_label.show()

    # Preview --------------------------------------------------------------------------------------------
    def _show_contacts(self, contacts: list[tuple[int, str]]) -> None:
        self.contact_combo.blockSignals(True)
        self.contact_combo.clear()
        for contact_id, name in contacts:
            self.contact_combo.addItem(name or self.tr("Contact #{id}").format(id=contact_id), contact_id)
        self.contact_combo.blockSignals(False)
        if not contacts:
            self.preview_body.setPlainText(
                self.tr("No contact to preview on: this campaign's target matches nobody with an address.")
            )
            return
        self.refresh_preview()

    def refresh_preview(self) -> None:
        """Render the message for the chosen contact (off the GUI thread)."""
        contact_id = self.contact_combo.currentData()
        if contact_id is None:
            return
        QueryOp(
            self._templates.preview,
            contact_id=int(contact_id),
            kind=self.kind,
            subject=self.subject_edit.text(),
            body=self.body_edit.toPlainText(),
            objective=self.detail.draft.objective,
        ).success(self._show_preview).failure(self._show_error).latest_for(self, "preview").run(
            self.ctx.executor
        )

    def _show_preview(self, preview: Preview) -> None:
        if preview.contact_id != self.contact_combo.currentData():
            return  # an older answer for a contact no longer chosen
        self.preview = preview
        self.preview_subject.setText(self.tr("Subject: {text}").format(text=preview.subject.text))
        self.preview_body.setPlainText(preview.final_text)
        missing = list(dict.fromkeys((*preview.subject.missing, *preview.body.missing)))
        if missing:
            self.missing_label.setText(
                self.tr(
                    "No value for this contact: {fields}. Reword the message or pick another contact."
                ).format(fields=", ".join(f"{{{m}}}" for m in missing))
            )
        else:
            self.missing_label.setText(self.tr("Every merge field has a value for this contact."))
        restyled(self.missing_label, "FormError" if missing else "Hint")

    # Saving ---------------------------------------------------------------------------------------------
    def save(self) -> None:
        """Save the message through the campaigns service (audited)."""
        self.error_label.hide()
        CollectionOp(
            self._builder.save_message,
            campaign_id=self.campaign_id,
            subject=self.subject_edit.text() if self.is_email else None,
            body=self.body_edit.toPlainText(),
        ).success(self._saved).failure(self._show_error).run(self.ctx.executor)

    def _saved(self, detail: CampaignDetail) -> None:
        self.detail = detail
        if self.unknown_fields():
            self.saved_label.setText(self.tr("Saved — fix the unknown merge fields before sending."))
        else:
            self.saved_label.setText(self.tr("Saved."))
        self.message_saved.emit(self.campaign_id)

    def _show_error(self, exc: Exception) -> None:
        say(self.error_label, message_of(exc))
