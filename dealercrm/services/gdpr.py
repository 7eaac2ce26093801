"""GDPR rights: access and portability (everything about one person, as JSON and a readable PDF),
erasure (anonymisation everywhere, statistics kept), and the CNIL retention clocks.

Erasure, in one transaction:
- the contact's names, contact details, address, birth date, social profiles and notes are cleared
  (the row stays, named "[erased]", so that sales and claims still count in every statistic);
- free text about them is scrubbed: interaction summaries, task titles / notes / places, opportunity
  titles and lost reasons, claim descriptions and resolutions, claim event notes, service visit notes,
  the condition notes of the vehicles they own; links to other contacts are removed;
- their phone numbers and e-mail address go onto the suppression list, as SHA-256 hashes only
  (services/suppression.py), so that no campaign reaches them again;
- the audit log keeps who did what, but every personal value in the entries about them and their
  records (the log stores old and new values) is replaced by "[erased]", and so is any value of another
  entry that contains their e-mail, phone number or full name;
- the import journal forgets the values an import overwrote on their records;
- the erasure itself is logged, without any personal data.
Then the file itself forgets: full-text indexes merged, VACUUM, WAL truncated (dealercrm/db/backups.py);
on PostgreSQL, the touched tables (ERASURE_TABLES) and their search indexes rewritten by VACUUM FULL
(dealercrm/db/vacuum.py), since old row versions and GIN keys outlive an UPDATE.
That compaction is owed from the erasure's own transaction on (the `gdpr.compaction_pending` setting, a
counter), so that it is never forgotten: when another connection keeps the database busy longer than the
bounded wait, the erasure is not reported done, and the compaction is finished at the next opportunity
(the next backup, which must not copy the erased bytes; the app's next start, which makes one; or
`dealercrm gdpr erase` run again on the same person). The counter is cleared only if no other erasure
raised it meanwhile.
Backups made before the erasure still hold the person until the backup thinning deletes them: every
backup of any kind taken before an erasure is deleted once that erasure is 30 days old
(services/backups.py).

Retention (CNIL référentiel "gestion commerciale"): a prospect is due for review 3 years after the last
contact from their side (`last_inbound_at`, else the record's creation); a customer 3 years after the end
of the relationship: the latest of their last sale, last service visit and last warranty end (and of any
contact from their side), provided they have no open opportunity or claim.

Writes here use SQL UPDATEs, not ORM changes: an ORM change would write the very values being erased
into the audit log (old -> new).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Engine,
    String,
    and_,
    case,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import Session, sessionmaker

from dealercrm import i18n
from dealercrm.db import backups as db_backups
from dealercrm.i18n import N_, NC_, _
from dealercrm.models import (
    AuditEntry,
    Campaign,
    CampaignTarget,
    Claim,
    ClaimEvent,
    Consent,
    Contact,
    ContactLink,
    ImportRow,
    Interaction,
    Opportunity,
    Sale,
    ServiceVisit,
    Task,
    User,
    Vehicle,
    utcnow,
)
from dealercrm.models.contact_fields import CONTACT_FIELDS, personal_fields
from dealercrm.models.enums import (
    OPEN_STAGES,
    AuditAction,
    BodyType,
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Channel,
    Civility,
    ClaimCategory,
    ClaimStatus,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Direction,
    Financing,
    Fuel,
    InteractionType,
    Lifecycle,
    LinkKind,
    ServiceKind,
    SourceChannel,
    Stage,
    TargetStatus,
    TaskKind,
)
from dealercrm.services.audit import jsonable, log_event, unit_of_work
from dealercrm.services.base import Service
from dealercrm.services.enum_words import word_of
from dealercrm.services.errors import NotFound, ValidationError
from dealercrm.services.permissions import can, require
from dealercrm.services.progress import Cancelled, Progress
from dealercrm.services.segments import MAX_IDS, check_filters, segment_clause
from dealercrm.services.settings import (
    dealership_language,
    dealership_timezone,
    dealership_today,
    read_setting,
    write_setting,
)
from dealercrm.services.suppression import add_to_suppression, normalise_phone

ERASED = "[erased]"
RETENTION_YEARS = 3
SUPPRESSION_REASON = "GDPR erasure"
COMPACTION_PENDING = "gdpr.compaction_pending"
# The tables an erasure updates or deletes from: on PostgreSQL the old row versions stay in them (and the
# erased words in their search indexes) until they are rewritten (db/vacuum.py).
ERASURE_TABLES = (
    "contacts",
    "contacts_fts_words",  # PostgreSQL: each contact's search words (migration 0020)
    "interactions",
    "tasks",
    "opportunities",
    "claims",
    "claim_events",
    "service_visits",
    "vehicles",
    "campaign_targets",
    "contact_links",
    "import_rows",
    "audit_log",
)
OPEN_CLAIM = (
    ClaimStatus.OPEN,
    ClaimStatus.IN_PROGRESS,
    ClaimStatus.WAITING_CUSTOMER,
    ClaimStatus.WAITING_PARTS,
)

# Keys whose values are personal data wherever they appear in an audit entry or an import journal row: the
# contact's personal fields (dealercrm.models.contact_fields) and those of the records about the contact.
PERSONAL_KEYS = frozenset(
    {
        *personal_fields(),
        "summary",
        "title",
        "location",
        "description",
        "resolution",
        "note",
        "condition_notes",
        "message_id",
        "name",
        "display_name",
        "contact_name",
    }
)


# Results --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GdprExport:
    """The files of one access request and how many records each section holds."""

    contact_id: int
    json_path: Path
    pdf_path: Path
    sections: dict[str, int]
    seconds: float


@dataclass(frozen=True)
class ErasureResult:
    contact_id: int
    suppressed: int  # phone numbers and addresses newly hashed onto the suppression list
    records_scrubbed: dict[str, int]
    audit_entries_scrubbed: int
    space_reclaimed: bool  # False when the database was busy: the file still holds old pages


@dataclass(frozen=True)
class Compaction:
    """What finishing an owed compaction did."""

    done: bool  # the file no longer holds erased values (also True when nothing was owed)
    was_pending: bool  # a compaction was owed when the call started
    seconds: float


@dataclass(frozen=True)
class RetentionRow:
    """A contact whose retention period is over: to review (re-consent, or anonymise)."""

    contact_id: int
    name: str
    lifecycle: Lifecycle
    clock_start: dt.date  # last contact from their side, or end of the relationship
    due_on: dt.date  # clock_start + 3 years
    reason: str
    # Which clock: "no_inbound" (nothing from their side since clock_start), "relationship_ended" (last
    # sale, visit or warranty end), "no_activity" (a customer with none of those recorded).
    basis: str = "no_inbound"


@dataclass(frozen=True)
class PurgeResult:
    erased: int
    skipped: int  # already erased or gone
    cancelled: bool
    space_reclaimed: bool
    contact_ids: tuple[int, ...] = field(default=())


# Pure helpers ---------------------------------------------------------------------------------------------


def years_before(moment: dt.datetime, years: int) -> dt.datetime:
    """The same instant `years` calendar years earlier (29 February -> 28 February)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def phone_forms(number: str | None) -> set[str]:
    """Every way a stored phone number may be written in the database: E.164, national digits, and the
    national form grouped by two ("06 12 34 56 78")."""
    if not number:
        return set()
    forms = {number}
    e164 = normalise_phone(number)
    if e164:
        forms.add(e164)
        digits = e164.lstrip("+")
        forms.add(digits)
        if e164.startswith("+33") and len(digits) == 11:
            national = "0" + digits[2:]
            forms.add(national)
            forms.add(" ".join(national[i : i + 2] for i in range(0, 10, 2)))
    return forms


