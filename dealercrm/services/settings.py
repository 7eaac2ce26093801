"""Every dealership-wide setting, declared once with its type and default (stored in `settings`).

User preferences (window geometry, last page) live in QSettings on the workstation instead.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from dealercrm.i18n import DEFAULT_LANGUAGE, N_, _, normalize
from dealercrm.models import Setting
from dealercrm.models.types import utcnow
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service
from dealercrm.services.errors import ValidationError
from dealercrm.services.permissions import require, setting_readable

# The dealership's time zone until the `dealership.timezone` setting says otherwise. Nothing else in the
# code names a zone: every service takes it from `dealership_timezone()` (or from its caller).
DEFAULT_TIMEZONE = "Europe/Paris"


@dataclass(frozen=True)
class SettingDef:
    key: str
    type: type
    default: Any
    description: str
    pattern: str | None = None  # a text setting, when not empty, must match it whole
    hint: str = ""  # what the pattern expects, for the error message


SETTINGS: dict[str, SettingDef] = {
    d.key: d
    for d in (
        SettingDef("dealership.name", str, "", "Trading name shown on reports and in the title bar"),
        SettingDef("dealership.address", str, "", "Postal address, several lines"),
        SettingDef(
            "dealership.postcode",
            str,
            "",
            "Postcode: its département decides the local public holidays (Alsace-Moselle, overseas)",
            pattern=r"\d{5}",
            hint=N_("a French postcode has 5 digits"),
        ),
        SettingDef("dealership.phone", str, "", "Switchboard number"),
        SettingDef("dealership.email", str, "", "Contact e-mail address"),
        SettingDef("dealership.siret", str, "", "SIRET number"),
        SettingDef("dealership.logo_png_base64", str, "", "Logo (PNG, base64) for reports"),
        SettingDef(
            "dealership.timezone", str, DEFAULT_TIMEZONE, "Time zone for calling hours, deadlines and dates"
        ),
        SettingDef(
            "dealership.language",
            str,
            "fr",
            "Language of the documents printed for customers and of the campaign report (fr or en)",
            pattern=r"fr|en",
            hint=N_("fr or en"),
        ),
        SettingDef("dealership.brands", list, [], "Makes the dealership represents"),
        SettingDef(
            "dealership.is_demo", bool, False, "Synthetic demo data (the login screen lists its accounts)"
        ),
        SettingDef(
            "claims.sla_hours",
            dict,
            {"low": 72, "medium": 40, "high": 16, "critical": 4},
            "Deadline per claim severity, in working hours",
        ),
        SettingDef(
            "claims.working_hours", list, [9, 18], "Workshop opening hours [start, end) on working days"
        ),
        SettingDef(
            "kpi.churn_window_months", int, 24, "A customer is active with a sale or visit this recent"
        ),
        SettingDef("kpi.clv_max_years", int, 15, "Cap on expected customer lifetime"),
        SettingDef(
            "campaigns.attribution_days", int, 90, "A sale this soon after a reach counts for the campaign"
        ),
        SettingDef("service.maintenance_months", int, 12, "Maintenance interval in months"),
        SettingDef("service.maintenance_km", int, 15000, "Maintenance interval in kilometres"),
        SettingDef(
            "contact_law.call_windows", list, [["10:00", "13:00"], ["14:00", "20:00"]], "Calling hours"
        ),
        SettingDef("contact_law.max_attempts_30d", int, 4, "Call attempts per contact per 30 days"),
        SettingDef("contact_law.refusal_quiet_days", int, 60, "No call this long after a refusal"),
        SettingDef("contact_law.bloctel_max_age_days", int, 30, "Warn when the Bloctel list is older"),
        SettingDef("contact_law.call_weekdays", list, [0, 1, 2, 3, 4], "Days calls are allowed (0 = Monday)"),
        SettingDef("contact_law.attempts_window_days", int, 30, "Window for the call-attempt limit, in days"),
        SettingDef(
            "contact_law.phone_needs_consent",
            bool,
            True,
            "Consumer phone prospecting needs consent",
        ),
        SettingDef(
            "contact_law.soft_opt_in_customers",
            bool,
            True,
            "Existing customers may get e-mail/SMS about similar products unless they refused",
        ),
        SettingDef("contact_law.b2b_opt_out", bool, True, "Companies: prospecting unless opted out"),
        SettingDef(
            "contact_law.contract_objectives",
            list,
            ["service_reminder", "lease_renewal"],
            "Campaign objectives that count as calls about an ongoing contract",
        ),
        SettingDef("today.hot_lead_quiet_days", int, 10, "Hot leads not contacted for this many days"),
        SettingDef("auth.max_failed_logins", int, 5, "Failed logins before the account locks"),
        SettingDef("auth.lock_minutes", int, 15, "How long a locked account stays locked"),
        SettingDef("smtp.host", str, "", "Outgoing mail server"),
        SettingDef("smtp.port", int, 587, "Outgoing mail server port"),
        SettingDef("smtp.tls", str, "starttls", "none, starttls or ssl"),
        SettingDef("smtp.login", str, "", "Login on the mail server (the password is in the keyring)"),
        SettingDef("backup.every_hours", int, 4, "Automatic backup interval while the app is open"),
        SettingDef("backup.folder", str, "", "Backup folder (empty: beside the database)"),
        SettingDef(
            "gdpr.compaction_pending",
            int,
            0,
            "Erasures whose old values the database file may still hold (0: none; kept by the app)",
        ),
        SettingDef("scoring.weights", dict, {}, "Lead scoring rule weights (empty: built-in defaults)"),
    )
}


def coerce(key: str, value: Any) -> Any:
    definition = SETTINGS.get(key)
    if definition is None:
        raise ValidationError({key: _("unknown setting")})
    if definition.type is int and isinstance(value, str):
        try:
            value = int(value)
        except ValueError as exc:
            raise ValidationError({key: _("a whole number is expected")}) from exc
    if definition.type is bool and not isinstance(value, bool):
        raise ValidationError({key: _("expected yes or no")})
    if not isinstance(value, definition.type) or (definition.type is int and isinstance(value, bool)):
        raise ValidationError({key: _("expected {type}").format(type=definition.type.__name__)})
    if key == "dealership.timezone":
        value = str(value).strip()
        if _zone(value) is None:
            raise ValidationError(
                {key: _("an IANA time zone is expected, e.g. Europe/Paris or America/Martinique")}
            )
    if definition.pattern is not None and isinstance(value, str):
        value = value.strip()
        if value and re.fullmatch(definition.pattern, value) is None:
            message = _(definition.hint) if definition.hint else _("not in the expected form")
            raise ValidationError({key: message})
    return value


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def dealership_timezone(session: Session) -> ZoneInfo:
    """The dealership's time zone: the `dealership.timezone` setting, the default when it is not a zone
    this computer knows. The one place services get a zone from."""
    return _zone(str(read_setting(session, "dealership.timezone") or "")) or ZoneInfo(DEFAULT_TIMEZONE)


def today_in(zone: dt.tzinfo, *, now: dt.datetime | None = None) -> dt.date:
    """The day it is in `zone`: `now` (default: the one clock, models.types.utcnow) there."""
    return (now or utcnow()).astimezone(zone).date()


def dealership_today(session: Session, *, now: dt.datetime | None = None) -> dt.date:
    """The day it is at the dealership: `now` (default: the one clock, models.types.utcnow) in the
    dealership's time zone. Not the computer's date: a server or workstation set to UTC would still be
    on yesterday for the first hour of a Paris day."""
    return today_in(dealership_timezone(session), now=now)


def dealership_today_of(session_factory: sessionmaker[Session]) -> dt.date:
    """`dealership_today` for a service that has no session open yet."""
    with session_factory() as session:
        return dealership_today(session)


def dealership_language(session: Session) -> str:
    """The language of what the dealership sends its customers (claim letter, campaign report, e-mails,
    SMS): the `dealership.language` setting, whatever the language of the user who prints or sends."""
    return normalize(str(read_setting(session, "dealership.language") or DEFAULT_LANGUAGE))


def read_setting(session: Session, key: str) -> Any:
    """A setting's stored value, or its default."""
    row = session.get(Setting, key)
    return row.value if row is not None else SETTINGS[key].default


