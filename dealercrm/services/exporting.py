"""Exports: lists to CSV / XLSX (contacts also to vCard 4.0), and the whole database as a zip.

- CSV: UTF-8 with a BOM (Excel then reads accents right); `,` by default, or `;` with decimal commas and
  dd/mm/yyyy dates for French Excel (`french=True`).
- XLSX (openpyxl, write-only): numbers and dates as real cells, the header row frozen.
- Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
  return) are neutralised with a leading apostrophe, in CSV and XLSX alike (OWASP's advice).
- Every export checks `contacts.export` (they all hold personal data) and the kind's read right, shows
  only the contacts the user may see, and is audit-logged with its row count.
- The full export (`export_all`) writes one CSV per table plus manifest.json, zipped: raw values, for a
  program to read back (no formula neutralisation there, which would change the data); the users'
  password hashes are left out.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import json
import uuid
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, Table, or_, select
from sqlalchemy.orm import Session, aliased

from dealercrm import __version__
from dealercrm.db.paths import written_in_full
from dealercrm.i18n import _
from dealercrm.models import Claim, Consent, Contact, Interaction, Sale, User, Vehicle, utcnow
from dealercrm.models.base import Base
from dealercrm.models.enums import Channel, ConsentPurpose, ConsentStatus, ContactKind, Role
from dealercrm.models.people import contact_display_name, display_name_sql
from dealercrm.services.base import Service
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import Actor, require, visible_contacts_clause
from dealercrm.services.settings import dealership_timezone

EXPORT_KINDS = ("contacts", "vehicles", "sales", "claims", "interactions")
FORMATS = (".csv", ".xlsx", ".vcf")
SEES_COSTS = frozenset({Role.MANAGER, Role.ADMIN})
READ_ACTION = {
    "contacts": "contacts.read",
    "vehicles": "vehicles.read",
    "sales": "sales.read",
    "claims": "claims.read",
    "interactions": "contacts.read",
}
# Never leaves the database, even in a full export.
SECRET_COLUMNS = {"users": frozenset({"password_hash"})}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CHUNK = 500


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    format: str
    rows: int


@dataclass(frozen=True)
class Column:
    # The row's key and the column's header: the importer's field name where there is one, so that an
    # export imports back as it is.
    name: str
    type: str = "text"  # text, int, money, date, datetime, phone


def neutralise(text: str) -> str:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)": a spreadsheet shows it, never runs it."""
    return "'" + text if text.startswith(_FORMULA_START) else text


# --- What each list holds ---------------------------------------------------------------------------

Owner = aliased(User)


CONTACT_COLUMNS = (
    Column("id", "int"),
    Column("civility"),
    Column("first_name"),
    Column("last_name"),
    Column("company_name"),
    Column("job_title"),
    Column("birth_date", "date"),
    Column("mobile", "phone"),
    Column("landline", "phone"),
    Column("email"),
    Column("address_line1"),
    Column("address_line2"),
    Column("postal_code"),
    Column("city"),
    Column("country"),
    Column("lifecycle"),
    Column("source_channel"),
    Column("owner"),
    Column("consent_email"),
    Column("consent_sms"),
    Column("consent_phone"),
    Column("consent_post"),
    Column("notes"),
    Column("created_at", "datetime"),
)
VEHICLE_COLUMNS = (
    Column("id", "int"),
    Column("vin"),
    Column("plate"),
    Column("make"),
    Column("model"),
    Column("version"),
    Column("body"),
    Column("fuel"),
    Column("color"),
    Column("first_registration_on", "date"),
    Column("mileage_km", "int"),
    Column("condition"),
    Column("stock_status"),
    Column("list_price", "money"),
    Column("purchase_cost", "money"),
    Column("owner_id", "int"),
    Column("owner"),
)
SALE_COLUMNS = (
    Column("id", "int"),
    Column("sold_on", "date"),
    Column("contact_id", "int"),
    Column("customer"),
    Column("vin"),
    Column("plate"),
    Column("make"),
    Column("model"),
    Column("salesperson"),
    Column("price", "money"),
    Column("cost", "money"),
    Column("margin", "money"),
    Column("financing"),
    Column("financing_months", "int"),
    Column("financing_end_on", "date"),
    Column("warranty_end_on", "date"),
)
CLAIM_COLUMNS = (
    Column("id", "int"),
    Column("opened_at", "datetime"),
    Column("contact_id", "int"),
    Column("customer"),
    Column("plate"),
    Column("category"),
    Column("severity"),
    Column("channel"),
    Column("status"),
    Column("description"),
    Column("assignee"),
    Column("due_at", "datetime"),
    Column("resolved_at", "datetime"),
    Column("resolution"),
    Column("satisfaction", "int"),
    Column("goodwill_cost", "money"),
)
INTERACTION_COLUMNS = (
    Column("id", "int"),
    Column("occurred_at", "datetime"),
    Column("contact_id", "int"),
    Column("contact"),
    Column("type"),
    Column("direction"),
    Column("outcome"),
    Column("duration_seconds", "int"),
    Column("amount", "money"),
    Column("summary"),
    Column("user"),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "contacts": CONTACT_COLUMNS,
    "vehicles": VEHICLE_COLUMNS,
    "sales": SALE_COLUMNS,
    "claims": CLAIM_COLUMNS,
    "interactions": INTERACTION_COLUMNS,
}
COST_COLUMNS = frozenset({"purchase_cost", "cost", "margin"})