def scrub_value(value: Any, *, identifiers: Sequence[str], personal: bool = False) -> Any:
    """`value` with every personal part replaced by "[erased]": all of it when `personal` (its key is a
    personal field), else any string containing one of `identifiers` (case-insensitive)."""
    if isinstance(value, dict):
        return {
            k: scrub_value(v, identifiers=identifiers, personal=personal or k in PERSONAL_KEYS)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [scrub_value(v, identifiers=identifiers, personal=personal) for v in value]
    if value is None or isinstance(value, bool):
        return value
    if personal:
        return ERASED
    if isinstance(value, str):
        low = value.lower()
        if any(ident.lower() in low for ident in identifiers if ident):
            return ERASED
    return value


def _display_name(first: str | None, last: str | None, company: str | None, kind: ContactKind) -> str:
    if kind is ContactKind.COMPANY:
        return company or ""
    return " ".join(p for p in (first, last) if p)


# Collecting everything about one person --------------------------------------------------------------------


def _rows(session: Session, statement: Any) -> list[dict[str, Any]]:
    return [{k: jsonable(v) for k, v in row._mapping.items()} for row in session.execute(statement)]


def _all_columns(model: Any) -> list[Any]:
    return list(model.__table__.columns)


def collect(session: Session, *, contact_id: int) -> dict[str, Any]:
    """Everything held about one contact, as plain JSON-able data, one key per section."""
    contact = session.execute(select(*_all_columns(Contact)).where(Contact.id == contact_id)).first()
    if contact is None:
        raise NotFound(_("No contact #{contact_id}.").format(contact_id=contact_id))
    users = {r.id: r.display_name for r in session.execute(select(User.id, User.display_name))}
    profile = {k: jsonable(v) for k, v in contact._mapping.items() if k not in ("search_phones", "version")}
    profile["owner"] = users.get(contact.owner_id) if contact.owner_id else None

    claim_ids = select(Claim.id).where(Claim.contact_id == contact_id)
    sale_vehicle_ids = select(Sale.vehicle_id).where(Sale.contact_id == contact_id)
    trade_in_ids = select(Sale.trade_in_vehicle_id).where(
        Sale.contact_id == contact_id, Sale.trade_in_vehicle_id.is_not(None)
    )
    other = Contact.__table__.alias("other")
    links = _rows(
        session,
        select(
            ContactLink.id,
            ContactLink.kind,
            ContactLink.created_at,
            case((ContactLink.from_contact_id == contact_id, "to"), else_="from").label("direction"),
            other.c.id.label("other_contact_id"),
            func.coalesce(
                other.c.company_name,
                func.trim(
                    func.coalesce(other.c.first_name, "")
                    + literal(" ")
                    + func.coalesce(other.c.last_name, "")
                ),
            ).label("other_contact"),
        )
        .join(
            other,
            other.c.id
            == case(
                (ContactLink.from_contact_id == contact_id, ContactLink.to_contact_id),
                else_=ContactLink.from_contact_id,
            ),
        )
        .where(or_(ContactLink.from_contact_id == contact_id, ContactLink.to_contact_id == contact_id))
        .order_by(ContactLink.id),
    )

    def own(model: Any, *order: Any) -> list[dict[str, Any]]:
        """Every column of the contact's rows of `model` (those whose contact_id is theirs)."""
        return _rows(
            session, select(*_all_columns(model)).where(model.contact_id == contact_id).order_by(*order)
        )

    data: dict[str, Any] = {
        "contact": profile,
        "consents": own(Consent, Consent.recorded_at, Consent.id),
        "links": links,
        "interactions": own(Interaction, Interaction.occurred_at, Interaction.id),
        "tasks": own(Task, Task.due_at, Task.id),
        "opportunities": own(Opportunity, Opportunity.created_at, Opportunity.id),
        "vehicles": _rows(
            session,
            select(*_all_columns(Vehicle))
            .where(
                or_(
                    Vehicle.owner_contact_id == contact_id,
                    Vehicle.id.in_(sale_vehicle_ids),
                    Vehicle.id.in_(trade_in_ids),
                )
            )
            .order_by(Vehicle.id),
        ),
        "sales": own(Sale, Sale.sold_on, Sale.id),
        "service_visits": own(ServiceVisit, ServiceVisit.visited_on, ServiceVisit.id),
        "claims": own(Claim, Claim.opened_at),
        "claim_events": _rows(
            session,
            select(*_all_columns(ClaimEvent))
            .where(ClaimEvent.claim_id.in_(claim_ids))
            .order_by(ClaimEvent.claim_id, ClaimEvent.at, ClaimEvent.id),
        ),
        "campaigns": _rows(
            session,
            select(
                *_all_columns(CampaignTarget),
                Campaign.name.label("campaign_name"),
                Campaign.kind.label("campaign_kind"),
                Campaign.starts_on.label("campaign_starts_on"),
            )
            .join(Campaign, Campaign.id == CampaignTarget.campaign_id)
            .where(CampaignTarget.contact_id == contact_id)
            .order_by(Campaign.starts_on, CampaignTarget.id),
        ),
    }
    for section in ("interactions", "tasks", "opportunities", "sales", "claims", "claim_events"):
        for row in data[section]:
            for key in ("user_id", "owner_id", "salesperson_id", "assignee_id", "opened_by_id"):
                if row.get(key):
                    row[key.removesuffix("_id")] = users.get(row[key])
    related = _related_ids(session, contact_id)
    clauses = [
        and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
        for entity, ids in related.items()
        if ids
    ]
    data["audit"] = _rows(
        session,
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.user_login,
            AuditEntry.action,
            AuditEntry.entity,
            AuditEntry.entity_id,
            AuditEntry.changes,
        )
        .where(or_(*clauses))
        .order_by(AuditEntry.at, AuditEntry.id),
    )
    return data


