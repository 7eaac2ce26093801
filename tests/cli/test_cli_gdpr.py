"""`dealercrm gdpr` and `dealercrm backups`: files written, confirmations, exit codes."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dealercrm import cli_gdpr
from dealercrm.db import Database
from dealercrm.models import Contact
from dealercrm.services.permissions import Actor
from tests.unit.test_gdpr import EMAIL, LAST, integrity, leftovers, make_person, other_process
from tests.unit.test_retention import THREE_YEARS_AGO


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dealercrm")
    parser.add_argument("--db")
    cli_gdpr.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def run(*argv: str, answer: str = "") -> tuple[int, str]:
    out = io.StringIO()
    code = cli_gdpr.run(parse(*argv), out=out, stdin=io.StringIO(answer))
    return code, out.getvalue()


def test_export_writes_json_and_pdf(db: Database, db_path: Path, manager: Actor, tmp_path: Path):
    person = make_person(db, manager)
    code, text = run(
        "--db", str(db_path), "gdpr", "export", str(person.contact_id), "--output", str(tmp_path / "o")
    )
    assert code == 0
    files = sorted((tmp_path / "o").iterdir())
    assert [f.suffix for f in files] == [".json", ".pdf"]
    assert json.loads(files[0].read_text(encoding="utf-8"))["contact"]["email"] == EMAIL
    assert str(files[1]) in text


def test_export_of_unknown_contact_fails(db_path: Path, tmp_path: Path):
    assert run("--db", str(db_path), "gdpr", "export", "999", "--output", str(tmp_path))[0] == 1


def test_bad_usage_exits_2(db_path: Path):
    with pytest.raises(SystemExit) as exc:
        parse("--db", str(db_path), "gdpr", "erase", "abc")
    assert exc.value.code == 2


def test_erase_asks_first(db: Database, db_path: Path, manager: Actor):
    person = make_person(db, manager)
    code, text = run("--db", str(db_path), "gdpr", "erase", str(person.contact_id), answer="n\n")
    assert code == 1 and "Nothing was erased" in text and LAST in text
    code, text = run("--db", str(db_path), "gdpr", "erase", str(person.contact_id), answer="y\n")
    assert code == 0 and "erased" in text
    with db.session_factory() as s:
        assert s.get_one(Contact, person.contact_id).erased_at is not None
    if db.is_sqlite:  # the file holds no trace (on a server, VACUUM is the server's business)
        assert LAST.encode() not in db_path.read_bytes()
    code, _ = run("--db", str(db_path), "gdpr", "erase", str(person.contact_id), "--yes")
    assert code == 1


def test_purge_dry_run_lists_then_purge_erases(db: Database, db_path: Path):
    with db.session_factory.begin() as s:
        s.add(Contact(kind="person", last_name="Ancien", created_at=THREE_YEARS_AGO.replace(year=2020)))
    code, text = run("--db", str(db_path), "gdpr", "purge", "--dry-run")
    assert code == 0 and "Ancien" in text and "1 contact past the retention period" in text
    code, text = run("--db", str(db_path), "gdpr", "purge", "--yes")
    assert code == 0 and "1 contact anonymised" in text
    code, text = run("--db", str(db_path), "gdpr", "purge", "--dry-run")
    assert "0 contacts" in text


@pytest.mark.sqlite_only
def test_backups_now_list_thin(db: Database, db_path: Path):
    code, text = run("--db", str(db_path), "backups", "now")
    assert code == 0 and "verified" in text
    code, text = run("--db", str(db_path), "backups", "list")
    assert code == 0 and "manual" in text and "1 backup in" in text
    code, text = run("--db", str(db_path), "backups", "thin")
    assert code == 0 and "0 backups deleted" in text


def test_unopenable_database_exits_3(tmp_path: Path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    assert run("--db", str(bad), "backups", "list")[0] == 3


ROOT = Path(__file__).resolve().parents[2]


def dealercrm(*argv: str) -> subprocess.CompletedProcess[str]:
    """The real command, in its own process, importing this checkout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "dealercrm", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


@pytest.mark.sqlite_only
def test_erase_while_another_process_reads_is_finished_by_running_it_again(
    db: Database, db_path: Path, manager: Actor
):
    person = make_person(db, manager)
    db.dispose()
    with other_process(db_path):
        done = dealercrm("--db", str(db_path), "gdpr", "erase", str(person.contact_id), "--yes")
        assert done.returncode == 1, done.stderr
        assert "erased:" in done.stdout  # the rows are anonymised...
        assert "still holds their old values" in done.stderr  # ...but the erasure is not reported done
        assert "another connection kept the database busy" in done.stderr
        assert "compaction is recorded" in done.stderr
        # Still blocked: run again, still refused, with the same sentence.
        again = dealercrm("--db", str(db_path), "gdpr", "erase", str(person.contact_id), "--yes")
        assert again.returncode == 1 and "kept the database busy" in again.stderr
    # The reader went away: running the command again finishes the erasure.
    again = dealercrm("--db", str(db_path), "gdpr", "erase", str(person.contact_id), "--yes")
    assert again.returncode == 0, again.stderr
    assert "no longer holds their old values" in again.stdout and "at most 30 days" in again.stdout
    assert leftovers(db_path) == []
    assert integrity(db_path) == "ok"
    # Nothing owed any more: erasing again is refused, as before.
    last = dealercrm("--db", str(db_path), "gdpr", "erase", str(person.contact_id), "--yes")
    assert last.returncode == 1 and "already erased" in last.stderr


@pytest.mark.sqlite_only
def test_backups_list_and_thin_tell_about_erased_persons(db: Database, db_path: Path, manager: Actor):
    person = make_person(db, manager)
    code, _ = run("--db", str(db_path), "backups", "now")
    assert code == 0
    code, _ = run("--db", str(db_path), "gdpr", "erase", str(person.contact_id), "--yes")
    assert code == 0
    code, text = run("--db", str(db_path), "backups", "list")
    assert code == 0 and "holds erased persons: thinned from" in text
    assert "1 of them hold persons erased" in text and "30 days old" in text
    code, text = run("--db", str(db_path), "backups", "thin")
    assert code == 0 and "0 of them because they held persons erased" in text
