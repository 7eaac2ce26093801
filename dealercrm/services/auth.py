"""Users, passwords and logging in.

Passwords are hashed with argon2id at OWASP's recommended parameters. Repeated failures
lock an account for a while; the lock and every login are in the audit log.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from dealercrm import i18n
from dealercrm.i18n import _, ngettext
from dealercrm.models import User, utcnow
from dealercrm.models.enums import AuditAction, Role
from dealercrm.services.audit import log_event, unit_of_work
from dealercrm.services.errors import AuthError, NotFound, ValidationError
from dealercrm.services.permissions import Actor, any_user, before_login, require, role_word
from dealercrm.services.settings import read_setting, write_setting

MIN_PASSWORD_LENGTH = 8
# zxcvbn's score (0 = guessable in a few tries .. 4 = very unguessable) a new password must reach: those who
# can read everything or change everyone's rights need a stronger one.
MIN_PASSWORD_SCORE = {Role.ADMIN: 3, Role.MANAGER: 3}
DEFAULT_MIN_PASSWORD_SCORE = 2
# argon2id with OWASP's recommended configuration (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1):
# about 25 ms a check here, against 200 ms for argon2-cffi's default, which the login screen would wait on.
# A stored hash made with other parameters is re-hashed at its next successful login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    display_name: str
    role: Role
    email: str | None
    language: str
    active: bool
    locked_until: dt.datetime | None
    last_login_at: dt.datetime | None

    @classmethod
    def from_model(cls, user: User) -> UserRow:
        return cls(
            user.id,
            user.login,
            user.display_name,
            user.role,
            user.email,
            user.language,
            user.active,
            user.locked_until,
            user.last_login_at,
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def actor_of(user: User) -> Actor:
    return Actor(
        id=user.id, login=user.login, display_name=user.display_name, role=user.role, language=user.language
    )


def password_problem(password: str, *, role: Role, login: str, display_name: str) -> str | None:
    """Why `password` is too weak for a `role` account (a sentence), or None when it will do.

    zxcvbn estimates how many guesses it would take (dictionaries of common passwords, names, keyboard
    patterns, dates, l33t), with the login and the person's name as words an attacker would try first.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("at least {n} characters").format(n=MIN_PASSWORD_LENGTH)
    from zxcvbn import zxcvbn  # its dictionaries are loaded at first use, not at start-up

    inputs = [login, *display_name.split(), "dealercrm"]
    result = zxcvbn(password[:100], user_inputs=[i for i in inputs if i])
    if int(result["score"]) >= MIN_PASSWORD_SCORE.get(role, DEFAULT_MIN_PASSWORD_SCORE):
        return None
    feedback = result.get("feedback") or {}
    hints = " ".join(str(h) for h in [feedback.get("warning"), *(feedback.get("suggestions") or [])] if h)
    # zxcvbn's own hints are English only: the French user gets our sentence without them.
    hints = hints if i18n.current_language() == "en" else ""
    if role in MIN_PASSWORD_SCORE:
        sentence = _(
            "This password is too easy to guess for an account with the {role} role: use a longer one, "
            "e.g. a few unrelated words."
        ).format(role=role_word(role))
    else:
        sentence = _("This password is too easy to guess: use a longer one, e.g. a few unrelated words.")
    return f"{sentence} {hints}".strip()


def _validate_new_user(login: str, display_name: str, password: str, role: Role) -> None:
    errors: dict[str, str] = {}
    if not login or len(login) > 64 or not login.replace(".", "").replace("-", "").replace("_", "").isalnum():
        errors["login"] = _("letters, digits, dot, dash or underscore, at most 64")
    if not display_name.strip():
        errors["display_name"] = _("required")
    problem = password_problem(password, role=role, login=login, display_name=display_name)
    if problem:
        errors["password"] = problem
    if errors:
        raise ValidationError(errors)


