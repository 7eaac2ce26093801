"""Every public method of every service reaches the permission module before anything comes back.

How it is checked, behaviourally: every module under `dealercrm.services` (sub-packages included) is
imported; for each class whose name ends in `Service`, each public method is called on a small demo
dealership by an actor with no permission at all (a role that no rule names), with arguments built from
its signature (the id of an existing row for `*_id`, today, a file in a temporary folder...). A profiler
hook records whether any function of `dealercrm/services/permissions.py` ran during the call (`require`,
`can`, the visible-contacts helpers, `any_user`, `before_login`...), whichever name the service imported
it under. A method that returns, or fails for any other reason than a refusal, without having consulted
it fails the test.

Methods open to every logged-in user, or used before anyone logs in, are listed in `OPEN` with the reason;
they still have to pass through the module (`permissions.any_user(actor)`, `permissions.before_login`).
Every other method must refuse the actor with no permission (PermissionDenied or AuthError), but those in
`FILTERED`, which answer everyone with only what the module lets through: nothing, for that actor.

When a method cannot be called generically (its arguments cannot be built from the signature, or it
stops on them before any check), the static check takes over for it: its body, or a private helper of
its class it calls, must name `require`, `can`, `any_user`, `before_login` or a visible-contacts helper.
`STATIC_ONLY` lists those methods, with the reason.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import enum
import importlib
import inspect
import pkgutil
import shutil
import sys
import textwrap
import threading
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import func, select

import dealercrm.services as services_pkg
from dealercrm.db import Database, open_database
from dealercrm.models import (
    Campaign,
    CampaignTarget,
    Claim,
    Contact,
    ImportRun,
    Opportunity,
    Sale,
    Segment,
    ServiceVisit,
    Task,
    User,
    Vehicle,
)
from dealercrm.models.enums import Role
from dealercrm.services import permissions
from dealercrm.services.errors import AuthError, PermissionDenied
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Progress

# Methods anyone logged in may call (or that run before anyone logs in), and why.
OPEN: dict[str, str] = {
    "AuthService.has_users": "before login: the app asks it to choose between login and first run",
    "AuthService.login": "logging in is how one becomes an actor",
    "AuthService.setup_dealership": "first run, on an empty database: creates the first administrator",
    "AuthService.set_password": "everyone changes their own password (others' need users.manage)",
    "BackupService.automatic": "protecting the data is not a privilege: runs for whoever is logged in",
    "BackupService.folder": "the status bar names the folder of the automatic backups",
    "BackupService.location_warning": "the status bar warns about a database on a network share",
    "SettingsService.get": "the dealership's name, time zone... (the mail server's need settings.manage)",
    "SettingsService.all": "idem, the secret ones left out",
    "TaskService.agenda": "everyone has their own day (their own tasks, on contacts they may see)",
}

# Methods that answer every actor, but only with what the module lets through: for an actor with no
# permission, nothing.
FILTERED: dict[str, str] = {
    "SearchService.search": "each kind (contacts, vehicles, claims) only when the actor may read it",
}

# Methods checked statically only (see the module docstring), and why.
STATIC_ONLY: dict[str, str] = {}

# Methods of modules this branch may not edit that do not reach the permission module yet: their owners fix
# them; strict, so that the mark is removed once they do.
NOT_YET: dict[str, str] = {}

PERMISSIONS_FILE = str(Path(permissions.__file__).resolve())
CHECK_NAMES = {
    "require",
    "can",
    "any_user",
    "before_login",
    "setting_readable",
    "visible_contacts_clause",
    "contact_visible",
    "contact_editable_by_salesperson",
    "permissions",
}


class _NoRole(str):
    """A role that no rule names: `in` any role set is False, `is Role.X` is False."""

    value = "nobody"


NOBODY = Actor(id=987_654, login="nobody", display_name="No Body", role=cast(Role, _NoRole("nobody")))


def _service_classes() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(services_pkg.__path__, services_pkg.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and name.endswith("Service") and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{name}"] = obj
    return [found[k] for k in sorted(found)]


def _public_methods() -> list[tuple[type, str]]:
    out = []
    for cls in _service_classes():
        for name, member in vars(cls).items():
            if name.startswith("_"):
                continue
            if isinstance(member, staticmethod | classmethod) or inspect.isfunction(member):
                out.append((cls, name))
    return out


METHODS = _public_methods()


def test_the_enumeration_finds_the_services() -> None:
    names = {f"{cls.__name__}.{name}" for cls, name in METHODS}
    assert len({cls for cls, _ in METHODS}) >= 25
    for expected in (
        "TemplateService.preview",
        "VehicleService.release",
        "SmtpService.current",
        "AuthService.list_users",
        "CampaignService.list_campaigns",  # a sub-package
        "KpiService.summary",
    ):
        assert expected in names
    for listed in (*OPEN, *FILTERED, *STATIC_ONLY, *NOT_YET):
        assert listed in names, f"{listed} is listed here but is no service method any more"


# The demo dealership, made once -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from dealercrm.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    database = open_database(path, create=True)
    try:
        generate_demo(database.session_factory, contacts=30, seed=3, today=dt.date(2026, 3, 12))
    finally:
        database.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)
    database = open_database(path)
    yield database
    database.dispose()


# Arguments from a signature ----------------------------------------------------------------------------

ID_MODELS: dict[str, Any] = {
    "contact": Contact,
    "keep": Contact,
    "drop": Contact,
    "vehicle": Vehicle,
    "claim": Claim,
    "campaign": Campaign,
    "opportunity": Opportunity,
    "task": Task,
    "user": User,
    "segment": Segment,
    "sale": Sale,
    "target": CampaignTarget,
    "run": ImportRun,
    "import_run": ImportRun,
    "visit": ServiceVisit,
}


class _Args:
    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.folder = folder

    def first_id(self, model: Any) -> int:
        with self.db.session_factory() as session:
            return int(session.scalar(select(func.min(model.id))) or 1)

    def for_param(self, name: str, annotation: Any) -> Any:
        stem = name.removesuffix("_ids").removesuffix("_id")
        if stem != name and stem in ID_MODELS:
            one = self.first_id(ID_MODELS[stem])
            return [one] if name.endswith("_ids") else one
        if name in ("path", "source", "destination", "target", "folder", "output", "out") and (
            annotation in (Path, str) or annotation is None
        ):
            return self.folder / f"{name}.out"
        return self.for_type(annotation, name)

    def for_type(self, annotation: Any, name: str = "") -> Any:  # noqa: C901 - one case per type
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            return self.for_type(options[0], name) if options else None
        if origin is typing.Literal:
            return typing.get_args(annotation)[0]
        if origin in (list, tuple, set, frozenset) or annotation in (list, tuple, set, frozenset):
            return (origin or annotation)()
        if origin is dict or annotation is dict or str(origin).endswith("Mapping"):
            return {}
        if origin is not None and str(origin).startswith(("collections.abc", "typing")):
            if "Callable" in str(origin):
                return lambda *a, **k: None
            return []
        if annotation is bool:
            return False
        if annotation is int:
            return 1
        if annotation is float:
            return 1.0
        if annotation is Decimal:
            return Decimal("1")
        if annotation is str:
            return "x"
        if annotation is bytes:
            return b"x"
        later = dt.timedelta(days=30 if name.endswith(("end", "until", "to")) else 0)
        if annotation is dt.datetime:
            return dt.datetime.now(dt.UTC) + later
        if annotation is dt.date:
            return dt.date.today() + later
        if annotation is dt.timedelta:
            return dt.timedelta(days=1)
        if annotation is Path:
            return self.folder / f"{name or 'file'}.out"
        if annotation is Progress:
            return Progress()
        if annotation is Actor:
            return NOBODY
        if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
            return next(iter(annotation))
        if inspect.isclass(annotation) and dataclasses.is_dataclass(annotation):
            return self.build(annotation)
        return None

    def build(self, cls: Any) -> Any:
        hints = _hints(cls)
        kwargs = {}
        for f in dataclasses.fields(cls):
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING and f.init:
                kwargs[f.name] = self.for_param(f.name, hints.get(f.name))
        return cls(**kwargs)

    def call_args(self, function: Callable[..., Any]) -> tuple[list[Any], dict[str, Any]]:
        hints = _hints(function)
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        for p in inspect.signature(function).parameters.values():
            if p.name in ("self", "cls") or p.default is not inspect.Parameter.empty:
                continue
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                continue
            value = self.for_param(p.name, hints.get(p.name))
            if p.kind is p.KEYWORD_ONLY:
                kwargs[p.name] = value
            else:
                args.append(value)
        return args, kwargs


def _hints(obj: Any) -> dict[str, Any]:
    try:
        return typing.get_type_hints(obj)
    except Exception:  # noqa: BLE001 - names only imported for type checking: go without the hint
        return {}


def _make_service(cls: type, db: Database) -> Any:
    first = next(p for name, p in inspect.signature(cls).parameters.items() if name not in ("self", "actor"))
    resource: Any = db if "Database" in str(first.annotation) else db.session_factory
    return cls(resource, actor=NOBODY)


# Watching the permission module ------------------------------------------------------------------------


class _Watch:
    """Whether any function of permissions.py ran (on any thread) while the method was called."""

    def __init__(self) -> None:
        self.reached = False

    def _profile(self, frame: types.FrameType, event: str, arg: object) -> None:
        if event == "call" and not self.reached and frame.f_code.co_filename == PERMISSIONS_FILE:
            self.reached = True

    def __enter__(self) -> _Watch:
        threading.setprofile(self._profile)  # type: ignore[arg-type]
        sys.setprofile(self._profile)  # type: ignore[arg-type]
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]


def _key(cls: type, name: str) -> str:
    return f"{cls.__name__}.{name}"


def _params() -> list[Any]:
    out = []
    for cls, name in METHODS:
        key = _key(cls, name)
        marks = [pytest.mark.xfail(strict=True, reason=NOT_YET[key])] if key in NOT_YET else []
        out.append(pytest.param(cls, name, id=key, marks=marks))
    return out


@pytest.mark.parametrize(("cls", "name"), _params())
def test_every_service_method_reaches_the_permission_module(
    cls: type, name: str, demo_db: Database, tmp_path: Path
) -> None:
    key = _key(cls, name)
    if key in STATIC_ONLY:
        assert _statically_checked(cls, name), f"{key} never names the permission module"
        return
    service = _make_service(cls, demo_db)
    method = getattr(service, name)
    args, kwargs = _Args(demo_db, tmp_path).call_args(method)
    outcome: BaseException | None = None
    result: Any = None
    with _Watch() as watch:
        try:
            result = method(*args, **kwargs)
            if inspect.isgenerator(result):
                list(result)
        except (PermissionDenied, AuthError) as exc:
            outcome = exc
        except Exception as exc:  # noqa: BLE001 - judged below
            outcome = exc
    if isinstance(outcome, PermissionDenied | AuthError):
        return  # refused: it asked
    if outcome is not None and not watch.reached:
        pytest.fail(
            f"{key} stopped on {outcome.__class__.__name__}: {outcome} before any permission check; "
            "give it arguments it accepts or list it in STATIC_ONLY"
        )
    assert watch.reached, f"{key} answered an actor with no permission without asking permissions.py"
    if key in FILTERED:
        assert outcome is not None or not result, f"{key} gave an actor with no permission {result!r}"
    elif key not in OPEN:
        pytest.fail(f"{key} did not refuse an actor with no permission ({outcome!r})")


# The static check, for methods that cannot be called generically ------------------------------------------


def _statically_checked(cls: type, name: str, seen: set[str] | None = None) -> bool:
    seen = seen if seen is not None else set()
    if name in seen:
        return False
    seen.add(name)
    member = inspect.getattr_static(cls, name)
    function = member.__func__ if isinstance(member, staticmethod | classmethod) else member
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    called_helpers = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in CHECK_NAMES:
            return True
        if isinstance(node, ast.Attribute):
            if node.attr in CHECK_NAMES:
                return True
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", cls.__name__):
                called_helpers.add(node.attr)
    return any(
        _statically_checked(cls, helper, seen)
        for helper in sorted(called_helpers)
        if helper.startswith("_") and callable(getattr(cls, helper, None))
    )


def test_the_static_check_sees_a_require_and_misses_its_absence() -> None:
    class ProbeService:
        def __init__(self, actor: Actor) -> None:
            self._actor = actor

        def checked(self) -> int:
            return self._helper()

        def _helper(self) -> int:
            permissions.require(self._actor, "contacts.read")
            return 1

        def unchecked(self) -> int:
            return 2

    assert _statically_checked(ProbeService, "checked")
    assert not _statically_checked(ProbeService, "unchecked")


def test_the_watch_sees_the_permission_module_and_nothing_else() -> None:
    with _Watch() as watch:
        len("nothing to do with permissions")
    assert not watch.reached
    with _Watch() as watch:
        permissions.can(NOBODY, "contacts.read")
    assert watch.reached
