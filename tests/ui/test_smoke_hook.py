"""The installed package's smoke hook (dealercrm/app.py, SMOKE_ENV): with it set, the app says which first
screen is up and exits 0, without logging anyone in or creating a database; without it, nothing changes."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from dealercrm.app import SMOKE_ENV, run_gui


def _run(qapp: QApplication, db: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    try:
        return run_gui(db=str(db), language="en")
    finally:
        gc.enable()  # run_gui's start-up collector froze what existed: later tests expect a plain collector
        gc.unfreeze()
        qapp.setStyle(style)
        qapp.setPalette(palette)
        qapp.setStyleSheet(sheet)


def test_the_hook_reports_the_question_before_creating_a_database_and_creates_nothing(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(SMOKE_ENV, "1")
    db = tmp_path / "new.sqlite3"
    assert _run(qapp, db, monkeypatch) == 0
    assert "dealercrm: smoke: new database question shown (database: not created)" in capsys.readouterr().out
    assert not db.exists()
