"""The screens' day is the dealership's (the one clock in its time zone), not the computer's: at 23:30
UTC a Paris dealership is already on the next day, and the dialogs offer and accept that day."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from pytestqt.qtbot import QtBot

from dealercrm.models.enums import StockStatus
from dealercrm.services import settings
from dealercrm.services.permissions import Actor
from dealercrm.services.vehicles import VehicleService
from dealercrm.ui.context import AppContext
from dealercrm.ui.vehicles.service_visit_dialog import ServiceVisitDialog
from tests.unit.test_vehicles_service import add_contact, add_vehicle

LATE = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def late(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "utcnow", lambda: LATE)  # the one clock, as AppContext.today reads it


@pytest.mark.usefixtures("late")
def test_the_day_follows_the_dealerships_zone(ctx: AppContext) -> None:
    assert dataclasses.replace(ctx, timezone=ZoneInfo("Europe/Paris")).today() == dt.date(2026, 12, 7)
    assert dataclasses.replace(ctx, timezone=ZoneInfo("America/Martinique")).today() == dt.date(2026, 12, 6)


@pytest.mark.usefixtures("late")
def test_a_visit_can_be_logged_on_the_dealerships_today(
    qtbot: QtBot, aftersales: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    ctx = dataclasses.replace(make_ctx(aftersales), timezone=ZoneInfo("Europe/Paris"))
    owner = add_contact(ctx.db)
    car = add_vehicle(ctx.db, stock_status=StockStatus.CUSTOMER_OWNED, owner_contact_id=owner)
    vehicle = ctx.service(VehicleService).get(vehicle_id=car)
    dialog = ServiceVisitDialog(ctx, vehicle)
    qtbot.addWidget(dialog)
    shown = dialog.date_edit.date()
    assert (shown.year(), shown.month(), shown.day()) == (2026, 12, 7)
    latest = dialog.date_edit.maximumDate()
    assert (latest.year(), latest.month(), latest.day()) == (2026, 12, 7)
