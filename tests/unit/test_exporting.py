"""Exports read back by independent readers: the csv module, openpyxl, vobject; formula injection."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import vobject  # type: ignore[import-untyped]
from openpyxl import load_workbook
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, Consent, Contact, Sale, Vehicle
from dealercrm.models.enums import (
    AuditAction,
    Channel,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Lifecycle,
    StockStatus,
    VehicleCondition,
)
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.exporting import ExportService, neutralise
from dealercrm.services.permissions import Actor

NASTY = ['=HYPERLINK("http://evil","x")', "+33 cmd", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture
def people(db: Database, salesperson: Actor) -> list[int]:
    with db.session_factory.begin() as session:
        rows = [
            Contact(
                kind=ContactKind.PERSON,
                first_name="Élodie",
                last_name="Lefèvre",
                mobile="+33612345678",
                landline="+33145678910",
                email="elodie@free.fr",
                address_line1="12 rue de la Paix",
                address_line2="Bât. B; 2e étage",
                postal_code="75002",
                city="Paris",
                birth_date=dt.date(1985, 2, 1),
                notes="secret",
                lifecycle=Lifecycle.CUSTOMER,
            ),
            Contact(kind=ContactKind.COMPANY, company_name="Garage, Fils & Cie", email="contact@garage.fr"),
            Contact(
                kind=ContactKind.PERSON, last_name="Privé", first_name="Prospect", owner_id=salesperson.id
            ),
        ]
        rows += [
            Contact(kind=ContactKind.PERSON, last_name=text, first_name="Injection", notes=text)
            for text in NASTY
        ]
        session.add_all(rows)
        session.flush()
        session.add(
            Consent(
                contact_id=rows[0].id,
                channel=Channel.EMAIL,
                purpose=ConsentPurpose.PROSPECTING,
                status=ConsentStatus.GRANTED,
                proof="signed form",
            )
        )
        car = Vehicle(
            vin="VF1AB000123456789",
            plate="AB-123-CD",
            make="Renault",
            model="Clio",
            condition=VehicleCondition.USED,
            stock_status=StockStatus.SOLD,
            owner_contact_id=rows[0].id,
            purchase_cost=Decimal("9000"),
        )
        session.add(car)
        session.flush()
        session.add(
            Sale(
                contact_id=rows[0].id,
                vehicle_id=car.id,
                sold_on=dt.date(2024, 3, 1),
                price=Decimal("12345.50"),
                cost=Decimal("9000"),
                margin=Decimal("3345.50"),
            )
        )
        return [c.id for c in rows]


def read_csv(path: Path, delimiter: str) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for Excel"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_neutralise() -> None:
    for text in NASTY:
        assert neutralise(text) == "'" + text
    assert neutralise("Dupont") == "Dupont"
    assert neutralise("") == ""


def test_contacts_to_csv_for_french_excel(
    db: Database, manager: Actor, people: list[int], tmp_path: Path
) -> None:
    path = tmp_path / "contacts.csv"
    result = ExportService(db.session_factory, actor=manager).export(kind="contacts", path=path, french=True)
    rows = read_csv(path, ";")
    assert result.rows == len(rows) == len(people)
    first = rows[0]
    assert (first["first_name"], first["last_name"], first["mobile"]) == (
        "Élodie",
        "Lefèvre",
        "06 12 34 56 78",
    )
    assert first["birth_date"] == "01/02/1985"
    assert first["address_line2"] == "Bât. B; 2e étage"
    assert first["consent_email"] == "granted" and first["consent_sms"] == ""
    assert first["notes"] == "secret"
    assert [r["last_name"] for r in rows[3:]] == ["'" + text for text in NASTY]
    assert [r["notes"] for r in rows[3:]] == ["'" + text for text in NASTY]  # notes neutralised too
    assert not any(
        value.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for value in row.values()
    )


def test_sales_csv_with_commas_and_costs_only_for_managers(
    db: Database, manager: Actor, marketing: Actor, people: list[int], tmp_path: Path
) -> None:
    path = tmp_path / "sales.csv"
    ExportService(db.session_factory, actor=manager).export(kind="sales", path=path)
    (sale,) = read_csv(path, ",")
    assert (sale["price"], sale["margin"], sale["sold_on"], sale["customer"]) == (
        "12345.50",
        "3345.50",
        "2024-03-01",
        "Élodie Lefèvre",
    )
    with pytest.raises(PermissionDenied):
        ExportService(db.session_factory, actor=marketing).export(kind="sales", path=path)
    ExportService(db.session_factory, actor=marketing).export(kind="vehicles", path=tmp_path / "v.csv")
    (vehicle,) = read_csv(tmp_path / "v.csv", ",")
    assert "purchase_cost" not in vehicle and vehicle["plate"] == "AB-123-CD"


def test_xlsx_read_back_by_openpyxl(db: Database, manager: Actor, people: list[int], tmp_path: Path) -> None:
    path = tmp_path / "contacts.xlsx"
    ExportService(db.session_factory, actor=manager).export(kind="contacts", path=path)
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("id", "civility", "first_name", "last_name")
    by_name = {row[header.index("last_name")]: row for row in rows[1:]}
    elodie = by_name["Lefèvre"]
    assert elodie[header.index("birth_date")] == dt.datetime(1985, 2, 1)
    assert isinstance(elodie[header.index("id")], int)
    for text in NASTY:
        # XML turns a bare carriage return into a line feed; the apostrophe stays in front.
        assert "'" + text.replace("\r", "\n") in by_name, text
        assert by_name["'" + text.replace("\r", "\n")][header.index("notes")] == "'" + text.replace(
            "\r", "\n"
        )
    sales_path = tmp_path / "sales.xlsx"
    ExportService(db.session_factory, actor=manager).export(kind="sales", path=sales_path)
    sale_rows = list(load_workbook(sales_path, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert sale_rows[1][sale_rows[0].index("price")] == pytest.approx(12345.5)


def test_vcards_read_back_by_vobject(db: Database, manager: Actor, people: list[int], tmp_path: Path) -> None:
    path = tmp_path / "contacts.vcf"
    ExportService(db.session_factory, actor=manager).export(kind="contacts", path=path, ids=people[:2])
    text = path.read_bytes().decode("utf-8")
    assert "\r\n" in text and all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = list(vobject.readComponents(text))
    assert len(cards) == 2
    person, company = cards
    assert person.version.value == "4.0"
    assert person.fn.value == "Élodie Lefèvre"
    assert person.n.value.family == "Lefèvre" and person.n.value.given == "Élodie"
    assert person.email.value == "elodie@free.fr"
    assert sorted(t.value for t in person.contents["tel"]) == ["tel:+33145678910", "tel:+33612345678"]
    assert person.adr.value.city == "Paris" and person.adr.value.code == "75002"
    assert "Bât. B; 2e étage" in person.adr.value.street
    assert person.bday.value == "19850201"
    assert company.org.value == ["Garage, Fils & Cie"]
    assert company.fn.value == "Garage, Fils & Cie"


def test_permissions_and_audit(
    db: Database, salesperson: Actor, manager: Actor, people: list[int], tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        ExportService(db.session_factory, actor=salesperson).export(kind="contacts", path=tmp_path / "c.csv")
    with pytest.raises(ValidationError):
        ExportService(db.session_factory, actor=manager).export(kind="sales", path=tmp_path / "c.vcf")
    ExportService(db.session_factory, actor=manager).export(
        kind="contacts", path=tmp_path / "c.csv", ids=people[:1]
    )
    with db.session_factory() as session:
        entry = session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).one()
    assert entry.entity == "contacts" and entry.changes["rows"] == 1 and entry.user_login == manager.login
    assert not (tmp_path / "c.csv.partial").exists()


def test_full_export_zip_with_manifest(
    db: Database, admin: Actor, manager: Actor, people: list[int], tmp_path: Path
) -> None:
    path = tmp_path / "all.zip"
    with pytest.raises(PermissionDenied):
        ExportService(db.session_factory, actor=manager).export_all(path=path)
    result = ExportService(db.session_factory, actor=admin).export_all(path=path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        tables = {t["name"]: t for t in manifest["tables"]}
        assert {"contacts", "sales", "vehicles", "users", "import_runs"} <= set(tables)
        assert tables["contacts"]["rows"] == len(people)
        with archive.open("tables/contacts.csv") as handle:
            rows = list(csv.DictReader(io.StringIO(handle.read().decode("utf-8-sig"), newline="")))
        with archive.open("tables/users.csv") as handle:
            users_header = handle.read().decode("utf-8-sig").splitlines()[0]
        with archive.open("tables/sales.csv") as handle:
            (sale,) = list(csv.DictReader(handle.read().decode("utf-8-sig").splitlines()))
    assert result.rows == sum(t["rows"] for t in manifest["tables"])
    assert [r["last_name"] for r in rows[3:]] == NASTY  # raw values: the dump is for programs
    assert "password_hash" not in users_header
    assert sale["price"] == "12345.50"
    assert manifest["schema_revision"]
