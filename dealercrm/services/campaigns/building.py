"""Building a campaign: its description and cost lines, the compliance check, freezing the target list,
and splitting it among the callers.

The check is read-only and can run as often as the marketing user likes; freezing runs it once more
and writes the list in one transaction: kept contacts as pending targets, excluded ones with the code of
the rule that removed them (so the results can say "excluded by rule").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, update
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import Campaign, CampaignCostLine, CampaignTarget, Contact, Segment, utcnow
from dealercrm.models.enums import (
    AuditAction,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Role,
    TargetStatus,
)
from dealercrm.services.audit import log_event, unit_of_work
from dealercrm.services.base import Service, UserOption, active_users, row_from
from dealercrm.services.compliance import ComplianceReport, check_campaign
from dealercrm.services.errors import NotFound, ValidationError
from dealercrm.services.permissions import require
from dealercrm.services.progress import Progress
from dealercrm.services.segments import check_filters, segment_clause
from dealercrm.services.settings import dealership_today

CALLER_ROLES = (Role.SALESPERSON, Role.MANAGER, Role.MARKETING)
_CHUNK = 20_000


@dataclass(frozen=True)
class CostLineInput:
    label: str
    amount: Decimal


@dataclass(frozen=True)
class CampaignDraft:
    """What the builder dialog edits."""

    name: str
    kind: CampaignKind
    objective: CampaignObjective
    starts_on: dt.date
    ends_on: dt.date | None = None
    owner_id: int | None = None
    cost_lines: tuple[CostLineInput, ...] = ()
    segment_id: int | None = None
    filters: dict[str, Any] = field(default_factory=dict)
    script: str | None = None
    subject: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class CampaignDetail:
    id: int
    status: CampaignStatus
    draft: CampaignDraft
    cost: Decimal
    frozen_at: dt.datetime | None


CallerOption = UserOption  # a user who may work a call list


class SplitMode(StrEnum):
    BY_OWNER = "by_owner"
    ROUND_ROBIN = "round_robin"
    BY_HAND = "by_hand"


def _insert_targets(conn: Connection, rows: list[tuple[int, int, str, str | None, int]]) -> None:
    """Write target rows with the driver's executemany over plain tuples: building 100k dicts and
    letting the ORM/Core compile them per row costs several times more than the insert itself."""
    style = conn.dialect.paramstyle
    marks = {"qmark": "?", "format": "%s", "pyformat": "%s"}.get(style)
    columns = "campaign_id, contact_id, status, excluded_reason, attempts"
    table = CampaignTarget.__tablename__
    if marks is None:  # an unusual driver: let SQLAlchemy bind the parameters
        stmt = insert(CampaignTarget)
        keys = [c.strip() for c in columns.split(",")]
        for start in range(0, len(rows), _CHUNK):
            conn.execute(stmt, [dict(zip(keys, r, strict=True)) for r in rows[start : start + _CHUNK]])
        return
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join([marks] * 5)})"
    for start in range(0, len(rows), _CHUNK):
        conn.exec_driver_sql(sql, rows[start : start + _CHUNK])


def campaign_filters(session: Session, campaign: Campaign) -> dict[str, Any]:
    """The filters a campaign targets: its own copy, else its segment's."""
    if campaign.filters:
        return dict(campaign.filters)
    if campaign.segment_id is not None:
        segment = session.get(Segment, campaign.segment_id)
        if segment is not None:
            return dict(segment.filters or {})
    return {}


def campaign_cost(campaign: Campaign) -> Decimal:
    """The sum of the cost lines when there are any, else the campaign's lump cost."""
    if campaign.cost_lines:
        return sum((line.amount for line in campaign.cost_lines), Decimal("0"))
    return campaign.cost or Decimal("0")