def _contacts_query(actor: Actor) -> Select[*tuple[Any, ...]]:
    return (
        select(Contact, Owner.display_name.label("owner_name"))
        .outerjoin(Owner, Owner.id == Contact.owner_id)
        .where(visible_contacts_clause(actor), Contact.erased_at.is_(None))
        .order_by(Contact.id)
    )


def _vehicles_query(actor: Actor) -> Select[*tuple[Any, ...]]:
    return (
        select(Vehicle, display_name_sql().label("contact_name"))
        .outerjoin(Contact, Contact.id == Vehicle.owner_contact_id)
        .where(or_(Vehicle.owner_contact_id.is_(None), visible_contacts_clause(actor)))
        .order_by(Vehicle.id)
    )


def _about_visible_contacts(actor: Actor, model: Any, *columns: Any) -> Select[*tuple[Any, ...]]:
    """Rows of `model` about the contacts `actor` may see, with the contact's name, in id order."""
    return (
        select(model, display_name_sql().label("contact_name"), *columns)
        .join(Contact, Contact.id == model.contact_id)
        .where(visible_contacts_clause(actor))
        .order_by(model.id)
    )


def _sales_query(actor: Actor) -> Select[*tuple[Any, ...]]:
    return (
        _about_visible_contacts(actor, Sale, Vehicle, User.display_name.label("salesperson_name"))
        .join(Vehicle, Vehicle.id == Sale.vehicle_id)
        .outerjoin(User, User.id == Sale.salesperson_id)
    )


def _claims_query(actor: Actor) -> Select[*tuple[Any, ...]]:
    return (
        _about_visible_contacts(actor, Claim, Vehicle.plate, User.display_name.label("assignee_name"))
        .outerjoin(Vehicle, Vehicle.id == Claim.vehicle_id)
        .outerjoin(User, User.id == Claim.assignee_id)
    )


def _interactions_query(actor: Actor) -> Select[*tuple[Any, ...]]:
    return _about_visible_contacts(actor, Interaction, User.display_name.label("user_name")).outerjoin(
        User, User.id == Interaction.user_id
    )


QUERIES: dict[str, tuple[Callable[[Actor], Select[*tuple[Any, ...]]], Any]] = {
    "contacts": (_contacts_query, Contact.id),
    "vehicles": (_vehicles_query, Vehicle.id),
    "sales": (_sales_query, Sale.id),
    "claims": (_claims_query, Claim.id),
    "interactions": (_interactions_query, Interaction.id),
}


