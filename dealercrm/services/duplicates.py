"""Likely duplicates and merging two contacts into one.

A duplicate is another contact with the same normalised phone (E.164, mobile or landline) or e-mail
(100 %), or a close name (rapidfuzz, folded accents and case) with the same postal code (the name's
similarity). Each lookup is an indexed query (ix_contacts_mobile, ix_contacts_landline,
ix_contacts_email, ix_contacts_postal_code); the scan over the whole file groups in SQL.

Merging keeps every row of both contacts: interactions, tasks, opportunities, sales, service visits,
vehicles, claims, consents, campaign targets and links are moved to the contact kept (a campaign both
were in keeps one target, with the attempts of both); the field values are chosen side by side; one
audit entry (action merge) records what was chosen, what moved and the removed contact's values.
Only users allowed `contacts.merge` may merge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import (
    CampaignTarget,
    Claim,
    Consent,
    Contact,
    ContactLink,
    Interaction,
    Opportunity,
    Sale,
    ServiceVisit,
    Task,
    Vehicle,
    utcnow,
)
from dealercrm.models.contact_fields import FieldRole, fields_with
from dealercrm.models.enums import AuditAction, ContactKind, Lifecycle
from dealercrm.models.people import contact_display_name
from dealercrm.services.audit import jsonable, log_event, unit_of_work
from dealercrm.services.base import Service, get_contact
from dealercrm.services.contacts import format_phone
from dealercrm.services.errors import NotFound, ValidationError
from dealercrm.services.permissions import Actor, require, visible_contacts_clause
from dealercrm.services.progress import Progress
from dealercrm.services.scoring import refresh_scores
from dealercrm.services.validation import InvalidValue, fold, parse_email, parse_phone

NAME_THRESHOLD = 85  # % similarity of folded names (same postal code) to call it a likely duplicate
MAX_CANDIDATES = 20

# Fields whose value is chosen side by side when merging (the rest is derived or kept), in the model's order.
MERGE_FIELDS = fields_with(FieldRole.ENTERED)
# Tables whose contact column is moved to the contact kept, as (label, model, column name).
MOVED: tuple[tuple[str, Any, str], ...] = (
    ("interactions", Interaction, "contact_id"),
    ("tasks", Task, "contact_id"),
    ("opportunities", Opportunity, "contact_id"),
    ("sales", Sale, "contact_id"),
    ("service_visits", ServiceVisit, "contact_id"),
    ("vehicles", Vehicle, "owner_contact_id"),
    ("claims", Claim, "contact_id"),
    ("consents", Consent, "contact_id"),
)


@dataclass(frozen=True)
class DuplicateMatch:
    contact_id: int
    name: str
    phone: str
    email: str
    postal_code: str
    city: str
    percent: int
    reasons: tuple[str, ...]  # "phone", "email", "name"


@dataclass(frozen=True)
class DuplicatePair:
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    percent: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class MergeSide:
    """One contact's values for the merge dialog, and how many rows hang off it."""

    id: int
    name: str
    version: int
    values: dict[str, Any]
    related: dict[str, int]


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    removed_id: int
    moved: dict[str, int]


def _folded_name(first: str | None, last: str | None, company: str | None) -> str:
    return fold(" ".join(p for p in (first, last, company if not (first or last) else None) if p))


def name_similarity(a: str, b: str) -> int:
    """0-100: how alike two names are, whatever the order of the words, accents or case."""
    if not a or not b:
        return 0
    return int(round(fuzz.token_sort_ratio(fold(a), fold(b))))


def _normal_phone(value: Any) -> str | None:
    if not value or not str(value).strip():
        return None
    try:
        return parse_phone(value).e164
    except InvalidValue:
        return None


def _normal_email(value: Any) -> str | None:
    if not value or not str(value).strip():
        return None
    try:
        return parse_email(value)
    except InvalidValue:
        return None


def related_counts(session: Session, contact_id: int) -> dict[str, int]:
    """How many rows of each kind belong to a contact (the merge checks before = after with it)."""
    counts = {
        label: int(
            session.scalar(select(func.count()).select_from(model).where(getattr(model, col) == contact_id))
            or 0
        )
        for label, model, col in MOVED
    }
    counts["campaign_targets"] = int(
        session.scalar(select(func.count(CampaignTarget.id)).where(CampaignTarget.contact_id == contact_id))
        or 0
    )
    counts["links"] = int(
        session.scalar(
            select(func.count(ContactLink.id)).where(
                or_(ContactLink.from_contact_id == contact_id, ContactLink.to_contact_id == contact_id)
            )
        )
        or 0
    )
    return counts


