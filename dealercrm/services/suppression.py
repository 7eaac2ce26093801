"""Liste repoussoir (suppression list) and the Bloctel opposition list: hashed identifiers only.

Every opt-out, whatever the channel, stores the SHA-256 of the normalised phone number (E.164) or
e-mail address (stripped, lower-cased), never the clear value, so that the list survives the erasure of
the contact it came from and still protects them. Campaign builds and every send check it.

Bloctel: the dealership uploads its file to Bloctel and gets back the numbers in opposition; importing
that file (clear numbers or already-hashed lines) replaces the list and records the import date, so that
the builder can warn when it is older than `contact_law.bloctel_max_age_days`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import phonenumbers
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from dealercrm.i18n import _
from dealercrm.models import BloctelEntry, SuppressionEntry, utcnow
from dealercrm.models.enums import AuditAction
from dealercrm.services.audit import log_event, unit_of_work
from dealercrm.services.base import Service
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import require
from dealercrm.services.settings import read_setting

Kind = Literal["phone", "email"]
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")
_CHUNK = 5000


# Pure functions ---------------------------------------------------------------------------------------


def normalise_phone(raw: str | None, *, region: str = "FR") -> str | None:
    """A phone number in E.164 ("06 12 34 56 78" -> "+33612345678"), or None when it is not one."""
    if not raw or not raw.strip():
        return None
    if _E164.match(raw):  # stored numbers are E.164 already: no need to parse 100k of them
        return raw
    try:
        parsed = phonenumbers.parse(raw.strip(), region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(raw: str | None) -> str | None:
    """An e-mail address stripped and lower-cased, or None when it has no "@"."""
    if not raw:
        return None
    value = raw.strip().lower()
    return value if "@" in value else None


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def phone_hash(raw: str | None) -> str | None:
    """The SHA-256 of a phone number's E.164 form (None when it is not a number)."""
    number = normalise_phone(raw)
    return sha256_hex(number) if number else None


def email_hash(raw: str | None) -> str | None:
    """The SHA-256 of an address's normal form (None when it is not an address)."""
    address = normalise_email(raw)
    return sha256_hex(address) if address else None


def identifier_hash(kind: Kind, raw: str) -> str | None:
    return phone_hash(raw) if kind == "phone" else email_hash(raw)


def guess_kind(raw: str) -> Kind:
    return "email" if "@" in raw else "phone"


# Reading the lists (used by the compliance checker and every send) -----------------------------------


def suppressed_hashes(session: Session) -> set[str]:
    """Every hash on the suppression list (both kinds: a hash cannot be both)."""
    return set(session.scalars(select(SuppressionEntry.value_hash)))


def bloctel_hashes(session: Session) -> set[str]:
    return set(session.scalars(select(BloctelEntry.number_hash)))


def is_suppressed(session: Session, *, phones: Iterable[str | None] = (), email: str | None = None) -> bool:
    """Whether any of these identifiers is on the suppression list (one indexed query)."""
    hashes = {h for h in (phone_hash(p) for p in phones) if h}
    if (e := email_hash(email)) is not None:
        hashes.add(e)
    if not hashes:
        return False
    found = session.scalar(select(func.count()).where(SuppressionEntry.value_hash.in_(hashes)))
    return bool(found)


def add_to_suppression(session: Session, *, kind: Kind, value: str, reason: str) -> bool:
    """Add one identifier inside the caller's transaction; False when it was already listed or is not a
    valid phone number / address."""
    digest = identifier_hash(kind, value)
    if digest is None:
        return False
    exists = session.scalar(
        select(SuppressionEntry.id).where(
            SuppressionEntry.kind == kind, SuppressionEntry.value_hash == digest
        )
    )
    if exists is not None:
        return False
    session.add(SuppressionEntry(kind=kind, value_hash=digest, reason=reason[:200], added_at=utcnow()))
    return True


# The service --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BloctelStatus:
    """The Bloctel list in force: how many numbers, imported when, and whether it is too old."""

    count: int
    imported_at: dt.datetime | None
    max_age_days: int
    stale: bool
    checked_at: dt.datetime  # the moment the status was read for (the caller's clock, never the wall's)

    @property
    def age_days(self) -> int | None:
        return None if self.imported_at is None else (self.checked_at - self.imported_at).days


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_listed: int
    rejected: tuple[str, ...]  # lines that are neither a number / address nor a SHA-256


