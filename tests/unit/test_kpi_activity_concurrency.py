"""The activity spans under concurrent writers on PostgreSQL (dealercrm/db/activity.py): two real
connections in two threads writing sales for the same customers in opposite orders within multi-statement
transactions, and a change of the churn window while sales are written. No deadlock (nor any other error)
may reach the writers, and afterwards the spans and totals are those a rebuild from the history makes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from sqlalchemy import Connection, insert, select, text

from dealercrm.db import Database, activity
from dealercrm.models import Contact, Sale, Vehicle
from dealercrm.models.enums import ContactKind, Lifecycle, StockStatus, VehicleCondition
from dealercrm.services.settings import write_setting

WINDOW_KEY = "kpi.churn_window_months"


def _setup(db: Database) -> tuple[list[int], int]:
    with db.session_factory.begin() as s:
        vehicle = Vehicle(
            make="Peugeot", model="Race", condition=VehicleCondition.NEW, stock_status=StockStatus.SOLD
        )
        people = [
            Contact(kind=ContactKind.PERSON, last_name=f"Race{n}", lifecycle=Lifecycle.CUSTOMER)
            for n in range(2)
        ]
        s.add_all([vehicle, *people])
        s.flush()
        return [p.id for p in people], vehicle.id


def _sale(conn: Connection, contact: int, vehicle: int, day: dt.date) -> None:
    conn.execute(
        insert(Sale),
        {
            "contact_id": contact,
            "vehicle_id": vehicle,
            "sold_on": day,
            "price": Decimal(20000),
            "cost": Decimal(18000),
            "margin": Decimal(2000),
        },
    )


def _kept(conn: Connection) -> tuple[Sequence[Any], Sequence[Any]]:
    spans = conn.execute(select(activity.spans).order_by(*activity.spans.c)).all()
    customers = conn.execute(select(activity.customers).order_by(activity.customers.c.contact_id)).all()
    return spans, customers


def _assert_kept_is_history(db: Database) -> None:
    """The spans and totals equal what a rebuild from the history (rolled back) makes."""
    with db.engine.connect() as conn:
        kept = _kept(conn)
        window = activity.window_in_use(conn)
        assert window is not None
        conn.rollback()
        activity.rebuild(conn, window)
        rebuilt = _kept(conn)
        conn.rollback()
    assert kept == rebuilt
    assert kept[0]  # there is something to compare


def _run(*jobs: Callable[[], None]) -> None:
    """Each job in a thread of its own; the first error any of them raised, raised here."""
    errors: list[BaseException] = []

    def guard(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=guard, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    if errors:
        raise errors[0]


@pytest.mark.postgres
def test_sales_for_the_same_customers_in_opposite_orders_do_not_deadlock(pg_url: Any) -> None:
    from dealercrm.db import open_database

    db = open_database(pg_url, create=True)
    try:
        (a, b), vehicle = _setup(db)
        for round_ in range(3):
            wrote_first = {a: threading.Event(), b: threading.Event()}

            def writer(
                first: int, second: int, day: dt.date, wrote_first: dict[int, threading.Event] = wrote_first
            ) -> None:
                with db.engine.begin() as conn:
                    _sale(conn, first, vehicle, day)
                    wrote_first[first].set()
                    # Until the other has written its first sale too (or cannot: it waits for this one).
                    wrote_first[second].wait(2)
                    _sale(conn, second, vehicle, day + dt.timedelta(days=40))
                    conn.execute(text("SELECT pg_sleep(0.05)"))

            start = dt.date(2023, 1, 1) + dt.timedelta(days=100 * round_)
            _run(partial(writer, a, b, start), partial(writer, b, a, start + dt.timedelta(days=200)))
        _assert_kept_is_history(db)
        with db.engine.connect() as conn:
            assert (
                conn.scalar(select(activity.customers.c.sales).where(activity.customers.c.contact_id == a))
                == 6
            )
    finally:
        db.dispose()


@pytest.mark.postgres
def test_a_churn_window_change_during_sale_writes_leaves_the_spans_of_the_history(pg_url: Any) -> None:
    from dealercrm.db import open_database

    db = open_database(pg_url, create=True)
    try:
        (a, b), vehicle = _setup(db)
        with db.engine.begin() as conn:
            for k in range(6):
                _sale(conn, a if k % 2 else b, vehicle, dt.date(2021, 1, 31) + dt.timedelta(days=170 * k))
        for window, sale_first in ((6, True), (12, False), (3, True), (36, False)):
            step = threading.Barrier(2, timeout=30)

            def sales(
                window: int = window, sale_first: bool = sale_first, step: threading.Barrier = step
            ) -> None:
                with db.engine.begin() as conn:
                    if not sale_first:
                        step.wait()  # the window is being changed
                    _sale(conn, a, vehicle, dt.date(2024, 2, 29) - dt.timedelta(days=window))
                    if sale_first:
                        step.wait()
                    conn.execute(text("SELECT pg_sleep(0.1)"))
                    _sale(conn, b, vehicle, dt.date(2024, 8, 31) + dt.timedelta(days=window))

            def change(
                window: int = window, sale_first: bool = sale_first, step: threading.Barrier = step
            ) -> None:
                with db.session_factory.begin() as s:
                    if sale_first:
                        step.wait()  # a sale is written, not committed
                    write_setting(s, WINDOW_KEY, window)
                    s.flush()
                    if not sale_first:
                        step.wait()
                    s.execute(text("SELECT pg_sleep(0.1)"))

            _run(sales, change)
            with db.engine.connect() as conn:
                assert activity.window_in_use(conn) == window
            _assert_kept_is_history(db)
    finally:
        db.dispose()
