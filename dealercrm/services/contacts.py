"""Contacts: the paged list with its filters, the count, one contact's whole file, and its timeline.

The list is ordered by name: persons by (last_name, first_name, id) over ix_contacts_name, companies
(no last name) by (company_name, id) over ix_contacts_company; both streams are read after the same
keyset and merged, so every page costs the same at row 100 and at row 90 000. Every query is filtered
by `visible_contacts_clause`: a salesperson never sees another salesperson's private prospects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    case,
    false,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import QueryableAttribute, Session, aliased
from sqlalchemy.types import String

from dealercrm.db import bulk
from dealercrm.i18n import _
from dealercrm.models import (
    Claim,
    Consent,
    Contact,
    Interaction,
    Opportunity,
    PurchaseProbability,
    Sale,
    Task,
    User,
    Vehicle,
    enums,
    utcnow,
)
from dealercrm.models.enums import OPEN_STAGES
from dealercrm.models.people import contact_display_name
from dealercrm.services.base import (
    Service,
    UserOption,
    active_users,
    get_contact,
    owner_clauses,
    row_from,
    rows_as,
)
from dealercrm.services.compliance import consents_in_force
from dealercrm.services.due_dates import DueDate, dues_of_vehicles
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import Actor, require, visible_contacts_clause
from dealercrm.services.settings import dealership_today_of

MAX_PAGE = 1000
# The learnt probability of a purchase within 90 days (services/purchase_model), None until scored.
PURCHASE_PROBABILITY = (
    select(PurchaseProbability.probability)
    .where(PurchaseProbability.contact_id == Contact.id)
    .correlate(Contact)
    .scalar_subquery()
)
# What names a contact on one line (name or company, stage, a phone): a search hit, a list row.
CARD_COLUMNS = (
    Contact.id,
    Contact.kind,
    Contact.first_name,
    Contact.last_name,
    Contact.company_name,
    Contact.lifecycle,
    Contact.mobile,
    Contact.landline,
)
# What a list row needs, and no more (no notes, JSON or scores): pages stay cheap to read.
LIST_COLUMNS = (
    *CARD_COLUMNS,
    Contact.email,
    Contact.city,
    Contact.owner_id,
    Contact.last_contact_at,
    Contact.source_channel,
    Contact.score,
    Contact.created_at,
    PURCHASE_PROBABILITY.label("purchase_probability"),
)
# The list's sort keys; each pages by (key, id). Name walks ix_contacts_name (and ix_contacts_company),
# score ix_contacts_score, created ix_contacts_created, last contact ix_contacts_last_contact, city
# ix_contacts_city_key: a first page reads about `limit` visible rows, whatever the number of contacts.
# On PostgreSQL the name, company, score and created keys walk their NULLS FIRST `_id` twins (migration
# 0008; 0019 dropped the name and company indexes there).
# The purchase probability (services/purchase_model) sorts its own table's rows.
SORT_KEYS = ("name", "last_contact", "created", "score", "city", "purchase")
# The city sort key, written as ix_contacts_city_key's expression (an inline '', not a parameter, so
# that SQLite and PostgreSQL both recognise the indexed expression).
CITY_KEY = func.coalesce(Contact.city, literal_column("''", String))
# The direction a key sorts in when first chosen: names A-Z, the best scores, the latest contacts and
# the newest contacts first.
DEFAULT_DESCENDING = {
    "name": False,
    "last_contact": True,
    "created": True,
    "score": True,
    "city": False,
    "purchase": True,
}
# Roles whose members own contacts and opportunities (the owner filter offers them).
OWNER_ROLES = (enums.Role.SALESPERSON, enums.Role.MANAGER)


def format_phone(number: str | None) -> str:
    """`+33612345678` -> `06 12 34 56 78`; foreign numbers in international form; as stored otherwise."""
    if not number:
        return ""
    # Fast path for what we store most (French E.164): the list formats 200 of them per page, and
    # phonenumbers takes ~0.2 ms each.
    if len(number) == 12 and number.startswith("+33") and number[3:].isdigit() and number[3] in "12345679":
        n = "0" + number[3:]
        return f"{n[0:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8:10]}"
    import phonenumbers  # ~90 ms to import: only foreign and unusual numbers need it

    try:
        parsed = phonenumbers.parse(number, "FR")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_possible_number(parsed):
        return number
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if parsed.country_code == 33
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


# Rows ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactFilter:
    """What the contact list shows. `owner_id` and `unassigned` narrow to one owner or to nobody's."""

    text: str = ""
    lifecycle: enums.Lifecycle | None = None
    owner_id: int | None = None
    unassigned: bool = False
    source: enums.SourceChannel | None = None
    # Ids found by full-text search (SearchService): when set, only these contacts are listed.
    ids: tuple[int, ...] | None = None
    # Score band [score_min, score_max]; `unscored` lists contacts with no score yet.
    score_min: int | None = None
    score_max: int | None = None
    unscored: bool = False
    # Learnt probability of a purchase within 90 days at least this (services/purchase_model).
    probability_min: float | None = None
    # Not contacted for this many days (or never).
    quiet_days: int | None = None
    # Owns a vehicle of this make (and model): exact, case as stored ("Peugeot", "208").
    vehicle_make: str | None = None
    vehicle_model: str | None = None
    # A vehicle owned has this due (services.due_dates.DueKind value) within `due_within_days`.
    due_kind: str | None = None
    due_within_days: int = 30
    # A saved segment's filters (services.segments.segment_clause).
    segment_filters: tuple[tuple[str, Any], ...] | None = None
    # One of SORT_KEYS: "name" (keyset over the name indexes), "score", "last_contact", "created",
    # "city". `descending` None: the key's usual direction (DEFAULT_DESCENDING).
    order: str = "name"
    descending: bool | None = None

    @property
    def is_descending(self) -> bool:
        if self.descending is not None:
            return self.descending
        return DEFAULT_DESCENDING.get(self.order, False)


