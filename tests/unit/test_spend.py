"""Marketing spend: the year grid, saving, refusals, the audit log, importing CSV/XLSX files, and the
CAC that uses it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import AuditEntry, MarketingSpend
from dealercrm.models.enums import AuditAction, Role, SourceChannel, SpendChannel
from dealercrm.services.errors import PermissionDenied, ValidationError
from dealercrm.services.kpi import KpiService, Period
from dealercrm.services.permissions import Actor
from dealercrm.services.spend import (
    MarketingSpendService,
    SpendFileError,
    cell_key,
    parse_amount,
    parse_channel,
    parse_month,
)
from dealercrm.services.validation import InvalidValue

WEB, SOCIAL, EVENT = SpendChannel.WEBSITE, SpendChannel.SOCIAL, SpendChannel.EVENT


@pytest.fixture
def service(db: Database, manager: Actor) -> MarketingSpendService:
    return MarketingSpendService(db.session_factory, actor=manager)


def stored(db: Database) -> dict[tuple[SpendChannel, dt.date], Decimal]:
    with db.session_factory() as session:
        return {(SpendChannel(r.channel), r.month): r.amount for r in session.scalars(select(MarketingSpend))}


def test_the_grid_has_every_channel_twelve_months_and_last_year(
    db: Database, service: MarketingSpendService
) -> None:
    service.save(year=2025, cells={(WEB, 3): Decimal("900"), (SOCIAL, 12): Decimal("50.5")})
    service.save(
        year=2026, cells={(WEB, 3): Decimal("1234.50"), (WEB, 4): Decimal("100"), (EVENT, 3): Decimal("0")}
    )
    grid = service.grid(year=2026)
    assert [r.channel for r in grid.rows] == list(SpendChannel)
    web = grid.row(WEB)
    assert len(web.amounts) == 12 and web.amount(3) == Decimal("1234.50") and web.amount(5) is None
    assert web.total == Decimal("1334.50") and web.last_year_total == Decimal("900.00")
    assert web.last_year[2] == Decimal("900.00")
    assert grid.row(SOCIAL).last_year[11] == Decimal("50.50")
    assert grid.month_total(3) == Decimal("1234.50") and grid.last_year_month_total(12) == Decimal("50.50")
    assert grid.total == Decimal("1334.50") and grid.last_year_total == Decimal("950.50")
    assert grid.cells()[(EVENT, 3)] == Decimal("0.00")


def test_saving_creates_updates_removes_and_leaves_other_cells(
    db: Database, service: MarketingSpendService
) -> None:
    first = service.save(year=2026, cells={(WEB, 1): Decimal("10"), (WEB, 2): Decimal("20")})
    assert (first.created, first.updated, first.removed) == (2, 0, 0)
    again = service.save(year=2026, cells={(WEB, 1): Decimal("15"), (WEB, 2): None, (SOCIAL, 6): None})
    assert (again.created, again.updated, again.removed) == (0, 1, 1)
    assert stored(db) == {(WEB, dt.date(2026, 1, 1)): Decimal("15.00")}
    assert service.save(year=2026, cells={(WEB, 1): Decimal("15.00")}).changed == 0


def test_bad_amounts_refuse_the_whole_save(db: Database, service: MarketingSpendService) -> None:
    with pytest.raises(ValidationError) as caught:
        service.save(
            year=2026,
            cells={
                (WEB, 1): Decimal("-1"),
                (WEB, 2): Decimal("1.234"),
                (WEB, 13): Decimal("1"),
                (SOCIAL, 1): Decimal("5"),
            },
        )
    assert set(caught.value.errors) == {cell_key(WEB, 1), cell_key(WEB, 2), cell_key(WEB, 13)}
    assert stored(db) == {}


def test_only_managers_and_administrators(
    db: Database, make_user: Callable[..., Actor], admin: Actor
) -> None:
    for role in (Role.SALESPERSON, Role.MARKETING, Role.AFTERSALES):
        refused = MarketingSpendService(db.session_factory, actor=make_user(role))
        with pytest.raises(PermissionDenied):
            refused.grid(year=2026)
        with pytest.raises(PermissionDenied):
            refused.save(year=2026, cells={(WEB, 1): Decimal("1")})
        with pytest.raises(PermissionDenied):
            refused.import_rows([(2, ("2026-01", "web", "1"))])
    MarketingSpendService(db.session_factory, actor=admin).save(year=2026, cells={(WEB, 1): Decimal("1")})


def test_every_change_is_audited(db: Database, service: MarketingSpendService, manager: Actor) -> None:
    service.save(year=2026, cells={(WEB, 1): Decimal("10")})
    service.save(year=2026, cells={(WEB, 1): Decimal("12")})
    service.save(year=2026, cells={(WEB, 1): None})
    with db.session_factory() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "marketing_spend").order_by(AuditEntry.id)
        ).all()
    assert [e.action for e in entries] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    assert all(e.user_login == manager.login for e in entries)
    assert entries[1].changes["amount"] == ["10.00", "12.00"]


# Parsing ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-03", dt.date(2026, 3, 1)),
        ("2026-3", dt.date(2026, 3, 1)),
        ("03/2026", dt.date(2026, 3, 1)),
        ("3/2026", dt.date(2026, 3, 1)),
        ("15/03/2026", dt.date(2026, 3, 1)),
        ("2026-03-15", dt.date(2026, 3, 1)),
        (dt.datetime(2026, 3, 1, 0, 0), dt.date(2026, 3, 1)),
    ],
)
def test_months(text: object, month: dt.date) -> None:
    assert parse_month(text) == month


@pytest.mark.parametrize("text", ["2026-13", "13/2026", "mars 2026", "", "2026"])
def test_not_months(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_month(text)


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("website", WEB),
        ("Site web", WEB),
        ("SITE WEB", WEB),
        ("Réseaux sociaux", SOCIAL),
        ("reseaux sociaux", SOCIAL),
        ("Événement", EVENT),
        ("evenement", EVENT),
        ("Walk-in", SpendChannel.WALK_IN),
        ("Passage en concession", SpendChannel.WALK_IN),
        ("walk_in", SpendChannel.WALK_IN),
        ("Téléphone", SpendChannel.PHONE),
        ("Recommandation", SpendChannel.REFERRAL),
        ("Campagne", SpendChannel.CAMPAIGN),
        ("Autre", SpendChannel.OTHER),
    ],
)
def test_channels_by_value_or_label(text: str, channel: SpendChannel) -> None:
    assert parse_channel(text) is channel


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234,50", "1234.50"),
        ("1\u202f234,50 €", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1234.5", "1234.50"),
        ("1.234,50", "1234.50"),
        ("300", "300.00"),
        (1234.5, "1234.50"),
        (12, "12.00"),
    ],
)
def test_amounts_in_french_or_english(text: object, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@given(cents=st.integers(0, 99_999_999_99))
def test_french_amounts_read_back(cents: int) -> None:
    euros, rest = divmod(cents, 100)
    french = f"{euros:,}".replace(",", "\u202f") + f",{rest:02}"
    english = f"{euros:,}.{rest:02}"
    assert parse_amount(french) == parse_amount(english) == Decimal(cents) / 100


# Importing ----------------------------------------------------------------------------------------------
def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_csv_french_with_bad_rows_reported(
    db: Database, service: MarketingSpendService, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "depenses.csv",
        "Mois;Canal;Montant\r\n"
        "2026-03;Site web;1 234,50\r\n"
        "03/2026;Réseaux sociaux;300\r\n"
        "2026-13;Site web;10\r\n"
        "2026-04;Télé;10\r\n"
        "2026-04;Site web;-5\r\n"
        "2026-04;;5\r\n"
        "\r\n"
        "04/2026;EVENEMENT;99,90\r\n"
        "2026-03;site web;100\r\n",
        "cp1252",
    )
    result = service.import_file(path=path)
    assert result.rows == 8 and result.imported == 4
    assert [(i.line, i.message) for i in result.rejected] == [
        (4, "'2026-13' is not a month (YYYY-MM or MM/YYYY)"),
        (5, "'Télé' is not a known channel"),
        (6, "'-5' is negative"),
        (7, "no channel"),
    ]
    assert stored(db) == {
        (WEB, dt.date(2026, 3, 1)): Decimal("1334.50"),  # two rows of one month are added up
        (SOCIAL, dt.date(2026, 3, 1)): Decimal("300.00"),
        (EVENT, dt.date(2026, 4, 1)): Decimal("99.90"),
    }
    # Importing the same file again replaces, it does not add.
    again = service.import_file(path=path)
    assert again.changes.changed == 0 and len(again.rejected) == 4
    assert "4 imported, 4 rejected" in again.summary()


def test_import_csv_english_comma_separated_in_any_column_order(
    db: Database, service: MarketingSpendService, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "spend.csv",
        '\ufeffamount,notes,channel,month\n"1,500.00",listings,website,2026-01\n75.25,,Social,02/2026\n',
    )
    result = service.import_file(path=path)
    assert result.rejected == () and result.changes.created == 2
    assert stored(db) == {
        (WEB, dt.date(2026, 1, 1)): Decimal("1500.00"),
        (SOCIAL, dt.date(2026, 2, 1)): Decimal("75.25"),
    }


def test_import_without_header_takes_the_first_three_columns(
    db: Database, service: MarketingSpendService, tmp_path: Path
) -> None:
    path = write(tmp_path / "spend.csv", "2026-01;website;10\n2026-02;website;20\n")
    result = service.import_file(path=path)
    assert result.rows == 2 and result.rejected == ()
    assert stored(db)[(WEB, dt.date(2026, 2, 1))] == Decimal("20.00")


def test_import_xlsx(db: Database, service: MarketingSpendService, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Month", "Channel", "Amount"])
    sheet.append([dt.datetime(2026, 5, 1), "Website", 1234.5])
    sheet.append(["06/2026", "Réseaux sociaux", "1 000,00"])
    sheet.append(["2026-07", "Nowhere", 5])
    book.save(tmp_path / "spend.xlsx")
    result = service.import_file(path=tmp_path / "spend.xlsx")
    assert [(i.line, i.message) for i in result.rejected] == [(4, "'Nowhere' is not a known channel")]
    assert stored(db) == {
        (WEB, dt.date(2026, 5, 1)): Decimal("1234.50"),
        (SOCIAL, dt.date(2026, 6, 1)): Decimal("1000.00"),
    }


def test_a_file_that_is_not_a_table(service: MarketingSpendService, tmp_path: Path) -> None:
    with pytest.raises(SpendFileError):
        service.import_file(path=tmp_path / "missing.csv")
    with pytest.raises(SpendFileError):
        service.import_file(path=write(tmp_path / "one.csv", "just one column\nfoo\n"))


# The CAC uses it ------------------------------------------------------------------------------------------
def test_entered_spend_flows_into_the_cac_per_channel(db: Database, make_user: Callable[..., Actor]) -> None:
    from tests.unit.test_kpi_figures import build_acquisition_world

    # The acquisition world: website 1 000 € in March, one new website customer (A, 20 March).
    manager = build_acquisition_world(db, make_user).manager
    kpi = KpiService(db.session_factory, actor=manager)
    before = kpi.figures(period=Period.month(2026, 3)).channel(SourceChannel.WEBSITE)
    MarketingSpendService(db.session_factory, actor=manager).save(
        year=2026, cells={(WEB, 3): Decimal("2500")}
    )
    after = kpi.figures(period=Period.month(2026, 3)).channel(SourceChannel.WEBSITE)
    assert before.new_customers == after.new_customers == 1
    assert before.cac == Decimal("1000.00") and after.cac == Decimal("2500.00")
    # 10-20 March: 11/31 of 2 500 €, rounded cumulatively (docs/KPI.md): 1 612,90 − 725,81 = 887,09 €;
    # A is a new customer of those days.
    part = kpi.figures(period=Period.days(dt.date(2026, 3, 10), dt.date(2026, 3, 20)))
    website = part.channel(SourceChannel.WEBSITE)
    assert website.spend == Decimal("887.09") and website.cac == Decimal("887.09")
