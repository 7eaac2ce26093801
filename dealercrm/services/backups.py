"""Automatic backups: a verified copy at start and every `backup.every_hours` hours, thinned to 7 daily,
4 weekly and 12 monthly copies, in the folder of the `backup.folder` setting (empty: `backups/` beside the
database).

A backup folder on a USB drive or a network share is fine; the live database there is not, and
`location_warning()` says so. The file work itself (online backup API, checkpoint, quick_check) is in
dealercrm/db; this module decides when, where, what to keep, and who may restore.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from dealercrm.db import Database, DatabaseError, maintenance
from dealercrm.db import backups as db_backups
from dealercrm.db.engine import backups_dir
from dealercrm.models import utcnow
from dealercrm.services.permissions import Actor, require
from dealercrm.services.settings import read_setting

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
PARIS = ZoneInfo("Europe/Paris")
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<kind>auto|manual|before-restore|before-[0-9a-zA-Z_]+)-(?P<stamp>\d{8}T\d{6}Z)"
    r"\.sqlite3$"
)


class BackupKind(StrEnum):
    AUTOMATIC = "automatic"  # made by the scheduler; thinned
    MANUAL = "manual"  # "Back up now" or `dealercrm backups now`; kept until deleted by hand
    BEFORE_RESTORE = "before_restore"  # the database as it was before a restore
    BEFORE_UPGRADE = "before_upgrade"  # the database as it was before a migration


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: where, when (UTC, from its name), how big, what made it."""

    path: Path
    taken_at: dt.datetime
    size_bytes: int
    kind: BackupKind
    seconds: float | None = None  # how long making it took, when just made


@dataclass(frozen=True)
class ThinResult:
    kept: int
    removed: tuple[Path, ...]


# Pure rules -------------------------------------------------------------------------------------------


def to_keep(
    dates: Iterable[dt.datetime],
    *,
    now: dt.datetime,
    tz: ZoneInfo = PARIS,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[dt.datetime]:
    """Which backups to keep: the newest of each of the `daily` most recent days that have one, of the
    `weekly` most recent ISO weeks, of the `monthly` most recent months (local calendar of `tz`), and
    always the newest of all. Backups dated after `now` (a clock put back) are kept: we do not judge them.
    A backup can count for several rules at once (today's newest is also this week's and month's)."""
    ordered = sorted(set(dates), reverse=True)
    keep = {d for d in ordered if d > now}
    past = [d for d in ordered if d <= now]
    if past:
        keep.add(past[0])
    rules = (
        (daily, lambda d: d.astimezone(tz).date()),
        (weekly, lambda d: d.astimezone(tz).isocalendar()[:2]),
        (monthly, lambda d: (d.astimezone(tz).year, d.astimezone(tz).month)),
    )
    for count, bucket_of in rules:
        seen: set[object] = set()
        for moment in past:  # newest first: the first one met in a bucket is its newest
            if len(seen) >= count:
                break
            bucket = bucket_of(moment)
            if bucket not in seen:
                seen.add(bucket)
                keep.add(moment)
    return keep


def parse_backup_name(name: str) -> tuple[BackupKind, dt.datetime] | None:
    """(kind, UTC time) of a backup file's name; None for any other file."""
    match = _NAME.match(name)
    if match is None:
        return None
    raw = match.group("kind")
    kind = {
        "auto": BackupKind.AUTOMATIC,
        "manual": BackupKind.MANUAL,
        "before-restore": BackupKind.BEFORE_RESTORE,
    }.get(raw, BackupKind.BEFORE_UPGRADE)
    taken = dt.datetime.strptime(match.group("stamp"), _STAMP).replace(tzinfo=dt.UTC)
    return kind, taken


def backup_name(stem: str, kind: BackupKind, at: dt.datetime) -> str:
    tag = {BackupKind.AUTOMATIC: "auto", BackupKind.MANUAL: "manual"}.get(kind, kind.value.replace("_", "-"))
    return f"{stem}-{tag}-{at.astimezone(dt.UTC).strftime(_STAMP)}.sqlite3"


# File operations (no permission check: the scheduler and the services below call them) -------------


def make_backup(
    *, db: Database, folder: Path, now: dt.datetime | None = None, kind: BackupKind = BackupKind.AUTOMATIC
) -> BackupInfo:
    """A verified copy of the live database in `folder`, named after the time: WAL checkpointed
    (passively), online backup API, `PRAGMA quick_check` on the copy. Raises DatabaseError."""
    source = db_backups.database_file(db)
    now = now or utcnow()
    target = folder / backup_name(source.stem, kind, now)
    started = time.perf_counter()
    db_backups.online_backup(source, target)
    return BackupInfo(target, now, target.stat().st_size, kind, round(time.perf_counter() - started, 3))


def list_backups(*, folder: Path) -> list[BackupInfo]:
    """Every backup in `folder` (made by us: recognised by its name), newest first."""
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path.name)
        if parsed is None or not path.is_file():
            continue
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, parsed[1], size, parsed[0]))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def thin(*, folder: Path, now: dt.datetime | None = None, tz: ZoneInfo = PARIS) -> ThinResult:
    """Delete the automatic backups `to_keep` does not keep; the others are never touched."""
    now = now or utcnow()
    automatic = [b for b in list_backups(folder=folder) if b.kind is BackupKind.AUTOMATIC]
    keep = to_keep((b.taken_at for b in automatic), now=now, tz=tz)
    removed: list[Path] = []
    for backup in automatic:
        if backup.taken_at not in keep:
            try:
                backup.path.unlink()
            except FileNotFoundError:
                pass
            removed.append(backup.path)
    return ThinResult(kept=len(automatic) - len(removed), removed=tuple(removed))