@dataclass(frozen=True)
class ContactRow:
    id: int
    kind: enums.ContactKind
    name: str
    # Keyset: (sort_name, first_name, id) with first_name None before any text.
    sort_name: str
    first_name: str | None
    company: str
    lifecycle: enums.Lifecycle
    phone: str  # formatted for display
    email: str
    city: str
    owner_id: int | None
    owner_name: str
    last_contact_at: dt.datetime | None
    source: enums.SourceChannel
    score: int | None = None
    created_at: dt.datetime | None = None
    purchase_probability: float | None = None


OwnerOption = UserOption  # a user who can own contacts


@dataclass(frozen=True)
class ConsentRow:
    channel: enums.Channel
    purpose: enums.ConsentPurpose
    status: enums.ConsentStatus
    recorded_at: dt.datetime
    proof: str


@dataclass(frozen=True)
class OpportunitySummary:
    id: int
    title: str
    stage: enums.Stage
    amount: Decimal | None
    expected_close_on: dt.date | None
    owner_name: str


@dataclass(frozen=True)
class VehicleSummary:
    id: int
    label: str
    plate: str
    fuel: enums.Fuel | None
    first_registration_on: dt.date | None
    mileage_km: int | None
    stock_status: enums.StockStatus
    # CT, maintenance, warranty end, financing end (customer-owned vehicles), soonest first.
    due_dates: tuple[DueDate, ...] = ()


@dataclass(frozen=True)
class PurchaseRow:
    id: int
    sold_on: dt.date
    vehicle_id: int
    vehicle_label: str
    price: Decimal
    financing: enums.Financing
    financing_end_on: dt.date | None
    salesperson_name: str


@dataclass(frozen=True)
class TaskSummary:
    id: int
    kind: enums.TaskKind
    title: str
    due_at: dt.datetime
    assignee_name: str


@dataclass(frozen=True)
class ClaimSummary:
    id: int
    opened_at: dt.datetime
    category: enums.ClaimCategory
    severity: enums.Severity
    status: enums.ClaimStatus


@dataclass(frozen=True)
class ContactDetail:
    id: int
    kind: enums.ContactKind
    name: str
    civility: enums.Civility | None
    first_name: str | None
    last_name: str | None
    company_name: str | None
    siren: str | None
    job_title: str | None
    birth_date: dt.date | None
    mobile: str
    landline: str
    email: str | None
    address_lines: tuple[str, ...]
    postal_code: str | None
    city: str | None
    country: str
    preferred_channel: enums.Channel | None
    source: enums.SourceChannel
    owner_id: int | None
    owner_name: str
    lifecycle: enums.Lifecycle
    lost_reason: str | None
    budget: Decimal | None
    wanted_model: str | None
    wanted_body: enums.BodyType | None
    wanted_fuel: enums.Fuel | None
    has_trade_in: bool
    wants_financing: bool
    notes: str | None
    last_contact_at: dt.datetime | None
    score: int | None
    created_at: dt.datetime
    erased: bool
    consents: tuple[ConsentRow, ...]
    open_opportunities: tuple[OpportunitySummary, ...]
    open_tasks: tuple[TaskSummary, ...]
    vehicles: tuple[VehicleSummary, ...]
    purchases: tuple[PurchaseRow, ...]
    interaction_count: int
    version: int = 1
    score_reasons: tuple[dict[str, Any], ...] = ()
    score_updated_at: dt.datetime | None = None
    claims: tuple[ClaimSummary, ...] = ()
    mobile_e164: str | None = None
    landline_e164: str | None = None


