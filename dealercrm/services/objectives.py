"""Monthly objectives: what the manager expects of each salesperson and of the whole dealership.

One objective per (salesperson or dealership, month, metric): vehicles sold, margin in euros, test
drives and calls. `user_id` NULL is the dealership's own target; `month` is always the first day of
the month. Only managers set them ("objectives.manage"); every change goes through one unit of work,
so the audit log records each created, changed and removed target.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import _
from dealercrm.models import Objective, User
from dealercrm.models.enums import ObjectiveMetric, Role
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, apply_cells
from dealercrm.services.errors import ValidationError
from dealercrm.services.kpi.texts import label
from dealercrm.services.permissions import require

# Counts are whole numbers; the margin is euros and cents (Money stores integer cents).
COUNT_METRICS = frozenset({ObjectiveMetric.SALES, ObjectiveMetric.TEST_DRIVES, ObjectiveMetric.CALLS})
CENT = Decimal("0.01")
MAX_TARGET = Decimal("1000000000")  # a billion: far beyond any dealership, well within BigInteger cents

Cell = tuple[int | None, ObjectiveMetric]


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def cell_key(user_id: int | None, metric: ObjectiveMetric) -> str:
    """The ValidationError field of one cell: "dealership:sales", "12:margin"."""
    return f"{'dealership' if user_id is None else user_id}:{metric.value}"


@dataclass(frozen=True)
class ObjectiveGridRow:
    """The dealership (user_id None) or one salesperson, with their target for each metric."""

    user_id: int | None
    display_name: str  # "" for the dealership: the screen names it in the user's language
    active: bool
    targets: tuple[Decimal | None, ...]  # one per ObjectiveMetric, in the enum's order; None: no objective

    @property
    def is_dealership(self) -> bool:
        return self.user_id is None

    def target(self, metric: ObjectiveMetric) -> Decimal | None:
        return self.targets[list(ObjectiveMetric).index(metric)]


@dataclass(frozen=True)
class ObjectiveGrid:
    """A month's objectives: the dealership first, then the salespeople by name."""

    month: dt.date
    rows: tuple[ObjectiveGridRow, ...]
    metrics: tuple[ObjectiveMetric, ...] = tuple(ObjectiveMetric)

    def row(self, user_id: int | None) -> ObjectiveGridRow:
        return next(r for r in self.rows if r.user_id == user_id)

    def target(self, user_id: int | None, metric: ObjectiveMetric) -> Decimal | None:
        return self.row(user_id).target(metric)

    def targets(self) -> dict[Cell, Decimal]:
        """Every objective set this month, by cell."""
        return {
            (r.user_id, m): t
            for r in self.rows
            for m, t in zip(self.metrics, r.targets, strict=True)
            if t is not None
        }


@dataclass(frozen=True)
class ObjectiveChanges:
    month: dt.date
    created: int
    updated: int
    removed: int
    kept: int = 0  # copy_month: objectives already set in the target month, left as they were

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