def _related_ids(session: Session, contact_id: int) -> dict[str, list[int]]:
    """The ids of every record about one contact, by table name (for the audit log and import journal)."""

    def ids(statement: Any) -> list[int]:
        return [int(i) for i in session.scalars(statement)]

    claims = ids(select(Claim.id).where(Claim.contact_id == contact_id))
    return {
        "contacts": [contact_id],
        "consents": ids(select(Consent.id).where(Consent.contact_id == contact_id)),
        "contact_links": ids(
            select(ContactLink.id).where(
                or_(ContactLink.from_contact_id == contact_id, ContactLink.to_contact_id == contact_id)
            )
        ),
        "interactions": ids(select(Interaction.id).where(Interaction.contact_id == contact_id)),
        "tasks": ids(select(Task.id).where(Task.contact_id == contact_id)),
        "opportunities": ids(select(Opportunity.id).where(Opportunity.contact_id == contact_id)),
        "sales": ids(select(Sale.id).where(Sale.contact_id == contact_id)),
        "service_visits": ids(select(ServiceVisit.id).where(ServiceVisit.contact_id == contact_id)),
        "claims": claims,
        "claim_events": ids(select(ClaimEvent.id).where(ClaimEvent.claim_id.in_(claims))) if claims else [],
        "campaign_targets": ids(select(CampaignTarget.id).where(CampaignTarget.contact_id == contact_id)),
        "vehicles": ids(select(Vehicle.id).where(Vehicle.owner_contact_id == contact_id)),
    }


# The PDF ---------------------------------------------------------------------------------------------------

TEXT: dict[str, str] = {
    "title": N_("Personal data held about {name}"),
    "intro": N_(
        "This document lists every piece of information {dealership} holds about you in its customer "
        "relationship software, as of {when} ({tz} time). The same data is supplied in machine-readable form "
        "(JSON) for portability. Contact us to correct or erase it."
    ),
    "contact": N_("Profile"),
    "consents": N_("Consents"),
    "links": N_("Related contacts"),
    "interactions": N_("Exchanges with you"),
    "tasks": N_("Appointments and reminders"),
    "opportunities": N_("Projects and offers"),
    "vehicles": N_("Vehicles"),
    "sales": N_("Purchases"),
    "service_visits": N_("Workshop visits"),
    "claims": N_("Claims"),
    "claim_events": N_("Claim history"),
    "campaigns": N_("Marketing campaigns that included you"),
    "audit": N_("Record of changes to your data"),
    "none": N_("Nothing recorded."),
}

PROFILE_FIELDS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("civility", NC_("personal data", "Civility")),
    ("first_name", NC_("personal data", "First name")),
    ("last_name", NC_("personal data", "Last name")),
    ("company_name", NC_("personal data", "Company")),
    ("siren", NC_("personal data", "SIREN")),
    ("job_title", NC_("personal data", "Job title")),
    ("birth_date", NC_("personal data", "Birth date")),
    ("mobile", NC_("personal data", "Mobile")),
    ("landline", NC_("personal data", "Landline")),
    ("email", NC_("personal data", "E-mail")),
    ("address_line1", NC_("personal data", "Address")),
    ("address_line2", NC_("personal data", "Address (continued)")),
    ("postal_code", NC_("personal data", "Postal code")),
    ("city", NC_("personal data", "City")),
    ("country", NC_("personal data", "Country")),
    ("lifecycle", NC_("personal data", "Status")),
    ("lost_reason", NC_("personal data", "Reason lost")),
    ("preferred_channel", NC_("personal data", "Preferred channel")),
    ("source_channel", NC_("personal data", "How we met")),
    ("owner", NC_("personal data", "Your salesperson")),
    ("budget", NC_("personal data", "Budget")),
    ("wanted_model", NC_("personal data", "Wanted model")),
    ("wanted_body", NC_("personal data", "Wanted body")),
    ("wanted_fuel", NC_("personal data", "Wanted fuel")),
    ("has_trade_in", NC_("personal data", "Trade-in")),
    ("wants_financing", NC_("personal data", "Financing wanted")),
    ("notes", NC_("personal data", "Notes")),
    ("social_profiles", NC_("personal data", "Social profiles")),
    ("score", NC_("personal data", "Lead score")),
    ("last_contact_at", NC_("personal data", "Last contact")),
    ("last_inbound_at", NC_("personal data", "Last contact from you")),
    ("created_at", NC_("personal data", "Record created")),
    ("updated_at", NC_("personal data", "Last changed")),
    ("erased_at", NC_("personal data", "Erased")),
)

