"""refuse_output_path: an output file never lands on the database, its sidecars or the backups."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dealercrm.db import DatabaseError
from dealercrm.db.paths import OutputPathRefused, refuse_output_path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "crm.sqlite3"
    path.write_bytes(b"SQLite format 3\x00")
    return path


def refuse(target: Path, database: Path) -> None:
    refuse_output_path(target, database=database, backups_folder=database.parent / "backups")


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_database_and_its_sidecars_are_refused(database: Path, suffix: str) -> None:
    with pytest.raises(OutputPathRefused, match="nothing was written"):
        refuse(Path(f"{database}{suffix}"), database)


def test_symlinks_hard_links_and_relative_names_are_refused(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    symlink, hardlink = tmp_path / "link.pdf", tmp_path / "hard.csv"
    symlink.symlink_to(database)
    os.link(database, hardlink)
    monkeypatch.chdir(tmp_path)
    for target in (symlink, hardlink, Path("crm.sqlite3"), Path("./sub/../crm.sqlite3-wal")):
        with pytest.raises(OutputPathRefused):
            refuse(target, database)
    # A database opened through a symlink: its real file is protected too.
    via = tmp_path / "via.sqlite3"
    via.symlink_to(database)
    with pytest.raises(OutputPathRefused):
        refuse(database, via)


def test_the_backups_folder_and_anything_in_it_are_refused(database: Path) -> None:
    backups = database.parent / "backups"
    for target in (backups, backups / "x.zip", backups / "deep" / "r.pdf"):
        with pytest.raises(OutputPathRefused, match="backups folder"):
            refuse(target, database)


def test_other_paths_are_fine_and_the_error_is_a_database_error(database: Path, tmp_path: Path) -> None:
    refuse(tmp_path / "report.pdf", database)
    refuse(tmp_path / "backups-old" / "x.csv", database)
    refuse_output_path(database, database=None, backups_folder=None)  # PostgreSQL: nothing to protect
    assert issubclass(OutputPathRefused, DatabaseError)
