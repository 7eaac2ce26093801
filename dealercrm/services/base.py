"""What every service holds (where its sessions come from, who is acting) and the small pieces of
database work several of them share."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Row, select
from sqlalchemy.orm import QueryableAttribute, Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from dealercrm.i18n import _
from dealercrm.models import Campaign, Contact, User, Vehicle
from dealercrm.models.enums import AuditAction, Role
from dealercrm.services.audit import log_event, unit_of_work, user_id_of
from dealercrm.services.errors import ConflictError, NotFound
from dealercrm.services.permissions import Actor

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
D = TypeVar("D", bound="DataclassInstance")


class Service:
    """A service over the database, acting for one user (permissions are checked against them)."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor) -> None:
        self._session_factory = session_factory
        self._actor = actor

    @property
    def _user_id(self) -> int | None:
        """The acting user's id for the columns that say who did something (`user_id_of`)."""
        return user_id_of(self._actor)

    def _log_export(self, *, entity: str, entity_id: int | None, changes: dict[str, Any]) -> None:
        """Audit an export (what left the database, and where), in a transaction of its own."""
        with unit_of_work(self._session_factory, self._actor) as session:
            log_event(session, action=AuditAction.EXPORT, entity=entity, entity_id=entity_id, changes=changes)


def get_contact(session: Session, contact_id: int, *, include_erased: bool = False) -> Contact:
    """The contact with this id; NotFound if there is none, or if it was erased (unless include_erased)."""
    contact = session.get(Contact, contact_id)
    if contact is None or (contact.erased_at is not None and not include_erased):
        raise NotFound(_("Contact #{contact_id} does not exist (any more).").format(contact_id=contact_id))
    return contact


def get_vehicle(session: Session, vehicle_id: int) -> Vehicle:
    """The vehicle with this id; NotFound if there is none."""
    vehicle = session.get(Vehicle, vehicle_id)
    if vehicle is None:
        raise NotFound(_("No vehicle #{vehicle_id}.").format(vehicle_id=vehicle_id))
    return vehicle


def get_campaign(session: Session, campaign_id: int) -> Campaign:
    """The campaign with this id; NotFound if there is none."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound(_("No campaign #{campaign_id}.").format(campaign_id=campaign_id))
    return campaign


def rows_as(make: Callable[..., V], rows: Iterable[Row[*tuple[Any, ...]]]) -> tuple[V, ...]:
    """Each row as one `make` (a frozen dataclass), the select's columns named (labelled) as its fields."""
    return tuple(make(**row._mapping) for row in rows)


def row_from(row_class: type[D], source: object, /, **given: Any) -> D:
    """A `row_class` (a frozen dataclass) with the `given` fields, every other field being `source`'s
    attribute of the same name (an ORM object, a result row): the call names only what differs."""
    for name in _field_names(row_class):
        if name not in given:
            given[name] = getattr(source, name)
    return row_class(**given)


@cache
def _field_names(row_class: type[DataclassInstance]) -> tuple[str, ...]:
    return tuple(f.name for f in fields(row_class))


def owner_clauses(
    owner: QueryableAttribute[int | None], *, unassigned: bool, owner_id: int | None
) -> list[ColumnElement[bool]]:
    """A list's "whose" filter on an owner column: nobody's when `unassigned` (it wins over `owner_id`),
    else `owner_id`'s, else no condition."""
    if unassigned:
        return [owner.is_(None)]
    return [] if owner_id is None else [owner == owner_id]


def flush_or_conflict(session: Session, message: str) -> None:
    """Flush; ConflictError(message) when someone saved the same versioned row between our read and our
    write (nothing of ours is saved then)."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(message) from exc


@dataclass(frozen=True)
class UserOption:
    """A user one may pick in a list (an owner, an assignee, a caller)."""

    id: int
    name: str
    role: Role


def active_users(session: Session, roles: Collection[Role]) -> list[UserOption]:
    """The active users having one of `roles`, by name."""
    rows = session.execute(
        select(User.id, User.display_name, User.role)
        .where(User.active.is_(True), User.role.in_(roles))
        .order_by(User.display_name)
    )
    return [UserOption(*r) for r in rows]


def apply_cells(
    session: Session,
    existing: Mapping[K, Any],
    wanted: Mapping[K, V | None],
    *,
    field: str,
    create: Callable[[K, V], object],
) -> tuple[int, int, int]:
    """Bring a grid of rows (one per key, its value in `field`) to `wanted`: None deletes the key's row,
    a value creates it (`create`) or updates it when it differs. Returns (created, updated, removed)."""
    created = updated = removed = 0
    for key, value in wanted.items():
        current = existing.get(key)
        if value is None:
            if current is not None:
                session.delete(current)
                removed += 1
        elif current is None:
            session.add(create(key, value))
            created += 1
        elif getattr(current, field) != value:
            setattr(current, field, value)
            updated += 1
    return created, updated, removed
