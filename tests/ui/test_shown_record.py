"""ShownRecord: the record a page's detail pane shows, read off the GUI thread, an answer for a record the
user has left dropped."""

from __future__ import annotations

from dataclasses import dataclass

from pytestqt.qtbot import QtBot

from dealercrm.ui.context import AppContext
from dealercrm.ui.widgets.page import Page, ShownRecord


@dataclass(frozen=True)
class _Row:
    id: int


@dataclass(frozen=True)
class _Detail:
    row: _Row


def test_the_record_opened_is_read_and_shown_an_answer_for_another_is_dropped(
    qtbot: QtBot, ctx: AppContext
) -> None:
    page = Page(ctx)
    qtbot.addWidget(page)
    asked: list[int] = []
    shown: list[int] = []

    def get(record_id: int) -> _Detail:
        asked.append(record_id)
        return _Detail(_Row(record_id))

    record = ShownRecord(page, get, lambda d: shown.append(d.row.id))
    record.reload()  # nothing open yet
    assert asked == [] and record.id is None

    record.open(7)  # the test executor answers at once
    assert (asked, shown, record.id) == ([7], [7], 7)
    record.reload_if_touched({"vehicle": frozenset({8})}, "vehicle")
    record.reload_if_touched({"claim": frozenset({7})}, "vehicle")
    assert asked == [7]  # neither change concerns vehicle 7
    record.reload_if_touched({"vehicle": None}, "vehicle")  # every vehicle changed
    assert asked == [7, 7]

    record.show_if_open(_Detail(_Row(3)))  # an answer about a record the user has left
    assert shown == [7, 7]
    record.show_now(_Detail(_Row(3)))  # a save's answer opens its record
    assert (record.id, shown) == (3, [7, 7, 3])
