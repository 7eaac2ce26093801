"""Campaigns: the list with their results so far, and the targets of one campaign, page by page.

Counts come from one aggregate over campaign_targets. Target lists show contacts, so a salesperson
sees only the targets whose contact is visible to them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from dealercrm.i18n import _
from dealercrm.models import Campaign, CampaignTarget, Contact, User
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    TargetStatus,
)
from dealercrm.services.base import Service, row_from
from dealercrm.services.compliance import rule_title
from dealercrm.services.errors import NotFound
from dealercrm.services.permissions import require, visible_contacts_clause
from dealercrm.services.vehicles import contact_name


@dataclass(frozen=True)
class CampaignRow:
    """One campaign with its figures so far."""

    id: int
    name: str
    kind: CampaignKind
    objective: CampaignObjective
    status: CampaignStatus
    starts_on: dt.date
    ends_on: dt.date | None
    owner_name: str | None
    cost: Decimal
    targets: int  # contacts in the list, excluded ones left out
    excluded: int
    reached: int
    appointments: int

    @property
    def reach_rate(self) -> float | None:
        return self.reached / self.targets if self.targets else None


@dataclass(frozen=True)
class TargetRow:
    """One contact in a campaign's list."""

    id: int
    contact_id: int
    contact_name: str
    assigned_user_id: int | None
    assigned_name: str | None
    status: TargetStatus
    excluded_reason: str | None
    attempts: int
    last_outcome: CallOutcome | None
    last_attempt_at: dt.datetime | None
    callback_at: dt.datetime | None
    excluded_reason_text: str | None = None  # the rule in words, in the user's language


class CampaignService(Service):
    """Reading campaigns and their targets."""

    def list_campaigns(self, *, status: CampaignStatus | None = None) -> list[CampaignRow]:
        """Every campaign (or those in `status`), newest first, with target counts computed in SQL."""
        require(self._actor, "campaigns.read")
        active = CampaignTarget.status != TargetStatus.EXCLUDED
        counts = (
            select(
                CampaignTarget.campaign_id,
                func.sum(case((active, 1), else_=0)).label("targets"),
                func.sum(case((active, 0), else_=1)).label("excluded"),
                func.sum(case((CampaignTarget.reached_at.is_not(None), 1), else_=0)).label("reached"),
                func.sum(case((CampaignTarget.last_outcome == CallOutcome.APPOINTMENT, 1), else_=0)).label(
                    "appointments"
                ),
            )
            .group_by(CampaignTarget.campaign_id)
            .subquery()
        )
        owner = aliased(User)
        stmt = (
            select(
                Campaign.id,
                Campaign.name,
                Campaign.kind,
                Campaign.objective,
                Campaign.status,
                Campaign.starts_on,
                Campaign.ends_on,
                owner.display_name,
                Campaign.cost,
                func.coalesce(counts.c.targets, 0),
                func.coalesce(counts.c.excluded, 0),
                func.coalesce(counts.c.reached, 0),
                func.coalesce(counts.c.appointments, 0),
            )
            .outerjoin(counts, counts.c.campaign_id == Campaign.id)
            .outerjoin(owner, owner.id == Campaign.owner_id)
            .order_by(Campaign.starts_on.desc(), Campaign.id.desc())
        )
        if status is not None:
            stmt = stmt.where(Campaign.status == status)
        with self._session_factory() as session:
            return [
                CampaignRow(
                    id=r[0],
                    name=r[1],
                    kind=r[2],
                    objective=r[3],
                    status=r[4],
                    starts_on=r[5],
                    ends_on=r[6],
                    owner_name=r[7],
                    cost=r[8],
                    targets=int(r[9]),
                    excluded=int(r[10]),
                    reached=int(r[11]),
                    appointments=int(r[12]),
                )
                for r in session.execute(stmt)
            ]

    def targets_page(
        self,
        *,
        campaign_id: int,
        after: TargetRow | None = None,
        limit: int = 200,
        status: TargetStatus | None = None,
    ) -> list[TargetRow]:
        """The `limit` targets of a campaign after `after`, in contact order (the campaign/contact
        index), leaving out contacts the actor may not see."""
        require(self._actor, "campaigns.read")
        caller = aliased(User)
        stmt: Any = (
            select(
                CampaignTarget.id,
                CampaignTarget.contact_id,
                Contact.kind,
                Contact.first_name,
                Contact.last_name,
                Contact.company_name,
                CampaignTarget.assigned_user_id,
                caller.display_name.label("caller"),
                CampaignTarget.status,
                CampaignTarget.excluded_reason,
                CampaignTarget.attempts,
                CampaignTarget.last_outcome,
                CampaignTarget.last_attempt_at,
                CampaignTarget.callback_at,
            )
            .join(Contact, Contact.id == CampaignTarget.contact_id)
            .outerjoin(caller, caller.id == CampaignTarget.assigned_user_id)
            .where(CampaignTarget.campaign_id == campaign_id, visible_contacts_clause(self._actor))
        )
        if status is not None:
            stmt = stmt.where(CampaignTarget.status == status)
        if after is not None:
            stmt = stmt.where(CampaignTarget.contact_id > after.contact_id)
        stmt = stmt.order_by(CampaignTarget.contact_id).limit(limit)
        with self._session_factory() as session:
            if after is None and session.get(Campaign, campaign_id) is None:
                raise NotFound(_("No campaign #{campaign_id}.").format(campaign_id=campaign_id))
            return [
                row_from(
                    TargetRow,
                    r,
                    contact_name=contact_name(r.kind, r.first_name, r.last_name, r.company_name),
                    assigned_name=r.caller,
                    excluded_reason_text=rule_title(r.excluded_reason) if r.excluded_reason else None,
                )
                for r in session.execute(stmt)
            ]
