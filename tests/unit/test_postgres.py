"""PostgreSQL as a first-class database: on a throwaway server started by the test setup
(tests/pgserver.py), the schema, the demo, paging, connection bounds and shared upgrades behave as on
SQLite."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import text
from sqlalchemy.engine import URL

from dealercrm import __version__
from dealercrm.db import DatabaseError, open_database
from dealercrm.db import migrate as migrations
from dealercrm.db.engine import HEAD_REVISION, create_db_engine
from dealercrm.demo import generate_demo
from dealercrm.models.enums import Role
from dealercrm.services.auth import AuthService, actor_of
from dealercrm.services.contact_edit import ContactEditService
from dealercrm.services.contacts import SORT_KEYS, ContactFilter, ContactService
from dealercrm.services.permissions import SYSTEM_ACTOR

pytestmark = pytest.mark.postgres


def test_a_new_database_is_set_up_at_head_with_bounded_named_connections(pg_url: URL) -> None:
    db = open_database(pg_url, create=True)
    try:
        assert migrations.current_revision(db.engine) == HEAD_REVISION
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW lock_timeout").scalar_one() == "10s"
            assert conn.exec_driver_sql("SHOW statement_timeout").scalar_one() == "5min"
            assert conn.exec_driver_sql("SHOW idle_in_transaction_session_timeout").scalar_one() == "10min"
            name = conn.exec_driver_sql("SHOW application_name").scalar_one()
            assert name.startswith("dealercrm:") and "@" in name
    finally:
        db.dispose()


def test_an_empty_shared_database_is_set_up_only_when_asked(pg_url: URL) -> None:
    with pytest.raises(DatabaseError, match="is empty"):
        open_database(pg_url)


def test_after_the_demo_new_rows_get_fresh_ids(pg_url: URL) -> None:
    db = open_database(pg_url, create=True)
    try:
        generate_demo(db.session_factory, contacts=40, seed=3, today=dt.date(2026, 11, 20))
        auth = AuthService(db.session_factory, actor=SYSTEM_ACTOR)
        user = auth.create_user(
            login="newcomer", display_name="New Comer", role=Role.MANAGER, password="Tr0ub4dor&3-horse"
        )
        with db.session_factory() as session:
            from dealercrm.models import User

            actor = actor_of(session.get_one(User, user.id))
        saved = ContactEditService(db.session_factory, actor=actor).create(
            values={"first_name": "Nouvelle", "last_name": "Cliente", "email": "nouvelle@example.org"}
        )
        with db.engine.connect() as conn:
            biggest = conn.execute(text("SELECT max(id) FROM contacts")).scalar_one()
        assert saved.id == biggest
    finally:
        db.dispose()


def test_paging_never_repeats_or_skips_a_contact_under_any_sort(pg_url: URL) -> None:
    """NULL keys (never contacted, no score, no first name) sort as on SQLite: keyset pages meet."""
    db = open_database(pg_url, create=True)
    try:
        generate_demo(db.session_factory, contacts=60, seed=5, today=dt.date(2026, 11, 20))
        with db.engine.begin() as conn:  # make sure some keys are NULL
            conn.execute(text("UPDATE contacts SET last_contact_at = NULL, score = NULL WHERE id % 3 = 0"))
        service = ContactService(db.session_factory, actor=SYSTEM_ACTOR)
        with db.engine.connect() as conn:
            expected = set(conn.execute(text("SELECT id FROM contacts WHERE erased_at IS NULL")).scalars())
        for order in SORT_KEYS:
            for descending in (False, True):
                seen: list[int] = []
                after = None
                while True:
                    page = service.list_page(
                        filters=ContactFilter(), after=after, limit=7, order=order, descending=descending
                    )
                    if not page:
                        break
                    seen.extend(r.id for r in page)
                    after = page[-1]
                assert len(seen) == len(set(seen)), (order, descending)
                assert set(seen) == expected, (order, descending)
    finally:
        db.dispose()


def test_a_workstation_never_upgrades_a_shared_database_on_its_own(pg_url: URL) -> None:
    engine = create_db_engine(pg_url)
    try:
        migrations.upgrade_to_head(engine, pg_url, revision="0005")
    finally:
        engine.dispose()
    with pytest.raises(DatabaseError, match="needs an upgrade .*db upgrade"):
        open_database(pg_url)
    db = open_database(pg_url, upgrade_shared=True)
    try:
        assert migrations.current_revision(db.engine) == HEAD_REVISION
    finally:
        db.dispose()


UPGRADE = r"""
import sys
from pathlib import Path
from sqlalchemy.engine import make_url
from dealercrm.db import open_database
open_database(make_url(sys.argv[1]), upgrade_shared=True).dispose()
print("ok")
"""


def test_two_workstations_upgrading_at_once_both_finish(pg_url: URL) -> None:
    engine = create_db_engine(pg_url)
    try:
        migrations.upgrade_to_head(engine, pg_url, revision="0004")
    finally:
        engine.dispose()
    url = pg_url.render_as_string(hide_password=False)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", UPGRADE, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    db = open_database(pg_url)
    try:
        assert migrations.current_revision(db.engine) == HEAD_REVISION
    finally:
        db.dispose()


def test_a_newer_shared_schema_is_refused(pg_url: URL) -> None:
    open_database(pg_url, create=True).dispose()
    engine = create_db_engine(pg_url)
    assert migrations.written_by(engine) == __version__  # the upgrade said who made the schema
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
        conn.execute(
            sa.update(migrations._SETTINGS)
            .where(migrations._SETTINGS.c.key == migrations.WRITTEN_BY_KEY)
            .values(value="9.4.0")
        )
    engine.dispose()
    with pytest.raises(DatabaseError, match=r"newer version of dealercrm \(revision 0099\)") as refused:
        open_database(pg_url)
    assert "install dealercrm 9.4.0 or newer" in str(refused.value)


def test_unknown_database_kinds_and_missing_drivers_are_sentences() -> None:
    from sqlalchemy.engine import make_url

    with pytest.raises(DatabaseError, match="SQLite file or a PostgreSQL server"):
        open_database(make_url("foo://x"))
    with pytest.raises(DatabaseError, match=r"pip install 'dealercrm\[postgres\]'"):
        open_database(make_url("postgresql+nosuchdriver://u@localhost/x"))


def test_backup_check_and_restore_with_postgresqls_own_tools(pg_url: URL, tmp_path: Path) -> None:
    from dealercrm.db import maintenance
    from dealercrm.services import consistency

    db = open_database(pg_url, create=True)
    try:
        generate_demo(db.session_factory, contacts=30, seed=9, today=dt.date(2026, 11, 20))
        archive = maintenance.backup(db, tmp_path / "shared.dump")
        assert archive.exists() and archive.stat().st_size > 0
        assert maintenance.integrity_problems(db) == [] and consistency.check(db.session_factory) == []
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM interactions"))
    finally:
        db.dispose()
    safety = maintenance.restore(pg_url, archive, wait_seconds=0)
    assert safety.exists()
    db = open_database(pg_url)
    try:
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM interactions")).scalar_one() > 0
            assert conn.execute(text("SELECT count(*) FROM contacts")).scalar_one() == 30
    finally:
        db.dispose()


def test_a_restore_waits_for_other_connections_then_names_them(pg_url: URL, tmp_path: Path) -> None:
    from dealercrm.db import maintenance, presence

    db = open_database(pg_url, create=True)
    try:
        archive = maintenance.backup(db, tmp_path / "shared.dump")
        with db.engine.connect() as conn:  # another workstation, connected
            conn.execute(text("SELECT 1"))
            with pytest.raises(presence.DatabaseBusy, match="dealercrm:"):
                maintenance.restore(pg_url, archive, wait_seconds=0.5)
    finally:
        db.dispose()