# section -> [(key, header, relative width)]
TABLES: dict[str, tuple[tuple[str, tuple[str, str], float], ...]] = {
    "consents": (
        ("recorded_at", NC_("personal data", "Recorded"), 1.2),
        ("channel", NC_("personal data", "Channel"), 0.8),
        ("purpose", NC_("personal data", "Purpose"), 0.9),
        ("status", NC_("personal data", "Status"), 0.8),
        ("proof", NC_("personal data", "Proof"), 2.3),
    ),
    "links": (
        ("kind", NC_("personal data", "Link"), 1.0),
        ("direction", NC_("personal data", "Direction"), 0.7),
        ("other_contact", NC_("personal data", "Contact"), 3.0),
    ),
    "interactions": (
        ("occurred_at", NC_("personal data", "Date"), 1.2),
        ("type", NC_("personal data", "Type"), 0.8),
        ("direction", NC_("personal data", "Way"), 0.8),
        ("outcome", NC_("personal data", "Outcome"), 0.9),
        ("user", NC_("personal data", "With"), 1.1),
        ("summary", NC_("personal data", "Summary"), 2.6),
    ),
    "tasks": (
        ("due_at", NC_("personal data", "Due"), 1.2),
        ("kind", NC_("personal data", "Kind"), 0.9),
        ("title", NC_("personal data", "Title"), 2.2),
        ("location", NC_("personal data", "Place"), 1.0),
        ("done_at", NC_("personal data", "Done"), 1.2),
    ),
    "opportunities": (
        ("created_at", NC_("personal data", "Opened"), 1.2),
        ("title", NC_("personal data", "Project"), 2.2),
        ("stage", NC_("personal data", "Stage"), 0.9),
        ("amount", NC_("personal data", "Amount"), 0.9),
        ("closed_at", NC_("personal data", "Closed"), 1.2),
    ),
    "vehicles": (
        ("make", NC_("personal data", "Make"), 1.0),
        ("model", NC_("personal data", "Model"), 1.2),
        ("plate", NC_("personal data", "Plate"), 1.0),
        ("vin", NC_("personal data", "VIN"), 1.8),
        ("first_registration_on", NC_("personal data", "First reg."), 1.0),
        ("mileage_km", NC_("personal data", "km"), 0.8),
    ),
    "sales": (
        ("sold_on", NC_("personal data", "Date"), 1.0),
        ("vehicle", NC_("personal data", "Vehicle"), 1.9),
        ("price", NC_("personal data", "Price"), 1.0),
        ("financing", NC_("personal data", "Financing"), 0.9),
        ("financing_end_on", NC_("personal data", "Financing end"), 1.1),
        ("warranty_end_on", NC_("personal data", "Warranty end"), 1.1),
    ),
    "service_visits": (
        ("visited_on", NC_("personal data", "Date"), 1.0),
        ("vehicle", NC_("personal data", "Vehicle"), 1.9),
        ("kind", NC_("personal data", "Kind"), 1.3),
        ("mileage_km", NC_("personal data", "km"), 0.8),
        ("amount", NC_("personal data", "Amount"), 0.9),
        ("notes", NC_("personal data", "Notes"), 2.0),
    ),
    "claims": (
        ("id", NC_("personal data", "Claim #"), 0.7),
        ("opened_at", NC_("personal data", "Opened"), 1.2),
        ("category", NC_("personal data", "Category"), 1.0),
        ("status", NC_("personal data", "Status"), 0.9),
        ("description", NC_("personal data", "Description"), 2.6),
        ("resolution", NC_("personal data", "Resolution"), 1.8),
    ),
    "claim_events": (
        ("claim_id", NC_("personal data", "Claim #"), 0.7),
        ("at", NC_("personal data", "Date"), 1.2),
        ("from_status", NC_("personal data", "From"), 1.0),
        ("to_status", NC_("personal data", "To"), 1.0),
        ("note", NC_("personal data", "Note"), 3.0),
    ),
    "campaigns": (
        ("campaign_name", NC_("personal data", "Campaign"), 2.2),
        ("campaign_kind", NC_("personal data", "Kind"), 0.8),
        ("campaign_starts_on", NC_("personal data", "Started"), 1.0),
        ("status", NC_("personal data", "Status"), 0.9),
        ("last_outcome", NC_("personal data", "Outcome"), 1.0),
    ),
    "audit": (
        ("at", NC_("personal data", "Date"), 1.2),
        ("user_login", NC_("personal data", "By"), 0.9),
        ("action", NC_("personal data", "Action"), 0.8),
        ("entity", NC_("personal data", "Record"), 1.3),
        ("changes", NC_("personal data", "Fields"), 2.8),
    ),
}
MAX_PDF_ROWS = 300  # per section; the JSON file has everything


_WORD = re.compile(r"^[a-z]+(_[a-z]+)+$")  # an enum value such as "in_progress"
_MONEY_KEYS = frozenset({"amount", "price", "budget", "cost", "goodwill_cost", "trade_in_value"})


# (section, column) -> the enum its stored values belong to, shown as words (services/enum_words.py)
ENUM_COLUMNS: dict[tuple[str, str], type[Enum]] = {
    ("contact", "kind"): ContactKind,
    ("contact", "civility"): Civility,
    ("contact", "lifecycle"): Lifecycle,
    ("contact", "preferred_channel"): Channel,
    ("contact", "source_channel"): SourceChannel,
    ("contact", "wanted_body"): BodyType,
    ("contact", "wanted_fuel"): Fuel,
    ("consents", "channel"): Channel,
    ("consents", "purpose"): ConsentPurpose,
    ("consents", "status"): ConsentStatus,
    ("links", "kind"): LinkKind,
    ("interactions", "type"): InteractionType,
    ("interactions", "direction"): Direction,
    ("interactions", "outcome"): CallOutcome,
    ("tasks", "kind"): TaskKind,
    ("opportunities", "stage"): Stage,
    ("sales", "financing"): Financing,
    ("service_visits", "kind"): ServiceKind,
    ("claims", "category"): ClaimCategory,
    ("claims", "status"): ClaimStatus,
    ("claim_events", "from_status"): ClaimStatus,
    ("claim_events", "to_status"): ClaimStatus,
    ("campaigns", "campaign_kind"): CampaignKind,
    ("campaigns", "status"): TargetStatus,
    ("campaigns", "last_outcome"): CallOutcome,
    ("audit", "action"): AuditAction,
}