@dataclass(frozen=True)
class TimelineItem:
    id: int
    occurred_at: dt.datetime
    type: enums.InteractionType
    direction: enums.Direction
    outcome: enums.CallOutcome | None
    summary: str
    user_name: str
    amount: Decimal | None
    duration_seconds: int | None


# Query helpers ----------------------------------------------------------------------------------


def visible_for_scan(actor: Actor) -> ColumnElement[bool]:
    """`visible_contacts_clause`, made opaque to SQLite's planner, for queries that walk another index.

    Otherwise SQLite answers the salesperson's OR (own, unassigned, customers) with a multi-index OR
    over the owner and lifecycle indexes and sorts every visible contact: 110 ms per page at 100k
    contacts, instead of walking the name index (or the sales end-date index) and stopping at `limit`.
    """
    return case((visible_contacts_clause(actor), 1), else_=0) == 1


def _prefix_range(column: QueryableAttribute[str | None], prefix: str) -> ColumnElement[bool]:
    """`column` starts with `prefix`, as an index range (BINARY collation): [prefix, prefix + U+10FFFF)."""
    return and_(column >= prefix, column < prefix + "\U0010ffff")


def _prefix_variants(text: str) -> list[str]:
    """How a typed prefix may be stored: as typed, capitalised ("dup" -> "Dup"), upper case."""
    variants: list[str] = []
    for v in (text, text[:1].upper() + text[1:], text.upper(), text.title()):
        if v and v not in variants:
            variants.append(v)
    return variants


def _name_prefix(column: QueryableAttribute[str | None], text: str) -> ColumnElement[bool]:
    return or_(*(_prefix_range(column, v) for v in _prefix_variants(text)))


