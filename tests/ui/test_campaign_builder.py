"""The campaign builder: compliance check per rule with the excluded contacts, freeze, split; results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import QAbstractButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from dealercrm.db import Database
from dealercrm.models import Campaign, CampaignTarget
from dealercrm.models.enums import CampaignStatus, Channel, ConsentStatus, Lifecycle, Role, TargetStatus
from dealercrm.services.permissions import Actor
from dealercrm.ui.campaigns.builder_dialog import CampaignBuilderDialog
from dealercrm.ui.campaigns.results_view import ResultsDialog
from dealercrm.ui.context import AppContext
from dealercrm.ui.workers import Executor
from tests.unit.test_compliance import consent, person


def test_check_shows_each_rule_and_the_excluded_contacts_then_freeze_and_split(
    qtbot: QtBot,
    db: Database,
    marketing: Actor,
    make_user: Callable[..., Actor],
    make_ctx: Callable[[Actor], AppContext],
) -> None:
    for n in range(2):
        make_user(Role.SALESPERSON, display_name=f"Caller {n}")
    kept = [person(db) for _ in range(4)]
    for cid in kept:
        consent(db, cid, Channel.PHONE, ConsentStatus.GRANTED)
    person(db, last_name="Sanstel", mobile=None)
    person(db, last_name="Sansaccord")
    person(db, lifecycle=Lifecycle.CUSTOMER)  # outside the target

    dialog = CampaignBuilderDialog(make_ctx(marketing))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Relance prospects")
    dialog.lifecycle_combo.setCurrentIndex(dialog.lifecycle_combo.findData(Lifecycle.PROSPECT))
    dialog.cost_table.item(0, 1).setText("250")
    assert dialog.total_label.text() == "Total: €250"
    assert dialog.filters() == {"lifecycle": ["prospect"]}

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)

    assert dialog.summary_label.text() == "6 contacts match · 4 kept · 2 removed by the law"
    rules = {dialog.rules_table.item(r, 0).text(): dialog.rules_table.item(r, 1).text() for r in range(7)}
    assert rules["No address or number for this channel"] == "1"
    assert rules["No consent for this channel and purpose"] == "1"
    assert rules["On the Bloctel list, no ongoing contract"] == "0"
    assert "no list imported" in dialog.bloctel_label.text()
    names = {dialog.exclusions_table.item(r, 0).text() for r in range(dialog.exclusions_table.rowCount())}
    assert names == {"Paul Sanstel", "Paul Sansaccord"}
    # Selecting a rule shows only the contacts it removed, with the reason.
    dialog.rules_table.selectRow(3)
    assert dialog.exclusions_table.rowCount() == 1
    assert dialog.exclusions_table.item(0, 0).text() == "Paul Sansaccord"
    assert "no phone prospecting consent" in dialog.exclusions_table.item(0, 2).text()

    with qtbot.waitSignal(dialog.campaign_frozen):
        dialog.freeze_now()
    assert dialog.status is CampaignStatus.FROZEN and not dialog.freeze_button.isEnabled()
    for i in range(dialog.callers_list.count()):
        dialog.callers_list.item(i).setCheckState(
            Qt.CheckState.Checked
            if dialog.callers_list.item(i).text().startswith("Caller")
            else Qt.CheckState.Unchecked
        )
    dialog.split_combo.setCurrentIndex(1)  # round-robin
    dialog.split()
    assert dialog.split_label.text() in ("Caller 0: 2 · Caller 1: 2", "Caller 1: 2 · Caller 0: 2")
    with db.session_factory() as s:
        campaign = s.scalars(select(Campaign)).one()
        assert (campaign.name, campaign.status, campaign.cost) == (
            "Relance prospects",
            CampaignStatus.FROZEN,
            250,
        )
        statuses = sorted(t.status for t in s.scalars(select(CampaignTarget)))
        assert statuses.count(TargetStatus.PENDING) == 4 and statuses.count(TargetStatus.EXCLUDED) == 2


def test_results_dialog_exports(
    qtbot: QtBot, db: Database, manager: Actor, make_ctx: Callable[[Actor], AppContext], tmp_path: Path
) -> None:
    from tests.unit.test_campaigns_service import add_campaign

    add_campaign(db, name="Spring")
    dialog = ResultsDialog(make_ctx(manager))
    qtbot.addWidget(dialog)
    assert dialog.campaign_combo.count() == 1 and dialog.tiles["targeted"].text() == "0"
    with qtbot.waitSignal(dialog.chart.drawn, timeout=10000):  # built and drawn on the charts' thread
        dialog.show()
    assert dialog.chart.image is not None
    dialog.export_csv(str(tmp_path / "c.csv"))
    assert (tmp_path / "c.csv").read_text().startswith("campaign,kind")
    dialog.setProperty("no_open", True)
    dialog.export_pdf(str(tmp_path / "c.pdf"))
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")


def test_save_draft_pressed_twice_saves_one_campaign(
    qtbot: QtBot,
    db: Database,
    marketing: Actor,
    threaded: Executor,
    double_click: Callable[[QAbstractButton, SignalInstance], None],
) -> None:
    """With the app's threaded executor, a double click on "Save draft" creates one campaign."""
    dialog = CampaignBuilderDialog(AppContext(db=db, actor=marketing, executor=threaded, language="en"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("Relance prospects")

    double_click(dialog.save_button, dialog.campaign_saved)

    with db.session_factory() as s:
        assert s.execute(select(func.count()).select_from(Campaign)).scalar_one() == 1
    assert dialog.save_button.isEnabled()  # and it can be saved again