def _shown(key: str, value: Any, tz: ZoneInfo, language: str = "fr", section: str = "contact") -> str:
    enum = ENUM_COLUMNS.get((section, key))
    if enum is not None and isinstance(value, str) and value:
        return word_of(enum, value, language)
    if value is None or value == "" or value == {} or value == []:
        return "—"
    if isinstance(value, bool):
        with i18n.use(language):
            return _("yes") if value else _("no")
    if key == "changes" and isinstance(value, dict):
        return ", ".join(k.replace("_", " ") for k in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    text = str(value)
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", text):
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return i18n.datetime(moment.astimezone(tz), language)
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return i18n.date(dt.date.fromisoformat(text), language)
    if key in _MONEY_KEYS and re.match(r"^-?\d+(\.\d+)?$", text):
        return i18n.money(Decimal(text), language)
    from dealercrm.services.kpi.texts import LABELS, label

    if text in LABELS:  # a channel, a claim category, a stage: a word in the reader's language
        return label(text, language)
    return text.replace("_", " ") if _WORD.match(text) else text


def _vehicle_labels(data: dict[str, Any]) -> dict[Any, str]:
    return {
        v["id"]: " ".join(
            str(p) for p in (v.get("make"), v.get("model"), v.get("plate") or v.get("vin")) if p
        )
        for v in data.get("vehicles") or []
    }


def render_pdf(
    data: dict[str, Any], *, dealership: str, now: dt.datetime, tz: ZoneInfo, language: str = "fr"
) -> bytes:
    """A readable A4 document of `collect()`'s data: a profile table, then one small table per section.
    For the person it is about, so in the dealership's `language`, whoever exports it."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from dealercrm.services import pdf

    styles = pdf.styles()
    body = ParagraphStyle("body", parent=styles["body"], fontSize=8.5, leading=10.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#4b5563"))
    head = ParagraphStyle("head", parent=small, fontName=pdf.FONT_BOLD, textColor=colors.HexColor("#374151"))
    heading = ParagraphStyle(
        "heading",
        parent=body,
        fontName=pdf.FONT_BOLD,
        fontSize=11.5,
        leading=14,
        spaceBefore=10,
        spaceAfter=4,
    )
    title = ParagraphStyle("title", parent=body, fontName=pdf.FONT_BOLD, fontSize=16, leading=20)
    esc = pdf.esc

    width = 180 * mm
    grid_style = TableStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f4f6")),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#e5e7eb")),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    contact = data["contact"]
    name = _display_name(
        contact.get("first_name"),
        contact.get("last_name"),
        contact.get("company_name"),
        ContactKind(contact.get("kind", "person")),
    )
    words = pdf.Words(TEXT, language)
    labels = i18n.translations(language)
    when = i18n.datetime(now.astimezone(tz), language)
    story: list[Any] = [
        Paragraph(esc(words("title", name=name or f"#{contact['id']}")), title),
        Spacer(1, 2 * mm),
        Paragraph(
            esc(
                words(
                    "intro",
                    dealership=dealership or words.gettext("the dealership"),
                    when=when,
                    tz=tz.key,
                )
            ),
            small,
        ),
        Paragraph(esc(words("contact")), heading),
    ]
    facts = [
        (labels.pgettext(*label), _shown(key, contact.get(key), tz, language))
        for key, label in PROFILE_FIELDS
    ]
    facts = [(label, value) for label, value in facts if value != "—"]
    rows = [[Paragraph(esc(label), head), Paragraph(esc(value), body)] for label, value in facts]
    profile = Table(rows, colWidths=[45 * mm, width - 45 * mm])
    profile.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#e5e7eb")),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    story.append(profile)
    vehicles = _vehicle_labels(data)
    for section, columns in TABLES.items():
        records = data.get(section) or []
        story.append(Paragraph(esc(f"{words(section)} ({i18n.number(len(records), language)})"), heading))
        if not records:
            story.append(Paragraph(esc(words("none")), small))
            continue
        total = sum(c[2] for c in columns)
        widths = [width * c[2] / total for c in columns]
        table_rows = [[Paragraph(esc(labels.pgettext(*c[1])), head) for c in columns]]
        for record in records[:MAX_PDF_ROWS]:
            if "vehicle_id" in record:
                record = {**record, "vehicle": vehicles.get(record["vehicle_id"], record["vehicle_id"])}
            table_rows.append(
                [Paragraph(esc(_shown(c[0], record.get(c[0]), tz, language, section)), body) for c in columns]
            )
        table = Table(table_rows, colWidths=widths, repeatRows=1)
        table.setStyle(grid_style)
        story.append(table)
        if len(records) > MAX_PDF_ROWS:
            more = len(records) - MAX_PDF_ROWS
            story.append(
                Paragraph(
                    esc(
                        words.ngettext(
                            "… and {n} more record (see the JSON file).",
                            "… and {n} more records (see the JSON file).",
                            more,
                        )
                    ),
                    small,
                )
            )

    return pdf.build(
        story,
        title=words("title", name=name),
        author=dealership or "dealercrm",
        language=words.lang,
        footer_left=f"{dealership or 'dealercrm'} — {when}",
        generated="",
        margins=(15 * mm, 15 * mm, 14 * mm, 16 * mm),
    )


# Erasure --------------------------------------------------------------------------------------------------


def _scrub_json_rows(
    session: Session,
    *,
    table: Any,
    id_column: Any,
    json_column: Any,
    where: ColumnElement[bool],
    identifiers: Sequence[str],
) -> int:
    changed = 0
    for row_id, value in session.execute(select(id_column, json_column).where(where)).all():
        if value is None:
            continue
        scrubbed = scrub_value(value, identifiers=identifiers)
        if scrubbed != value:
            session.execute(update(table).where(id_column == row_id).values({json_column.key: scrubbed}))
            changed += 1
    return changed


def erase_in_session(session: Session, *, contact_id: int, now: dt.datetime) -> ErasureResult:
    """Anonymise one contact inside the caller's unit of work (see the module docstring)."""
    row = session.execute(
        select(
            Contact.kind,
            Contact.first_name,
            Contact.last_name,
            Contact.company_name,
            Contact.email,
            Contact.mobile,
            Contact.landline,
            Contact.erased_at,
        ).where(Contact.id == contact_id)
    ).first()
    if row is None:
        raise NotFound(_("No contact #{contact_id}.").format(contact_id=contact_id))
    if row.erased_at is not None:
        raise ValidationError(
            {"contact": _("Contact #{contact_id} was already erased.").format(contact_id=contact_id)}
        )
    full_name = _display_name(row.first_name, row.last_name, row.company_name, row.kind)
    identifiers = sorted(
        {
            i
            for i in (full_name, row.email, *phone_forms(row.mobile), *phone_forms(row.landline))
            if i and len(i) >= 5
        }
    )
    # The JSON column stores non-ASCII as \u escapes: look for both spellings.
    patterns = sorted({p for i in identifiers for p in (i, json.dumps(i)[1:-1])})

    suppressed = 0
    for number in (row.mobile, row.landline):
        if number and add_to_suppression(session, kind="phone", value=number, reason=SUPPRESSION_REASON):
            suppressed += 1
    if row.email and add_to_suppression(session, kind="email", value=row.email, reason=SUPPRESSION_REASON):
        suppressed += 1
    session.flush()

    related = _related_ids(session, contact_id)
    scrubbed: dict[str, int] = {}

    def run(name: str, statement: Any) -> None:
        result = session.execute(statement.execution_options(synchronize_session=False))
        count = getattr(result, "rowcount", 0)
        if count:
            scrubbed[name] = scrubbed.get(name, 0) + int(count)

    def clear(name: str, column: Any, where: Any) -> None:
        """Empty one column on the rows `where` selects, where it holds something."""
        run(name, update(column.class_).where(where, column.is_not(None)).values({column: None}))

    def overwrite(
        name: str, where: Any, *, erased: Sequence[Any], if_set: Sequence[Any] = (), blank: Sequence[Any] = ()
    ) -> None:
        """On the rows `where` selects: ERASED in the `erased` columns, and in the `if_set` ones where they
        hold something; the `blank` ones emptied."""
        model = erased[0].class_
        values = {
            **{column: ERASED for column in erased},
            **{column: case((column.is_(None), None), else_=literal(ERASED)) for column in if_set},
            **{column: None for column in blank},
        }
        run(name, update(model).where(where).values({**values, model.updated_at: now}))

    is_company = row.kind is ContactKind.COMPANY
    run(
        "contacts",
        update(Contact)
        .where(Contact.id == contact_id)
        .values(
            # Every personal field blank, but the name the "named" check constraint requires.
            **{
                name: CONTACT_FIELDS[name].blank
                for name in personal_fields()
                if name not in ("last_name", "company_name")
            },
            last_name=None if is_company else ERASED,
            company_name=ERASED if is_company else None,
            erased_at=now,
            updated_at=now,
            version=Contact.version + 1,
        ),
    )
    clear("interactions", Interaction.summary, Interaction.contact_id == contact_id)
    overwrite("tasks", Task.contact_id == contact_id, erased=[Task.title], blank=[Task.notes, Task.location])
    overwrite(
        "opportunities",
        Opportunity.contact_id == contact_id,
        erased=[Opportunity.title],
        if_set=[Opportunity.lost_reason],
    )
    overwrite("claims", Claim.contact_id == contact_id, erased=[Claim.description], if_set=[Claim.resolution])
    if related["claim_events"]:
        clear("claim_events", ClaimEvent.note, ClaimEvent.id.in_(related["claim_events"]))
    clear("service_visits", ServiceVisit.notes, ServiceVisit.contact_id == contact_id)
    clear("vehicles", Vehicle.condition_notes, Vehicle.owner_contact_id == contact_id)
    clear("campaign_targets", CampaignTarget.message_id, CampaignTarget.contact_id == contact_id)
    run(
        "contact_links",
        delete(ContactLink).where(
            or_(ContactLink.from_contact_id == contact_id, ContactLink.to_contact_id == contact_id)
        ),
    )

    # The import journal: values an import overwrote on their records.
    journal = [
        and_(ImportRow.entity == entity, ImportRow.entity_id.in_(ids))
        for entity, ids in related.items()
        if ids
    ]
    clear("import_rows", ImportRow.before, or_(*journal))

    # The audit log: entries about their records, and any other entry that quotes them.
    about = [
        and_(AuditEntry.entity == entity, AuditEntry.entity_id.in_(ids))
        for entity, ids in related.items()
        if ids
    ]
    changes_text = cast(AuditEntry.changes, String)
    quoting = [changes_text.like(f"%{p}%") for p in patterns]
    audit_rows = session.execute(
        select(AuditEntry.id, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.changes).where(
            or_(*about, *quoting)
        )
    ).all()
    related_keys = {(entity, i) for entity, ids in related.items() for i in ids}
    audit_scrubbed = 0
    for entry_id, entity, entity_id, changes in audit_rows:
        if not changes:
            continue
        if (entity, entity_id) in related_keys:
            new = {
                k: scrub_value(v, identifiers=identifiers, personal=k in PERSONAL_KEYS)
                for k, v in changes.items()
            }
        else:
            new = scrub_value(changes, identifiers=identifiers)
        if new != changes:
            session.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(changes=new))
            audit_scrubbed += 1

    owe_compaction(session)
    log_event(
        session,
        action=AuditAction.ERASE,
        entity="contacts",
        entity_id=contact_id,
        changes={
            "erased": True,
            "suppressed": suppressed,
            "records_scrubbed": scrubbed,
            "audit_entries_scrubbed": audit_scrubbed,
        },
    )
    return ErasureResult(contact_id, suppressed, scrubbed, audit_scrubbed, space_reclaimed=False)


