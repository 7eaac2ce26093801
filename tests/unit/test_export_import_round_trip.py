"""What dealercrm exports, dealercrm imports: a contacts export read back by the importer (a dry run on the
same database) finds no cell it cannot read, consents included ("granted", "refused", "withdrawn" as the
export writes them, in the English and the French CSV). The only rows it refuses are those matching
the demo's planted duplicates: a fact about the database, not the file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from dealercrm.db import Database
from dealercrm.demo import generate_demo
from dealercrm.models import User
from dealercrm.models.enums import ConsentStatus, Role
from dealercrm.services.exporting import ExportService
from dealercrm.services.importing import ImportService
from dealercrm.services.permissions import Actor


@pytest.mark.parametrize("french", [False, True])
def test_a_contacts_export_imports_back_without_a_rejected_row(
    db: Database, tmp_path: Path, french: bool
) -> None:
    generate_demo(db.session_factory, contacts=120, seed=11, today=dt.date(2026, 3, 2))
    with db.session_factory() as s:
        manager = s.scalars(select(User).where(User.role == Role.MANAGER)).first()
        assert manager is not None
        actor = Actor(
            id=manager.id, login=manager.login, display_name=manager.display_name, role=Role.MANAGER
        )
    path = tmp_path / "contacts.csv"
    ExportService(db.session_factory, actor=actor).export(kind="contacts", path=path, french=french)
    text = path.read_text(encoding="utf-8-sig")
    assert ConsentStatus.GRANTED.value in text and ConsentStatus.REFUSED.value in text

    result = ImportService(db.session_factory, actor=actor).run(path=path, kind="contacts", dry_run=True)

    assert result.rows >= 120
    unreadable = [(i.line, i.message) for i in result.issues if "matches several contacts" not in i.message]
    assert unreadable == []
    assert result.rejected == len(result.issues) < 10  # the planted duplicates only
    assert result.created + result.updated + result.unchanged + result.rejected == result.rows
