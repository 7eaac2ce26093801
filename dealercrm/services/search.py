"""Global search over contacts, vehicles and claims: what the search box of the main window shows.

The full-text index and its MATCH queries are dealercrm.db.fts's business; this module says which
rows the actor may see (in portable SQL handed to the index query, so that the ranking and the limit
apply to visible rows only) and turns the ids found into display rows. A search costs two indexed
queries per kind: the ranked ids, then their display columns by primary key.

Who sees what:
- contacts: `visible_contacts_clause` (a salesperson never sees another one's private prospects);
  contacts erased under the GDPR are never found;
- vehicles: "vehicles.read"; the owner's name only when the owner is a contact the actor may see;
- claims: "claims.read", and only claims whose contact the actor may see.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, SQLColumnExpression, and_, func, select
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.db import fts
from dealercrm.models import Claim, Contact, Vehicle
from dealercrm.models.enums import ClaimStatus, Lifecycle
from dealercrm.services.contacts import CARD_COLUMNS, format_phone
from dealercrm.services.permissions import (
    SEES_ALL_CONTACTS,
    Actor,
    any_user,
    can,
    require,
    visible_contacts_clause,
)
from dealercrm.services.vehicles import contact_name

Kind = Literal["contact", "vehicle", "claim"]
KINDS: tuple[Kind, ...] = ("contact", "vehicle", "claim")
MAX_LIMIT = 500
TITLE_CHARS = 80
SEPARATOR = " · "


@dataclass(frozen=True)
class SearchHit:
    """One search result: `contact_id` is the contact to open beside it, if any (the contact itself, a
    vehicle's owner, a claim's customer), None when there is none the actor may see. `subtitle` holds
    data only (phone, city, plate, a name); `status` (a contact's lifecycle, a claim's status) is for
    the screen to word in the user's language."""

    kind: Kind
    id: int
    title: str
    subtitle: str
    contact_id: int | None
    status: Lifecycle | ClaimStatus | None = None


class SearchService:
    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

    def search(self, *, query: str, limit: int = 20, kinds: Collection[str] = KINDS) -> list[SearchHit]:
        """The contacts, vehicles and claims the actor may see that match `query`, best first.

        Each kind contributes at most `limit` hits, ranked by the full-text score (whole words before
        mere prefixes, names before e-mails and cities), then by name; the kinds are merged by score and
        the best `limit` returned. Kinds the actor may not read are left out. Any text is accepted:
        what cannot be searched returns [].
        """
        wanted = _check_kinds(kinds)
        limit = min(limit, MAX_LIMIT)
        if limit <= 0 or fts.parse_query(query) is None:
            return []
        searches: dict[Kind, Callable[[Session, str, int], list[tuple[float, SearchHit]]]] = {
            "contact": self._contacts,
            "vehicle": self._vehicles,
            "claim": self._claims,
        }
        scored: list[tuple[float, int, int, SearchHit]] = []
        with self._session_factory() as session:
            for kind_order, kind in enumerate(KINDS):
                if kind in wanted:
                    hits = searches[kind](session, query, limit)
                    scored.extend((score, kind_order, n, hit) for n, (score, hit) in enumerate(hits))
        scored.sort(key=lambda item: item[:3])
        return [hit for *_, hit in scored[:limit]]

    def keep_index(self) -> int:
        """Bring the search's own indexes up to date after writes this process did not index as it made
        them (another program's, a bulk change): the contacts' word pairs (db/fts_pairs.py). Returns how
        many contacts were read; 0, after one read, when nothing waits. Anyone logged in may: it only
        re-reads what is there."""
        any_user(self._actor)
        with self._session_factory() as session:
            engine = session.get_bind().engine
        return fts.keep_search_pairs(engine)

    def search_contacts(self, *, query: str, limit: int = 50) -> list[int]:
        """Ids of the contacts the actor may see that match `query`, best first (the contacts list's
        search box); [] for text with nothing searchable."""
        require(self._actor, "contacts.read")
        limit = min(limit, MAX_LIMIT)
        with self._session_factory() as session:
            return [m.id for m in self._contact_matches(session, query, limit, scores=False)]

    # --- contacts -------------------------------------------------------------------------------

    def _contact_matches(
        self, session: Session, query: str, limit: int, *, scores: bool = True
    ) -> list[fts.Match]:
        """`scores=False`: only the order is kept (see fts.search)."""
        connection, within = session.connection(), _visible_contacts(self._actor)
        return fts.search(
            connection, "contacts", query, limit, within=within, then_by=_CONTACTS_ORDER, scores=scores
        )

    def _contacts(self, session: Session, query: str, limit: int) -> list[tuple[float, SearchHit]]:
        if not can(self._actor, "contacts.read"):
            return []
        matches = self._contact_matches(session, query, limit)
        rows = _by_id(
            session,
            select(*CARD_COLUMNS, Contact.city),
            Contact.id,
            matches,
        )
        hits: list[tuple[float, SearchHit]] = []
        for match in matches:
            r = rows[match.id]
            subtitle = _join(format_phone(r.mobile or r.landline), r.city)
            title = contact_name(r.kind, r.first_name, r.last_name, r.company_name)
            hits.append((match.score, SearchHit("contact", r.id, title, subtitle, r.id, r.lifecycle)))
        return hits

    # --- vehicles -------------------------------------------------------------------------------

    def _vehicles(self, session: Session, query: str, limit: int) -> list[tuple[float, SearchHit]]:
        if not can(self._actor, "vehicles.read"):
            return []
        matches = fts.search(
            session.connection(), "vehicles", query, limit, within=_EVERY_VEHICLE, then_by=_VEHICLES_ORDER
        )
        owner_visible = and_(Contact.id == Vehicle.owner_contact_id, visible_contacts_clause(self._actor))
        rows = _by_id(
            session,
            select(
                Vehicle.id,
                Vehicle.make,
                Vehicle.model,
                Vehicle.plate,
                Vehicle.vin,
                Contact.id.label("owner_id"),
                Contact.kind,
                Contact.first_name,
                Contact.last_name,
                Contact.company_name,
            ).outerjoin(Contact, owner_visible),
            Vehicle.id,
            matches,
        )
        hits: list[tuple[float, SearchHit]] = []
        for match in matches:
            r = rows[match.id]
            owner = contact_name(r.kind, r.first_name, r.last_name, r.company_name) if r.owner_id else ""
            title = _join(r.make, r.model, separator=" ")
            subtitle = _join(r.plate, r.vin, owner)
            hits.append((match.score, SearchHit("vehicle", r.id, title, subtitle, r.owner_id)))
        return hits

    # --- claims ---------------------------------------------------------------------------------

    def _claims(self, session: Session, query: str, limit: int) -> list[tuple[float, SearchHit]]:
        if not can(self._actor, "claims.read"):
            return []
        matches = fts.search(
            session.connection(),
            "claims",
            query,
            limit,
            within=_visible_claims(self._actor),
            then_by=_CLAIMS_ORDER,
        )
        rows = _by_id(
            session,
            select(
                Claim.id,
                Claim.description,
                Claim.status,
                Claim.contact_id,
                Contact.kind,
                Contact.first_name,
                Contact.last_name,
                Contact.company_name,
            ).join(Contact, Contact.id == Claim.contact_id),
            Claim.id,
            matches,
        )
        hits: list[tuple[float, SearchHit]] = []
        for match in matches:
            r = rows[match.id]
            customer = contact_name(r.kind, r.first_name, r.last_name, r.company_name)
            hit = SearchHit("claim", r.id, _title(r.description), customer, r.contact_id, r.status)
            hits.append((match.score, hit))
        return hits