def _engine(session_factory: sessionmaker[Session]) -> Engine | None:
    bind = session_factory.kw.get("bind")
    return bind if isinstance(bind, Engine) else None


# Compaction owed after an erasure -------------------------------------------------------------------------


def owe_compaction(session: Session) -> None:
    """Record, in the caller's transaction, that the file must still be compacted (see the module
    docstring): the erasure and its debt commit together, so a crash cannot lose the debt."""
    write_setting(session, COMPACTION_PENDING, int(read_setting(session, COMPACTION_PENDING) or 0) + 1)


def compaction_pending(session_factory: sessionmaker[Session]) -> bool:
    """Whether an erasure still waits for the file to be compacted."""
    with session_factory() as session:
        return bool(read_setting(session, COMPACTION_PENDING))


def finish_compaction(
    session_factory: sessionmaker[Session], *, wait_seconds: float | None = None, force: bool = False
) -> Compaction:
    """Compact the file if an erasure left that owed (always when `force`), waiting at most
    `wait_seconds` for other connections (default `db.backups.RECLAIM_WAIT_SECONDS`); the debt is cleared
    only when the compaction completed and no erasure raised it meanwhile. No permission check: finishing
    an erasure is a duty, whoever happens to trigger it (the backup scheduler runs for any user)."""
    started = time.perf_counter()
    with session_factory() as session:
        owed = int(read_setting(session, COMPACTION_PENDING) or 0)
    if not owed and not force:
        return Compaction(True, False, 0.0)
    engine = _engine(session_factory)
    wait = db_backups.RECLAIM_WAIT_SECONDS if wait_seconds is None else wait_seconds
    done = (
        True
        if engine is None
        else db_backups.reclaim_erased_space(engine, wait_seconds=wait, tables=ERASURE_TABLES)
    )
    if done and owed:
        # Compare and clear: an erasure committed after the read above keeps its debt (at worst the
        # next opportunity compacts once more for nothing). The pages this writes were rewritten by the
        # VACUUM: they hold nothing erased.
        with unit_of_work(session_factory, None) as session:
            if int(read_setting(session, COMPACTION_PENDING) or 0) == owed:
                write_setting(session, COMPACTION_PENDING, 0)
    return Compaction(done, bool(owed), round(time.perf_counter() - started, 3))


# Retention --------------------------------------------------------------------------------------------------


