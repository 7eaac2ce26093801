"""CampaignService on a real SQLite database: SQL counts, target paging, visibility of contacts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Campaign, CampaignTarget, Consent, Interaction, SuppressionEntry, Task
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    InteractionType,
    Lifecycle,
    Role,
    TargetStatus,
    TaskKind,
)
from dealercrm.services.campaigns import (
    CallingService,
    CampaignBuilder,
    CampaignDraft,
    CampaignService,
    CostLineInput,
    SplitMode,
)
from dealercrm.services.errors import NotFound, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import write_setting
from dealercrm.services.suppression import sha256_hex
from tests.unit.test_compliance import NOW, consent, paris, person
from tests.unit.test_vehicles_service import add_contact

REACHED = dt.datetime(2026, 2, 10, 15, 0, tzinfo=dt.UTC)


def add_campaign(db: Database, **kw: Any) -> int:
    values: dict[str, Any] = {
        "name": "Lease renewal spring",
        "kind": CampaignKind.PHONING,
        "objective": CampaignObjective.LEASE_RENEWAL,
        "status": CampaignStatus.RUNNING,
        "starts_on": dt.date(2026, 2, 1),
        "ends_on": dt.date(2026, 3, 31),
        "cost": Decimal("1400"),
    }
    values.update(kw)
    with db.session_factory.begin() as s:
        campaign = Campaign(**values)
        s.add(campaign)
        s.flush()
        return campaign.id


def add_target(db: Database, campaign_id: int, contact_id: int, **kw: Any) -> int:
    with db.session_factory.begin() as s:
        target = CampaignTarget(campaign_id=campaign_id, contact_id=contact_id, **kw)
        s.add(target)
        s.flush()
        return target.id


def test_list_counts_targets_reached_and_appointments(db: Database, marketing: Actor) -> None:
    campaign = add_campaign(db, owner_id=marketing.id)
    empty = add_campaign(db, name="Open house", starts_on=dt.date(2026, 3, 1), status=CampaignStatus.DRAFT)
    outcomes = [
        dict(status=TargetStatus.DONE, reached_at=REACHED, last_outcome=CallOutcome.APPOINTMENT, attempts=1),
        dict(status=TargetStatus.DONE, reached_at=REACHED, last_outcome=CallOutcome.NOT_INTERESTED),
        dict(status=TargetStatus.IN_PROGRESS, last_outcome=CallOutcome.NO_ANSWER, attempts=2),
        dict(status=TargetStatus.PENDING),
        dict(status=TargetStatus.EXCLUDED, excluded_reason="bloctel"),
    ]
    for i, kw in enumerate(outcomes):
        add_target(db, campaign, add_contact(db, last_name=f"T{i}"), **kw)

    rows = CampaignService(db.session_factory, actor=marketing).list_campaigns()

    assert [r.id for r in rows] == [empty, campaign]  # newest first
    row = rows[1]
    assert (row.targets, row.excluded, row.reached, row.appointments) == (4, 1, 2, 1)
    assert row.owner_name == "Karim Marketing" and row.cost == Decimal("1400.00")
    assert row.reach_rate == 0.5
    assert (rows[0].targets, rows[0].reached, rows[0].reach_rate) == (0, 0, None)
    drafts = CampaignService(db.session_factory, actor=marketing).list_campaigns(status=CampaignStatus.DRAFT)
    assert [r.id for r in drafts] == [empty]


def test_targets_page_by_page(db: Database, manager: Actor, salesperson: Actor) -> None:
    campaign = add_campaign(db)
    contacts = [add_contact(db, last_name=f"C{i}") for i in range(7)]
    for c in contacts:
        add_target(db, campaign, c, assigned_user_id=salesperson.id, attempts=1)
    service = CampaignService(db.session_factory, actor=manager)

    seen: list[int] = []
    after = None
    while True:
        page = service.targets_page(campaign_id=campaign, after=after, limit=3)
        seen += [t.contact_id for t in page]
        if len(page) < 3:
            break
        after = page[-1]

    assert seen == contacts
    first = service.targets_page(campaign_id=campaign, limit=1)[0]
    assert (first.contact_name, first.assigned_name, first.attempts) == ("Paul C0", "Julie Vendeuse", 1)


def test_target_status_filter(db: Database, manager: Actor) -> None:
    campaign = add_campaign(db)
    add_target(db, campaign, add_contact(db), status=TargetStatus.EXCLUDED, excluded_reason="opt-out")
    kept = add_target(db, campaign, add_contact(db))
    rows = CampaignService(db.session_factory, actor=manager).targets_page(
        campaign_id=campaign, status=TargetStatus.PENDING
    )
    assert [r.id for r in rows] == [kept]


def test_salesperson_does_not_see_other_salespersons_prospects_among_targets(
    db: Database, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    colleague = make_user(Role.SALESPERSON)
    campaign = add_campaign(db)
    mine = add_contact(db, owner=salesperson, lifecycle=Lifecycle.PROSPECT)
    customer = add_contact(db, owner=colleague, lifecycle=Lifecycle.CUSTOMER)
    private = add_contact(db, owner=colleague, lifecycle=Lifecycle.PROSPECT)
    for c in (mine, customer, private):
        add_target(db, campaign, c)

    rows = CampaignService(db.session_factory, actor=salesperson).targets_page(campaign_id=campaign)

    assert {r.contact_id for r in rows} == {mine, customer}


def test_after_sales_may_not_read_campaigns(db: Database, aftersales: Actor) -> None:
    with pytest.raises(PermissionDenied):
        CampaignService(db.session_factory, actor=aftersales).list_campaigns()
    with pytest.raises(PermissionDenied):
        CampaignService(db.session_factory, actor=aftersales).targets_page(campaign_id=1)


def test_unknown_campaign(db: Database, manager: Actor) -> None:
    with pytest.raises(NotFound):
        CampaignService(db.session_factory, actor=manager).targets_page(campaign_id=42)


# Building, freezing, splitting ---------------------------------------------------------------------------


def phoning_draft(**kw: Any) -> CampaignDraft:
    values: dict[str, Any] = {
        "name": "Relance prospects",
        "kind": CampaignKind.PHONING,
        "objective": CampaignObjective.PROSPECTING,
        "starts_on": dt.date(2026, 11, 23),
        "ends_on": dt.date(2026, 12, 18),
        "filters": {"lifecycle": ["prospect"]},
        "cost_lines": (CostLineInput("Call hours", Decimal("300")), CostLineInput("Script", Decimal("50"))),
        "script": "Bonjour {civilite} {nom}, {vendeur} du garage. Votre {vehicule}...",
    }
    values.update(kw)
    return CampaignDraft(**values)


def test_build_check_freeze_and_split(
    db: Database, marketing: Actor, make_user: Callable[..., Actor]
) -> None:
    callers = [make_user(Role.SALESPERSON) for _ in range(2)]
    granted = [person(db, owner_id=callers[0].id) for _ in range(3)] + [person(db) for _ in range(3)]
    for cid in granted:
        consent(db, cid, Channel.PHONE, ConsentStatus.GRANTED)
    refused = person(db)
    person(db, lifecycle=Lifecycle.CUSTOMER)  # not in the segment
    builder = CampaignBuilder(db.session_factory, actor=marketing)

    saved = builder.save(draft=phoning_draft(owner_id=marketing.id))
    assert saved.cost == Decimal("350") and saved.status is CampaignStatus.DRAFT
    report = builder.check(campaign_id=saved.id, now=NOW)
    assert (report.candidates, report.kept, report.removed_by("no_consent")) == (7, 6, 1)
    assert report.exclusions[0].contact_id == refused

    frozen = builder.freeze(campaign_id=saved.id, now=NOW)
    assert frozen.kept == 6
    rows = CampaignService(db.session_factory, actor=marketing).list_campaigns()
    assert (rows[0].status, rows[0].targets, rows[0].excluded) == (CampaignStatus.FROZEN, 6, 1)
    excluded = CampaignService(db.session_factory, actor=marketing).targets_page(
        campaign_id=saved.id, status=TargetStatus.EXCLUDED
    )
    assert [(t.contact_id, t.excluded_reason) for t in excluded] == [(refused, "no_consent")]
    with pytest.raises(ValidationError):
        builder.freeze(campaign_id=saved.id, now=NOW)

    counts = builder.split(campaign_id=saved.id, mode=SplitMode.BY_OWNER, caller_ids=[c.id for c in callers])
    assert counts[callers[0].id] >= 3 and sum(counts.values()) == 6
    counts = builder.split(
        campaign_id=saved.id, mode=SplitMode.ROUND_ROBIN, caller_ids=[c.id for c in callers]
    )
    assert sorted(counts.values()) == [3, 3]
    target = CampaignService(db.session_factory, actor=marketing).targets_page(campaign_id=saved.id, limit=1)[
        0
    ]
    counts = builder.split(campaign_id=saved.id, mode=SplitMode.BY_HAND, by_hand={target.id: marketing.id})
    assert counts[marketing.id] == 1


def test_draft_validation(db: Database, marketing: Actor) -> None:
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    with pytest.raises(ValidationError) as err:
        builder.save(draft=phoning_draft(name=" ", ends_on=dt.date(2026, 1, 1), filters={"bogus": 1}))
    assert {"name", "ends_on"} <= set(err.value.errors)


def test_salesperson_may_not_build(db: Database, salesperson: Actor) -> None:
    with pytest.raises(PermissionDenied):
        CampaignBuilder(db.session_factory, actor=salesperson).save(draft=phoning_draft())


# The cockpit ----------

MONDAY_11 = paris(dt.date(2026, 11, 30), 11, 0)


def frozen_campaign(db: Database, marketing: Actor, caller: Actor, n: int = 3) -> tuple[int, list[int]]:
    contacts = [person(db) for _ in range(n)]
    for cid in contacts:
        consent(db, cid, Channel.PHONE, ConsentStatus.GRANTED)
    builder = CampaignBuilder(db.session_factory, actor=marketing)
    campaign = builder.save(draft=phoning_draft()).id
    builder.freeze(campaign_id=campaign, now=MONDAY_11)
    builder.split(campaign_id=campaign, mode=SplitMode.ROUND_ROBIN, caller_ids=[caller.id])
    return campaign, contacts


def test_call_list_offers_only_who_may_be_called_now(
    db: Database, marketing: Actor, salesperson: Actor
) -> None:
    campaign, contacts = frozen_campaign(db, marketing, salesperson, n=3)
    calling = CallingService(db.session_factory, actor=salesperson)
    for d in (1, 2, 3, 4):  # four attempts by another campaign this month
        with db.session_factory.begin() as s:
            s.add(
                Interaction(
                    contact_id=contacts[0],
                    type=InteractionType.CALL,
                    occurred_at=MONDAY_11 - dt.timedelta(days=d),
                )
            )

    calls = calling.call_list(campaign_id=campaign, now=MONDAY_11)
    assert [e.contact_id for e in calls.offered] == contacts[1:]
    assert calls.not_offered[0].contact_id == contacts[0] and "4 times" in calls.not_offered[0].reason

    lunch = calling.call_list(campaign_id=campaign, now=paris(dt.date(2026, 11, 30), 13, 30))
    assert not lunch.calling_allowed and lunch.next_window == paris(dt.date(2026, 11, 30), 14, 0)
    assert calling.next_card(campaign_id=campaign, now=paris(dt.date(2026, 11, 30), 13, 30)) is None


def test_outcomes_write_the_timeline_tasks_consent_and_suppression(
    db: Database, marketing: Actor, salesperson: Actor
) -> None:
    campaign, contacts = frozen_campaign(db, marketing, salesperson, n=4)
    calling = CallingService(db.session_factory, actor=salesperson)
    card = calling.next_card(campaign_id=campaign, now=MONDAY_11)
    assert card is not None and card.contact_id == contacts[0]
    assert card.tel_uri.startswith("tel:+336") and "Julie Vendeuse du garage" in card.script
    assert card.missing_fields == ("civilite", "vehicule")

    with pytest.raises(ValidationError):
        calling.record_outcome(target_id=card.target_id, outcome=CallOutcome.APPOINTMENT, now=MONDAY_11)
    appointment = paris(dt.date(2026, 12, 3), 15, 0)
    result = calling.record_outcome(
        target_id=card.target_id,
        outcome=CallOutcome.APPOINTMENT,
        note="Wants a hybrid",
        duration_seconds=95,
        appointment_at=appointment,
        now=MONDAY_11,
    )
    assert result.status is TargetStatus.DONE and result.task_id is not None

    second = calling.next_card(campaign_id=campaign, now=MONDAY_11)
    assert second is not None and second.contact_id == contacts[1]
    callback = paris(dt.date(2026, 12, 1), 17, 0)
    calling.record_outcome(
        target_id=second.target_id, outcome=CallOutcome.CALLBACK, callback_at=callback, now=MONDAY_11
    )
    third = calling.next_card(campaign_id=campaign, now=MONDAY_11)
    assert third is not None
    calling.record_outcome(target_id=third.target_id, outcome=CallOutcome.DO_NOT_CALL, now=MONDAY_11)

    calls = calling.call_list(campaign_id=campaign, now=MONDAY_11)
    assert [e.contact_id for e in calls.offered] == [contacts[3]]
    assert [n.reason for n in calls.not_offered] == ["asked to be called back later"]
    # At the callback time it comes back first.
    later = calling.call_list(campaign_id=campaign, now=callback)
    assert [e.contact_id for e in later.offered] == [contacts[1], contacts[3]]

    with db.session_factory() as s:
        tasks = {t.kind: t for t in s.scalars(select(Task))}
        assert tasks[TaskKind.APPOINTMENT].due_at == appointment
        assert (
            tasks[TaskKind.CALL_BACK].due_at == callback
            and tasks[TaskKind.CALL_BACK].user_id == salesperson.id
        )
        calls_logged = s.scalars(select(Interaction).where(Interaction.campaign_id == campaign)).all()
        assert [(i.outcome, i.duration_seconds) for i in calls_logged][0] == (CallOutcome.APPOINTMENT, 95)
        refusal = s.scalars(select(Consent).where(Consent.contact_id == third.contact_id)).all()[-1]
        assert (refusal.channel, refusal.purpose, refusal.status) == (
            Channel.PHONE,
            ConsentPurpose.PROSPECTING,
            ConsentStatus.REFUSED,
        )
        assert s.scalar(select(SuppressionEntry.value_hash)) == sha256_hex(third.phone)

    progress = calling.progress(campaign_id=campaign)
    assert (progress.targets, progress.done, progress.open, progress.reached, progress.appointments) == (
        4,
        2,
        2,
        3,
        1,
    )
    assert progress.callers[0].name == "Julie Vendeuse"


def test_no_recording_outside_calling_hours(db: Database, marketing: Actor, salesperson: Actor) -> None:
    campaign, _contacts = frozen_campaign(db, marketing, salesperson, n=1)
    calling = CallingService(db.session_factory, actor=salesperson)
    entry = calling.call_list(campaign_id=campaign, now=MONDAY_11).offered[0]
    saturday = paris(dt.date(2026, 12, 5), 11, 0)
    with pytest.raises(ValidationError):
        calling.record_outcome(target_id=entry.target_id, outcome=CallOutcome.NO_ANSWER, now=saturday)


def test_other_callers_targets_are_refused(
    db: Database, marketing: Actor, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    campaign, _contacts = frozen_campaign(db, marketing, salesperson, n=1)
    entry = (
        CallingService(db.session_factory, actor=salesperson)
        .call_list(campaign_id=campaign, now=MONDAY_11)
        .offered[0]
    )
    colleague = make_user(Role.SALESPERSON)
    with pytest.raises(PermissionDenied):
        CallingService(db.session_factory, actor=colleague).record_outcome(
            target_id=entry.target_id, outcome=CallOutcome.NO_ANSWER, now=MONDAY_11
        )


def test_no_call_on_a_public_holiday(db: Database, marketing: Actor, salesperson: Actor) -> None:
    campaign, _contacts = frozen_campaign(db, marketing, salesperson, n=1)
    calling = CallingService(db.session_factory, actor=salesperson)
    entry = calling.call_list(campaign_id=campaign, now=MONDAY_11).offered[0]
    armistice = paris(dt.date(2026, 11, 11), 11, 0)  # a Wednesday
    calls = calling.call_list(campaign_id=campaign, now=armistice)
    assert not calls.calling_allowed
    assert calls.next_window == paris(dt.date(2026, 11, 12), 10, 0)
    with pytest.raises(ValidationError, match="public holiday"):
        calling.record_outcome(target_id=entry.target_id, outcome=CallOutcome.NO_ANSWER, now=armistice)


def test_the_dealerships_postcode_brings_its_local_holidays(
    db: Database, marketing: Actor, salesperson: Actor
) -> None:
    campaign, _contacts = frozen_campaign(db, marketing, salesperson, n=1)
    calling = CallingService(db.session_factory, actor=salesperson)
    good_friday = paris(dt.date(2027, 3, 26), 11, 0)
    assert calling.call_list(campaign_id=campaign, now=good_friday).calling_allowed
    with db.session_factory.begin() as s:
        write_setting(s, "dealership.postcode", "57000")  # Metz
    calls = calling.call_list(campaign_id=campaign, now=good_friday)
    assert not calls.calling_allowed
    assert calls.next_window == paris(dt.date(2027, 3, 30), 10, 0)  # Easter Monday is off too
