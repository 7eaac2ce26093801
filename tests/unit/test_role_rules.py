"""Rules found by trying the app as each role: template previews follow contact visibility, a reservation
is released by whoever could have made it, the mail server settings are for those who manage settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dealercrm.db import Database
from dealercrm.models import Opportunity, Vehicle
from dealercrm.models.enums import (
    CampaignKind,
    CampaignObjective,
    Lifecycle,
    Role,
    StockStatus,
)
from dealercrm.services.campaigns import CampaignBuilder, CampaignDraft
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.messaging import SmtpConfig, SmtpService, TemplateService
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService
from dealercrm.services.vehicles import VehicleService
from tests.unit.test_compliance import NOW, person
from tests.unit.test_vehicles_service import add_vehicle

# Templates ------------------------------------------------------------------------------------------------


def _preview(db: Database, actor: Actor, contact_id: int) -> str:
    return (
        TemplateService(db.session_factory, actor=actor)
        .preview(
            contact_id=contact_id,
            kind=CampaignKind.EMAIL,
            subject="{prenom}",
            body="Bonjour {prenom} {nom}",
            objective=CampaignObjective.LOYALTY,
        )
        .body.text
    )


def test_a_salesperson_previews_only_on_contacts_they_may_see(
    db: Database, make_user: Callable[..., Actor], salesperson: Actor, marketing: Actor
) -> None:
    other = make_user(Role.SALESPERSON)
    hidden = person(db, first_name="Cachée", last_name="Prospect", owner_id=other.id)
    mine = person(db, first_name="Mienne", last_name="Prospect", owner_id=salesperson.id)
    with pytest.raises(PermissionDenied):
        _preview(db, salesperson, hidden)
    assert "Mienne" in _preview(db, salesperson, mine)
    assert "Cachée" in _preview(db, marketing, hidden)


def test_sample_recipients_leave_out_contacts_the_actor_may_not_see(
    db: Database, make_user: Callable[..., Actor], salesperson: Actor, marketing: Actor
) -> None:
    other = make_user(Role.SALESPERSON)
    hidden = person(db, last_name="Hidden", owner_id=other.id)
    mine = person(db, last_name="Mine", owner_id=salesperson.id)
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    campaign = builder.save(
        draft=CampaignDraft(
            name="Relance",
            kind=CampaignKind.EMAIL,
            objective=CampaignObjective.EVENT_INVITATION,
            starts_on=NOW.date(),
            filters={"lifecycle": [Lifecycle.PROSPECT.value]},
            subject="x",
            body="Bonjour {prenom}",
        )
    ).id
    for_marketing = TemplateService(db.session_factory, actor=marketing).sample_recipients(
        campaign_id=campaign
    )
    for_julie = TemplateService(db.session_factory, actor=salesperson).sample_recipients(campaign_id=campaign)
    assert {hidden, mine} <= {cid for cid, _ in for_marketing}
    assert mine in {cid for cid, _ in for_julie} and hidden not in {cid for cid, _ in for_julie}
    builder.freeze(campaign_id=campaign, now=NOW)
    frozen = TemplateService(db.session_factory, actor=salesperson).sample_recipients(campaign_id=campaign)
    assert hidden not in {cid for cid, _ in frozen}


# Reservations ---------------------------------------------------------------------------------------------


def _reserved_for(db: Database, owner: Actor) -> tuple[int, int]:
    contact = person(db, owner_id=owner.id)
    vehicle_id = add_vehicle(db)
    with db.session_factory.begin() as s:
        opportunity = Opportunity(contact_id=contact, owner_id=owner.id, title="Clio")
        s.add(opportunity)
        s.flush()
        opportunity_id = opportunity.id
    VehicleService(db.session_factory, actor=owner).reserve(
        vehicle_id=vehicle_id, opportunity_id=opportunity_id
    )
    return vehicle_id, opportunity_id


def test_only_the_reserving_salesperson_or_a_manager_releases(
    db: Database, make_user: Callable[..., Actor], salesperson: Actor, manager: Actor, aftersales: Actor
) -> None:
    other = make_user(Role.SALESPERSON)
    vehicle_id, _ = _reserved_for(db, salesperson)
    for refused in (aftersales, other):
        service = VehicleService(db.session_factory, actor=refused)
        assert not service.get(vehicle_id=vehicle_id).can_release
        with pytest.raises(PermissionDenied):
            service.release(vehicle_id=vehicle_id)
    julie = VehicleService(db.session_factory, actor=salesperson)
    assert julie.get(vehicle_id=vehicle_id).can_release
    assert julie.release(vehicle_id=vehicle_id).row.stock_status is StockStatus.IN_STOCK
    assert not julie.get(vehicle_id=vehicle_id).can_release  # nothing to release any more

    vehicle_id, _ = _reserved_for(db, salesperson)
    boss = VehicleService(db.session_factory, actor=manager)
    assert boss.get(vehicle_id=vehicle_id).can_release
    boss.release(vehicle_id=vehicle_id)
    with db.session_factory() as s:
        assert s.get_one(Vehicle, vehicle_id).reserved_for_opportunity_id is None


# Mail server settings -------------------------------------------------------------------------------------


def test_the_mail_server_settings_are_for_those_who_manage_settings(
    db: Database, admin: Actor, manager: Actor, salesperson: Actor, aftersales: Actor, marketing: Actor
) -> None:
    SmtpService(db.session_factory, actor=admin).save(
        config=SmtpConfig(host="smtp.example.fr", login="garage")
    )
    for actor in (admin, manager):
        assert SmtpService(db.session_factory, actor=actor).current().host == "smtp.example.fr"
        assert SettingsService(db.session_factory, actor=actor).get("smtp.login") == "garage"
        assert "smtp.host" in SettingsService(db.session_factory, actor=actor).all()
    for actor in (salesperson, aftersales, marketing):
        with pytest.raises(PermissionDenied):
            SmtpService(db.session_factory, actor=actor).current()
        with pytest.raises(PermissionDenied):
            SettingsService(db.session_factory, actor=actor).get("smtp.host")
        values = SettingsService(db.session_factory, actor=actor).all()
        assert not any(key.startswith("smtp.") for key in values)
        assert "dealership.timezone" in values
    # Whoever sends a campaign gets the server and its login, to find or ask for the password.
    assert SmtpService(db.session_factory, actor=marketing).for_sending().login == "garage"
    for actor in (salesperson, aftersales):
        with pytest.raises(PermissionDenied):
            SmtpService(db.session_factory, actor=actor).for_sending()
