"""GDPR rights: the access export is complete, erasure leaves no trace in the file, statistics survive."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from dealercrm.db import Database
from dealercrm.models import (
    AuditEntry,
    Campaign,
    CampaignTarget,
    Claim,
    ClaimEvent,
    Consent,
    Contact,
    ContactLink,
    Interaction,
    Opportunity,
    Sale,
    ServiceVisit,
    SuppressionEntry,
    Task,
    Vehicle,
)
from dealercrm.models.enums import (
    AuditAction,
    CampaignKind,
    CampaignObjective,
    Channel,
    ClaimCategory,
    ClaimStatus,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    InteractionType,
    Lifecycle,
    LinkKind,
    ServiceKind,
    Severity,
    Stage,
    StockStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.services.audit import unit_of_work
from dealercrm.services.backups import BackupService, make_backup
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.gdpr import COMPACTION_PENDING, ERASURE_TABLES, GdprService, phone_forms, scrub_value
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import read_setting
from dealercrm.services.suppression import email_hash, phone_hash
from tests.pdf_text import pdf_text

FIRST, LAST = "Gwenaëlle", "Kerbrat-Zyxwu"
MOBILE, LANDLINE = "+33687654321", "+33298765432"
EMAIL = "gwen.kerbrat@exemple-unique.fr"
NOW = dt.datetime(2026, 3, 12, 10, 0, tzinfo=dt.UTC)


@dataclass
class Person:
    contact_id: int
    other_id: int
    company_id: int
    claim_id: int


def make_person(db: Database, actor: Actor) -> Person:
    """A customer with something in every table, written through the audited unit of work (so that the
    audit log holds her personal values, as it would in real life)."""
    at = NOW - dt.timedelta(days=400)
    with unit_of_work(db.session_factory, actor) as s:
        company = Contact(kind=ContactKind.COMPANY, company_name="Transports Breizh Express")
        other = Contact(
            kind=ContactKind.PERSON, first_name="Bernard", last_name="Lemoine", mobile="+33611223344"
        )
        person = Contact(
            kind=ContactKind.PERSON,
            first_name=FIRST,
            last_name=LAST,
            mobile="+33687650000",
            email=EMAIL,
            address_line1="12 rue des Goélands",
            postal_code="29200",
            city="Brest",
            birth_date=dt.date(1984, 5, 17),
            lifecycle=Lifecycle.CUSTOMER,
            notes=f"Wants a quiet car; her husband calls from {LANDLINE}",
            social_profiles={"linkedin": "https://linkedin.example/in/gkerbrat"},
            created_at=at,
        )
        s.add_all([company, other, person])
        s.flush()
        vehicle = Vehicle(
            make="Peugeot",
            model="3008",
            plate="GK-123-ZY",
            condition=VehicleCondition.NEW,
            stock_status=StockStatus.CUSTOMER_OWNED,
            owner_contact_id=person.id,
            condition_notes=f"Delivered to {FIRST} {LAST}",
        )
        s.add(vehicle)
        s.flush()
        opportunity = Opportunity(
            contact_id=person.id, title=f"3008 hybrid for {LAST}", stage=Stage.WON, amount=Decimal("38900")
        )
        s.add(opportunity)
        s.flush()
        s.add(
            Sale(
                contact_id=person.id,
                vehicle_id=vehicle.id,
                sold_on=dt.date(2025, 2, 1),
                price=Decimal("38900"),
                cost=Decimal("34000"),
                margin=Decimal("4900"),
                warranty_end_on=dt.date(2027, 2, 1),
                opportunity_id=opportunity.id,
            )
        )
        s.add(
            ServiceVisit(
                vehicle_id=vehicle.id,
                contact_id=person.id,
                visited_on=dt.date(2026, 1, 10),
                kind=ServiceKind.MAINTENANCE,
                notes=f"Call {EMAIL} when ready",
            )
        )
        s.add(
            Consent(
                contact_id=person.id,
                channel=Channel.EMAIL,
                purpose=ConsentPurpose.PROSPECTING,
                status=ConsentStatus.GRANTED,
                proof="signed form at the showroom",
            )
        )
        s.add(
            Interaction(
                contact_id=person.id,
                type=InteractionType.CALL,
                summary=f"{FIRST} asked about the hybrid; call back on 06 87 65 43 21",
                occurred_at=at,
            )
        )
        s.add(
            Task(
                contact_id=person.id,
                kind=TaskKind.CALL_BACK,
                title=f"Call back {FIRST} {LAST}",
                due_at=NOW,
                notes=f"mobile {MOBILE}",
                location="Brest",
            )
        )
        claim = Claim(
            contact_id=person.id,
            vehicle_id=vehicle.id,
            category=ClaimCategory.MECHANICAL,
            severity=Severity.HIGH,
            channel=Channel.PHONE,
            description=f"Rattle after repair; {FIRST} reachable on {MOBILE}",
            status=ClaimStatus.RESOLVED,
            resolution=f"Fixed; {LAST} satisfied",
            due_at=NOW,
        )
        s.add(claim)
        s.flush()
        s.add(ClaimEvent(claim_id=claim.id, to_status=ClaimStatus.RESOLVED, note=f"Called {LAST} back"))
        campaign = Campaign(
            name="Open house",
            kind=CampaignKind.EMAIL,
            objective=CampaignObjective.LOYALTY,
            starts_on=NOW.date(),
        )
        s.add(campaign)
        s.flush()
        s.add(CampaignTarget(campaign_id=campaign.id, contact_id=person.id, message_id=f"<x@{EMAIL}>"))
        s.add(ContactLink(from_contact_id=person.id, to_contact_id=company.id, kind=LinkKind.EMPLOYEE))
        ids = Person(person.id, other.id, company.id, claim.id)
    # An update: the audit log now holds the old and the new mobile number.
    with unit_of_work(db.session_factory, actor) as s:
        contact = s.get_one(Contact, ids.contact_id)
        contact.mobile = MOBILE
        contact.landline = LANDLINE
    return ids


@pytest.fixture
def person(db: Database, manager: Actor) -> Person:
    return make_person(db, manager)


def test_export_holds_everything_about_the_person(
    db: Database, manager: Actor, person: Person, tmp_path: Path
):
    service = GdprService(db.session_factory, actor=manager)
    result = service.export(contact_id=person.contact_id, folder=tmp_path, now=NOW)

    data = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert data["contact"]["first_name"] == FIRST and data["contact"]["email"] == EMAIL
    assert data["contact"]["birth_date"] == "1984-05-17"
    for section in (
        "consents",
        "links",
        "interactions",
        "tasks",
        "opportunities",
        "vehicles",
        "sales",
        "service_visits",
        "claims",
        "claim_events",
        "campaigns",
    ):
        assert len(data[section]) == 1, section
    assert data["links"][0]["other_contact"] == "Transports Breizh Express"
    assert data["campaigns"][0]["campaign_name"] == "Open house"
    assert data["sales"][0]["price"] == "38900.00"
    # Audit entries about her and her records, including the change of her mobile number.
    audit_entities = {e["entity"] for e in data["audit"]}
    assert {"contacts", "sales", "claims", "interactions", "tasks"} <= audit_entities
    assert any(e["changes"].get("mobile") == ["+33687650000", MOBILE] for e in data["audit"])
    # Nobody else's data.
    assert "Lemoine" not in result.json_path.read_text(encoding="utf-8")

    pdf = result.pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF")
    shown = pdf_text(result.pdf_path)
    # For the person it is about: in the dealership's language (French), whoever exports it.
    for expected in (
        FIRST,
        LAST,
        EMAIL,
        "Open house",
        "Rattle after repair",
        "Achats",
        "Données personnelles",
    ):
        assert expected in shown, expected
    assert "Purchases" not in shown and "Personal data" not in shown
    with db.session_factory() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).one()
        assert entry.entity_id == person.contact_id and entry.user_login == manager.login
        assert LAST not in json.dumps(entry.changes)


def test_export_is_fast(db: Database, manager: Actor, person: Person, tmp_path: Path):
    service = GdprService(db.session_factory, actor=manager)
    service.export(contact_id=person.contact_id, folder=tmp_path / "warm", now=NOW)  # imports reportlab
    started = time.perf_counter()
    service.export(contact_id=person.contact_id, folder=tmp_path, now=NOW)
    assert time.perf_counter() - started < 1.0


def _raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for suffix in ("-wal", "-journal"):
        sidecar = Path(str(path) + suffix)
        if sidecar.exists():
            data += sidecar.read_bytes()
    return data


def _needles() -> list[bytes]:
    values = [FIRST, LAST, f"{FIRST} {LAST}", EMAIL, "Kerbrat", "Zyxwu"]
    values += sorted(phone_forms(MOBILE) | phone_forms(LANDLINE) | phone_forms("+33687650000"))
    needles = [v.encode("utf-8") for v in values]
    needles += [json.dumps(v)[1:-1].encode() for v in values]  # JSON's \u escapes
    needles += [v.lower().encode("utf-8") for v in values]  # the FTS index stores folded tokens
    return sorted(set(needles))


@pytest.mark.sqlite_only
def test_erasure_leaves_no_trace_in_the_file(db: Database, manager: Actor, person: Person):
    path = db.path
    assert path is not None
    before = _raw_bytes(path)
    assert any(n in before for n in _needles())  # the test would prove nothing otherwise
    with db.engine.connect() as conn:
        sales_before = conn.execute(text("SELECT count(*) FROM sales")).scalar_one()
        claims_before = conn.execute(text("SELECT count(*) FROM claims")).scalar_one()

    result = GdprService(db.session_factory, actor=manager).erase(contact_id=person.contact_id, now=NOW)
    assert result.space_reclaimed
    assert result.suppressed == 3
    db.dispose()
    # VACUUM once more by hand, as an administrator would before handing the file over.
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    raw = _raw_bytes(path)
    found = [n for n in _needles() if n in raw]
    assert found == []
    # The FTS index no longer finds her either.
    with db.engine.connect() as conn:
        for term in ("kerbrat", "gwenaelle", "0687654321"):
            hits = conn.exec_driver_sql(
                "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH ?", (f'"{term}"*',)
            ).scalar_one()
            assert hits == 0, term
        # Her sale and claim still count.
        assert conn.execute(text("SELECT count(*) FROM sales")).scalar_one() == sales_before
        assert conn.execute(text("SELECT count(*) FROM claims")).scalar_one() == claims_before
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"

    with db.session_factory() as s:
        contact = s.get_one(Contact, person.contact_id)
        assert contact.erased_at is not None
        assert contact.lifecycle is Lifecycle.CUSTOMER  # still counted as a customer
        assert (contact.first_name, contact.mobile, contact.email, contact.birth_date) == (
            None,
            None,
            None,
            None,
        )
        assert s.scalar(select(func.sum(Sale.price)).where(Sale.contact_id == person.contact_id)) == Decimal(
            "38900.00"
        )
        hashes = set(s.scalars(select(SuppressionEntry.value_hash)))
        assert {phone_hash(MOBILE), phone_hash(LANDLINE), email_hash(EMAIL)} <= hashes
        assert s.scalar(select(func.count()).select_from(ContactLink)) == 0
        # The others are untouched.
        assert s.get_one(Contact, person.other_id).last_name == "Lemoine"
        assert s.get_one(Contact, person.company_id).company_name == "Transports Breizh Express"
        erase = s.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.ERASE)).one()
        assert erase.entity == "contacts" and erase.entity_id == person.contact_id
        assert erase.user_login == manager.login
        assert erase.changes["suppressed"] == 3
        # Who changed what stays in the log; the values do not.
        update = s.scalars(
            select(AuditEntry).where(
                AuditEntry.entity == "contacts",
                AuditEntry.entity_id == person.contact_id,
                AuditEntry.action == AuditAction.UPDATE,
            )
        ).first()
        assert update is not None and update.changes["mobile"] == ["[erased]", "[erased]"]


def test_erasing_twice_is_refused_and_permissions_are_checked(
    db: Database, manager: Actor, salesperson: Actor, person: Person
):
    with pytest.raises(PermissionDenied):
        GdprService(db.session_factory, actor=salesperson).erase(contact_id=person.contact_id)
    service = GdprService(db.session_factory, actor=manager)
    service.erase(contact_id=person.contact_id, now=NOW, reclaim=False)
    with pytest.raises(ValidationError):
        service.erase(contact_id=person.contact_id, now=NOW, reclaim=False)


def test_scrub_value_keeps_structure():
    changes = {"mobile": ["+33600000000", "+33611111111"], "stage": ["offer", "won"], "note": None}
    assert scrub_value(changes, identifiers=[]) == {
        "mobile": ["[erased]", "[erased]"],
        "stage": ["offer", "won"],
        "note": None,
    }
    assert scrub_value(["offer", "won"], identifiers=[]) == ["offer", "won"]
    assert scrub_value({"x": "call Jean Dupont"}, identifiers=["jean dupont"]) == {"x": "[erased]"}


# Another process keeping the database busy -----------------------------------------------------------------

_HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE" if sys.argv[2] == "write" else "BEGIN")
conn.execute("SELECT count(*) FROM contacts").fetchone()
print("holding", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
"""


