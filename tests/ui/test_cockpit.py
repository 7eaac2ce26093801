"""The phoning cockpit with the keyboard: five contacts, an appointment booked and a refusal recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import CampaignTarget, Consent, Interaction, SuppressionEntry, Task
from dealercrm.models.enums import CallOutcome, Channel, ConsentStatus, InteractionType, TaskKind
from dealercrm.services.campaigns.phoning import CallingService
from dealercrm.services.permissions import Actor
from dealercrm.ui import formatting as fmt
from dealercrm.ui.campaigns.cockpit import CockpitDialog
from dealercrm.ui.context import AppContext
from tests.unit.test_campaigns_service import MONDAY_11, frozen_campaign


def test_a_caller_works_through_five_contacts_with_the_keyboard(
    qtbot: QtBot, db: Database, marketing: Actor, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    campaign, contacts = frozen_campaign(db, marketing, salesperson, n=5)
    clock = {"now": MONDAY_11}
    dialog = CockpitDialog(make_ctx(salesperson), campaign_id=campaign, clock=lambda: clock["now"])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.card is not None and dialog.card.contact_id == contacts[0]
    assert dialog.offered_title.text() == "To call now (5)"
    assert dialog.phone_label.text().startswith('<a href="tel:+33')

    def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        with qtbot.waitSignal(dialog.outcome_recorded, timeout=3000):
            qtbot.keyClick(dialog, key, modifier)

    # 1. No answer (key 6).
    press(Qt.Key.Key_6)
    # 2. Appointment (key 2): typed a note first, then Ctrl+2 from the note field.
    assert dialog.card.contact_id == contacts[1]
    dialog.note_edit.setFocus()
    qtbot.keyClicks(dialog.note_edit, "Essai jeudi")
    press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    # 3. Do not call again (key 8).
    assert dialog.card.contact_id == contacts[2]
    refused_phone = dialog.card.phone
    press(Qt.Key.Key_8)
    # 4. Voicemail (7), 5. not interested (4).
    assert dialog.card.contact_id == contacts[3]
    press(Qt.Key.Key_7)
    assert dialog.card.contact_id == contacts[4]
    press(Qt.Key.Key_4)

    # Left on the list: the two unanswered ones, tried again later.
    assert [e.contact_id for e in dialog.calls.offered] == [contacts[0], contacts[3]]
    assert dialog.my_progress.value() == 3 and "3 of 5 done" in dialog.my_progress.text()
    assert "1 appointments" in dialog.progress_label.text()

    with db.session_factory() as s:
        outcomes = {t.contact_id: t.last_outcome for t in s.scalars(select(CampaignTarget))}
        assert outcomes == {
            contacts[0]: CallOutcome.NO_ANSWER,
            contacts[1]: CallOutcome.APPOINTMENT,
            contacts[2]: CallOutcome.DO_NOT_CALL,
            contacts[3]: CallOutcome.VOICEMAIL,
            contacts[4]: CallOutcome.NOT_INTERESTED,
        }
        task = s.scalars(select(Task)).one()
        assert (
            task.kind is TaskKind.APPOINTMENT
            and task.contact_id == contacts[1]
            and task.notes == "Essai jeudi"
        )
        assert task.due_at > MONDAY_11
        assert (
            s.scalar(select(Interaction.summary).where(Interaction.contact_id == contacts[1]))
            == "Essai jeudi"
        )
        refusal = s.scalars(
            select(Consent).where(Consent.contact_id == contacts[2]).order_by(Consent.id)
        ).all()[-1]
        assert (refusal.channel, refusal.status) == (Channel.PHONE, ConsentStatus.REFUSED)
        assert s.scalars(select(SuppressionEntry)).one().value_hash != refused_phone  # hashed


def test_outside_calling_hours_nobody_is_offered(
    qtbot: QtBot, db: Database, marketing: Actor, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    campaign, _contacts = frozen_campaign(db, marketing, salesperson, n=2)
    saturday = MONDAY_11 - dt.timedelta(days=2)
    dialog = CockpitDialog(make_ctx(salesperson), campaign_id=campaign, clock=lambda: saturday)
    qtbot.addWidget(dialog)
    assert dialog.card is None
    assert "weekdays" in dialog.empty_label.text() and "next calling window" in dialog.empty_label.text()
    assert not dialog.outcome_buttons[CallOutcome.INTERESTED].isEnabled()


def test_callback_needs_a_time_and_moves_the_contact_aside(
    qtbot: QtBot, db: Database, marketing: Actor, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    campaign, contacts = frozen_campaign(db, marketing, salesperson, n=2)
    dialog = CockpitDialog(make_ctx(salesperson), campaign_id=campaign, clock=lambda: MONDAY_11)
    qtbot.addWidget(dialog)
    dialog.record(CallOutcome.CALLBACK)
    assert dialog.blocked_list.count() == 1
    assert "called back later" in dialog.blocked_list.item(0).text()
    assert dialog.card is not None and dialog.card.contact_id == contacts[1]


def test_the_card_words_its_history_and_names_the_campaign_even_when_nothing_is_left_to_call(
    qtbot: QtBot, db: Database, marketing: Actor, salesperson: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    campaign, contacts = frozen_campaign(db, marketing, salesperson, n=1)
    with db.session_factory.begin() as s:
        s.add(
            Interaction(
                contact_id=contacts[0],
                type=InteractionType.CALL,
                outcome=CallOutcome.CALLBACK,
                occurred_at=MONDAY_11 - dt.timedelta(days=3),
                summary="Rappeler après les congés",
            )
        )
    dialog = CockpitDialog(make_ctx(salesperson), campaign_id=campaign, clock=lambda: MONDAY_11)
    qtbot.addWidget(dialog)
    lines = [dialog.history_list.item(i).text() for i in range(dialog.history_list.count())]
    day = fmt.date(dt.date(2026, 11, 27))
    assert lines == [f"{day} · Call · Call back later · Rappeler après les congés"]
    name = CallingService(db.session_factory, actor=marketing).phoning_campaigns(include=campaign)
    assert (
        dialog.campaign_combo.currentText() == dict(name)[campaign]
        and "#" not in dialog.campaign_combo.currentText()
    )

    # A campaign the caller has nothing left in is still named, not "Campaign #13".
    with db.session_factory.begin() as s:
        for target in s.scalars(select(CampaignTarget).where(CampaignTarget.campaign_id == campaign)):
            target.assigned_user_id = None
    again = CockpitDialog(make_ctx(salesperson), campaign_id=campaign, clock=lambda: MONDAY_11)
    qtbot.addWidget(again)
    assert again.campaign_combo.currentText() == dict(name)[campaign]