def bloctel_status(session: Session, *, now: dt.datetime | None = None) -> BloctelStatus:
    now = now or utcnow()
    count, imported = session.execute(
        select(func.count(), func.max(BloctelEntry.imported_at)).select_from(BloctelEntry)
    ).one()
    if isinstance(imported, str):  # aggregates bypass the column type on SQLite
        imported = dt.datetime.fromisoformat(imported)
    if imported is not None and imported.tzinfo is None:
        imported = imported.replace(tzinfo=dt.UTC)
    max_age = int(read_setting(session, "contact_law.bloctel_max_age_days"))
    stale = imported is None or now - imported > dt.timedelta(days=max_age)
    return BloctelStatus(int(count), imported, max_age, stale, now)


def _lines(text: str) -> list[str]:
    """Values from a text or CSV file: the first cell of each row, header and blank lines skipped."""
    values: list[str] = []
    dialect = ";" if text.count(";") > text.count(",") else ","
    for row in csv.reader(io.StringIO(text), delimiter=dialect):
        if row and row[0].strip():
            values.append(row[0].strip())
    return values


class SuppressionService(Service):
    """Recording opt-outs by hand or from a file, and importing the Bloctel list (audited)."""

    def add(self, *, value: str, reason: str, kind: Kind | None = None) -> bool:
        """Put one phone number or e-mail address on the suppression list (hashed); False when it was
        already there. Raises ValidationError when `value` is neither."""
        require(self._actor, "campaigns.manage")
        kind = kind or guess_kind(value)
        if identifier_hash(kind, value) is None:
            raise ValidationError(
                {"value": _("“{value}” is not a valid {kind}.").format(value=value, kind=kind)}
            )
        with unit_of_work(self._session_factory, self._actor) as session:
            return add_to_suppression(session, kind=kind, value=value, reason=reason)

    def contains(self, *, value: str) -> bool:
        """Whether a phone number or address is on the suppression list."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            if guess_kind(value) == "email":
                return is_suppressed(session, email=value)
            return is_suppressed(session, phones=[value])

    def import_opt_outs(self, *, text: str, reason: str) -> ImportResult:
        """Opt-outs from a file (one phone number or address per line, or a CSV whose first column is)."""
        require(self._actor, "campaigns.manage")
        added = already = 0
        rejected: list[str] = []
        with unit_of_work(self._session_factory, self._actor) as session:
            for value in _lines(text):
                kind = guess_kind(value)
                if identifier_hash(kind, value) is None:
                    if value.lower() not in ("phone", "email", "e-mail", "mobile", "telephone", "numero"):
                        rejected.append(value)
                    continue
                if add_to_suppression(session, kind=kind, value=value, reason=reason):
                    added += 1
                else:
                    already += 1
        return ImportResult(added, already, tuple(rejected))

    def import_bloctel(self, *, text: str, imported_at: dt.datetime | None = None) -> ImportResult:
        """Replace the Bloctel list with the numbers of `text` (clear numbers, or SHA-256 of their E.164
        form, one per line or in the first CSV column), dated `imported_at` (now by default)."""
        require(self._actor, "campaigns.manage")
        at = imported_at or utcnow()
        hashes: set[str] = set()
        rejected: list[str] = []
        for value in _lines(text):
            low = value.lower()
            if _HEX64.match(low):
                hashes.add(low)
            elif (digest := phone_hash(value)) is not None:
                hashes.add(digest)
            elif low not in ("numero", "number", "telephone", "phone", "hash"):
                rejected.append(value)
        with unit_of_work(self._session_factory, self._actor) as session:
            session.execute(delete(BloctelEntry))
            ordered = sorted(hashes)
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                session.execute(insert(BloctelEntry), [{"number_hash": h, "imported_at": at} for h in chunk])
            log_event(
                session,
                action=AuditAction.UPDATE,
                entity="bloctel_numbers",
                entity_id=None,
                changes={"numbers": len(hashes), "imported_at": at, "rejected": len(rejected)},
            )
        return ImportResult(len(hashes), 0, tuple(rejected))

    def bloctel(self) -> BloctelStatus:
        """The Bloctel list in force and whether it is older than the setting allows."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            return bloctel_status(session)
