"""The app's own consistency rules, checked by `dealercrm db check` (beyond SQLite's integrity check)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.models import Claim, Contact, Sale, Vehicle
from dealercrm.models.enums import ClaimStatus, Lifecycle, StockStatus


@dataclass(frozen=True)
class Finding:
    rule: str
    count: int
    message: str


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(query) or 0)


RULES: tuple[tuple[str, str, Callable[[], Select[Any]]], ...] = (
    (
        "sale_margin",
        "{n} sale(s) whose margin is not price minus cost",
        lambda: select(func.count()).select_from(Sale).where(Sale.margin != Sale.price - Sale.cost),
    ),
    (
        "customer_without_sale",
        "{n} contact(s) marked customer with no sale recorded",
        lambda: (
            select(func.count())
            .select_from(Contact)
            .where(
                Contact.lifecycle == Lifecycle.CUSTOMER,
                Contact.erased_at.is_(None),
                ~exists().where(Sale.contact_id == Contact.id),
            )
        ),
    ),
    (
        "sold_vehicle_in_stock",
        "{n} vehicle(s) still in stock although their last sale is recorded",
        lambda: (
            select(func.count())
            .select_from(Vehicle)
            .where(
                Vehicle.stock_status.in_([StockStatus.IN_STOCK, StockStatus.RESERVED]),
                exists().where(
                    and_(
                        Sale.vehicle_id == Vehicle.id,
                        ~exists().where(Sale.trade_in_vehicle_id == Vehicle.id),
                    )
                ),
            )
        ),
    ),
    (
        "closed_claim_without_date",
        "{n} closed claim(s) without a closing date",
        lambda: (
            select(func.count())
            .select_from(Claim)
            .where(Claim.status == ClaimStatus.CLOSED, Claim.closed_at.is_(None))
        ),
    ),
)


def check(session_factory: sessionmaker[Session]) -> list[Finding]:
    """Every rule that finds something, with a sentence saying what; empty when the data is consistent."""
    findings: list[Finding] = []
    with session_factory() as session:
        for rule, message, query in RULES:
            n = _count(session, query())
            if n:
                findings.append(Finding(rule, n, message.format(n=n)))
    return findings
