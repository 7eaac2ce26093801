"""Permission rules, in Python and in SQL, over random users and ownership (hypothesis)."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Contact, Opportunity
from dealercrm.models.enums import ContactKind, Lifecycle, Role
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.permissions import (
    BEFORE_LOGIN,
    ROLE_ACTIONS,
    Actor,
    any_user,
    before_login,
    can,
    contact_visible,
    require,
    setting_readable,
    visible_contacts_clause,
)
from dealercrm.services.settings import SETTINGS

roles = st.sampled_from(list(Role))
lifecycles = st.sampled_from(list(Lifecycle))
owners = st.sampled_from([None, 1, 2, 3])  # user ids; 1..3 may be the actor


def expected_visible(role: Role, actor_id: int, owner: int | None, lifecycle: Lifecycle) -> bool:
    """The rule as the product states it."""
    if role in (Role.MANAGER, Role.ADMIN, Role.AFTERSALES, Role.MARKETING):
        return True
    return owner is None or owner == actor_id or lifecycle is Lifecycle.CUSTOMER


@given(role=roles, actor_id=st.sampled_from([1, 2, 3]), owner=owners, lifecycle=lifecycles)
def test_contact_visibility_rule(role: Role, actor_id: int, owner: int | None, lifecycle: Lifecycle) -> None:
    actor = Actor(actor_id, "u", "U", role)
    contact = Contact(kind=ContactKind.PERSON, last_name="X", owner_id=owner, lifecycle=lifecycle)
    want = expected_visible(role, actor_id, owner, lifecycle)
    assert contact_visible(actor, owner_id=owner, lifecycle=lifecycle) is want
    assert can(actor, "contacts.read", contact) is want


@given(actor_id=st.sampled_from([1, 2, 3]), owner=owners, lifecycle=lifecycles)
def test_salesperson_edits_only_own_or_unassigned_prospects(
    actor_id: int, owner: int | None, lifecycle: Lifecycle
) -> None:
    actor = Actor(actor_id, "julie", "Julie", Role.SALESPERSON)
    contact = Contact(kind=ContactKind.PERSON, last_name="X", owner_id=owner, lifecycle=lifecycle)
    want = owner == actor_id or (owner is None and lifecycle is not Lifecycle.CUSTOMER)
    assert can(actor, "contacts.update", contact) is want


@given(role=roles, action=st.sampled_from(sorted(ROLE_ACTIONS)))
def test_require_agrees_with_can_and_explains(role: Role, action: str) -> None:
    actor = Actor(7, "someone", "Some One", role)
    if can(actor, action):
        require(actor, action)
    else:
        try:
            require(actor, action)
        except PermissionDenied as exc:
            assert "Some One" in str(exc) and "may not" in str(exc)
        else:
            raise AssertionError("require() let a refused action through")


def test_role_table_matches_the_product_rules() -> None:
    assert not can(Actor(1, "s", "S", Role.SALESPERSON), "users.manage")
    assert not can(Actor(1, "s", "S", Role.SALESPERSON), "reports.read")
    assert not can(Actor(1, "a", "A", Role.AFTERSALES), "campaigns.manage")
    assert can(Actor(1, "a", "A", Role.AFTERSALES), "claims.manage")
    assert can(Actor(1, "k", "K", Role.MARKETING), "campaigns.manage")
    assert can(Actor(1, "m", "M", Role.MANAGER), "reports.read")
    assert can(Actor(1, "m", "M", Role.MANAGER), "contacts.merge")
    assert not can(Actor(1, "s", "S", Role.SALESPERSON), "contacts.merge")
    assert can(Actor(1, "x", "X", Role.ADMIN), "users.manage")
    assert can(Actor(1, "x", "X", Role.ADMIN), "settings.manage")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.tuples(owners, lifecycles), min_size=0, max_size=12),
    role=roles,
    actor_index=st.sampled_from([0, 1, 2]),
)
def test_sql_clause_returns_exactly_the_visible_contacts(
    db: Database,
    make_user: Callable[..., Actor],
    rows: list[tuple[int | None, Lifecycle]],
    role: Role,
    actor_index: int,
) -> None:
    with db.session_factory.begin() as session:
        session.query(Contact).delete()
    users = _three_users(db, make_user)
    actor = Actor(users[actor_index].id, "a", "A", role)
    with db.session_factory.begin() as session:
        for owner_slot, lifecycle in rows:
            owner_id = users[owner_slot - 1].id if owner_slot else None
            session.add(
                Contact(kind=ContactKind.PERSON, last_name="X", owner_id=owner_id, lifecycle=lifecycle)
            )
    with db.session_factory() as session:
        everyone = session.scalars(select(Contact)).all()
        shown = set(session.scalars(select(Contact.id).where(visible_contacts_clause(actor))))
    expected = {c.id for c in everyone if expected_visible(role, actor.id, c.owner_id, c.lifecycle)}
    assert shown == expected


_USERS: dict[str, list[Actor]] = {}


def _three_users(db: Database, make_user: Callable[..., Actor]) -> list[Actor]:
    key = str(db.path)
    if key not in _USERS:
        _USERS[key] = [make_user(Role.SALESPERSON) for _ in range(3)]
    return _USERS[key]


@given(role=roles, actor_id=st.sampled_from([1, 2, 3]), owner=owners, held_for_none=st.booleans())
def test_a_reservation_is_released_by_whoever_could_have_made_it(
    role: Role, actor_id: int, owner: int | None, held_for_none: bool
) -> None:
    actor = Actor(actor_id, "u", "U", role)
    opportunity = None if held_for_none else Opportunity(contact_id=1, owner_id=owner, title="t")
    could_reserve = can(actor, "vehicles.manage") and can(actor, "opportunities.manage", opportunity)
    assert can(actor, "vehicles.release", opportunity) is could_reserve
    # In words: a manager, or a salesperson when the opportunity is theirs, unassigned or gone.
    mine = held_for_none or owner in (None, actor_id)
    assert could_reserve is (role is Role.MANAGER or (role is Role.SALESPERSON and mine))


@given(role=roles, key=st.sampled_from(sorted(SETTINGS)))
def test_secret_settings_need_settings_manage_and_the_others_are_open(role: Role, key: str) -> None:
    actor = Actor(1, "u", "U", role)
    secret = key.startswith("smtp.")
    want = role in (Role.ADMIN, Role.MANAGER) if secret else True
    assert setting_readable(actor, key) is want


@given(role=roles)
def test_users_list_and_open_actions(role: Role) -> None:
    actor = Actor(1, "u", "U", role)
    assert can(actor, "users.read") is (role in (Role.ADMIN, Role.MANAGER))
    any_user(actor)  # every role is a logged-in user


@given(action=st.text(max_size=20))
def test_only_declared_actions_happen_before_login(action: str) -> None:
    if action in BEFORE_LOGIN:
        before_login(action)
    else:
        try:
            before_login(action)
        except KeyError:
            pass
        else:
            raise AssertionError(f"{action!r} was let through before login")
