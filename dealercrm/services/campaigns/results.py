"""Campaign results: reach, responses, appointments, and the opportunities, sales, revenue and margin
attributed to the campaign, with cost per reach, cost per sale and ROI; comparison and CSV export.

Definitions (docs and tests rely on them):
- targeted: targets not excluded; excluded by rule: the excluded ones per rule code;
- reached: a phone call answered (interested, appointment, callback, not interested, do not call) or a
  message accepted by the server / gateway and not bounced; its moment is the reach;
- sent / delivered / failed: messages handed over / confirmed delivered / refused or bounced;
- responded: a positive call outcome (interested, appointment, callback) or an inbound interaction of
  the contact within RESPONSE_DAYS after the reach; response rate = responded / reached;
- attribution (last touch): a sale (or an opportunity) belongs to the campaign whose reach of that
  contact is the latest one on or before the sale day, if the sale falls within
  `campaigns.attribution_days` days of it; a sale or opportunity recorded with an explicit campaign
  belongs to that campaign whatever the reaches;
- cost: the sum of the cost lines (else the campaign's lump cost);
  ROI = (attributed margin - cost) / cost, None when the cost is zero.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from dealercrm.i18n import _
from dealercrm.models import Campaign, CampaignTarget, Interaction, Opportunity, Sale, User
from dealercrm.models.enums import CallOutcome, CampaignKind, CampaignStatus, Direction, TargetStatus
from dealercrm.services.base import Service
from dealercrm.services.campaigns.building import campaign_cost
from dealercrm.services.compliance import load_law
from dealercrm.services.errors import NotFound
from dealercrm.services.permissions import require
from dealercrm.services.settings import read_setting

RESPONSE_DAYS = 14
POSITIVE = (CallOutcome.INTERESTED, CallOutcome.APPOINTMENT, CallOutcome.CALLBACK)


# Attribution, pure -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Touch:
    campaign_id: int
    contact_id: int
    day: dt.date  # the reach, in the dealership's calendar


@dataclass(frozen=True)
class Conversion:
    id: int
    contact_id: int
    day: dt.date
    explicit_campaign_id: int | None = None


def attributed_campaign(conversion: Conversion, touches: Iterable[Touch], *, window_days: int) -> int | None:
    """The campaign a sale or opportunity is attributed to (last touch within the window), or None."""
    if conversion.explicit_campaign_id is not None:
        return conversion.explicit_campaign_id
    eligible = [
        t
        for t in touches
        if t.contact_id == conversion.contact_id and 0 <= (conversion.day - t.day).days <= window_days
    ]
    if not eligible:
        return None
    return max(eligible, key=lambda t: (t.day, t.campaign_id)).campaign_id


def ratio(numerator: Decimal | int, denominator: Decimal | int) -> Decimal | None:
    return None if not denominator else Decimal(numerator) / Decimal(denominator)


# Results ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignResults:
    campaign_id: int
    name: str
    kind: CampaignKind
    status: CampaignStatus
    starts_on: dt.date
    cost: Decimal
    targeted: int
    excluded: int
    excluded_by_rule: dict[str, int]
    attempted: int
    reached: int
    sent: int
    delivered: int
    failed: int
    responded: int
    appointments: int
    opportunities: int
    sales: int
    revenue: Decimal
    margin: Decimal
    outcomes_by_caller: dict[str, dict[str, int]] = field(default_factory=dict)
    attribution_days: int = 90

    @property
    def reach_rate(self) -> Decimal | None:
        return ratio(self.reached, self.targeted)

    @property
    def response_rate(self) -> Decimal | None:
        return ratio(self.responded, self.reached)

    @property
    def cost_per_reach(self) -> Decimal | None:
        return ratio(self.cost, self.reached)

    @property
    def cost_per_sale(self) -> Decimal | None:
        return ratio(self.cost, self.sales)

    @property
    def roi(self) -> Decimal | None:
        return None if not self.cost else (self.margin - self.cost) / self.cost


CSV_COLUMNS = (
    "campaign",
    "kind",
    "starts_on",
    "targeted",
    "excluded",
    "reached",
    "reach_rate",
    "sent",
    "delivered",
    "failed",
    "responded",
    "response_rate",
    "appointments",
    "opportunities",
    "sales",
    "revenue",
    "margin",
    "cost",
    "cost_per_reach",
    "cost_per_sale",
    "roi",
)


def _fmt(value: Decimal | None, places: str = "0.01") -> str:
    return "" if value is None else str(value.quantize(Decimal(places)))


def results_csv(rows: Sequence[CampaignResults]) -> str:
    """The comparison as CSV (comma-separated, dot decimals, one campaign per row)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow(
            (
                r.name,
                r.kind.value,
                r.starts_on.isoformat(),
                r.targeted,
                r.excluded,
                r.reached,
                _fmt(r.reach_rate, "0.0001"),
                r.sent,
                r.delivered,
                r.failed,
                r.responded,
                _fmt(r.response_rate, "0.0001"),
                r.appointments,
                r.opportunities,
                r.sales,
                _fmt(r.revenue),
                _fmt(r.margin),
                _fmt(r.cost),
                _fmt(r.cost_per_reach),
                _fmt(r.cost_per_sale),
                _fmt(r.roi, "0.0001"),
            )
        )
    return out.getvalue()


