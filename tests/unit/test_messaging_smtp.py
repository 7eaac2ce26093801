"""E-mail campaigns against a real local SMTP server (aiosmtpd on 127.0.0.1): merge fields, unsubscribe,
a failure halfway then a resume that sends everyone exactly once; the password and the keyring."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import keyring
import keyring.errors
import pytest
from aiosmtpd.controller import Controller
from keyring.backend import KeyringBackend
from sqlalchemy import select, text

from dealercrm.db import Database
from dealercrm.models import CampaignTarget, Interaction, Setting
from dealercrm.models.enums import CampaignKind, CampaignObjective, Lifecycle, TargetStatus
from dealercrm.services.campaigns import CampaignBuilder, CampaignDraft
from dealercrm.services.messaging import (
    CampaignSender,
    KeyringUnavailable,
    RecipientStatus,
    SendOptions,
    TemplateService,
    get_smtp_password,
    render,
    store_smtp_password,
)
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Progress
from dealercrm.services.suppression import SuppressionService
from tests.unit.test_compliance import NOW, person


class Recorder:
    """Accepts messages; once `refuse_after` were accepted, answers 421 (a transient refusal)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.refuse_after: int | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        if self.refuse_after is not None and len(self.messages) >= self.refuse_after:
            return "421 Too busy, come back later"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(db: Database) -> Iterator[Recorder]:
    recorder = Recorder()
    port = free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    with db.session_factory.begin() as s:
        s.add(Setting(key="smtp.host", value="127.0.0.1"))
        s.add(Setting(key="smtp.port", value=port))
        s.add(Setting(key="smtp.tls", value="none"))
        s.add(Setting(key="dealership.email", value="contact@garage-des-tilleuls.fr"))
        s.add(Setting(key="dealership.name", value="Garage des Tilleuls"))
    yield recorder
    controller.stop()


FAST = SendOptions(throttle_seconds=0.0, retries=1, retry_wait_seconds=0.0, now=lambda: NOW)


def email_campaign(db: Database, marketing: Actor, n: int = 5) -> tuple[int, list[int]]:
    contacts = [
        person(
            db,
            lifecycle=Lifecycle.CUSTOMER,
            first_name=f"Anne{i}",
            last_name=f"Durand{i}",
            email=f"anne{i}@ex.fr",
        )
        for i in range(n)
    ]
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    campaign = builder.save(
        draft=CampaignDraft(
            name="Portes ouvertes",
            kind=CampaignKind.EMAIL,
            objective=CampaignObjective.EVENT_INVITATION,
            starts_on=NOW.date(),
            filters={"lifecycle": ["customer"]},
            subject="{prenom}, vous êtes invité",
            body="Bonjour {prenom} {nom},\nPortes ouvertes samedi à la {concession}.",
        )
    ).id
    builder.freeze(campaign_id=campaign, now=NOW)
    return campaign, contacts


def sent_to(recorder: Recorder) -> list[str]:
    return [str(m["To"]) for m in recorder.messages]


def test_merge_fields_and_unsubscribe_in_every_message(
    db: Database, marketing: Actor, smtp: Recorder
) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=3)
    report = CampaignSender(db.session_factory, actor=marketing).send_email(
        campaign_id=campaign, options=FAST
    )
    assert report.count(RecipientStatus.SENT) == 3
    assert sorted(sent_to(smtp)) == ["anne0@ex.fr", "anne1@ex.fr", "anne2@ex.fr"]
    first = next(m for m in smtp.messages if m["To"] == "anne0@ex.fr")
    body = first.get_content()  # type: ignore[attr-defined]
    assert first["Subject"] == "Anne0, vous êtes invité"
    assert "Bonjour Anne0 Durand0," in body and "Garage des Tilleuls" in body
    assert "Pour ne plus recevoir nos messages" in body and "mailto:contact@garage-des-tilleuls.fr" in body
    assert first["List-Unsubscribe"].startswith("<mailto:contact@garage-des-tilleuls.fr")
    with db.session_factory() as s:
        targets = s.scalars(select(CampaignTarget).where(CampaignTarget.campaign_id == campaign)).all()
        assert all(t.sent_at is not None and t.message_id and t.status is TargetStatus.DONE for t in targets)
        assert {t.message_id for t in targets} == {str(m["Message-ID"]).strip() for m in smtp.messages}
        assert s.scalar(select(Interaction.id).where(Interaction.campaign_id == campaign)) is not None


def test_server_refusing_halfway_then_resume_sends_everyone_once(
    db: Database, marketing: Actor, smtp: Recorder
) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=6)
    sender = CampaignSender(db.session_factory, actor=marketing)
    smtp.refuse_after = 2
    first = sender.send_email(campaign_id=campaign, options=FAST)
    assert (first.count(RecipientStatus.SENT), first.count(RecipientStatus.DEFERRED)) == (2, 4)
    assert "421" in next(r.detail for r in first.results if r.status is RecipientStatus.DEFERRED)

    smtp.refuse_after = None
    second = sender.send_email(campaign_id=campaign, options=FAST)
    assert (second.already_sent, second.count(RecipientStatus.SENT)) == (2, 4)
    third = sender.send_email(campaign_id=campaign, options=FAST)
    assert third.results == () and third.already_sent == 6
    assert sorted(sent_to(smtp)) == sorted(f"anne{i}@ex.fr" for i in range(6))  # each exactly once