class DuplicateService(Service):
    # Finding -------------------------------------------------------------------------------------
    def candidates(
        self, *, values: Mapping[str, Any], exclude_id: int | None = None, limit: int = MAX_CANDIDATES
    ) -> list[DuplicateMatch]:
        """Contacts the actor may see that look like `values` (a contact being created or edited:
        mobile, landline, email, first_name, last_name, company_name, postal_code), best match first."""
        require(self._actor, "contacts.read")
        with self._session_factory() as session:
            return find_candidates(session, self._actor, values, exclude_id=exclude_id, limit=limit)

    def for_contact(self, *, contact_id: int, limit: int = MAX_CANDIDATES) -> list[DuplicateMatch]:
        """Likely duplicates of an existing contact."""
        with self._session_factory() as session:
            contact = get_contact(session, contact_id, include_erased=True)
            require(self._actor, "contacts.read", contact)
            values = {f: getattr(contact, f) for f in MERGE_FIELDS}
            return find_candidates(session, self._actor, values, exclude_id=contact_id, limit=limit)

    def scan(self, *, progress: Progress | None = None, limit: int = 500) -> list[DuplicatePair]:
        """Likely duplicate pairs over the whole file (on demand, off the GUI thread): same phone or
        e-mail grouped in SQL, then close names within each postal code."""
        require(self._actor, "contacts.read")
        progress = progress or Progress()
        pairs: dict[tuple[int, int], DuplicatePair] = {}
        visible = visible_contacts_clause(self._actor)
        with self._session_factory() as session:
            names: dict[int, str] = {}

            def name_of(cid: int) -> str:
                if cid not in names:
                    row = session.execute(
                        select(
                            Contact.kind, Contact.first_name, Contact.last_name, Contact.company_name
                        ).where(Contact.id == cid)
                    ).one()
                    names[cid] = contact_display_name(*row)
                return names[cid]

            def add(a: int, b: int, percent: int, reason: str) -> None:
                key = (min(a, b), max(a, b))
                old = pairs.get(key)
                reasons = tuple(sorted({*(old.reasons if old else ()), reason}))
                best = max(percent, old.percent if old else 0)
                pairs[key] = DuplicatePair(key[0], name_of(key[0]), key[1], name_of(key[1]), best, reasons)

            for reason, column in (
                ("phone", Contact.mobile),
                ("phone", Contact.landline),
                ("email", Contact.email),
            ):
                progress.update(0, 3, _("Same phone or e-mail"))
                dupes = (
                    select(column)
                    .where(column.is_not(None), Contact.erased_at.is_(None), visible)
                    .group_by(column)
                    .having(func.count(Contact.id) > 1)
                    .limit(limit)
                    .subquery()
                )
                rows = session.execute(
                    select(column, Contact.id)
                    .where(column.in_(select(dupes.c[0])), Contact.erased_at.is_(None), visible)
                    .order_by(column, Contact.id)
                )
                groups: dict[str, list[int]] = {}
                for value, cid in rows:
                    groups.setdefault(str(value), []).append(cid)
                for ids in groups.values():
                    for i, a in enumerate(ids):
                        for b in ids[i + 1 :]:
                            add(a, b, 100, reason)
            # Close names within a postal code: walk the postal code index, one code at a time.
            total = int(
                session.scalar(
                    select(func.count(func.distinct(Contact.postal_code))).where(
                        Contact.postal_code.is_not(None)
                    )
                )
                or 0
            )
            by_code = session.execute(
                select(
                    Contact.postal_code,
                    Contact.id,
                    Contact.first_name,
                    Contact.last_name,
                    Contact.company_name,
                )
                .where(Contact.postal_code.is_not(None), Contact.erased_at.is_(None), visible)
                .order_by(Contact.postal_code)
            )
            current: str | None = None
            block: list[tuple[int, str]] = []
            done = 0

            def compare(block: list[tuple[int, str]]) -> None:
                for i, (a, name_a) in enumerate(block):
                    for b, name_b in block[i + 1 :]:
                        percent = int(
                            round(fuzz.token_sort_ratio(name_a, name_b, score_cutoff=NAME_THRESHOLD))
                        )
                        if percent >= NAME_THRESHOLD:
                            add(a, b, percent, "name")

            for code, cid, first, last, company in by_code:
                if code != current:
                    compare(block)
                    block, current = [], code
                    done += 1
                    if done % 500 == 0:
                        progress.update(done, total, _("Close names"))
                block.append((cid, _folded_name(first, last, company)))
                if len(pairs) >= limit:
                    break
            compare(block)
        ordered = sorted(pairs.values(), key=lambda p: (-p.percent, p.first_id, p.second_id))
        return ordered[:limit]

    # Merging -------------------------------------------------------------------------------------
    def sides(self, *, first_id: int, second_id: int) -> tuple[MergeSide, MergeSide]:
        """Both contacts' values and related-row counts, for the side-by-side choice."""
        require(self._actor, "contacts.merge")
        with self._session_factory() as session:
            return tuple(self._side(session, cid) for cid in (first_id, second_id))  # type: ignore[return-value]

    @staticmethod
    def _side(session: Session, contact_id: int) -> MergeSide:
        c = get_contact(session, contact_id)
        return MergeSide(
            id=c.id,
            name=c.display_name,
            version=c.version,
            values={f: getattr(c, f) for f in MERGE_FIELDS},
            related=related_counts(session, c.id),
        )

    def merge(
        self,
        *,
        keep_id: int,
        remove_id: int,
        take_from_removed: frozenset[str] | set[str] = frozenset(),
        expected_versions: Mapping[int, int] | None = None,
    ) -> MergeResult:
        """Merge `remove_id` into `keep_id`: every related row moves to the contact kept, the fields in
        `take_from_removed` take the removed contact's value, the removed contact is deleted, one audit
        entry (merge) says what happened. All or nothing."""
        require(self._actor, "contacts.merge")
        if keep_id == remove_id:
            raise ValidationError({"contacts": _("choose two different contacts")})
        unknown = set(take_from_removed) - set(MERGE_FIELDS)
        if unknown:
            raise ValidationError({f: _("not a field that can be merged") for f in sorted(unknown)})
        with unit_of_work(self._session_factory, self._actor) as session:
            keep = session.get(Contact, keep_id)
            remove = session.get(Contact, remove_id)
            for cid, c in ((keep_id, keep), (remove_id, remove)):
                if c is None or c.erased_at is not None:
                    raise NotFound(_("Contact #{cid} does not exist (any more).").format(cid=cid))
            assert keep is not None and remove is not None
            require(self._actor, "contacts.merge", keep)
            for c in (keep, remove):
                wanted = (expected_versions or {}).get(c.id)
                if wanted is not None and wanted != c.version:
                    raise ValidationError(
                        {
                            "version": _(
                                "{display_name} was changed meanwhile: look at it again, then merge."
                            ).format(display_name=c.display_name)
                        }
                    )
            snapshot = {f: jsonable(getattr(remove, f)) for f in MERGE_FIELDS}
            chosen = {f: jsonable(getattr(remove, f)) for f in sorted(take_from_removed)}
            moved = self._move_related(session, keep_id, remove_id)
            # Derived facts: the latest contact of either, customer if either bought.
            keep.last_contact_at = _latest(keep.last_contact_at, remove.last_contact_at)
            keep.last_inbound_at = _latest(keep.last_inbound_at, remove.last_inbound_at)
            values = {f: getattr(remove, f) for f in take_from_removed}
            # Values go in after the removed contact is gone: phone and e-mail may be unique some day.
            session.delete(remove)
            session.flush()
            for f, v in values.items():
                setattr(keep, f, v)
            if moved.get("sales") and keep.lifecycle is not Lifecycle.CUSTOMER:
                keep.lifecycle = Lifecycle.CUSTOMER
            if keep.kind is ContactKind.PERSON and not keep.last_name:
                raise ValidationError({"last_name": _("the contact kept needs a last name")})
            if keep.kind is ContactKind.COMPANY and not keep.company_name:
                raise ValidationError({"company_name": _("the company kept needs a name")})
            keep.updated_at = utcnow()  # the kept contact changed: its version moves
            session.flush()
            log_event(
                session,
                action=AuditAction.MERGE,
                entity="contacts",
                entity_id=keep.id,
                changes={"merged_id": remove_id, "chosen": chosen, "moved": moved, "removed": snapshot},
            )
            refresh_scores(session, [keep.id])
            return MergeResult(kept_id=keep.id, removed_id=remove_id, moved=moved)

    @staticmethod
    def _move_related(session: Session, keep_id: int, remove_id: int) -> dict[str, int]:
        moved: dict[str, int] = {}
        for label, model, col in MOVED:
            column = getattr(model, col)
            result = session.execute(
                update(model)
                .where(column == remove_id)
                .values({col: keep_id})
                .execution_options(synchronize_session=False)
            )
            moved[label] = int(getattr(result, "rowcount", 0) or 0)
        # Campaign targets: one per campaign and contact. Where both were targeted, the kept target
        # takes the attempts of the other, which then goes.
        both = list(
            session.scalars(
                select(CampaignTarget).where(
                    CampaignTarget.contact_id == remove_id,
                    CampaignTarget.campaign_id.in_(
                        select(CampaignTarget.campaign_id).where(CampaignTarget.contact_id == keep_id)
                    ),
                )
            )
        )
        for gone in both:
            kept = session.scalars(
                select(CampaignTarget).where(
                    CampaignTarget.contact_id == keep_id, CampaignTarget.campaign_id == gone.campaign_id
                )
            ).one()
            kept.attempts += gone.attempts
            kept.reached_at = kept.reached_at or gone.reached_at
            kept.last_attempt_at = _latest(kept.last_attempt_at, gone.last_attempt_at)
            session.delete(gone)
        session.flush()
        result = session.execute(
            update(CampaignTarget)
            .where(CampaignTarget.contact_id == remove_id)
            .values(contact_id=keep_id)
            .execution_options(synchronize_session=False)
        )
        moved["campaign_targets"] = int(getattr(result, "rowcount", 0) or 0) + len(both)
        moved["campaign_targets_combined"] = len(both)
        # Links: re-pointed, except a link between the two (it would link the contact to itself) and
        # a link the kept contact already has.
        links = 0
        for link in list(
            session.scalars(
                select(ContactLink).where(
                    or_(ContactLink.from_contact_id == remove_id, ContactLink.to_contact_id == remove_id)
                )
            )
        ):
            src = keep_id if link.from_contact_id == remove_id else link.from_contact_id
            dst = keep_id if link.to_contact_id == remove_id else link.to_contact_id
            exists = session.scalar(
                select(ContactLink.id).where(
                    ContactLink.from_contact_id == src,
                    ContactLink.to_contact_id == dst,
                    ContactLink.kind == link.kind,
                )
            )
            if src == dst or exists is not None:
                session.delete(link)
            else:
                link.from_contact_id, link.to_contact_id = src, dst
                links += 1
        moved["links"] = links
        session.expire_all()
        return moved