def backup_folder(db: Database) -> Path:
    """Where backups go: the `backup.folder` setting (relative to the database's folder when relative),
    else `backups/` beside the database."""
    source = db_backups.database_file(db)
    with db.session_factory() as session:
        setting = str(read_setting(session, "backup.folder") or "").strip()
    if not setting:
        return backups_dir(source)
    folder = Path(setting).expanduser()
    return folder if folder.is_absolute() else source.parent / folder


def backup_interval_hours(db: Database) -> int:
    """The `backup.every_hours` setting, at least 1."""
    with db.session_factory() as session:
        return max(1, int(read_setting(session, "backup.every_hours") or 1))


def location_warning(db: Database) -> str | None:
    """A sentence when the live database is on a network share or a removable drive."""
    if db.path is None:
        return None
    problem = db_backups.storage_warning(db.path)
    if problem is None:
        return None
    return (
        f"{problem} The live database must be on this computer's own disk: SQLite cannot lock files "
        "reliably over a network, and a drive pulled out damages it. Keep only the backups there."
    )


# The service --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutomaticBackup:
    """What one automatic run did, for the status bar."""

    backup: BackupInfo
    removed: int
    every_hours: int
    warning: str | None


class BackupService:
    """Backups for the app and the command line. Works on a Database (file jobs need its path)."""

    def __init__(self, db: Database, *, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    def folder(self) -> Path:
        """The backup folder in force."""
        return backup_folder(self._db)

    def location_warning(self) -> str | None:
        """A warning when the live database sits on a network share or removable drive."""
        return location_warning(self._db)

    def automatic(self, *, now: dt.datetime | None = None) -> AutomaticBackup:
        """The scheduled backup, then thinning. Runs for whoever is logged in: protecting the data is not
        a privilege."""
        now = now or utcnow()
        folder = self.folder()
        info = make_backup(db=self._db, folder=folder, now=now)
        result = thin(folder=folder, now=now)
        return AutomaticBackup(
            info, len(result.removed), backup_interval_hours(self._db), self.location_warning()
        )

    def back_up_now(self, *, now: dt.datetime | None = None) -> BackupInfo:
        """A manual backup (kept until deleted by hand)."""
        require(self._actor, "database.admin")
        return make_backup(db=self._db, folder=self.folder(), now=now, kind=BackupKind.MANUAL)

    def backups(self) -> list[BackupInfo]:
        """Every backup in the backup folder, newest first."""
        require(self._actor, "database.admin")
        return list_backups(folder=self.folder())

    def thin(self, *, now: dt.datetime | None = None) -> ThinResult:
        """Apply the 7 daily / 4 weekly / 12 monthly rule to the automatic backups."""
        require(self._actor, "database.admin")
        return thin(folder=self.folder(), now=now)

    def restore(self, *, source: Path) -> Path:
        """Replace the database with `source`, keeping a verified copy of the current one first (its path
        is returned). Every connection of this app is closed first: the app must restart afterwards."""
        require(self._actor, "database.admin")
        if not source.is_file():
            raise DatabaseError(f"{source} does not exist.")
        self._db.dispose()
        return maintenance.restore(self._db.url, source)
