"""The import itself: validate every row, match duplicates, write in batches with the journal.

Guarantees:
- Each batch (default 3000 records) is one transaction holding its records, their journal rows, the
  run's counters and one audit entry (entity "imports"): a cancelled, crashed or killed import leaves
  whole batches or nothing of them. Batches commit in the file's order, also on PostgreSQL, where two
  are written at once (see _BatchPipe).
- A re-run of the same file (same SHA-256, same kind) skips the lines an earlier run committed, so an
  interrupted import is completed, and a finished one is recognised, without duplicating anything.
- Contacts with the same normalised phone or e-mail as an existing contact (or as an earlier row of the
  file) are never doubled: by default they fill the existing contact's blanks only; overwriting what
  differs, or skipping the row, is an explicit choice. Each merged line is reported, field: old -> new.
- No value is lost or changed silently: free-text labels of choice columns are read leniently (see
  choices.py), guesses (a padded postal code, a label read from one of its words) are reported as
  warnings with the value used, and a row naming a company and a person gives both, linked.
- History columns (creation, first and last contact, last purchase dates) set created_at and
  last_contact_at, which the KPIs count by.
- New contacts, their consents and the journal rows are bulk-inserted through dealercrm/db/bulk.py
  (SQLite: one INSERT ... SELECT over a JSON array, the full-text trigger set aside for the batch;
  PostgreSQL: COPY FROM STDIN, ids from the sequence); the ORM's per-record audit hook does not see them,
  so each batch writes one audit entry with its counts instead. Updates and the other kinds go through
  Core, row by row, each row in a savepoint.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import functools
import gc
import itertools
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, Table, bindparam, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.db import bulk
from dealercrm.i18n import N_, _
from dealercrm.models import (
    Claim,
    Consent,
    Contact,
    ContactLink,
    ImportRow,
    ImportRun,
    Interaction,
    Sale,
    ServiceVisit,
    User,
    Vehicle,
    utcnow,
)
from dealercrm.models.base import Base
from dealercrm.models.enums import (
    AuditAction,
    Channel,
    ClaimCategory,
    ClaimStatus,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Direction,
    Financing,
    InteractionType,
    Lifecycle,
    LinkKind,
    ServiceKind,
    Severity,
    SourceChannel,
    StockStatus,
    VehicleCondition,
)
from dealercrm.models.search_terms import compact_plate, phone_search_terms
from dealercrm.services import validation as v
from dealercrm.services.audit import jsonable, log_event, unit_of_work
from dealercrm.services.claims import deadline_rule
from dealercrm.services.errors import NotFound, ServiceError, ValidationError
from dealercrm.services.importing.choices import ChoiceColumn, ChoiceTable, ValueProposal
from dealercrm.services.importing.fields import (
    FIELDS,
    KINDS,
    REQUIRED_ANY,
    FieldSpec,
    ImportMapping,
    MappingStore,
    field_specs,
    guess_mapping,
    missing_columns,
    parse_local_date,
    parse_local_datetime,
)
from dealercrm.services.importing.sources import SourceInfo, SourceRecord, SourceTable
from dealercrm.services.permissions import Actor, require
from dealercrm.services.progress import Cancelled, Progress
from dealercrm.services.settings import dealership_timezone
from dealercrm.switch_interval import shorten as shorten_switch_interval

DEFAULT_BATCH = 3000  # rows per transaction: about 0.15 s of work, whole or not at all
PIPELINE_SWITCH_INTERVAL_S = 0.0002  # while a batch is written beside the planning; see _BatchPipe
MAX_KEPT_ISSUES = 200_000
MAX_PROPOSED_VALUES = 200  # distinct values of one choice column shown for checking
# Every contact is read at the start when there are at most this many per line of the file (reading one
# costs about what asking for one row's keys does); otherwise each batch asks for its rows' (_ContactIndex).
READ_ALL_CONTACTS_PER_LINE = 1.0
ON_DUPLICATE = ("update", "overwrite", "skip")  # update: fill blanks only


def _table(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


CONTACTS = _table(Contact)
CONSENTS = _table(Consent)
CONTACT_LINKS = _table(ContactLink)
VEHICLES = _table(Vehicle)
SALES = _table(Sale)
SERVICE_VISITS = _table(ServiceVisit)
CLAIMS = _table(Claim)
INTERACTIONS = _table(Interaction)
IMPORT_RUNS = _table(ImportRun)
IMPORT_ROWS = _table(ImportRow)


class ImportFailed(ServiceError):
    """The import cannot start (bad mapping, unreadable file); str() says why."""


# --- Results ---------------------------------------------------------------------------------------


# What became of a line or of one of its values, for the report.
ISSUE_OUTCOMES = ("rejected", "skipped", "warning", "merged", "linked")


@dataclass(frozen=True)
class RowIssue:
    """What the import did with one value or one row, and why.

    outcome: "rejected" (the row is not imported), "skipped" (a duplicate left alone), "warning" (the
    row is imported, but a value was read, guessed or kept in a way a person should check, e.g. a
    European VIN whose optional check digit is wrong), "merged"
    (a duplicate that completed an existing record: `done` lists each change, field: old -> new),
    "linked" (a person and their company on one row: the company found or created, and the link)."""

    line: int
    column: str  # the header in the file; "" when it is about the whole row
    value: str
    message: str  # why
    outcome: str = "rejected"
    done: str = ""  # what was done ("" for the outcome's usual: row not imported, row skipped)

    @property
    def action(self) -> str:
        """What was done, in words."""
        if self.done:
            return self.done
        return {"rejected": _("row not imported"), "skipped": _("row skipped")}.get(self.outcome, "")


@dataclass(frozen=True)
class PreviewRow:
    line: int
    values: dict[str, str]  # field -> the value as it will be stored, as text
    action: str  # create, update, unchanged, skip, reject, done (already imported)
    issues: tuple[RowIssue, ...]


@dataclass(frozen=True)
class FileOverview:
    """What the wizard shows before the mapping: the file as read and the mapping guessed."""

    file_name: str
    format: str
    encoding: str | None
    delimiter: str | None
    headers: tuple[str, ...]
    examples: dict[str, tuple[str, ...]]  # header -> up to 3 sample values
    mapping: dict[str, str]  # header -> field, guessed or remembered
    fields: tuple[tuple[str, str], ...]  # (field name, English label) for this kind
    missing: tuple[str, ...]  # required columns not mapped
    sha256: str
    already_imported: tuple[int, ...] = ()  # ids of earlier runs of this very file


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file_name: str
    status: str  # done, cancelled, dry_run
    run_id: int | None
    rows: int  # records read
    created: int
    updated: int
    unchanged: int
    skipped: int
    rejected: int
    already_imported: int  # lines an earlier run of the same file had committed
    seconds: float
    headers: tuple[str, ...]
    issues: tuple[RowIssue, ...]
    rejected_rows: tuple[SourceRecord, ...] = field(default=(), repr=False)
    previous_runs: tuple[int, ...] = ()

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class UndoResult:
    run_id: int
    deleted: dict[str, int]
    restored: int
    kept: dict[str, int]  # records left because other data now uses them


@dataclass(frozen=True)
class ImportRunRow:
    id: int
    kind: str
    file_name: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    status: str
    rows_total: int
    created: int
    updated: int
    skipped: int
    rejected: int
    resumed: int
    user_login: str | None


# --- Row parsing -----------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    values: tuple[Any, ...]
    fields: dict[str, Any]
    issues: list[RowIssue]  # what rejects the row
    columns: dict[str, str]  # field -> header, to name the column in messages
    notes: list[RowIssue] = field(default_factory=list)  # warnings: the row is imported all the same

    def reject(self, message: str, field_name: str | None = None, value: Any = None) -> None:
        column = self.columns.get(field_name, "") if field_name else ""
        self.issues.append(RowIssue(self.line, column, _show(value), message))

    def warn(self, message: str, done: str, field_name: str | None = None, value: Any = None) -> None:
        column = self.columns.get(field_name, "") if field_name else ""
        self.notes.append(RowIssue(self.line, column, _show(value), message, "warning", done))


def _show(value: Any) -> str:
    if value is None:
        return ""
    text = v.cell_text(value)
    return text if len(text) <= 200 else text[:199] + "…"


_PLAIN, _DATE, _POSTAL, _CHOICE = range(4)  # how a column is read (parse() tests `how <= _DATE` first)
_FOUR_DIGITS = re.compile(r"\d{4}(?!\d)")
# Distinct texts remembered per column by _Parser._read_plain (then forgotten, and remembered anew).
_CACHE_LIMIT = 100_000
_SHORT_YEAR = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2}(?!\d)")


class _Parser:
    """Turns a record into {field: parsed value}, collecting every problem of the row.

    Choice columns are read leniently (see choices.py), each distinct value once per run; postal codes
    are checked against the city once per distinct pair."""

    # Parsed before the others: the postal code's rules depend on the country.
    FIRST = ("country",)

    def __init__(
        self,
        kind: str,
        headers: Sequence[str],
        mapping: dict[str, str],
        choices: dict[str, dict[str, str | None]] | None = None,
        *,
        tz: ZoneInfo,
        today: dt.date,
    ) -> None:
        self.tz = tz  # the dealership's: local dates and times in the file are read in it
        # The run's day at the dealership: the century of a two-digit year ("15/03/21") follows it.
        self._local = functools.partial(v.parse_datetime, tz=tz, today=today)
        self._date = functools.partial(v.parse_date, today=today)
        specs = field_specs(kind)
        index = {h: i for i, h in enumerate(headers)}
        unknown = [h for h in mapping if h not in index]
        if unknown:
            raise ImportFailed(
                _("The mapping names columns the file does not have: {columns}.").format(
                    columns=", ".join(unknown)
                )
            )
        seen: dict[str, str] = {}
        for header, target in mapping.items():
            if target not in specs:
                raise ImportFailed(
                    _("{field!r} is not a field of a {kind} import.").format(field=target, kind=kind)
                )
            if target in seen:
                raise ImportFailed(
                    _("Two columns ({first!r} and {second!r}) are mapped to {field}.").format(
                        first=seen[target], second=header, field=target
                    )
                )
            seen[target] = header
        self.chosen = _chosen_members(kind, choices or {})
        ordered = sorted(
            ((index[h], h, specs[t]) for h, t in mapping.items()),
            key=lambda c: (c[2].name not in self.FIRST, c[0]),
        )
        # (index, header, spec, how it is read, the cache of its distinct values)
        self.columns: list[tuple[int, str, FieldSpec, int, dict[Any, Any]]] = [
            (
                i,
                header,
                spec,
                _CHOICE
                if isinstance(spec.parse, ChoiceTable)
                else _POSTAL
                if spec.name == "postal_code"
                else _DATE
                if spec.parse in (parse_local_date, parse_local_datetime)
                else _PLAIN,
                {},
            )
            for i, header, spec in ordered
        ]
        self.by_field = {spec.name: header for _, header, spec, _m, _c in self.columns}
        self.width = len(headers)
        self.kind = kind
        self._places: dict[tuple[str | None, str, str], tuple[str, RowIssue] | None] = {}

    def parse(self, record: SourceRecord) -> _Row:
        values = record.values
        row = _Row(record.line, values, {}, [], self.by_field)
        if len(values) > self.width:
            extra = [_show(x) for x in values[self.width :] if x is not None]
            row.issues.append(
                RowIssue(
                    record.line,
                    "",
                    "; ".join(extra),
                    f"{len(values)} values for {self.width} columns: a separator inside a value that is "
                    "not in quotes?",
                )
            )
        fields = row.fields
        padded: str | None = None
        for i, header, spec, how, cache in self.columns:
            raw = values[i]
            if raw is None:
                continue
            try:
                if how <= _DATE:
                    hit = cache.get(raw) if type(raw) is str else None
                    if hit is None:
                        hit = self._read_plain(spec, how, raw)
                        if type(raw) is str:
                            if len(cache) >= _CACHE_LIMIT:
                                cache.clear()
                            cache[raw] = hit
                    parsed, doubts, error = hit
                    if error is not None:
                        row.issues.append(RowIssue(record.line, header, _show(raw), error))
                        continue
                    if parsed is not _UNSEEN:
                        fields[spec.name] = parsed
                    for message, done in doubts:
                        row.notes.append(RowIssue(record.line, header, _show(raw), message, "warning", done))
                elif how == _CHOICE:
                    hit = cache.get(raw)
                    if hit is None:
                        hit = cache[raw] = self._read_choice(spec, raw)
                    member, note = hit
                    if member is not None:
                        fields[spec.name] = member
                    if note is not None:
                        row.notes.append(replace(note, line=record.line))
                else:
                    country = fields.get("country", "FR")
                    key = (raw, country) if type(raw) is str else None
                    known = cache.get(key) if key is not None else None
                    if known is None:
                        code = v.parse_postal_code(raw, country=country)  # an error is not remembered
                        four = None
                        if country == "FR":
                            four = _FOUR_DIGITS.match(raw.strip() if type(raw) is str else v.cell_text(raw))
                        known = (code, four.group(0) if four is not None else None)
                        if key is not None:
                            if len(cache) >= _CACHE_LIMIT:
                                cache.clear()
                            cache[key] = known
                    fields["postal_code"], padded = known
            except v.InvalidValue as exc:
                row.issues.append(RowIssue(record.line, header, _show(raw), str(exc)))
        if "postal_code" in fields and (padded is not None or "city" in fields):
            self._check_place(row, padded)
        return row

    def _read_plain(
        self, spec: FieldSpec, how: int, raw: Any
    ) -> tuple[Any, tuple[tuple[str, str], ...], str | None]:
        """(parsed value or _UNSEEN when empty, the doubts as (message, what was done), the error or None)
        for one cell: the same for every cell of the column with the same text, so worked out once per
        distinct text (first names, cities, dates and flags repeat; 30 % of the parsing at 50k rows)."""
        doubts: list[tuple[str, str]] = []
        try:
            parsed = (
                self._local(raw)
                if spec.parse is parse_local_datetime
                else self._date(raw)
                if spec.parse is parse_local_date
                else spec.parse(raw)
            )
            if parsed == "":
                parsed = _UNSEEN
            else:
                doubt = spec.warn(parsed) if spec.warn is not None else None
                if doubt:
                    doubts.append((doubt, _("imported as it is")))
            if how == _DATE and type(raw) is str and _SHORT_YEAR.match(raw.strip()):
                day = parsed.astimezone(self.tz) if isinstance(parsed, dt.datetime) else parsed
                doubts.append((_("a year in two digits"), _("read as {date}").format(date=f"{day:%d/%m/%Y}")))
        except v.InvalidValue as exc:
            return _UNSEEN, (), str(exc)
        return parsed, tuple(doubts), None

    def _read_choice(self, spec: FieldSpec, raw: Any) -> tuple[Any, RowIssue | None]:
        table = spec.parse
        assert isinstance(table, ChoiceTable)
        match = table.match(raw, self.chosen.get(spec.name))
        note = match.note(table.what)
        if not note:
            return match.member, None
        shown = match.member.value if match.member is not None else ""
        done = _("stored as {value!r}").format(value=shown) if match.member is not None else _("left empty")
        return match.member, RowIssue(0, self.by_field[spec.name], _show(raw), note, "warning", done)

    def _check_place(self, row: _Row, padded: str | None) -> None:
        """A postal code padded from 4 digits, or one that contradicts a well-known city: said (each
        distinct code and city worked out once per run)."""
        fields = row.fields
        key = (padded, fields["postal_code"], fields.get("city", ""))
        verdict = self._places.get(key, _UNSEEN)
        if verdict is _UNSEEN:
            verdict = self._places[key] = self._place_verdict(*key)
        if verdict is not None:
            stored, note = verdict
            fields["postal_code"] = stored
            row.notes.append(RowIssue(row.line, note.column, note.value, note.message, "warning", note.done))

    def _place_verdict(self, padded: str | None, code: str, city: str) -> tuple[str, RowIssue] | None:
        column = self.by_field["postal_code"]
        if padded is not None:
            expected = v.city_department(city) if city else None
            got = v.postal_department(code)
            if expected is not None and got != expected:
                message = _(
                    "{typed!r} has 4 digits; read as {code} it would be in département {got}, but {city} "
                    "is in {expected}: check it"
                ).format(typed=padded, code=code, got=got, city=city, expected=expected)
                # A guess that contradicts the city: kept as typed.
                done = _("kept as typed ({typed})").format(typed=padded)
                return padded, RowIssue(0, column, padded, message, "warning", done)
            message = _("{typed!r} has 4 digits (a leading zero lost by a spreadsheet?)").format(typed=padded)
            return code, RowIssue(
                0, column, padded, message, "warning", _("stored as {code}").format(code=code)
            )
        conflict = v.postal_code_conflict(code, city) if city else None
        if conflict is None:
            return None
        return code, RowIssue(0, column, code, conflict, "warning", _("kept as typed: check it"))


_UNSEEN: Any = object()


def _chosen_members(
    kind: str, choices: dict[str, dict[str, str | None]]
) -> dict[str, dict[str, enum.Enum | None]]:
    """The user's readings of choice values, {field: {folded value: member or None}}, checked."""
    specs = field_specs(kind)
    chosen: dict[str, dict[str, enum.Enum | None]] = {}
    for name, readings in choices.items():
        spec = specs.get(name)
        if spec is None or not isinstance(spec.parse, ChoiceTable):
            raise ImportFailed(
                _("{field!r} is not a choice field of a {kind} import.").format(field=name, kind=kind)
            )
        table = spec.parse
        members: dict[str, enum.Enum | None] = {}
        for value, code in readings.items():
            try:
                members[v.fold(str(value))] = table.member(code) if code else None
            except ValueError as exc:
                raise ImportFailed(f"{spec.label}, value {value!r}: {exc}.") from None
        chosen[name] = members
    return chosen


