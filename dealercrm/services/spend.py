"""Marketing spend: what the dealership pays per acquisition channel and month (the CAC's numerator).

One amount per (channel, month) in `marketing_spend`, `month` being the month's first day. The manager
enters a year at a time in a grid (channels x 12 months, last year's figures beside) or imports a
CSV/XLSX file of (month, channel, amount) rows; both go through this service, permission
"marketing_spend.edit" (managers and administrators), in one unit of work each, so the audit log records
every created, changed and removed amount. docs/KPI.md says how the KPIs use it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import _, ngettext
from dealercrm.models import MarketingSpend
from dealercrm.models.enums import SourceChannel, SpendChannel
from dealercrm.services import validation as v
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, apply_cells
from dealercrm.services.errors import ServiceError, ValidationError
from dealercrm.services.kpi.texts import label
from dealercrm.services.permissions import require

CENT = Decimal("0.01")
MONTHS = tuple(range(1, 13))
MIN_YEAR, MAX_YEAR = 1900, 2999

Cell = tuple[SpendChannel, int]  # (channel, month number 1..12)


@functools.cache
def _spend_channels() -> dict[str, SpendChannel]:
    """Channel names accepted in a file: the values, the importer's French and English synonyms of the
    source channels (one home for them: services/importing/fields.py) and the screen's French labels."""
    from dealercrm.services.importing.fields import SOURCES

    table = {key: SpendChannel(channel.value) for key, channel in SOURCES.items()}
    table.update(v.choice_table(SpendChannel))
    extra = {
        "walk in": SpendChannel.WALK_IN,
        "passage en concession": SpendChannel.WALK_IN,
        "site internet": SpendChannel.WEBSITE,
        "reseaux sociaux": SpendChannel.SOCIAL,
        "evenements": SpendChannel.EVENT,
        "campagnes": SpendChannel.CAMPAIGN,
        "divers": SpendChannel.OTHER,
    }
    table.update({v.fold(word): channel for word, channel in extra.items()})
    return table


assert {c.value for c in SpendChannel} == {c.value for c in SourceChannel}  # the CAC joins them by value


def cell_key(channel: SpendChannel, month: int) -> str:
    """The ValidationError field of one cell: "website:3"."""
    return f"{channel.value}:{month}"


@dataclass(frozen=True)
class SpendGridRow:
    """One channel over a year: the 12 monthly amounts (None: nothing entered) and last year's."""

    channel: SpendChannel
    amounts: tuple[Decimal | None, ...]
    last_year: tuple[Decimal | None, ...]

    @property
    def total(self) -> Decimal:
        return sum((a for a in self.amounts if a is not None), Decimal("0.00"))

    @property
    def last_year_total(self) -> Decimal:
        return sum((a for a in self.last_year if a is not None), Decimal("0.00"))

    def amount(self, month: int) -> Decimal | None:
        return self.amounts[month - 1]


@dataclass(frozen=True)
class SpendGrid:
    """A year of marketing spend: one row per channel, in the enum's order."""

    year: int
    rows: tuple[SpendGridRow, ...]

    def row(self, channel: SpendChannel) -> SpendGridRow:
        return next(r for r in self.rows if r.channel is channel)

    def month_total(self, month: int) -> Decimal:
        return sum((r.amounts[month - 1] or Decimal("0.00") for r in self.rows), Decimal("0.00"))

    def last_year_month_total(self, month: int) -> Decimal:
        return sum((r.last_year[month - 1] or Decimal("0.00") for r in self.rows), Decimal("0.00"))

    @property
    def total(self) -> Decimal:
        return sum((r.total for r in self.rows), Decimal("0.00"))

    @property
    def last_year_total(self) -> Decimal:
        return sum((r.last_year_total for r in self.rows), Decimal("0.00"))

    def cells(self) -> dict[Cell, Decimal]:
        """Every amount entered this year, by cell."""
        return {
            (r.channel, m): a
            for r in self.rows
            for m, a in zip(MONTHS, r.amounts, strict=True)
            if a is not None
        }


@dataclass(frozen=True)
class SpendChanges:
    created: int
    updated: int
    removed: int

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.removed


@dataclass(frozen=True)
class SpendIssue:
    """A row of an imported file that was not imported: its line in the file and why."""

    line: int
    message: str


@dataclass(frozen=True)
class SpendImport:
    """What `import_rows` / `import_file` did."""

    rows: int  # data rows read
    imported: int  # rows taken (several rows of one channel and month are added up)
    changes: SpendChanges
    rejected: tuple[SpendIssue, ...]

    def summary(self) -> str:
        c = self.changes
        read = ngettext("{n} row read", "{n} rows read", self.rows).format(n=self.rows)
        created = ngettext("{n} amount created", "{n} amounts created", c.created).format(n=c.created)
        # TRANSLATORS: "12 rows read: 11 imported, 1 rejected; 3 amounts created, 8 updated."
        return _("{read}: {imported} imported, {rejected} rejected; {created}, {updated} updated.").format(
            read=read, imported=self.imported, rejected=len(self.rejected), created=created, updated=c.updated
        )


