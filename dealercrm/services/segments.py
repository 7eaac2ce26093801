"""Segments: saved filters over contacts (`segments.filters` JSON) turned into SQL where-clauses.

`segment_clause(filters)` is the public piece: campaigns build their target lists with it, and the
contacts list may reuse it for its own filters. Every key is optional; all given keys must hold
(AND). Relative dates are computed from `today` (default: the current date) into constant bounds so
that the indexes serve them.

Keys (values as JSON stores them):
- "lifecycle": ["prospect", "customer", "lost"]       - "kind": ["person", "company"]
- "owner_ids": [3, 4] (with "unassigned": true, contacts with no owner also match)
- "source_channel": ["website", "walk_in", ...]
- "financing_end_within_months": 6 (or "financing_end_within_days": 180), optionally with
  "financing": ["loa", "lld"]: a purchase whose loan / lease ends between today and then
- "ct_due_within_months": 1 (or "ct_due_within_days"): a contrôle technique due by then (first
  registration + 4 years, or last CT + 2 years; see services/due_dates.py)
- "last_contact_older_than_days": 60: never contacted, or not since
- "score_min": 70
- "test_drive_no_offer": true: a test drive done and no quote / offer since
- "wanted_body": ["suv"], "created_within_days": 120, "no_service_visit_within_months": 12
- "ids": [12, 57, ...]: exactly these contacts (a hand-picked list, e.g. the GDPR retention list for a
  re-consent campaign); at most MAX_IDS of them
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, and_, bindparam, func, or_, select, true

from dealercrm.i18n import _, ngettext
from dealercrm.models import Contact, Interaction, Opportunity, Sale, Segment, ServiceVisit
from dealercrm.models.enums import (
    BodyType,
    ContactKind,
    Financing,
    InteractionType,
    Lifecycle,
    SourceChannel,
    Stage,
)
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service
from dealercrm.services.due_dates import DueKind, add_months, contacts_due_clause
from dealercrm.services.errors import NotFound, ValidationError
from dealercrm.services.permissions import require, visible_contacts_clause
from dealercrm.services.settings import dealership_today_of

FINANCED = (Financing.LOAN, Financing.LOA, Financing.LLD)
OFFER_STAGES = (Stage.OFFER, Stage.NEGOTIATION, Stage.WON)
MAX_IDS = 50_000


def _enum_list(enum_cls: type[Any], key: str, value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise ValidationError({key: _("a non-empty list is expected")})
    try:
        return [enum_cls(v) for v in value]
    except ValueError as exc:
        raise ValidationError({key: str(exc)}) from exc


def _int(key: str, value: Any, *, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValidationError({key: _("a whole number ≥ {minimum} is expected").format(minimum=minimum)})
    return value


def _ids(value: Any) -> list[int]:
    """The "ids" key: a non-empty list of contact ids (whole numbers ≥ 1), at most MAX_IDS, deduplicated."""
    if not isinstance(value, list) or not value:
        raise ValidationError({"ids": _("a non-empty list of contact ids is expected")})
    if len(value) > MAX_IDS:
        raise ValidationError(
            {"ids": _("at most {MAX_IDS} contacts ({value} given)").format(MAX_IDS=MAX_IDS, value=len(value))}
        )
    return sorted({_int("ids", i, minimum=1) for i in value})


def _days_or_months(filters: dict[str, Any], stem: str, today: dt.date) -> dt.date | None:
    """The horizon of "<stem>_within_days" or "<stem>_within_months", if either is given."""
    if (days := filters.get(f"{stem}_within_days")) is not None:
        return today + dt.timedelta(days=_int(f"{stem}_within_days", days))
    if (months := filters.get(f"{stem}_within_months")) is not None:
        return add_months(today, _int(f"{stem}_within_months", months))
    return None


def _test_drive_no_offer() -> ColumnElement[bool]:
    test_drive = (
        select(Interaction.id)
        .where(Interaction.contact_id == Contact.id, Interaction.type == InteractionType.TEST_DRIVE)
        .exists()
    )
    quote = (
        select(Interaction.id)
        .where(Interaction.contact_id == Contact.id, Interaction.type == InteractionType.QUOTE)
        .exists()
    )
    offer = (
        select(Opportunity.id)
        .where(Opportunity.contact_id == Contact.id, Opportunity.stage.in_(OFFER_STAGES))
        .exists()
    )
    return and_(test_drive, ~quote, ~offer)


KNOWN_KEYS = frozenset(
    {
        "lifecycle",
        "kind",
        "owner_ids",
        "unassigned",
        "source_channel",
        "financing",
        "financing_end_within_days",
        "financing_end_within_months",
        "ct_due_within_days",
        "ct_due_within_months",
        "last_contact_older_than_days",
        "score_min",
        "test_drive_no_offer",
        "wanted_body",
        "created_within_days",
        "no_service_visit_within_months",
        "ids",
    }
)


def segment_clause(filters: dict[str, Any], *, today: dt.date) -> ColumnElement[bool]:
    """The SQL condition on `Contact` that `filters` describe (erased contacts never match).

    Raises ValidationError for an unknown key or a value of the wrong type."""
    unknown = set(filters) - KNOWN_KEYS
    if unknown:
        raise ValidationError({key: _("unknown filter") for key in sorted(unknown)})
    now = dt.datetime.combine(today, dt.time(0, 0), tzinfo=dt.UTC)
    clauses: list[ColumnElement[bool]] = [Contact.erased_at.is_(None)]
    f = filters
    if "ids" in f:
        # Rendered as literal integers: tens of thousands of bound parameters would pass SQLite's limit.
        ids: BindParameter[list[int]] = bindparam(
            "segment_ids", _ids(f["ids"]), expanding=True, literal_execute=True, unique=True
        )
        clauses.append(Contact.id.in_(ids))
    if "lifecycle" in f:
        clauses.append(Contact.lifecycle.in_(_enum_list(Lifecycle, "lifecycle", f["lifecycle"])))
    if "kind" in f:
        clauses.append(Contact.kind.in_(_enum_list(ContactKind, "kind", f["kind"])))
    if "owner_ids" in f or f.get("unassigned"):
        owners = [_int("owner_ids", o, minimum=1) for o in f.get("owner_ids") or []]
        options: list[ColumnElement[bool]] = []
        if owners:
            options.append(Contact.owner_id.in_(owners))
        if f.get("unassigned"):
            options.append(Contact.owner_id.is_(None))
        clauses.append(or_(*options))
    if "source_channel" in f:
        clauses.append(
            Contact.source_channel.in_(_enum_list(SourceChannel, "source_channel", f["source_channel"]))
        )
    financing_end = _days_or_months(f, "financing_end", today)
    if financing_end is not None or "financing" in f:
        kinds = _enum_list(Financing, "financing", f["financing"]) if "financing" in f else list(FINANCED)
        sale = select(Sale.id).where(Sale.contact_id == Contact.id, Sale.financing.in_(kinds))
        if financing_end is not None:
            sale = sale.where(Sale.financing_end_on >= today, Sale.financing_end_on <= financing_end)
        clauses.append(sale.exists())
    ct_end = _days_or_months(f, "ct_due", today)
    if ct_end is not None:
        clauses.append(
            contacts_due_clause(DueKind.TECHNICAL_INSPECTION, today=today, within_days=(ct_end - today).days)
        )
    if (days := f.get("last_contact_older_than_days")) is not None:
        bound = now - dt.timedelta(days=_int("last_contact_older_than_days", days))
        clauses.append(or_(Contact.last_contact_at.is_(None), Contact.last_contact_at < bound))
    if (score := f.get("score_min")) is not None:
        clauses.append(Contact.score >= _int("score_min", score))
    if f.get("test_drive_no_offer"):
        clauses.append(_test_drive_no_offer())
    if "wanted_body" in f:
        clauses.append(Contact.wanted_body.in_(_enum_list(BodyType, "wanted_body", f["wanted_body"])))
    if (days := f.get("created_within_days")) is not None:
        clauses.append(Contact.created_at >= now - dt.timedelta(days=_int("created_within_days", days)))
    if (months := f.get("no_service_visit_within_months")) is not None:
        since = add_months(today, -_int("no_service_visit_within_months", months))
        visit = select(ServiceVisit.id).where(
            ServiceVisit.contact_id == Contact.id, ServiceVisit.visited_on >= since
        )
        clauses.append(~visit.exists())
    return and_(true(), *clauses)


# What a filter says, for the builder and the contacts list ------------------------------------------------

_DESCRIPTIONS: dict[str, Callable[[Any], str]] = {
    "lifecycle": lambda v: _("lifecycle: {values}").format(values=", ".join(v)),
    "kind": lambda v: _("kind: {values}").format(values=", ".join(v)),
    "owner_ids": lambda v: ngettext("owned by {n} user", "owned by {n} users", len(v)).format(n=len(v)),
    "unassigned": lambda v: _("unassigned") if v else "",
    "source_channel": lambda v: _("source: {values}").format(values=", ".join(v)),
    "financing": lambda v: _("financing: {values}").format(values=", ".join(v)),
    "financing_end_within_days": lambda v: ngettext(
        "financing ends within {n} day", "financing ends within {n} days", v
    ).format(n=v),
    "financing_end_within_months": lambda v: ngettext(
        "financing ends within {n} month", "financing ends within {n} months", v
    ).format(n=v),
    "ct_due_within_days": lambda v: ngettext(
        "contrôle technique due within {n} day", "contrôle technique due within {n} days", v
    ).format(n=v),
    "ct_due_within_months": lambda v: ngettext(
        "contrôle technique due within {n} month", "contrôle technique due within {n} months", v
    ).format(n=v),
    "last_contact_older_than_days": lambda v: ngettext(
        "not contacted for {n} day", "not contacted for {n} days", v
    ).format(n=v),
    "score_min": lambda v: _("score ≥ {n}").format(n=v),
    "test_drive_no_offer": lambda v: _("test drive done, no offer") if v else "",
    "wanted_body": lambda v: _("wants: {values}").format(values=", ".join(v)),
    "created_within_days": lambda v: ngettext("created within {n} day", "created within {n} days", v).format(
        n=v
    ),
    "no_service_visit_within_months": lambda v: ngettext(
        "no workshop visit for {n} month", "no workshop visit for {n} months", v
    ).format(n=v),
    "ids": lambda v: ngettext("{n} chosen contact", "{n} chosen contacts", len(v)).format(n=len(v)),
}


def describe(filters: dict[str, Any]) -> str:
    """A short summary of a filter in the user's language ("lifecycle: customer · score ≥ 70")."""
    parts = [_DESCRIPTIONS[k](v) for k, v in filters.items() if k in _DESCRIPTIONS]
    return " · ".join(p for p in parts if p) or _("every contact")


