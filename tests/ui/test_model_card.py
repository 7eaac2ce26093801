"""Settings › Purchase model: the card, "Retrain now" through the executor, the monthly retrain."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.models import Contact, PurchaseModel
from dealercrm.models.enums import ContactKind
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.settings.model_card import ModelCardTab, retrainer


def _card(qtbot: QtBot, ctx: AppContext) -> ModelCardTab:
    tab = ModelCardTab(ctx, on_error=lambda message: (_ for _ in ()).throw(AssertionError(message)))
    qtbot.addWidget(tab)
    tab.resize(1100, 560)
    tab.show()
    tab.load()
    return tab


def test_the_card_says_when_there_is_no_model_and_retrains_on_demand(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], manager: Actor
) -> None:
    with db.session_factory.begin() as session:
        session.add(
            Contact(
                kind=ContactKind.PERSON,
                last_name="Seul",
                created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
        )
    tab = _card(qtbot, make_ctx(manager))
    assert "never been trained" in tab.status.text()
    assert tab.plot.pixmap() is not None and not tab.plot.pixmap().isNull()  # the empty diagram
    assert tab.retrain_button.isEnabled() and not tab.cancel_button.isEnabled()
    with qtbot.waitSignal(tab.retrained) as signal:
        qtbot.mouseClick(tab.retrain_button, Qt.MouseButton.LeftButton)
    assert "too little history" in signal.args[0]
    assert "Too little history" in tab.status.text() and "200" in tab.status.text()
    assert tab.retrain_button.isEnabled() and not tab.runner.running
    with db.session_factory() as session:
        assert len(session.scalars(select(PurchaseModel)).all()) == 1


def test_monthly_retrain_runs_only_when_the_model_is_old(
    qtbot: QtBot, db: Database, make_ctx: Callable[[Actor], AppContext], manager: Actor, salesperson: Actor
) -> None:
    retrainer(make_ctx(salesperson)).retrain_if_due()  # not allowed to train: nothing happens
    with db.session_factory() as session:
        assert session.scalars(select(PurchaseModel)).first() is None
    runner = retrainer(make_ctx(manager))
    runner.retrain_if_due()  # never trained: trains
    runner.retrain_if_due()  # trained just now: does not train again
    with db.session_factory() as session:
        assert len(session.scalars(select(PurchaseModel)).all()) == 1