class SpendFileError(ServiceError):
    """The file cannot be read as a table of (month, channel, amount)."""


# Parsing one row ---------------------------------------------------------------------------------------
_MONTH_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2})?")
_MONTH_FR = re.compile(r"(?:\d{1,2}[-/.])?(\d{1,2})[-/.](\d{4})")


def parse_month(value: object) -> dt.date:
    """A month as 2026-03 or 03/2026 (a full date, or a spreadsheet's date cell, gives its month)."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = v.cell_text(value).strip()
    year = month = None
    if match := _MONTH_ISO.fullmatch(text):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_FR.fullmatch(text):
        month, year = int(match.group(1)), int(match.group(2))
    if year is None or month is None or not 1 <= month <= 12 or not MIN_YEAR <= year <= MAX_YEAR:
        raise v.InvalidValue(_("{text!r} is not a month (YYYY-MM or MM/YYYY)").format(text=text))
    return dt.date(year, month, 1)


def parse_channel(value: object) -> SpendChannel:
    """A channel by its value or label, in French or English, without case or accents."""
    return v.parse_choice(value, _spend_channels(), what="channel")


def parse_amount(value: object) -> Decimal:
    """Euros in French ("1 234,50") or English ("1,234.50") notation, to the cent; never negative."""
    amount = v.parse_decimal(value)
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP) and not isinstance(value, float):
        raise v.InvalidValue(_("{value!r} has more than two decimals").format(value=v.cell_text(value)))
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


_HEADERS = {
    "month": ("month", "mois", "period", "periode", "date"),
    "channel": ("channel", "canal", "source", "channel source", "canal d acquisition", "poste"),
    "amount": ("amount", "montant", "spend", "depense", "depenses", "cost", "cout", "montant eur", "eur"),
}


def _columns(headers: Sequence[str]) -> dict[str, int] | None:
    """Where the month, channel and amount are, from the header names; None when they are not named."""
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        name = v.fold(header)
        for key, names in _HEADERS.items():
            if key not in found and (name in names or name.replace(" euros", "").replace(" ", "") in names):
                found[key] = index
    return found if len(found) == 3 else None


class MarketingSpendService(Service):
    # Reading -------------------------------------------------------------------------------------
    def grid(self, *, year: int) -> SpendGrid:
        """Every channel's 12 amounts of `year`, with last year's beside them."""
        require(self._actor, "marketing_spend.edit")
        _check_year(year)
        with self._session_factory() as session:
            this, last = _year(session, year), _year(session, year - 1)

        def amounts(found: dict[Cell, MarketingSpend], channel: SpendChannel) -> tuple[Decimal | None, ...]:
            return tuple(found[(channel, m)].amount if (channel, m) in found else None for m in MONTHS)

        return SpendGrid(
            year,
            tuple(SpendGridRow(c, amounts(this, c), amounts(last, c)) for c in SpendChannel),
        )

    # Writing -------------------------------------------------------------------------------------
    def save(self, *, year: int, cells: dict[Cell, Decimal | None]) -> SpendChanges:
        """Set the amounts of `year` given in `cells`; None removes one, cells not given are left alone.
        A negative, too large or sub-cent amount, or a month outside 1..12, refuses the whole save."""
        require(self._actor, "marketing_spend.edit")
        _check_year(year)
        errors: dict[str, str] = {}
        clean: dict[tuple[SpendChannel, dt.date], Decimal | None] = {}
        for (channel, month), amount in cells.items():
            key = cell_key(SpendChannel(channel), month)
            if month not in MONTHS:
                errors[key] = _("no month {month}.").format(month=month)
                continue
            if amount is not None:
                problem = _amount_problem(amount)
                if problem:
                    errors[key] = problem
                    continue
                amount = amount.quantize(CENT)
            clean[(SpendChannel(channel), dt.date(year, month, 1))] = amount
        if errors:
            raise ValidationError(errors)
        with unit_of_work(self._session_factory, self._actor) as session:
            return _apply(session, clean)

    def import_rows(self, rows: Iterable[tuple[int, Sequence[object]]]) -> SpendImport:
        """Import (line, (month, channel, amount)) rows. A bad row is reported with its line and why,
        the others are imported; the rows of one channel and month are added up, and their total
        replaces the amount already entered for that month."""
        require(self._actor, "marketing_spend.edit")
        issues: list[SpendIssue] = []
        totals: dict[tuple[SpendChannel, dt.date], Decimal] = {}
        count = taken = 0
        for line, values in rows:
            count += 1
            cells = list(values) + [None] * (3 - len(values))
            if any(not v.is_blank(extra) for extra in cells[3:]):
                issues.append(SpendIssue(line, _("more than three values (month, channel, amount)")))
                continue
            month_value, channel_value, amount_value = cells[:3]
            problems = []
            names = ("month", "channel", "amount")
            for name, value in zip(names, (month_value, channel_value, amount_value), strict=True):
                if v.is_blank(value):
                    problems.append(f"no {name}")
            if problems:
                issues.append(SpendIssue(line, "; ".join(problems)))
                continue
            try:
                month = parse_month(month_value)
            except v.InvalidValue as exc:
                problems.append(str(exc))
            try:
                channel = parse_channel(channel_value)
            except v.InvalidValue as exc:
                problems.append(str(exc))
            try:
                amount = parse_amount(amount_value)
            except v.InvalidValue as exc:
                problems.append(str(exc))
            if problems:
                issues.append(SpendIssue(line, "; ".join(problems)))
                continue
            key = (channel, month)
            total = totals.get(key, Decimal("0.00")) + amount
            if total >= v.MAX_AMOUNT:
                issues.append(
                    SpendIssue(
                        line,
                        _("the {channel} total of {month} is too large").format(
                            channel=label(channel.value, i18n.current_language()),
                            month=i18n.month_name(month),
                        ),
                    )
                )
                continue
            totals[key] = total
            taken += 1
        changes = SpendChanges(0, 0, 0)
        if totals:
            with unit_of_work(self._session_factory, self._actor) as session:
                changes = _apply(session, dict(totals))
        return SpendImport(count, taken, changes, tuple(issues))

    def import_file(self, *, path: Path) -> SpendImport:
        """Import a CSV (encoding and separator detected as for contacts) or XLSX file with a header row
        naming the month, channel and amount columns (in French or English); without such names, its
        first three columns in that order."""
        require(self._actor, "marketing_spend.edit")
        from dealercrm.services.importing.sources import SourceError, SourceRecord, SourceTable

        try:
            with SourceTable(Path(path)) as table:
                headers = table.info.headers
                columns = _columns(headers)
                records: list[SourceRecord] = list(table.records())
                header_line = table.info.header_line
        except SourceError as exc:
            raise SpendFileError(str(exc)) from exc
        rows: list[tuple[int, Sequence[object]]] = []
        if columns is None:
            if len(headers) < 3:
                raise SpendFileError(
                    _("{name}: expected three columns (month, channel, amount), found {headers}.").format(
                        name=Path(path).name, headers=len(headers)
                    )
                )
            # No recognised names: the first row is data when it reads as a (month, channel, amount).
            if _reads_as_data(headers):
                rows.append((header_line, headers))
            rows += [(r.line, r.values) for r in records]
        else:
            # Other columns (notes, invoice numbers...) are left aside.
            order = (columns["month"], columns["channel"], columns["amount"])
            rows += [(r.line, [r.values[k] if k < len(r.values) else None for k in order]) for r in records]
        return self.import_rows(rows)


def _reads_as_data(values: Sequence[object]) -> bool:
    try:
        parse_month(values[0])
        parse_channel(values[1])
        parse_amount(values[2])
    except v.InvalidValue:
        return False
    return True


def _check_year(year: int) -> None:
    if not MIN_YEAR < year <= MAX_YEAR:
        raise ValidationError({"year": _("no year {year}.").format(year=year)})


def _amount_problem(amount: Decimal) -> str | None:
    if not amount.is_finite():
        return _("not a number.")
    if amount < 0:
        return _("an amount cannot be negative ({amount}).").format(amount=amount)
    if amount >= v.MAX_AMOUNT:
        return _("the amount is too large.")
    if amount != amount.quantize(CENT):
        return _("the amount has more than two decimals.")
    return None


def _year(session: Session, year: int) -> dict[Cell, MarketingSpend]:
    rows = session.scalars(
        select(MarketingSpend).where(
            MarketingSpend.month >= dt.date(year, 1, 1), MarketingSpend.month < dt.date(year + 1, 1, 1)
        )
    )
    return {(SpendChannel(r.channel), r.month.month): r for r in rows}


def _apply(session: Session, amounts: dict[tuple[SpendChannel, dt.date], Decimal | None]) -> SpendChanges:
    if not amounts:
        return SpendChanges(0, 0, 0)
    months = {month for _, month in amounts}
    existing = {
        (SpendChannel(r.channel), r.month): r
        for r in session.scalars(select(MarketingSpend).where(MarketingSpend.month.in_(months)))
    }
    created, updated, removed = apply_cells(
        session,
        existing,
        amounts,
        field="amount",
        create=lambda key, amount: MarketingSpend(channel=key[0], month=key[1], amount=amount),
    )
    return SpendChanges(created, updated, removed)
