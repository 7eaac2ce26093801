"""The synthetic demo dealership: complete, consistent, valid, reproducible; refused on a used database."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
import pytest
from sqlalchemy import select
from stdnum.fr import siren, siret

from dealercrm.db import Database, open_database
from dealercrm.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DemoError,
    DemoSummary,
    generate_demo,
)
from dealercrm.models import (
    Base,
    Claim,
    Consent,
    Contact,
    Interaction,
    Opportunity,
    Sale,
    ServiceVisit,
    Setting,
    Task,
    User,
    Vehicle,
)
from dealercrm.models.enums import (
    ClaimCategory,
    ClaimStatus,
    ContactKind,
    Financing,
    InteractionType,
    Lifecycle,
    ServiceKind,
    SourceChannel,
    Stage,
    StockStatus,
    TaskKind,
)
from dealercrm.models.search_terms import compact_plate, phone_search_terms
from dealercrm.services.auth import AuthService
from dealercrm.services.compliance import in_calling_hours, load_law
from dealercrm.services.due_dates import DueDateService, DueKind, followed_kinds
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Cancelled, Progress
from dealercrm.services.search import SearchService
from dealercrm.services.tasks import TaskService

TODAY = dt.date(2026, 3, 12)  # a Thursday
CONTACTS = 600
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime.combine(TODAY, dt.time(8), tzinfo=PARIS)  # the demo's "now"


def _fresh_database(template_db: Path, path: Path) -> Database:
    shutil.copyfile(template_db, path)
    return open_database(path, create=True)


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory, template_db: Path
) -> Iterator[tuple[Database, DemoSummary]]:
    """One demo dealership shared by the read-only checks of this module."""
    database = _fresh_database(template_db, tmp_path_factory.mktemp("demo") / "demo.sqlite3")
    summary = generate_demo(database.session_factory, contacts=CONTACTS, seed=42, today=TODAY)
    yield database, summary
    database.dispose()


@pytest.fixture
def demo_db(demo: tuple[Database, DemoSummary]) -> Database:
    return demo[0]


def _dump(path: Path) -> dict[str, list[str]]:
    """Every row of every table of the data model, sorted, as text. The exceptions are the password
    hash: argon2 salts each hash at random (as it should), so two hashes of the demo password differ; and
    the change feed's bookkeeping (which process committed what, when), which is not the dealership's data."""
    dump: dict[str, list[str]] = {}
    with sqlite3.connect(path) as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "change_log":
                continue
            columns = ", ".join(f'"{c.name}"' for c in table.columns if c.name != "password_hash")
            dump[table.name] = sorted(
                repr(row) for row in conn.execute(f'SELECT {columns} FROM "{table.name}"')
            )
    return dump


def _vin_is_valid(vin: str) -> bool:
    values = {str(d): d for d in range(10)}
    values.update(zip("ABCDEFGH", range(1, 9), strict=True))
    values.update(zip("JKLMN", range(1, 6), strict=True))
    values.update({"P": 7, "R": 9})
    values.update(zip("STUVWXYZ", range(2, 10), strict=True))
    if len(vin) != 17 or set(vin) & set("IOQ") or not set(vin) <= set(values):
        return False
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    remainder = sum(values[c] * w for c, w in zip(vin, weights, strict=True)) % 11
    return vin[8] == ("X" if remainder == 10 else str(remainder))


def test_summary_counts_what_was_written(demo: tuple[Database, DemoSummary]) -> None:
    database, summary = demo
    with database.session_factory() as session:

        def count(model: type[Base]) -> int:
            return len(session.scalars(select(model.id)).all())  # type: ignore[attr-defined]

        assert summary.contacts == count(Contact) == CONTACTS
        assert summary.users == count(User) == len(DEMO_ACCOUNTS)
        assert summary.sales == count(Sale)
        assert summary.interactions == count(Interaction)
        assert summary.consents == count(Consent)
        companies = session.scalars(select(Contact.id).where(Contact.kind == ContactKind.COMPANY)).all()
        assert summary.companies == len(companies)
    assert 0.08 < summary.companies / summary.contacts < 0.25
    assert 7 <= summary.interactions / summary.contacts <= 14
    assert 0.35 <= summary.sales / summary.contacts <= 0.7
    assert 0.15 <= summary.claims / summary.contacts <= 0.25
    assert summary.campaigns >= 10 and summary.campaign_targets > 0
    assert summary.seconds > 0


def test_every_value_of_the_main_enums_is_present(demo_db: Database) -> None:
    with demo_db.session_factory() as session:

        def values(column: object) -> set[object]:
            return set(session.scalars(select(column).distinct()))  # type: ignore[call-overload]

        assert values(Contact.source_channel) == set(SourceChannel)
        assert values(Opportunity.stage) == set(Stage)
        assert values(Claim.status) == set(ClaimStatus)
        assert values(Claim.category) == set(ClaimCategory)
        assert values(Sale.financing) == set(Financing)
        assert values(Interaction.type) == set(InteractionType)
        assert values(Contact.lifecycle) == set(Lifecycle)


def test_sales_are_consistent(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        sales = session.scalars(select(Sale)).all()
        assert sales
        for sale in sales:
            assert sale.margin == sale.price - sale.cost
            assert isinstance(sale.margin, Decimal)
            vehicle = session.get_one(Vehicle, sale.vehicle_id)
            assert vehicle.stock_status is StockStatus.CUSTOMER_OWNED
            assert vehicle.owner_contact_id == sale.contact_id
            assert sale.opportunity_id is not None
            assert session.get_one(Opportunity, sale.opportunity_id).stage is Stage.WON
            if sale.financing is Financing.CASH:
                assert sale.financing_months is None and sale.financing_end_on is None
            else:
                assert (
                    sale.financing_months and sale.financing_end_on and sale.financing_end_on > sale.sold_on
                )
        buyers = {sale.contact_id for sale in sales}
        customers = set(session.scalars(select(Contact.id).where(Contact.lifecycle == Lifecycle.CUSTOMER)))
        assert customers == buyers
        assert any(sale.trade_in_vehicle_id for sale in sales)


def test_vehicles_have_valid_vins_and_plates(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        vehicles = session.scalars(select(Vehicle)).all()
    assert len({v.vin for v in vehicles}) == len(vehicles)
    for vehicle in vehicles:
        assert vehicle.vin is not None and _vin_is_valid(vehicle.vin), vehicle.vin
        assert vehicle.plate_compact == compact_plate(vehicle.plate)
        if vehicle.plate is not None:
            letters, digits, end = vehicle.plate.split("-")
            assert len(letters) == len(end) == 2 and len(digits) == 3 and digits.isdigit()
            assert not set(letters + end) & set("IOU")
    statuses = {v.stock_status for v in vehicles}
    assert {StockStatus.IN_STOCK, StockStatus.RESERVED, StockStatus.CUSTOMER_OWNED} <= statuses


def test_contacts_have_valid_french_phones_sirens_and_search_terms(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        contacts = session.scalars(select(Contact)).all()
    phones = 0
    for contact in contacts:
        for number, prefixes in (
            (contact.mobile, ("+336", "+337")),
            (contact.landline, ("+331", "+332", "+333", "+334", "+335")),
        ):
            if number is None:
                continue
            phones += 1
            parsed = phonenumbers.parse(number, None)
            assert phonenumbers.is_valid_number(parsed), number
            assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number
            assert number.startswith(prefixes), number
        assert contact.search_phones == phone_search_terms(contact.mobile, contact.landline)
        if contact.kind is ContactKind.COMPANY:
            assert contact.siren is not None and len(contact.siren) == 9 and siren.is_valid(contact.siren)
        else:
            assert contact.last_name
        assert contact.score is not None
    assert phones > len(contacts)


def test_timelines_are_in_the_past_and_match_the_contacts(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        contacts = {c.id: c for c in session.scalars(select(Contact))}
        interactions = session.scalars(select(Interaction)).all()
    latest: dict[int, dt.datetime] = {}
    for interaction in interactions:
        contact = contacts[interaction.contact_id]
        assert contact.created_at <= interaction.occurred_at < NOW
        if interaction.type is not InteractionType.NOTE:
            latest[contact.id] = max(latest.get(contact.id, interaction.occurred_at), interaction.occurred_at)
    for contact in contacts.values():
        assert contact.last_contact_at == latest.get(contact.id)
    assert any(i.campaign_id for i in interactions)


def test_settings_and_consents(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        settings = {s.key: s.value for s in session.scalars(select(Setting))}
        consents = session.scalars(select(Consent)).all()
    assert settings["dealership.name"]
    assert len(settings["dealership.siret"]) == 14 and siret.is_valid(settings["dealership.siret"])
    assert settings["dealership.brands"]
    assert {c.status.value for c in consents} == {"granted", "refused", "withdrawn"}
    assert all(c.proof for c in consents)


def test_the_agenda_is_relative_to_today(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        julie = session.scalars(select(User).where(User.login == "julie")).one()
        open_tasks = session.scalars(
            select(Task).where(Task.user_id == julie.id, Task.done_at.is_(None))
        ).all()
        done = session.scalars(select(Task).where(Task.done_at.is_not(None))).all()
    local = [(t, t.due_at.astimezone(PARIS)) for t in open_tasks]
    assert any(due < NOW and t.kind is TaskKind.CALL_BACK for t, due in local)  # overdue call-backs
    today = [(t, due) for t, due in local if due.date() == TODAY and due >= NOW]
    assert len(today) >= 3
    assert any(t.kind is TaskKind.TEST_DRIVE and due.hour >= 14 for t, due in today)  # this afternoon
    assert any(due.date() > TODAY for _, due in local)  # upcoming
    assert done and all(t.done_at is not None and t.done_at <= NOW for t in done)


def test_same_seed_and_day_give_the_same_data(template_db: Path, tmp_path: Path, demo_db: Database) -> None:
    assert demo_db.path is not None
    again = _fresh_database(template_db, tmp_path / "again.sqlite3")
    other = _fresh_database(template_db, tmp_path / "other.sqlite3")
    try:
        generate_demo(again.session_factory, contacts=CONTACTS, seed=42, today=TODAY)
        generate_demo(other.session_factory, contacts=CONTACTS, seed=7, today=TODAY)
    finally:
        again.dispose()
        other.dispose()
    reference = _dump(demo_db.path)
    assert _dump(tmp_path / "again.sqlite3") == reference
    different = _dump(tmp_path / "other.sqlite3")
    assert different["contacts"] != reference["contacts"]
    assert different["interactions"] != reference["interactions"]


# The fingerprint of a small demo (seed 42, TODAY): a hash of every table's sorted rows, as `_dump` reads
# them, without the database's own `schema.written_by` stamp. "Same seed, same data" must hold across
# installs and refactorings (Faker is pinned exactly in pyproject.toml): change it only on purpose, when
# the demo is meant to produce different data, and say so in the commit.
FINGERPRINT_CONTACTS = 300
FINGERPRINT = "c6f65135007fe8afa098c78e0641cb8fdc8ecb90b8a186008d35c7fa3e40e10b"


def _fingerprint(path: Path) -> tuple[str, dict[str, int]]:
    total = hashlib.sha256()
    counts: dict[str, int] = {}
    for table, rows in _dump(path).items():
        if table == "settings":
            rows = [row for row in rows if "'schema.written_by'" not in row]
        counts[table] = len(rows)
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:12]
        total.update(f"{table}:{digest}".encode())
    return total.hexdigest(), counts


def test_a_small_demo_has_the_pinned_fingerprint(template_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "fingerprint.sqlite3"
    database = _fresh_database(template_db, path)
    try:
        generate_demo(database.session_factory, contacts=FINGERPRINT_CONTACTS, seed=42, today=TODAY)
    finally:
        database.dispose()
    digest, counts = _fingerprint(path)
    assert counts["contacts"] == FINGERPRINT_CONTACTS
    assert digest == FINGERPRINT, counts


def test_demo_accounts_log_in(db: Database) -> None:
    summary = generate_demo(db.session_factory, contacts=40, seed=3, today=TODAY)
    assert summary.contacts == 40
    logins = {a.login for a in DEMO_ACCOUNTS}
    assert {"admin", "marc", "julie", "thomas", "lea", "sophie", "nicolas", "karim"} <= logins
    with db.session_factory() as session:
        users = {u.login: u for u in session.scalars(select(User))}
    assert {login: u.role for login, u in users.items()} == {a.login: a.role for a in DEMO_ACCOUNTS}
    assert len({u.password_hash for u in users.values()}) == 1  # hashed once, the same for everyone
    auth = AuthService(db.session_factory)
    for login in ("admin", "julie", "sophie"):  # argon2 is slow on purpose: three roles are enough
        actor = auth.login(login=login, password=DEMO_PASSWORD)
        assert isinstance(actor, Actor) and actor.role is users[login].role


def test_refuses_a_database_that_is_not_empty(db: Database, admin: Actor) -> None:
    with pytest.raises(DemoError, match="empty database"):
        generate_demo(db.session_factory, contacts=20, today=TODAY)


def test_cancelling_leaves_the_database_empty(db: Database) -> None:
    def cancel_when_writing(done: int, total: int, text: str) -> None:
        if text.startswith("Writing"):
            progress.cancel()

    progress = Progress(cancel_when_writing)
    with pytest.raises(Cancelled):
        generate_demo(db.session_factory, contacts=200, today=TODAY, progress=progress)
    with db.session_factory() as session:
        assert session.scalars(select(Contact.id)).first() is None
        assert session.scalars(select(User.id)).first() is None


# --- A dealership that looks real (the journeys of JOURNEYS.md are playable) --------------------------


def _login(database: Database, login: str) -> Actor:
    return AuthService(database.session_factory).login(login=login, password=DEMO_PASSWORD)


def test_interactions_keep_to_calling_hours_on_calling_days(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        law = load_law(session)
        moments = session.scalars(select(Interaction.occurred_at)).all()
    assert moments
    outside = [m for m in moments if not in_calling_hours(m.replace(tzinfo=dt.UTC), law=law)]
    assert outside == []


def test_a_few_claims_are_a_few_days_late(demo_db: Database) -> None:
    open_states = (
        ClaimStatus.OPEN,
        ClaimStatus.IN_PROGRESS,
        ClaimStatus.WAITING_CUSTOMER,
        ClaimStatus.WAITING_PARTS,
    )
    with demo_db.session_factory() as session:
        claims = session.scalars(select(Claim)).all()
    late = [
        NOW - c.due_at.replace(tzinfo=dt.UTC)
        for c in claims
        if c.status in open_states and c.due_at.replace(tzinfo=dt.UTC) < NOW
    ]
    assert 1 <= len(late) <= 5
    assert max(late) <= dt.timedelta(days=10)
    settled = [c for c in claims if c.resolved_at is not None]
    in_time = [c for c in settled if c.resolved_at is not None and c.resolved_at <= c.due_at]
    assert len(in_time) >= 0.8 * len(settled)


def test_claims_year_over_year_are_plausible(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        opened = [o.replace(tzinfo=dt.UTC) for o in session.scalars(select(Claim.opened_at))]
    last_year = sum(1 for o in opened if NOW - dt.timedelta(days=365) <= o < NOW)
    year_before = sum(1 for o in opened if NOW - dt.timedelta(days=730) <= o < NOW - dt.timedelta(days=365))
    assert -0.2 <= last_year / year_before - 1 <= 0.3


def test_conversion_per_channel_is_plausible(demo_db: Database) -> None:
    """Monthly cohorts (docs/KPI.md), pooled over the last six complete months per channel."""
    kpi = KpiService(demo_db.session_factory, actor=_login(demo_db, "marc"))
    prospects: dict[SourceChannel, int] = {}
    converted: dict[SourceChannel, int] = {}
    month = TODAY.replace(day=1)
    for _ in range(6):
        month = (month - dt.timedelta(days=1)).replace(day=1)
        figures = kpi.figures(period=Period.month(month.year, month.month), now=NOW)
        for row in figures.channels:
            prospects[row.channel] = prospects.get(row.channel, 0) + row.prospects
            converted[row.channel] = converted.get(row.channel, 0) + row.converted
    checked = [channel for channel, n in prospects.items() if n >= 20]
    assert SourceChannel.WEBSITE in checked
    for channel in checked:
        assert 0.05 <= converted[channel] / prospects[channel] <= 0.25, channel


def test_appointments_counted_as_the_agenda_lists_them(demo_db: Database) -> None:
    kpi = KpiService(demo_db.session_factory, actor=_login(demo_db, "marc"))
    last_month = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    figures = kpi.figures(period=Period.month(last_month.year, last_month.month), now=NOW)
    salespeople = {a.display_name for a in DEMO_ACCOUNTS if a.role.value == "salesperson"}
    per_person = {row.display_name: row.appointments for row in figures.activity if row.user_id}
    assert all(per_person[name] > 0 for name in salespeople), per_person
    # The coming week: what the report counts is what each one's agenda lists.
    coming = kpi.figures(period=Period(TODAY, TODAY + dt.timedelta(days=8)), now=NOW)
    counted = {row.user_id: row.appointments for row in coming.activity if row.user_id}
    for account in DEMO_ACCOUNTS:
        if account.role.value != "salesperson":
            continue
        actor = _login(demo_db, account.login)
        agenda = TaskService(demo_db.session_factory, actor=actor).agenda(now=NOW, horizon_days=7)
        listed = [t for t in (*agenda.due_today, *agenda.upcoming) if t.kind is TaskKind.APPOINTMENT]
        assert counted.get(actor.id, 0) == len(listed) > 0


def test_every_contact_has_a_score(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        assert session.scalars(select(Contact.id).where(Contact.score.is_(None))).first() is None


def test_search_06_12_34_finds_two_people(demo_db: Database) -> None:
    search = SearchService(demo_db.session_factory, actor=_login(demo_db, "julie"))
    hits = search.search(query="06 12 34")
    assert len(hits) == 2 and {h.kind for h in hits} == {"contact"}


def test_ab_123_cd_has_an_owner_a_recent_repair_and_no_open_claim(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        vehicle = session.scalars(select(Vehicle).where(Vehicle.plate == "AB-123-CD")).one()
        assert vehicle.owner_contact_id is not None
        visits = session.scalars(select(ServiceVisit).where(ServiceVisit.vehicle_id == vehicle.id)).all()
        claims = session.scalars(select(Claim).where(Claim.vehicle_id == vehicle.id)).all()
    assert any(v.kind is ServiceKind.REPAIR and TODAY - v.visited_on <= dt.timedelta(days=14) for v in visits)
    assert all(c.status in (ClaimStatus.RESOLVED, ClaimStatus.CLOSED) for c in claims)


def test_julies_today(demo_db: Database) -> None:
    julie = _login(demo_db, "julie")
    agenda = TaskService(demo_db.session_factory, actor=julie).agenda(now=NOW, horizon_days=7)
    assert agenda.overdue_count == 3 and all(t.kind is TaskKind.CALL_BACK for t in agenda.overdue)
    afternoon = [
        t for t in agenda.due_today if t.kind is TaskKind.TEST_DRIVE and t.due_at.astimezone(PARIS).hour >= 12
    ]
    assert len(afternoon) == 2


def test_the_due_dates_on_the_today_page_are_a_short_list_with_few_overdue(demo_db: Database) -> None:
    """The today page's due dates, as each role follows them (services.due_dates.followed_kinds): those
    who sell get warranty ends within 60 days and financing ends within 90, the next car to offer; the
    after-sales desk CT and maintenance within 60 days or overdue by at most 90. Most owners have their
    car serviced on time in our workshop, so each list can be worked through and few are overdue."""
    sizes = {}
    for login in ("julie", "thomas", "lea", "sophie"):
        actor = _login(demo_db, login)
        kinds = followed_kinds(actor.role)
        dues = DueDateService(demo_db.session_factory, actor=actor).due_soon(
            within_days=60, financing_within_days=90, overdue_days=90, today=TODAY, kinds=kinds
        )
        assert {d.kind for d in dues} <= set(kinds), login
        overdue = [d for d in dues if d.due_on < TODAY]
        sizes[login] = len(dues)
        if login == "sophie":  # the after-sales desk follows every customer's car
            assert set(kinds) == {DueKind.TECHNICAL_INSPECTION, DueKind.MAINTENANCE}
            assert 5 <= len(dues) <= 80 and len(overdue) <= 5, (login, len(dues), len(overdue))
        else:
            assert set(kinds) == {DueKind.WARRANTY_END, DueKind.FINANCING_END}
            assert len(dues) <= 30 and len(overdue) <= 3, (login, len(dues), len(overdue))
    assert sizes["julie"] >= 5 and sizes["thomas"] >= 5, sizes  # the journeys' salespeople have work


def test_the_demo_leaves_its_search_indexes_merged(demo_db: Database) -> None:
    """A bulk load writes many index segments; the demo merges them (db/fts.keep_merged)."""
    from dealercrm.db import fts

    assert fts.keep_merged(demo_db.engine) == 0
