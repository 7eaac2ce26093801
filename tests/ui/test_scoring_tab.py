"""Settings › Lead scoring: weights edited, saved through the service layer, every contact rescored."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models import Contact, Interaction, Opportunity, utcnow
from dealercrm.models.enums import ContactKind, InteractionType, Stage
from dealercrm.services.permissions import Actor
from dealercrm.services.progress import Progress
from dealercrm.services.scoring import DEFAULT_WEIGHTS, RefreshSummary, ScoringService
from dealercrm.services.settings import SettingsService
from dealercrm.ui.context import AppContext
from dealercrm.ui.settings import scoring_tab
from dealercrm.ui.settings.page import SettingsPage
from dealercrm.ui.settings.scoring_tab import ScoringTab
from dealercrm.ui.workers import SyncExecutor


def make_tab(qtbot: QtBot, db: Database, actor: Actor) -> tuple[SettingsPage, ScoringTab]:
    page = SettingsPage(AppContext(db=db, actor=actor, executor=SyncExecutor(), language="en"))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    assert page.scoring is not None
    page.tabs.setCurrentWidget(page.scoring)
    return page, page.scoring


def add_contacts(db: Database) -> dict[str, int]:
    """Three contacts whose scores depend on different rules."""
    now = utcnow()
    with db.session_factory.begin() as session:
        hot = Contact(kind=ContactKind.PERSON, last_name="Offer", budget=Decimal(25000))
        warm = Contact(kind=ContactKind.PERSON, last_name="Qualified")
        cold = Contact(kind=ContactKind.PERSON, last_name="Nothing")
        session.add_all([hot, warm, cold])
        session.flush()
        session.add_all(
            [
                Opportunity(contact_id=hot.id, title="3008 hybride", stage=Stage.OFFER),
                Interaction(
                    contact_id=hot.id,
                    type=InteractionType.TEST_DRIVE,
                    occurred_at=now - dt.timedelta(days=10),
                ),
                Opportunity(contact_id=warm.id, title="208", stage=Stage.QUALIFIED),
            ]
        )
        session.flush()
        return {"hot": hot.id, "warm": warm.id, "cold": cold.id}


def scores(db: Database, actor: Actor, ids: dict[str, int]) -> dict[str, int | None]:
    service = ScoringService(db.session_factory, actor=actor)
    return {name: service.get(contact_id=cid).score for name, cid in ids.items()}


def test_one_spin_box_per_rule_showing_the_weights_in_force(
    qtbot: QtBot, db: Database, manager: Actor
) -> None:
    SettingsService(db.session_factory, actor=manager).set_many(values={"scoring.weights": {"lost": -40}})
    _page, tab = make_tab(qtbot, db, manager)
    assert set(tab.spins) == set(DEFAULT_WEIGHTS)
    assert tab.spins["lost"].value() == -40
    assert tab.spins["base"].value() == DEFAULT_WEIGHTS["base"]
    assert not tab.is_dirty()


def test_change_a_weight_then_save_and_rescore(qtbot: QtBot, db: Database, manager: Actor) -> None:
    ids = add_contacts(db)
    ScoringService(db.session_factory, actor=manager).refresh_all()
    before = scores(db, manager, ids)
    page, tab = make_tab(qtbot, db, manager)

    tab.spins["stage_offer"].setValue(45)
    tab.spins["stage_qualified"].setValue(5)
    assert tab.is_dirty() and "save" in tab.state_label.text().lower()
    with qtbot.waitSignal(page.status_message) as status:
        tab.save_button.click()

    assert status.args == ["Scoring weights saved; 3 contacts rescored."]
    stored = SettingsService(db.session_factory, actor=manager).get("scoring.weights")
    assert stored == {"stage_offer": 45, "stage_qualified": 5}
    after = scores(db, manager, ids)
    assert after["hot"] == before["hot"] + 20  # type: ignore[operator]
    assert after["warm"] == before["warm"] - 10  # type: ignore[operator]
    assert after["cold"] == before["cold"]
    assert tab.progress_dialog is None and tab.save_button.isEnabled() and not tab.is_dirty()

    tab.restore_defaults()
    assert tab.spins["stage_offer"].value() == DEFAULT_WEIGHTS["stage_offer"] and tab.is_dirty()
    tab.save_button.click()
    assert SettingsService(db.session_factory, actor=manager).get("scoring.weights") == {}
    assert scores(db, manager, ids) == before


def test_stopping_the_rescore_keeps_the_weights_and_says_how_far_it_went(
    qtbot: QtBot, db: Database, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def stopped_midway(self: ScoringService, *, progress: Progress | None = None) -> RefreshSummary:
        assert progress is not None
        progress.update(2000, 3500)
        progress.cancel()  # as the dialog's Cancel button does
        progress.update(4000, 3500)
        raise AssertionError("not reached")

    monkeypatch.setattr(scoring_tab.ScoringService, "refresh_all", stopped_midway)
    _page, tab = make_tab(qtbot, db, manager)
    tab.spins["budget_stated"].setValue(30)
    with qtbot.waitSignal(tab.rescored) as status:
        tab.save_button.click()
    assert "stopped with at least 2,000 contacts rescored" in status.args[0]
    assert SettingsService(db.session_factory, actor=manager).get("scoring.weights") == {"budget_stated": 30}
    assert tab.save_button.isEnabled() and tab.progress_dialog is None


def test_refused_save_shows_the_error_and_rescores_nothing(
    qtbot: QtBot, db: Database, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    rescored: list[bool] = []
    monkeypatch.setattr(scoring_tab.ScoringService, "refresh_all", lambda *a, **k: rescored.append(True))
    monkeypatch.setattr(
        scoring_tab.SettingsService,
        "set_many",
        lambda *a, **k: (_ for _ in ()).throw(
            scoring_tab.ValidationError({"scoring.weights": "expected dict"})
        ),
    )
    _page, tab = make_tab(qtbot, db, manager)
    tab.spins["purchase"].setValue(12)
    tab.save_button.click()
    assert tab.form_error.isVisibleTo(tab) and "expected dict" in tab.form_error.text()
    assert rescored == [] and tab.save_button.isEnabled() and tab.is_dirty()