def test_crash_in_the_process_then_resume(db: Database, marketing: Actor, smtp: Recorder) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=5)
    sender = CampaignSender(db.session_factory, actor=marketing)

    def crash(done: int, _total: int, _text: str) -> None:
        if done == 3:
            raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        sender.send_email(campaign_id=campaign, options=FAST, progress=Progress(crash))
    assert len(smtp.messages) == 3
    resumed = sender.send_email(campaign_id=campaign, options=FAST)
    assert resumed.count(RecipientStatus.SENT) == 2
    assert sorted(sent_to(smtp)) == sorted(f"anne{i}@ex.fr" for i in range(5))


def test_cancel_stops_and_resume_finishes(db: Database, marketing: Actor, smtp: Recorder) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=4)
    progress = Progress(lambda done, _t, _x: progress.cancel() if done == 2 else None)
    sender = CampaignSender(db.session_factory, actor=marketing)
    stopped = sender.send_email(campaign_id=campaign, options=FAST, progress=progress)
    assert stopped.stopped and len(smtp.messages) == 2
    sender.send_email(campaign_id=campaign, options=FAST)
    assert len(smtp.messages) == 4 and len(set(sent_to(smtp))) == 4


def test_opt_out_after_the_build_is_checked_at_send(db: Database, marketing: Actor, smtp: Recorder) -> None:
    campaign, _contacts = email_campaign(db, marketing, n=2)
    SuppressionService(db.session_factory, actor=marketing).add(value="ANNE1@ex.fr", reason="unsubscribed")
    report = CampaignSender(db.session_factory, actor=marketing).send_email(
        campaign_id=campaign, options=FAST
    )
    assert sent_to(smtp) == ["anne0@ex.fr"] and report.count(RecipientStatus.SKIPPED) == 1


def test_preview_flags_missing_and_unknown_fields(db: Database, marketing: Actor, smtp: Recorder) -> None:
    cid = person(db, lifecycle=Lifecycle.CUSTOMER, first_name="Léa", last_name="Roux")
    preview = TemplateService(db.session_factory, actor=marketing).preview(
        contact_id=cid,
        kind=CampaignKind.EMAIL,
        subject="Votre {vehicule}",
        body="Bonjour {prenom} {nom}, {oups}",
        objective=CampaignObjective.LOYALTY,
    )
    assert preview.body.text.startswith("Bonjour Léa Roux")
    assert preview.subject.missing == ("vehicule",) and preview.body.unknown == ("oups",)
    assert "Pour ne plus recevoir" in preview.final_text
    assert render("{prenom}", {"prenom": "A"}).ok


class BrokenKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.NoKeyringError("no backend")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.NoKeyringError("no backend")


def test_keyring_missing_asks_for_the_password_and_stores_it_nowhere(
    db: Database, marketing: Actor, smtp: Recorder
) -> None:
    store_smtp_password(host="127.0.0.1", login="crm", password="s3cret-pw")
    assert get_smtp_password(host="127.0.0.1", login="crm") == "s3cret-pw"

    keyring.set_keyring(BrokenKeyring())
    with pytest.raises(KeyringUnavailable) as err:
        get_smtp_password(host="127.0.0.1", login="crm")
    assert "Type it" in str(err.value) and "s3cret" not in str(err.value)
    with pytest.raises(KeyringUnavailable):
        store_smtp_password(host="127.0.0.1", login="crm", password="s3cret-pw")
    campaign, _contacts = email_campaign(db, marketing, n=1)
    with db.session_factory.begin() as s:
        s.add(Setting(key="smtp.login", value="crm"))
    with pytest.raises(KeyringUnavailable):
        CampaignSender(db.session_factory, actor=marketing).send_email(campaign_id=campaign, options=FAST)
    with db.session_factory() as s:
        for table in ("settings", "audit_log", "interactions", "campaign_targets"):
            dump = " ".join(str(r) for r in s.execute(text(f"SELECT * FROM {table}")).all())  # noqa: S608
            assert "s3cret" not in dump


def test_civility_is_left_out_for_a_company_and_reported_for_a_person_without_one() -> None:
    template = "Bonjour {civilite} {nom},"
    company = render(template, {"civilite": "", "nom": "Garage Martin"})
    assert company.text == "Bonjour Garage Martin," and company.ok
    person = render(template, {"nom": "Durand"})
    assert person.text == "Bonjour Durand," and person.missing == ("civilite",)
    assert render("{civilite} {nom}", {"civilite": "", "nom": "SARL Dupuis"}).text == "SARL Dupuis"
    assert render(template, {"civilite": "Madame", "nom": "Durand"}).text == "Bonjour Madame Durand,"
