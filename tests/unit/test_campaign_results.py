"""Campaign results against a small dataset computed by hand (see the comments for each figure)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dealercrm.db import Database
from dealercrm.models import CampaignCostLine, Interaction, Opportunity, Sale, Vehicle
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    Direction,
    InteractionType,
    StockStatus,
    TargetStatus,
    VehicleCondition,
)
from dealercrm.services.campaigns import CampaignResultsService
from dealercrm.services.campaigns.results import Conversion, Touch, attributed_campaign
from dealercrm.services.permissions import Actor
from tests.unit.test_campaigns_service import add_campaign, add_target
from tests.unit.test_compliance import person


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + "T12:00:00+00:00")


def sale(
    db: Database, contact_id: int, sold_on: str, price: int, margin: int, campaign_id: int | None = None
) -> None:
    with db.session_factory.begin() as s:
        v = Vehicle(
            make="Dacia",
            model="Duster",
            condition=VehicleCondition.NEW,
            stock_status=StockStatus.CUSTOMER_OWNED,
        )
        s.add(v)
        s.flush()
        s.add(
            Sale(
                contact_id=contact_id,
                vehicle_id=v.id,
                sold_on=dt.date.fromisoformat(sold_on),
                price=Decimal(price),
                cost=Decimal(price - margin),
                margin=Decimal(margin),
                campaign_id=campaign_id,
            )
        )


def test_attribution_is_last_touch_within_the_window() -> None:
    touches = [
        Touch(1, 7, dt.date(2026, 3, 1)),
        Touch(2, 7, dt.date(2026, 3, 10)),
        Touch(3, 8, dt.date(2026, 3, 1)),
    ]
    assert attributed_campaign(Conversion(1, 7, dt.date(2026, 3, 5)), touches, window_days=90) == 1
    assert attributed_campaign(Conversion(1, 7, dt.date(2026, 3, 20)), touches, window_days=90) == 2
    assert attributed_campaign(Conversion(1, 7, dt.date(2026, 6, 8)), touches, window_days=90) == 2  # day 90
    assert (
        attributed_campaign(Conversion(1, 7, dt.date(2026, 6, 9)), touches, window_days=90) is None
    )  # day 91
    assert (
        attributed_campaign(Conversion(1, 7, dt.date(2026, 2, 1)), touches, window_days=90) is None
    )  # before
    assert (
        attributed_campaign(
            Conversion(1, 7, dt.date(2026, 3, 5), explicit_campaign_id=9), touches, window_days=90
        )
        == 9
    )


def test_results_of_a_hand_computed_dataset(db: Database, manager: Actor, salesperson: Actor) -> None:
    a = add_campaign(db, name="Lease renewal", cost=Decimal("0"))
    b = add_campaign(db, name="Open house mail", kind=CampaignKind.EMAIL, cost=Decimal("100"))
    with db.session_factory.begin() as s:
        s.add(CampaignCostLine(campaign_id=a, label="Scripts", amount=Decimal("300")))
        s.add(CampaignCostLine(campaign_id=a, label="Call hours", amount=Decimal("200")))
    c = [person(db) for _ in range(10)]
    done, sp = TargetStatus.DONE, salesperson.id
    # c1: appointment on 2 March, buys on 1 April (30 days): attributed to A.
    add_target(
        db,
        a,
        c[1],
        status=done,
        assigned_user_id=sp,
        attempts=1,
        reached_at=at("2026-03-02"),
        last_outcome=CallOutcome.APPOINTMENT,
    )
    sale(db, c[1], "2026-04-01", 25000, 2000)
    # c2: interested on 2 March, buys on 1 July (121 days): too late.
    add_target(
        db,
        a,
        c[2],
        status=done,
        assigned_user_id=sp,
        attempts=1,
        reached_at=at("2026-03-02"),
        last_outcome=CallOutcome.INTERESTED,
    )
    sale(db, c[2], "2026-07-01", 30000, 2500)
    # c3: not interested on 3 March, then e-mailed by B on 10 March, buys on 20 March: B's (last touch).
    add_target(
        db,
        a,
        c[3],
        status=done,
        assigned_user_id=sp,
        attempts=1,
        reached_at=at("2026-03-03"),
        last_outcome=CallOutcome.NOT_INTERESTED,
    )
    add_target(db, b, c[3], status=done, attempts=1, sent_at=at("2026-03-10"), last_outcome=CallOutcome.SENT)
    sale(db, c[3], "2026-03-20", 18000, 1500)
    # c4: two unanswered calls: attempted, not reached.
    add_target(
        db,
        a,
        c[4],
        status=TargetStatus.IN_PROGRESS,
        assigned_user_id=sp,
        attempts=2,
        last_outcome=CallOutcome.NO_ANSWER,
    )
    # c5, c6: excluded by the compliance check.
    add_target(db, a, c[5], status=TargetStatus.EXCLUDED, excluded_reason="bloctel")
    add_target(db, a, c[6], status=TargetStatus.EXCLUDED, excluded_reason="no_consent")
    # c7: not called yet.
    add_target(db, a, c[7])
    # c8: asked to be called back; an opportunity opened the next day.
    add_target(
        db,
        a,
        c[8],
        status=TargetStatus.IN_PROGRESS,
        assigned_user_id=sp,
        attempts=1,
        reached_at=at("2026-03-05"),
        last_outcome=CallOutcome.CALLBACK,
    )
    with db.session_factory.begin() as s:
        s.add(Opportunity(contact_id=c[8], title="Duster", created_at=at("2026-03-06")))
        s.add(
            Interaction(
                contact_id=c[4],
                type=InteractionType.CALL,
                direction=Direction.INBOUND,
                occurred_at=at("2026-03-04"),
            )
        )  # c4 was never reached: no response counted
    # c9: not targeted, but the sale was recorded against campaign A.
    sale(db, c[9], "2026-03-15", 10000, 1000, campaign_id=a)

    service = CampaignResultsService(db.session_factory, actor=manager)
    r = service.results(campaign_id=a)

    assert (r.targeted, r.excluded, r.excluded_by_rule) == (6, 2, {"bloctel": 1, "no_consent": 1})
    assert (r.attempted, r.reached, r.responded, r.appointments) == (5, 4, 3, 1)
    assert r.reach_rate == Decimal(4) / 6
    assert r.response_rate == Decimal("0.75")
    assert (r.opportunities, r.sales) == (1, 2)  # c8's opportunity; c1's and c9's sales
    assert (r.revenue, r.margin, r.cost) == (Decimal("35000"), Decimal("3000"), Decimal("500"))
    assert (r.cost_per_reach, r.cost_per_sale, r.roi) == (Decimal("125"), Decimal("250"), Decimal("5"))
    assert r.outcomes_by_caller == {
        "Julie Vendeuse": {
            "appointment": 1,
            "interested": 1,
            "not_interested": 1,
            "no_answer": 1,
            "callback": 1,
        }
    }

    rb = service.results(campaign_id=b)
    assert (rb.targeted, rb.sent, rb.reached, rb.sales, rb.margin) == (1, 1, 1, 1, Decimal("1500"))
    assert rb.roi == Decimal("14")  # (1500 - 100) / 100

    rows = service.compare()
    assert {row.campaign_id for row in rows} == {a, b}
    csv_text = service.export_csv(campaign_ids=[a])
    header, line = csv_text.strip().splitlines()
    assert header.startswith("campaign,kind,starts_on,targeted")
    assert line.startswith(
        "Lease renewal,phoning,2026-02-01,6,2,4,0.6667,0,0,0,3,0.7500,1,1,2,35000.00,3000.00,500.00"
    )
    assert line.endswith("125.00,250.00,5.0000")


def test_no_cost_means_no_roi(db: Database, manager: Actor) -> None:
    a = add_campaign(db, cost=Decimal("0"))
    r = CampaignResultsService(db.session_factory, actor=manager).results(campaign_id=a)
    assert (r.targeted, r.roi, r.cost_per_reach, r.response_rate) == (0, None, None, None)
