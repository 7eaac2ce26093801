"""The sales pipeline: opportunities by stage, totals per stage, hot leads going cold, leases ending.

A salesperson sees their own and unassigned opportunities, and only on contacts they may see; managers
(and the roles that read everything) see all and may filter by salesperson. Open opportunities are
listed in pipeline order (stage, then expected close date); closed ones follow, most recently closed
first, read by keyset over ix_opportunities_closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select, tuple_
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import Contact, Opportunity, Sale, Task, User, utcnow
from dealercrm.models.enums import OPEN_STAGES, AuditAction, Financing, Role, SourceChannel, Stage
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, flush_or_conflict, get_contact, owner_clauses, row_from
from dealercrm.services.contacts import PURCHASE_PROBABILITY, format_phone, visible_for_scan
from dealercrm.services.enum_words import enum_word
from dealercrm.services.errors import ConflictError, NotFound, ValidationError
from dealercrm.services.last_save import last_save
from dealercrm.services.permissions import require, visible_contacts_clause
from dealercrm.services.scoring import refresh_scores
from dealercrm.services.settings import read_setting
from dealercrm.services.tasks import dealership_zone

MAX_PAGE = 1000
CLOSED_STAGES = (Stage.WON, Stage.LOST)
# Leads worth a call: far enough in the funnel that silence loses a sale.
HOT_STAGES = (Stage.QUALIFIED, Stage.TEST_DRIVE, Stage.OFFER, Stage.NEGOTIATION)
LEASE_FINANCING = (Financing.LOA, Financing.LLD)
STAGE_RANK: dict[Stage, int] = {stage: rank for rank, stage in enumerate(Stage)}
# No expected close date sorts after every real one.
NO_DATE = dt.date(9999, 12, 31)


@dataclass(frozen=True)
class OpportunityFilter:
    """Which opportunities the pipeline shows. `owner_id`/`unassigned` narrow to one salesperson or to
    nobody's; `include_closed` adds won and lost ones after the open ones."""

    owner_id: int | None = None
    unassigned: bool = False
    include_closed: bool = False
    # Only this stage (a Kanban column).
    stage: Stage | None = None


@dataclass(frozen=True)
class OpportunityRow:
    id: int
    contact_id: int
    contact_name: str
    title: str
    stage: Stage
    amount: Decimal | None
    expected_close_on: dt.date | None
    owner_id: int | None
    owner_name: str
    stage_changed_at: dt.datetime
    days_in_stage: int
    closed_at: dt.datetime | None
    lost_reason: str | None
    vehicle_id: int | None = None
    score: int | None = None  # the contact's
    # The first open task of the deal (else of its contact): what happens next, and when.
    next_task_title: str | None = None
    next_task_due_at: dt.datetime | None = None
    # The deal's lock_version when read: a move passes it back, and meets ConflictError if it moved since.
    version: int = 1

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES


@dataclass(frozen=True)
class StageTotal:
    stage: Stage
    count: int
    amount: Decimal


@dataclass(frozen=True)
class HotLeadRow:
    opportunity_id: int
    contact_id: int
    contact_name: str
    contact_phone: str
    title: str
    stage: Stage
    amount: Decimal | None
    last_contact_at: dt.datetime | None
    quiet_days: int | None  # None: never contacted
    purchase_probability: float | None = None  # learnt, within 90 days (services/purchase_model)


@dataclass(frozen=True)
class HotLeads:
    quiet_days: int
    rows: tuple[HotLeadRow, ...]
    count: int


@dataclass(frozen=True)
class LeaseEndRow:
    sale_id: int
    contact_id: int
    contact_name: str
    financing: Financing
    financing_end_on: dt.date
    vehicle_id: int


def _stage_rank() -> ColumnElement[int]:
    return case({stage.value: rank for stage, rank in STAGE_RANK.items()}, value=Opportunity.stage, else_=99)


def _close_key() -> ColumnElement[Any]:
    return func.coalesce(Opportunity.expected_close_on, literal(NO_DATE, Opportunity.expected_close_on.type))


def deal_conflict_message(session: Session, opportunity: Opportunity, expected_version: int) -> str:
    """Who saved the deal since the user saw it, when, and where it stands now."""
    saved = last_save(
        session, entity=Opportunity.__tablename__, entity_id=opportunity.id, actions=(AuditAction.UPDATE,)
    )
    return _(
        "{who} saved this deal{when} after you saw it (version {expected}, now {version}): it is now "
        "at “{stage}”. Your change was not saved, so as not to overwrite theirs."
    ).format(
        who=saved.who,
        when=saved.when,
        expected=expected_version,
        version=opportunity.lock_version,
        stage=enum_word(opportunity.stage),
    )