# --- In-memory indexes used to match duplicates ------------------------------------------------------


class _Ids:
    """Provisional (negative) ids for records planned in this batch, resolved when it is written."""

    def __init__(self) -> None:
        self._next = itertools.count(1)
        self.real: dict[int, int] = {}

    def provisional(self) -> int:
        return -next(self._next)

    def resolve(self, ident: int) -> int:
        if ident >= 0:
            return ident
        try:
            return self.real[ident]
        except KeyError:
            raise _RowFailed(_("it refers to a record an earlier row failed to create")) from None


class _RowFailed(Exception):
    pass


class _ContactIndex:
    """Contacts by normalised phone and e-mail. A contact planned but not yet written is under its
    provisional id, which stays there once written: readers resolve it through the writer's ids.real.

    Existing contacts are read on demand, by the keys of the rows about to be planned (see
    `_Writer.prefetch`), through the indexes on mobile, landline and e-mail: an import reads what its
    rows match, not every contact of the dealership. A key is asked of the database once, before this
    run first uses it; the answer is the earliest contact with that key (the lowest id, which is what
    reading every contact in id order gave), and the run's own contacts go behind it, as before. A key
    this run writes was asked first, so the database's answer is never one of the run's own contacts.
    Stored e-mails are in lower case (validation.parse_email, on every path that writes one). A
    dealership with fewer contacts than the file has lines is read whole at the start (`read_all`): the
    cost is then whichever is smaller, the contacts or the file."""

    def __init__(self, read: Callable[[], AbstractContextManager[Connection]]) -> None:
        self.by_phone: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.read = read  # opens a connection for reading
        self._asked_phones: set[str] = set()
        self._asked_emails: set[str] = set()
        # (mobile, landline, e-mail) of the existing contacts read so far: see keep_keys().
        self._keys: dict[int, tuple[str | None, str | None, str | None]] = {}
        self._complete = False  # every contact read: every key known

    @property
    def complete(self) -> bool:
        """Every contact was read at the start (read_all): fetch() has nothing left to ask."""
        return self._complete

    def read_all(self, conn: Connection, *, lines: int) -> None:
        """Every contact at once, when there are at most READ_ALL_CONTACTS_PER_LINE per line of the
        file (the highest id tells, in one index step)."""
        c = CONTACTS.c
        highest = conn.execute(select(func.max(c.id))).scalar() or 0
        if highest > lines * READ_ALL_CONTACTS_PER_LINE:
            return
        by_phone, by_email = self.by_phone, self.by_email
        rows = conn.execute(
            select(c.id, c.mobile, c.landline, c.email).where(c.erased_at.is_(None)).order_by(c.id)
        )
        for ident, mobile, landline, email in rows:
            for phone in (mobile, landline):
                if phone and phone not in by_phone:
                    by_phone[phone] = ident
            if email:
                by_email.setdefault(email.lower(), ident)
        self._complete = True

    def fetch(self, phones: Iterable[str | None], emails: Iterable[str | None]) -> None:
        """Read the existing contacts with these phones or e-mails, for the keys not asked yet."""
        if self._complete:
            return
        new_phones = {p for p in phones if p and p not in self._asked_phones}
        new_emails = {e.lower() for e in emails if e and e.lower() not in self._asked_emails}
        if not new_phones and not new_emails:
            return
        c = CONTACTS.c
        columns = (c.id, c.mobile, c.landline, c.email)
        found: dict[int, tuple[str | None, str | None, str | None]] = {}
        with self.read() as conn:
            dialect = conn.dialect
            for asked, searched in ((new_phones, (c.mobile, c.landline)), (new_emails, (c.email,))):
                for chunk in _chunks(sorted(asked), 1000):
                    for column in searched:
                        query = select(*columns).where(
                            bulk.among(column, chunk, dialect), c.erased_at.is_(None)
                        )
                        found.update((r[0], (r[1], r[2], r[3])) for r in conn.execute(query))
        by_phone, by_email = self.by_phone, self.by_email
        for ident in sorted(found):
            mobile, landline, email = keys = found[ident]
            self._keys[ident] = keys
            for phone in (mobile, landline):
                if phone in new_phones and phone not in by_phone:
                    by_phone[phone] = ident
            if email and email.lower() in new_emails:
                by_email.setdefault(email.lower(), ident)
        self._asked_phones |= new_phones
        self._asked_emails |= new_emails

    def keep_keys(self, ident: int) -> None:
        """Before an update may change contact `ident`'s phones or e-mail: its keys as they are, asked
        now, so that later rows still find it by them (as when every contact was read at the start)."""
        if ident <= 0 or self._complete:
            return
        keys = self._keys.get(ident)
        if keys is None:
            c = CONTACTS.c
            with self.read() as conn:
                row = conn.execute(select(c.mobile, c.landline, c.email).where(c.id == ident)).first()
            if row is None:
                return
            keys = self._keys[ident] = (row[0], row[1], row[2])
        self.fetch(keys[:2], keys[2:])

    def _asked(self, phones: Sequence[str | None], email: str | None) -> bool:
        if self._complete:
            return True
        asked = self._asked_phones
        return (not email or email in self._asked_emails) and all(not p or p in asked for p in phones)

    def add(self, ident: int, phones: Sequence[str | None], email: str | None) -> None:
        if not self._asked(phones, email):
            self.fetch(phones, (email,))
        by_phone = self.by_phone
        for phone in phones:
            if phone and phone not in by_phone:
                by_phone[phone] = ident
        if email:
            self.by_email.setdefault(email.lower(), ident)

    def match(self, phones: Sequence[str | None], email: str | None) -> tuple[set[int], list[str]]:
        if not self._asked(phones, email):
            self.fetch(phones, (email,))
        found: set[int] = set()
        how: list[str] = []
        if email and email in self.by_email:
            found.add(self.by_email[email])
            how.append(_("e-mail"))
        for phone in phones:
            if phone and phone in self.by_phone:
                found.add(self.by_phone[phone])
                how.append(_("phone"))
        return found, how


class _CompanyIndex:
    """Companies by SIREN and by folded name, to link a person's row to the company it names.

    Read at the first row that names a company (or may change one), not at the start: a file of
    people only never reads them."""

    def __init__(self, read: Callable[[], AbstractContextManager[Connection]]) -> None:
        self.by_siren: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        self._read: Callable[[], AbstractContextManager[Connection]] | None = read

    def load(self) -> None:
        """Read the existing companies, once (before any company of this run goes in: see above)."""
        if self._read is None:
            return
        read, self._read = self._read, None
        c = CONTACTS.c
        with read() as conn:
            rows = conn.execute(
                select(c.id, c.siren, c.company_name).where(
                    c.kind == ContactKind.COMPANY, c.erased_at.is_(None)
                )
            )
            for ident, siren, name in rows:
                self.add(ident, siren, name)

    def add(self, ident: int, siren: str | None, name: str | None) -> None:
        self.load()
        if siren:
            self.by_siren.setdefault(siren, ident)
        if name:
            self.by_name.setdefault(v.fold(name), ident)

    def find(self, siren: str | None, name: str | None) -> int | None:
        self.load()
        if siren and siren in self.by_siren:
            return self.by_siren[siren]
        if name:
            return self.by_name.get(v.fold(name))
        return None


class _VehicleIndex:
    def __init__(self) -> None:
        self.by_vin: dict[str, int] = {}
        self.by_plate: dict[str, int] = {}
        self.owner: dict[int, int | None] = {}

    def load(self, conn: Connection) -> None:
        c = VEHICLES.c
        for ident, vin, plate, owner in conn.execute(
            select(c.id, c.vin, c.plate_compact, c.owner_contact_id)
        ):
            self.add(ident, vin, plate, owner)

    def add(self, ident: int, vin: str | None, plate_compact: str | None, owner: int | None) -> None:
        if vin:
            self.by_vin.setdefault(vin, ident)
        if plate_compact:
            self.by_plate.setdefault(plate_compact, ident)
        self.owner[ident] = owner

    def find(self, vin: str | None, plate: str | None) -> int | None:
        if vin and vin in self.by_vin:
            return self.by_vin[vin]
        compact = compact_plate(plate)
        if compact and compact in self.by_plate:
            return self.by_plate[compact]
        return None