class AuthService:
    """Login and user management. `actor` is None before anyone has logged in."""

    def __init__(self, session_factory: sessionmaker[Session], *, actor: Actor | None = None) -> None:
        self._session_factory = session_factory
        self._actor = actor

    def has_users(self) -> bool:
        """False on a brand-new database: the app then shows the first-run dialog."""
        before_login("auth.first_run")
        with self._session_factory() as session:
            return bool(session.scalar(select(func.count()).select_from(User)))

    def login(self, *, login: str, password: str, now: dt.datetime | None = None) -> Actor:
        """Check a login and password; raise AuthError with a sentence to show otherwise.

        The message does not say whether the login exists, only that the pair is wrong.
        """
        before_login("auth.login")
        now = now or utcnow()
        failure: AuthError | None = None
        with unit_of_work(self._session_factory, None) as session:
            user = session.scalar(select(User).where(User.login == login.strip()))
            if user is None:
                verify_password(_dummy_hash(), password)  # same time as a real check
                raise AuthError(_("Wrong login or password."))
            if not user.active:
                raise AuthError(_("This account is disabled. Ask the administrator."))
            if user.locked_until is not None and user.locked_until > now:
                minutes = max(1, math.ceil((user.locked_until - now).total_seconds() / 60))
                raise AuthError(
                    ngettext(
                        "Too many failed attempts: this account is locked for {n} more minute.",
                        "Too many failed attempts: this account is locked for {n} more minutes.",
                        minutes,
                    ).format(n=minutes)
                )
            actor = actor_of(user)
            session.info["actor"] = actor
            if verify_password(user.password_hash, password):
                if _hasher.check_needs_rehash(user.password_hash):
                    user.password_hash = hash_password(password)
                user.failed_logins = 0
                user.locked_until = None
                user.last_login_at = now
                log_event(session, action=AuditAction.LOGIN, entity="users", entity_id=user.id, changes={})
            else:
                # The transaction still commits: failed attempts must count although login is refused.
                user.failed_logins += 1
                changes: dict[str, object] = {"failed_logins": user.failed_logins}
                if user.failed_logins >= int(read_setting(session, "auth.max_failed_logins")):
                    user.locked_until = now + dt.timedelta(
                        minutes=int(read_setting(session, "auth.lock_minutes"))
                    )
                    user.failed_logins = 0
                    changes["locked_until"] = user.locked_until
                    failure = AuthError(
                        _("Too many failed attempts: this account is now locked for a while.")
                    )
                else:
                    failure = AuthError(_("Wrong login or password."))
                log_event(
                    session,
                    action=AuditAction.LOGIN_FAILED,
                    entity="users",
                    entity_id=user.id,
                    changes=changes,
                )
        if failure is not None:
            raise failure
        return actor

    def create_user(
        self,
        *,
        login: str,
        display_name: str,
        role: Role,
        password: str,
        email: str | None = None,
        language: str = "fr",
    ) -> UserRow:
        """Add a user; only an administrator may (or anyone on an empty database, for the first admin).
        The password must be hard enough to guess for the role (`password_problem`)."""
        login = login.strip()
        with unit_of_work(self._session_factory, self._actor) as session:
            has_users = bool(session.scalar(select(func.count()).select_from(User)))
            if has_users:
                if self._actor is None:
                    raise AuthError(_("Log in as an administrator to add users."))
                require(self._actor, "users.manage")
            else:
                before_login("auth.first_run")
                if role is not Role.ADMIN:
                    raise ValidationError({"role": _("the first user must be an administrator")})
            _validate_new_user(login, display_name, password, role)
            if session.scalar(select(User.id).where(User.login == login)) is not None:
                raise ValidationError({"login": _("{login!r} is already taken").format(login=login)})
            user = User(
                login=login,
                display_name=display_name.strip(),
                role=role,
                email=email,
                language=language,
                password_hash=hash_password(password),
            )
            session.add(user)
            session.flush()
            return UserRow.from_model(user)

    def list_users(self) -> list[UserRow]:
        """Every user with their role and last login, active first, by name: for administrators and
        managers (pickers get names from their own area: claim assignees, contact owners, callers)."""
        if self._actor is None:
            raise AuthError(_("Not logged in."))
        require(self._actor, "users.read")
        with self._session_factory() as session:
            users = session.scalars(select(User).order_by(User.active.desc(), User.display_name))
            return [UserRow.from_model(u) for u in users]

    def set_active(self, *, user_id: int, active: bool) -> UserRow:
        """Enable or disable an account (administrators; not one's own)."""
        if self._actor is None:
            raise AuthError(_("Not logged in."))
        require(self._actor, "users.manage")
        with unit_of_work(self._session_factory, self._actor) as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound(_("No user #{user_id}.").format(user_id=user_id))
            if user.id == self._actor.id and not active:
                raise ValidationError({"active": _("you cannot disable your own account")})
            user.active = active
            return UserRow.from_model(user)

    def set_password(self, *, user_id: int, password: str) -> None:
        """An administrator resets a password, or a user changes their own; it must be hard enough to
        guess for the account's role (`password_problem`)."""
        if self._actor is None:
            raise AuthError(_("Not logged in."))
        if user_id != self._actor.id:
            require(self._actor, "users.manage")
        else:
            any_user(self._actor)
        with unit_of_work(self._session_factory, self._actor) as session:
            user = session.get(User, user_id)
            if user is None:
                raise NotFound(_("No user #{user_id}.").format(user_id=user_id))
            problem = password_problem(
                password, role=user.role, login=user.login, display_name=user.display_name
            )
            if problem:
                raise ValidationError({"password": problem})
            user.password_hash = hash_password(password)
            user.failed_logins = 0
            user.locked_until = None

    def set_language(self, *, language: str) -> None:
        """The logged-in user chooses their interface language ("fr" or "en"): the app speaks it from
        their next login on, on every workstation."""
        if self._actor is None:
            raise AuthError(_("Not logged in."))
        any_user(self._actor)
        if language not in i18n.LANGUAGES:
            raise ValidationError(
                {"language": _("{language!r} is not a language of dealercrm").format(language=language)}
            )
        with unit_of_work(self._session_factory, self._actor) as session:
            user = session.get(User, self._actor.id)
            if user is None:
                raise NotFound(_("No user #{user_id}.").format(user_id=self._actor.id))
            user.language = language

    def setup_dealership(
        self, *, dealership_name: str, admin_login: str, admin_display_name: str, admin_password: str
    ) -> Actor:
        """First run: name the dealership and create its administrator, in one transaction."""
        before_login("auth.first_run")
        if not dealership_name.strip():
            raise ValidationError({"dealership_name": _("required")})
        _validate_new_user(admin_login.strip(), admin_display_name, admin_password, Role.ADMIN)
        with unit_of_work(self._session_factory, None) as session:
            if session.scalar(select(func.count()).select_from(User)):
                raise AuthError(_("This database already has users: log in instead."))
            user = User(
                login=admin_login.strip(),
                display_name=admin_display_name.strip(),
                role=Role.ADMIN,
                password_hash=hash_password(admin_password),
            )
            session.add(user)
            session.flush()
            actor = actor_of(user)
            session.info["actor"] = actor
            write_setting(session, "dealership.name", dealership_name.strip())
            return actor


@functools.cache
def _dummy_hash() -> str:
    return hash_password("not a real password")