# What each search may return and its tie-break, built once per actor (the actor never changes what they
# select, and dealercrm.db.fts builds its statements once per `within` and `then_by` objects).
_CONTACTS_ORDER = (func.coalesce(Contact.last_name, Contact.company_name), Contact.first_name, Contact.id)
_VEHICLES_ORDER = (Vehicle.make, Vehicle.model, Vehicle.plate, Vehicle.id)
_CLAIMS_ORDER = (Claim.opened_at.desc(), Claim.id.desc())
_EVERY_VEHICLE = select(Vehicle.id)


@functools.lru_cache(maxsize=64)
def _visible_contacts(actor: Actor) -> Select[int]:
    return select(Contact.id).where(visible_contacts_clause(actor), Contact.erased_at.is_(None))


@functools.lru_cache(maxsize=64)
def _visible_claims(actor: Actor) -> Select[int]:
    within = select(Claim.id)
    if actor.role in SEES_ALL_CONTACTS:
        return within
    return within.join(Contact, Contact.id == Claim.contact_id).where(visible_contacts_clause(actor))


def _check_kinds(kinds: Collection[str]) -> frozenset[str]:
    wanted = frozenset((kinds,) if isinstance(kinds, str) else kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown search kinds: {sorted(unknown)}")
    return wanted


def _by_id(
    session: Session,
    statement: Select[*tuple[Any, ...]],
    id_column: SQLColumnExpression[int],
    matches: Sequence[fts.Match],
) -> dict[int, Any]:
    if not matches:
        return {}
    rows = session.execute(statement.where(id_column.in_([m.id for m in matches])))
    return {row.id: row for row in rows}


def _join(*parts: str | None, separator: str = SEPARATOR) -> str:
    return separator.join(p for p in parts if p)


def _title(description: str) -> str:
    line = description.strip().splitlines()[0] if description.strip() else ""
    return line if len(line) <= TITLE_CHARS else line[: TITLE_CHARS - 1].rstrip() + "…"