class PipelineService(Service):
    """Reading the pipeline and moving opportunities from stage to stage (audited)."""

    # Scope ------------------------------------------------------------------------------------
    def _scope(self, filters: OpportunityFilter) -> list[ColumnElement[bool]]:
        clauses: list[ColumnElement[bool]] = [visible_contacts_clause(self._actor)]
        if self._actor.role is Role.SALESPERSON:
            clauses.append(or_(Opportunity.owner_id.is_(None), Opportunity.owner_id == self._actor.id))
        clauses += owner_clauses(
            Opportunity.owner_id, unassigned=filters.unassigned, owner_id=filters.owner_id
        )
        if filters.stage is not None:
            clauses.append(Opportunity.stage == filters.stage)
        return clauses

    def _select(self) -> Select[Opportunity, Contact, str | None]:
        return (
            select(Opportunity, Contact, User.display_name)
            .join(Contact, Contact.id == Opportunity.contact_id)
            .outerjoin(User, User.id == Opportunity.owner_id)
        )

    @staticmethod
    def _row(o: Opportunity, c: Contact, owner_name: str | None, now: dt.datetime) -> OpportunityRow:
        return row_from(
            OpportunityRow,
            o,
            contact_name=c.display_name,
            owner_name=owner_name or "",
            days_in_stage=max(0, (now - o.stage_changed_at).days),
            score=c.score,
            version=o.lock_version,
            next_task_title=None,
            next_task_due_at=None,
        )

    @staticmethod
    def _with_next_tasks(session: Session, rows: list[OpportunityRow]) -> list[OpportunityRow]:
        """Each open row with its next task: the deal's own first open task, else its contact's.
        One query for the whole page."""
        open_rows = [r for r in rows if r.is_open]
        if not open_rows:
            return rows
        ids = {r.id for r in open_rows}
        contact_ids = {r.contact_id for r in open_rows}
        query = (
            select(Task.opportunity_id, Task.contact_id, Task.title, Task.due_at)
            .where(
                Task.done_at.is_(None),
                or_(Task.opportunity_id.in_(ids), Task.contact_id.in_(contact_ids)),
            )
            .order_by(Task.due_at, Task.id)
        )
        by_deal: dict[int, tuple[str, dt.datetime]] = {}
        by_contact: dict[int, tuple[str, dt.datetime]] = {}
        for opportunity_id, contact_id, title, due_at in session.execute(query):
            if opportunity_id is not None:
                by_deal.setdefault(opportunity_id, (title, due_at))
            if contact_id is not None:
                by_contact.setdefault(contact_id, (title, due_at))
        out = []
        for row in rows:
            found = by_deal.get(row.id) or by_contact.get(row.contact_id) if row.is_open else None
            if found is not None:
                row = replace(row, next_task_title=found[0], next_task_due_at=found[1])
            out.append(row)
        return out

    # Lists ------------------------------------------------------------------------------------
    def list_opportunities(
        self,
        *,
        filters: OpportunityFilter,
        after: OpportunityRow | None,
        limit: int,
        now: dt.datetime | None = None,
    ) -> list[OpportunityRow]:
        """The `limit` opportunities after `after` (None: from the start): open ones in pipeline order
        (stage, expected close, id), then, with `include_closed`, closed ones newest first."""
        require(self._actor, "opportunities.read")
        limit = max(1, min(limit, MAX_PAGE))
        now = now or utcnow()
        rows: list[OpportunityRow] = []
        with self._session_factory() as session:
            scope = self._scope(filters)
            if after is None or after.is_open:
                query = self._select().where(*scope, Opportunity.stage.in_(OPEN_STAGES))
                if after is not None:
                    key = (STAGE_RANK[after.stage], after.expected_close_on or NO_DATE, after.id)
                    query = query.where(tuple_(_stage_rank(), _close_key(), Opportunity.id) > key)
                query = query.order_by(_stage_rank(), _close_key(), Opportunity.id).limit(limit)
                rows.extend(self._row(o, c, n, now) for o, c, n in session.execute(query))
                after = None
            if filters.include_closed and len(rows) < limit:
                query = self._select().where(*scope, Opportunity.stage.in_(CLOSED_STAGES))
                if after is not None:
                    query = query.where(self._closed_after(after))
                query = query.order_by(Opportunity.closed_at.desc().nulls_last(), Opportunity.id.desc())
                query = query.limit(limit - len(rows))
                rows.extend(self._row(o, c, n, now) for o, c, n in session.execute(query))
            return self._with_next_tasks(session, rows)

    @staticmethod
    def _closed_after(after: OpportunityRow) -> ColumnElement[bool]:
        """Rows after `after` in (closed_at DESC NULLS LAST, id DESC) order."""
        if after.closed_at is None:
            return and_(Opportunity.closed_at.is_(None), Opportunity.id < after.id)
        return or_(
            Opportunity.closed_at < after.closed_at,
            and_(Opportunity.closed_at == after.closed_at, Opportunity.id < after.id),
            Opportunity.closed_at.is_(None),
        )

    def stage_totals(self, *, filters: OpportunityFilter) -> list[StageTotal]:
        """Count and total amount of the open opportunities per stage, every open stage listed in
        pipeline order (zero when empty). One GROUP BY."""
        require(self._actor, "opportunities.read")
        with self._session_factory() as session:
            query = (
                select(Opportunity.stage, func.count(Opportunity.id), func.sum(Opportunity.amount))
                .join(Contact, Contact.id == Opportunity.contact_id)
                .where(*self._scope(filters), Opportunity.stage.in_(OPEN_STAGES))
                .group_by(Opportunity.stage)
            )
            found = {stage: (int(n), total) for stage, n, total in session.execute(query)}
        totals: list[StageTotal] = []
        for stage in OPEN_STAGES:
            count, amount = found.get(stage, (0, None))
            totals.append(StageTotal(stage=stage, count=count, amount=amount or Decimal(0)))
        return totals

    def get(self, *, opportunity_id: int, now: dt.datetime | None = None) -> OpportunityRow:
        """One opportunity, if the actor may see it."""
        require(self._actor, "opportunities.read")
        with self._session_factory() as session:
            found = session.execute(
                self._select().where(Opportunity.id == opportunity_id, *self._scope(OpportunityFilter()))
            ).first()
            if found is None:
                raise NotFound(
                    _("Opportunity #{opportunity_id} does not exist or is not yours to see.").format(
                        opportunity_id=opportunity_id
                    )
                )
            o, c, n = found
            return self._row(o, c, n, now or utcnow())

    # Moves ------------------------------------------------------------------------------------
    def move_stage(
        self,
        *,
        opportunity_id: int,
        stage: Stage,
        lost_reason: str | None = None,
        amount: Decimal | None = None,
        expected_version: int | None = None,
        now: dt.datetime | None = None,
    ) -> OpportunityRow:
        """Move an opportunity to another stage (audited). Lost needs a reason; won is recorded with
        the sale (the sales service), not here. Reopening a closed one clears its close date.
        `amount`, when given, becomes the deal's amount (the quote made when moving to Offer).
        `expected_version` is the version the user saw (`OpportunityRow.version`): if someone saved the
        deal since, ConflictError says who and when, and nothing is saved."""
        if stage is Stage.WON:
            raise ValidationError({"stage": _("record the sale to win an opportunity")})
        reason = (lost_reason or "").strip()
        if stage is Stage.LOST and not reason:
            raise ValidationError({"lost_reason": _("say why the opportunity was lost")})
        if amount is not None and amount < 0:
            raise ValidationError({"amount": _("an amount cannot be negative")})
        now = now or utcnow()
        with unit_of_work(self._session_factory, self._actor) as session:
            opportunity = session.get(Opportunity, opportunity_id)
            if opportunity is None:
                raise NotFound(
                    _("Opportunity #{opportunity_id} does not exist (any more).").format(
                        opportunity_id=opportunity_id
                    )
                )
            require(self._actor, "opportunities.manage", opportunity)
            if expected_version is not None and opportunity.lock_version != expected_version:
                raise ConflictError(deal_conflict_message(session, opportunity, expected_version))
            if opportunity.stage is Stage.WON:
                raise ValidationError({"stage": _("this opportunity is won: its sale is recorded")})
            if opportunity.stage is not stage:
                opportunity.stage = stage
                opportunity.stage_changed_at = now
            if amount is not None:
                opportunity.amount = amount
            if stage is Stage.LOST:
                opportunity.lost_reason = reason[:200]
                opportunity.closed_at = opportunity.closed_at or now
            else:
                opportunity.lost_reason = None
                opportunity.closed_at = None
            flush_or_conflict(
                session,
                _(
                    "Someone saved this deal at the same moment: your change was not saved. "
                    "Reload the pipeline to see their version, then move it again."
                ),
            )
            refresh_scores(session, [opportunity.contact_id], now=now)
            owner = session.get(User, opportunity.owner_id) if opportunity.owner_id else None
            return self._row(opportunity, opportunity.contact, owner.display_name if owner else None, now)

    def create_opportunity(
        self,
        *,
        contact_id: int,
        title: str,
        amount: Decimal | None = None,
        wanted_model: str = "",
        expected_close_on: dt.date | None = None,
        stage: Stage = Stage.NEW_LEAD,
        owner_id: int | None = None,
        source: SourceChannel | None = None,
        now: dt.datetime | None = None,
    ) -> OpportunityRow:
        """Open an opportunity for a contact (audited). A salesperson's is theirs; a manager may give
        it to someone. Source defaults to the contact's."""
        require(self._actor, "opportunities.manage")
        errors: dict[str, str] = {}
        text = (title or "").strip()
        if not text:
            errors["title"] = _("say what car the contact wants")
        elif len(text) > 160:
            errors["title"] = _("at most 160 characters")
        if stage not in OPEN_STAGES:
            errors["stage"] = _("a new opportunity starts at an open stage")
        if amount is not None and amount < 0:
            errors["amount"] = _("cannot be negative")
        if errors:
            raise ValidationError(errors)
        now = now or utcnow()
        owner = owner_id if owner_id is not None else self._user_id
        if self._actor.role is Role.SALESPERSON and owner not in (None, self._actor.id):
            raise ValidationError({"owner_id": _("a salesperson opens opportunities for themselves")})
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = get_contact(session, contact_id)
            require(self._actor, "contacts.read", contact)
            opportunity = Opportunity(
                contact_id=contact_id,
                owner_id=owner,
                title=text,
                amount=amount,
                wanted_model=(wanted_model or "").strip() or None,
                expected_close_on=expected_close_on,
                stage=stage,
                stage_changed_at=now,
                source_channel=source or contact.source_channel,
            )
            session.add(opportunity)
            session.flush()
            refresh_scores(session, [contact_id], now=now)
            user = session.get(User, owner) if owner else None
            return self._row(opportunity, contact, user.display_name if user else None, now)

    # Today page -------------------------------------------------------------------------------
    def quiet_hot_leads(self, *, now: dt.datetime | None = None, limit: int = 20) -> HotLeads:
        """The actor's open opportunities at qualified..negotiation whose contact was last contacted
        more than `today.hot_lead_quiet_days` days ago (or never), longest silence first."""
        require(self._actor, "opportunities.read")
        now = now or utcnow()
        with self._session_factory() as session:
            quiet_days = int(read_setting(session, "today.hot_lead_quiet_days"))
            cutoff = now - dt.timedelta(days=quiet_days)
            where = [
                Opportunity.owner_id == self._actor.id,
                Opportunity.stage.in_(HOT_STAGES),
                or_(Contact.last_contact_at.is_(None), Contact.last_contact_at < cutoff),
                visible_contacts_clause(self._actor),
            ]
            query = (
                select(Opportunity, Contact, PURCHASE_PROBABILITY)
                .join(Contact, Contact.id == Opportunity.contact_id)
                .where(*where)
                .order_by(Contact.last_contact_at.asc().nulls_first(), Opportunity.id)
                .limit(limit)
            )
            found = session.execute(query).all()
            count = len(found)
            if count == limit:
                count_query = select(func.count(Opportunity.id)).join(
                    Contact, Contact.id == Opportunity.contact_id
                )
                count = int(session.scalar(count_query.where(*where)) or 0)
            rows = tuple(
                HotLeadRow(
                    opportunity_id=o.id,
                    contact_id=c.id,
                    contact_name=c.display_name,
                    contact_phone=format_phone(c.mobile or c.landline),
                    title=o.title,
                    stage=o.stage,
                    amount=o.amount,
                    last_contact_at=c.last_contact_at,
                    quiet_days=(now - c.last_contact_at).days if c.last_contact_at else None,
                    purchase_probability=p,
                )
                for o, c, p in found
            )
        return HotLeads(quiet_days=quiet_days, rows=rows, count=count)

    def leases_ending(
        self, *, within_days: int = 90, now: dt.datetime | None = None, limit: int = 50
    ) -> list[LeaseEndRow]:
        """The actor's customers whose lease (LOA or LLD) ends within `within_days` days: the time to
        offer the next car. Over ix_sales_financing_end."""
        require(self._actor, "opportunities.read")
        now = now or utcnow()
        with self._session_factory() as session:
            today = now.astimezone(dealership_zone(session)).date()
            query = (
                select(Sale, Contact)
                .join(Contact, Contact.id == Sale.contact_id)
                .where(
                    Sale.financing_end_on >= today,
                    Sale.financing_end_on <= today + dt.timedelta(days=within_days),
                    Sale.financing.in_(LEASE_FINANCING),
                    or_(Sale.salesperson_id == self._actor.id, Contact.owner_id == self._actor.id),
                    Contact.erased_at.is_(None),
                    visible_for_scan(self._actor),
                )
                .order_by(Sale.financing_end_on, Sale.id)
                .limit(limit)
            )
            return [
                LeaseEndRow(
                    sale_id=s.id,
                    contact_id=c.id,
                    contact_name=c.display_name,
                    financing=s.financing,
                    financing_end_on=s.financing_end_on or today,
                    vehicle_id=s.vehicle_id,
                )
                for s, c in session.execute(query)
            ]