@contextlib.contextmanager
def other_process(path: Path, *, mode: str = "read") -> Iterator[subprocess.Popen[str]]:
    """A separate Python process holding a read transaction (or the write lock) on `path` until the block
    ends, as dealercrm open on another workstation would."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        assert holder.stdin is not None
        holder.stdin.write("done\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
    assert holder.returncode == 0


def leftovers(path: Path) -> list[bytes]:
    """The erased person's strings still found in the file and its WAL (every connection closed)."""
    raw = _raw_bytes(path)
    return [n for n in _needles() if n in raw]


def integrity(path: Path) -> str:
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def owed(db: Database) -> int:
    with db.session_factory() as s:
        return int(read_setting(s, COMPACTION_PENDING))


@pytest.mark.sqlite_only
def test_erasure_alone_leaves_no_trace_in_the_file_nor_its_wal(db: Database, manager: Actor, person: Person):
    path = db.path
    assert path is not None
    assert leftovers(path)
    result = GdprService(db.session_factory, actor=manager).erase(contact_id=person.contact_id, now=NOW)
    assert result.space_reclaimed and owed(db) == 0
    db.dispose()
    assert leftovers(path) == []  # no VACUUM by hand this time
    assert integrity(path) == "ok"


@pytest.mark.sqlite_only
def test_busy_erasure_stays_owed_until_the_next_backup_finishes_it(
    db: Database, manager: Actor, person: Person, tmp_path: Path
):
    path = db.path
    assert path is not None
    service = GdprService(db.session_factory, actor=manager)
    with other_process(path):
        started = time.perf_counter()
        result = service.erase(contact_id=person.contact_id, now=NOW, wait_seconds=0.5)
        waited = time.perf_counter() - started
        assert not result.space_reclaimed
        assert 0.5 <= waited < 5  # a bounded wait, retried, then left for later
        assert service.compaction_pending() and owed(db) == 1
    # Recorded durably: a new connection (another process would see the same) still finds it owed.
    db.dispose()
    assert owed(db) == 1

    run = BackupService(db, actor=manager).automatic(now=NOW + dt.timedelta(hours=1))
    assert owed(db) == 0 and not service.compaction_pending()
    assert leftovers(run.backup.path) == []
    db.dispose()
    assert leftovers(path) == []
    assert integrity(path) == "ok"