def _row_dict(kind: str, row: Any, consents: dict[int, dict[Channel, ConsentStatus]]) -> dict[str, Any]:
    if kind == "contacts":
        c: Contact = row[0]
        given = consents.get(c.id, {})
        values: dict[str, Any] = {col.name: getattr(c, col.name, None) for col in CONTACT_COLUMNS}
        values["owner"] = row.owner_name
        values["kind"] = c.kind
        for channel in Channel:
            if channel is not Channel.VISIT:
                status = given.get(channel)
                values[f"consent_{channel.value}"] = status.value if status else None
        return values
    if kind == "vehicles":
        vehicle: Vehicle = row[0]
        values = {col.name: getattr(vehicle, col.name, None) for col in VEHICLE_COLUMNS}
        values["owner_id"] = vehicle.owner_contact_id
        values["owner"] = row.contact_name if vehicle.owner_contact_id is not None else None
        return values
    if kind == "sales":
        sale: Sale = row[0]
        vehicle = row[2]
        return {
            "id": sale.id,
            "sold_on": sale.sold_on,
            "contact_id": sale.contact_id,
            "customer": row.contact_name,
            "vin": vehicle.vin,
            "plate": vehicle.plate,
            "make": vehicle.make,
            "model": vehicle.model,
            "salesperson": row.salesperson_name,
            "price": sale.price,
            "cost": sale.cost,
            "margin": sale.margin,
            "financing": sale.financing,
            "financing_months": sale.financing_months,
            "financing_end_on": sale.financing_end_on,
            "warranty_end_on": sale.warranty_end_on,
        }
    if kind == "claims":
        claim: Claim = row[0]
        values = {col.name: getattr(claim, col.name, None) for col in CLAIM_COLUMNS}
        values.update(
            customer=row.contact_name,
            plate=row.plate,
            assignee=row.assignee_name,
        )
        return values
    interaction: Interaction = row[0]
    values = {col.name: getattr(interaction, col.name, None) for col in INTERACTION_COLUMNS}
    values.update(contact=row.contact_name, user=row.user_name)
    return values


def _latest_consents(session: Session, ids: list[int]) -> dict[int, dict[Channel, ConsentStatus]]:
    result: dict[int, dict[Channel, ConsentStatus]] = {}
    rows = session.execute(
        select(Consent.contact_id, Consent.channel, Consent.status)
        .where(Consent.contact_id.in_(ids), Consent.purpose == ConsentPurpose.PROSPECTING)
        .order_by(Consent.recorded_at, Consent.id)
    )
    for contact_id, channel, status in rows:
        result.setdefault(contact_id, {})[channel] = status
    return result


# --- Cell formatting ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    french: bool
    tz: ZoneInfo

    def text(self, column: Column, value: Any) -> str:
        """A value as CSV text."""
        if value is None:
            return ""
        if isinstance(value, enum.Enum):
            return str(value.value)
        if column.type == "money" and isinstance(value, Decimal):
            text = f"{value:.2f}"
            return text.replace(".", ",") if self.french else text
        if column.type == "phone":
            return neutralise(_national_phone(str(value)))
        if isinstance(value, dt.datetime):
            local = value.astimezone(self.tz)
            return local.strftime("%d/%m/%Y %H:%M" if self.french else "%Y-%m-%d %H:%M")
        if isinstance(value, dt.date):
            return value.strftime("%d/%m/%Y") if self.french else value.isoformat()
        if isinstance(value, bool):
            return "1" if value else "0"
        if isinstance(value, int | Decimal):
            return str(value)
        return neutralise(str(value))

    def cell(self, column: Column, value: Any) -> Any:
        """A value as an XLSX cell: numbers and dates typed, text neutralised."""
        if value is None:
            return None
        if isinstance(value, enum.Enum):
            return str(value.value)
        if isinstance(value, dt.datetime):
            return value.astimezone(self.tz).replace(tzinfo=None)
        if isinstance(value, dt.date | int | float | Decimal) and not isinstance(value, bool):
            return value
        if column.type == "phone":
            return neutralise(_national_phone(str(value)))
        return neutralise(str(value))


