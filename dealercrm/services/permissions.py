"""The one place that says who may do what. Every service calls `require` before acting.

Rules:
- salesperson: sees and edits their own and unassigned prospects; reads shared customers (any
  contact whose lifecycle is customer); works their own opportunities, tasks and interactions.
- manager: sees and edits everything, reads the reports, manages objectives, can merge and undo.
- aftersales: works on claims; reads contacts and vehicles; logs service visits.
- marketing: runs campaigns, segments, spend; reads contacts.
- admin: manages users and settings; reads everything.
- the mail server settings and the list of users (roles, last login) are for admins and managers;
  pickers get the names of the people they may assign work to from the service of their area.
- a reservation is released by whoever could have made it: the salesperson of the opportunity it
  holds the vehicle for (or any salesperson when it holds it for none), or a manager.

Every public service method reaches this module: most through `require`; those open to every logged-in
user through `any_user`, and the few used before anyone logs in through `before_login`
(tests/unit/test_service_permissions.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true

from dealercrm.i18n import N_, _
from dealercrm.models import Contact
from dealercrm.models.enums import Lifecycle, Role
from dealercrm.services.errors import PermissionDenied


@dataclass(frozen=True)
class Actor:
    """The logged-in user, as services see them."""

    id: int
    login: str
    display_name: str
    role: Role
    # The user's interface language ("fr", "en"; users.language), applied at login; None when unknown
    # (the command line). Not part of who the actor is: two copies differing only here are equal.
    language: str | None = field(default=None, compare=False)


# The command line acts as this administrator: whoever can run it can read the database file anyway.
# Its id is 0, which no user row has; the audit log records it by login, "system".
SYSTEM_ACTOR = Actor(id=0, login="system", display_name="Command line", role=Role.ADMIN)

ALL_ROLES = frozenset(Role)

# action -> roles allowed, before any per-record rule.
ROLE_ACTIONS: dict[str, frozenset[Role]] = {
    "contacts.read": ALL_ROLES,
    "contacts.create": frozenset(
        {Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES, Role.MARKETING, Role.ADMIN}
    ),
    "contacts.update": frozenset({Role.SALESPERSON, Role.MANAGER, Role.ADMIN}),
    "contacts.delete": frozenset({Role.MANAGER, Role.ADMIN}),
    "contacts.assign": frozenset({Role.MANAGER, Role.ADMIN}),
    "contacts.merge": frozenset({Role.MANAGER, Role.ADMIN}),
    "contacts.export": frozenset({Role.MANAGER, Role.MARKETING, Role.ADMIN}),
    "gdpr.manage": frozenset({Role.MANAGER, Role.ADMIN}),
    "interactions.log": frozenset({Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES, Role.MARKETING}),
    "tasks.manage": frozenset({Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES, Role.MARKETING}),
    "opportunities.read": frozenset({Role.SALESPERSON, Role.MANAGER, Role.ADMIN, Role.MARKETING}),
    "opportunities.manage": frozenset({Role.SALESPERSON, Role.MANAGER}),
    "vehicles.read": ALL_ROLES,
    "vehicles.manage": frozenset({Role.SALESPERSON, Role.MANAGER, Role.AFTERSALES}),
    # Reserving needs vehicles.manage and opportunities.manage on the opportunity: releasing, the same.
    "vehicles.release": frozenset({Role.SALESPERSON, Role.MANAGER}),
    "sales.read": frozenset({Role.SALESPERSON, Role.MANAGER, Role.ADMIN, Role.AFTERSALES}),
    "sales.record": frozenset({Role.SALESPERSON, Role.MANAGER}),
    "service.log": frozenset({Role.AFTERSALES, Role.MANAGER}),
    "claims.read": frozenset({Role.AFTERSALES, Role.MANAGER, Role.ADMIN, Role.SALESPERSON}),
    "claims.manage": frozenset({Role.AFTERSALES, Role.MANAGER}),
    "claims.create": frozenset({Role.AFTERSALES, Role.MANAGER, Role.SALESPERSON}),
    "campaigns.read": frozenset({Role.MARKETING, Role.MANAGER, Role.ADMIN, Role.SALESPERSON}),
    "campaigns.manage": frozenset({Role.MARKETING, Role.MANAGER}),
    "campaigns.call": frozenset({Role.SALESPERSON, Role.MARKETING, Role.MANAGER}),
    "segments.manage": frozenset({Role.MARKETING, Role.MANAGER, Role.SALESPERSON}),
    "spend.manage": frozenset({Role.MARKETING, Role.MANAGER}),
    "marketing_spend.edit": frozenset({Role.MANAGER, Role.ADMIN}),
    "reports.read": frozenset({Role.MANAGER, Role.ADMIN}),
    "kpi.read_own": frozenset({Role.SALESPERSON, Role.MANAGER, Role.ADMIN, Role.MARKETING}),
    "objectives.manage": frozenset({Role.MANAGER}),
    "users.manage": frozenset({Role.ADMIN}),
    "users.read": frozenset({Role.ADMIN, Role.MANAGER}),
    "settings.read": ALL_ROLES,  # dealership-wide settings but the secret ones (SECRET_SETTING_PREFIXES)
    "settings.manage": frozenset({Role.ADMIN, Role.MANAGER}),
    "session.any": ALL_ROLES,  # what every logged-in user may do (their own password, their own day)
    "audit.read": frozenset({Role.ADMIN, Role.MANAGER}),
    "database.admin": frozenset({Role.ADMIN}),
    "import.run": frozenset({Role.ADMIN, Role.MANAGER}),
}

# Roles that see every contact, whoever owns it.
SEES_ALL_CONTACTS = frozenset({Role.MANAGER, Role.ADMIN, Role.AFTERSALES, Role.MARKETING})

# Settings only those who manage settings may read: the mail server, its login.
SECRET_SETTING_PREFIXES = ("smtp.",)

# What may be done before anyone has logged in, and so without an actor.
BEFORE_LOGIN = frozenset({"auth.login", "auth.first_run"})

# What a refused action is, as the end of "Marie (salesperson) may not ...".
ACTION_LABELS: dict[str, str] = {
    "contacts.update": N_("edit this contact"),
    "contacts.read": N_("see this contact"),
    "vehicles.release": N_("release this reservation"),
    "users.read": N_("see the list of users"),
    "settings.manage": N_("read or change these settings"),
    "session.any": N_("use the application"),
}

ROLE_WORDS: dict[Role, str] = {
    Role.SALESPERSON: N_("salesperson"),
    Role.MANAGER: N_("manager"),
    Role.AFTERSALES: N_("after-sales"),
    Role.MARKETING: N_("marketing"),
    Role.ADMIN: N_("administrator"),
}


def role_word(role: Role | str) -> str:
    """A role as a word of a sentence, in the current language ("vendeur", "salesperson")."""
    try:
        return _(ROLE_WORDS[Role(role)])
    except ValueError:
        return str(role)


def can(actor: Actor, action: str, record: Any = None) -> bool:
    """Whether `actor` may do `action` (on `record`, when the rule depends on it)."""
    roles = ROLE_ACTIONS.get(action)
    if roles is None:
        raise KeyError(f"unknown action {action!r}")
    if actor.role not in roles:
        return False
    if isinstance(record, Contact):
        if action == "contacts.read":
            return contact_visible(actor, owner_id=record.owner_id, lifecycle=record.lifecycle)
        if action == "contacts.update" and actor.role is Role.SALESPERSON:
            return contact_editable_by_salesperson(
                actor, owner_id=record.owner_id, lifecycle=record.lifecycle
            )
    if (
        action in ("opportunities.manage", "vehicles.release")
        and actor.role is Role.SALESPERSON
        and record is not None
    ):
        return getattr(record, "owner_id", None) in (None, actor.id)
    return True


def require(actor: Actor, action: str, record: Any = None) -> None:
    """Raise PermissionDenied, with a sentence for the user, unless `actor` may do `action`."""
    if not can(actor, action, record):
        label = ACTION_LABELS.get(action)
        if label is None:
            raise PermissionDenied(
                _("{display_name} ({role}) may not do this ({action}).").format(
                    display_name=actor.display_name, role=role_word(actor.role), action=action
                )
            )
        raise PermissionDenied(
            _("{display_name} ({role}) may not {what}.").format(
                display_name=actor.display_name, role=role_word(actor.role), what=_(label)
            )
        )


def any_user(actor: Actor) -> None:
    """For what every logged-in user may do: still a check, so that no service method skips this module."""
    require(actor, "session.any")


def before_login(action: str) -> None:
    """For the few things done before anyone logs in (logging in, the first run); `action` must be one."""
    if action not in BEFORE_LOGIN:
        raise KeyError(f"{action!r} is not something done before logging in")


def setting_readable(actor: Actor, key: str) -> bool:
    """Whether `actor` may read the dealership setting `key` (the secret ones need settings.manage)."""
    if key.startswith(SECRET_SETTING_PREFIXES):
        return can(actor, "settings.manage")
    return can(actor, "settings.read")


def contact_visible(actor: Actor, *, owner_id: int | None, lifecycle: Lifecycle) -> bool:
    """A salesperson sees their own and unassigned contacts, and every customer (shared)."""
    if actor.role in SEES_ALL_CONTACTS:
        return True
    if actor.role is Role.SALESPERSON:
        return owner_id in (None, actor.id) or lifecycle is Lifecycle.CUSTOMER
    return False


def contact_editable_by_salesperson(actor: Actor, *, owner_id: int | None, lifecycle: Lifecycle) -> bool:
    """Their own contacts, and unassigned ones that are not (shared, read-only) customers."""
    return owner_id == actor.id or (owner_id is None and lifecycle is not Lifecycle.CUSTOMER)


def visible_contacts_clause(actor: Actor) -> ColumnElement[bool]:
    """The SQL form of `contact_visible`, for every list and search over contacts."""
    if actor.role in SEES_ALL_CONTACTS:
        return true()
    if actor.role is Role.SALESPERSON:
        return or_(
            Contact.owner_id.is_(None),
            Contact.owner_id == actor.id,
            Contact.lifecycle == Lifecycle.CUSTOMER,
        )
    return and_(false())
