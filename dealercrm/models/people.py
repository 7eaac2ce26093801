"""Users of the app, the dealership's contacts, the links between them, and their consents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dealercrm.models.base import Base, Timestamped, enum_column
from dealercrm.models.enums import (
    BodyType,
    Channel,
    Civility,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Fuel,
    Lifecycle,
    LinkKind,
    Role,
    SourceChannel,
)
from dealercrm.models.search_terms import phone_search_terms
from dealercrm.models.types import Money, utcnow


class User(Timestamped, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    # The interface language this user works in ("fr" or "en").
    language: Mapped[str] = mapped_column(String(5), default="fr", server_default="fr")
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None]
    last_login_at: Mapped[dt.datetime | None]

    def __repr__(self) -> str:
        return f"User({self.login!r}, {self.role.value})"


def contact_display_name(
    kind: ContactKind | str | None, first: str | None, last: str | None, company: str | None
) -> str:
    """The one name a contact is shown by, everywhere (screens, PDFs, exports, search): a company by
    its company name, a person by first and last name; either falls back on the other when empty.
    `kind` may be the plain string a raw SQL row hands back."""
    person = " ".join(p for p in (first, last) if p)
    if kind == ContactKind.COMPANY:
        return company or person
    return person or (company or "")


def display_name_sql() -> Any:
    """`contact_display_name` as an SQL expression over the contacts table (for queries that select
    names without loading contacts)."""
    from sqlalchemy import case, func, literal

    person = func.trim(
        func.coalesce(Contact.first_name, "") + literal(" ") + func.coalesce(Contact.last_name, "")
    )
    company = func.coalesce(Contact.company_name, "")
    return case(
        (Contact.kind == ContactKind.COMPANY, func.coalesce(func.nullif(company, ""), person)),
        else_=func.coalesce(func.nullif(person, ""), company),
    )


class Contact(Timestamped, Base):
    """A person or a company the dealership deals with, from first lead to loyal customer."""

    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_name", "last_name", "first_name"),
        Index("ix_contacts_company", "company_name"),
        Index("ix_contacts_owner_lifecycle", "owner_id", "lifecycle"),
        Index("ix_contacts_lifecycle_last_contact", "lifecycle", "last_contact_at"),
        Index("ix_contacts_source", "source_channel"),
        Index("ix_contacts_mobile", "mobile"),
        Index("ix_contacts_landline", "landline"),
        Index("ix_contacts_email", "email"),
        Index("ix_contacts_postal_code", "postal_code"),
        Index("ix_contacts_score", "score"),
        Index("ix_contacts_created", "created_at"),
        # The dashboard's leads and prospects of a period with their owner and channel (migration 0016).
        Index("ix_contacts_kpi", "created_at", "owner_id", "source_channel"),
        # The contacts list sorted by last contact or by city, paged by (key, id): walked in order, so a
        # page reads about `limit` rows whatever the number of contacts (migration 0008; on PostgreSQL
        # both columns are NULLS FIRST, the list's order). The city key is the list's `coalesce(city, '')`.
        Index("ix_contacts_last_contact", "last_contact_at", "id"),
        Index("ix_contacts_city_key", text("coalesce(city, '')"), "id"),
        # KPIs: score distribution of the open prospects (covering).
        Index("ix_contacts_lifecycle_score", "lifecycle", "erased_at", "score", "owner_id"),
        CheckConstraint(
            "(kind = 'person' AND last_name IS NOT NULL) OR (kind = 'company' AND company_name IS NOT NULL)",
            name="named",
        ),
        CheckConstraint("score IS NULL OR (score BETWEEN 0 AND 100)", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ContactKind] = mapped_column(enum_column(ContactKind, "contact_kind"))
    civility: Mapped[Civility | None] = mapped_column(enum_column(Civility, "civility"))
    first_name: Mapped[str | None] = mapped_column(String(80))
    last_name: Mapped[str | None] = mapped_column(String(80))
    company_name: Mapped[str | None] = mapped_column(String(160))
    siren: Mapped[str | None] = mapped_column(String(9))
    job_title: Mapped[str | None] = mapped_column(String(120))
    birth_date: Mapped[dt.date | None]
    mobile: Mapped[str | None] = mapped_column(String(20))  # E.164
    landline: Mapped[str | None] = mapped_column(String(20))  # E.164
    # Derived from mobile and landline (see search_terms.phone_search_terms), for full-text search.
    search_phones: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    address_line1: Mapped[str | None] = mapped_column(String(160))
    address_line2: Mapped[str | None] = mapped_column(String(160))
    postal_code: Mapped[str | None] = mapped_column(String(10))
    city: Mapped[str | None] = mapped_column(String(80))
    country: Mapped[str] = mapped_column(String(2), default="FR")
    preferred_channel: Mapped[Channel | None] = mapped_column(enum_column(Channel, "preferred_channel"))
    source_channel: Mapped[SourceChannel] = mapped_column(
        enum_column(SourceChannel, "source_channel"), default=SourceChannel.OTHER
    )
    source_campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    lifecycle: Mapped[Lifecycle] = mapped_column(
        enum_column(Lifecycle, "lifecycle"), default=Lifecycle.PROSPECT
    )
    lost_reason: Mapped[str | None] = mapped_column(String(200))
    # Needs, as the salesperson notes them.
    budget: Mapped[Decimal | None] = mapped_column(Money)
    wanted_model: Mapped[str | None] = mapped_column(String(80))
    wanted_body: Mapped[BodyType | None] = mapped_column(enum_column(BodyType, "wanted_body"))
    wanted_fuel: Mapped[Fuel | None] = mapped_column(enum_column(Fuel, "wanted_fuel"))
    has_trade_in: Mapped[bool] = mapped_column(default=False)
    wants_financing: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    # {"linkedin": "https://...", "facebook": "..."} for social selling.
    social_profiles: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    last_contact_at: Mapped[dt.datetime | None]
    # Last contact initiated by the contact (CNIL retention clock for prospects).
    last_inbound_at: Mapped[dt.datetime | None]
    score: Mapped[int | None]
    score_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    score_updated_at: Mapped[dt.datetime | None]
    erased_at: Mapped[dt.datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    consents: Mapped[list[Consent]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", order_by="Consent.recorded_at"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def display_name(self) -> str:
        return contact_display_name(self.kind, self.first_name, self.last_name, self.company_name)

    def __repr__(self) -> str:
        return f"Contact({self.id}, {self.display_name!r})"


@event.listens_for(Contact, "before_insert")
@event.listens_for(Contact, "before_update")
def _derive_search_columns(_mapper: Any, _connection: Any, contact: Contact) -> None:
    contact.search_phones = phone_search_terms(contact.mobile, contact.landline)


class ContactLink(Base):
    """A person works for a company (employee, fleet manager), or two people share a household."""

    __tablename__ = "contact_links"
    __table_args__ = (
        UniqueConstraint("from_contact_id", "to_contact_id", "kind"),
        CheckConstraint("from_contact_id <> to_contact_id", name="not_self"),
        Index("ix_contact_links_to", "to_contact_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    to_contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    kind: Mapped[LinkKind] = mapped_column(enum_column(LinkKind, "link_kind"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Consent(Base):
    """One consent event. Rows are never updated: the latest per channel and purpose is in force."""

    __tablename__ = "consents"
    __table_args__ = (
        Index("ix_consents_contact_channel", "contact_id", "channel", "purpose", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel, "consent_channel"))
    purpose: Mapped[ConsentPurpose] = mapped_column(enum_column(ConsentPurpose, "consent_purpose"))
    status: Mapped[ConsentStatus] = mapped_column(enum_column(ConsentStatus, "consent_status"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # How it was collected: "signed form at the showroom", "website form 2026-03-02", "import from X".
    proof: Mapped[str] = mapped_column(String(300))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    contact: Mapped[Contact] = relationship(back_populates="consents")
