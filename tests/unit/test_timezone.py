"""One time zone: the `dealership.timezone` setting, used by every service that turns instants into local
days and hours (no code assumes Europe/Paris)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dealercrm.db import Database
from dealercrm.services.compliance import in_calling_hours, load_law
from dealercrm.services.errors import ValidationError
from dealercrm.services.settings import DEFAULT_TIMEZONE, dealership_timezone, write_setting

MARTINIQUE = ZoneInfo("America/Martinique")


def test_the_setting_is_the_zone_and_is_checked(db: Database) -> None:
    with db.session_factory.begin() as session:
        assert dealership_timezone(session) == ZoneInfo(DEFAULT_TIMEZONE)
        write_setting(session, "dealership.timezone", "America/Martinique")
        assert dealership_timezone(session) == MARTINIQUE
        with pytest.raises(ValidationError):
            write_setting(session, "dealership.timezone", "Mars/Olympus")


def test_calling_hours_follow_the_dealerships_zone(db: Database) -> None:
    with db.session_factory.begin() as session:
        write_setting(session, "dealership.timezone", "America/Martinique")
        law = load_law(session)
    assert law.timezone == MARTINIQUE
    # 14:00 UTC on a Tuesday is 10:00 in Martinique (a calling hour) and 15:00 in Paris.
    tuesday_14_utc = dt.datetime(2026, 12, 8, 14, 0, tzinfo=dt.UTC)
    assert in_calling_hours(tuesday_14_utc, law=law)
    # 12:30 UTC is 08:30 in Martinique: before the first window.
    assert not in_calling_hours(dt.datetime(2026, 12, 8, 12, 30, tzinfo=dt.UTC), law=law)


def test_no_module_names_a_zone_of_its_own() -> None:
    """Only the settings catalogue names the default zone (the demo takes it from there)."""
    root = Path(__file__).resolve().parents[2] / "dealercrm"
    allowed = {root / "services" / "settings.py"}
    pending: dict[Path, str] = {}
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted(root.rglob("*.py"))
        if path not in allowed and path not in pending
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"ZoneInfo\(\s*[\"']|[\"']Europe/Paris[\"']", line)
    ]
    assert offenders == []


def test_the_dealerships_day_is_not_the_computers(db: Database) -> None:
    """23:30 UTC on 6 December is already the 7th in Paris, and still the 6th in Martinique: the day a
    service works on is the dealership's, whatever zone the computer is set to."""
    from dealercrm.services.settings import dealership_today, dealership_today_of

    late = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    with db.session_factory.begin() as session:
        assert dealership_today(session, now=late) == dt.date(2026, 12, 7)
        write_setting(session, "dealership.timezone", "America/Martinique")
        assert dealership_today(session, now=late) == dt.date(2026, 12, 6)
    assert isinstance(dealership_today_of(db.session_factory), dt.date)


def _reading_lines(folders: tuple[str, ...], reads: re.Pattern[str], *, but: str = "") -> list[str]:
    """Every line of dealercrm/<folders> matching `reads` (comments aside), as path:line; file `but` aside."""
    root = Path(__file__).resolve().parents[2] / "dealercrm"
    return [
        f"{path.relative_to(root)}:{n}"
        for folder in folders
        for path in sorted((root / folder).rglob("*.py"))
        if path != root / but
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if reads.search(line) and not line.lstrip().startswith("#")
    ]


def test_no_service_reads_the_computers_clock() -> None:
    """Services, the demo, the models and db/ take the time from the caller or the one clock
    (models.types.utcnow) and the day from settings.dealership_today: never `date.today()` (the
    computer's zone) or `datetime.now()`."""
    reads = re.compile(r"\bdate\.today\(\)|\bdatetime\.now\(|\bdatetime\.utcnow\(|\btime\.time\(\)")
    assert _reading_lines(("services", "demo", "models", "db"), reads, but="models/types.py") == []


def test_no_screen_reads_the_computers_date() -> None:
    """Screens take the day from AppContext.today (the one clock in the dealership's zone), never from
    the computer's zone: `date.today()`, `QDate.currentDate()` and a zoneless `datetime.now()` would put
    a workstation set to UTC on yesterday for the first hour of a Paris day (the service then refuses
    today's date as "in the future", or a default date is a day off)."""
    reads = re.compile(
        r"\bdate\.today\(\)|\bQDate\.currentDate\(|\bQDateTime\.currentDateTime\(|\bdatetime\.now\(\)"
    )
    assert _reading_lines(("ui",), reads) == []