@pytest.mark.sqlite_only
def test_a_backup_taken_while_the_database_stays_locked_is_compacted_itself(
    db: Database, manager: Actor, person: Person, tmp_path: Path
):
    path = db.path
    assert path is not None
    GdprService(db.session_factory, actor=manager).erase(contact_id=person.contact_id, now=NOW, reclaim=False)
    assert owed(db) == 1
    db.dispose()
    with other_process(path, mode="write"):  # VACUUM cannot even start
        info = make_backup(db=db, folder=tmp_path / "copies", now=NOW, wait_seconds=0.3)
    assert owed(db) == 1  # still owed by the live file
    assert leftovers(info.path) == []
    assert integrity(info.path) == "ok"
    assert [p.name for p in (tmp_path / "copies").iterdir()] == [info.path.name]  # no partial left
    db.dispose()
    assert leftovers(path)  # the live file still holds her until its own compaction
    assert GdprService(db.session_factory, actor=manager).finish_compaction().done
    db.dispose()
    assert leftovers(path) == [] and owed(db) == 0


def test_a_later_erasure_keeps_its_own_debt(db: Database, manager: Actor, person: Person):
    service = GdprService(db.session_factory, actor=manager)
    service.erase(contact_id=person.contact_id, now=NOW, reclaim=False)
    service.erase(contact_id=person.other_id, now=NOW, reclaim=False)
    assert owed(db) == 2
    assert service.finish_compaction().done and owed(db) == 0
    assert service.finish_compaction() == service.finish_compaction()  # nothing owed: nothing done
    assert not service.finish_compaction().was_pending


