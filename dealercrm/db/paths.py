"""Where an output file may go: never onto the database, its SQLite sidecars, or the backups.

A report, an export or a backup written to the database's own path (a typo, a shell completion, a
symlink, a hard link) would replace the dealership by a PDF or a CSV; a file written into the backups
folder could replace the copy that would have saved it. Every command that writes a file the user named
asks `refuse_output_path` first.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dealercrm.db.engine import DatabaseError
from dealercrm.i18n import _

SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


class OutputPathRefused(DatabaseError):
    """The output file would overwrite the database, one of its sidecars, or a backup."""


def protected_files(database: Path) -> list[tuple[Path, str]]:
    """The database and its sidecars with what each is, under the name given and under the name its
    symlinks lead to (SQLite may put the sidecars beside either)."""
    names = [database]
    resolved = _resolve(database)
    if resolved != database:
        names.append(resolved)
    files = []
    for name in names:
        files.append((name, _("the database")))
        files.extend(
            (Path(f"{name}{suffix}"), _("the database's {suffix} file").format(suffix=suffix[1:]))
            for suffix in SIDECAR_SUFFIXES
        )
    return files


def refuse_output_path(target: Path, *, database: Path | None, backups_folder: Path | None) -> None:
    """Raise OutputPathRefused when writing `target` would overwrite the database (`database`, its
    `-wal`, `-shm` or `-journal`, through symlinks or hard links too) or anything in `backups_folder`.

    `database` and `backups_folder` are None for a database that is not a local file (PostgreSQL)."""
    resolved = _resolve(target)
    if database is not None:
        for protected, what in protected_files(database):
            if resolved == _resolve(protected) or _same_file(target, protected):
                raise OutputPathRefused(
                    _(
                        "{target} is {what} ({protected}): nothing was written. Choose another file name."
                    ).format(target=target, what=what, protected=protected)
                )
    if backups_folder is not None:
        folder = _resolve(backups_folder)
        if resolved == folder or folder in resolved.parents:
            if resolved == folder:
                message = _(
                    "{target} is the backups folder ({folder}): nothing was written there, so that no "
                    "backup can be overwritten. Choose another folder."
                )
            else:
                message = _(
                    "{target} is in the backups folder ({folder}): nothing was written there, so that "
                    "no backup can be overwritten. Choose another folder."
                )
            raise OutputPathRefused(message.format(target=target, folder=folder))


@contextmanager
def written_in_full(target: Path) -> Iterator[Path]:
    """A `.partial` file beside `target` to write into: it becomes `target` only when the block ends
    without error, and is removed otherwise, so that a failed write never leaves half a file."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        yield partial
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)


def _resolve(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare the name as it was given
        return Path(os.path.abspath(path.expanduser()))


def _same_file(a: Path, b: Path) -> bool:
    """Same inode (a hard link); False when either does not exist."""
    try:
        return os.path.samefile(a.expanduser(), b.expanduser())
    except (OSError, ValueError):
        return False
