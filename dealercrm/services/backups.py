"""Automatic backups: a verified copy at start and every `backup.every_hours` hours, thinned to 7 daily,
4 weekly and 12 monthly copies, in the folder of the `backup.folder` setting (empty: `backups/` beside the
database).

GDPR erasures reach the backups too: every backup of any kind (automatic, manual, before a restore, before
an upgrade) taken before an erasure is deleted by the thinning once that erasure is 30 days old
(`ERASURE_GRACE`); erasures are dated by `contacts.erased_at`. Thinning runs after every automatic backup
and with `dealercrm backups thin`; when it would leave no backup taken after the erasure, it makes one
first. A backup is never taken while an erasure still owes its compaction: the compaction is finished
first, and a copy taken while the database stayed busy is compacted itself before it is kept.

A backup folder on a USB drive or a network share is fine; the live database there is not, and
`location_warning()` says so. The file work itself (online backup API, checkpoint, quick_check) is in
dealercrm/db; this module decides when, where, what to keep, and who may restore.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from dealercrm.db import Database, DatabaseError, fts, maintenance
from dealercrm.db import backups as db_backups
from dealercrm.db.engine import backups_dir
from dealercrm.i18n import _
from dealercrm.models import Contact, utcnow
from dealercrm.services.gdpr import finish_compaction
from dealercrm.services.permissions import Actor, any_user, require
from dealercrm.services.settings import dealership_timezone, read_setting

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
# A backup taken before an erasure is deleted once the erasure is this old, whatever its kind.
ERASURE_GRACE = dt.timedelta(days=30)
_STAMP = "%Y%m%dT%H%M%SZ"
_NAME = re.compile(
    r"^(?P<stem>.+?)-(?P<kind>auto|manual|before-restore|before-[0-9a-zA-Z_]+)-(?P<stamp>\d{8}T\d{6}Z)"
    r"\.sqlite3$"
)


class BackupKind(StrEnum):
    AUTOMATIC = "automatic"  # made by the scheduler; thinned
    # The three below are kept until deleted by hand, or by the erasure rule (`ERASURE_GRACE`).
    MANUAL = "manual"  # "Back up now" or `dealercrm backups now`
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
    # When it holds a person erased after it was taken: the day the thinning deletes it (UTC).
    delete_by: dt.datetime | None = None


@dataclass(frozen=True)
class ThinResult:
    kept: int  # automatic backups kept
    removed: tuple[Path, ...]
    erased: tuple[Path, ...] = ()  # those of `removed` deleted because they held erased persons
    made: BackupInfo | None = None  # a fresh backup made first, so that one after the erasures remains


# Pure rules -------------------------------------------------------------------------------------------


def to_keep(
    dates: Iterable[dt.datetime],
    *,
    now: dt.datetime,
    tz: ZoneInfo,
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


def erasure_deadline(
    taken_at: dt.datetime, erasures: Sequence[dt.datetime], *, grace: dt.timedelta = ERASURE_GRACE
) -> dt.datetime | None:
    """When a backup taken at `taken_at` must be gone: `grace` after the first erasure that followed it
    (`erasures` sorted, oldest first); None when no erasure followed it."""
    index = bisect.bisect_right(erasures, taken_at)
    return erasures[index] + grace if index < len(erasures) else None


def held_too_long(
    dates: Iterable[dt.datetime],
    *,
    erasures: Iterable[dt.datetime],
    now: dt.datetime,
    grace: dt.timedelta = ERASURE_GRACE,
) -> set[dt.datetime]:
    """The backup dates, among `dates`, taken before an erasure that is `grace` old or more at `now`:
    those backups must be deleted, whatever their kind."""
    ordered = sorted(erasures)
    gone: set[dt.datetime] = set()
    for moment in dates:
        deadline = erasure_deadline(moment, ordered, grace=grace)
        if deadline is not None and deadline <= now:
            gone.add(moment)
    return gone


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
    *,
    db: Database,
    folder: Path,
    now: dt.datetime | None = None,
    kind: BackupKind = BackupKind.AUTOMATIC,
    wait_seconds: float | None = None,
) -> BackupInfo:
    """A verified copy of the live database in `folder`, named after the time: WAL checkpointed
    (passively), online backup API, `PRAGMA quick_check` on the copy. An erasure's owed compaction is
    finished first (waiting at most `wait_seconds` for other connections): a copy must not carry the
    erased bytes; when the database stays busy, the copy itself is compacted before it is kept.
    Raises DatabaseError."""
    source = db_backups.database_file(db)
    now = now or utcnow()
    target = folder / backup_name(source.stem, kind, now)
    started = time.perf_counter()
    compaction = finish_compaction(db.session_factory, wait_seconds=wait_seconds)
    if compaction.done:
        db_backups.online_backup(source, target)
    else:
        # Not named like a backup until compacted: a crash in between leaves no backup with erased data.
        pending = target.with_name(target.name + ".compacting")
        try:
            db_backups.online_backup(source, pending)
            db_backups.scrub_copy(pending)
            os.replace(pending, target)
        finally:
            pending.unlink(missing_ok=True)
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


def thin(
    *,
    folder: Path | Sequence[Path],
    now: dt.datetime | None = None,
    tz: ZoneInfo,
    erasures: Iterable[dt.datetime] = (),
) -> ThinResult:
    """Delete the automatic backups `to_keep` does not keep, and every backup of any kind that
    `held_too_long` finds taken before an erasure now `ERASURE_GRACE` old; other backups are never
    touched. `folder` may be several folders (the safety copies of a restore or an upgrade go beside the
    database even when the backup folder is elsewhere)."""
    now = now or utcnow()
    folders = [folder] if isinstance(folder, Path) else list(dict.fromkeys(folder))
    every = [b for f in folders for b in list_backups(folder=f)]
    automatic = [b for b in every if b.kind is BackupKind.AUTOMATIC]
    keep = to_keep((b.taken_at for b in automatic), now=now, tz=tz)
    too_long = held_too_long((b.taken_at for b in every), erasures=erasures, now=now)
    removed: list[Path] = []
    erased: list[Path] = []
    for backup in every:
        for_erasure = backup.taken_at in too_long
        thinned = backup.kind is BackupKind.AUTOMATIC and backup.taken_at not in keep
        if not (for_erasure or thinned):
            continue
        try:
            backup.path.unlink()
        except FileNotFoundError:
            pass
        removed.append(backup.path)
        if for_erasure:
            erased.append(backup.path)
    kept = sum(1 for b in automatic if b.path not in removed)
    return ThinResult(kept=kept, removed=tuple(removed), erased=tuple(erased))


def erasure_dates(db: Database) -> list[dt.datetime]:
    """When each erasure happened (`contacts.erased_at`), oldest first."""
    with db.session_factory() as session:
        found = session.scalars(
            select(Contact.erased_at).where(Contact.erased_at.is_not(None)).distinct()
        ).all()
    return sorted(d for d in found if d is not None)


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
    advice = _(
        "The live database must be on this computer's own disk: SQLite cannot lock files "
        "reliably over a network, and a drive pulled out damages it. Keep only the backups there."
    )
    return f"{problem} {advice}"


# The service --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutomaticBackup:
    """What one automatic run did, for the status bar."""

    backup: BackupInfo
    removed: int
    every_hours: int
    warning: str | None
    erased: int = 0  # of `removed`, deleted because they held persons erased 30 days ago or more


class BackupService:
    """Backups for the app and the command line. Works on a Database (file jobs need its path)."""

    def __init__(self, db: Database, *, actor: Actor) -> None:
        self._db = db
        self._actor = actor

    def _timezone(self) -> ZoneInfo:
        """The dealership's: backups are kept per local day, week and month."""
        with self._db.session_factory() as session:
            return dealership_timezone(session)

    def folder(self) -> Path:
        """The backup folder in force."""
        any_user(self._actor)
        return backup_folder(self._db)

    def location_warning(self) -> str | None:
        """A warning when the live database sits on a network share or removable drive."""
        any_user(self._actor)
        return location_warning(self._db)

    def folders(self) -> list[Path]:
        """Every folder backups may be in: the backup folder, and `backups/` beside the database, where
        the copies made before a restore or an upgrade go."""
        default = backups_dir(db_backups.database_file(self._db))
        return list(dict.fromkeys([self.folder(), default]))

    def automatic(
        self, *, now: dt.datetime | None = None, wait_seconds: float | None = None
    ) -> AutomaticBackup:
        """The scheduled backup (an erasure's owed compaction finished first), then thinning. Runs for
        whoever is logged in: protecting the data is not a privilege."""
        any_user(self._actor)
        now = now or utcnow()
        folder = self.folder()
        info = make_backup(db=self._db, folder=folder, now=now, wait_seconds=wait_seconds)
        result = thin(folder=self.folders(), now=now, tz=self._timezone(), erasures=erasure_dates(self._db))
        try:  # the day's writes left the search indexes in more segments, each read by every search
            fts.keep_merged(self._db.engine)
        except OperationalError:
            pass  # another workstation holds the write lock for long: merged at the next backup
        return AutomaticBackup(
            info,
            len(result.removed),
            backup_interval_hours(self._db),
            self.location_warning(),
            len(result.erased),
        )

    def back_up_now(self, *, now: dt.datetime | None = None, wait_seconds: float | None = None) -> BackupInfo:
        """A manual backup (kept until deleted by hand, or by the erasure rule)."""
        require(self._actor, "database.admin")
        return make_backup(
            db=self._db, folder=self.folder(), now=now, kind=BackupKind.MANUAL, wait_seconds=wait_seconds
        )

    def backups(self) -> list[BackupInfo]:
        """Every backup in the backup folders, newest first; those holding a person erased after they
        were taken say when the thinning deletes them (`delete_by`)."""
        require(self._actor, "database.admin")
        erasures = erasure_dates(self._db)
        found = [
            dataclasses.replace(b, delete_by=erasure_deadline(b.taken_at, erasures))
            for f in self.folders()
            for b in list_backups(folder=f)
        ]
        return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)

    def thin(self, *, now: dt.datetime | None = None, wait_seconds: float | None = None) -> ThinResult:
        """Apply the 7 daily / 4 weekly / 12 monthly rule to the automatic backups, and the erasure rule
        to every kind. When that would leave no backup taken after the last erasure it applies, a fresh
        automatic backup is made first."""
        require(self._actor, "database.admin")
        now = now or utcnow()
        erasures = erasure_dates(self._db)
        every = [b for f in self.folders() for b in list_backups(folder=f)]
        due = [e for e in erasures if e + ERASURE_GRACE <= now]
        made = None
        if due and not any(b.taken_at >= due[-1] for b in every):
            if held_too_long((b.taken_at for b in every), erasures=erasures, now=now):
                made = make_backup(db=self._db, folder=self.folder(), now=now, wait_seconds=wait_seconds)
        result = thin(folder=self.folders(), now=now, tz=self._timezone(), erasures=erasures)
        return dataclasses.replace(result, made=made)

    def restore(self, *, source: Path) -> Path:
        """Replace the database with `source`, keeping a verified copy of the current one first (its path
        is returned). Every connection of this app is closed first: the app must restart afterwards."""
        require(self._actor, "database.admin")
        if not source.is_file():
            raise DatabaseError(_("{source} does not exist.").format(source=source))
        # The copy of the current database kept first must not carry an erasure's bytes.
        compaction = finish_compaction(self._db.session_factory)
        self._db.dispose()
        safety = maintenance.restore(self._db.url, source)
        if not compaction.done and safety.is_file():
            db_backups.scrub_copy(safety)
        return safety