# PostgreSQL: the old row versions and the search index's keys -----------------------------------------


def _pages_holding(conn: Any, needles: list[bytes]) -> dict[str, list[bytes]]:
    """For each table an erasure touches, with its TOAST table and every index (GIN search vectors
    included): the needles found anywhere in the raw 8 kB pages (pageinspect's get_raw_page), live or
    dead row versions, free space and index keys alike."""
    relations = conn.exec_driver_sql(
        "SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid IN ("
        " SELECT t.oid FROM pg_class t WHERE t.relname = ANY(%(tables)s) AND t.relkind = 'r'"
        " UNION SELECT t.reltoastrelid FROM pg_class t"
        "  WHERE t.relname = ANY(%(tables)s) AND t.reltoastrelid <> 0"
        " UNION SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid"
        "  WHERE t.relname = ANY(%(tables)s))",
        {"tables": list(ERASURE_TABLES)},
    ).scalars()
    found: dict[str, list[bytes]] = {}
    for relation in relations:
        pages = conn.exec_driver_sql(
            "SELECT get_raw_page(%(r)s::text, p::int) "
            "FROM generate_series(0, pg_relation_size(%(r)s::regclass) / 8192 - 1) p",
            {"r": relation},
        ).scalars()
        raw = b"".join(bytes(page) for page in pages)
        hits = [n for n in needles if n in raw]
        if hits:
            found[relation] = hits
    return found


