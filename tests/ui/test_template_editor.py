"""The message editor: merge fields inserted at the cursor, preview on a real contact of the targets,
a mistyped merge field flagged, the unsubscribe mention shown, saving through the service."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import CampaignKind, CampaignObjective, Lifecycle
from dealercrm.services.campaigns import CampaignBuilder, CampaignDraft
from dealercrm.services.permissions import Actor
from dealercrm.ui.campaigns.template_editor import TemplateEditorDialog
from dealercrm.ui.context import AppContext
from tests.unit.test_compliance import NOW, person


def sms_campaign(db: Database, marketing: Actor) -> int:
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    campaign = builder.save(
        draft=CampaignDraft(
            name="Relance SMS",
            kind=CampaignKind.SMS,
            objective=CampaignObjective.EVENT_INVITATION,
            starts_on=NOW.date(),
            filters={"lifecycle": ["customer"]},
            body="{prenom}, portes ouvertes samedi !",
        )
    ).id
    builder.freeze(campaign_id=campaign, now=NOW)
    return campaign


def test_preview_renders_a_real_contact_and_a_typo_is_flagged(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    person(db, lifecycle=Lifecycle.CUSTOMER, first_name="Léa", last_name="Roux", email="lea@ex.fr")
    person(db, lifecycle=Lifecycle.CUSTOMER, first_name="Marc", last_name="Petit", email="marc@ex.fr")
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    campaign = builder.save(
        draft=CampaignDraft(
            name="Portes ouvertes",
            kind=CampaignKind.EMAIL,
            objective=CampaignObjective.EVENT_INVITATION,
            starts_on=NOW.date(),
            filters={"lifecycle": ["customer"]},
            subject="{prenom}, vous êtes invité",
            body="Bonjour {prenom} {nom},\n",
        )
    ).id
    builder.freeze(campaign_id=campaign, now=NOW)
    dialog = TemplateEditorDialog(make_ctx(marketing), campaign_id=campaign)
    qtbot.addWidget(dialog)
    dialog.show()

    assert [dialog.contact_combo.itemText(i) for i in range(dialog.contact_combo.count())] == [
        "Léa Roux",
        "Marc Petit",
    ]
    assert dialog.preview_subject.text() == "Subject: Léa, vous êtes invité"
    assert dialog.preview_body.toPlainText().startswith("Bonjour Léa Roux,")
    assert "Pour ne plus recevoir nos messages" in dialog.preview_body.toPlainText()  # as it will be appended
    assert not dialog.issues_label.isVisible()

    dialog.contact_combo.setCurrentIndex(1)
    assert dialog.preview_body.toPlainText().startswith("Bonjour Marc Petit,")

    # A typo and a field with no value for this contact, typed at the end of the body.
    cursor = dialog.body_edit.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    dialog.body_edit.setTextCursor(cursor)
    dialog.body_edit.insertPlainText("Votre {vehicle} ")
    dialog.body_edit.setFocus()
    dialog.insert_field("vehicule")
    dialog.refresh_preview()

    assert dialog.issues_label.isVisible()
    assert "{vehicle} (did you mean {vehicule}?)" in dialog.issues_label.text()
    assert dialog.unknown_fields() == ["vehicle"]
    assert "No value for this contact: {vehicule}" in dialog.missing_label.text()
    assert dialog.body_edit.toPlainText().endswith("Votre {vehicle} {vehicule}")
    dialog.grab().save("/tmp/shots/template_editor_email.png")

    with qtbot.waitSignal(dialog.message_saved):
        dialog.save_button.click()
    saved = builder.get(campaign_id=campaign).draft
    assert (
        saved.body is not None
        and saved.body.endswith("{vehicule}")
        and saved.subject == "{prenom}, vous êtes invité"
    )
    assert "fix the unknown merge fields" in dialog.saved_label.text()


def test_sms_shows_the_stop_mention_and_the_length(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    person(db, lifecycle=Lifecycle.CUSTOMER, first_name="Léa", last_name="Roux")
    campaign = sms_campaign(db, marketing)
    dialog = TemplateEditorDialog(make_ctx(marketing), campaign_id=campaign)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.subject_edit.isVisible()
    assert dialog.preview_body.toPlainText() == "Léa, portes ouvertes samedi ! STOP au 36180"
    assert "1 SMS" in dialog.counter_label.text()
    dialog.grab().save("/tmp/shots/template_editor_sms.png")
