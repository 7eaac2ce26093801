"""The claim PDF: one page, for the workshop and for the customer, with what each should (not) see."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from dealercrm.db import Database
from dealercrm.models.enums import Channel, ClaimCategory, ClaimStatus, Severity
from dealercrm.services.claim_pdf import Audience, ClaimPdfService
from dealercrm.services.claims import ClaimService
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService
from tests.pdf_text import pdf_pages
from tests.unit.test_vehicles_service import add_contact, add_vehicle


def _claim(db: Database, aftersales: Actor, admin: Actor) -> int:
    SettingsService(db.session_factory, actor=admin).set_many(
        values={"dealership.name": "Garage du Centre", "dealership.address": "12 rue Bannier\n45000 Orléans"}
    )
    owner = add_contact(db, last_name="Durand")
    car = add_vehicle(db, plate="AB-123-CD", owner_contact_id=owner)
    service = ClaimService(db.session_factory, actor=aftersales)
    claim = service.create(
        contact_id=owner,
        vehicle_id=car,
        category=ClaimCategory.MECHANICAL,
        severity=Severity.HIGH,
        channel=Channel.PHONE,
        description="Rattle from the rear axle after the repair. " * 30,
        assignee_id=aftersales.id,
        now=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC),
    )
    service.change_status(
        claim_id=claim.row.id,
        to_status=ClaimStatus.RESOLVED,
        resolution="Heat shield refastened",
        goodwill_cost=Decimal("120"),
        satisfaction=4,
        note="internal: shield was loose",
    )
    return claim.row.id


def _text(pdf: bytes, tmp_path: Path) -> tuple[str, int]:
    pages = pdf_pages(pdf)
    return "\n".join(pages), len(pages)


def test_workshop_pdf_is_one_page_with_everything(
    db: Database, aftersales: Actor, admin: Actor, tmp_path: Path
) -> None:
    claim_id = _claim(db, aftersales, admin)
    pdf = ClaimPdfService(db.session_factory, actor=aftersales).render(
        claim_id=claim_id, audience=Audience.WORKSHOP
    )
    assert pdf.startswith(b"%PDF")
    text, pages = _text(pdf, tmp_path)
    assert pages == 1  # even with a long description
    for expected in (
        "Ordre atelier",
        "Garage du Centre",
        "Paul Durand",
        "AB-123-CD",
        "Sophie SAV",
        "Heat shield refastened",
        "120,00 €",
        "shield was loose",
        "Notes de l'atelier",
        "Mécanique",
        "Téléphone",
    ):
        assert expected in text.replace("\u00a0", " ")


def test_customer_pdf_leaves_internal_things_out(
    db: Database, aftersales: Actor, admin: Actor, tmp_path: Path
) -> None:
    claim_id = _claim(db, aftersales, admin)
    pdf = ClaimPdfService(db.session_factory, actor=aftersales).render(
        claim_id=claim_id, audience=Audience.CUSTOMER
    )
    text, pages = _text(pdf, tmp_path)
    assert pages == 1 and "Votre réclamation n° " in text and "Heat shield refastened" in text
    assert "Nous avons bien enregistré votre réclamation" in text and "Résolue" in text
    assert "Sophie SAV" not in text and "shield was loose" not in text and "Notes de l'atelier" not in text
    assert "Your claim" not in text and "Phone" not in text


def test_claim_pdf_speaks_the_dealership_language_not_the_users(
    db: Database, aftersales: Actor, admin: Actor, tmp_path: Path
) -> None:
    claim_id = _claim(db, aftersales, admin)
    SettingsService(db.session_factory, actor=admin).set_many(values={"dealership.language": "en"})
    french_labels = {"mechanical": "Mécanique", "resolved": "Résolue"}  # what a French screen passes
    pdf = ClaimPdfService(db.session_factory, actor=aftersales).render(
        claim_id=claim_id, audience=Audience.CUSTOMER, labels=french_labels
    )
    text, _ = _text(pdf, tmp_path)
    assert "Your claim #" in text and "We have recorded your claim" in text
    assert "Mechanical" in text and "Mécanique" not in text and "Résolue" not in text
