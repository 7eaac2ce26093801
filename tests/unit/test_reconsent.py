"""Re-consent campaign from the retention list: a draft targeting exactly the chosen contacts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Campaign, CampaignTarget, Contact
from dealercrm.models.enums import (
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Channel,
    ConsentStatus,
    Lifecycle,
    TargetStatus,
)
from dealercrm.services.campaigns import CampaignBuilder
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.gdpr import RECONSENT_SMS, GdprService
from dealercrm.services.permissions import Actor
from tests.unit.test_compliance import consent, person

NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)


def test_campaign_targets_exactly_the_chosen_contacts_after_freezing(
    db: Database, manager: Actor, admin: Actor
) -> None:
    chosen = [person(db, lifecycle=Lifecycle.CUSTOMER) for _ in range(3)]
    prospect = person(db)
    consent(db, prospect, Channel.EMAIL, ConsentStatus.GRANTED)
    refused = person(db)
    consent(db, refused, Channel.EMAIL, ConsentStatus.REFUSED)
    others = [person(db, lifecycle=Lifecycle.CUSTOMER) for _ in range(4)]  # never targeted
    ids = [*chosen, prospect, refused]

    # An administrator (gdpr.manage, not campaigns.manage) may create it from the retention list.
    campaign_id = GdprService(db.session_factory, actor=admin).create_reconsent_campaign(
        contact_ids=[*ids, ids[0]], kind=CampaignKind.EMAIL, name="Re-consent", now=NOW
    )
    builder = CampaignBuilder(db.session_factory, actor=manager)
    detail = builder.get(campaign_id=campaign_id)
    assert detail.status is CampaignStatus.DRAFT
    assert detail.draft.filters == {"ids": sorted(ids)}
    assert detail.draft.objective is CampaignObjective.PROSPECTING  # not all customers
    assert detail.draft.subject and "Souhaitez-vous" in detail.draft.subject
    assert detail.draft.body and "keep hearing from us" in detail.draft.body

    report = builder.freeze(campaign_id=campaign_id, now=NOW)
    # The compliance check still applies: the one who refused e-mails is excluded, with its rule.
    assert set(report.kept_ids) == {*chosen, prospect}
    assert {e.contact_id for e in report.exclusions} == {refused}
    with db.session_factory() as s:
        targets = dict(
            s.execute(
                select(CampaignTarget.contact_id, CampaignTarget.status).where(
                    CampaignTarget.campaign_id == campaign_id
                )
            ).all()
        )
        assert set(targets) == set(ids) and not set(targets) & set(others)
        assert targets[refused] == TargetStatus.EXCLUDED
        entry = s.scalars(
            select(AuditEntry).where(AuditEntry.entity == "campaigns", AuditEntry.entity_id == campaign_id)
        ).first()
        assert entry is not None


def test_customers_only_give_a_loyalty_sms_and_erased_ids_are_left_out(db: Database, manager: Actor) -> None:
    customers = [person(db, lifecycle=Lifecycle.CUSTOMER) for _ in range(2)]
    gone = person(db, lifecycle=Lifecycle.CUSTOMER)
    with db.session_factory.begin() as s:
        s.get_one(Contact, gone).erased_at = NOW
    service = GdprService(db.session_factory, actor=manager)
    campaign_id = service.create_reconsent_campaign(
        contact_ids=[*customers, gone, 999_999], kind=CampaignKind.SMS, name="  SMS  ", now=NOW
    )
    with db.session_factory() as s:
        campaign = s.get_one(Campaign, campaign_id)
        assert campaign.name == "SMS"
        assert campaign.objective is CampaignObjective.LOYALTY
        assert campaign.filters == {"ids": sorted(customers)}
        assert campaign.body == RECONSENT_SMS and campaign.subject is None


def test_refusals(db: Database, salesperson: Actor, manager: Actor) -> None:
    someone = person(db)
    with pytest.raises(PermissionDenied):
        GdprService(db.session_factory, actor=salesperson).create_reconsent_campaign(
            contact_ids=[someone], name="x"
        )
    service = GdprService(db.session_factory, actor=manager)
    with pytest.raises(ValidationError):
        service.create_reconsent_campaign(contact_ids=[], name="x")
    with pytest.raises(ValidationError):
        service.create_reconsent_campaign(contact_ids=[someone], name=" ")
    with pytest.raises(ValidationError):
        service.create_reconsent_campaign(contact_ids=[999_999], name="x")
    with db.session_factory() as s:
        assert s.scalars(select(Campaign)).first() is None
