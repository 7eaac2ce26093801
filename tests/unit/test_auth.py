"""Logging in, locking, and who may create users."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, User, utcnow
from dealercrm.models.enums import AuditAction, Role
from dealercrm.services.auth import AuthService, hash_password, password_problem, verify_password
from dealercrm.services.errors import AuthError, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService
from tests.conftest import TEST_PASSWORD


def test_argon2id_hashes_verify_and_differ() -> None:
    a, b = hash_password("pw-12345678"), hash_password("pw-12345678")
    assert a.startswith("$argon2id$") and a != b
    assert verify_password(a, "pw-12345678") and not verify_password(a, "pw-12345679")
    assert not verify_password("garbage", "pw-12345678")


def test_login_with_the_right_password(db: Database, salesperson: Actor) -> None:
    actor = AuthService(db.session_factory).login(login="julie", password=TEST_PASSWORD)
    assert actor == salesperson
    with db.session_factory() as session:
        user = session.get_one(User, actor.id)
        assert user.last_login_at is not None
        assert (
            session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == actor.id)).all()[-1]
            is AuditAction.LOGIN
        )


def test_wrong_password_and_unknown_login_say_the_same(db: Database, salesperson: Actor) -> None:
    auth = AuthService(db.session_factory)
    with pytest.raises(AuthError) as wrong_password:
        auth.login(login="julie", password="nope")
    with pytest.raises(AuthError) as unknown:
        auth.login(login="nobody", password="nope")
    assert str(wrong_password.value) == str(unknown.value) == "Wrong login or password."


def test_repeated_failures_lock_the_account_for_a_while(db: Database, salesperson: Actor) -> None:
    auth = AuthService(db.session_factory)
    now = utcnow()
    for _ in range(4):
        with pytest.raises(AuthError, match="Wrong login"):
            auth.login(login="julie", password="bad", now=now)
    with pytest.raises(AuthError, match="now locked"):
        auth.login(login="julie", password="bad", now=now)
    # Even the right password is refused while locked...
    with pytest.raises(AuthError, match="locked for 15 more minute"):
        auth.login(login="julie", password=TEST_PASSWORD, now=now)
    # ...and accepted once the lock has expired.
    assert (
        auth.login(login="julie", password=TEST_PASSWORD, now=now + dt.timedelta(minutes=16)).login == "julie"
    )
    with db.session_factory() as session:
        failures = session.scalars(
            select(AuditEntry).where(AuditEntry.action == AuditAction.LOGIN_FAILED)
        ).all()
    assert len(failures) == 5


def test_lock_threshold_is_a_setting(db: Database, admin: Actor, salesperson: Actor) -> None:
    SettingsService(db.session_factory, actor=admin).set_many(values={"auth.max_failed_logins": 2})
    auth = AuthService(db.session_factory)
    with pytest.raises(AuthError, match="Wrong login"):
        auth.login(login="julie", password="bad")
    with pytest.raises(AuthError, match="now locked"):
        auth.login(login="julie", password="bad")


def test_disabled_account_cannot_log_in(db: Database, admin: Actor, salesperson: Actor) -> None:
    AuthService(db.session_factory, actor=admin).set_active(user_id=salesperson.id, active=False)
    with pytest.raises(AuthError, match="disabled"):
        AuthService(db.session_factory).login(login="julie", password=TEST_PASSWORD)


def test_first_run_creates_the_dealership_and_its_admin(db: Database) -> None:
    auth = AuthService(db.session_factory)
    assert not auth.has_users()
    actor = auth.setup_dealership(
        dealership_name="Garage du Port",
        admin_login="patron",
        admin_display_name="Paul Patron",
        admin_password="bateau-2026",
    )
    assert actor.role is Role.ADMIN and auth.has_users()
    assert SettingsService(db.session_factory, actor=actor).get("dealership.name") == "Garage du Port"
    with pytest.raises(AuthError, match="already has users"):
        auth.setup_dealership(
            dealership_name="X",
            admin_login="other",
            admin_display_name="O",
            admin_password="mauve otter 2026",
        )


def test_only_an_admin_creates_users(db: Database, admin: Actor, manager: Actor) -> None:
    with pytest.raises(PermissionDenied):
        AuthService(db.session_factory, actor=manager).create_user(
            login="new", display_name="New", role=Role.SALESPERSON, password="mauve otter 2026"
        )
    with pytest.raises(AuthError):
        AuthService(db.session_factory).create_user(
            login="new", display_name="New", role=Role.SALESPERSON, password="mauve otter 2026"
        )
    row = AuthService(db.session_factory, actor=admin).create_user(
        login="new", display_name="New", role=Role.SALESPERSON, password="mauve otter 2026"
    )
    assert row.role is Role.SALESPERSON and row.active


def test_user_input_is_validated_field_by_field(db: Database, admin: Actor) -> None:
    auth = AuthService(db.session_factory, actor=admin)
    with pytest.raises(ValidationError) as err:
        auth.create_user(login="bad login!", display_name=" ", role=Role.SALESPERSON, password="short")
    assert set(err.value.errors) == {"login", "display_name", "password"}
    with pytest.raises(ValidationError, match="already taken"):
        auth.create_user(login="admin", display_name="Again", role=Role.ADMIN, password="mauve otter 2026")


def test_first_user_must_be_an_admin(db: Database) -> None:
    with pytest.raises(ValidationError, match="administrator"):
        AuthService(db.session_factory).create_user(
            login="julie", display_name="Julie", role=Role.SALESPERSON, password="mauve otter 2026"
        )


def test_users_cannot_disable_themselves(db: Database, admin: Actor) -> None:
    with pytest.raises(ValidationError):
        AuthService(db.session_factory, actor=admin).set_active(user_id=admin.id, active=False)


def test_hashes_use_owasp_parameters_and_older_ones_are_upgraded_at_login(
    db: Database, salesperson: Actor
) -> None:
    from argon2 import PasswordHasher
    from argon2.low_level import Type

    assert hash_password("pw-12345678").startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    legacy = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4, type=Type.ID).hash(TEST_PASSWORD)
    with db.session_factory.begin() as session:
        session.get_one(User, salesperson.id).password_hash = legacy
    AuthService(db.session_factory).login(login="julie", password=TEST_PASSWORD)
    with db.session_factory() as session:
        assert session.get_one(User, salesperson.id).password_hash.startswith(
            "$argon2id$v=19$m=19456,t=2,p=1$"
        )


def test_weak_passwords_are_refused_with_a_sentence(db: Database, admin: Actor) -> None:
    auth = AuthService(db.session_factory, actor=admin)
    with pytest.raises(ValidationError) as err:
        auth.create_user(login="boss", display_name="Big Boss", role=Role.ADMIN, password="password")
    assert "too easy to guess" in err.value.errors["password"]
    # The login and the name are the first words an attacker tries.
    with pytest.raises(ValidationError):
        auth.create_user(
            login="bertrand", display_name="Bertrand", role=Role.MANAGER, password="bertrand2026"
        )
    # An administrator or a manager needs more than a salesperson.
    assert password_problem("summer2024", role=Role.SALESPERSON, login="x", display_name="X") is None
    assert password_problem("summer2024", role=Role.ADMIN, login="x", display_name="X") is not None
    row = auth.create_user(
        login="boss", display_name="Big Boss", role=Role.ADMIN, password="mauve otter 2026"
    )
    with pytest.raises(ValidationError, match="too easy"):
        auth.set_password(user_id=row.id, password="12345678")
    auth.set_password(user_id=row.id, password="quiet harbour lamps")


def test_only_admins_and_managers_list_users(
    db: Database, admin: Actor, manager: Actor, salesperson: Actor, aftersales: Actor, marketing: Actor
) -> None:
    for actor in (admin, manager):
        assert {u.login for u in AuthService(db.session_factory, actor=actor).list_users()} >= {
            "admin",
            "julie",
        }
    for actor in (salesperson, aftersales, marketing):
        with pytest.raises(PermissionDenied):
            AuthService(db.session_factory, actor=actor).list_users()


def test_the_login_carries_the_users_language_which_they_choose_themselves(
    db: Database, salesperson: Actor
) -> None:
    """users.language reaches the app at login (it switches to it); each user sets their own."""
    auth = AuthService(db.session_factory)
    assert auth.login(login="julie", password=TEST_PASSWORD).language == "fr"  # the column's default
    AuthService(db.session_factory, actor=salesperson).set_language(language="en")
    assert auth.login(login="julie", password=TEST_PASSWORD).language == "en"
    with pytest.raises(ValidationError) as refused:
        AuthService(db.session_factory, actor=salesperson).set_language(language="de")
    assert set(refused.value.errors) == {"language"}
    with pytest.raises(AuthError):
        AuthService(db.session_factory).set_language(language="en")  # nobody logged in
