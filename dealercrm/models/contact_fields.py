"""What each column of `Contact` is for: the one description that duplicates, import, export, the
contact form and GDPR erasure read their field lists from, so that they cannot drift apart.

Every column of `contacts` is described here, and each description must say whether the column is
personal data (tests/unit/test_contact_fields.py fails on a column added to the model without one).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class FieldRole(StrEnum):
    # Who the contact is: name, company, SIREN, birth date.
    IDENTITY = "identity"
    # How to reach the contact: phones, e-mail, postal address, social profiles.
    CONTACT_DETAILS = "contact_details"
    # Text typed freely by the staff; may say anything about anyone.
    FREE_TEXT = "free_text"
    # What the contact wants to buy, as the salesperson notes it.
    NEEDS = "needs"
    # Typed by a person: edited in the contact form, chosen side by side when merging two contacts.
    ENTERED = "entered"
    # Indexed for the full-text search (dealercrm.db.fts.INDEXES["contacts"]).
    SEARCHABLE = "searchable"
    # Identifies or describes the person: cleared when the contact is erased (GDPR art. 17) and scrubbed
    # from the audit log and the import journal under its name.
    PERSONAL_DATA = "personal_data"
    # Computed from other columns or other tables (never typed).
    DERIVED = "derived"
    # Kept by the application itself: keys, timestamps, version counter.
    SYSTEM = "system"


@dataclass(frozen=True)
class ContactField:
    name: str
    roles: frozenset[FieldRole]
    # The value the column takes when its personal data is erased (a NOT NULL JSON column gets an empty
    # container, the others NULL). Meaningful for personal-data fields only.
    blank: Any = None

    @property
    def personal(self) -> bool:
        return FieldRole.PERSONAL_DATA in self.roles


def _field(name: str, *roles: FieldRole, personal: bool, blank: Any = None) -> ContactField:
    """`personal` is required: no column is described without saying whether it is personal data."""
    return ContactField(name, frozenset(roles) | ({FieldRole.PERSONAL_DATA} if personal else set()), blank)


R = FieldRole

# In the model's column order (the order duplicates shows fields in when merging).
_FIELDS = (
    _field("id", R.SYSTEM, personal=False),
    _field("kind", R.ENTERED, personal=False),
    _field("civility", R.IDENTITY, R.ENTERED, personal=True),
    _field("first_name", R.IDENTITY, R.ENTERED, R.SEARCHABLE, personal=True),
    # Erasure replaces the name the "named" check constraint requires by "[erased]" (see gdpr).
    _field("last_name", R.IDENTITY, R.ENTERED, R.SEARCHABLE, personal=True),
    _field("company_name", R.IDENTITY, R.ENTERED, R.SEARCHABLE, personal=True),
    _field("siren", R.IDENTITY, R.ENTERED, personal=True),
    _field("job_title", R.IDENTITY, R.ENTERED, personal=True),
    _field("birth_date", R.IDENTITY, R.ENTERED, personal=True),
    _field("mobile", R.CONTACT_DETAILS, R.ENTERED, personal=True),
    _field("landline", R.CONTACT_DETAILS, R.ENTERED, personal=True),
    _field("search_phones", R.CONTACT_DETAILS, R.DERIVED, R.SEARCHABLE, personal=True),
    _field("email", R.CONTACT_DETAILS, R.ENTERED, R.SEARCHABLE, personal=True),
    _field("address_line1", R.CONTACT_DETAILS, R.ENTERED, personal=True),
    _field("address_line2", R.CONTACT_DETAILS, R.ENTERED, personal=True),
    _field("postal_code", R.CONTACT_DETAILS, R.ENTERED, R.SEARCHABLE, personal=True),
    _field("city", R.CONTACT_DETAILS, R.ENTERED, R.SEARCHABLE, personal=True),
    # Kept after erasure: on its own it identifies nobody, and the statistics count by it.
    _field("country", R.CONTACT_DETAILS, R.ENTERED, personal=False),
    _field("preferred_channel", R.CONTACT_DETAILS, R.ENTERED, personal=True),
    _field("source_channel", R.ENTERED, personal=False),
    _field("source_campaign_id", R.SYSTEM, personal=False),
    _field("owner_id", R.ENTERED, personal=False),
    _field("lifecycle", R.ENTERED, personal=False),
    _field("lost_reason", R.FREE_TEXT, R.ENTERED, personal=True),
    # The needs are kept after erasure, anonymous, for the sales statistics.
    _field("budget", R.NEEDS, R.ENTERED, personal=False),
    _field("wanted_model", R.NEEDS, R.ENTERED, personal=False),
    _field("wanted_body", R.NEEDS, R.ENTERED, personal=False),
    _field("wanted_fuel", R.NEEDS, R.ENTERED, personal=False),
    _field("has_trade_in", R.NEEDS, R.ENTERED, personal=False),
    _field("wants_financing", R.NEEDS, R.ENTERED, personal=False),
    _field("notes", R.FREE_TEXT, R.ENTERED, personal=True),
    _field("social_profiles", R.CONTACT_DETAILS, personal=True, blank={}),
    _field("last_contact_at", R.DERIVED, personal=False),
    _field("last_inbound_at", R.DERIVED, personal=False),
    _field("score", R.DERIVED, personal=False),
    # The reasons quote the contact's own data ("Budget: 30 000 €", "Came from: ...").
    _field("score_reasons", R.DERIVED, personal=True, blank=[]),
    _field("score_updated_at", R.DERIVED, personal=False),
    _field("erased_at", R.SYSTEM, personal=False),
    _field("version", R.SYSTEM, personal=False),
    _field("created_at", R.SYSTEM, personal=False),
    _field("updated_at", R.SYSTEM, personal=False),
)

CONTACT_FIELDS: Mapping[str, ContactField] = MappingProxyType({f.name: f for f in _FIELDS})


def fields_with(role: FieldRole) -> tuple[str, ...]:
    """The names of the contact columns having `role`, in the model's column order."""
    return tuple(f.name for f in _FIELDS if role in f.roles)


def fields_without(role: FieldRole) -> tuple[str, ...]:
    return tuple(f.name for f in _FIELDS if role not in f.roles)


def personal_fields() -> tuple[str, ...]:
    return fields_with(FieldRole.PERSONAL_DATA)