def retention_due(session: Session, *, now: dt.datetime) -> list[RetentionRow]:
    """Persons whose retention period is over at `now`, the longest-due first (see the module docstring)."""
    cutoff = years_before(now, RETENTION_YEARS)
    cutoff_day = cutoff.date()
    name = func.trim(
        func.coalesce(Contact.first_name, "") + literal(" ") + func.coalesce(Contact.last_name, "")
    )
    alive = and_(Contact.erased_at.is_(None), Contact.kind == ContactKind.PERSON)

    prospect_clock = func.coalesce(Contact.last_inbound_at, Contact.created_at)
    prospects = session.execute(
        select(Contact.id, name.label("name"), Contact.lifecycle, prospect_clock.label("clock")).where(
            alive, Contact.lifecycle.in_((Lifecycle.PROSPECT, Lifecycle.LOST)), prospect_clock <= cutoff
        )
    ).all()

    events = union_all(
        select(Sale.contact_id.label("contact_id"), Sale.sold_on.label("day")),
        select(Sale.contact_id, Sale.warranty_end_on).where(Sale.warranty_end_on.is_not(None)),
        select(ServiceVisit.contact_id, ServiceVisit.visited_on).where(ServiceVisit.contact_id.is_not(None)),
    ).subquery("relationship_events")
    ends = (
        select(events.c.contact_id, func.max(events.c.day).label("ended_on"))
        .group_by(events.c.contact_id)
        .subquery("relationship_ends")
    )
    open_opportunity = (
        select(Opportunity.id)
        .where(Opportunity.contact_id == Contact.id, Opportunity.stage.in_(OPEN_STAGES))
        .exists()
    )
    open_claim = select(Claim.id).where(Claim.contact_id == Contact.id, Claim.status.in_(OPEN_CLAIM)).exists()
    customers = session.execute(
        select(
            Contact.id,
            name.label("name"),
            Contact.lifecycle,
            ends.c.ended_on,
            Contact.created_at,
            Contact.last_inbound_at,
        )
        .outerjoin(ends, ends.c.contact_id == Contact.id)
        .where(
            alive,
            Contact.lifecycle == Lifecycle.CUSTOMER,
            or_(
                ends.c.ended_on <= cutoff_day,
                and_(ends.c.ended_on.is_(None), Contact.created_at <= cutoff),
            ),
            or_(Contact.last_inbound_at.is_(None), Contact.last_inbound_at <= cutoff),
            ~open_opportunity,
            ~open_claim,
        )
    ).all()

    rows: list[RetentionRow] = []
    for r in prospects:
        start = r.clock.date() if isinstance(r.clock, dt.datetime) else _as_date(r.clock)
        rows.append(
            RetentionRow(
                r.id,
                r.name,
                r.lifecycle,
                start,
                add_years(start, RETENTION_YEARS),
                f"No contact from their side since {start.isoformat()}",
                "no_inbound",
            )
        )
    for r in customers:
        if r.ended_on is not None:
            start = _as_date(r.ended_on)
            reason = f"Relationship ended {start.isoformat()} (last sale, visit or warranty)"
            basis = "relationship_ended"
        else:
            start = r.created_at.date()
            reason = f"No sale, visit or warranty recorded; customer since {start.isoformat()}"
            basis = "no_activity"
        if r.last_inbound_at is not None and r.last_inbound_at.date() > start:
            start = r.last_inbound_at.date()
            reason = f"No contact from their side since {start.isoformat()}"
            basis = "no_inbound"
        rows.append(
            RetentionRow(r.id, r.name, r.lifecycle, start, add_years(start, RETENTION_YEARS), reason, basis)
        )
    rows.sort(key=lambda row: (row.clock_start, row.contact_id))
    return rows


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


# Re-consent -------------------------------------------------------------------------------------------------

RECONSENT_SUBJECT = (
    "Souhaitez-vous continuer à recevoir nos nouvelles ? / Do you want to keep hearing from us?"
)
RECONSENT_EMAIL = """Bonjour,

Nous ne nous sommes pas parlé depuis un moment. Souhaitez-vous continuer à recevoir nos offres et nos
nouvelles ? Il vous suffit de nous le confirmer en répondant à ce message ou en nous appelant. Sans
réponse de votre part, nous effacerons vos coordonnées de nos fichiers.

Hello,

We have not been in touch for a while. Would you like to keep hearing from us (offers and news)? Just
confirm it by replying to this message or by calling us. Without an answer, we will erase your details
from our files.
"""
RECONSENT_SMS = (
    "Souhaitez-vous continuer à recevoir nos offres ? Répondez OUI pour confirmer, STOP pour refuser. / "
    "Keep hearing from us? Reply YES to confirm, STOP to refuse."
)
RECONSENT_SCRIPT = """Se présenter, rappeler le dernier contact avec la concession.
Demander : « Souhaitez-vous continuer à recevoir nos offres et nos nouvelles ? »
- Oui : enregistrer le consentement (canal et date) sur la fiche.
- Non : enregistrer le refus ; la fiche sera anonymisée.

Introduce yourself and mention the last contact with the dealership.
Ask: "Would you like to keep hearing from us (offers and news)?"
- Yes: record the consent (channel and date) on the contact.
- No: record the refusal; the contact will be anonymised.
"""


def reconsent_message(kind: CampaignKind) -> tuple[str | None, str | None, str | None]:
    """The default (subject, body, script) of a re-consent campaign of `kind`, in French then English."""
    if kind is CampaignKind.EMAIL:
        return RECONSENT_SUBJECT, RECONSENT_EMAIL, None
    if kind is CampaignKind.SMS:
        return None, RECONSENT_SMS, None
    return None, None, RECONSENT_SCRIPT


# The service ------------------------------------------------------------------------------------------------


