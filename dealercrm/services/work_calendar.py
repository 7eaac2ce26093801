"""The dealership's calendar: which days are French public holidays (jours fériés) where it stands.

One home for the rule, used by calling hours (`compliance.in_calling_hours`, `next_calling_moment`)
and by claim deadlines (`working_hours.add_working_hours`). The holidays come from the `holidays`
library, which knows the national list and the local ones:

- Alsace-Moselle (départements 57, 67 and 68): Good Friday and 26 December as well;
- the overseas départements (971 Guadeloupe, 972 Martinique, 973 Guyane, 974 La Réunion, 976 Mayotte):
  their abolition-of-slavery day, and the other local days the library lists.

The département is read from the dealership's postcode (`dealership.postcode`, or the last French
postcode found in `dealership.address` while that setting is empty); without one, the national list
applies. Nothing here reads the clock: callers pass the day.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dealercrm.services.settings import read_setting

# Département -> the `holidays` library's subdivision code for France (others use the national list).
_SUBDIVISIONS: dict[str, str] = {
    "57": "57",  # Moselle
    "67": "6AE",  # Bas-Rhin: the Collectivité européenne d'Alsace
    "68": "6AE",  # Haut-Rhin
    "971": "971",  # Guadeloupe
    "972": "972",  # Martinique
    "973": "973",  # Guyane
    "974": "974",  # La Réunion
    "976": "976",  # Mayotte
}
_POSTCODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def department_of(postcode: str) -> str | None:
    """The département of a French postcode: "57000" -> "57", "97110" -> "971", "20000" -> "20";
    None when `postcode` is not five digits."""
    code = postcode.strip().replace(" ", "")
    if not re.fullmatch(r"\d{5}", code):
        return None
    return code[:3] if code.startswith(("97", "98")) else code[:2]


def postcode_in(address: str) -> str | None:
    """The last five-digit group of a postal address ("12 rue X\\n57000 Metz" -> "57000"), if any."""
    found = _POSTCODE.findall(address)
    return found[-1] if found else None


@functools.lru_cache(maxsize=128)
def _holidays(subdivision: str | None, year: int) -> dict[dt.date, str]:
    import holidays  # lazily: the library builds its country classes on import

    return dict(holidays.country_holidays("FR", subdiv=subdivision, years=year).items())


@dataclass(frozen=True)
class WorkCalendar:
    """French public holidays for one département (None: the national list)."""

    department: str | None = None

    @property
    def subdivision(self) -> str | None:
        """The `holidays` library's subdivision code, when the département has local holidays."""
        return _SUBDIVISIONS.get(self.department or "")

    def holiday_name(self, day: dt.date) -> str | None:
        """The name of the public holiday falling on `day` (in English, as the library gives it)."""
        return _holidays(self.subdivision, day.year).get(day)

    def is_holiday(self, day: dt.date) -> bool:
        """Whether `day` is a public holiday here."""
        return day in _holidays(self.subdivision, day.year)

    def holidays_of(self, year: int) -> frozenset[dt.date]:
        """Every public holiday of `year` here."""
        return frozenset(_holidays(self.subdivision, year))

    def is_working_day(self, day: dt.date, *, weekdays: frozenset[int] = frozenset(range(5))) -> bool:
        """A day of `weekdays` (0 = Monday; Monday to Friday by default) that is no public holiday."""
        return day.weekday() in weekdays and not self.is_holiday(day)


def calendar_for(*, postcode: str, address: str = "") -> WorkCalendar:
    """The calendar of a dealership at `postcode` (when empty, the postcode found in `address`)."""
    code = postcode.strip() or postcode_in(address) or ""
    return WorkCalendar(department_of(code))


def load_calendar(session: Session) -> WorkCalendar:
    """The calendar of the dealership in this database, from its postcode (or its address)."""
    return calendar_for(
        postcode=str(read_setting(session, "dealership.postcode") or ""),
        address=str(read_setting(session, "dealership.address") or ""),
    )