class CampaignBuilder(Service):
    """Creating and editing campaigns, checking compliance, freezing and splitting the list."""

    # Editing ----------
    @staticmethod
    def _validate(draft: CampaignDraft) -> None:
        errors: dict[str, str] = {}
        if not draft.name.strip():
            errors["name"] = _("A campaign needs a name.")
        if draft.ends_on is not None and draft.ends_on < draft.starts_on:
            errors["ends_on"] = _("The campaign cannot end before it starts.")
        for line in draft.cost_lines:
            if not line.label.strip():
                errors["cost_lines"] = _("Every cost line needs a label.")
            if line.amount < 0:
                errors["cost_lines"] = _("A cost cannot be negative.")
        if errors:
            raise ValidationError(errors)
        try:
            check_filters(draft.filters)
        except ValidationError as exc:
            raise ValidationError({"filters": str(exc)}) from exc

    def save(self, *, draft: CampaignDraft, campaign_id: int | None = None) -> CampaignDetail:
        """Create a campaign, or update a draft one (a frozen list keeps its description only)."""
        require(self._actor, "campaigns.manage")
        self._validate(draft)
        with unit_of_work(self._session_factory, self._actor) as session:
            if campaign_id is None:
                campaign = Campaign(status=CampaignStatus.DRAFT)
                session.add(campaign)
            else:
                campaign = self._campaign(session, campaign_id)
                if campaign.status is not CampaignStatus.DRAFT and (
                    campaign.kind is not draft.kind
                    or campaign.objective is not draft.objective
                    or dict(campaign.filters or {}) != draft.filters
                ):
                    raise ValidationError(
                        {"status": _("The list is frozen: kind, objective and target can no longer change.")}
                    )
            campaign.name = draft.name.strip()
            campaign.kind = draft.kind
            campaign.objective = draft.objective
            campaign.starts_on = draft.starts_on
            campaign.ends_on = draft.ends_on
            campaign.owner_id = draft.owner_id
            campaign.segment_id = draft.segment_id
            campaign.filters = dict(draft.filters)
            campaign.script = draft.script
            campaign.subject = draft.subject
            campaign.body = draft.body
            campaign.cost_lines = [
                CampaignCostLine(label=c.label.strip(), amount=c.amount) for c in draft.cost_lines
            ]
            campaign.cost = sum((c.amount for c in draft.cost_lines), Decimal("0"))
            session.flush()
            return self._detail(campaign)

    def save_message(self, *, campaign_id: int, subject: str | None, body: str) -> CampaignDetail:
        """Change only the message of a campaign (e-mail subject and body, SMS text or call script); allowed
        while its list is frozen or being sent, since it changes nobody's targeting."""
        require(self._actor, "campaigns.manage")
        if not body.strip():
            raise ValidationError({"body": _("The message is empty.")})
        with unit_of_work(self._session_factory, self._actor) as session:
            campaign = self._campaign(session, campaign_id)
            if campaign.status is CampaignStatus.DONE:
                raise ValidationError(
                    {"status": _("This campaign is over: its message can no longer change.")}
                )
            if campaign.kind is CampaignKind.PHONING:
                campaign.script = body
            else:
                is_email = campaign.kind is CampaignKind.EMAIL
                campaign.subject = ((subject or "").strip() or None) if is_email else None
                campaign.body = body
            session.flush()
            return self._detail(campaign)

    def get(self, *, campaign_id: int) -> CampaignDetail:
        """One campaign as the builder shows it."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            return self._detail(self._campaign(session, campaign_id))

    @staticmethod
    def _campaign(session: Session, campaign_id: int) -> Campaign:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise NotFound(_("No campaign #{campaign_id}.").format(campaign_id=campaign_id))
        return campaign

    @staticmethod
    def _detail(c: Campaign) -> CampaignDetail:
        draft = row_from(
            CampaignDraft,
            c,
            cost_lines=tuple(CostLineInput(line.label, line.amount) for line in c.cost_lines),
            filters=dict(c.filters or {}),
        )
        return CampaignDetail(c.id, c.status, draft, campaign_cost(c), c.frozen_at)

    def callers(self) -> list[CallerOption]:
        """Active users who may work a call list, by name."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            return active_users(session, CALLER_ROLES)

    # Compliance and freezing ----------
    def check(
        self,
        *,
        draft: CampaignDraft | None = None,
        campaign_id: int | None = None,
        now: dt.datetime | None = None,
    ) -> ComplianceReport:
        """Run the compliance check on a draft (unsaved) or a saved campaign; writes nothing."""
        require(self._actor, "campaigns.manage")
        with self._session_factory() as session:
            if draft is None:
                if campaign_id is None:
                    raise ValidationError({"campaign": _("Nothing to check.")})
                campaign = self._campaign(session, campaign_id)
                kind, objective, filters = (
                    campaign.kind,
                    campaign.objective,
                    campaign_filters(session, campaign),
                )
            else:
                self._validate(draft)
                kind, objective, filters = draft.kind, draft.objective, draft.filters
                if not filters and draft.segment_id is not None:
                    segment = session.get(Segment, draft.segment_id)
                    filters = dict(segment.filters or {}) if segment is not None else {}
            today = dealership_today(session, now=now)
            return check_campaign(
                session,
                kind=kind,
                objective=objective,
                candidates=segment_clause(filters, today=today),
                now=now,
            )

    def freeze(
        self, *, campaign_id: int, now: dt.datetime | None = None, progress: Progress | None = None
    ) -> ComplianceReport:
        """Check once more and write the target list: the campaign is then frozen and can be worked."""
        require(self._actor, "campaigns.manage")
        progress = progress or Progress()
        now = now or utcnow()
        progress.update(0, 3, _("Checking compliance"))
        with unit_of_work(self._session_factory, self._actor) as session:
            campaign = self._campaign(session, campaign_id)
            if campaign.status is not CampaignStatus.DRAFT:
                raise ValidationError({"status": _("This campaign's list is already frozen.")})
            filters = campaign_filters(session, campaign)
            report = check_campaign(
                session,
                kind=campaign.kind,
                objective=campaign.objective,
                candidates=segment_clause(filters, today=dealership_today(session, now=now)),
                now=now,
            )
            progress.update(1, 3, _("Writing the list"))
            conn = session.connection()
            conn.execute(delete(CampaignTarget).where(CampaignTarget.campaign_id == campaign_id))
            pending, excluded = TargetStatus.PENDING.value, TargetStatus.EXCLUDED.value
            rows: list[tuple[int, int, str, str | None, int]] = [
                (campaign_id, cid, pending, None, 0) for cid in report.kept_ids
            ]
            rows += [(campaign_id, e.contact_id, excluded, e.rule, 0) for e in report.exclusions]
            rows.sort(key=lambda r: r[1])
            _insert_targets(conn, rows)
            campaign.status = CampaignStatus.FROZEN
            campaign.frozen_at = now
            log_event(
                session,
                action=AuditAction.UPDATE,
                entity="campaigns",
                entity_id=campaign_id,
                changes={
                    "frozen": True,
                    "targets": report.kept,
                    "excluded": {r.rule: r.removed for r in report.rules if r.removed},
                },
            )
            progress.update(2, 3, _("Saving"))
        progress.update(3, 3, _("Done"))
        return report

    # Splitting ----------
    def split(
        self,
        *,
        campaign_id: int,
        mode: SplitMode,
        caller_ids: list[int] | None = None,
        by_hand: dict[int, int] | None = None,
    ) -> dict[int, int]:
        """Assign the pending targets to callers: by the contact's owner (the others round-robin),
        round-robin, or by hand ({target_id: user_id}). Returns how many open targets each caller now has."""
        require(self._actor, "campaigns.manage")
        callers = list(dict.fromkeys(caller_ids or []))
        if mode is not SplitMode.BY_HAND and not callers:
            raise ValidationError({"callers": _("Choose at least one caller.")})
        open_target = (
            CampaignTarget.campaign_id == campaign_id,
            CampaignTarget.status.in_((TargetStatus.PENDING, TargetStatus.IN_PROGRESS)),
        )
        with unit_of_work(self._session_factory, self._actor) as session:
            campaign = self._campaign(session, campaign_id)
            if campaign.status is CampaignStatus.DRAFT:
                raise ValidationError({"status": _("Freeze the list before splitting it.")})
            conn = session.connection()
            if mode is SplitMode.BY_HAND:
                for target_id, user_id in (by_hand or {}).items():
                    conn.execute(
                        update(CampaignTarget)
                        .where(CampaignTarget.id == target_id, *open_target)
                        .values(assigned_user_id=user_id)
                    )
            else:
                rest: ColumnElement[bool] = CampaignTarget.id.is_not(None)
                if mode is SplitMode.BY_OWNER:
                    owner = (
                        select(Contact.owner_id)
                        .where(Contact.id == CampaignTarget.contact_id)
                        .scalar_subquery()
                    )
                    conn.execute(
                        update(CampaignTarget)
                        .where(*open_target, owner.in_(callers))
                        .values(assigned_user_id=owner)
                    )
                    rest = owner.not_in(callers) | owner.is_(None)
                n = len(callers)
                for i, user_id in enumerate(callers):
                    conn.execute(
                        update(CampaignTarget)
                        .where(*open_target, rest, CampaignTarget.id % n == i)
                        .values(assigned_user_id=user_id)
                    )
            log_event(
                session,
                action=AuditAction.UPDATE,
                entity="campaigns",
                entity_id=campaign_id,
                changes={"split": mode.value, "callers": callers or sorted(set((by_hand or {}).values()))},
            )
            counts = session.execute(
                select(CampaignTarget.assigned_user_id, func.count())
                .where(*open_target, CampaignTarget.assigned_user_id.is_not(None))
                .group_by(CampaignTarget.assigned_user_id)
            ).all()
        return {int(u): int(n) for u, n in counts if u is not None}