def _nullable_after(
    column: QueryableAttribute[str | None], value: str | None
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(strictly after, equal) for an ascending key where NULL sorts first (SQLite's order)."""
    if value is None:
        return column.is_not(None), column.is_(None)
    return column > value, column == value


def _nullable_before(
    column: QueryableAttribute[str | None], value: str | None
) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    """(strictly before, equal) for that same key: what follows `value` in descending order."""
    if value is None:
        return false(), column.is_(None)
    return or_(column < value, column.is_(None)), column == value


def _sql_order(keys: Sequence[Any], *, descending: bool) -> list[Any]:
    """ORDER BY terms for the keyset order: NULL the smallest key on every database (SQLite's own
    default; PostgreSQL's is the opposite), so that the keyset conditions below hold on both."""
    if descending:
        return [k.desc().nulls_last() for k in keys]
    return [k.asc().nulls_first() for k in keys]


def _keyset_after(key: Any, value: Any, ident: int, *, descending: bool) -> ColumnElement[bool]:
    """What follows (value, ident) in the order (key, id), both ascending or both descending, NULL
    being the smallest key (SQLite's order: first ascending, last descending)."""
    if not descending:
        if value is None:
            return or_(key.is_not(None), and_(key.is_(None), Contact.id > ident))
        return or_(key > value, and_(key == value, Contact.id > ident))
    if value is None:
        return and_(key.is_(None), Contact.id < ident)
    return or_(key < value, key.is_(None), and_(key == value, Contact.id < ident))


class ContactService(Service):
    """Reading contacts for the list and the detail pane (editing comes with a later issue)."""

    # The list -------------------------------------------------------------------------------
    @property
    def _dialect(self) -> Any:
        bind = self._session_factory.kw.get("bind")
        return bind.dialect if bind is not None else None

    @property
    def _on_postgres(self) -> bool:
        return self._dialect is not None and self._dialect.name == "postgresql"

    def _filters(self, filters: ContactFilter) -> list[ColumnElement[bool]]:
        # Opaque visibility: walking the name index (or scanning, to count) beats SQLite's multi-index
        # OR here; see visible_for_scan. Measured at 100k contacts: count 22 ms instead of 63 ms.
        # PostgreSQL's planner has statistics for the plain OR, and with the opaque form guesses that few
        # rows pass (0.5 %), then sorts them instead of walking the sort key's index.
        visible = visible_contacts_clause(self._actor) if self._on_postgres else visible_for_scan(self._actor)
        clauses: list[ColumnElement[bool]] = [visible, Contact.erased_at.is_(None)]
        if filters.lifecycle is not None:
            clauses.append(Contact.lifecycle == filters.lifecycle)
        clauses += owner_clauses(Contact.owner_id, unassigned=filters.unassigned, owner_id=filters.owner_id)
        if filters.source is not None:
            clauses.append(Contact.source_channel == filters.source)
        if filters.ids is not None:
            # A search's matches (up to 500) as one parameter: SQLAlchemy's IN list names and binds one
            # per id, which cost the list's page and its count more than their lookups (5-10 ms).
            clauses.append(bulk.among(Contact.id, filters.ids, self._dialect) if filters.ids else false())
        if filters.unscored:
            clauses.append(Contact.score.is_(None))
        if filters.score_min is not None:
            clauses.append(Contact.score >= filters.score_min)
        if filters.score_max is not None:
            clauses.append(Contact.score <= filters.score_max)
        if filters.probability_min is not None:
            clauses.append(
                Contact.id.in_(
                    select(PurchaseProbability.contact_id).where(
                        PurchaseProbability.probability >= filters.probability_min
                    )
                )
            )
        if filters.quiet_days is not None:
            bound = utcnow() - dt.timedelta(days=filters.quiet_days)
            clauses.append(or_(Contact.last_contact_at.is_(None), Contact.last_contact_at < bound))
        if filters.vehicle_make:
            owned = select(Vehicle.owner_contact_id).where(
                Vehicle.make == filters.vehicle_make, Vehicle.owner_contact_id.is_not(None)
            )
            if filters.vehicle_model:
                owned = owned.where(Vehicle.model == filters.vehicle_model)
            clauses.append(Contact.id.in_(owned))
        if filters.due_kind or filters.segment_filters is not None:
            today = dealership_today_of(self._session_factory)
            if filters.due_kind:
                clauses.append(_due_clause(filters.due_kind, filters.due_within_days, today))
            if filters.segment_filters is not None:
                clauses.append(_segment_clause(dict(filters.segment_filters), today))
        return clauses

    def _persons(
        self, filters: ContactFilter, after: ContactRow | None, limit: int, *, descending: bool = False
    ) -> Select[*tuple[Any, ...]]:
        """Contacts with a last name, in ix_contacts_name order (walked backwards when descending)."""
        where = [*self._filters(filters), Contact.last_name.is_not(None)]
        text = filters.text.strip()
        if text and filters.ids is None:
            where.append(_name_prefix(Contact.last_name, text))
        if after is not None and not descending:
            first_after, first_equal = _nullable_after(Contact.first_name, after.first_name)
            where.append(Contact.last_name >= after.sort_name)  # lets the index seek
            where.append(
                or_(
                    Contact.last_name > after.sort_name,
                    and_(Contact.last_name == after.sort_name, first_after),
                    and_(Contact.last_name == after.sort_name, first_equal, Contact.id > after.id),
                )
            )
        elif after is not None:
            first_before, first_equal = _nullable_before(Contact.first_name, after.first_name)
            where.append(Contact.last_name <= after.sort_name)
            where.append(
                or_(
                    Contact.last_name < after.sort_name,
                    and_(Contact.last_name == after.sort_name, first_before),
                    and_(Contact.last_name == after.sort_name, first_equal, Contact.id < after.id),
                )
            )
        keys = (Contact.last_name, Contact.first_name, Contact.id)
        query = (
            select(*LIST_COLUMNS)
            .where(*where)
            .order_by(*_sql_order(keys, descending=descending))
            .limit(limit)
        )
        if filters.ids is None:
            # SQLite would otherwise answer the salesperson's visibility OR with a multi-index OR and sort
            # every visible contact for each page (110 ms at 100k); walking the name index stops after
            # `limit` rows (25 ms). Ids from the search box are few: looked up by primary key instead.
            query = query.with_hint(Contact, "INDEXED BY ix_contacts_name", "sqlite")
        return query

    def _companies(
        self, filters: ContactFilter, after: ContactRow | None, limit: int, *, descending: bool = False
    ) -> Select[*tuple[Any, ...]]:
        """Contacts with no last name (companies), in ix_contacts_company order; their first name
        counts as NULL in the merged order."""
        where = [
            *self._filters(filters),
            # SQLite: opaque, so that the planner walks ix_contacts_company in order rather than fetching
            # every company through ix_contacts_name (last_name IS NULL) and sorting them for each page.
            # PostgreSQL: plain, so that it walks the companies' own partial index (migration 0012).
            Contact.last_name.is_(None)
            if self._on_postgres
            else case((Contact.last_name.is_(None), 1), else_=0) == 1,
            Contact.company_name.is_not(None),
        ]
        text = filters.text.strip()
        if text and filters.ids is None:
            where.append(_name_prefix(Contact.company_name, text))
        if after is not None and not descending:
            same_name_after = Contact.id > after.id if after.first_name is None else false()
            where.append(Contact.company_name >= after.sort_name)
            where.append(
                or_(
                    Contact.company_name > after.sort_name,
                    and_(Contact.company_name == after.sort_name, same_name_after),
                )
            )
        elif after is not None:
            # Descending, a company follows the persons of the same name (their first name counts as
            # NULL, the smallest).
            same_name_before = Contact.id < after.id if after.first_name is None else true()
            where.append(Contact.company_name <= after.sort_name)
            where.append(
                or_(
                    Contact.company_name < after.sort_name,
                    and_(Contact.company_name == after.sort_name, same_name_before),
                )
            )
        keys = (Contact.company_name, Contact.id)
        return (
            select(*LIST_COLUMNS)
            .where(*where)
            .order_by(*_sql_order(keys, descending=descending))
            .limit(limit)
        )

    def _filters_and_name(self, filters: ContactFilter) -> list[ColumnElement[bool]]:
        """The filters' clauses, and the typed text as the start of the last name (a company's name when
        there is none), unless the list is a chosen set of ids."""
        where = self._filters(filters)
        text = filters.text.strip()
        if text and filters.ids is None:
            where.append(
                or_(
                    and_(Contact.last_name.is_not(None), _name_prefix(Contact.last_name, text)),
                    and_(Contact.last_name.is_(None), _name_prefix(Contact.company_name, text)),
                )
            )
        return where

    def _by_key(
        self, filters: ContactFilter, after: ContactRow | None, limit: int, *, descending: bool
    ) -> Select[*tuple[Any, ...]]:
        """Any sort key but the name, paged by (key, id): over ix_contacts_score, ix_contacts_created,
        ix_contacts_lifecycle_last_contact (one lifecycle), or a sort (city)."""
        where = self._filters_and_name(filters)
        key: Any
        value: Any = None
        if filters.order == "score":
            key, value = Contact.score, after.score if after else None
        elif filters.order == "last_contact":
            key, value = Contact.last_contact_at, after.last_contact_at if after else None
        elif filters.order == "created":
            key, value = Contact.created_at, after.created_at if after else None
        elif filters.order == "purchase":  # see _by_probability: not through here
            key, value = PURCHASE_PROBABILITY, after.purchase_probability if after else None
        else:  # city: "" and NULL are one (the list shows neither), so never NULL
            key, value = CITY_KEY, after.city if after else None
        if after is not None:
            where.append(_keyset_after(key, value, after.id, descending=descending))
        order = _sql_order((key, Contact.id), descending=descending)
        return select(*LIST_COLUMNS).where(*where).order_by(*order).limit(limit)

    def _scored(
        self, filters: ContactFilter, after: ContactRow | None, limit: int, *, descending: bool
    ) -> Select[*tuple[Any, ...]]:
        """The contacts with a purchase probability, in (probability, id) order: a walk of
        ix_purchase_probabilities_probability, each row joined to its contact, stopping at `limit`.
        The probability is never NULL, so the index's own NULL placement serves both directions."""
        where = self._filters(filters)
        where += self._text_prefix(filters)
        p = PurchaseProbability
        if after is not None and after.purchase_probability is not None:
            value = after.purchase_probability
            if descending:
                where += [p.probability <= value, or_(p.probability < value, p.contact_id < after.id)]
            else:
                where += [p.probability >= value, or_(p.probability > value, p.contact_id > after.id)]
        elif after is not None and descending:
            return select(*LIST_COLUMNS).where(false()).limit(limit)  # they come before NULL, descending
        order = [p.probability.desc(), p.contact_id.desc()] if descending else [p.probability, p.contact_id]
        return (
            select(*LIST_COLUMNS[:-1], p.probability.label("purchase_probability"))
            .join_from(Contact, p, p.contact_id == Contact.id)
            .where(*where)
            .order_by(*order)
            .limit(limit)
            .with_hint(p, "INDEXED BY ix_purchase_probabilities_probability", "sqlite")
        )

    def _unscored(
        self, filters: ContactFilter, after: ContactRow | None, limit: int, *, descending: bool
    ) -> Select[*tuple[Any, ...]]:
        """The contacts with no purchase probability (NULL: the smallest key), by id."""
        where = self._filters(filters)
        where += self._text_prefix(filters)
        p = PurchaseProbability
        where.append(~select(p.contact_id).where(p.contact_id == Contact.id).exists())
        if after is not None and after.purchase_probability is None:
            where.append(Contact.id < after.id if descending else Contact.id > after.id)
        elif after is not None and descending:
            pass  # every unscored contact follows the scored ones
        elif after is not None:
            return select(*LIST_COLUMNS).where(false()).limit(limit)  # past them already
        return (
            select(*LIST_COLUMNS[:-1], null().label("purchase_probability"))
            .where(*where)
            .order_by(Contact.id.desc() if descending else Contact.id)
            .limit(limit)
        )

    def _by_probability(
        self,
        session: Session,
        filters: ContactFilter,
        after: ContactRow | None,
        limit: int,
        *,
        descending: bool,
    ) -> list[Row[Any]]:
        """The purchase order, as two index walks: the scored contacts by (probability, id), the others
        (NULL, the smallest key) by id; descending the scored come first, ascending the others. The
        second statement runs only when the first one does not fill the page."""
        parts = (self._scored, self._unscored) if descending else (self._unscored, self._scored)
        # PostgreSQL: the unscored walk starts from its first row (a first page, or the scored rows
        # are done, descending) only if there is one (after a training run, often none). Within the
        # unscored rows, or past them ascending, there is nothing to ask.
        starts = after is None or (descending and after.purchase_probability is not None)
        found: list[Row[Any]] = []
        for part in parts:
            if part == self._unscored and starts and self._on_postgres and not _any_unscored(session):
                continue
            found += session.execute(part(filters, after, limit - len(found), descending=descending))
            if len(found) >= limit:
                break
        return found

    def _text_prefix(self, filters: ContactFilter) -> list[ColumnElement[bool]]:
        text = filters.text.strip()
        if not text or filters.ids is not None:
            return []
        return [
            or_(
                and_(Contact.last_name.is_not(None), _name_prefix(Contact.last_name, text)),
                and_(Contact.last_name.is_(None), _name_prefix(Contact.company_name, text)),
            )
        ]

    def list_page(
        self,
        *,
        filters: ContactFilter,
        after: ContactRow | None,
        limit: int,
        order: str | None = None,
        descending: bool | None = None,
    ) -> list[ContactRow]:
        """The `limit` contacts that follow `after` (None: the first page) sorted by `order` (one of
        SORT_KEYS; default `filters.order`, name) in `descending` order (default `filters.descending`,
        else the key's usual direction); ties are broken by id, so paging never repeats or skips a row.
        """
        require(self._actor, "contacts.read")
        if order is not None or descending is not None:
            filters = replace(
                filters,
                order=order if order is not None else filters.order,
                descending=descending if descending is not None else filters.descending,
            )
        if filters.order not in SORT_KEYS:
            raise ValidationError({"order": _("unknown sort key {order!r}").format(order=filters.order)})
        limit = max(1, min(limit, MAX_PAGE))
        desc = filters.is_descending
        if filters.order == "purchase":
            with self._session_factory() as session:
                kept = self._by_probability(session, filters, after, limit, descending=desc)
                owners = self._owner_names(session, {r.owner_id for r in kept})
            return [self._row(r, owners) for r in kept]
        if filters.order != "name":
            with self._session_factory() as session:
                kept = list(session.execute(self._by_key(filters, after, limit, descending=desc)))
                owners = self._owner_names(session, {r.owner_id for r in kept})
            return [self._row(r, owners) for r in kept]
        with self._session_factory() as session:
            if self._on_postgres and filters.ids is None:
                # PostgreSQL's INDEXED BY (as SQLite's hint in _persons): walk the name indexes. Its
                # estimates multiply the NULL tests, the visibility and a next page's name bound as if
                # independent (29 companies expected, 10,600 found at 100k), and it then fetched every
                # company to sort them (90 ms) instead of stopping after the page (1 ms).
                session.execute(sql_text("SET LOCAL enable_sort = off"))
            found = [
                *session.execute(self._persons(filters, after, limit, descending=desc)),
                *session.execute(self._companies(filters, after, limit, descending=desc)),
            ]
            found.sort(key=lambda r: _key(r.last_name, r.first_name, r.company_name, r.id), reverse=desc)
            kept = found[:limit]
            owners = self._owner_names(session, {r.owner_id for r in kept})
        return [self._row(r, owners) for r in kept]

    def count(self, *, filters: ContactFilter) -> int:
        """How many contacts the list shows with these filters (run it off the GUI thread)."""
        require(self._actor, "contacts.read")
        where = self._filters_and_name(filters)
        with self._session_factory() as session:
            return int(session.scalar(select(func.count(Contact.id)).where(*where)) or 0)

    def owners(self) -> list[OwnerOption]:
        """Active users who can own contacts (salespeople and managers), by name, for filters."""
        require(self._actor, "contacts.read")
        with self._session_factory() as session:
            return active_users(session, OWNER_ROLES)

    @staticmethod
    def _owner_names(session: Session, ids: set[int | None]) -> dict[int, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        rows = session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
        return {user_id: name for user_id, name in rows}

    @staticmethod
    def _row(c: Row[Any], owners: dict[int, str]) -> ContactRow:
        return row_from(
            ContactRow,
            c,
            name=contact_display_name(c.kind, c.first_name, c.last_name, c.company_name),
            sort_name=c.last_name if c.last_name is not None else (c.company_name or ""),
            first_name=c.first_name if c.last_name is not None else None,
            company="" if c.kind is enums.ContactKind.COMPANY else (c.company_name or ""),
            phone=format_phone(c.mobile or c.landline),
            email=c.email or "",
            city=c.city or "",
            owner_name=owners.get(c.owner_id, "") if c.owner_id is not None else "",
            source=c.source_channel,
        )

    # One contact --------------------------------------------------------------------------------
    def _visible_contact(self, session: Session, contact_id: int) -> Contact:
        contact = get_contact(session, contact_id, include_erased=True)
        require(self._actor, "contacts.read", contact)
        return contact

    def get(self, *, contact_id: int) -> ContactDetail:
        """Everything the detail pane shows about one contact; PermissionDenied if the actor may not
        see it (another salesperson's prospect)."""
        with self._session_factory() as session:
            c = self._visible_contact(session, contact_id)
            owner_name = session.scalar(select(User.display_name).where(User.id == c.owner_id)) or ""
            return row_from(
                ContactDetail,
                c,
                name=c.display_name,
                mobile=format_phone(c.mobile),
                landline=format_phone(c.landline),
                address_lines=tuple(line for line in (c.address_line1, c.address_line2) if line),
                source=c.source_channel,
                owner_name=owner_name,
                erased=c.erased_at is not None,
                consents=self._consents(session, c.id),
                open_opportunities=self._open_opportunities(session, c.id),
                open_tasks=self._open_tasks(session, c.id),
                vehicles=self._vehicles(session, c.id),
                purchases=self._purchases(session, c.id),
                interaction_count=int(
                    session.scalar(select(func.count(Interaction.id)).where(Interaction.contact_id == c.id))
                    or 0
                ),
                score_reasons=tuple(c.score_reasons or ()),
                claims=self._claims(session, c.id),
                mobile_e164=c.mobile,
                landline_e164=c.landline,
            )

    @staticmethod
    def _claims(session: Session, contact_id: int) -> tuple[ClaimSummary, ...]:
        rows = session.execute(
            select(Claim.id, Claim.opened_at, Claim.category, Claim.severity, Claim.status)
            .where(Claim.contact_id == contact_id)
            .order_by(Claim.opened_at.desc(), Claim.id.desc())
            .limit(20)
        )
        return rows_as(ClaimSummary, rows)

    @staticmethod
    def _consents(session: Session, contact_id: int) -> tuple[ConsentRow, ...]:
        """The consent in force per channel and purpose: the latest recorded row of each pair."""
        in_force = consents_in_force(
            Consent.channel,
            Consent.purpose,
            Consent.status,
            Consent.recorded_at,
            Consent.proof,
            per=(Consent.channel, Consent.purpose),
            where=(Consent.contact_id == contact_id,),
        )
        return rows_as(
            ConsentRow, session.execute(select(in_force).order_by(in_force.c.channel, in_force.c.purpose))
        )

    @staticmethod
    def _open_opportunities(session: Session, contact_id: int) -> tuple[OpportunitySummary, ...]:
        rows = session.execute(
            select(
                Opportunity.id,
                Opportunity.title,
                Opportunity.stage,
                Opportunity.amount,
                Opportunity.expected_close_on,
                func.coalesce(User.display_name, "").label("owner_name"),
            )
            .outerjoin(User, User.id == Opportunity.owner_id)
            .where(Opportunity.contact_id == contact_id, Opportunity.stage.in_(OPEN_STAGES))
            .order_by(Opportunity.expected_close_on, Opportunity.id)
        )
        return rows_as(OpportunitySummary, rows)

    @staticmethod
    def _open_tasks(session: Session, contact_id: int) -> tuple[TaskSummary, ...]:
        assignee_name = func.coalesce(User.display_name, "").label("assignee_name")
        rows = session.execute(
            select(Task.id, Task.kind, Task.title, Task.due_at, assignee_name)
            .outerjoin(User, User.id == Task.user_id)
            .where(Task.contact_id == contact_id, Task.done_at.is_(None))
            .order_by(Task.due_at, Task.id)
            .limit(20)
        )
        return rows_as(TaskSummary, rows)

    @staticmethod
    def _vehicles(session: Session, contact_id: int) -> tuple[VehicleSummary, ...]:
        vehicles = list(
            session.scalars(
                select(Vehicle).where(Vehicle.owner_contact_id == contact_id).order_by(Vehicle.id.desc())
            )
        )
        owned = [v for v in vehicles if v.stock_status is enums.StockStatus.CUSTOMER_OWNED]
        dues = dues_of_vehicles(session, owned) if owned else {}
        return tuple(
            row_from(
                VehicleSummary,
                v,
                label=" ".join(p for p in (v.make, v.model, v.version) if p),
                plate=v.plate or "",
                due_dates=tuple(dues.get(v.id, ())),
            )
            for v in vehicles
        )

    @staticmethod
    def _purchases(session: Session, contact_id: int) -> tuple[PurchaseRow, ...]:
        rows = session.execute(
            select(
                Sale.id,
                Sale.sold_on,
                Sale.vehicle_id,
                Vehicle.make,
                Vehicle.model,
                Vehicle.plate,
                Sale.price,
                Sale.financing,
                Sale.financing_end_on,
                User.display_name,
            )
            .join(Vehicle, Vehicle.id == Sale.vehicle_id)
            .outerjoin(User, User.id == Sale.salesperson_id)
            .where(Sale.contact_id == contact_id)
            .order_by(Sale.sold_on.desc(), Sale.id.desc())
        )
        return tuple(
            row_from(
                PurchaseRow,
                r,
                vehicle_label=" ".join(p for p in (r.make, r.model, r.plate) if p),
                salesperson_name=r.display_name or "",
            )
            for r in rows
        )

    def timeline(self, *, contact_id: int, before: TimelineItem | None, limit: int) -> list[TimelineItem]:
        """Interactions with one contact, newest first, the `limit` that come after `before`
        (keyset over ix_interactions_contact_time)."""
        if limit < 1:
            raise ValidationError({"limit": _("at least 1")})
        limit = min(limit, MAX_PAGE)
        with self._session_factory() as session:
            self._visible_contact(session, contact_id)
            query = (
                select(Interaction, User.display_name)
                .outerjoin(User, User.id == Interaction.user_id)
                .where(Interaction.contact_id == contact_id)
            )
            if before is not None:
                query = query.where(
                    Interaction.occurred_at <= before.occurred_at,
                    or_(
                        Interaction.occurred_at < before.occurred_at,
                        and_(Interaction.occurred_at == before.occurred_at, Interaction.id < before.id),
                    ),
                )
            rows = session.execute(
                query.order_by(Interaction.occurred_at.desc(), Interaction.id.desc()).limit(limit)
            )
            return [
                row_from(
                    TimelineItem,
                    i,
                    summary=i.summary or "",
                    user_name=name or "",
                )
                for i, name in rows
            ]


def _any_unscored(session: Session) -> bool:
    """PostgreSQL: whether a contact not erased has no purchase probability, answered from the two
    primary keys alone. After a training run that scored everyone, the unscored walk (by id, each
    contact read for the filters and tested against the probabilities) read every contact to find
    none: 190-390 ms at 100k. Here the keys are merged in order (index-only scans, no heap), the few
    ids left (erased contacts, which scoring skips) read one by one: 48 ms at 100k under load 5, and
    at once when the first contacts are unscored (no training yet). Hash joins are priced out for
    this one statement: building a hash of every probability costs twice the merge."""
    p = PurchaseProbability
    c = aliased(Contact)
    unscored = select(c.id).where(~select(p.contact_id).where(p.contact_id == c.id).exists()).offset(0)
    ids = unscored.subquery()  # OFFSET: computed on its own, not flattened into the erased_at test
    probe = select(
        select(Contact.id).join(ids, ids.c.id == Contact.id).where(Contact.erased_at.is_(None)).exists()
    )
    session.execute(sql_text("SET LOCAL enable_hashjoin = off"))
    found = bool(session.scalar(probe))
    session.execute(sql_text("RESET enable_hashjoin"))  # (a failed probe leaves the transaction dead)
    return found


def _due_clause(kind: str, within_days: int, today: dt.date) -> ColumnElement[bool]:
    """Owns a vehicle with `kind` due within `within_days` days (services.due_dates, issue 4's)."""
    from dealercrm.services.due_dates import DueKind, contacts_due_clause  # noqa: PLC0415 - optional

    try:
        due = DueKind(kind)
    except ValueError as exc:
        raise ValidationError({"due_kind": _("unknown due date {kind!r}").format(kind=kind)}) from exc
    return contacts_due_clause(due, today=today, within_days=max(0, within_days))


def _segment_clause(filters: dict[str, Any], today: dt.date) -> ColumnElement[bool]:
    """A saved segment's condition (services.segments, issue 5's) on the dealership's `today`."""
    from dealercrm.services.segments import segment_clause  # noqa: PLC0415 - segments imports due_dates

    return segment_clause(filters, today=today)


def _key(last: str | None, first: str | None, company: str | None, ident: int) -> tuple[str, bool, str, int]:
    """The list's order, as SQL sorts it: BINARY collation (code points), persons by (last_name,
    first_name NULL first, id), companies by (company_name, id) with their first name counted as NULL."""
    if last is None:
        return (company or "", False, "", ident)
    return (last, first is not None, first or "", ident)
