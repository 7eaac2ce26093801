"""Creating and editing contacts (validated, all or nothing, optimistic locking), recording consents,
and bulk actions on a selection (assign, lifecycle, add to a campaign, export), each undoable.

Validation returns every field's error at once (`ValidationError.errors`: field -> sentence); nothing
is written unless every field is right. Phones are stored in E.164 (phonenumbers, region FR), e-mails
checked by email-validator without DNS and stored in lower case, postal codes as 5 digits with their
city, SIREN numbers checked by python-stdnum (a SIRET gives its SIREN).

Two people editing the same contact: `update` takes the version the form was opened on; when the
contact has moved since, it raises ConflictError saying who changed what and when, and saves nothing.

A bulk action writes its row changes through the unit of work (one audit entry per contact) plus one
"contacts_bulk" audit entry listing the contacts and their previous values; a manager's `undo_bulk`
puts back the previous values of the contacts nobody has changed since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import AuditEntry, CampaignTarget, Consent, Contact, User, utcnow
from dealercrm.models.contact_fields import FieldRole, fields_with
from dealercrm.models.enums import (
    AuditAction,
    CampaignStatus,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Lifecycle,
    Role,
    SourceChannel,
    TargetStatus,
)
from dealercrm.services.audit import ACTOR_KEY, jsonable, log_event, unit_of_work, user_id_of
from dealercrm.services.base import Service, flush_or_conflict, get_campaign, get_contact
from dealercrm.services.contacts import format_phone
from dealercrm.services.duplicates import DuplicateMatch, find_candidates
from dealercrm.services.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from dealercrm.services.last_save import last_save
from dealercrm.services.permissions import Actor, can, require
from dealercrm.services.scoring import refresh_scores
from dealercrm.services.settings import dealership_today, dealership_today_of
from dealercrm.services.validation import (
    InvalidValue,
    clean_text,
    parse_email,
    parse_phone,
    parse_postal_code,
    parse_siren,
)

# What the contact form edits: what a person types (see dealercrm.models.contact_fields).
EDITABLE = frozenset(fields_with(FieldRole.ENTERED))


def _column_length(name: str) -> int:
    length = getattr(Contact.__table__.c[name].type, "length", None)
    assert isinstance(length, int), name
    return length


# Single-line text, cleaned as such, at most as long as its column.
TEXT_FIELDS: dict[str, int] = {
    name: _column_length(name)
    for name in (
        "first_name",
        "last_name",
        "company_name",
        "job_title",
        "address_line1",
        "address_line2",
        "city",
        "wanted_model",
        "lost_reason",
    )
}
# The editable columns holding one of an enum's values, with their enum.
ENUM_FIELDS: dict[str, type[Any]] = {
    name: enum_class
    for name in fields_with(FieldRole.ENTERED)
    if (enum_class := getattr(Contact.__table__.c[name].type, "enum_class", None)) is not None
}
BULK_ENTITY = "contacts_bulk"
MAX_BULK = 5000


@dataclass(frozen=True)
class ContactSaved:
    id: int
    version: int
    name: str
    score: int | None
    duplicates: tuple[DuplicateMatch, ...] = ()

    @classmethod
    def rescored(
        cls, session: Session, contact: Contact, duplicates: Sequence[DuplicateMatch] = ()
    ) -> ContactSaved:
        """The contact just saved, once its score is recomputed."""
        score = refresh_scores(session, [contact.id])[contact.id].value
        return cls(contact.id, contact.version, contact.display_name, score, tuple(duplicates))


@dataclass(frozen=True)
class BulkResult:
    audit_id: int
    operation: str
    changed: int
    skipped: int  # not visible, not editable, or already so


@dataclass(frozen=True)
class UndoResult:
    audit_id: int
    reverted: int
    kept: int  # changed by someone since: left as they are


@dataclass(frozen=True)
class ExportRow:
    id: int
    name: str
    company: str
    lifecycle: str
    mobile: str
    landline: str
    email: str
    address: str
    postal_code: str
    city: str
    owner: str
    score: int | None


# Validation -----------------------------------------------------------------------------------------


def clean_values(values: Mapping[str, Any], *, today: dt.date) -> dict[str, Any]:
    """The normal form of every field given, or ValidationError with every field's error at once.
    Checks each field on its own; `check_record` checks the whole record."""
    unknown = set(values) - EDITABLE
    if unknown:
        raise ValidationError({f: _("this field cannot be edited") for f in sorted(unknown)})
    # `today`: the dealership's (a birth date may not be after it).
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    country = str(values.get("country") or "FR").strip().upper() or "FR"
    for field, raw in values.items():
        try:
            cleaned[field] = _clean_one(field, raw, country=country, today=today)
        except InvalidValue as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _clean_one(field: str, raw: Any, *, country: str, today: dt.date) -> Any:
    if field in ("has_trade_in", "wants_financing"):
        return bool(raw)
    if field in ENUM_FIELDS:
        if _blank(raw):
            if field in ("kind", "source_channel", "lifecycle"):
                raise InvalidValue(_("choose a value"))
            return None
        try:
            return ENUM_FIELDS[field](raw)
        except ValueError as exc:
            raise InvalidValue(_("{raw!r} is not a valid choice").format(raw=raw)) from exc
    if _blank(raw):
        return "FR" if field == "country" else None
    if field in TEXT_FIELDS:
        return clean_text(raw, max_length=TEXT_FIELDS[field]) or None
    if field == "notes":
        return clean_text(raw, max_length=10000, multiline=True) or None
    if field in ("mobile", "landline"):
        return parse_phone(raw).e164
    if field == "email":
        return parse_email(raw)
    if field == "postal_code":
        return parse_postal_code(raw, country=country)
    if field == "siren":
        return parse_siren(raw)
    if field == "country":
        code = str(raw).strip().upper()
        if len(code) != 2 or not code.isalpha():
            raise InvalidValue(_("a two-letter country code, e.g. FR"))
        return code
    if field == "birth_date":
        if not isinstance(raw, dt.date) or isinstance(raw, dt.datetime):
            raise InvalidValue(_("a date is expected"))
        if raw > today or raw.year < 1900:
            raise InvalidValue(_("not a plausible birth date"))
        return raw
    if field == "budget":
        try:
            amount = raw if isinstance(raw, Decimal) else Decimal(str(raw).replace(" ", "").replace(",", "."))
        except InvalidOperation as exc:
            raise InvalidValue(_("{raw!r} is not an amount").format(raw=raw)) from exc
        if amount < 0 or amount > Decimal(10_000_000):
            raise InvalidValue(_("between 0 and 10 000 000 €"))
        return amount
    if field == "owner_id":
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise InvalidValue(_("choose a user"))
        return raw
    raise InvalidValue(_("this field cannot be edited"))


def validate(values: Mapping[str, Any], *, base: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """`values` cleaned, checked field by field and as a whole record over `base` (the contact as it
    is): ValidationError with every error at once, the fields' own errors first."""
    try:
        cleaned = clean_values(values, today=today)
        errors: dict[str, str] = {}
    except ValidationError as exc:
        errors = dict(exc.errors)
        good = {k: v for k, v in values.items() if k not in errors and k in EDITABLE}
        cleaned = clean_values(good, today=today)
    record = {**base, **cleaned}
    for field in errors:
        record[field] = "(invalid)"  # present, so that "required" rules do not pile up on it
    for field, message in check_record(record).items():
        errors.setdefault(field, message)
    if errors:
        raise ValidationError(errors)
    return cleaned


