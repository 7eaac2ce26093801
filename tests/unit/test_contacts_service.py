"""ContactService: keyset paging in name order, filters, visibility, detail and timeline."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event

from dealercrm.db import Database
from dealercrm.models import Consent, Contact, Interaction, Opportunity, Sale, Task, Vehicle
from dealercrm.models.enums import (
    Channel,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Financing,
    InteractionType,
    Lifecycle,
    Role,
    SourceChannel,
    Stage,
    StockStatus,
    TaskKind,
    VehicleCondition,
)
from dealercrm.models.prediction import PurchaseProbability
from dealercrm.services.contacts import ContactFilter, ContactRow, ContactService, format_phone
from dealercrm.services.errors import NotFound, PermissionDenied, ValidationError
from dealercrm.services.permissions import Actor, contact_visible
from dealercrm.services.settings import dealership_today_of

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def add_contact(db: Database, **fields: object) -> int:
    values: dict[str, object] = {"kind": ContactKind.PERSON, "last_name": "Martin"}
    values.update(fields)
    with db.session_factory.begin() as session:
        contact = Contact(**values)
        session.add(contact)
        session.flush()
        return contact.id


def all_pages(service: ContactService, filters: ContactFilter, limit: int) -> list[ContactRow]:
    rows: list[ContactRow] = []
    after: ContactRow | None = None
    while True:
        page = service.list_page(filters=filters, after=after, limit=limit)
        rows.extend(page)
        if len(page) < limit:
            return rows
        after = page[-1]


def test_format_phone_national_and_foreign() -> None:
    assert format_phone("+33612345678") == "06 12 34 56 78"
    assert format_phone("+4915112345678").startswith("+49 ")
    assert format_phone(None) == ""
    assert format_phone("garbage") == "garbage"


def test_pages_follow_name_order_with_companies_and_missing_first_names(db: Database, manager: Actor) -> None:
    names = [
        ("Dupont", "Jean"),
        ("Dupont", None),
        ("Dupont", "Anne"),
        ("Martin", "Zoé"),
        ("Bernard", "Luc"),
        ("Étienne", "Paul"),
        ("de la Tour", "Marie"),
    ]
    for last, first in names:
        add_contact(db, last_name=last, first_name=first)
    for company in ("Dupont SA", "Aubert Transports", "Martin"):
        add_contact(db, kind=ContactKind.COMPANY, last_name=None, company_name=company)
    service = ContactService(db.session_factory, actor=manager)
    for limit in (1, 2, 3, 100):
        rows = all_pages(service, ContactFilter(), limit)
        assert len(rows) == 10
        assert len({r.id for r in rows}) == 10
        keys = [(r.sort_name, r.first_name is not None, r.first_name or "", r.id) for r in rows]
        assert keys == sorted(keys)
    names_in_order = [r.name for r in all_pages(service, ContactFilter(), 4)]
    assert names_in_order[:3] == ["Aubert Transports", "Luc Bernard", "Dupont"]
    assert names_in_order[3:5] == ["Anne Dupont", "Jean Dupont"]
    assert service.count(filters=ContactFilter()) == 10


def test_text_filter_is_a_name_prefix_whatever_the_case(db: Database, manager: Actor) -> None:
    add_contact(db, last_name="Dupont", first_name="Jean")
    add_contact(db, last_name="Dupuis", first_name="Léa")
    add_contact(db, last_name="Durand", first_name="Marc")
    add_contact(db, kind=ContactKind.COMPANY, last_name=None, company_name="Dupont Transports")
    service = ContactService(db.session_factory, actor=manager)
    for typed in ("dup", "Dup", "DUP"):
        rows = service.list_page(filters=ContactFilter(text=typed), after=None, limit=50)
        assert sorted(r.name for r in rows) == ["Dupont Transports", "Jean Dupont", "Léa Dupuis"]
        assert service.count(filters=ContactFilter(text=typed)) == 3
    assert (
        service.list_page(filters=ContactFilter(text="dupont"), after=None, limit=50)[0].name == "Jean Dupont"
    )
    assert service.count(filters=ContactFilter(text="zz")) == 0


def test_filters_lifecycle_owner_source_and_ids(db: Database, manager: Actor, salesperson: Actor) -> None:
    a = add_contact(db, last_name="A", owner_id=salesperson.id, source_channel=SourceChannel.WEBSITE)
    b = add_contact(db, last_name="B", lifecycle=Lifecycle.CUSTOMER, source_channel=SourceChannel.WALK_IN)
    c = add_contact(db, last_name="C", owner_id=manager.id, lifecycle=Lifecycle.CUSTOMER)
    service = ContactService(db.session_factory, actor=manager)

    def ids(filters: ContactFilter) -> list[int]:
        return [r.id for r in service.list_page(filters=filters, after=None, limit=50)]

    assert ids(ContactFilter(lifecycle=Lifecycle.CUSTOMER)) == [b, c]
    assert ids(ContactFilter(owner_id=salesperson.id)) == [a]
    assert ids(ContactFilter(unassigned=True)) == [b]
    assert ids(ContactFilter(source=SourceChannel.WEBSITE)) == [a]
    assert ids(ContactFilter(ids=(a, c))) == [a, c]
    assert ids(ContactFilter(ids=())) == []
    row = service.list_page(filters=ContactFilter(owner_id=salesperson.id), after=None, limit=1)[0]
    assert row.owner_name == salesperson.display_name


def test_erased_contacts_are_not_listed(db: Database, manager: Actor) -> None:
    add_contact(db, last_name="Kept")
    add_contact(db, last_name="Gone", erased_at=T0)
    service = ContactService(db.session_factory, actor=manager)
    assert [r.name for r in service.list_page(filters=ContactFilter(), after=None, limit=10)] == ["Kept"]
    assert service.count(filters=ContactFilter()) == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(
        st.tuples(st.sampled_from([None, 0, 1]), st.sampled_from(list(Lifecycle))), min_size=1, max_size=12
    ),
    viewer=st.sampled_from([0, 1]),
)
def test_a_salesperson_lists_exactly_what_they_may_see(
    db: Database, make_user: Callable[..., Actor], data: list[tuple[int | None, Lifecycle]], viewer: int
) -> None:
    """Random owners and lifecycles: list and count match `contact_visible`, contact by contact."""
    people = [make_user(Role.SALESPERSON), make_user(Role.SALESPERSON)]
    created: list[tuple[int, int | None, Lifecycle]] = []
    for owner_index, lifecycle in data:
        owner_id = people[owner_index].id if owner_index is not None else None
        created.append(
            (add_contact(db, last_name="Same", owner_id=owner_id, lifecycle=lifecycle), owner_id, lifecycle)
        )
    actor = people[viewer]
    expected = sorted(
        i for i, owner, life in created if contact_visible(actor, owner_id=owner, lifecycle=life)
    )
    service = ContactService(db.session_factory, actor=actor)
    listed = [r.id for r in all_pages(service, ContactFilter(text="Same"), 5)]
    assert listed == expected  # same name: ordered by id
    assert service.count(filters=ContactFilter(text="Same")) == len(expected)
    for contact_id, owner, life in created:
        if contact_visible(actor, owner_id=owner, lifecycle=life):
            assert service.get(contact_id=contact_id).id == contact_id
        else:
            with pytest.raises(PermissionDenied):
                service.get(contact_id=contact_id)
    with db.session_factory.begin() as session:  # hypothesis reuses the database between examples
        session.query(Contact).filter(Contact.last_name == "Same").delete()


def test_get_gathers_the_whole_file(db: Database, salesperson: Actor, manager: Actor) -> None:
    cid = add_contact(
        db,
        first_name="Jean",
        last_name="Dupont",
        mobile="+33612345678",
        email="jean@example.fr",
        city="Lyon",
        owner_id=salesperson.id,
        lifecycle=Lifecycle.CUSTOMER,
        budget=Decimal("30000"),
        wanted_model="Tucson",
        has_trade_in=True,
    )
    with db.session_factory.begin() as session:
        session.add_all(
            [
                Consent(
                    contact_id=cid,
                    channel=Channel.EMAIL,
                    purpose=ConsentPurpose.PROSPECTING,
                    status=ConsentStatus.GRANTED,
                    recorded_at=T0,
                    proof="form",
                ),
                Consent(
                    contact_id=cid,
                    channel=Channel.EMAIL,
                    purpose=ConsentPurpose.PROSPECTING,
                    status=ConsentStatus.WITHDRAWN,
                    recorded_at=T0 + dt.timedelta(days=3),
                    proof="unsubscribe link",
                ),
                Consent(
                    contact_id=cid,
                    channel=Channel.SMS,
                    purpose=ConsentPurpose.SERVICE,
                    status=ConsentStatus.GRANTED,
                    recorded_at=T0,
                    proof="form",
                ),
                Opportunity(
                    contact_id=cid, owner_id=salesperson.id, title="Tucson hybride", stage=Stage.OFFER
                ),
                Opportunity(
                    contact_id=cid,
                    owner_id=salesperson.id,
                    title="Old",
                    stage=Stage.LOST,
                    lost_reason="price",
                ),
                Task(
                    contact_id=cid, user_id=salesperson.id, kind=TaskKind.CALL_BACK, title="Rappel", due_at=T0
                ),
            ]
        )
        vehicle = Vehicle(
            make="Renault",
            model="Clio",
            plate="AB-123-CD",
            condition=VehicleCondition.USED,
            stock_status=StockStatus.CUSTOMER_OWNED,
            owner_contact_id=cid,
        )
        session.add(vehicle)
        session.flush()
        session.add(
            Sale(
                contact_id=cid,
                vehicle_id=vehicle.id,
                salesperson_id=salesperson.id,
                sold_on=dt.date(2023, 5, 1),
                price=Decimal("18000"),
                cost=Decimal("16000"),
                margin=Decimal("2000"),
                financing=Financing.LOA,
                financing_end_on=dt.date(2026, 5, 1),
            )
        )
    detail = ContactService(db.session_factory, actor=manager).get(contact_id=cid)
    assert detail.name == "Jean Dupont"
    assert detail.mobile == "06 12 34 56 78"
    assert detail.owner_name == salesperson.display_name
    assert {(c.channel, c.purpose): c.status for c in detail.consents} == {
        (Channel.EMAIL, ConsentPurpose.PROSPECTING): ConsentStatus.WITHDRAWN,
        (Channel.SMS, ConsentPurpose.SERVICE): ConsentStatus.GRANTED,
    }
    assert [o.title for o in detail.open_opportunities] == ["Tucson hybride"]
    assert [t.title for t in detail.open_tasks] == ["Rappel"]
    assert [v.plate for v in detail.vehicles] == ["AB-123-CD"]
    assert detail.purchases[0].price == Decimal("18000.00")
    assert detail.purchases[0].financing is Financing.LOA
    assert detail.budget == Decimal("30000.00")


def test_get_unknown_contact_is_not_found(db: Database, manager: Actor) -> None:
    with pytest.raises(NotFound):
        ContactService(db.session_factory, actor=manager).get(contact_id=999)


def test_timeline_pages_newest_first_without_gaps(db: Database, manager: Actor, salesperson: Actor) -> None:
    cid = add_contact(db, owner_id=salesperson.id)
    rng = random.Random(7)
    with db.session_factory.begin() as session:
        for i in range(23):
            # Several interactions share one instant: the id breaks ties.
            at = T0 + dt.timedelta(hours=rng.randrange(6))
            session.add(
                Interaction(
                    contact_id=cid,
                    user_id=salesperson.id,
                    type=InteractionType.CALL,
                    occurred_at=at,
                    summary=f"call {i}",
                )
            )
    service = ContactService(db.session_factory, actor=manager)
    seen = []
    before = None
    while True:
        page = service.timeline(contact_id=cid, before=before, limit=5)
        seen.extend(page)
        if len(page) < 5:
            break
        before = page[-1]
    assert len(seen) == 23 and len({i.id for i in seen}) == 23
    keys = [(i.occurred_at, i.id) for i in seen]
    assert keys == sorted(keys, reverse=True)
    assert seen[0].user_name == salesperson.display_name


def test_timeline_of_a_hidden_contact_is_refused(
    db: Database, make_user: Callable[..., Actor], salesperson: Actor
) -> None:
    other = make_user(Role.SALESPERSON)
    cid = add_contact(db, owner_id=other.id, lifecycle=Lifecycle.PROSPECT)
    with pytest.raises(PermissionDenied):
        ContactService(db.session_factory, actor=salesperson).timeline(contact_id=cid, before=None, limit=5)


def test_owners_lists_salespeople_and_managers(
    db: Database, manager: Actor, salesperson: Actor, aftersales: Actor
) -> None:
    owners = ContactService(db.session_factory, actor=salesperson).owners()
    assert {o.id for o in owners} == {manager.id, salesperson.id}


def test_new_filters_score_quiet_vehicle_due_and_segment(
    db: Database, salesperson: Actor, make_user: Callable[..., Actor]
) -> None:
    now = dt.datetime.now(dt.UTC)
    other = make_user(Role.SALESPERSON)
    hot = add_contact(db, last_name="Hot", score=85, owner_id=salesperson.id, last_contact_at=now)
    cold = add_contact(
        db, last_name="Cold", score=15, owner_id=salesperson.id, last_contact_at=now - dt.timedelta(days=200)
    )
    never = add_contact(db, last_name="Never", owner_id=salesperson.id)
    private = add_contact(db, last_name="Private", score=90, owner_id=other.id, lifecycle=Lifecycle.PROSPECT)
    owner_of_old = add_contact(
        db, last_name="Owner", lifecycle=Lifecycle.CUSTOMER, owner_id=other.id, score=50
    )
    with db.session_factory.begin() as session:
        session.add(
            Vehicle(
                make="Peugeot",
                model="208",
                condition=VehicleCondition.USED,
                stock_status=StockStatus.CUSTOMER_OWNED,
                owner_contact_id=owner_of_old,
                # Registered four years ago next month: its first contrôle technique is due.
                first_registration_on=dealership_today_of(db.session_factory).replace(day=1)
                - dt.timedelta(days=4 * 365 - 40),
            )
        )
        session.add(
            Vehicle(
                make="Peugeot",
                model="3008",
                condition=VehicleCondition.USED,
                stock_status=StockStatus.CUSTOMER_OWNED,
                owner_contact_id=private,
            )
        )
    service = ContactService(db.session_factory, actor=salesperson)

    def names(**kw: object) -> list[str]:
        return [r.name for r in all_pages(service, ContactFilter(**kw), 50)]  # type: ignore[arg-type]

    assert names(score_min=70) == ["Hot"]  # the private prospect's 90 stays hidden
    assert names(score_max=39) == ["Cold"]
    assert names(unscored=True) == ["Never"]
    assert names(quiet_days=90) == ["Cold", "Never", "Owner"]  # never contacted counts
    assert names(vehicle_make="Peugeot") == ["Owner"]  # the 3008's owner is another one's prospect
    assert names(vehicle_make="Peugeot", vehicle_model="3008") == []
    assert names(due_kind="technical_inspection", due_within_days=90) == ["Owner"]
    assert names(segment_filters=(("score_min", 50),)) == ["Hot", "Owner"]
    assert [r.id for r in all_pages(service, ContactFilter(order="score"), 2)] == [
        hot,
        owner_of_old,
        cold,
        never,
    ]
    assert service.count(filters=ContactFilter(score_min=50)) == 2


@pytest.mark.parametrize(
    ("order", "descending"),
    [
        ("last_contact", True),
        ("last_contact", False),
        ("created", True),
        ("created", False),
        ("city", False),
        ("city", True),
        ("score", True),
        ("score", False),
        ("name", True),
        ("purchase", True),
        ("purchase", False),
    ],
)
def test_every_sort_key_pages_each_row_once_in_order(
    db: Database, manager: Actor, order: str, descending: bool
) -> None:
    rng = random.Random(7)
    expected: dict[int, object] = {}
    for i in range(23):
        last = rng.choice([T0 - dt.timedelta(days=rng.randint(0, 3)), None])  # ties and NULLs
        company = i % 5 == 0
        cid = add_contact(
            db,
            kind=ContactKind.COMPANY if company else ContactKind.PERSON,
            last_name=None if company else rng.choice(["Dupont", "Martin", "Bernard"]),
            first_name=None if company else rng.choice(["Anne", "Luc", None]),
            company_name="Dupont" if company else None,
            city=rng.choice(["Orléans", "Blois", None]),
            score=rng.choice([10, 50, None]),
            last_contact_at=last,
            created_at=T0 - dt.timedelta(hours=rng.randint(0, 2)),
        )
        expected[cid] = last
        probability = rng.choice([0.1, 0.4, None])  # ties, and contacts never scored
        if probability is not None:
            with db.session_factory.begin() as session:
                session.add(PurchaseProbability(contact_id=cid, probability=probability, model_id=None))
    service = ContactService(db.session_factory, actor=manager)
    filters = ContactFilter(order=order, descending=descending)
    paged = all_pages(service, filters, 4)
    ids = [r.id for r in paged]
    assert sorted(ids) == sorted(expected)  # every contact once
    assert [
        r.id
        for r in service.list_page(
            filters=ContactFilter(), after=None, limit=50, order=order, descending=descending
        )
    ] == ids  # one page: the same order

    def key(r: ContactRow) -> object:
        if order == "last_contact":
            return (r.last_contact_at is not None, r.last_contact_at or T0)
        if order == "created":
            return r.created_at
        if order == "city":
            return r.city
        if order == "score":
            return (r.score is not None, r.score or 0)
        if order == "purchase":
            return (r.purchase_probability is not None, r.purchase_probability or 0.0)
        return (r.sort_name, r.first_name is not None, r.first_name or "")

    keys = [key(r) for r in paged]
    assert keys == sorted(keys, reverse=descending)  # type: ignore[type-var]


@pytest.mark.sqlite_only
@pytest.mark.parametrize("order", ["last_contact", "city", "score", "created"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("who", ["manager", "salesperson"])
def test_a_sorted_page_walks_an_index_instead_of_sorting_every_contact(
    db: Database, make_user: Callable[..., Actor], order: str, descending: bool, who: str
) -> None:
    """Issue 16: the first page and the next under every sort key read the key's index in order
    (migration 0008 for last contact and city), whatever the visibility rules: no temporary sort."""
    actor = make_user(Role.MANAGER if who == "manager" else Role.SALESPERSON, login=who)
    for n in range(3):
        add_contact(
            db, last_name=f"N{n}", city=["Blois", None, "Tours"][n], last_contact_at=[T0, None, T0][n]
        )
    service = ContactService(db.session_factory, actor=actor)
    filters = ContactFilter(order=order, descending=descending)
    first = service.list_page(filters=filters, after=None, limit=2)
    for after in (None, first[-1]):
        statement = service._by_key(filters, after, 100, descending=descending)  # noqa: SLF001
        with db.engine.connect() as conn:
            sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " / ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert "TEMP B-TREE" not in plan, plan
        assert "USING INDEX" in plan, plan


def test_sort_directions_default_and_unknown_key(db: Database, manager: Actor) -> None:
    old = add_contact(db, last_name="Old", last_contact_at=T0 - dt.timedelta(days=30))
    new = add_contact(db, last_name="New", last_contact_at=T0)
    never = add_contact(db, last_name="Never")
    service = ContactService(db.session_factory, actor=manager)

    def ids(**kw: object) -> list[int]:
        return [r.id for r in service.list_page(filters=ContactFilter(**kw), after=None, limit=10)]  # type: ignore[arg-type]

    assert ids(order="last_contact") == [new, old, never]  # latest contact first, never last
    assert ids(order="last_contact", descending=False) == [never, old, new]
    with pytest.raises(ValidationError):
        ids(order="phone")


@pytest.mark.parametrize("unscored", ["none", "erased only", "one alive"])
def test_the_ascending_purchase_order_after_everyone_was_scored(
    db: Database, manager: Actor, unscored: str
) -> None:
    """Issue 13: after a training run that scored every contact, the ascending order (unscored first)
    finds that none is left without reading them all (on PostgreSQL a probe of the two primary keys);
    an erased contact without a probability is not shown, an alive one comes first; pages unchanged."""
    ids = [add_contact(db, last_name=f"N{n}") for n in range(7)]
    gone = add_contact(db, last_name="Erased", erased_at=T0)
    late = add_contact(db, last_name="Late")
    with db.session_factory.begin() as session:
        for n, cid in enumerate(ids):
            session.add(
                PurchaseProbability(contact_id=cid, probability=[0.3, 0.1, 0.2][n % 3], model_id=None)
            )
        if unscored == "none":
            session.add(PurchaseProbability(contact_id=gone, probability=0.5, model_id=None))
        if unscored != "one alive":
            session.add(PurchaseProbability(contact_id=late, probability=0.9, model_id=None))
    service = ContactService(db.session_factory, actor=manager)
    probes: list[str] = []
    event.listen(
        db.engine,
        "before_cursor_execute",
        lambda _c, _cur, sql, *_a: probes.append(sql) if "enable_hashjoin = off" in sql else None,
    )
    expected = sorted(ids, key=lambda cid: ([0.3, 0.1, 0.2][ids.index(cid) % 3], cid))
    expected = [late, *expected] if unscored == "one alive" else [*expected, late]
    for limit in (1, 3, 50):
        paged: list[ContactRow] = []
        while True:
            page = service.list_page(
                filters=ContactFilter(),
                after=paged[-1] if paged else None,
                limit=limit,
                order="purchase",
                descending=False,
            )
            paged += page
            if len(page) < limit:
                break
        assert [r.id for r in paged] == expected
    assert (paged[0].purchase_probability is None) == (unscored == "one alive")
    # PostgreSQL asks once per first page (three page sizes), never for the pages after.
    assert len(probes) == (3 if db.engine.dialect.name == "postgresql" else 0)


def _pg_plan(db: Database, statement: object) -> str:
    """PostgreSQL's plan of `statement`, with sequential scans and sorts priced out: what remains is a
    sort only when no index gives the order (a handful of test rows would otherwise always be sorted)."""
    with db.engine.connect() as conn:
        sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))  # type: ignore[attr-defined]
        conn.exec_driver_sql("SET enable_seqscan = off")
        conn.exec_driver_sql("SET enable_sort = off")
        return "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql))


@pytest.mark.postgres
@pytest.mark.parametrize("order", ["name", "purchase", "last_contact", "city", "score", "created"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("who", ["manager", "salesperson"])
def test_on_postgresql_a_sorted_page_walks_an_index(
    db: Database, make_user: Callable[..., Actor], order: str, descending: bool, who: str
) -> None:
    """Issue 13: on PostgreSQL too the first page and the next under every sort key have an index that
    gives their order (migrations 0008 and 0012; the probabilities' own index): no sort of the contacts."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's plans")
    actor = make_user(Role.MANAGER if who == "manager" else Role.SALESPERSON, login=who)
    for n in range(3):
        cid = add_contact(
            db, last_name=f"N{n}", city=["Blois", None, "Tours"][n], last_contact_at=[T0, None, T0][n]
        )
        if n:
            with db.session_factory.begin() as session:
                session.add(PurchaseProbability(contact_id=cid, probability=0.1 * n, model_id=None))
    add_contact(db, kind=ContactKind.COMPANY, last_name=None, company_name="Garage N")
    service = ContactService(db.session_factory, actor=actor)
    filters = ContactFilter(order=order, descending=descending)
    first = service.list_page(filters=filters, after=None, limit=2)
    for after in (None, first[-1]):
        if order == "name":
            statements = [
                service._persons(filters, after, 100, descending=descending),  # noqa: SLF001
                service._companies(filters, after, 100, descending=descending),  # noqa: SLF001
            ]
        elif order == "purchase":
            statements = [
                service._scored(filters, after, 100, descending=descending),  # noqa: SLF001
                service._unscored(filters, after, 100, descending=descending),  # noqa: SLF001
            ]
        else:
            statements = [service._by_key(filters, after, 100, descending=descending)]  # noqa: SLF001
        for statement in statements:
            plan = _pg_plan(db, statement)
            assert "Sort" not in plan, plan
            assert "Index" in plan or "One-Time Filter: false" in plan, plan


@pytest.mark.sqlite_only
@pytest.mark.parametrize("descending", [False, True])
def test_on_sqlite_the_name_and_purchase_orders_walk_their_indexes(
    db: Database, manager: Actor, descending: bool
) -> None:
    """The name order's two statements and the purchase order's scored statement read their index in
    order (the unscored contacts walk the primary key): no temporary sort."""
    for n in range(3):
        cid = add_contact(db, last_name=f"N{n}")
        with db.session_factory.begin() as session:
            session.add(PurchaseProbability(contact_id=cid, probability=0.1 * n, model_id=None))
    service = ContactService(db.session_factory, actor=manager)
    for order in ("name", "purchase"):
        filters = ContactFilter(order=order, descending=descending)
        first = service.list_page(filters=filters, after=None, limit=2)
        for after in (None, first[-1]):
            if order == "name":
                statements = [
                    service._persons(filters, after, 100, descending=descending),  # noqa: SLF001
                    service._companies(filters, after, 100, descending=descending),  # noqa: SLF001
                ]
            else:
                statements = [
                    service._scored(filters, after, 100, descending=descending),  # noqa: SLF001
                    service._unscored(filters, after, 100, descending=descending),  # noqa: SLF001
                ]
            for statement in statements:
                with db.engine.connect() as conn:
                    sql = str(statement.compile(conn, compile_kwargs={"literal_binds": True}))
                    plan = " / ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
                assert "TEMP B-TREE" not in plan, plan
