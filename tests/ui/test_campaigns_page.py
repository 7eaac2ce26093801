"""CampaignsPage: the list with SQL counts, selecting a campaign shows its targets, filters."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from dealercrm.db import Database
from dealercrm.models.enums import CallOutcome, CampaignStatus, TargetStatus
from dealercrm.services.permissions import Actor
from dealercrm.ui.campaigns.page import CampaignsPage
from dealercrm.ui.context import AppContext
from dealercrm.ui.workers import SyncExecutor
from tests.unit.test_campaigns_service import REACHED, add_campaign, add_target
from tests.unit.test_vehicles_service import add_contact


def make_page(qtbot: QtBot, db: Database, actor: Actor) -> CampaignsPage:
    page = CampaignsPage(AppContext(db=db, actor=actor, executor=SyncExecutor()))
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    return page


def test_campaigns_with_counts_and_their_targets(
    qtbot: QtBot, db: Database, marketing: Actor, salesperson: Actor
) -> None:
    running = add_campaign(db, name="Lease renewal", owner_id=marketing.id)
    add_campaign(db, name="Open house", status=CampaignStatus.DRAFT)
    durand = add_contact(db, last_name="Durand")
    add_target(
        db,
        running,
        durand,
        assigned_user_id=salesperson.id,
        status=TargetStatus.DONE,
        reached_at=REACHED,
        last_outcome=CallOutcome.APPOINTMENT,
        attempts=2,
    )
    add_target(db, running, add_contact(db, last_name="Petit"))
    add_target(
        db,
        running,
        add_contact(db, last_name="Roux"),
        status=TargetStatus.EXCLUDED,
        excluded_reason="bloctel",
    )
    page = make_page(qtbot, db, marketing)

    titles = [c.title for c in page.campaign_columns]
    row = [r.name for r in page.campaign_model.rows()].index("Lease renewal")
    cell = lambda title: page.campaign_model.index(row, titles.index(title)).data()  # noqa: E731
    assert (cell("Targets"), cell("Reached"), cell("Appointments")) == ("2", "1 (50%)", "1")
    assert cell("Cost") == "€1,400"
    assert page.summary_label.text() == "1 campaign running"

    page.campaign_table.selectRow(row)

    assert page.targets_title.text() == "Targets of “Lease renewal”"
    assert page.target_model.rowCount() == 3
    first = page.target_model.rows()[0]
    assert (first.contact_id, first.assigned_name, first.last_outcome) == (
        durand,
        "Julie Vendeuse",
        CallOutcome.APPOINTMENT,
    )

    page.target_status_combo.setCurrentIndex(page.target_status_combo.findText("Excluded"))
    status_column = [c.title for c in page.target_columns].index("Status")
    assert page.target_model.rowCount() == 1
    assert (
        page.target_model.index(0, status_column).data()
        == "Excluded: On the Bloctel list, no ongoing contract"
    )

    with qtbot.waitSignal(page.open_requested) as signal:
        page.target_table.selectRow(0)
        page.target_table.doubleClicked.emit(page.target_model.index(0, 0))
    assert signal.args[0] == "contact"


def test_empty_states_say_what_to_do(qtbot: QtBot, db: Database, manager: Actor) -> None:
    page = make_page(qtbot, db, manager)
    assert page.campaign_stack.currentWidget() is page.campaign_empty
    assert "No campaign yet" in page.campaign_empty.text()
    assert "Select a campaign" in page.target_empty.text()

    add_campaign(db, name="Spring", status=CampaignStatus.FROZEN)
    page.refresh()
    assert page.campaign_model.rowCount() == 1
    assert "no target yet" in page.target_empty.text()  # the first campaign is selected: no list built

    page.status_combo.setCurrentIndex(page.status_combo.findText("Done"))
    assert page.campaign_model.rowCount() == 0
    assert "All campaigns" in page.campaign_empty.text()


def test_open_record_selects_the_campaign(qtbot: QtBot, db: Database, manager: Actor) -> None:
    add_campaign(db, name="A")
    wanted = add_campaign(db, name="B")
    page = make_page(qtbot, db, manager)
    page.open_record(wanted)
    assert page.targets_title.text() == "Targets of “B”"


def test_with_the_threaded_executor_the_targets_show_and_follow_their_filter(
    qtbot: QtBot, db: Database, marketing: Actor
) -> None:
    """The targets are fetched off the GUI thread: no "no target" while their first page is on its way,
    then they show, and the status filter brings its own list (or says none has that status)."""
    from dealercrm.ui.workers import Executor

    running = add_campaign(db, name="Lease renewal", owner_id=marketing.id)
    add_target(db, running, add_contact(db, last_name="Petit"))
    add_target(db, running, add_contact(db, last_name="Roux"), status=TargetStatus.DONE, reached_at=REACHED)
    executor = Executor()
    page = CampaignsPage(AppContext(db=db, actor=marketing, executor=executor))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.targets_title.text() == "Targets of “Lease renewal”")
    assert page.target_stack.currentWidget() is page.target_table  # loading or loaded, never "no target"
    qtbot.waitUntil(lambda: page.target_model.rowCount() == 2)

    page.target_status_combo.setCurrentIndex(page.target_status_combo.findText("Done"))
    qtbot.waitUntil(lambda: page.target_model.rowCount() == 1)
    page.target_status_combo.setCurrentIndex(page.target_status_combo.findText("Excluded"))
    qtbot.waitUntil(lambda: page.target_stack.currentWidget() is page.target_empty)
    qtbot.waitUntil(lambda: not executor.busy)  # every answer in: no query runs on after the test
    assert page.target_model.rowCount() == 0
    assert page.target_empty.text() == "No target has this status."