def _aware(value: object) -> dt.datetime | None:
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(moment, dt.datetime)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


class CampaignResultsService(Service):
    """Results of one campaign, or of several side by side."""

    def results(self, *, campaign_id: int) -> CampaignResults:
        """Every figure of one campaign (see the module docstring for the definitions)."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            return self._results(session, campaign_id)

    def compare(self, *, campaign_ids: Sequence[int] | None = None) -> list[CampaignResults]:
        """Results of these campaigns (default: every frozen, running or done one), newest first."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            if campaign_ids is None:
                campaign_ids = list(
                    session.scalars(
                        select(Campaign.id)
                        .where(Campaign.status != CampaignStatus.DRAFT)
                        .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
                    )
                )
            return [self._results(session, cid) for cid in campaign_ids]

    def export_csv(self, *, campaign_ids: Sequence[int] | None = None) -> str:
        """The comparison as CSV text."""
        return results_csv(self.compare(campaign_ids=campaign_ids))

    # ------------------------------------------------------------------------------------------------------
    def _results(self, session: Session, campaign_id: int) -> CampaignResults:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound(_("No campaign #{campaign_id}.").format(campaign_id=campaign_id))
        window = int(read_setting(session, "campaigns.attribution_days"))
        zone = load_law(session).timezone
        t = CampaignTarget
        active = t.status != TargetStatus.EXCLUDED
        reach_at = func.coalesce(
            t.reached_at, case((t.last_outcome != CallOutcome.FAILED, t.sent_at), else_=None)
        )
        counts = session.execute(
            select(
                func.sum(case((active, 1), else_=0)),
                func.sum(case((active, 0), else_=1)),
                func.sum(case((and_(active, t.attempts > 0), 1), else_=0)),
                func.sum(case((t.sent_at.is_not(None), 1), else_=0)),
                func.sum(case((t.last_outcome == CallOutcome.DELIVERED, 1), else_=0)),
                func.sum(case((t.last_outcome == CallOutcome.FAILED, 1), else_=0)),
                func.sum(case((t.last_outcome == CallOutcome.APPOINTMENT, 1), else_=0)),
            ).where(t.campaign_id == campaign_id)
        ).one()
        targeted, excluded, attempted, sent, delivered, failed, appointments = (int(v or 0) for v in counts)
        by_rule = {
            str(reason or "other"): int(n)
            for reason, n in session.execute(
                select(t.excluded_reason, func.count())
                .where(t.campaign_id == campaign_id, t.status == TargetStatus.EXCLUDED)
                .group_by(t.excluded_reason)
            )
        }
        # This campaign's reaches, with their outcome.
        mine = session.execute(
            select(t.contact_id, reach_at, t.last_outcome).where(
                t.campaign_id == campaign_id, reach_at.is_not(None)
            )
        ).all()
        reached_at = {int(cid): _aware(at) for cid, at, _o in mine}
        positive = {int(cid) for cid, _at, o in mine if o in POSITIVE}
        contacts = list(reached_at)

        responded = set(positive)
        touches: list[Touch] = []
        conversions: list[Conversion] = []
        opportunities: list[Conversion] = []
        sales_rows: dict[int, tuple[Decimal, Decimal]] = {}
        for start in range(0, len(contacts), 900):
            chunk = contacts[start : start + 900]
            for cid, at in session.execute(
                select(Interaction.contact_id, Interaction.occurred_at).where(
                    Interaction.contact_id.in_(chunk), Interaction.direction == Direction.INBOUND
                )
            ):
                reach = reached_at[int(cid)]
                moment = _aware(at)
                if (
                    reach is not None
                    and moment is not None
                    and reach <= moment <= reach + dt.timedelta(days=RESPONSE_DAYS)
                ):
                    responded.add(int(cid))
            for cid, camp, at in session.execute(
                select(t.contact_id, t.campaign_id, func.coalesce(t.reached_at, t.sent_at)).where(
                    t.contact_id.in_(chunk),
                    func.coalesce(t.reached_at, t.sent_at).is_not(None),
                    (t.last_outcome.is_(None)) | (t.last_outcome != CallOutcome.FAILED),
                )
            ):
                moment = _aware(at)
                assert moment is not None
                touches.append(Touch(int(camp), int(cid), moment.astimezone(zone).date()))
            for sid, cid, sold_on, explicit, price, margin in session.execute(
                select(
                    Sale.id, Sale.contact_id, Sale.sold_on, Sale.campaign_id, Sale.price, Sale.margin
                ).where(Sale.contact_id.in_(chunk))
            ):
                conversions.append(Conversion(int(sid), int(cid), sold_on, explicit))
                sales_rows[int(sid)] = (price, margin)
            for oid, cid, created, explicit in session.execute(
                select(
                    Opportunity.id, Opportunity.contact_id, Opportunity.created_at, Opportunity.campaign_id
                ).where(Opportunity.contact_id.in_(chunk))
            ):
                moment = _aware(created)
                assert moment is not None
                opportunities.append(Conversion(int(oid), int(cid), moment.astimezone(zone).date(), explicit))
        # Sales and opportunities explicitly credited to this campaign, whoever they came from.
        for sid, cid, sold_on, price, margin in session.execute(
            select(Sale.id, Sale.contact_id, Sale.sold_on, Sale.price, Sale.margin).where(
                Sale.campaign_id == campaign_id
            )
        ):
            if int(sid) not in sales_rows:
                conversions.append(Conversion(int(sid), int(cid), sold_on, campaign_id))
                sales_rows[int(sid)] = (price, margin)
        known_opps = {o.id for o in opportunities}
        for oid, cid in session.execute(
            select(Opportunity.id, Opportunity.contact_id).where(Opportunity.campaign_id == campaign_id)
        ):
            if int(oid) not in known_opps:
                opportunities.append(Conversion(int(oid), int(cid), dt.date.min, campaign_id))

        won = [
            c.id for c in conversions if attributed_campaign(c, touches, window_days=window) == campaign_id
        ]
        opps = [
            o.id for o in opportunities if attributed_campaign(o, touches, window_days=window) == campaign_id
        ]
        revenue = sum((sales_rows[s][0] for s in won), Decimal("0"))
        margin = sum((sales_rows[s][1] for s in won), Decimal("0"))

        caller = aliased(User)
        by_caller: dict[str, dict[str, int]] = {}
        for name, outcome, n in session.execute(
            select(caller.display_name, t.last_outcome, func.count())
            .outerjoin(caller, caller.id == t.assigned_user_id)
            .where(t.campaign_id == campaign_id, active, t.last_outcome.is_not(None))
            .group_by(caller.display_name, t.last_outcome)
        ):
            if outcome is not None:
                by_caller.setdefault(name or _("Not assigned"), {})[outcome.value] = int(n)

        return CampaignResults(
            campaign_id=campaign.id,
            name=campaign.name,
            kind=campaign.kind,
            status=campaign.status,
            starts_on=campaign.starts_on,
            cost=campaign_cost(campaign),
            targeted=targeted,
            excluded=excluded,
            excluded_by_rule=by_rule,
            attempted=attempted,
            reached=len(reached_at),
            sent=sent,
            delivered=delivered,
            failed=failed,
            responded=len(responded),
            appointments=appointments,
            opportunities=len(opps),
            sales=len(won),
            revenue=revenue,
            margin=margin,
            outcomes_by_caller=by_caller,
            attribution_days=window,
        )
