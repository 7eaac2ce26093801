"""Errors a service raises on purpose. Each str() is a sentence the UI can show as it is."""

from __future__ import annotations

from dealercrm.i18n import N_, _


class ServiceError(Exception):
    """Base class: a refused or impossible action, explained."""


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class AuthError(ServiceError):
    pass


class ConflictError(ServiceError):
    """Someone else changed the record since it was read (optimistic locking)."""


# The words for the fields a ValidationError names, for its one-line sentence (str(): the command line, a
# message box). A form shows each message beside its own field instead. A name not listed here (a
# setting's key, an import column, a command's option) is shown as it is: it is what the user typed.
FIELD_LABELS: dict[str, str] = {
    "address_line1": N_("address"),
    "address_line2": N_("address (continued)"),
    "amount": N_("amount"),
    "appointment_at": N_("appointment"),
    "assignee": N_("assigned to"),
    "birth_date": N_("date of birth"),
    "budget": N_("budget"),
    "callback_at": N_("call back on"),
    "city": N_("city"),
    "civility": N_("title"),
    "company_name": N_("company name"),
    "cost": N_("cost"),
    "cost_lines": N_("costs"),
    "country": N_("country"),
    "dealership_name": N_("dealership name"),
    "due_at": N_("due"),
    "duration_minutes": N_("duration"),
    "duration_seconds": N_("duration"),
    "email": N_("e-mail"),
    "ends_on": N_("end date"),
    "financing_months": N_("financing months"),
    "first_name": N_("first name"),
    "first_registration_on": N_("first registration"),
    "goodwill_cost": N_("goodwill cost"),
    "job_title": N_("job title"),
    "landline": N_("landline"),
    "last_name": N_("last name"),
    "login": N_("login"),
    "lost_reason": N_("reason lost"),
    "mileage_km": N_("mileage"),
    "mobile": N_("mobile"),
    "occurred_at": N_("date"),
    "owner_id": N_("owner"),
    "password": N_("password"),
    "plate": N_("plate"),
    "postal_code": N_("postal code"),
    "price": N_("price"),
    "satisfaction": N_("satisfaction"),
    "siren": N_("SIREN"),
    "trade_in_mileage": N_("trade-in mileage"),
    "trade_in_value": N_("trade-in value"),
    "vin": N_("VIN"),
    "visited_on": N_("visit date"),
    "warranty_months": N_("warranty months"),
}


def field_label(field: str) -> str:
    """A field's word in the reader's language (FIELD_LABELS), or its name as it is."""
    return _(FIELD_LABELS[field]) if field in FIELD_LABELS else field


class ValidationError(ServiceError):
    """Bad input: `errors` maps each field name to its message; nothing was saved. str() is one line
    naming each field in the reader's language (made when it is read, in the language of that moment)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "; ".join(
            _("{field}: {message}").format(field=field_label(field), message=message)
            for field, message in self.errors.items()
        )
