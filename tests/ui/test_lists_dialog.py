"""Opt-outs and Bloctel: the Bloctel file stores hashes only and dates the list; opt-outs by hand and
from a file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from dealercrm.db import Database
from dealercrm.models import BloctelEntry, SuppressionEntry
from dealercrm.services.permissions import Actor
from dealercrm.services.suppression import SuppressionService, sha256_hex
from dealercrm.ui.campaigns.lists_dialog import ListsDialog
from dealercrm.ui.context import AppContext


def make_dialog(qtbot: QtBot, ctx: AppContext) -> ListsDialog:
    dialog = ListsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_bloctel_import_stores_only_hashes_and_dates_the_list(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext], tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, make_ctx(marketing))
    assert dialog.bloctel_label.text() == "No Bloctel list imported yet."
    assert dialog.bloctel_warning.isVisible()
    hashed = sha256_hex("+33699887766")
    file = tmp_path / "bloctel.csv"
    file.write_text(
        "numero\n06 12 34 56 78\n+33 7 11 22 33 44\n" + hashed + "\nnot a number\n", encoding="utf-8"
    )

    dialog.import_bloctel_file(file)

    with db.session_factory() as s:
        stored = set(s.scalars(select(BloctelEntry.number_hash)))
        dump = " ".join(str(r) for r in s.execute(text("SELECT * FROM bloctel_numbers")).all())
    assert stored == {sha256_hex("+33612345678"), sha256_hex("+33711223344"), hashed}
    assert "0612345678" not in dump and "612345678" not in dump.replace(sha256_hex("+33612345678"), "")
    assert dialog.bloctel_label.text().startswith("3 numbers, imported on ")
    assert "(0 days ago)" in dialog.bloctel_label.text()
    assert "not a number" in dialog.bloctel_warning.text()  # the rejected line is reported
    dialog.grab().save("/tmp/shots/lists_dialog.png")


def test_old_bloctel_list_is_warned_about(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext]
) -> None:
    SuppressionService(db.session_factory, actor=marketing).import_bloctel(
        text="0612345678\n", imported_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=31)
    )
    dialog = make_dialog(qtbot, make_ctx(marketing))
    assert "(31 days ago)" in dialog.bloctel_label.text()
    assert dialog.bloctel_warning.isVisible() and "Older than 30 days" in dialog.bloctel_warning.text()


def test_opt_outs_by_hand_and_from_a_file(
    qtbot: QtBot, db: Database, marketing: Actor, make_ctx: Callable[[Actor], AppContext], tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, make_ctx(marketing))
    dialog.value_edit.setText("06 11 22 33 44")
    dialog.add_button.click()
    assert "Added" in dialog.opt_out_label.text() and dialog.value_edit.text() == ""
    dialog.value_edit.setText("0611223344")
    dialog.check_button.click()
    assert "is on the suppression list" in dialog.opt_out_label.text()
    dialog.value_edit.setText("pas-une-adresse")
    dialog.add_button.click()
    assert "not a valid" in dialog.opt_out_label.text()

    file = tmp_path / "stop.txt"
    file.write_text("email\nLea@Ex.fr\n06 11 22 33 44\n+33 6 55 44 33 22\n???\n", encoding="latin-1")
    dialog.import_opt_outs_file(file)

    assert dialog.opt_out_label.text() == "2 added, 1 already listed. Not understood: 1 line (first: “???”)."
    with db.session_factory() as s:
        hashes = set(s.scalars(select(SuppressionEntry.value_hash)))
        dump = " ".join(str(r) for r in s.execute(text("SELECT * FROM suppression_list")).all())
    assert hashes == {sha256_hex("+33611223344"), sha256_hex("lea@ex.fr"), sha256_hex("+33655443322")}
    assert "lea@ex.fr" not in dump.lower() and "0611223344" not in dump