class GdprService(Service):
    """Access, erasure and retention, for managers and administrators (`gdpr.manage`)."""

    def collect(self, *, contact_id: int) -> dict[str, Any]:
        """Everything held about one contact, as JSON-able data (nothing is written)."""
        require(self._actor, "gdpr.manage")
        with self._session_factory() as session:
            return collect(session, contact_id=contact_id)

    def export(self, *, contact_id: int, folder: Path, now: dt.datetime | None = None) -> GdprExport:
        """Write `contact-<id>-<date>.json` and `.pdf` into `folder`: everything held about one person.
        The export is audit-logged (which sections, how many records; no personal data)."""
        require(self._actor, "gdpr.manage")
        started = time.perf_counter()
        now = now or utcnow()
        with self._session_factory() as session:
            data = collect(session, contact_id=contact_id)
            dealership = str(read_setting(session, "dealership.name") or "")
            tz = dealership_timezone(session)
            language = dealership_language(session)  # the person it is about reads it
        document = {
            "format": "dealercrm-gdpr-export/1",
            "generated_at": jsonable(now),
            "dealership": dealership,
            **data,
        }
        folder.mkdir(parents=True, exist_ok=True)
        base = folder / f"contact-{contact_id}-{now.astimezone(dt.UTC).strftime('%Y%m%d-%H%M%S')}"
        json_path, pdf_path = base.with_suffix(".json"), base.with_suffix(".pdf")
        json_path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        pdf_path.write_bytes(render_pdf(data, dealership=dealership, now=now, tz=tz, language=language))
        sections = {k: (len(v) if isinstance(v, list) else 1) for k, v in data.items()}
        self._log_export(
            entity="contacts", entity_id=contact_id, changes={"gdpr_access": True, "sections": sections}
        )
        return GdprExport(contact_id, json_path, pdf_path, sections, round(time.perf_counter() - started, 3))

    def erase(
        self,
        *,
        contact_id: int,
        now: dt.datetime | None = None,
        reclaim: bool = True,
        wait_seconds: float | None = None,
    ) -> ErasureResult:
        """Anonymise one person everywhere (statistics keep their sales and claims), then make the file
        forget (full-text merge, VACUUM, WAL truncated) unless `reclaim` is False. `space_reclaimed` is
        False when other connections kept the database busy beyond `wait_seconds`: the compaction stays
        owed and is finished at the next opportunity (see `finish_compaction`)."""
        require(self._actor, "gdpr.manage")
        now = now or utcnow()
        with unit_of_work(self._session_factory, self._actor) as session:
            result = erase_in_session(session, contact_id=contact_id, now=now)
        reclaimed = self.finish_compaction(wait_seconds=wait_seconds).done if reclaim else False
        return ErasureResult(
            result.contact_id,
            result.suppressed,
            result.records_scrubbed,
            result.audit_entries_scrubbed,
            reclaimed,
        )

    def reclaim_space(self, *, wait_seconds: float | None = None) -> bool:
        """Rewrite the database file so that erased values no longer sit in free pages or index segments;
        False when the database stayed busy (the compaction stays owed if an erasure owed it)."""
        require(self._actor, "gdpr.manage")
        return finish_compaction(self._session_factory, wait_seconds=wait_seconds, force=True).done

    def finish_compaction(self, *, wait_seconds: float | None = None) -> Compaction:
        """Finish the compaction an earlier erasure could not (a no-op when none is owed)."""
        require(self._actor, "gdpr.manage")
        return finish_compaction(self._session_factory, wait_seconds=wait_seconds)

    def compaction_pending(self) -> bool:
        """Whether an erasure still waits for the database file to be compacted."""
        require(self._actor, "gdpr.manage")
        return compaction_pending(self._session_factory)

    def to_review(self, *, now: dt.datetime | None = None) -> list[RetentionRow]:
        """Persons whose retention period is over: to re-consent or anonymise."""
        require(self._actor, "gdpr.manage")
        with self._session_factory() as session:
            return retention_due(session, now=now or utcnow())

    def create_reconsent_campaign(
        self,
        *,
        contact_ids: Iterable[int],
        kind: CampaignKind = CampaignKind.EMAIL,
        name: str,
        now: dt.datetime | None = None,
    ) -> int:
        """Create a draft campaign whose target is exactly `contact_ids` (e.g. the retention list), with a
        default message asking them to confirm they want to keep hearing from the dealership; returns its
        id. Its objective is loyalty when they are all customers, else prospecting. Erased or unknown ids
        are left out. Freezing it (Campaigns page) runs the compliance check as for any campaign.
        Allowed with `campaigns.manage` or `gdpr.manage`."""
        if not can(self._actor, "campaigns.manage"):
            require(self._actor, "gdpr.manage")
        kind = CampaignKind(kind)
        if not name.strip():
            raise ValidationError({"name": _("A campaign needs a name.")})
        wanted = sorted(set(contact_ids))
        if not wanted:
            raise ValidationError({"contact_ids": _("Choose at least one contact.")})
        if len(wanted) > MAX_IDS:
            raise ValidationError(
                {"contact_ids": _("At most {MAX_IDS} contacts per campaign.").format(MAX_IDS=MAX_IDS)}
            )
        check_filters({"ids": wanted})
        subject, body, script = reconsent_message(kind)
        with unit_of_work(self._session_factory, self._actor) as session:
            today = dealership_today(session, now=now)
            found = session.execute(
                select(Contact.id, Contact.lifecycle).where(segment_clause({"ids": wanted}, today=today))
            ).all()
            if not found:
                raise ValidationError({"contact_ids": _("None of these contacts exists any more.")})
            all_customers = all(r.lifecycle == Lifecycle.CUSTOMER for r in found)
            campaign = Campaign(
                name=name.strip()[:160],
                kind=kind,
                objective=CampaignObjective.LOYALTY if all_customers else CampaignObjective.PROSPECTING,
                status=CampaignStatus.DRAFT,
                starts_on=today,
                owner_id=self._user_id,
                filters={"ids": sorted(r.id for r in found)},
                subject=subject,
                body=body,
                script=script,
            )
            session.add(campaign)
            session.flush()
            log_event(
                session,
                action=AuditAction.CREATE,
                entity="campaigns",
                entity_id=campaign.id,
                changes={"reconsent": True, "kind": kind.value, "contacts": len(found)},
            )
            return campaign.id

    def purge(
        self,
        *,
        contact_ids: Iterable[int] | None = None,
        now: dt.datetime | None = None,
        progress: Progress | None = None,
    ) -> PurgeResult:
        """Anonymise every listed contact (default: everyone due for review now), one transaction per
        contact so that stopping keeps what is done; then reclaim the space once."""
        require(self._actor, "gdpr.manage")
        progress = progress or Progress()
        now = now or utcnow()
        ids = (
            list(contact_ids) if contact_ids is not None else [r.contact_id for r in self.to_review(now=now)]
        )
        erased: list[int] = []
        skipped = 0
        cancelled = False
        total = len(ids)
        try:
            for done, contact_id in enumerate(ids):
                progress.update(
                    done, total, _("Anonymising {value} of {total}").format(value=done + 1, total=total)
                )
                try:
                    with unit_of_work(self._session_factory, self._actor) as session:
                        erase_in_session(session, contact_id=contact_id, now=now)
                except (NotFound, ValidationError):
                    skipped += 1
                    continue
                erased.append(contact_id)
            progress.update(total, total, _("Compacting the database"))
        except Cancelled:
            cancelled = True
        reclaimed = self.finish_compaction().done
        return PurgeResult(len(erased), skipped, cancelled, reclaimed, tuple(erased))