def check_record(record: Mapping[str, Any]) -> dict[str, str]:
    """Errors of the whole record (required fields by kind, postal code with city, lost reason)."""
    errors: dict[str, str] = {}
    kind = record.get("kind")
    if kind is ContactKind.PERSON and not record.get("last_name"):
        errors["last_name"] = _("a person needs a last name")
    if kind is ContactKind.COMPANY and not record.get("company_name"):
        errors["company_name"] = _("a company needs its name")
    if record.get("postal_code") and not record.get("city"):
        errors["city"] = _("give the city of this postal code")
    if record.get("city") and not record.get("postal_code") and record.get("country", "FR") == "FR":
        errors["postal_code"] = _("give the postal code of this city")
    if record.get("lifecycle") is Lifecycle.LOST and not record.get("lost_reason"):
        errors["lost_reason"] = _("say why this contact was lost")
    if record.get("mobile") and record.get("landline") and record["mobile"] == record["landline"]:
        errors["landline"] = _("the same number as the mobile")
    return errors


class ContactEditService(Service):
    # Create and update ------------------------------------------------------------------------------
    def create(self, *, values: Mapping[str, Any], today: dt.date | None = None) -> ContactSaved:
        """A new contact from `values` (field -> typed text or value); every field validated first.
        A salesperson's new contact is theirs. Returns the likely duplicates found, if any."""
        require(self._actor, "contacts.create")
        base = {"source_channel": SourceChannel.OTHER, "lifecycle": Lifecycle.PROSPECT, "country": "FR"}
        today = today or dealership_today_of(self._session_factory)
        cleaned = validate({"kind": ContactKind.PERSON, **values}, base=base, today=today)
        for key, value in base.items():
            cleaned.setdefault(key, value)
        owner = cleaned.get("owner_id")
        if self._actor.role is Role.SALESPERSON:
            if owner not in (None, self._actor.id):
                raise PermissionDenied(
                    _("A salesperson creates contacts for themselves; a manager assigns them.")
                )
            cleaned["owner_id"] = self._actor.id
        with unit_of_work(self._session_factory, self._actor) as session:
            self._check_owner(session, cleaned.get("owner_id"))
            contact = Contact(**cleaned)
            session.add(contact)
            session.flush()
            duplicates = find_candidates(session, self._actor, cleaned, exclude_id=contact.id)
            return ContactSaved.rescored(session, contact, duplicates)

    def update(self, *, contact_id: int, expected_version: int, changes: Mapping[str, Any]) -> ContactSaved:
        """Apply `changes` to a contact opened at `expected_version`. ConflictError (nothing saved) if
        someone saved it since; ValidationError with every field's error; all or nothing."""
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = get_contact(session, contact_id)
            require(self._actor, "contacts.update", contact)
            if contact.version != expected_version:
                raise ConflictError(self._conflict_message(session, contact, expected_version))
            cleaned = validate(
                changes, base={f: getattr(contact, f) for f in EDITABLE}, today=dealership_today(session)
            )
            if "owner_id" in cleaned and cleaned["owner_id"] != contact.owner_id:
                if not can(self._actor, "contacts.assign"):
                    raise PermissionDenied(
                        _("{display_name} may not give this contact to someone else: ask a manager.").format(
                            display_name=self._actor.display_name
                        )
                    )
                self._check_owner(session, cleaned["owner_id"])
            for field, value in cleaned.items():
                if getattr(contact, field) != value:
                    setattr(contact, field, value)
            flush_or_conflict(
                session,
                _(
                    "Someone saved this contact at the same moment: your changes were not "
                    "saved. Reopen it to see their version, then edit again."
                ),
            )
            return ContactSaved.rescored(session, contact)

    def fill_blanks(self, *, contact_id: int, values: Mapping[str, Any]) -> ContactSaved:
        """Merge a contact being typed into `contact_id`, the one already in the file (the duplicate
        warning's "Add to ..."): each field typed where that contact has nothing is written, validated as
        in `update`; nothing it holds is overwritten, and its owner, kind and lifecycle stay."""
        with self._session_factory() as session:
            contact = get_contact(session, contact_id)
            require(self._actor, "contacts.update", contact)
            version = contact.version
            blanks = {
                field: value
                for field, value in values.items()
                if field in EDITABLE
                and field not in ("owner_id", "kind", "lifecycle", "source_channel")
                and value not in (None, "", False)
                and getattr(contact, field) in (None, "")
            }
        return self.update(contact_id=contact_id, expected_version=version, changes=blanks)

    def _conflict_message(self, session: Session, contact: Contact, expected_version: int) -> str:
        saved = last_save(
            session, entity="contacts", entity_id=contact.id, actions=(AuditAction.UPDATE, AuditAction.MERGE)
        )
        fields = " (" + ", ".join(saved.fields) + ")" if saved.fields else ""
        return _(
            "{who} saved this contact{when}{fields} after you opened it (version {expected}, now {version}). "
            "Your changes were not saved, so as not to overwrite theirs: reopen the contact to see what "
            "changed, then edit again."
        ).format(
            who=saved.who, when=saved.when, fields=fields, expected=expected_version, version=contact.version
        )

    @staticmethod
    def _check_owner(session: Session, owner_id: int | None) -> None:
        if owner_id is None:
            return
        user = session.get(User, owner_id)
        if user is None or not user.active or user.role not in (Role.SALESPERSON, Role.MANAGER):
            raise ValidationError({"owner_id": _("choose an active salesperson or manager")})

    # Consents ---------------------------------------------------------------------------------------
    def record_consent(
        self,
        *,
        contact_id: int,
        channel: Channel,
        purpose: ConsentPurpose,
        status: ConsentStatus,
        proof: str,
        at: dt.datetime | None = None,
    ) -> None:
        """Add a consent event (the latest per channel and purpose is in force); `proof` says how it
        was collected. Rescores the contact."""
        proof_text = clean_text(proof or "", max_length=300)
        if not proof_text:
            raise ValidationError(
                {"proof": _("say how the consent was collected (signed form, phone call…)")}
            )
        with unit_of_work(self._session_factory, self._actor) as session:
            contact = get_contact(session, contact_id, include_erased=True)
            require(self._actor, "contacts.update", contact)
            session.add(
                Consent(
                    contact_id=contact_id,
                    channel=channel,
                    purpose=purpose,
                    status=status,
                    proof=proof_text,
                    recorded_at=at or utcnow(),
                    recorded_by_id=self._user_id,
                )
            )
            session.flush()
            refresh_scores(session, [contact_id])

    # Bulk actions -----------------------------------------------------------------------------------
    def _bulk_contacts(self, session: Session, ids: Sequence[int], action: str) -> tuple[list[Contact], int]:
        wanted = sorted(set(ids))
        if not wanted:
            raise ValidationError({"selection": _("select at least one contact")})
        if len(wanted) > MAX_BULK:
            raise ValidationError(
                {"selection": _("at most {MAX_BULK} contacts at once").format(MAX_BULK=MAX_BULK)}
            )
        contacts = list(
            session.scalars(select(Contact).where(Contact.id.in_(wanted), Contact.erased_at.is_(None)))
        )
        allowed = [
            c for c in contacts if can(self._actor, action, c) and can(self._actor, "contacts.read", c)
        ]
        return allowed, len(wanted) - len(allowed)

    def _log_bulk(self, session: Session, operation: str, changes: dict[str, Any]) -> int:
        actor: Actor | None = session.info.get(ACTOR_KEY)
        entry = AuditEntry(
            user_id=user_id_of(actor),
            user_login=actor.login if actor else "system",
            action=AuditAction.UPDATE,
            entity=BULK_ENTITY,
            entity_id=None,
            changes={"operation": operation, **changes},
        )
        session.add(entry)
        session.flush()
        return entry.id

    def bulk_assign(self, *, contact_ids: Sequence[int], owner_id: int | None) -> BulkResult:
        """Give the selected contacts to `owner_id` (None: unassigned). Managers only."""
        require(self._actor, "contacts.assign")
        return self._bulk_set("assign", "owner_id", contact_ids, owner_id, "contacts.update")

    def bulk_lifecycle(
        self, *, contact_ids: Sequence[int], lifecycle: Lifecycle, lost_reason: str = ""
    ) -> BulkResult:
        """Move the selected contacts to `lifecycle` (lost needs a reason)."""
        require(self._actor, "contacts.update")
        if lifecycle is Lifecycle.LOST and not lost_reason.strip():
            raise ValidationError({"lost_reason": _("say why these contacts were lost")})
        extra = (
            {"lost_reason": lost_reason.strip()[:200]}
            if lifecycle is Lifecycle.LOST
            else {"lost_reason": None}
        )
        return self._bulk_set(
            "lifecycle", "lifecycle", contact_ids, lifecycle, "contacts.update", extra=extra
        )

    def _bulk_set(
        self,
        operation: str,
        field: str,
        contact_ids: Sequence[int],
        value: Any,
        action: str,
        *,
        extra: dict[str, Any] | None = None,
    ) -> BulkResult:
        extra = extra or {}
        with unit_of_work(self._session_factory, self._actor) as session:
            if field == "owner_id":
                self._check_owner(session, value)
            contacts, skipped = self._bulk_contacts(session, contact_ids, action)
            before: dict[str, dict[str, Any]] = {}
            fields = [field, *extra]
            for c in contacts:
                if getattr(c, field) == value and all(getattr(c, k) == v for k, v in extra.items()):
                    skipped += 1
                    continue
                before[str(c.id)] = {f: jsonable(getattr(c, f)) for f in fields}
                setattr(c, field, value)
                for k, v in extra.items():
                    setattr(c, k, v)
            session.flush()
            after = {f: jsonable(v) for f, v in {field: value, **extra}.items()}
            audit_id = self._log_bulk(session, operation, {"before": before, "after": after})
            changed = [c.id for c in contacts if str(c.id) in before]
            refresh_scores(session, changed)
            return BulkResult(audit_id, operation, len(before), skipped)

    def bulk_add_to_campaign(self, *, contact_ids: Sequence[int], campaign_id: int) -> BulkResult:
        """Add the selected contacts to a campaign not yet done, as pending targets (those already in
        it are skipped). The campaign's compliance check still applies when it is run."""
        require(self._actor, "campaigns.manage")
        with unit_of_work(self._session_factory, self._actor) as session:
            campaign = get_campaign(session, campaign_id)
            if campaign.status is CampaignStatus.DONE:
                raise ValidationError({"campaign": _("this campaign is over")})
            contacts, skipped = self._bulk_contacts(session, contact_ids, "contacts.read")
            present = set(
                session.scalars(
                    select(CampaignTarget.contact_id).where(
                        CampaignTarget.campaign_id == campaign_id,
                        CampaignTarget.contact_id.in_([c.id for c in contacts]),
                    )
                )
            )
            added = [c.id for c in contacts if c.id not in present]
            skipped += len(contacts) - len(added)
            session.add_all(
                CampaignTarget(campaign_id=campaign_id, contact_id=cid, status=TargetStatus.PENDING)
                for cid in added
            )
            session.flush()
            audit_id = self._log_bulk(
                session, "add_to_campaign", {"campaign_id": campaign_id, "added": added}
            )
            return BulkResult(audit_id, "add_to_campaign", len(added), skipped)

    def export_rows(self, *, contact_ids: Sequence[int]) -> list[ExportRow]:
        """The selected contacts as rows for a CSV file (audited as an export)."""
        require(self._actor, "contacts.export")
        with unit_of_work(self._session_factory, self._actor) as session:
            contacts, _skipped = self._bulk_contacts(session, contact_ids, "contacts.read")
            owners = dict(
                session.execute(
                    select(User.id, User.display_name).where(
                        User.id.in_({c.owner_id for c in contacts if c.owner_id is not None})
                    )
                ).all()
            )
            rows = [
                ExportRow(
                    id=c.id,
                    name=c.display_name,
                    company=c.company_name or "",
                    lifecycle=c.lifecycle.value,
                    mobile=format_phone(c.mobile),
                    landline=format_phone(c.landline),
                    email=c.email or "",
                    address=" ".join(p for p in (c.address_line1, c.address_line2) if p),
                    postal_code=c.postal_code or "",
                    city=c.city or "",
                    owner=owners.get(c.owner_id, "") if c.owner_id is not None else "",
                    score=c.score,
                )
                for c in sorted(contacts, key=lambda c: (c.display_name.lower(), c.id))
            ]
            log_event(
                session,
                action=AuditAction.EXPORT,
                entity="contacts",
                entity_id=None,
                changes={"count": len(rows), "ids": [r.id for r in rows][:MAX_BULK]},
            )
            return rows

    def undo_bulk(self, *, audit_id: int) -> UndoResult:
        """Revert a bulk action (managers): contacts still holding the value it set get their previous
        values back; those changed by someone since are left alone. Added campaign targets not yet
        worked are removed."""
        require(self._actor, "contacts.assign")
        with unit_of_work(self._session_factory, self._actor) as session:
            entry = session.get(AuditEntry, audit_id)
            if entry is None or entry.entity != BULK_ENTITY:
                raise NotFound(_("No bulk action #{audit_id}.").format(audit_id=audit_id))
            changes = dict(entry.changes or {})
            if changes.get("undone_by"):
                raise ValidationError({"audit_id": _("this bulk action was already undone")})
            operation = str(changes.get("operation"))
            reverted = kept = 0
            if operation == "add_to_campaign":
                added = [int(i) for i in changes.get("added", [])]
                result = session.execute(
                    delete(CampaignTarget).where(
                        CampaignTarget.campaign_id == int(changes["campaign_id"]),
                        CampaignTarget.contact_id.in_(added),
                        CampaignTarget.status == TargetStatus.PENDING,
                        CampaignTarget.attempts == 0,
                    )
                )
                reverted = int(getattr(result, "rowcount", 0) or 0)
                kept = len(added) - reverted
            elif operation in ("assign", "lifecycle"):
                before: dict[str, dict[str, Any]] = changes.get("before", {})
                after: dict[str, Any] = changes.get("after", {})
                contacts = session.scalars(select(Contact).where(Contact.id.in_([int(i) for i in before])))
                for c in contacts:
                    if any(jsonable(getattr(c, f)) != v for f, v in after.items()):
                        kept += 1
                        continue
                    for f, v in before[str(c.id)].items():
                        setattr(c, f, _from_json(f, v))
                    reverted += 1
                session.flush()
                refresh_scores(session, [int(i) for i in before])
            else:
                raise ValidationError(
                    {"audit_id": _("a {operation} cannot be undone").format(operation=operation)}
                )
            undo_id = self._log_bulk(
                session, "undo", {"undoes": audit_id, "reverted": reverted, "kept": kept}
            )
            entry.changes = {**changes, "undone_by": undo_id}
            return UndoResult(audit_id=audit_id, reverted=reverted, kept=kept)

    def recent_bulk_actions(self, *, limit: int = 20) -> list[tuple[int, dt.datetime, str, str, int]]:
        """(audit id, when, who, operation, contacts) of the latest bulk actions not undone, newest first."""
        require(self._actor, "audit.read")
        with self._session_factory() as session:
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.entity == BULK_ENTITY)
                .order_by(AuditEntry.id.desc())
                .limit(limit * 2)
            )
            rows = []
            for e in entries:
                ch = e.changes or {}
                if ch.get("operation") == "undo" or ch.get("undone_by"):
                    continue
                n = len(ch.get("before", {})) if "before" in ch else len(ch.get("added", []))
                rows.append((e.id, e.at, e.user_login or "", str(ch.get("operation")), n))
            return rows[:limit]

    def count_targets(self, *, campaign_id: int) -> int:
        """How many targets a campaign has (for tests and the bulk dialog)."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            return int(
                session.scalar(
                    select(func.count(CampaignTarget.id)).where(CampaignTarget.campaign_id == campaign_id)
                )
                or 0
            )


def _from_json(field: str, value: Any) -> Any:
    if value is None:
        return None
    if field in ENUM_FIELDS:
        return ENUM_FIELDS[field](value)
    return value
