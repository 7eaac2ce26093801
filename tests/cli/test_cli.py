"""The `dealercrm` command, run in-process through main() and once as a real subprocess."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from dealercrm.cli import EXIT_DATABASE, EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from dealercrm.db import open_database
from dealercrm.services.auth import AuthService


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str = ""):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_user_add_and_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "crm.sqlite3")
    code, out, _ = run(monkeypatch, capsys, "--db", db, "user", "list")
    assert code == EXIT_DATABASE and "no database" in _.lower()  # a mistyped path creates nothing
    assert not Path(db).exists()
    assert run(monkeypatch, capsys, "--db", db, "db", "upgrade")[0] == EXIT_OK  # creates it
    code, out, _ = run(
        monkeypatch,
        capsys,
        "--db",
        db,
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--name",
        "Alice Admin",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    assert code == EXIT_OK and "admin (administrator) created" in out
    code, out, _ = run(
        monkeypatch,
        capsys,
        "--db",
        db,
        "user",
        "add",
        "julie",
        "--role",
        "salesperson",
        "--password-stdin",
        stdin="julie-pw-2026\n",
    )
    assert code == EXIT_OK
    code, out, _ = run(monkeypatch, capsys, "--db", db, "user", "list")
    assert code == EXIT_OK
    assert "admin" in out and "julie" in out and "salesperson" in out and "never" in out
    database = open_database(db, create=True)
    try:
        assert (
            AuthService(database.session_factory).login(login="julie", password="julie-pw-2026").login
            == "julie"
        )
    finally:
        database.dispose()


def test_user_add_refuses_bad_input_with_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "crm.sqlite3")
    assert run(monkeypatch, capsys, "--db", db, "db", "upgrade")[0] == EXIT_OK
    code, _, err = run(
        monkeypatch,
        capsys,
        "--db",
        db,
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="short\n",
    )
    assert code == EXIT_FAILED and "at least 8 characters" in err


def test_usage_errors_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["user", "add", "x", "--role", "pilot"])
    assert exc.value.code == EXIT_USAGE
    with pytest.raises(SystemExit) as exc:
        main(["db"])
    assert exc.value.code == EXIT_USAGE


def test_help_everywhere(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (
        ["--help"],
        ["db", "--help"],
        ["db", "backup", "--help"],
        ["user", "add", "--help"],
        ["demo", "--help"],
    ):
        with pytest.raises(SystemExit) as exc:
            main(args)
        assert exc.value.code == 0
        assert "usage: dealercrm" in capsys.readouterr().out


def test_a_database_that_is_not_ours_exits_3_with_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY)")
    code, _, err = run(monkeypatch, capsys, "--db", str(path), "user", "list")
    assert code == EXIT_DATABASE
    assert "not a dealercrm one" in err and "Traceback" not in err


def test_backup_check_and_restore_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "crm.sqlite3")
    assert run(monkeypatch, capsys, "--db", db, "db", "upgrade")[0] == EXIT_OK
    run(
        monkeypatch,
        capsys,
        "--db",
        db,
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    backup = tmp_path / "save" / "crm-backup.sqlite3"
    code, out, _ = run(monkeypatch, capsys, "--db", db, "db", "backup", str(backup))
    assert code == EXIT_OK and backup.exists() and "verified" in out

    run(
        monkeypatch,
        capsys,
        "--db",
        db,
        "user",
        "add",
        "late",
        "--role",
        "manager",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    code, out, _ = run(monkeypatch, capsys, "--db", db, "db", "restore", str(backup))
    assert code == EXIT_OK and "previous database was kept" in out
    code, out, _ = run(monkeypatch, capsys, "--db", db, "user", "list")
    assert "admin" in out and "late" not in out
    # The database as it was before the restore was kept, and still has the later user.
    kept = sorted((tmp_path / "backups").glob("crm-before-restore-*.sqlite3"))
    assert kept
    with sqlite3.connect(kept[-1]) as conn:
        assert ("late",) in conn.execute("SELECT login FROM users").fetchall()

    code, out, _ = run(monkeypatch, capsys, "--db", db, "db", "check")
    assert code == EXIT_OK and "sound" in out


def test_restore_refuses_a_file_that_is_not_a_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "crm.sqlite3")
    assert run(monkeypatch, capsys, "--db", db, "db", "upgrade")[0] == EXIT_OK
    run(
        monkeypatch,
        capsys,
        "--db",
        db,
        "user",
        "add",
        "admin",
        "--role",
        "admin",
        "--password-stdin",
        stdin="long-enough-pw\n",
    )
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database")
    code, _, err = run(monkeypatch, capsys, "--db", db, "db", "restore", str(junk))
    assert code == EXIT_DATABASE and "not a database file" in err
    code, out, _ = run(monkeypatch, capsys, "--db", db, "user", "list")
    assert "admin" in out


def test_check_reports_inconsistent_data_in_plain_words(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = open_database(db_path)
    with database.engine.begin() as conn:
        for statement in (
            """INSERT INTO contacts (id, kind, last_name, country, source_channel, lifecycle, has_trade_in,
                wants_financing, social_profiles, score_reasons, version, created_at, updated_at)
            VALUES (1, 'person', 'Martin', 'FR', 'walk_in', 'customer', false, false, '{}', '[]', 1,
                '2026-01-01', '2026-01-01')""",
            """INSERT INTO vehicles (id, make, model, condition, stock_status, lock_version,
                created_at, updated_at)
            VALUES (1, 'Renault', 'Clio', 'new', 'customer_owned', 1, '2026-01-01', '2026-01-01')""",
            """INSERT INTO sales (contact_id, vehicle_id, sold_on, price, cost, margin, financing, created_at)
            VALUES (1, 1, '2026-01-02', 2000000, 1800000, 100, 'cash', '2026-01-02')""",
        ):
            conn.execute(text(statement))
    database.dispose()
    code, out, _ = run(monkeypatch, capsys, "--db", str(db_path), "db", "check")
    assert code == EXIT_FAILED
    assert "1 sale(s) whose margin is not price minus cost" in out


def test_db_upgrade_reports_the_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "--db", str(tmp_path / "new.sqlite3"), "db", "upgrade")
    assert code == EXIT_OK and "up to date" in out


def test_the_installed_command_runs_as_a_process(tmp_path: Path) -> None:
    open_database(tmp_path / "p.sqlite3", create=True).dispose()
    result = subprocess.run(
        [sys.executable, "-m", "dealercrm", "--db", str(tmp_path / "p.sqlite3"), "user", "list"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == EXIT_OK, result.stderr
    assert result.stdout == ""  # an empty database has no users yet


def test_import_writes_a_mapping_to_check_then_imports_with_it(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    csv = tmp_path / "clients.csv"
    csv.write_text(
        "Nom;Prénom;E-mail;Origine\n"
        "Martin;Léa;lea.martin@example.org;Site internet\n"
        "Durand;Paul;paul.durand@example.org;Salon auto\n"
        "Petit;Zoé;zoe.petit@example.org;Bouche à oreille du quartier\n",
        encoding="cp1252",
    )
    mapping = tmp_path / "mapping.json"
    code, out, err = run(
        monkeypatch,
        capsys,
        "--db",
        str(db_path),
        "import",
        "contacts",
        str(csv),
        "--write-mapping",
        str(mapping),
    )
    assert code == EXIT_OK, err
    assert "Mapping written" in out and mapping.exists()
    data = json.loads(mapping.read_text(encoding="utf-8"))
    assert "Site internet" in json.dumps(data["values"], ensure_ascii=False)
    assert _contacts(db_path) == 0  # nothing imported yet

    code, out, err = run(
        monkeypatch,
        capsys,
        "--db",
        str(db_path),
        "import",
        "contacts",
        str(csv),
        "--mapping",
        str(mapping),
        "--on-duplicate",
        "overwrite",
    )
    assert code == EXIT_OK, err
    assert "created 3" in out
    assert _contacts(db_path) == 3


def _contacts(db: Path | str) -> int:
    """How many contacts (SQLite file or, on the PostgreSQL run, the database's URL)."""
    from sqlalchemy import func, select

    from dealercrm.models import Contact

    database = open_database(db)
    try:
        with database.session_factory() as session:
            return int(session.scalar(select(func.count()).select_from(Contact)) or 0)
    finally:
        database.dispose()