# Saved segments --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentRow:
    id: int
    name: str
    description: str
    filters: dict[str, Any]
    owner_id: int | None
    shared: bool


class SegmentService(Service):
    """Saved segments: listing those the user may use, saving, deleting, counting their contacts."""

    def list_segments(self) -> list[SegmentRow]:
        """Shared segments and the user's own, by name."""
        require(self._actor, "contacts.read")
        stmt = (
            select(Segment)
            .where(or_(Segment.shared.is_(True), Segment.owner_id == self._actor.id))
            .order_by(Segment.name)
        )
        with self._session_factory() as session:
            return [self._row(s) for s in session.scalars(stmt)]

    @staticmethod
    def _row(s: Segment) -> SegmentRow:
        return SegmentRow(s.id, s.name, s.description or "", dict(s.filters or {}), s.owner_id, s.shared)

    def save(
        self,
        *,
        name: str,
        filters: dict[str, Any],
        description: str = "",
        shared: bool = True,
        segment_id: int | None = None,
    ) -> SegmentRow:
        """Create a segment (or replace segment_id's filters); the filters are validated first."""
        require(self._actor, "segments.manage")
        if not name.strip():
            raise ValidationError({"name": _("A segment needs a name.")})
        check_filters(filters)
        with unit_of_work(self._session_factory, self._actor) as session:
            if segment_id is None:
                segment = Segment(name=name.strip(), owner_id=self._user_id)
                session.add(segment)
            else:
                found = session.get(Segment, segment_id)
                if found is None:
                    raise NotFound(_("No segment #{segment_id}.").format(segment_id=segment_id))
                segment = found
                segment.name = name.strip()
            segment.filters = dict(filters)
            segment.description = description or describe(filters)
            segment.shared = shared
            session.flush()
            return self._row(segment)

    def delete(self, *, segment_id: int) -> None:
        """Delete a saved segment (campaigns built from it keep their own copy of the filters)."""
        require(self._actor, "segments.manage")
        with unit_of_work(self._session_factory, self._actor) as session:
            segment = session.get(Segment, segment_id)
            if segment is None:
                raise NotFound(_("No segment #{segment_id}.").format(segment_id=segment_id))
            session.delete(segment)

    def count(self, *, filters: dict[str, Any], today: dt.date | None = None) -> int:
        """How many contacts the actor may see match `filters` (one COUNT)."""
        require(self._actor, "contacts.read")
        clause = segment_clause(filters, today=today or dealership_today_of(self._session_factory))
        stmt = select(func.count()).select_from(Contact).where(clause, visible_contacts_clause(self._actor))
        with self._session_factory() as session:
            return int(session.scalar(stmt) or 0)


# Any day: `check_filters` only builds a clause to see the filters are right, and throws it away.
_ANY_DAY = dt.date(2000, 1, 1)


def check_filters(filters: dict[str, Any]) -> None:
    """ValidationError for an unknown key or a value of the wrong type (what `segment_clause` refuses),
    without a day: for a segment or a campaign being saved, not queried."""
    segment_clause(filters, today=_ANY_DAY)