def _national_phone(e164: str) -> str:
    """+33612345678 -> 06 12 34 56 78 (what French users type and read); others stay international."""
    if e164.startswith("+33") and len(e164) == 12 and e164[1:].isdigit():
        national = "0" + e164[3:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return e164


# --- The service -------------------------------------------------------------------------------------


class ExportService(Service):
    def export(
        self,
        *,
        kind: str,
        path: Path,
        ids: Sequence[int] | None = None,
        french: bool = False,
    ) -> ExportResult:
        """Export a list (every visible record, or only `ids`) to `path`; the format is its extension:
        .csv, .xlsx, or .vcf (contacts only). `french`: `;`, decimal commas and dd/mm/yyyy in CSV."""
        require(self._actor, "contacts.export")
        if kind not in EXPORT_KINDS:
            raise ValidationError(
                {"kind": _("one of {EXPORT_KINDS}").format(EXPORT_KINDS=", ".join(EXPORT_KINDS))}
            )
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in FORMATS:
            raise ValidationError({"file": _("the file name must end in .csv, .xlsx or .vcf")})
        if suffix == ".vcf" and kind != "contacts":
            raise ValidationError({"file": _("only contacts export to vCard (.vcf)")})
        require(self._actor, READ_ACTION[kind])
        columns = tuple(
            c for c in COLUMNS[kind] if c.name not in COST_COLUMNS or self._actor.role in SEES_COSTS
        )
        with self._session_factory() as session:
            tz = _timezone(session)
            style = _Style(french=french, tz=tz)
            rows = self._rows(session, kind, ids)
            with written_in_full(path) as tmp:
                if suffix == ".csv":
                    count = _write_csv(tmp, columns, rows, style)
                elif suffix == ".xlsx":
                    count = _write_xlsx(tmp, kind, columns, rows, style)
                else:
                    count = _write_vcards(tmp, rows)
        self._log_export(
            entity=kind,
            entity_id=None,
            changes={"file": path.name, "format": suffix[1:], "rows": count, "selection": ids is not None},
        )
        return ExportResult(kind=kind, path=path, format=suffix[1:], rows=count)

    def _rows(self, session: Session, kind: str, ids: Sequence[int] | None) -> Iterator[dict[str, Any]]:
        """Rows in pages of ids, so that a 100k export never holds every record at once."""
        build, id_column = QUERIES[kind]
        base = build(self._actor)
        wanted = sorted(set(ids)) if ids is not None else None
        last, offset = 0, 0
        while True:
            if wanted is None:
                stmt = base.where(id_column > last).limit(_CHUNK)
            else:
                stmt = base.where(id_column.in_(wanted[offset : offset + _CHUNK]))
                offset += _CHUNK
            page = session.execute(stmt).all()
            if not page:
                if wanted is None or offset >= len(wanted):
                    return
                continue
            last = page[-1][0].id
            consents = _latest_consents(session, [r[0].id for r in page]) if kind == "contacts" else {}
            for row in page:
                yield _row_dict(kind, row, consents)
            session.expunge_all()

    def export_all(self, *, path: Path) -> ExportResult:
        """The whole database, one CSV per table plus manifest.json, in a zip (administrators only)."""
        require(self._actor, "database.admin")
        path = Path(path)
        if path.suffix.lower() != ".zip":
            raise ValidationError({"file": _("the file name must end in .zip")})
        total = 0
        manifest: dict[str, Any] = {
            "format": "dealercrm-full-export",
            "format_version": 1,
            "app_version": __version__,
            "exported_at": utcnow().isoformat(timespec="seconds"),
            "encoding": "utf-8 with BOM, comma-separated, RFC 4180 quoting",
            "conventions": {
                "timestamps": "ISO 8601, UTC",
                "dates": "ISO 8601",
                "money": "euros, decimal point, two decimals",
                "booleans": "true / false",
                "json": "JSON text",
                "formulas": "values are raw: cells are not neutralised for spreadsheets",
                "left_out": {table: sorted(cols) for table, cols in SECRET_COLUMNS.items()},
            },
            "tables": [],
        }
        with (
            written_in_full(path) as tmp,
            self._session_factory() as session,
            zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            manifest["schema_revision"] = _schema_revision(session)
            for table in Base.metadata.sorted_tables:
                columns = [c for c in table.columns if c.name not in SECRET_COLUMNS.get(table.name, ())]
                name = f"tables/{table.name}.csv"
                with (
                    archive.open(name, "w") as raw,
                    io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as out,
                ):
                    writer = csv.writer(out)
                    writer.writerow([c.name for c in columns])
                    count = 0
                    for row in _table_rows(session, table, columns):
                        writer.writerow([_raw(value) for value in row])
                        count += 1
                total += count
                manifest["tables"].append(
                    {
                        "name": table.name,
                        "file": name,
                        "rows": count,
                        "columns": [
                            {
                                "name": c.name,
                                "type": _type_name(c.type),
                                "nullable": bool(c.nullable),
                                "primary_key": bool(c.primary_key),
                                "references": [
                                    f"{fk.column.table.name}.{fk.column.name}" for fk in c.foreign_keys
                                ],
                            }
                            for c in columns
                        ],
                    }
                )
            archive.writestr("manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False))
        self._log_export(
            entity="database",
            entity_id=None,
            changes={"file": path.name, "format": "zip", "rows": total, "tables": len(manifest["tables"])},
        )
        return ExportResult(kind="all", path=path, format="zip", rows=total)


def _timezone(session: Session) -> ZoneInfo:
    return dealership_timezone(session)


def _schema_revision(session: Session) -> str | None:
    try:
        return session.connection().exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except Exception:  # noqa: BLE001 - a database without Alembic's table is still exported
        return None


def _table_rows(session: Session, table: Table, columns: list[Any]) -> Iterator[Sequence[Any]]:
    pk = list(table.primary_key.columns)
    stmt = select(*columns).order_by(*pk)
    yield from session.execute(stmt.execution_options(yield_per=2000))


def _type_name(column_type: Any) -> str:
    name = type(column_type).__name__
    return {"Money": "money (euros)", "UTCDateTime": "timestamp (UTC)"}.get(name, name.lower())


def _raw(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


# --- Writers -----------------------------------------------------------------------------------------


def _write_csv(path: Path, columns: Sequence[Column], rows: Iterable[dict[str, Any]], style: _Style) -> int:
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";" if style.french else ",")
        writer.writerow([c.name for c in columns])
        for row in rows:
            writer.writerow([style.text(c, row.get(c.name)) for c in columns])
            count += 1
    return count


def _write_xlsx(
    path: Path, kind: str, columns: Sequence[Column], rows: Iterable[dict[str, Any]], style: _Style
) -> int:
    from openpyxl import Workbook  # heavy: only when exporting to Excel
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns):
        width = 12 if column.type in ("int", "money", "date") else 18 if column.type == "datetime" else 22
        sheet.column_dimensions[_column_letter(index)].width = width
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    formats = {"date": "DD/MM/YYYY", "datetime": "DD/MM/YYYY HH:MM", "money": "#,##0.00"}
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            cell = WriteOnlyCell(sheet, value=style.cell(column, row.get(column.name)))
            if column.type in formats:
                cell.number_format = formats[column.type]
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- vCard 4.0 (RFC 6350) ---------------------------------------------------------------------------

_VCARD_NAMESPACE = uuid.UUID("6f1c1a52-2a43-4b8e-9d0e-5b1e6c1d3a77")


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space, never inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return "\r\n ".join(out)


def vcard(values: dict[str, Any]) -> str:
    """One contact as a vCard 4.0."""
    kind = values.get("kind")
    first, last, company = values.get("first_name"), values.get("last_name"), values.get("company_name")
    name = contact_display_name(kind, first, last, company)
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{uuid.uuid5(_VCARD_NAMESPACE, str(values['id']))}",
        f"FN:{_escape(name)}",
        f"N:{_escape(last or '')};{_escape(first or '')};;;",
    ]
    if kind in (ContactKind.COMPANY, "company"):
        lines.append("KIND:org")
    if company:
        lines.append(f"ORG:{_escape(company)}")
    if values.get("job_title"):
        lines.append(f"TITLE:{_escape(values['job_title'])}")
    if values.get("mobile"):
        lines.append(f"TEL;VALUE=uri;TYPE=cell:tel:{values['mobile']}")
    if values.get("landline"):
        lines.append(f"TEL;VALUE=uri;TYPE=voice:tel:{values['landline']}")
    if values.get("email"):
        lines.append(f"EMAIL:{_escape(values['email'])}")
    street = "\n".join(p for p in (values.get("address_line1"), values.get("address_line2")) if p)
    if street or values.get("city") or values.get("postal_code"):
        parts = [
            "",
            "",
            street,
            values.get("city") or "",
            "",
            values.get("postal_code") or "",
            values.get("country") or "",
        ]
        lines.append("ADR:" + ";".join(_escape(p) for p in parts))
    if isinstance(values.get("birth_date"), dt.date):
        lines.append(f"BDAY:{values['birth_date']:%Y%m%d}")
    lines.append(f"REV:{utcnow():%Y%m%dT%H%M%SZ}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _write_vcards(path: Path, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        for row in rows:
            handle.write(vcard(row))
            count += 1
    return count


__all__ = [
    "EXPORT_KINDS",
    "ExportResult",
    "ExportService",
    "neutralise",
    "vcard",
]