@pytest.mark.postgres
def test_erasure_on_postgresql_leaves_no_copy_in_the_tables_pages_nor_their_indexes(pg_url: Any) -> None:
    """What this proves: after `erase()`, no byte sequence of the person's names, e-mail or phone numbers
    (as typed, folded by the search index, or JSON-escaped in the audit log) is left in any 8 kB page of
    the tables the erasure touched, their TOAST tables or their indexes (the GIN search vectors keep an
    erased word as a key after a plain VACUUM): dead row versions and index keys are gone from the live
    relation files. It does not cover the write-ahead log or server backups (see db/vacuum.py)."""
    from dealercrm.db import open_database
    from dealercrm.models import User
    from dealercrm.models.enums import Role
    from dealercrm.services.auth import actor_of

    db = open_database(pg_url, create=True)
    try:
        with db.session_factory.begin() as s:
            user = User(login="marc", display_name="Marc Manager", role=Role.MANAGER, password_hash="x")
            s.add(user)
            s.flush()
            manager = actor_of(user)
        person = make_person(db, manager)
        admin = db.engine.execution_options(isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            try:
                conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pageinspect")
            except Exception as exc:  # noqa: BLE001 - a server where we are not superuser
                pytest.skip(f"pageinspect is not available: {exc}")
            conn.exec_driver_sql("CHECKPOINT")  # the pages as the server wrote them
            before = _pages_holding(conn, _needles())
        assert "contacts" in before and any("search" in name for name in before), before  # proves something
        result = GdprService(db.session_factory, actor=manager).erase(contact_id=person.contact_id, now=NOW)
        assert result.space_reclaimed and owed(db) == 0
        with admin.connect() as conn:
            conn.exec_driver_sql("CHECKPOINT")
            assert _pages_holding(conn, _needles()) == {}
            # The others are untouched, and the search still finds them, not her.
            assert (
                conn.exec_driver_sql("SELECT count(*) FROM contacts WHERE last_name = 'Lemoine'").scalar()
                == 1
            )
        from dealercrm.services.search import SearchService

        search = SearchService(db.session_factory, actor=manager)
        assert search.search_contacts(query="kerbrat", limit=5) == []
        assert search.search_contacts(query="lemoine", limit=5) == [person.other_id]
    finally:
        db.dispose()


@pytest.mark.postgres
def test_a_busy_table_on_postgresql_leaves_the_rewrite_owed_until_it_is_free(pg_url: Any) -> None:
    from dealercrm.db import open_database
    from dealercrm.models import User
    from dealercrm.models.enums import Role
    from dealercrm.services.auth import actor_of

    db = open_database(pg_url, create=True)
    try:
        with db.session_factory.begin() as s:
            user = User(login="marc", display_name="Marc Manager", role=Role.MANAGER, password_hash="x")
            s.add(user)
            s.flush()
            manager = actor_of(user)
        person = make_person(db, manager)
        service = GdprService(db.session_factory, actor=manager)
        # Another workstation in the middle of a transaction that read the interactions.
        with db.engine.connect() as other:
            other.exec_driver_sql("SELECT count(*) FROM interactions").scalar()
            result = service.erase(contact_id=person.contact_id, now=NOW, wait_seconds=0.5)
            assert not result.space_reclaimed and owed(db) == 1
            other.rollback()
        assert service.finish_compaction().done and owed(db) == 0
    finally:
        db.dispose()