# --- Writers, one per kind ---------------------------------------------------------------------------

# What one applied row did: (entity, id, action, before) for the journal.
JournalEntry = tuple[str, int, str, dict[str, Any] | None]


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    rejected: int = 0

    def add(self, other: _Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.skipped += other.skipped
        self.rejected += other.rejected


# row, target id, values (a create: the whole row as stored), consents
ContactPlan = tuple[_Row, int, dict[str, Any], list[dict[str, Any]]]


@dataclass
class _Planned:
    """What plan() set aside for one batch, handed over to flush()."""

    pending: list[tuple[_Row, Callable[[Connection], list[JournalEntry]]]] = field(default_factory=list)
    creates: list[ContactPlan] = field(default_factory=list)
    updates: list[ContactPlan] = field(default_factory=list)
    # "Works for" links to write once both contacts have their ids: (row, person, company).
    links: list[tuple[_Row, int, int]] = field(default_factory=list)
    # New contacts, their consents and their journal rows as ready-made statements (SQLite, a real run):
    # the writing thread only runs them (see _ContactWriter.take).
    prepared: tuple[bulk.JsonInsert, bulk.JsonInsert | None, bulk.JsonInsert] | None = None
    # Returns once the batch before this one is committed (raising what it raised): flush() calls it
    # after writing the batch's new records, before anything that may touch an earlier batch's records.
    previous_committed: Callable[[], None] = lambda: None


class _Writer:
    """Plans rows (in memory, so that a dry run sees exactly what a real run would do) and writes
    them when the batch is flushed."""

    kind = ""
    # May batch N be written (on another thread) while batch N+1 is planned? Only where planning never
    # depends on what writing an earlier batch did; see _ContactWriter.
    pipelined = False
    # How many batches may be in flight at once when pipelined (see _BatchPipe).
    in_flight = 1

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.ids = _Ids()
        # Keys of the records already there or planned: see _already_recorded().
        self.seen: set[tuple[Any, ...]] = set()
        # The columns of those keys (set by load(); the first names the record's contact or vehicle),
        # and the contacts or vehicles whose records were read into `seen` (None: every record was).
        self._seen_key: tuple[ColumnElement[Any], ...] = ()
        self._seen_owners: set[int] | None = None
        # Planned writes of this batch: (line, apply) where apply(conn) returns journal entries.
        self.planned = _Planned()

    def load(self, conn: Connection) -> None:
        """Read what duplicate matching needs."""

    def prefetch(self, rows: Sequence[_Row]) -> None:
        """Read the existing contacts the coming rows may match, in a few queries (see _ContactIndex):
        every phone, and every e-mail field, of the rows with no issue yet; then the records of the
        contacts or vehicles they name, for _already_recorded()."""
        rows = [row for row in rows if not row.issues]  # the others are rejected before any matching
        if not self.ctx.contacts.complete:  # else every key is known: nothing to gather (fetch() returns)
            phones: list[str] = []
            emails: list[str] = []
            for row in rows:
                for name, value in row.fields.items():
                    if isinstance(value, v.Phone):
                        phones.append(value.e164)
                    elif name.endswith("email") and isinstance(value, str):
                        emails.append(value)
            self.ctx.contacts.fetch(phones, emails)
        if self._seen_owners is not None:
            self._read_seen([self._owner(row) for row in rows])

    def _owner(self, row: _Row) -> int | None:
        """The contact (or vehicle) a row's record would belong to, if it names one that exists."""
        f = row.fields
        phone = f.get("contact_phone")
        found, _how = self.ctx.contacts.match((phone.e164 if phone else None,), f.get("contact_email"))
        return next(iter(found)) if len(found) == 1 else None

    def read_all(self, conn: Connection, *, lines: int) -> None:
        """Every record of the table _already_recorded() checks, at once, when it has at most
        READ_ALL_CONTACTS_PER_LINE per line of the file; else they are read per contact or vehicle, for
        those the rows name (prefetch): an import reads the records its rows may repeat."""
        if not self._seen_key:
            return
        table = self._seen_key[0].table
        highest = conn.execute(select(func.max(table.c.id))).scalar() or 0
        if highest <= lines * READ_ALL_CONTACTS_PER_LINE:
            self.seen |= {tuple(r) for r in conn.execute(select(*self._seen_key))}
            self._seen_owners = None

    def _read_seen(self, owners: Iterable[int | None]) -> None:
        """The keys of the existing records of these contacts (or vehicles), not read yet. A record this
        run plans was checked first (_already_recorded), so its owner's records were read before it."""
        if self._seen_owners is None:
            return
        new = {o for o in owners if o is not None and o > 0 and o not in self._seen_owners}
        if not new:
            return
        owner = self._seen_key[0]
        with self.ctx.contacts.read() as conn:
            for chunk in _chunks(sorted(new), 1000):
                query = select(*self._seen_key).where(bulk.among(owner, chunk, conn.dialect))
                self.seen.update(tuple(r) for r in conn.execute(query))
        self._seen_owners |= new

    def plan(self, row: _Row, counts: _Counts) -> str:
        """Decide what the row does; returns the action (create, update, unchanged, skip, reject)."""
        raise NotImplementedError

    def take(self) -> _Planned:
        """The batch planned so far; planning goes on into a new one."""
        planned, self.planned = self.planned, _Planned()
        return planned

    def _load_seen(self, conn: Connection, *key: ColumnElement[Any]) -> None:
        """What _already_recorded() compares: `key`'s columns, the first naming the record's contact or
        vehicle. The records themselves are read by read_all() or per contact or vehicle (prefetch)."""
        self._seen_key = key
        self._seen_owners = set()

    def _already_recorded(self, row: _Row, key: tuple[Any, ...], message: str, counts: _Counts) -> bool:
        """Whether a record with this key is in the database or earlier in the file (the row is then
        skipped, and said); otherwise the key is remembered."""
        self._read_seen((key[0],))
        if key in self.seen:
            self.ctx.issues.append(RowIssue(row.line, "", "", message, "skipped"))
            counts.skipped += 1
            return True
        self.seen.add(key)
        return False

    def _plan_insert(
        self, row: _Row, table: Table, record: dict[str, Any], references: tuple[str, ...], counts: _Counts
    ) -> str:
        """One new record, inserted at flush time with the real ids of the `references` columns (which
        may name records planned earlier in this run)."""
        ids = self.ids

        def apply(conn: Connection) -> list[JournalEntry]:
            values = dict(record)
            for name in references:
                if values[name] is not None:
                    values[name] = ids.resolve(values[name])
            ident = conn.execute(insert(table).returning(table.c.id), [values]).scalar_one()
            return [(table.name, ident, "create", None)]

        self.planned.pending.append((row, apply))
        counts.created += 1
        return "create"

    def _known_contact(self, row: _Row, required: str, message: str) -> int | None:
        """The existing contact a row names by its e-mail or phone, for a row with no issue yet that has
        its `required` column (else it is rejected with `message`, a msgid); None: the row is rejected."""
        f = row.fields
        if row.issues:
            return None
        if required not in f:
            row.reject(_(message), required)
            return None
        contact = _ContactResolver(self).find(row, f.get("contact_email"), f.get("contact_phone"))
        if contact is None and not row.issues:
            row.reject(_("no contact with this e-mail or phone: import the contacts first"))
        return None if row.issues else contact

    def _known_vehicle(self, row: _Row, message: str) -> int | None:
        """The existing vehicle a row names by its VIN or plate; None: the row is rejected with `message`."""
        f = row.fields
        vehicle = self.ctx.vehicles.find(f.get("vin"), f.get("plate"))
        if vehicle is None:
            row.reject(message, "plate" if "plate" in f else "vin", f.get("plate") or f.get("vin"))
        return vehicle

    def flush(self, conn: Connection, counts: _Counts, planned: _Planned) -> list[tuple[int, JournalEntry]]:
        """Write the planned rows; rows that fail in the database are turned into rejections."""
        planned.previous_committed()
        journal: list[tuple[int, JournalEntry]] = []
        for row, apply in planned.pending:
            try:
                with conn.begin_nested():
                    entries = apply(conn)
            except (_RowFailed, IntegrityError) as exc:
                message = (
                    str(exc)
                    if isinstance(exc, _RowFailed)
                    else _("refused by the database ({reason})").format(reason=exc.orig)
                )
                self.ctx.fail_row(row, message, counts)
                continue
            journal.extend((row.line, entry) for entry in entries)
        return journal


@dataclass
class _Context:
    kind: str
    actor: Actor
    file_name: str
    on_duplicate: str
    dry_run: bool
    now: dt.datetime
    tz: Any
    contacts: _ContactIndex
    vehicles: _VehicleIndex
    users: dict[str, int]
    issues: list[RowIssue]
    rejected_rows: list[SourceRecord]
    claim_deadline: Callable[[Severity, dt.datetime], dt.datetime]
    planned_actions: dict[int, str] = field(default_factory=dict)  # line -> action, for the preview

    proof: str = ""

    def __post_init__(self) -> None:
        self.proof = f"import from {self.file_name} on {self.now.astimezone(self.tz):%d/%m/%Y}"[:300]

    def fail_row(self, row: _Row, message: str, counts: _Counts) -> None:
        """A planned row the database refused: counted as rejected instead."""
        counts.rejected += 1
        counts.created -= 1 if self.planned_actions.get(row.line) == "create" else 0
        counts.updated -= 1 if self.planned_actions.get(row.line) == "update" else 0
        self.planned_actions[row.line] = "reject"
        self.issues.append(RowIssue(row.line, "", "", message))
        self.rejected_rows.append(SourceRecord(row.line, row.values))


CONTACT_COLUMNS = tuple(c.name for c in CONTACTS.c if c.name != "id")
# Fields an update may change (never the kind or the owner).
CONTACT_UPDATABLE = (
    "civility",
    "first_name",
    "last_name",
    "company_name",
    "siren",
    "job_title",
    "birth_date",
    "mobile",
    "landline",
    "email",
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "country",
    "source_channel",
    "lifecycle",
    "notes",
    "created_at",
    "last_contact_at",
)
IDENTITY_FIELDS = frozenset({"civility", "first_name", "last_name", "company_name", "birth_date"})
# Values that only say "nothing known yet": filling the blanks may replace them.
_DEFAULT_VALUES: dict[str, Any] = {"source_channel": SourceChannel.OTHER, "lifecycle": Lifecycle.PROSPECT}
# Words that make a name a company's: legal forms, and what shop signs say.
LEGAL_FORMS = frozenset(
    "sarl sas sasu sa eurl sci snc scm scp selarl selas selurl ei eirl earl gaec scea sca gie sem "
    "spa gmbh ltd llc inc bv nv sprl srl".split()
)
COMPANY_WORDS = frozenset(
    "garage garages ets etablissements societe ste transports transport groupe cabinet entreprise "
    "entreprises agence automobiles taxi taxis ambulances holding association mairie compagnie cie "
    "services location boulangerie pharmacie hotel restaurant immobilier conseil consulting industrie "
    "industries btp distribution fils freres".split()
)


_HISTORY = ("created_at", "first_contact_at", "last_contact_at", "last_purchase_at")
# What a company created from a person's row shares with the person.
_COMPANY_SHARED = (
    "address_line1",
    "address_line2",
    "postal_code",
    "city",
    "country",
    "source_channel",
    "lifecycle",
    "created_at",
)


def company_signal(name: str) -> str | None:
    """Why `name` reads as a company's ("legal form SARL"), None when it may be a person's."""
    words = v.fold(name).split()
    for word in words:
        if word in LEGAL_FORMS:
            return f"legal form {word.upper()}"
    for word in words:
        if word in COMPANY_WORDS:
            return f"the word {word!r}"
    if "&" in name:
        return "the sign '&'"
    return None


CONSENT_CHANNELS = {
    "consent_email": Channel.EMAIL,
    "consent_sms": Channel.SMS,
    "consent_phone": Channel.PHONE,
    "consent_post": Channel.POST,
}


def _split_full_name(full: str) -> tuple[str | None, str]:
    """ "DUPONT Jean" / "Jean DUPONT" -> ("Jean", "DUPONT"); "Jean Dupont" -> ("Jean", "Dupont")."""
    words = full.split()
    upper = [w for w in words if w.isupper() and len(w) > 1 and any(c.isalpha() for c in w)]
    if upper and len(upper) < len(words):
        first = " ".join(w for w in words if w not in upper)
        return first or None, " ".join(upper)
    if len(words) == 1:
        return None, words[0]
    return " ".join(words[:-1]), words[-1]


class _ContactWriter(_Writer):
    """Contacts: matched on phone or e-mail; new ones bulk-inserted per batch.

    Pipelined: planning reads only the in-memory index, where a contact created by this run has its
    provisional id (ids.real maps it to the real one once its batch is written) and the others their own.
    """

    kind = "contacts"
    pipelined = True

    def __init__(self, ctx: _Context) -> None:
        super().__init__(ctx)
        self.fts_schema: bulk.IndexSchema = {}  # read once per run
        self.dialect: Any = None
        self.run_id: int | None = None  # set once the run is journaled: batches are then prepared
        self.companies = _CompanyIndex(ctx.contacts.read)

    def load(self, conn: Connection) -> None:
        self.dialect = conn.dialect
        # PostgreSQL: a second batch's new contacts are copied in, on a connection (a server process) of
        # its own, while the first is still being written (see _BatchPipe); SQLite has one writer.
        self.in_flight = 2 if conn.dialect.name == "postgresql" else 1

    def take(self) -> _Planned:
        """The batch, with its new contacts turned into statements here, on the planning thread: the
        writing thread is the busier one, and every Python step it takes waits for the GIL."""
        planned = super().take()
        if planned.creates and self.run_id is not None and self.dialect.name == "sqlite":
            planned.prepared = self._prepare(planned.creates, self.run_id)
        return planned

    def _prepare(
        self, creates: list[ContactPlan], run_id: int
    ) -> tuple[bulk.JsonInsert, bulk.JsonInsert | None, bulk.JsonInsert] | None:
        contacts = bulk.json_insert(
            CONTACTS,
            [record for _row, _ident, record, _consents in creates],
            constants=self._constants(),
            dialect=self.dialect,
            new_ids=True,
        )
        # Consents and journal rows name their contact by its place in the batch: the statement adds
        # the batch's first id (:start) to it.
        consent_rows = [
            {**consent, "contact_id": n}
            for n, (_r, _i, _v, consents) in enumerate(creates)
            for consent in consents
        ]
        consents = (
            bulk.json_insert(
                CONSENTS, consent_rows, constants={}, dialect=self.dialect, offsets=("contact_id",)
            )
            if consent_rows
            else None
        )
        journal = bulk.json_insert(
            IMPORT_ROWS,
            [{"line": row.line, "entity_id": n} for n, (row, _i, _v, _c) in enumerate(creates)],
            constants={"run_id": run_id, "entity": "contacts", "action": "create", "before": None},
            dialect=self.dialect,
            offsets=("entity_id",),
        )
        if contacts is None or journal is None or (consent_rows and consents is None):
            return None  # a value JSON cannot carry: the writing thread binds them row by row
        return contacts, consents, journal

    def contact_values(self, row: _Row) -> dict[str, Any] | None:
        """The row as a contact; a row naming both a person and their company carries the company's
        values under "_employer" (the person is linked to it). None: the row is rejected."""
        f = row.fields
        first, last = f.get("first_name"), f.get("last_name")
        company = f.get("company_name")
        siren = f.get("siren")
        full = f.get("full_name")
        if full and not last and not first and not company and company_signal(full):
            company, full = full, None  # "SARL Garage Martin" in a name column: no person to split
            row.warn(
                f"{company!r} reads as a company's name ({company_signal(company)})",
                "imported as a company",
                "full_name",
                company,
            )
        if full and not last:
            split_first, last = _split_full_name(full)
            first = first or split_first
        if last and not first and not company:
            why = company_signal(last) or ("a SIREN / SIRET and no first name" if siren else None)
            if why is not None:
                company, last = last, None
                row.warn(
                    f"{company!r} reads as a company's name ({why})",
                    "imported as a company",
                    "last_name",
                    company,
                )
        mobile, landline = f.get("mobile"), f.get("landline")
        phone = f.get("phone")
        if phone is not None:
            if phone.mobile and mobile is None:
                mobile = phone
            elif landline is None:
                landline = phone
            elif mobile is None:
                mobile = phone
        if not last and not company:
            required, message = REQUIRED_ANY["contacts"]
            name_columns = {row.columns[name] for name in required if name in row.columns}
            if not any(issue.column in name_columns for issue in row.issues):
                row.reject(_(message))
            return None
        created, last_contact = self._history(row)
        lifecycle = f.get("lifecycle")
        if lifecycle is None and f.get("last_purchase_at") is not None:
            lifecycle = Lifecycle.CUSTOMER  # someone who bought is a customer
        values = {
            "kind": ContactKind.PERSON if last else ContactKind.COMPANY,
            "civility": f.get("civility"),
            "first_name": first,
            "last_name": last,
            "company_name": company,
            "siren": siren,
            "job_title": f.get("job_title"),
            "birth_date": f.get("birth_date"),
            "mobile": mobile.e164 if mobile is not None else None,
            "landline": landline.e164 if landline is not None else None,
            "email": f.get("email"),
            "address_line1": f.get("address_line1"),
            "address_line2": f.get("address_line2"),
            "postal_code": f.get("postal_code"),
            "city": f.get("city"),
            "country": f.get("country"),
            "source_channel": f.get("source_channel"),
            "lifecycle": lifecycle,
            "notes": f.get("notes"),
            "created_at": created,
            "last_contact_at": last_contact,
        }
        if last and company:
            # A person and the company they work for: two contacts and the link between them.
            values["siren"] = None
            values["_employer"] = {
                **dict.fromkeys(values),
                "kind": ContactKind.COMPANY,
                "company_name": company,
                "siren": siren,
                **{name: values[name] for name in _COMPANY_SHARED},
            }
        return values

    def _history(self, row: _Row) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(created_at, last_contact_at) from the file's history columns: the contact existed from the
        earliest date the file knows, and was last in touch at the latest first contact, last contact or
        purchase; dates in the future are left out, and said."""
        f = row.fields
        dates: dict[str, dt.datetime] = {}
        for name in _HISTORY:
            moment = f.get(name)
            if moment is None:
                continue
            if moment > self.ctx.now:
                row.warn(_("this date is in the future"), _("date not used"), name, _display(moment))
                continue
            dates[name] = moment
        if not dates:
            return None, None
        touches = [dates[name] for name in _HISTORY[1:] if name in dates]
        return min(dates.values()), max(touches) if touches else None

    def consents(self, row: _Row) -> list[dict[str, Any]]:
        f = row.fields
        wanted: dict[Channel, ConsentStatus] = {}
        if "consent_all" in f:
            wanted = dict.fromkeys(CONSENT_CHANNELS.values(), f["consent_all"])
        for name, channel in CONSENT_CHANNELS.items():
            if name in f:
                wanted[channel] = f[name]
        at = f.get("consent_date") or self.ctx.now
        user_id = self.ctx.actor.id if self.ctx.actor.id > 0 else None
        return [
            {
                "channel": channel,
                "purpose": ConsentPurpose.PROSPECTING,
                "status": status,
                "recorded_at": at,
                "proof": self.ctx.proof,
                "recorded_by_id": user_id,
            }
            for channel, status in wanted.items()
        ]

    def plan(self, row: _Row, counts: _Counts) -> str:
        values = self.contact_values(row)
        if values is None or row.issues:
            return "reject"
        employer = values.pop("_employer", None)
        if employer is not None or values["siren"] or values["company_name"]:
            self.companies.load()  # before this row may add, find or change a company
        phones = (values["mobile"], values["landline"])
        email = values["email"]
        found, how = self.ctx.contacts.match(phones, email)
        if not found and values["kind"] is ContactKind.COMPANY:
            company = self.companies.find(values["siren"], values["company_name"])
            if company is not None:
                found, how = {company}, ["SIREN" if values["siren"] else _("company name")]
        if found:  # one contact under both its ids, when its batch was written meanwhile
            found = {self.ids.real.get(ident, ident) for ident in found}
        consents = self.consents(row)
        if len(found) > 1:
            ids = ", ".join(f"#{i}" if i > 0 else _("an earlier row") for i in sorted(found))
            row.reject(
                _("matches several contacts ({ids}) by {how}: merge them first").format(
                    ids=ids, how=_(" and ").join(sorted(set(how)))
                )
            )
            return "reject"
        company_ident = None
        if found:
            target = found.pop()
            label = _("contact #{id}").format(id=target) if target > 0 else _("an earlier row of this file")
            same = _("same {how} as {contact}").format(how=_(" and ").join(sorted(set(how))), contact=label)
            if self.ctx.on_duplicate == "skip":
                self.ctx.issues.append(RowIssue(row.line, "", "", same, "skipped"))
                counts.skipped += 1
                return "skip"
            if employer is not None:
                company_ident = self._plan_company(row, employer)
            if self.ctx.on_duplicate == "overwrite":
                self.ctx.contacts.keep_keys(target)  # its phones and e-mail may change
            values["_match"] = same
            self.planned.updates.append((row, target, values, consents))
            counts.updated += 1  # corrected to "unchanged" when nothing differs
            self.ctx.contacts.add(target, phones, email)
            if values["kind"] is ContactKind.COMPANY:
                self.companies.add(target, values["siren"], values["company_name"])
            person, action = target, "update"
        else:
            if employer is not None:
                company_ident = self._plan_company(row, employer)
            person = self.ids.provisional()
            self.ctx.contacts.add(person, phones, email)
            if values["kind"] is ContactKind.COMPANY:
                self.companies.add(person, values["siren"], values["company_name"])
            self.planned.creates.append((row, person, self._record(values), consents))
            counts.created += 1
            action = "create"
        if company_ident is not None:
            self.planned.links.append((row, person, company_ident))
        return action

    def _record(self, values: dict[str, Any]) -> dict[str, Any]:
        """A new contact's row as stored, made here: the writing thread is the busier one (see _BatchPipe)."""
        record = dict(values)
        record["search_phones"] = phone_search_terms(values["mobile"], values["landline"])
        record["country"] = values["country"] or "FR"
        record["source_channel"] = values["source_channel"] or SourceChannel.OTHER
        record["lifecycle"] = values["lifecycle"] or Lifecycle.PROSPECT
        record["created_at"] = values["created_at"] or self.ctx.now
        return record

    def _plan_company(self, row: _Row, values: dict[str, Any]) -> int:
        """The id of the company a person's row names: found (SIREN, then name) or created."""
        siren, name = values["siren"], values["company_name"]
        ident = self.companies.find(siren, name)
        if ident is not None:
            ident = self.ids.real.get(ident, ident)
            where = (
                _("company #{id}").format(id=ident) if ident > 0 else _("the company an earlier row created")
            )
            row.notes.append(
                RowIssue(
                    row.line,
                    row.columns.get("company_name", ""),
                    _show(name),
                    _("a person and their company on one row"),
                    "linked",
                    _("person linked to {company}").format(company=where),
                )
            )
            return ident
        ident = self.ids.provisional()
        self.companies.add(ident, siren, name)
        self.planned.creates.append((row, ident, self._record(values), []))
        row.notes.append(
            RowIssue(
                row.line,
                row.columns.get("company_name", ""),
                _show(name),
                "a person and their company on one row",
                "linked",
                "company created, person linked to it",
            )
        )
        return ident

    def flush(self, conn: Connection, counts: _Counts, planned: _Planned) -> list[tuple[int, JournalEntry]]:
        journal: list[tuple[int, JournalEntry]] = []
        if planned.prepared is not None:
            self._insert_prepared(conn, planned.creates, planned.prepared)
        elif planned.creates:
            journal += self._insert(conn, planned.creates)
        # Updates and links may name contacts the previous batch created: they are written once it is
        # committed (this batch's own new rows are invisible to it meanwhile, so nothing waits on them).
        planned.previous_committed()
        if planned.updates:
            journal += self._update(conn, counts, planned.updates)
        if planned.links:
            journal += self._link(conn, planned.links)
        return journal

    def _link(self, conn: Connection, links: list[tuple[_Row, int, int]]) -> list[tuple[int, JournalEntry]]:
        """The "works for" links of the batch that do not exist yet."""
        pairs: dict[tuple[int, int], int] = {}
        for row, person, company in links:
            try:
                pair = (self.ids.resolve(person), self.ids.resolve(company))
            except _RowFailed:
                continue
            if pair[0] != pair[1]:
                pairs.setdefault(pair, row.line)
        c = CONTACT_LINKS.c
        existing: set[tuple[int, int]] = set()
        people = sorted({person for person, _company in pairs})
        for chunk in _chunks(people, 500):
            query = select(c.from_contact_id, c.to_contact_id).where(
                c.from_contact_id.in_(chunk), c.kind == LinkKind.EMPLOYEE
            )
            existing.update((a, b) for a, b in conn.execute(query))
        new = [(pair, line) for pair, line in pairs.items() if pair not in existing]
        rows = [
            {"from_contact_id": a, "to_contact_id": b, "kind": LinkKind.EMPLOYEE, "created_at": self.ctx.now}
            for (a, b), _line in new
        ]
        created = bulk.insert_rows(conn, CONTACT_LINKS, rows, constants={})
        return [
            (line, ("contact_links", ident, "create", None))
            for (_pair, line), ident in zip(new, created, strict=True)
        ]

    def _insert(self, conn: Connection, creates: list[ContactPlan]) -> list[tuple[int, JournalEntry]]:
        rows = [record for _row, _ident, record, _consents in creates]
        with bulk.deferred_index(conn, "contacts", len(rows), self.fts_schema) as new_ids:
            created = bulk.insert_rows(conn, CONTACTS, rows, constants=self._constants())
            new_ids.extend(created)
        journal: list[tuple[int, JournalEntry]] = []
        consent_rows = []
        for (row, ident, _values, consents), real in zip(creates, created, strict=True):
            self.ids.real[ident] = real  # the index keeps the provisional id: see plan()
            journal.append((row.line, ("contacts", real, "create", None)))
            consent_rows += [{**c, "contact_id": real} for c in consents]
        if consent_rows:
            # Deleted with their contact (ON DELETE CASCADE): no journal rows of their own.
            bulk.insert_rows(conn, CONSENTS, consent_rows, constants={}, ids=False)
        return journal

    def _insert_prepared(
        self,
        conn: Connection,
        creates: list[ContactPlan],
        prepared: tuple[bulk.JsonInsert, bulk.JsonInsert | None, bulk.JsonInsert],
    ) -> None:
        """The batch's new contacts, consents and journal rows (SQLite): a few statements, each run by
        SQLite without the GIL, numbered from the batch's first id (bulk.next_ids: a contiguous range)."""
        contacts, consents, journal = prepared
        new = bulk.next_ids(conn, CONTACTS, len(creates))  # a contiguous range on SQLite
        start = new[0]
        with bulk.deferred_index(conn, "contacts", len(creates), self.fts_schema) as new_ids:
            contacts.run(conn, start)
            new_ids.extend(new)
        # Provisional ids now resolve (for this batch's updates, and for planning: see plan()). The
        # index keeps the provisional ids, which every reader resolves through ids.real.
        self.ids.real.update(zip((ident for _r, ident, _v, _c in creates), new, strict=True))
        if consents is not None:
            consents.run(conn, start)  # deleted with their contact (ON DELETE CASCADE): no journal
        journal.run(conn, start)

    def _constants(self) -> dict[str, Any]:
        return {**_CONTACT_DEFAULTS, "updated_at": self.ctx.now}

    def _update(
        self, conn: Connection, counts: _Counts, updates: list[ContactPlan]
    ) -> list[tuple[int, JournalEntry]]:
        c = CONTACTS.c
        targets = sorted({self.ids.real.get(t, t) for _, t, _, _ in updates})
        current: dict[int, dict[str, Any]] = {}
        for chunk in _chunks([t for t in targets if t > 0], 500):
            query = select(c.id, *(c[name] for name in CONTACT_UPDATABLE)).where(c.id.in_(chunk))
            current.update((r.id, r._asdict()) for r in conn.execute(query))
        latest = _latest_consents(conn, list(current))
        journal: list[tuple[int, JournalEntry]] = []
        changed: dict[int, dict[str, Any]] = {}
        new_consent_rows: list[tuple[int, dict[str, Any]]] = []
        for row, target, values, consents in updates:
            try:
                ident = self.ids.resolve(target)
            except _RowFailed as exc:
                self.ctx.fail_row(row, str(exc), counts)
                continue
            existing = current.get(ident)
            if existing is None:
                self.ctx.fail_row(row, _("contact #{id} was deleted meanwhile").format(id=ident), counts)
                continue
            changes, kept = _merge(existing, values, overwrite=self.ctx.on_duplicate == "overwrite")
            new_consents = [
                consent
                for consent in consents
                if latest.get((ident, consent["channel"])) != consent["status"]
            ]
            self.ctx.issues.append(
                _merge_issue(row.line, ident, values.get("_match", ""), changes, kept, existing)
            )
            if not changes and not new_consents:
                counts.updated -= 1
                counts.unchanged += 1
                self.ctx.planned_actions[row.line] = "unchanged"
                continue
            if changes:
                journal.append(
                    (row.line, ("contacts", ident, "update", {n: jsonable(existing[n]) for n in changes}))
                )
                existing.update(changes)
                changed.setdefault(ident, {}).update(changes)  # two rows on one contact: one UPDATE
            for consent in new_consents:
                latest[(ident, consent["channel"])] = consent["status"]
                new_consent_rows.append((row.line, {**consent, "contact_id": ident}))
        self._write_updates(conn, changed, current)
        if new_consent_rows:
            consent_ids = bulk.insert_rows(conn, CONSENTS, [r for _line, r in new_consent_rows], constants={})
            journal += [
                (line, ("consents", ident, "create", None))
                for (line, _r), ident in zip(new_consent_rows, consent_ids, strict=True)
            ]
        return journal

    def _write_updates(
        self, conn: Connection, changed: dict[int, dict[str, Any]], current: dict[int, dict[str, Any]]
    ) -> None:
        """One executemany per set of changed columns, instead of one statement per contact."""
        c = CONTACTS.c
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for ident, changes in changed.items():
            now = current[ident]
            params = {f"v_{name}": value for name, value in changes.items()}
            params["v_id"] = ident
            params["v_search_phones"] = phone_search_terms(now["mobile"], now["landline"])
            groups.setdefault(tuple(sorted(changes)), []).append(params)
        for names, rows in groups.items():
            stmt = (
                update(CONTACTS)
                .where(c.id == bindparam("v_id"))
                .values(
                    {
                        **{name: bindparam(f"v_{name}") for name in names},
                        "search_phones": bindparam("v_search_phones"),
                        "updated_at": self.ctx.now,
                        "version": c.version + 1,
                    }
                )
            )
            conn.execute(stmt, rows)


def _merge(
    existing: dict[str, Any], values: dict[str, Any], *, overwrite: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(changes, kept) for a duplicate: what the file's row changes on the existing contact, and the
    file's values left out because the contact already has another one.

    Filling the blanks (the default) changes only empty fields (and the defaults that mean "not known":
    source "other", status "prospect"), and adds a new note below the existing one instead of replacing
    it; `overwrite` replaces what differs. Either way names only fill blanks (a shared family phone
    renames nobody), an old prospect file never demotes a customer, and history dates only widen: the
    earlier creation date and the later last contact win."""
    changes: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for name in CONTACT_UPDATABLE:
        value = values.get(name)
        old = existing[name]
        if value is None or old == value:
            continue
        if name == "created_at":
            if old is None or value < old:
                changes[name] = value
            continue
        if name == "last_contact_at":
            if old is None or value > old:
                changes[name] = value
            continue
        if name == "lifecycle" and value is Lifecycle.PROSPECT and old == Lifecycle.CUSTOMER:
            continue  # an old prospect file must not demote customers
        blank = old is None or old == "" or _DEFAULT_VALUES.get(name) == old
        if blank:
            changes[name] = value
        elif isinstance(old, str) and isinstance(value, str) and old.casefold() == value.casefold():
            continue  # "DUPONT" and "Dupont": the same, nothing to say
        elif name in IDENTITY_FIELDS:
            kept[name] = value
        elif name == "notes" and not overwrite:
            if value not in old:
                changes[name] = f"{old}\n\n{value}"[:10_000]
        elif overwrite:
            changes[name] = value
        else:
            kept[name] = value
    return changes, kept


def _merge_issue(
    line: int, ident: int, match: str, changes: dict[str, Any], kept: dict[str, Any], existing: dict[str, Any]
) -> RowIssue:
    """A merged duplicate for the report: each change as field: old -> new, and what was kept."""
    done = "; ".join(
        _("{field}: added below the existing note").format(field=name)
        if name == "notes" and existing[name] and changes[name].startswith(existing[name])
        else f"{name}: {_shown_value(existing[name])} -> {_shown_value(value)}"
        for name, value in changes.items()
    )
    why = match
    if kept:
        why += _("; kept the contact's ") + ", ".join(
            _("{field} {stored} (the file says {value})").format(
                field=name, stored=_shown_value(existing[name]), value=_shown_value(value)
            )
            for name, value in kept.items()
        )
    return RowIssue(
        line,
        "",
        "",
        why,
        "merged",
        _("contact #{id} completed: {changes}").format(id=ident, changes=done)
        if done
        else _("nothing to change"),
    )


def _shown_value(value: Any) -> str:
    text = _display(value) if value is not None else ""
    text = text if len(text) <= 80 else text[:79] + "…"
    return repr(text) if text else _("(empty)")


_CONTACT_DEFAULTS: dict[str, Any] = {
    "preferred_channel": None,
    "source_campaign_id": None,
    "owner_id": None,
    "lost_reason": None,
    "budget": None,
    "wanted_model": None,
    "wanted_body": None,
    "wanted_fuel": None,
    "has_trade_in": False,
    "wants_financing": False,
    "social_profiles": {},
    "last_inbound_at": None,
    "score": None,
    "score_reasons": [],
    "score_updated_at": None,
    "erased_at": None,
    "version": 1,
}


def _latest_consents(conn: Connection, contact_ids: list[int]) -> dict[tuple[int, Channel], ConsentStatus]:
    if not contact_ids:
        return {}
    c = CONSENTS.c
    rows = conn.execute(
        select(c.contact_id, c.channel, c.status)
        .where(c.contact_id.in_(contact_ids), c.purpose == ConsentPurpose.PROSPECTING)
        .order_by(c.recorded_at, c.id)
    )
    return {(r.contact_id, Channel(r.channel)): ConsentStatus(r.status) for r in rows}


class _ContactResolver:
    """Finds (or, for vehicles, creates) the contact a row refers to by its e-mail or phone."""

    def __init__(self, writer: _Writer) -> None:
        self.writer = writer
        self.ctx = writer.ctx

    def find(self, row: _Row, email: str | None, phone: v.Phone | None) -> int | None:
        found, _how = self.ctx.contacts.match((phone.e164 if phone else None,), email)
        if len(found) > 1:
            row.reject(_("the e-mail and the phone belong to two different contacts"))
            return None
        return found.pop() if found else None


class _VehicleWriter(_Writer):
    """Vehicles, each with its owner (found or created) and its sale when the row has one."""

    kind = "vehicles"

    def load(self, conn: Connection) -> None:
        self.ctx.vehicles.load(conn)

    def plan(self, row: _Row, counts: _Counts) -> str:
        f = row.fields
        if row.issues:
            return "reject"
        for name, message in (("make", _("the make is required")), ("model", _("the model is required"))):
            if name not in f:
                row.reject(message, name)
        if "vin" not in f and "plate" not in f:
            row.reject(_("a VIN or a registration plate is required"))
        has_sale = "sold_on" in f or "price" in f
        if has_sale and ("sold_on" not in f or "price" not in f):
            row.reject(
                "a sale needs both its date and its price", "sold_on" if "sold_on" not in f else "price"
            )
        if row.issues:
            return "reject"
        owner = _ContactResolver(self).find(row, f.get("owner_email"), f.get("owner_phone"))
        if row.issues:
            return "reject"
        new_owner: dict[str, Any] | None = None
        if owner is None and ("owner_last_name" in f or "owner_email" in f or "owner_phone" in f):
            if "owner_last_name" not in f:
                row.reject(
                    "the owner is not a known contact: give their last name to create them", "owner_last_name"
                )
                return "reject"
            phone = f.get("owner_phone")
            new_owner = {
                "kind": ContactKind.PERSON,
                "first_name": f.get("owner_first_name"),
                "last_name": f["owner_last_name"],
                "mobile": phone.e164 if phone is not None and phone.mobile else None,
                "landline": phone.e164 if phone is not None and not phone.mobile else None,
                "email": f.get("owner_email"),
                "lifecycle": Lifecycle.CUSTOMER if has_sale else Lifecycle.PROSPECT,
            }
            owner = self.ids.provisional()
            self.ctx.contacts.add(owner, (new_owner["mobile"], new_owner["landline"]), new_owner["email"])
        if has_sale and owner is None:
            row.reject(_("a sale needs its customer: map the owner's name, e-mail or phone"))
            return "reject"
        existing = self.ctx.vehicles.find(f.get("vin"), f.get("plate"))
        if existing is not None and self.ctx.on_duplicate == "skip" and not has_sale:
            self.ctx.issues.append(
                RowIssue(row.line, "", "", _("vehicle #{id} is already known").format(id=existing), "skipped")
            )
            counts.skipped += 1
            return "skip"
        vehicle = {
            key: f.get(key)
            for key in (
                "vin",
                "plate",
                "make",
                "model",
                "version",
                "body",
                "fuel",
                "color",
                "first_registration_on",
                "mileage_km",
                "list_price",
                "purchase_cost",
            )
        }
        vehicle["condition"] = f.get("condition") or VehicleCondition.USED
        vehicle["stock_status"] = f.get("stock_status") or (
            StockStatus.SOLD
            if has_sale
            else StockStatus.CUSTOMER_OWNED
            if owner is not None
            else StockStatus.IN_STOCK
        )
        salesperson = self._salesperson(row)
        if row.issues:
            return "reject"
        vehicle_ref = existing if existing is not None else self.ids.provisional()
        if existing is None:
            self.ctx.vehicles.add(vehicle_ref, f.get("vin"), compact_plate(f.get("plate")), owner)
        sale = None
        if has_sale:
            price: Decimal = f["price"]
            cost: Decimal = f.get("cost", f.get("purchase_cost", price))
            sale = {
                "sold_on": f["sold_on"],
                "price": price,
                "cost": cost,
                "margin": price - cost,
                "financing": f.get("financing") or Financing.CASH,
                "financing_months": f.get("financing_months"),
                "financing_end_on": f.get("financing_end_on"),
                "warranty_end_on": f.get("warranty_end_on"),
                "salesperson_id": salesperson,
            }
        ids, now = self.ids, self.ctx.now
        update_existing = self.ctx.on_duplicate == "update"

        def apply(conn: Connection) -> list[JournalEntry]:
            entries: list[JournalEntry] = []
            owner_id: int | None = None
            if new_owner is not None:
                assert owner is not None
                owner_id = _insert_contact(conn, new_owner, now)
                ids.real[owner] = owner_id
                entries.append(("contacts", owner_id, "create", None))
            elif owner is not None:
                owner_id = ids.resolve(owner)
            vt = VEHICLES
            if existing is None:
                record = {
                    **vehicle,
                    "owner_contact_id": owner_id,
                    "plate_compact": compact_plate(vehicle["plate"]),
                    "created_at": now,
                    "updated_at": now,
                    "lock_version": 1,
                    "in_stock_since": None,
                    "condition_notes": None,
                    "reserved_for_opportunity_id": None,
                }
                vehicle_id = conn.execute(insert(vt).returning(vt.c.id), [record]).scalar_one()
                ids.real[vehicle_ref] = vehicle_id
                entries.append(("vehicles", vehicle_id, "create", None))
            else:
                vehicle_id = ids.resolve(vehicle_ref)
                if update_existing:
                    entries += _update_row(
                        conn, vt, vehicle_id, {**vehicle, "owner_contact_id": owner_id}, now
                    )
            if sale is not None:
                assert owner_id is not None
                duplicate = conn.execute(
                    select(SALES.c.id).where(
                        SALES.c.vehicle_id == vehicle_id,
                        SALES.c.sold_on == sale["sold_on"],
                    )
                ).first()
                if duplicate is None:
                    st = SALES
                    sale_id = conn.execute(
                        insert(st).returning(st.c.id),
                        [{**sale, "contact_id": owner_id, "vehicle_id": vehicle_id, "created_at": now}],
                    ).scalar_one()
                    entries.append(("sales", sale_id, "create", None))
                    ct = CONTACTS
                    entries += _update_row(conn, ct, owner_id, {"lifecycle": Lifecycle.CUSTOMER}, now)
            return entries

        self.planned.pending.append((row, apply))
        action = "create" if existing is None else "update"
        if action == "create":
            counts.created += 1
        else:
            counts.updated += 1
        return action

    def _salesperson(self, row: _Row) -> int | None:
        name = row.fields.get("salesperson")
        if not name:
            return None
        ident = self.ctx.users.get(v.fold(name))
        if ident is None:
            row.reject(
                _("{name!r} is not a user of dealercrm (login or name)").format(name=name),
                "salesperson",
                name,
            )
        return ident


def _insert_contact(conn: Connection, values: dict[str, Any], now: dt.datetime) -> int:
    table = CONTACTS
    record: dict[str, Any] = dict.fromkeys(CONTACT_COLUMNS)
    record.update(_CONTACT_DEFAULTS)
    record.update(values)
    record.update(
        country=record.get("country") or "FR",
        source_channel=record.get("source_channel") or SourceChannel.OTHER,
        lifecycle=record.get("lifecycle") or Lifecycle.PROSPECT,
        search_phones=phone_search_terms(record.get("mobile"), record.get("landline")),
        created_at=now,
        updated_at=now,
    )
    return int(conn.execute(insert(table).returning(table.c.id), [record]).scalar_one())


def _update_row(
    conn: Connection, table: Table, ident: int, values: dict[str, Any], now: dt.datetime
) -> list[JournalEntry]:
    """Set the non-empty `values` that differ; journal what they were."""
    c = table.c
    names = [name for name, value in values.items() if value is not None]
    current = conn.execute(select(*(c[n] for n in names)).where(c.id == ident)).first()
    if current is None:
        raise _RowFailed(_("{table} #{id} was deleted meanwhile").format(table=table.name, id=ident))
    existing = dict(zip(names, current, strict=True))
    changes = {n: values[n] for n in names if existing[n] != values[n]}
    if table.name == "contacts" and existing.get("lifecycle") == Lifecycle.CUSTOMER:
        changes.pop("lifecycle", None)
    if not changes:
        return []
    extra: dict[str, Any] = {}
    if "updated_at" in c:
        extra["updated_at"] = now
    for lock in ("version", "lock_version"):
        if lock in c:
            extra[lock] = c[lock] + 1
    if "plate" in changes and "plate_compact" in c:
        extra["plate_compact"] = compact_plate(changes["plate"])
    if table.name == "contacts" and ("mobile" in changes or "landline" in changes):
        phones = conn.execute(select(c.mobile, c.landline).where(c.id == ident)).one()
        extra["search_phones"] = phone_search_terms(
            changes.get("mobile", phones[0]), changes.get("landline", phones[1])
        )
    conn.execute(update(table).where(c.id == ident).values(**changes, **extra))
    return [(table.name, ident, "update", {n: jsonable(existing[n]) for n in changes})]


class _ServiceVisitWriter(_Writer):
    kind = "service_visits"

    def load(self, conn: Connection) -> None:
        self.ctx.vehicles.load(conn)
        st = SERVICE_VISITS.c
        self._load_seen(conn, st.vehicle_id, st.visited_on, st.kind)

    def _owner(self, row: _Row) -> int | None:
        return self.ctx.vehicles.find(row.fields.get("vin"), row.fields.get("plate"))

    def plan(self, row: _Row, counts: _Counts) -> str:
        f = row.fields
        if row.issues:
            return "reject"
        if "vin" not in f and "plate" not in f:
            row.reject(_("a VIN or a registration plate is required"))
            return "reject"
        if "visited_on" not in f:
            row.reject(_("the visit date is required"), "visited_on")
            return "reject"
        vehicle = self._known_vehicle(row, "no vehicle with this VIN or plate: import the vehicles first")
        if vehicle is None:
            return "reject"
        kind = f.get("kind") or ServiceKind.MAINTENANCE
        if self._already_recorded(
            row, (vehicle, f["visited_on"], kind), _("this visit is already recorded"), counts
        ):
            return "skip"
        record = {
            "vehicle_id": vehicle,
            "contact_id": self.ctx.vehicles.owner.get(vehicle),
            "visited_on": f["visited_on"],
            "kind": kind,
            "mileage_km": f.get("mileage_km"),
            "amount": f.get("amount", Decimal(0)),
            "margin": f.get("margin", Decimal(0)),
            "notes": f.get("notes"),
            "created_at": self.ctx.now,
        }
        return self._plan_insert(row, SERVICE_VISITS, record, ("vehicle_id", "contact_id"), counts)


class _ClaimWriter(_Writer):
    kind = "claims"

    def load(self, conn: Connection) -> None:
        self.ctx.vehicles.load(conn)
        c = CLAIMS.c
        self._load_seen(conn, c.contact_id, c.opened_at, c.description)

    def plan(self, row: _Row, counts: _Counts) -> str:
        f = row.fields
        contact = self._known_contact(row, "description", N_("a description is required"))
        if contact is None:
            return "reject"
        vehicle = None
        if "vin" in f or "plate" in f:
            vehicle = self._known_vehicle(row, "no vehicle with this VIN or plate")
            if vehicle is None:
                return "reject"
        opened: dt.datetime = f.get("opened_at") or self.ctx.now
        if self._already_recorded(
            row, (contact, opened, f["description"]), _("this claim is already recorded"), counts
        ):
            return "skip"
        severity = f.get("severity") or Severity.MEDIUM
        status = f.get("status") or (ClaimStatus.RESOLVED if f.get("resolved_at") else ClaimStatus.OPEN)
        resolved = f.get("resolved_at")
        if status in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED) and resolved is None:
            resolved = opened
        record = {
            "contact_id": contact,
            "vehicle_id": vehicle,
            "category": f.get("category") or ClaimCategory.OTHER,
            "severity": severity,
            "channel": f.get("channel") or Channel.PHONE,
            "description": f["description"],
            "status": status,
            "opened_by_id": self.ctx.actor.id if self.ctx.actor.id > 0 else None,
            "assignee_id": None,
            "opened_at": opened,
            "due_at": self.ctx.claim_deadline(severity, opened),
            "resolved_at": resolved,
            "closed_at": resolved if status is ClaimStatus.CLOSED else None,
            "resolution": f.get("resolution"),
            "satisfaction": f.get("satisfaction"),
            "goodwill_cost": f.get("goodwill_cost"),
            "lock_version": 1,
            "created_at": self.ctx.now,
            "updated_at": self.ctx.now,
        }
        return self._plan_insert(row, CLAIMS, record, ("contact_id", "vehicle_id"), counts)


class _InteractionWriter(_Writer):
    kind = "interactions"

    def load(self, conn: Connection) -> None:
        c = INTERACTIONS.c
        self._load_seen(conn, c.contact_id, c.occurred_at, c.type)

    def plan(self, row: _Row, counts: _Counts) -> str:
        f = row.fields
        contact = self._known_contact(row, "occurred_at", N_("the date is required"))
        if contact is None:
            return "reject"
        kind = f.get("type") or InteractionType.NOTE
        message = _("this interaction is already recorded")
        if self._already_recorded(row, (contact, f["occurred_at"], kind), message, counts):
            return "skip"
        record = {
            "contact_id": contact,
            "user_id": None,
            "type": kind,
            "direction": f.get("direction") or Direction.OUTBOUND,
            "occurred_at": f["occurred_at"],
            "outcome": f.get("outcome"),
            "duration_seconds": f.get("duration_seconds"),
            "amount": f.get("amount"),
            "summary": f.get("summary"),
            "campaign_id": None,
            "opportunity_id": None,
            "vehicle_id": None,
        }
        return self._plan_insert(row, INTERACTIONS, record, ("contact_id",), counts)


WRITERS: dict[str, type[_Writer]] = {
    "contacts": _ContactWriter,
    "vehicles": _VehicleWriter,
    "service_visits": _ServiceVisitWriter,
    "claims": _ClaimWriter,
    "interactions": _InteractionWriter,
}
# Deletion order for undo: what refers to others first.
UNDO_ORDER = (
    "contact_links",
    "claims",
    "interactions",
    "service_visits",
    "sales",
    "consents",
    "vehicles",
    "contacts",
)
UNDO_TABLES: dict[str, Table] = {
    "contact_links": CONTACT_LINKS,
    "claims": CLAIMS,
    "interactions": INTERACTIONS,
    "service_visits": SERVICE_VISITS,
    "sales": SALES,
    "consents": CONSENTS,
    "vehicles": VEHICLES,
    "contacts": CONTACTS,
}


# --- The service ------------------------------------------------------------------------------------


class ImportService:
    """Imports from CSV / XLSX files, their journal, and undo."""

    def __init__(
        self,
        session_factory: sessionmaker[Session],
        *,
        actor: Actor,
        mapping_store: MappingStore | None = None,
    ) -> None:
        self._session_factory = session_factory
        self._actor = actor
        self._store = mapping_store or MappingStore()

    # -- Before the import --

    def inspect(self, *, path: Path, kind: str) -> FileOverview:
        """Read the file's header and first rows; guess the mapping (remembered ones first)."""
        require(self._actor, "import.run")
        _check_kind(kind)
        with SourceTable(Path(path)) as source:
            info = source.info
        mapping = guess_mapping(kind, info.headers, learned=self._store.learned(kind))
        examples = {
            header: tuple(_show(record.values[i]) for record in info.sample if record.values[i] is not None)[
                :3
            ]
            for i, header in enumerate(info.headers)
        }
        with self._session_factory() as session:
            earlier = tuple(
                session.scalars(
                    select(ImportRun.id).where(
                        ImportRun.file_sha256 == info.sha256,
                        ImportRun.kind == kind,
                        ImportRun.status != "undone",
                    )
                )
            )
        return FileOverview(
            file_name=info.path.name,
            format=info.format,
            encoding=info.encoding,
            delimiter=info.delimiter,
            headers=info.headers,
            examples=examples,
            mapping=mapping,
            fields=tuple((spec.name, spec.label) for spec in FIELDS[kind]),
            missing=tuple(missing_columns(kind, mapping)),
            sha256=info.sha256,
            already_imported=earlier,
        )

    def propose_choices(
        self,
        *,
        path: Path,
        kind: str,
        mapping: dict[str, str],
        choices: dict[str, dict[str, str | None]] | None = None,
    ) -> tuple[ChoiceColumn, ...]:
        """Each choice column of the mapping (source, civility, status, fuel...) with its distinct
        values, the most frequent first, and the code each will be imported as (`choices` holds the
        user's readings so far); for the wizard and the mapping file, to check before importing."""
        require(self._actor, "import.run")
        _check_kind(kind)
        specs = field_specs(kind)
        chosen = _chosen_members(kind, choices or {})
        with SourceTable(Path(path)) as source:
            index = {h: i for i, h in enumerate(source.info.headers)}
            wanted = [
                (index[header], header, specs[target])
                for header, target in mapping.items()
                if header in index and target in specs and isinstance(specs[target].parse, ChoiceTable)
            ]
            counts: list[Counter[str]] = [Counter() for _ in wanted]
            for record in source.records():
                for counter, (i, _header, _spec) in zip(counts, wanted, strict=True):
                    raw = record.values[i] if i < len(record.values) else None
                    if raw is not None:
                        counter[v.cell_text(raw).strip()] += 1
        columns = []
        for counter, (_i, header, spec) in zip(counts, wanted, strict=True):
            table = spec.parse
            assert isinstance(table, ChoiceTable)
            proposals = []
            for value, rows in counter.most_common(MAX_PROPOSED_VALUES):
                match = table.match(value, chosen.get(spec.name))
                proposals.append(
                    ValueProposal(
                        value=value,
                        rows=rows,
                        proposed=match.member.value if match.member is not None else None,
                        how=match.how,
                        note=match.note(table.what),
                    )
                )
            columns.append(
                ChoiceColumn(
                    header=header,
                    field=spec.name,
                    label=spec.label,
                    enum=table.enum,
                    options=tuple(str(m.value) for m in table.members),
                    values=tuple(proposals),
                    more=max(0, len(counter) - MAX_PROPOSED_VALUES),
                )
            )
        return tuple(columns)

    def remember_mapping(self, *, kind: str, mapping: dict[str, str | None]) -> None:
        """Keep this mapping for the next file of this kind (per user, in their config folder)."""
        require(self._actor, "import.run")
        _check_kind(kind)
        self._store.remember(kind, mapping)

    def preview(
        self,
        *,
        path: Path,
        kind: str,
        mapping: dict[str, str],
        on_duplicate: str = "update",
        limit: int = 50,
        choices: dict[str, dict[str, str | None]] | None = None,
    ) -> list[PreviewRow]:
        """The first `limit` records as they would be stored, with what would happen to each."""
        result, rows = self._run(
            path=Path(path),
            kind=kind,
            mapping=mapping,
            choices=choices,
            on_duplicate=on_duplicate,
            dry_run=True,
            batch_size=DEFAULT_BATCH,
            progress=Progress(),
            limit=limit,
            keep_rows=True,
        )
        return rows

    # -- The import --

    def run(
        self,
        *,
        path: Path,
        kind: str,
        mapping: dict[str, str] | None = None,
        on_duplicate: str = "update",
        dry_run: bool = False,
        batch_size: int = DEFAULT_BATCH,
        progress: Progress | None = None,
        choices: dict[str, dict[str, str | None]] | None = None,
    ) -> ImportResult:
        """Import every record of the file (see the module docstring for the guarantees).

        `mapping` is {header: field}; None uses the remembered or guessed one. `choices` holds the
        user's reading of choice values, {field: {value as in the file: code, or None for empty}};
        other values are read as `propose_choices` says. `on_duplicate`: "update" fills the blanks of
        an existing contact (the default), "overwrite" replaces what differs, "skip" leaves it alone.
        A mapping read by `read_mapping_file` brings its own choices and duplicate rule, used when
        these arguments are left at their defaults. A cancelled import returns with status
        "cancelled": the batches committed before stay, and a re-run completes it.
        """
        result, _rows = self._run(
            path=Path(path),
            kind=kind,
            mapping=mapping,
            choices=choices,
            on_duplicate=on_duplicate,
            dry_run=dry_run,
            batch_size=batch_size,
            progress=progress or Progress(),
            limit=None,
            keep_rows=False,
        )
        return result

    def _run(
        self,
        *,
        path: Path,
        kind: str,
        mapping: dict[str, str] | None,
        choices: dict[str, dict[str, str | None]] | None,
        on_duplicate: str,
        dry_run: bool,
        batch_size: int,
        progress: Progress,
        limit: int | None,
        keep_rows: bool,
    ) -> tuple[ImportResult, list[PreviewRow]]:
        require(self._actor, "import.run")
        _check_kind(kind)
        if isinstance(mapping, ImportMapping):
            choices = choices if choices is not None else mapping.choices
            if on_duplicate == "update" and mapping.on_duplicate:
                on_duplicate = mapping.on_duplicate
        if on_duplicate not in ON_DUPLICATE:
            raise ValidationError({"on_duplicate": _("update, overwrite or skip")})
        if batch_size < 1:
            raise ValidationError({"batch_size": _("at least 1")})
        started = time.perf_counter()
        with SourceTable(path) as source, _fewer_collections():
            info = source.info
            if mapping is None:
                mapping = guess_mapping(kind, info.headers, learned=self._store.learned(kind))
            missing = missing_columns(kind, mapping)
            if missing:
                raise ImportFailed(_("Map a column to: {fields}.").format(fields="; ".join(missing)))
            with self._session_factory() as session:
                tz = _dealership_tz(session)
            now = utcnow()
            parser = _Parser(kind, info.headers, mapping, choices, tz=tz, today=now.astimezone(tz).date())
            with self._session_factory() as session:
                claim_deadline = deadline_rule(session)
                users = _users(session)
            ctx = _Context(
                kind=kind,
                actor=self._actor,
                file_name=path.name,
                on_duplicate=on_duplicate,
                dry_run=dry_run,
                now=now,
                tz=tz,
                contacts=_ContactIndex(self._reading),
                vehicles=_VehicleIndex(),
                users=users,
                issues=[],
                rejected_rows=[],
                claim_deadline=claim_deadline,
            )
            writer = WRITERS[kind](ctx)
            with self._session_factory() as session:
                writer.load(session.connection())
                ctx.contacts.read_all(session.connection(), lines=info.total_lines)
                writer.read_all(session.connection(), lines=info.total_lines)
                done_lines, previous = _done_lines(session, info.sha256, kind)
            run_id = None if dry_run else self._start_run(info, kind, mapping, on_duplicate, choices or {})
            if isinstance(writer, _ContactWriter):
                writer.run_id = run_id
            totals = _Counts()
            batch = _Counts()
            resumed = rows_read = 0
            batch_lines: list[int] = []
            preview: list[PreviewRow] = []
            status = "dry_run" if dry_run else "done"
            pipe = _BatchPipe(self._commit_batch, writer, totals, run_id, dry_run)
            try:
                try:
                    for record, row in _read_ahead(source, parser, writer, done_lines, limit, batch_size):
                        rows_read += 1
                        if row is None:
                            resumed += 1
                            if keep_rows:
                                preview.append(PreviewRow(record.line, {}, "done", ()))
                            continue
                        issues_before = len(ctx.issues)
                        action = writer.plan(row, batch)
                        notes = tuple(ctx.issues[issues_before:])
                        if action == "reject":
                            batch.rejected += 1
                            ctx.issues.extend(row.issues)
                            ctx.rejected_rows.append(record)
                        if row.notes:
                            ctx.issues.extend(row.notes)
                        ctx.planned_actions[record.line] = action
                        if keep_rows:
                            shown = {k: _display(x) for k, x in row.fields.items()}
                            preview.append(
                                PreviewRow(record.line, shown, action, (*row.issues, *row.notes, *notes))
                            )
                        batch_lines.append(record.line)
                        if len(batch_lines) >= batch_size:
                            progress.check()
                            pipe.commit(batch, batch_lines)
                            batch, batch_lines = _Counts(), []
                            total = max(info.total_lines, record.line)
                            progress.update(record.line, total, f"{rows_read} rows")
                    if batch_lines:
                        progress.check()
                        pipe.commit(batch, batch_lines)
                        batch = _Counts()
                except Cancelled:
                    status = "cancelled"
                pipe.finish()  # waits for the batch being written: it is written whole
            except BaseException:
                pipe.abandon()
                if run_id is not None:
                    self._finish_run(run_id, "failed", rows_read, resumed)
                raise
            if run_id is not None:
                self._finish_run(run_id, status, rows_read, resumed)
        if keep_rows:
            # Rows the database refused at flush time (dry runs never get there).
            preview = [replace(p, action=ctx.planned_actions.get(p.line, p.action)) for p in preview]
        if len(ctx.issues) > MAX_KEPT_ISSUES:
            del ctx.issues[MAX_KEPT_ISSUES:]
        result = ImportResult(
            kind=kind,
            file_name=path.name,
            status=status,
            run_id=run_id,
            rows=rows_read,
            created=totals.created,
            updated=totals.updated,
            unchanged=totals.unchanged,
            skipped=totals.skipped,
            rejected=totals.rejected,
            already_imported=resumed,
            seconds=time.perf_counter() - started,
            headers=info.headers,
            issues=tuple(sorted(ctx.issues, key=lambda i: i.line)),
            rejected_rows=tuple(sorted(ctx.rejected_rows, key=lambda r: r.line)),
            previous_runs=previous,
        )
        return result, preview

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """A connection to read what duplicate matching needs, while the run goes on (see _ContactIndex)."""
        with self._session_factory() as session:
            yield session.connection()

    def _start_run(
        self,
        info: SourceInfo,
        kind: str,
        mapping: dict[str, str],
        on_duplicate: str,
        choices: dict[str, dict[str, str | None]],
    ) -> int:
        with unit_of_work(self._session_factory, self._actor) as session:
            conn = session.connection()
            t = IMPORT_RUNS
            # A run of this file still marked running was killed or crashed: say so.
            conn.execute(
                update(t)
                .where(t.c.file_sha256 == info.sha256, t.c.kind == kind, t.c.status == "running")
                .values(status="interrupted", finished_at=utcnow())
            )
            return int(
                conn.execute(
                    insert(t).returning(t.c.id),
                    [
                        {
                            "kind": kind,
                            "file_name": info.path.name[:260],
                            "file_sha256": info.sha256,
                            "mapping": {
                                "columns": dict(mapping),
                                "on_duplicate": on_duplicate,
                                "values": choices,
                            },
                            "started_at": utcnow(),
                            "status": "running",
                            "user_id": self._actor.id if self._actor.id > 0 else None,
                            "user_login": self._actor.login,
                            **dict.fromkeys(
                                (
                                    "rows_total",
                                    "created",
                                    "updated",
                                    "skipped",
                                    "rejected",
                                    "resumed",
                                    "last_line",
                                ),
                                0,
                            ),
                        }
                    ],
                ).scalar_one()
            )

    def _commit_batch(
        self,
        writer: _Writer,
        planned: _Planned,
        counts: _Counts,
        lines: list[int],
        run_id: int | None,
        dry_run: bool,
    ) -> None:
        if dry_run or run_id is None:
            return
        with unit_of_work(self._session_factory, self._actor) as session:
            conn = session.connection()
            journal = writer.flush(conn, counts, planned)
            created = [(line, e) for line, e in journal if e[3] is None]
            changed = [(line, e) for line, e in journal if e[3] is not None]
            if created:
                # Journal rows differ only in line and id: the rest is written into the statement once.
                bulk.insert_rows(
                    conn,
                    IMPORT_ROWS,
                    [{"line": n, "entity": e[0], "entity_id": e[1], "action": e[2]} for n, e in created],
                    constants={"run_id": run_id, "before": None},
                    ids=False,
                )
            if changed:
                conn.execute(
                    insert(IMPORT_ROWS),
                    [
                        {
                            "run_id": run_id,
                            "line": line,
                            "entity": e[0],
                            "entity_id": e[1],
                            "action": e[2],
                            "before": e[3],
                        }
                        for line, e in changed
                    ],
                )
            t = IMPORT_RUNS
            conn.execute(
                update(t)
                .where(t.c.id == run_id)
                .values(
                    created=t.c.created + counts.created,
                    updated=t.c.updated + counts.updated,
                    skipped=t.c.skipped + counts.skipped + counts.unchanged,
                    rejected=t.c.rejected + counts.rejected,
                    rows_total=t.c.rows_total + len(lines),
                    last_line=max(lines),
                )
            )
            log_event(
                session,
                action=AuditAction.CREATE,
                entity="imports",
                entity_id=run_id,
                changes={
                    "kind": writer.kind,
                    "file": writer.ctx.file_name,
                    "lines": [min(lines), max(lines)],
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                    "skipped": counts.skipped,
                    "rejected": counts.rejected,
                },
            )

    def _finish_run(self, run_id: int, status: str, rows: int, resumed: int) -> None:
        with unit_of_work(self._session_factory, self._actor) as session:
            t = IMPORT_RUNS
            session.connection().execute(
                update(t).where(t.c.id == run_id).values(status=status, finished_at=utcnow(), resumed=resumed)
            )

    # -- After the import --

    def list_runs(self, *, limit: int = 50) -> list[ImportRunRow]:
        """The latest imports, newest first."""
        require(self._actor, "import.run")
        with self._session_factory() as session:
            runs = session.scalars(select(ImportRun).order_by(ImportRun.id.desc()).limit(limit))
            return [
                ImportRunRow(
                    r.id,
                    r.kind,
                    r.file_name,
                    r.started_at,
                    r.finished_at,
                    r.status,
                    r.rows_total,
                    r.created,
                    r.updated,
                    r.skipped,
                    r.rejected,
                    r.resumed,
                    r.user_login,
                )
                for r in runs
            ]

    def undo(self, *, run_id: int) -> UndoResult:
        """Remove what one import created and put back what it changed, in one transaction.

        Records that other data has come to use since (a contact with a later interaction or sale, a
        vehicle with a later visit) are kept, and counted in `kept`.
        """
        require(self._actor, "import.run")
        with unit_of_work(self._session_factory, self._actor) as session:
            conn = session.connection()
            run = conn.execute(select(IMPORT_RUNS).where(IMPORT_RUNS.c.id == run_id)).first()
            if run is None:
                raise NotFound(_("There is no import #{id}.").format(id=run_id))
            if run.status == "undone":
                raise ValidationError({"import": _("import #{id} was already undone").format(id=run_id)})
            r = IMPORT_ROWS.c
            entries = conn.execute(
                select(r.entity, r.entity_id, r.action, r.before)
                .where(r.run_id == run_id)
                .order_by(r.id.desc())
            ).all()
            restored = 0
            for entity, ident, action, before in entries:
                if action == "update" and before and entity in UNDO_TABLES:
                    table = UNDO_TABLES[entity]
                    values = {name: _from_json(table, name, value) for name, value in before.items()}
                    if entity == "contacts" and ("mobile" in values or "landline" in values):
                        current = conn.execute(
                            select(table.c.mobile, table.c.landline).where(table.c.id == ident)
                        ).first()
                        if current is not None:
                            values["search_phones"] = phone_search_terms(
                                values.get("mobile", current[0]), values.get("landline", current[1])
                            )
                    restored += conn.execute(
                        update(table).where(table.c.id == ident).values(**values)
                    ).rowcount
            created: dict[str, set[int]] = {}
            for entity, ident, action, _before in entries:
                if action == "create":
                    created.setdefault(entity, set()).add(ident)
            deleted: dict[str, int] = {}
            kept: dict[str, int] = {}
            for entity in UNDO_ORDER:
                ids = created.get(entity, set())
                if not ids:
                    continue
                table = UNDO_TABLES[entity]
                in_use = _referenced_elsewhere(conn, table, ids, created, f"import from {run.file_name} on ")
                removable = sorted(ids - in_use)
                count = 0
                for chunk in _chunks(removable, 500):
                    count += conn.execute(delete(table).where(table.c.id.in_(chunk))).rowcount
                deleted[entity] = count
                if in_use:
                    kept[entity] = len(in_use)
            t = IMPORT_RUNS
            conn.execute(update(t).where(t.c.id == run_id).values(status="undone", undone_at=utcnow()))
            log_event(
                session,
                action=AuditAction.DELETE,
                entity="imports",
                entity_id=run_id,
                changes={
                    "undo": True,
                    "file": run.file_name,
                    "deleted": deleted,
                    "restored": restored,
                    "kept": kept,
                },
            )
        return UndoResult(run_id=run_id, deleted=deleted, restored=restored, kept=kept)


def _read_ahead(
    source: SourceTable,
    parser: _Parser,
    writer: _Writer,
    done_lines: set[int],
    limit: int | None,
    size: int,
) -> Iterator[tuple[SourceRecord, _Row | None]]:
    """The file's records (the first `limit` ones), each with its parsed row (None: a line an earlier run
    committed), read `size` at a time so that the existing contacts they may match are read in a few
    queries first (_Writer.prefetch). A file that fails to read past some records gives those records
    first, then raises, as when it was read one record at a time."""
    records = source.records() if limit is None else itertools.islice(source.records(), limit)
    while True:
        chunk: list[SourceRecord] = []
        failed: Exception | None = None
        try:
            for record in records:
                chunk.append(record)
                if len(chunk) >= size:
                    break
        except Exception as exc:  # noqa: BLE001 - raised below, after the records read before it
            failed = exc
        rows = [None if record.line in done_lines else parser.parse(record) for record in chunk]
        writer.prefetch([row for row in rows if row is not None])
        yield from zip(chunk, rows, strict=True)
        if failed is not None:
            raise failed
        if len(chunk) < size:
            return


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Fewer passes of the garbage collector while an import runs.

    CPython's cyclic collector walks the objects it tracks each time enough new containers have piled
    up: every 700 by default, and an import makes a dozen a row, while the app already holds a few
    hundred thousand (SQLAlchemy's and the models' own). Here what is alive at the start is frozen (left
    out of every pass) and the youngest generation is collected every 50,000 new containers; both are
    put back afterwards. Reference counting still frees each row as soon as it is written: only cycles
    wait a little longer. Measured on the 100k benchmark: about 15,000 -> 17,500 rows/s.
    """
    thresholds = gc.get_threshold()
    # In the app, start-up froze its long-lived objects already (dealercrm.startup_gc): unfreezing at
    # the end would undo that, so only a process that froze nothing (the CLI) freezes here.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if freeze:
            gc.unfreeze()


class _BatchPipe:
    """Commits the batches of one run in order, one transaction each.

    For a pipelined writer, batches are written on threads of their own while the caller plans the
    next: SQLite leaves the GIL while it steps, so validating in Python and writing in SQLite overlap;
    PostgreSQL works in its own processes. Up to `writer.in_flight` batches are written at once (two on
    PostgreSQL: the server's work on a batch's new contacts, its largest part, runs beside the previous
    batch's). A batch's transaction writes its new records first, then waits for the previous batch to
    be committed (`_Planned.previous_committed`) before its updates, links, journal and counters, and
    commits after it: the batches are committed in the file's order, so whatever stops the run leaves
    whole batches, the earliest ones. A batch whose predecessor failed fails too, and rolls back. When
    the pipe is full, the next commit() (or finish()) waits for the oldest batch first and raises what
    it raised. The counts of a batch go to the totals once it is written (a row the database refuses
    turns from created into rejected).
    """

    def __init__(
        self,
        commit_batch: Callable[[_Writer, _Planned, _Counts, list[int], int | None, bool], None],
        writer: _Writer,
        totals: _Counts,
        run_id: int | None,
        dry_run: bool,
    ) -> None:
        self._commit_batch = commit_batch
        self._writer = writer
        self._totals = totals
        self._run_id = run_id
        self._dry_run = dry_run
        threaded = writer.pipelined and not dry_run and run_id is not None
        self._depth = max(1, writer.in_flight)
        self._pool = ThreadPoolExecutor(self._depth, thread_name_prefix="import-write") if threaded else None
        self._in_flight: list[tuple[Future[None], _Counts]] = []
        # The writer takes the GIL back after every statement SQLite ran without it; at Python's
        # default switch interval (5 ms) each take-back waits for the planning thread's time slice,
        # which would leave the writer waiting most of the time. Restored by abandon().
        self._restore_switch_interval = (
            shorten_switch_interval(PIPELINE_SWITCH_INTERVAL_S) if threaded else None
        )

    def commit(self, counts: _Counts, lines: list[int]) -> None:
        planned = self._writer.take()
        if self._pool is None:
            self._commit_batch(self._writer, planned, counts, lines, self._run_id, self._dry_run)
            self._totals.add(counts)
            return
        while len(self._in_flight) >= self._depth:
            self._wait_oldest()
        if self._in_flight:
            planned.previous_committed = self._in_flight[-1][0].result
        future = self._pool.submit(
            self._commit_batch, self._writer, planned, counts, lines, self._run_id, self._dry_run
        )
        self._in_flight.append((future, counts))

    def finish(self) -> None:
        """Wait for the batches in flight (raising the first error, if any) and stop the threads."""
        try:
            while self._in_flight:
                self._wait_oldest()
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Stop after the batches in flight, whatever became of them (the caller is failing already)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._restore_switch_interval is not None:
            self._restore_switch_interval()
            self._restore_switch_interval = None
        self._in_flight = []

    def _wait_oldest(self) -> None:
        future, counts = self._in_flight.pop(0)
        future.result()
        self._totals.add(counts)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError({"kind": _("one of {kinds}").format(kinds=", ".join(KINDS))})


def _dealership_tz(session: Session) -> Any:
    return dealership_timezone(session)


def _users(session: Session) -> dict[str, int]:
    users: dict[str, int] = {}
    for ident, login, name in session.execute(select(User.id, User.login, User.display_name)):
        users[v.fold(login)] = ident
        users.setdefault(v.fold(name), ident)
    return users


def _done_lines(session: Session, sha256: str, kind: str) -> tuple[set[int], tuple[int, ...]]:
    runs = tuple(
        session.scalars(
            select(ImportRun.id).where(
                ImportRun.file_sha256 == sha256, ImportRun.kind == kind, ImportRun.status != "undone"
            )
        )
    )
    if not runs:
        return set(), ()
    lines = set(session.scalars(select(ImportRow.line).where(ImportRow.run_id.in_(runs)).distinct()))
    return lines, runs


def _display(value: Any) -> str:
    if isinstance(value, v.Phone):
        return value.e164
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _from_json(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    column = table.c[name]
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is dt.datetime and isinstance(value, str):
        moment = dt.datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if python_type is dt.date and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if python_type is Decimal:
        return Decimal(str(value))
    return value


def _referenced_elsewhere(
    conn: Connection, table: Table, ids: set[int], created: dict[str, set[int]], proof_prefix: str
) -> set[int]:
    """Ids of `table` that rows this import did not create refer to, through any foreign key: a
    contact who has had an interaction, a sale or a manual consent since is kept."""
    used: set[int] = set()
    for other in Base.metadata.sorted_tables:
        if other.name in ("import_rows", "import_runs", "audit_log"):
            continue
        for fk in other.foreign_keys:
            if fk.column.table is not table or fk.parent.table is not other:
                continue
            own = created.get(other.name, set())
            columns = [fk.parent, other.c.id] if "id" in other.c else [fk.parent]
            if other.name == "consents":
                # Consents recorded by this very import go with their contact.
                columns.append(other.c.proof)
            for chunk in _chunks(sorted(ids), 500):
                for found in conn.execute(select(*columns).where(fk.parent.in_(chunk))):
                    if len(found) > 1 and found[1] in own:
                        continue
                    if other.name == "consents" and str(found[2]).startswith(proof_prefix):
                        continue
                    used.add(found[0])
    return used


_T = TypeVar("_T")


def _chunks(items: Sequence[_T], size: int) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


# --- Reports ----------------------------------------------------------------------------------------


REPORT_COLUMNS = ["line", "outcome", "column", "value", "what was done", "why"]


def write_error_report(result: ImportResult, path: Path) -> int:
    """The import's report as a CSV that opens in French Excel (UTF-8 with BOM, `;`), for a person to
    read: one row per rejected, guessed, flagged or merged value (or row), giving the file line, the
    column, the value, what was done and why. Rejected rows also carry their own values under the
    file's headers, so that they can be fixed and imported again. Returns the rows written."""
    values = {record.line: record.values for record in result.rejected_rows}
    written = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow([*REPORT_COLUMNS, *result.headers])
        for issue in sorted(result.issues, key=lambda i: (i.line, ISSUE_OUTCOMES.index(i.outcome))):
            row = [_neutral(x) for x in values.get(issue.line, ())] if issue.outcome == "rejected" else []
            cells = (issue.column, issue.value, issue.action, issue.message)
            out.writerow([issue.line, issue.outcome, *(_neutral(x) for x in cells), *row])
            written += 1
    return written


_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def _neutral(value: Any) -> str:
    text = "" if value is None else v.cell_text(value)
    return "'" + text if _FORMULA_START.match(text) else text


def summary_counts(result: ImportResult) -> dict[str, int]:
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "skipped": result.skipped,
        "rejected": result.rejected,
        "already_imported": result.already_imported,
    }


__all__ = [
    "DEFAULT_BATCH",
    "FileOverview",
    "ImportFailed",
    "ImportResult",
    "ImportRunRow",
    "ImportService",
    "PreviewRow",
    "RowIssue",
    "UndoResult",
    "summary_counts",
    "write_error_report",
]
