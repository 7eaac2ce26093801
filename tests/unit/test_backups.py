"""Automatic backups: verified copies identical to the database, restore round trip, thinning rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dealercrm.db import Database, open_database
from dealercrm.db import backups as db_backups
from dealercrm.db.engine import backups_dir
from dealercrm.models import Contact
from dealercrm.models.enums import ContactKind
from dealercrm.services import backups
from dealercrm.services.backups import (
    ERASURE_GRACE,
    BackupKind,
    BackupService,
    backup_name,
    held_too_long,
    list_backups,
    make_backup,
    thin,
    to_keep,
)
from dealercrm.services.errors import PermissionDenied
from dealercrm.services.gdpr import GdprService
from dealercrm.services.permissions import Actor
from dealercrm.services.settings import SettingsService

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 3, 12, 10, 0, tzinfo=dt.UTC)


def _add_contact(db: Database, name: str) -> None:
    with db.session_factory.begin() as s:
        s.add(Contact(kind=ContactKind.PERSON, last_name=name))


@pytest.mark.sqlite_only
def test_backup_restore_round_trip_is_identical(db: Database, admin: Actor, tmp_path: Path):
    _add_contact(db, "Avant")
    assert db.path is not None
    folder = tmp_path / "copies"
    info = make_backup(db=db, folder=folder, now=NOW)
    assert info.path.parent == folder and info.kind is BackupKind.AUTOMATIC and info.size_bytes > 0
    # The copy holds exactly what the live database held (the WAL included).
    snapshot = db_backups.iterdump(info.path)
    db.engine.dispose()
    assert snapshot == db_backups.iterdump(db.path)

    _add_contact(db, "Après")  # a change after the backup, which the restore must undo
    assert db_backups.iterdump(db.path) != snapshot
    safety = BackupService(db, actor=admin).restore(source=info.path)
    assert safety.is_file()
    assert db_backups.iterdump(db.path) == snapshot
    # The copy kept before restoring holds the change.
    assert any("Après" in line for line in db_backups.iterdump(safety))
    reopened = open_database(db.path, create=True)
    reopened.dispose()


@pytest.mark.sqlite_only
def test_backup_folder_comes_from_the_setting(db: Database, admin: Actor, tmp_path: Path):
    assert db.path is not None
    assert backups.backup_folder(db) == db.path.parent / "backups"
    SettingsService(db.session_factory, actor=admin).set_many(values={"backup.folder": str(tmp_path / "usb")})
    assert backups.backup_folder(db) == tmp_path / "usb"
    service = BackupService(db, actor=admin)
    made = service.back_up_now(now=NOW)
    assert made.kind is BackupKind.MANUAL
    assert [b.path for b in service.backups()] == [made.path]


@pytest.mark.sqlite_only
def test_automatic_backup_thins_and_reports(db: Database, salesperson: Actor, tmp_path: Path):
    service = BackupService(db, actor=salesperson)
    # Anyone's session makes the automatic backups; only an administrator manages them.
    for days in range(10, 0, -1):
        service.automatic(now=NOW - dt.timedelta(days=days))
    run = service.automatic(now=NOW)
    assert run.every_hours == 4 and run.backup.path.is_file()
    # 2 to 12 March: all in the same month and in two ISO weeks, so the 7 daily ones cover everything.
    assert len(list_backups(folder=service.folder())) == 7
    assert run.removed == 1
    with pytest.raises(PermissionDenied):
        service.back_up_now()
    with pytest.raises(PermissionDenied):
        service.backups()


def test_thin_never_touches_other_files(tmp_path: Path):
    keep_me = [
        tmp_path / "dealercrm-manual-20200101T000000Z.sqlite3",
        tmp_path / "dealercrm-before-restore-20200101T000000Z.sqlite3",
        tmp_path / "dealercrm-before-0004-20200101T000000Z.sqlite3",
        tmp_path / "notes.txt",
    ]
    for path in keep_me:
        path.write_bytes(b"x")
    old = [tmp_path / f"dealercrm-auto-202001{d:02d}T120000Z.sqlite3" for d in range(1, 10)]
    for path in old:
        path.write_bytes(b"x")
    result = thin(folder=tmp_path, now=NOW, tz=PARIS)
    assert all(p.exists() for p in keep_me)
    # 1 to 9 January 2020: the 7 newest days stay, 1 and 2 January go (same week and month as others).
    assert result.kept == 7 and set(result.removed) == set(old[:2])
    assert all(p.exists() for p in old[2:])
    kinds = {b.path.name: b.kind for b in list_backups(folder=tmp_path)}
    assert kinds["dealercrm-before-0004-20200101T000000Z.sqlite3"] is BackupKind.BEFORE_UPGRADE
    assert "notes.txt" not in kinds


def test_storage_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(db_backups, "_mount_of", lambda path: ("/mnt/share", "cifs"))
    assert "network share" in (db_backups.storage_warning(tmp_path / "x.sqlite3") or "")
    monkeypatch.setattr(db_backups, "_mount_of", lambda path: ("/media/julie/USB", "vfat"))
    assert "removable" in (db_backups.storage_warning(tmp_path / "x.sqlite3") or "")
    monkeypatch.setattr(db_backups, "_mount_of", lambda path: ("/", "ext4"))
    assert db_backups.storage_warning(tmp_path / "x.sqlite3") is None


# The thinning rule on a simulated calendar ----------------------------------------------------------------


def simulate(start: dt.datetime, days: int, every_hours: int, open_days: set[int] | None = None):
    """Backups at start and every `every_hours` while the app is open, thinned after each, for `days`."""
    kept: set[dt.datetime] = set()
    made: list[dt.datetime] = []
    moment = start
    end = start + dt.timedelta(days=days)
    while moment < end:
        day = (moment - start).days
        if open_days is None or day % 7 in open_days:
            kept.add(moment)
            made.append(moment)
            kept = to_keep(kept, now=moment, tz=PARIS)
        moment += dt.timedelta(hours=every_hours)
    return kept, made


def test_one_year_of_daily_use():
    start = dt.datetime(2025, 1, 1, 7, 0, tzinfo=dt.UTC)
    kept, _ = simulate(start, 400, every_hours=4)
    days = sorted({k.astimezone(PARIS).date() for k in kept})
    # 7 daily, plus the newest of 4 weeks and 12 months where they are other days: at most 23 files.
    assert len(kept) <= 7 + 4 + 12
    last = max(kept)
    assert len([d for d in days if d > last.astimezone(PARIS).date() - dt.timedelta(days=7)]) == 7
    months = {(k.astimezone(PARIS).year, k.astimezone(PARIS).month) for k in kept}
    assert len(months) == 12
    weeks = {k.astimezone(PARIS).isocalendar()[:2] for k in kept}
    assert len(weeks) >= 4


@settings(max_examples=60, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
        lambda d: d.replace(tzinfo=dt.UTC)
    ),
    days=st.integers(min_value=1, max_value=500),
    every_hours=st.sampled_from([1, 4, 8, 24, 72]),
    open_days=st.sets(st.integers(min_value=0, max_value=6), min_size=1),
)
def test_thinning_rule_properties(start: dt.datetime, days: int, every_hours: int, open_days: set[int]):
    kept, made = simulate(start, days, every_hours, open_days)
    if not kept:
        return
    newest = max(kept)
    assert len(kept) <= 7 + 4 + 12
    # Idempotent: thinning again changes nothing.
    assert to_keep(kept, now=newest, tz=PARIS) == kept
    local = sorted(kept, reverse=True)
    # The 7 most recent days that had a backup each keep one (their newest), the newest is kept.
    day_of = {k: k.astimezone(PARIS).date() for k in local}
    assert newest in kept
    recent_days = sorted(set(day_of.values()), reverse=True)[:7]
    for day in recent_days:
        assert sum(1 for k in kept if day_of[k] == day) >= 1
    # Never more than one per day except what weeks and months add (they keep a day's newest too).
    assert all(sum(1 for k in kept if day_of[k] == day) == 1 for day in set(day_of.values()))
    # Each of the 7 / 4 / 12 most recent days / weeks / months that saw a backup still has its newest one.
    for count, bucket in (
        (7, lambda d: d.astimezone(PARIS).date()),
        (4, lambda d: d.astimezone(PARIS).isocalendar()[:2]),
        (12, lambda d: (d.astimezone(PARIS).year, d.astimezone(PARIS).month)),
    ):
        newest_of: dict[object, dt.datetime] = {}
        for moment in made:
            newest_of[bucket(moment)] = max(moment, newest_of.get(bucket(moment), moment))
        recent = sorted(newest_of, key=lambda b: newest_of[b], reverse=True)[:count]
        assert {newest_of[b] for b in recent} <= kept


@given(
    dates=st.lists(
        st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2027, 1, 1)).map(
            lambda d: d.replace(tzinfo=dt.UTC)
        ),
        max_size=80,
    )
)
def test_to_keep_keeps_the_future_and_the_newest(dates: list[dt.datetime]):
    kept = to_keep(dates, now=NOW, tz=PARIS)
    assert kept <= set(dates)
    assert {d for d in dates if d > NOW} <= kept
    past = [d for d in dates if d <= NOW]
    if past:
        assert max(past) in kept
        assert len([d for d in kept if d <= NOW]) <= 7 + 4 + 12


# Backups older than a GDPR erasure ----------------------------------------------------------------------

ERASED_AT = dt.datetime(2026, 2, 1, 9, 30, tzinfo=dt.UTC)


def _erase_someone(db: Database, actor: Actor, *, at: dt.datetime) -> int:
    with db.session_factory.begin() as s:
        contact = Contact(kind=ContactKind.PERSON, last_name="Oubliée-Qwzx")
        s.add(contact)
        s.flush()
        contact_id = contact.id
    GdprService(db.session_factory, actor=actor).erase(contact_id=contact_id, now=at)
    return contact_id


def _backup_of_kind(db: Database, folder: Path, kind: BackupKind, at: dt.datetime) -> Path:
    """A real backup of `kind` taken at `at`, where that kind goes: the backup folder for automatic and
    manual ones, `backups/` beside the database for the safety copies of a restore or an upgrade."""
    assert db.path is not None
    if kind in (BackupKind.AUTOMATIC, BackupKind.MANUAL):
        return make_backup(db=db, folder=folder, now=at, kind=kind).path
    target = backups_dir(db.path) / backup_name(db.path.stem, kind, at)
    db_backups.online_backup(db.path, target)
    return target


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", list(BackupKind))
def test_every_kind_of_backup_older_than_an_erasure_goes_30_days_later(
    db: Database, admin: Actor, tmp_path: Path, kind: BackupKind
):
    SettingsService(db.session_factory, actor=admin).set_many(values={"backup.folder": str(tmp_path / "usb")})
    service = BackupService(db, actor=admin)
    before = _backup_of_kind(db, service.folder(), kind, ERASED_AT - dt.timedelta(days=3))
    _erase_someone(db, admin, at=ERASED_AT)
    after = _backup_of_kind(db, service.folder(), kind, ERASED_AT + dt.timedelta(hours=2))
    assert parse_kinds(service) == {before.name: kind, after.name: kind}

    # Listed with the day the thinning deletes it; the one taken after the erasure holds nobody erased.
    deadline = {b.path: b.delete_by for b in service.backups()}
    assert deadline == {before: ERASED_AT + ERASURE_GRACE, after: None}

    result = service.thin(now=ERASED_AT + ERASURE_GRACE - dt.timedelta(minutes=1))
    assert result.erased == () and before.is_file()
    result = service.thin(now=ERASED_AT + ERASURE_GRACE)
    assert result.erased == (before,) and before in result.removed and result.made is None
    assert not before.exists() and after.is_file()
    # Automatic runs apply the same rule.
    assert service.thin(now=ERASED_AT + ERASURE_GRACE).removed == ()


def parse_kinds(service: BackupService) -> dict[str, BackupKind]:
    return {b.path.name: b.kind for b in service.backups()}


@pytest.mark.sqlite_only
def test_automatic_run_deletes_old_manual_backups_after_an_erasure(db: Database, admin: Actor):
    service = BackupService(db, actor=admin)
    manual = service.back_up_now(now=ERASED_AT - dt.timedelta(days=1)).path
    _erase_someone(db, admin, at=ERASED_AT)
    run = service.automatic(now=ERASED_AT + dt.timedelta(days=29))
    assert run.erased == 0 and manual.is_file()
    run = service.automatic(now=ERASED_AT + dt.timedelta(days=31))
    assert run.erased == 1 and not manual.exists()
    assert len(service.backups()) == 2  # the two automatic ones, both after the erasure


@pytest.mark.sqlite_only
def test_thin_makes_a_fresh_backup_rather_than_leave_none(db: Database, admin: Actor):
    service = BackupService(db, actor=admin)
    old = service.back_up_now(now=ERASED_AT - dt.timedelta(days=1)).path
    _erase_someone(db, admin, at=ERASED_AT)
    now = ERASED_AT + dt.timedelta(days=40)
    result = service.thin(now=now)
    assert result.made is not None and result.made.taken_at == now and result.made.path.is_file()
    assert result.erased == (old,) and not old.exists()
    assert [b.path for b in service.backups()] == [result.made.path]
    assert "Oubliée".encode() not in result.made.path.read_bytes()
    assert b"Qwzx" not in result.made.path.read_bytes()


def test_held_too_long_rule():
    e1, e2 = ERASED_AT, ERASED_AT + dt.timedelta(days=20)
    dates = [e1 - dt.timedelta(days=1), e1 + dt.timedelta(days=1), e2 + dt.timedelta(days=1)]
    assert held_too_long(dates, erasures=[], now=e2 + dt.timedelta(days=400)) == set()
    assert held_too_long(dates, erasures=[e2, e1], now=e1 + ERASURE_GRACE) == {dates[0]}
    assert held_too_long(dates, erasures=[e1, e2], now=e2 + ERASURE_GRACE) == set(dates[:2])
    # A backup taken at the very moment of the erasure is taken after it (the erasure committed first).
    assert held_too_long([e1], erasures=[e1], now=e1 + ERASURE_GRACE) == set()
