"""The dealership's public holidays: national ones, Alsace-Moselle's, the overseas départements'."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dealercrm.db import Database
from dealercrm.models.enums import Severity
from dealercrm.services import compliance as law
from dealercrm.services.claims import deadline_rule
from dealercrm.services.compliance import LawSettings
from dealercrm.services.settings import write_setting
from dealercrm.services.work_calendar import WorkCalendar, calendar_for, department_of, load_calendar

PARIS = ZoneInfo("Europe/Paris")
ALSACE_MOSELLE = ("57", "67", "68")
OTHERS = (None, "75", "13", "971", "972", "973", "974", "976", "2A")


def at_eleven(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(11), tzinfo=PARIS)


@pytest.mark.parametrize("department", [*ALSACE_MOSELLE, *OTHERS])
@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 11, 11),  # Armistice, a Wednesday
        dt.date(2026, 12, 25),  # Christmas, a Friday
        dt.date(2026, 5, 25),  # Whit Monday
        dt.date(2027, 5, 17),  # Whit Monday
    ],
)
def test_national_holidays_are_no_calling_days(department: str | None, day: dt.date) -> None:
    rules = LawSettings(calendar=WorkCalendar(department))
    assert not law.in_calling_hours(at_eleven(day), law=rules)
    after = law.next_calling_moment(at_eleven(day), law=rules)
    assert after is not None and after.astimezone(PARIS).date() > day


@pytest.mark.parametrize("department", [*ALSACE_MOSELLE, *OTHERS])
def test_good_friday_and_st_stephen_only_in_alsace_moselle(department: str | None) -> None:
    rules = LawSettings(calendar=WorkCalendar(department))
    st_stephen = dt.date(2028, 12, 26)  # a Tuesday
    local = department in ALSACE_MOSELLE
    assert law.in_calling_hours(at_eleven(st_stephen), law=rules) is not local
    good_friday = dt.date(2027, 3, 26)
    if department is None or len(department) == 2:  # the Antilles and Guyane have Good Friday too
        assert law.in_calling_hours(at_eleven(good_friday), law=rules) is not local


@pytest.mark.parametrize(
    ("department", "day"),
    [
        ("971", dt.date(2026, 5, 27)),  # Guadeloupe
        ("972", dt.date(2026, 5, 22)),  # Martinique
        ("973", dt.date(2026, 6, 10)),  # Guyane
        ("974", dt.date(2027, 12, 20)),  # La Réunion
        ("976", dt.date(2026, 4, 27)),  # Mayotte
    ],
)
def test_abolition_of_slavery_days_overseas(department: str, day: dt.date) -> None:
    assert WorkCalendar(department).is_holiday(day)
    assert not WorkCalendar("75").is_holiday(day)
    assert not law.in_calling_hours(at_eleven(day), law=LawSettings(calendar=WorkCalendar(department)))


def test_guadeloupe_27_may() -> None:
    rules = LawSettings(calendar=WorkCalendar("971"))
    may_27 = at_eleven(dt.date(2026, 5, 27))
    assert not law.in_calling_hours(may_27, law=rules)
    assert law.in_calling_hours(may_27)  # in metropolitan France, a Wednesday like another


@pytest.mark.parametrize(
    ("postcode", "department"),
    [("57000", "57"), ("67000", "67"), ("68100", "68"), ("97110", "971"), ("97600", "976"), ("75008", "75")],
)
def test_department_of_postcode(postcode: str, department: str) -> None:
    assert department_of(postcode) == department
    assert department_of(f" {postcode[:2]} {postcode[2:]} ") == department


def test_no_postcode_means_the_national_list() -> None:
    assert department_of("") is None and department_of("Metz") is None
    assert calendar_for(postcode="") == WorkCalendar(None)
    assert calendar_for(postcode="", address="3 rue Serpenoise\n57000 Metz") == WorkCalendar("57")
    assert calendar_for(postcode="75001", address="57000 Metz") == WorkCalendar("75")


def test_claim_deadlines_use_the_dealerships_calendar(db: Database, db_path: Path) -> None:
    thursday = dt.datetime(2027, 3, 25, 17, tzinfo=PARIS)  # the day before Good Friday
    with db.session_factory() as s:
        assert load_calendar(s) == WorkCalendar(None)
        assert deadline_rule(s)(Severity.CRITICAL, thursday) == dt.datetime(2027, 3, 26, 12, tzinfo=PARIS)
    with db.session_factory.begin() as s:
        write_setting(s, "dealership.postcode", "67000")  # Strasbourg
    with db.session_factory() as s:
        assert load_calendar(s).subdivision == "6AE"
        # Good Friday, the weekend and Easter Monday off: due on Tuesday.
        assert deadline_rule(s)(Severity.CRITICAL, thursday) == dt.datetime(2027, 3, 30, 12, tzinfo=PARIS)


def test_a_postcode_setting_has_five_digits(db: Database) -> None:
    from dealercrm.services.errors import ValidationError

    with db.session_factory.begin() as s, pytest.raises(ValidationError):
        write_setting(s, "dealership.postcode", "Metz")