def write_setting(session: Session, key: str, value: Any) -> None:
    value = coerce(key, value)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    elif row.value != value:
        row.value = value


class SettingsService(Service):
    def get(self, key: str) -> Any:
        """The value of one setting (its default when never set); the mail server's only for those who
        manage settings."""
        require(self._actor, "settings.read")
        if key not in SETTINGS:
            raise ValidationError({key: _("unknown setting")})
        if not setting_readable(self._actor, key):
            require(self._actor, "settings.manage")  # refuses, with the usual sentence
        with self._session_factory() as session:
            return read_setting(session, key)

    def all(self) -> dict[str, Any]:
        """Every setting the actor may read, with its current value (the mail server's are left out for
        those who do not manage settings)."""
        require(self._actor, "settings.read")
        readable = [key for key in SETTINGS if setting_readable(self._actor, key)]
        with self._session_factory() as session:
            stored = {
                s.key: s.value for s in session.scalars(select(Setting).where(Setting.key.in_(readable)))
            }
        return {key: stored.get(key, SETTINGS[key].default) for key in readable}

    def set_many(self, *, values: dict[str, Any]) -> None:
        """Change several settings at once; all are validated before any is written."""
        require(self._actor, "settings.manage")
        errors: dict[str, str] = {}
        for key, value in values.items():
            try:
                coerce(key, value)
            except ValidationError as exc:
                errors.update(exc.errors)
        if errors:
            raise ValidationError(errors)
        with unit_of_work(self._session_factory, self._actor) as session:
            for key, value in values.items():
                write_setting(session, key, value)