class ObjectiveService(Service):
    # Reading ----------------------------------------------------------------------------------
    def month_grid(self, *, month: dt.date) -> ObjectiveGrid:
        """The dealership and every active salesperson (plus anyone else with an objective that month),
        with the targets of `month` (any day of it)."""
        require(self._actor, "objectives.manage")
        month = first_of_month(month)
        with self._session_factory() as session:
            return _grid(session, month)

    # Writing ----------------------------------------------------------------------------------
    def save_month(self, *, month: dt.date, targets: dict[Cell, Decimal | None]) -> ObjectiveChanges:
        """Set the objectives of `month` given in `targets`; None removes one, cells not given are left
        alone. A negative, fractional count or unknown salesperson refuses the whole save."""
        require(self._actor, "objectives.manage")
        month = first_of_month(month)
        with unit_of_work(self._session_factory, self._actor) as session:
            names = _salesperson_names(session, {u for u, _metric in targets if u is not None})
            errors: dict[str, str] = {}
            clean: dict[Cell, Decimal | None] = {}
            for (user_id, metric), value in targets.items():
                who = _("Dealership") if user_id is None else names.get(user_id)
                key = cell_key(user_id, metric)
                if who is None:
                    errors[key] = _("user {user_id} is not a salesperson.").format(user_id=user_id)
                    continue
                problem = _target_problem(metric, value)
                if problem:
                    # TRANSLATORS: an objective refused: "Zoé Zimmer, Margin: cannot be negative"
                    errors[key] = _("{who}, {metric}: {problem}").format(
                        who=who, metric=label(metric.value, i18n.current_language()), problem=problem
                    )
                    continue
                clean[(user_id, metric)] = None if value is None else value.quantize(CENT)
            if errors:
                raise ValidationError(errors)
            created, updated, removed = apply_cells(
                session,
                _existing(session, month),
                clean,
                field="target",
                create=lambda key, value: Objective(user_id=key[0], month=month, metric=key[1], target=value),
            )
            return ObjectiveChanges(month, created, updated, removed)

    def copy_month(self, *, source: dt.date, target: dt.date, overwrite: bool = False) -> ObjectiveChanges:
        """Copy the objectives of month `source` to month `target` (e.g. next month from this one).

        Objectives already set in `target` are kept unless `overwrite`; those of salespeople who are no
        longer active are not copied.
        """
        require(self._actor, "objectives.manage")
        source, target = first_of_month(source), first_of_month(target)
        if source == target:
            raise ValidationError({"target": _("Choose a different month to copy the objectives to.")})
        with unit_of_work(self._session_factory, self._actor) as session:
            active = set(
                session.scalars(select(User.id).where(User.role == Role.SALESPERSON, User.active.is_(True)))
            )
            existing = _existing(session, target)
            created = updated = kept = 0
            for (user_id, metric), objective in _existing(session, source).items():
                if user_id is not None and user_id not in active:
                    continue
                current = existing.get((user_id, metric))
                if current is None:
                    session.add(
                        Objective(user_id=user_id, month=target, metric=metric, target=objective.target)
                    )
                    created += 1
                elif not overwrite or current.target == objective.target:
                    kept += 1
                else:
                    current.target = objective.target
                    updated += 1
            return ObjectiveChanges(target, created, updated, 0, kept)


def _target_problem(metric: ObjectiveMetric, value: Decimal | None) -> str | None:
    if value is None:
        return None
    if not value.is_finite():
        return _("not a number.")
    if value < 0:
        return _("the target cannot be negative ({value}).").format(value=value)
    if value > MAX_TARGET:
        return _("the target is too large.")
    if metric in COUNT_METRICS and value != value.to_integral_value():
        return _("the target must be a whole number.")
    if value != value.quantize(CENT):
        return _("the target has more than two decimals.")
    return None


def _salesperson_names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return {
        user_id: name
        for user_id, name in session.execute(
            select(User.id, User.display_name).where(User.id.in_(user_ids), User.role == Role.SALESPERSON)
        )
    }


def _existing(session: Session, month: dt.date) -> dict[Cell, Objective]:
    return {
        (o.user_id, o.metric): o for o in session.scalars(select(Objective).where(Objective.month == month))
    }


def _grid(session: Session, month: dt.date) -> ObjectiveGrid:
    objectives = _existing(session, month)
    with_objectives = {u for u, _ in objectives if u is not None}
    users = sorted(
        session.execute(
            select(User.id, User.display_name, User.active).where(
                or_(
                    (User.role == Role.SALESPERSON) & User.active.is_(True),
                    User.id.in_(with_objectives),
                )
            )
        ),
        key=lambda u: (u.display_name.casefold(), u.id),
    )

    def targets(user_id: int | None) -> tuple[Decimal | None, ...]:
        found = (objectives.get((user_id, m)) for m in ObjectiveMetric)
        return tuple(o.target if o is not None else None for o in found)

    rows = [ObjectiveGridRow(None, "", True, targets(None))]
    rows += [ObjectiveGridRow(u.id, u.display_name, u.active, targets(u.id)) for u in users]
    return ObjectiveGrid(month, tuple(rows))