def _latest(a: dt.datetime | None, b: dt.datetime | None) -> dt.datetime | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def find_candidates(
    session: Session,
    actor: Actor,
    values: Mapping[str, Any],
    *,
    exclude_id: int | None = None,
    limit: int = MAX_CANDIDATES,
) -> list[DuplicateMatch]:
    """The lookups behind `candidates`, inside the caller's session (the contact edit service calls it
    right after creating a contact)."""
    phones = {p for p in (_normal_phone(values.get("mobile")), _normal_phone(values.get("landline"))) if p}
    email = _normal_email(values.get("email"))
    postal = str(values.get("postal_code") or "").strip() or None
    wanted_name = _folded_name(values.get("first_name"), values.get("last_name"), values.get("company_name"))
    base: list[ColumnElement[bool]] = [Contact.erased_at.is_(None), visible_contacts_clause(actor)]
    if exclude_id is not None:
        base.append(Contact.id != exclude_id)
    found: dict[int, tuple[int, set[str], Any]] = {}
    columns = (
        Contact.id,
        Contact.kind,
        Contact.first_name,
        Contact.last_name,
        Contact.company_name,
        Contact.mobile,
        Contact.landline,
        Contact.email,
        Contact.postal_code,
        Contact.city,
    )

    def note(row: Any, percent: int, reason: str) -> None:
        old = found.get(row.id)
        if old is None:
            found[row.id] = (percent, {reason}, row)
        else:
            found[row.id] = (max(old[0], percent), old[1] | {reason}, row)

    if phones:
        for row in session.execute(
            select(*columns)
            .where(*base, or_(Contact.mobile.in_(phones), Contact.landline.in_(phones)))
            .limit(limit)
        ):
            note(row, 100, "phone")
    if email:
        for row in session.execute(select(*columns).where(*base, Contact.email == email).limit(limit)):
            note(row, 100, "email")
    if postal and wanted_name:
        for row in session.execute(select(*columns).where(*base, Contact.postal_code == postal).limit(2000)):
            other = _folded_name(row.first_name, row.last_name, row.company_name)
            percent = int(round(fuzz.token_sort_ratio(wanted_name, other)))
            if percent >= NAME_THRESHOLD:
                note(row, percent, "name")
    matches = [
        DuplicateMatch(
            contact_id=row.id,
            name=contact_display_name(row.kind, row.first_name, row.last_name, row.company_name),
            phone=format_phone(row.mobile or row.landline),
            email=row.email or "",
            postal_code=row.postal_code or "",
            city=row.city or "",
            percent=percent,
            reasons=tuple(sorted(reasons)),
        )
        for percent, reasons, row in found.values()
    ]
    matches.sort(key=lambda m: (-m.percent, m.name, m.contact_id))
    return matches[:limit]
