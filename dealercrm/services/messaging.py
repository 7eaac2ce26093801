"""Messages of campaigns: templates with merge fields, e-mail over SMTP, SMS through a provider.

Templates use `{field}` merge fields (French names, as the dealership writes its scripts):
civilite, prenom, nom, societe, vehicule, immatriculation, echeance, vendeur, signature, concession,
telephone_concession. `render` fills them and says which are missing for a contact (no vehicle, no
due date...) and which are unknown (typos), so that the UI can flag them before anything is sent.

Every e-mail carries an unsubscribe link and a List-Unsubscribe header; every SMS a "STOP" mention.

Sending (e-mail and SMS) is resumable: each recipient's sent state (sent_at, message_id) is committed in
its own transaction right after the server or provider accepted the message, and a resumed send only
picks targets with no sent_at. Consent and the suppression list are checked again for every recipient.
The SMTP password lives in the system keyring only; when no keyring is available the UI asks for it
each time (`KeyringUnavailable`), and it is never written to the database, the settings or a log.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import smtplib
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from dealercrm import i18n
from dealercrm.i18n import DEFAULT_LANGUAGE, N_, LazyString, _, lazy_gettext
from dealercrm.models import (
    Campaign,
    CampaignTarget,
    Consent,
    Contact,
    Interaction,
    Sale,
    ServiceVisit,
    User,
    Vehicle,
    utcnow,
)
from dealercrm.models.enums import (
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Civility,
    ContactKind,
    Direction,
    InteractionType,
    Lifecycle,
    ServiceKind,
    StockStatus,
    TargetStatus,
)
from dealercrm.services.audit import unit_of_work
from dealercrm.services.base import Service, get_campaign
from dealercrm.services.compliance import (
    FINANCED,
    channel_of,
    consent_exclusion,
    load_law,
    ongoing_contract_clause,
    purpose_of,
)
from dealercrm.services.due_dates import technical_inspection_due
from dealercrm.services.errors import NotFound, PermissionDenied, ServiceError, ValidationError
from dealercrm.services.permissions import require, role_word, visible_contacts_clause
from dealercrm.services.progress import Progress
from dealercrm.services.settings import dealership_language, dealership_today, read_setting, write_setting
from dealercrm.services.suppression import is_suppressed, normalise_phone
from dealercrm.services.vehicles import contact_name

# Shown in the template editor, translated when read (lazy: built at import, before any language).
MERGE_FIELDS: dict[str, LazyString] = {
    "civilite": lazy_gettext("Civility (Monsieur / Madame)"),
    "prenom": lazy_gettext("First name"),
    "nom": lazy_gettext("Last name"),
    "societe": lazy_gettext("Company"),
    "vehicule": lazy_gettext("Vehicle (make and model)"),
    "immatriculation": lazy_gettext("Plate"),
    "echeance": lazy_gettext("Due date (lease end, contrôle technique, warranty end)"),
    "vendeur": lazy_gettext("Salesperson"),
    "signature": lazy_gettext("Salesperson's signature"),
    "concession": lazy_gettext("Dealership name"),
    "telephone_concession": lazy_gettext("Dealership phone"),
}
_FIELD = re.compile(r"\{(\w+)\}")
STOP_MENTION = "STOP au 36180"  # the usual short-number mention; the opt-out path is the reply "STOP"
KEYRING_SERVICE = "dealercrm-smtp"


# Templates -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    text: str
    missing: tuple[str, ...]  # known fields with no value for this contact
    unknown: tuple[str, ...]  # fields that are not merge fields at all

    @property
    def ok(self) -> bool:
        return not self.missing and not self.unknown


def template_fields(template: str) -> list[str]:
    return list(dict.fromkeys(_FIELD.findall(template or "")))


# Fields that are left out, with the space before them, when they have no value ("Bonjour {civilite}
# {nom}" reads "Bonjour Garage Martin" for a company); they are reported missing only when `values`
# does not hold them at all (a person whose civility is unknown), never for a company.
BLANK_WHEN_EMPTY = frozenset({"civilite"})
_BLANK = "\x00"


def render(template: str, values: Mapping[str, str]) -> Rendered:
    """Fill `{field}`s from `values`; missing and unknown fields are left as they are and reported
    (BLANK_WHEN_EMPTY fields are left out instead)."""
    missing: list[str] = []
    unknown: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in MERGE_FIELDS:
            unknown.append(name)
            return match.group(0)
        value = values.get(name, "")
        if not value:
            if name not in values or name not in BLANK_WHEN_EMPTY:
                missing.append(name)
            return _BLANK if name in BLANK_WHEN_EMPTY else match.group(0)
        return value

    text = _FIELD.sub(fill, template or "")
    text = text.replace(" " + _BLANK, "").replace(_BLANK + " ", "").replace(_BLANK, "")
    return Rendered(text, tuple(dict.fromkeys(missing)), tuple(dict.fromkeys(unknown)))


# "STOP" as a word of its own (no letter, digit, "_" or "-" glued to either side), then optionally "SMS",
# then optionally "au", "à" or ":", then a five-digit short number (SMS short codes run from 3xxxx to 8xxxx).
_STOP_RE = re.compile(r"(?<![\w-])STOP(?:\s+SMS)?\s*(?:\b(?:au|à)\b|:)?\s*[3-8]\d{4}(?![\w-])", re.IGNORECASE)


def has_stop_mention(text: str) -> bool:
    """Whether an SMS text carries the opt-out mention French marketing SMS must have (CPCE L.34-5, the
    CNIL and the AF2M's code of practice: a free, simple way to object, given in every message).

    The precise rule: the keyword STOP, in any case, standing as a word of its own, followed by the
    short number to send it to (five digits, 3xxxx-8xxxx), with optionally "SMS" and "au"/"à"/":" in
    between: "STOP au 36180", "Stop SMS 36111", "STOP : 36180". "Non-stop", "STOPPER", "STOP" without a
    number, or a number glued to more digits do not count.
    """
    return _STOP_RE.search(text) is not None


def with_stop_mention(text: str) -> str:
    """An SMS text that carries the STOP opt-out mention the law requires (added when absent, as
    `has_stop_mention` defines it)."""
    return text if has_stop_mention(text) else f"{text.rstrip()} {STOP_MENTION}"


def unsubscribe_url(*, base: str, token: str) -> str:
    return (
        f"{base}?t={quote(token)}"
        if base.startswith("http")
        else f"mailto:{base}?subject=STOP%20{quote(token)}"
    )


def with_unsubscribe(body: str, *, link: str, language: str = DEFAULT_LANGUAGE) -> str:
    """An e-mail body ending with the unsubscribe sentence (and link) the law requires, in `language`
    (the dealership's)."""
    sentence = i18n.translations(language).gettext(
        "You receive this message from the dealership. To stop receiving our messages: {link}"
    )
    return f"{body.rstrip()}\n\n--\n{sentence.format(link=link)}\n"


CIVILITY_WORDS = {Civility.MR: N_("Mr"), Civility.MRS: N_("Mrs")}  # "Monsieur" / "Madame" in French


def merge_values(
    session: Session,
    *,
    contact_id: int,
    objective: CampaignObjective | None = None,
    sender_name: str = "",
    today: dt.date | None = None,
) -> dict[str, str]:
    """The merge field values for one contact (a handful of indexed queries)."""
    today = today or utcnow().date()
    language = dealership_language(session)  # the customer reads it: the dealership's language
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(_("No contact #{contact_id}.").format(contact_id=contact_id))
    values: dict[str, str] = {
        "prenom": contact.first_name or "",
        "nom": contact.last_name or "",
        "societe": contact.company_name or "",
    }
    if contact.civility in CIVILITY_WORDS:
        values["civilite"] = i18n.translations(language).gettext(CIVILITY_WORDS[contact.civility])
    elif contact.kind is ContactKind.COMPANY:
        values["civilite"] = ""  # no civility for a company: left out of the text, not missing
    if contact.kind is ContactKind.COMPANY and not values["nom"]:
        values["nom"] = contact.company_name or ""
    vehicle = session.scalars(
        select(Vehicle)
        .where(Vehicle.owner_contact_id == contact_id, Vehicle.stock_status == StockStatus.CUSTOMER_OWNED)
        .order_by(Vehicle.first_registration_on.desc(), Vehicle.id.desc())
        .limit(1)
    ).first()
    due: dt.date | None = None
    if vehicle is not None:
        values["vehicule"] = f"{vehicle.make} {vehicle.model}"
        values["immatriculation"] = vehicle.plate or ""
        last_ct = session.scalar(
            select(ServiceVisit.visited_on)
            .where(
                ServiceVisit.vehicle_id == vehicle.id, ServiceVisit.kind == ServiceKind.TECHNICAL_INSPECTION
            )
            .order_by(ServiceVisit.visited_on.desc())
            .limit(1)
        )
        ct = technical_inspection_due(
            first_registration_on=vehicle.first_registration_on, last_inspection_on=last_ct
        )
        financing_end = session.scalar(
            select(Sale.financing_end_on)
            .where(
                Sale.contact_id == contact_id, Sale.financing.in_(FINANCED), Sale.financing_end_on >= today
            )
            .order_by(Sale.financing_end_on)
            .limit(1)
        )
        if objective is CampaignObjective.LEASE_RENEWAL:
            due = financing_end
        elif objective is CampaignObjective.SERVICE_REMINDER:
            due = ct.due_on if ct else None
        else:
            due = min((d for d in (financing_end, ct.due_on if ct else None) if d), default=None)
    else:
        values["vehicule"] = contact.wanted_model or ""
    values["echeance"] = i18n.date(due, language) if due else ""
    owner = session.get(User, contact.owner_id) if contact.owner_id else None
    values["vendeur"] = sender_name or (owner.display_name if owner else "")
    dealership = str(read_setting(session, "dealership.name"))
    phone = str(read_setting(session, "dealership.phone"))
    values["concession"] = dealership
    values["telephone_concession"] = phone
    values["signature"] = "\n".join(p for p in (values["vendeur"], dealership, phone) if p)
    return values


@dataclass(frozen=True)
class Preview:
    contact_id: int
    subject: Rendered
    body: Rendered
    final_text: str  # what would be sent, with the unsubscribe / STOP mention


class TemplateService(Service):
    """Previewing a campaign's template on a real contact, and flagging missing fields over the list."""

    def preview(
        self, *, contact_id: int, kind: CampaignKind, subject: str, body: str, objective: CampaignObjective
    ) -> Preview:
        """The message `contact_id` would receive, merge fields filled, with what is missing; only on a
        contact the actor may see (a salesperson does not preview on another salesperson's prospect)."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            visible = session.scalar(
                select(Contact.id).where(Contact.id == contact_id, visible_contacts_clause(self._actor))
            )
            if visible is None:
                if session.get(Contact, contact_id) is None:
                    raise NotFound(
                        _("Contact #{contact_id} does not exist (any more).").format(contact_id=contact_id)
                    )
                raise PermissionDenied(
                    _("{display_name} ({role}) may not see this contact.").format(
                        display_name=self._actor.display_name, role=role_word(self._actor.role)
                    )
                )
            values = merge_values(session, contact_id=contact_id, objective=objective)
            dealer_mail = str(read_setting(session, "dealership.email")) or "unsubscribe@example.invalid"
            language = dealership_language(session)
        subj, text = render(subject, values), render(body, values)
        if kind is CampaignKind.SMS:
            final = with_stop_mention(text.text)
        else:
            final = with_unsubscribe(
                text.text,
                link=unsubscribe_url(base=dealer_mail, token=f"preview-{contact_id}"),
                language=language,
            )
        return Preview(contact_id, subj, text, final)

    def sample_recipients(self, *, campaign_id: int, limit: int = 100) -> list[tuple[int, str]]:
        """Real contacts to preview the message on: the first pending targets of a frozen campaign, else the
        first contacts its filters match that have an address or number for its channel. Only contacts
        the actor may see are offered."""
        require(self._actor, "campaigns.read")
        visible = visible_contacts_clause(self._actor)
        with self._session_factory() as session:
            campaign = get_campaign(session, campaign_id)
            columns = (Contact.id, Contact.kind, Contact.first_name, Contact.last_name, Contact.company_name)
            if campaign.status is CampaignStatus.DRAFT:
                from dealercrm.services.campaigns.building import campaign_filters
                from dealercrm.services.segments import segment_clause

                address = {
                    CampaignKind.EMAIL: Contact.email,
                    CampaignKind.SMS: Contact.mobile,
                    CampaignKind.PHONING: Contact.mobile,
                }[campaign.kind]
                clause = segment_clause(campaign_filters(session, campaign), today=dealership_today(session))
                stmt = (
                    select(*columns)
                    .where(clause, visible, address.is_not(None))
                    .order_by(Contact.id)
                    .limit(limit)
                )
            else:
                stmt = (
                    select(*columns)
                    .join(CampaignTarget, CampaignTarget.contact_id == Contact.id)
                    .where(
                        CampaignTarget.campaign_id == campaign_id,
                        CampaignTarget.status != TargetStatus.EXCLUDED,
                        visible,
                    )
                    .order_by(CampaignTarget.contact_id)
                    .limit(limit)
                )
            return [(r[0], contact_name(r[1], r[2], r[3], r[4])) for r in session.execute(stmt)]

    def missing_fields(self, *, campaign_id: int, limit: int = 2000) -> dict[str, int]:
        """For the first `limit` pending targets: how many lack each merge field the template uses."""
        require(self._actor, "campaigns.read")
        counts: dict[str, int] = {}
        with self._session_factory() as session:
            campaign = get_campaign(session, campaign_id)
            template = f"{campaign.subject or ''}\n{campaign.body or ''}"
            if not template_fields(template):
                return {}
            ids = session.scalars(
                select(CampaignTarget.contact_id)
                .where(
                    CampaignTarget.campaign_id == campaign_id, CampaignTarget.status == TargetStatus.PENDING
                )
                .limit(limit)
            ).all()
            for cid in ids:
                rendered = render(
                    template, merge_values(session, contact_id=cid, objective=campaign.objective)
                )
                for name in (*rendered.missing, *rendered.unknown):
                    counts[name] = counts.get(name, 0) + 1
        return counts


# Password in the keyring ---------------------------------------------------------------------------------


class KeyringUnavailable(ServiceError):
    """No usable system keyring: the password must be typed for this send (it is kept nowhere)."""


def _keyring_user(host: str, login: str) -> str:
    return f"{login}@{host}"


def get_smtp_password(*, host: str, login: str) -> str | None:
    """The SMTP password from the system keyring (None when none is stored). Raises KeyringUnavailable
    when there is no keyring or it fails; the message never contains the password."""
    import keyring
    import keyring.errors

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(host, login))
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailable(
            _(
                "No system keyring is available on this computer: the mail server password cannot be saved. "
                "Type it for each send; it is never stored in the database, the settings or the logs."
            )
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any backend failure means "ask the user"
        raise KeyringUnavailable(
            _(
                "The system keyring could not be read ({error}): type the mail server password "
                "for this send; it is not stored anywhere."
            ).format(error=exc.__class__.__name__)
        ) from exc


def store_smtp_password(*, host: str, login: str, password: str) -> None:
    """Save the SMTP password in the system keyring; KeyringUnavailable when that is impossible."""
    import keyring
    import keyring.errors

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(host, login), password)
    except keyring.errors.NoKeyringError as exc:
        raise KeyringUnavailable(
            _("No system keyring is available: the password was used for this send only and not saved.")
        ) from exc
    except Exception as exc:  # noqa: BLE001
        raise KeyringUnavailable(
            _("The system keyring refused the password ({error}): it was not saved.").format(
                error=exc.__class__.__name__
            )
        ) from exc


# Sending ----------------------------------------------------------------------------------------------------


class RecipientStatus(StrEnum):
    SENT = "sent"
    FAILED = "failed"  # permanent refusal (5xx, invalid number): not retried
    DEFERRED = "deferred"  # transient failure after every retry: left pending for a resume
    SKIPPED = "skipped"  # opted out or consent withdrawn since the list was frozen


@dataclass(frozen=True)
class RecipientResult:
    target_id: int
    contact_id: int
    address: str
    status: RecipientStatus
    detail: str = ""
    message_id: str | None = None


@dataclass(frozen=True)
class SendReport:
    campaign_id: int
    results: tuple[RecipientResult, ...]
    already_sent: int  # sent by an earlier run (a resume skips them)
    stopped: bool = False

    def count(self, status: RecipientStatus) -> int:
        return sum(1 for r in self.results if r.status is status)


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    tls: str = "starttls"  # none | starttls | ssl
    login: str = ""
    sender: str = ""
    timeout: float = 30.0


class TransientError(Exception):
    """Worth retrying: 4xx replies, dropped connections, timeouts."""


class PermanentError(Exception):
    """Not worth retrying for this recipient (5xx refusal, invalid address or number)."""


def classify_smtp_error(exc: BaseException) -> type[Exception]:
    """TransientError or PermanentError for an exception raised while sending one message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        return TransientError if codes and all(400 <= c < 500 for c in codes) else PermanentError
    if isinstance(exc, smtplib.SMTPResponseException):
        return TransientError if 400 <= exc.smtp_code < 500 else PermanentError
    if isinstance(exc, smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | TimeoutError):
        return TransientError
    if isinstance(exc, OSError):
        return TransientError
    return PermanentError


class SmtpTransport:
    """One SMTP connection, reopened after a transient failure."""

    def __init__(self, config: SmtpConfig, password: str | None) -> None:
        self._config = config
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self._config
        smtp: smtplib.SMTP
        if c.tls == "ssl":
            smtp = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
            if c.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if c.login and self._password:
            smtp.login(c.login, self._password)
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._connect()
        try:
            self._smtp.send_message(message)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._smtp = None


def smtp_config(session: Session) -> SmtpConfig:
    host = str(read_setting(session, "smtp.host"))
    if not host:
        raise ValidationError({"smtp.host": _("No mail server is set: fill in the SMTP settings first.")})
    return SmtpConfig(
        host=host,
        port=int(read_setting(session, "smtp.port")),
        tls=str(read_setting(session, "smtp.tls")),
        login=str(read_setting(session, "smtp.login")),
        sender=str(read_setting(session, "dealership.email")) or str(read_setting(session, "smtp.login")),
    )


class SmtpService(Service):
    """The dealership's mail server: its settings (`smtp.*` in the settings table), its password (in the
    system keyring only) and a connection test."""

    def current(self) -> SmtpConfig:
        """The settings as stored (an empty host when none is set yet), for those who manage settings."""
        require(self._actor, "settings.manage")
        return self._stored()

    def for_sending(self) -> SmtpConfig:
        """The same, for whoever sends a campaign: the send needs the server and its login (to find the
        password in the keyring or ask for it)."""
        require(self._actor, "campaigns.manage")
        return self._stored()

    def _stored(self) -> SmtpConfig:
        with self._session_factory() as session:
            return SmtpConfig(
                host=str(read_setting(session, "smtp.host")),
                port=int(read_setting(session, "smtp.port")),
                tls=str(read_setting(session, "smtp.tls")),
                login=str(read_setting(session, "smtp.login")),
                sender=str(read_setting(session, "dealership.email")),
            )

    @staticmethod
    def _validate(config: SmtpConfig) -> None:
        errors: dict[str, str] = {}
        if not config.host.strip():
            errors["smtp.host"] = _("Give the mail server's name.")
        if not 0 < config.port < 65536:
            errors["smtp.port"] = _("A port is a number from 1 to 65535.")
        if config.tls not in ("none", "starttls", "ssl"):
            errors["smtp.tls"] = _("Choose none, STARTTLS or SSL.")
        if errors:
            raise ValidationError(errors)

    def save(self, *, config: SmtpConfig, password: str | None = None) -> bool:
        """Store host, port, TLS and login in the settings (audited) and, when given, the password in the
        keyring. Returns whether the password was saved; raises KeyringUnavailable after saving the
        settings when the keyring refuses it (the password is then kept nowhere)."""
        require(self._actor, "settings.manage")
        self._validate(config)
        with unit_of_work(self._session_factory, self._actor) as session:
            write_setting(session, "smtp.host", config.host.strip())
            write_setting(session, "smtp.port", int(config.port))
            write_setting(session, "smtp.tls", config.tls)
            write_setting(session, "smtp.login", config.login.strip())
        if password:
            store_smtp_password(host=config.host.strip(), login=config.login.strip(), password=password)
            return True
        return False

    def test_connection(self, *, config: SmtpConfig, password: str | None) -> str:
        """Connect, say hello, log in when a login is set, and quit; returns the server's greeting.
        Raises ServiceError with a readable reason (never the password)."""
        require(self._actor, "settings.manage")
        self._validate(config)
        transport = SmtpTransport(config, password)
        try:
            smtp = transport._connect()
        except smtplib.SMTPAuthenticationError as exc:
            raise ServiceError(
                _("The server refused the login ({smtp_code}).").format(smtp_code=exc.smtp_code)
            ) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise ServiceError(
                _("Could not reach {host}:{port}: {error}: {exc}").format(
                    host=config.host, port=config.port, error=exc.__class__.__name__, exc=exc
                )
            ) from exc
        try:
            code, text = smtp.noop()
        finally:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
        return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}".strip()


@dataclass
class _Pending:
    target_id: int
    contact_id: int
    address: str
    phones: tuple[str, ...]
    kind: ContactKind
    lifecycle: Lifecycle
    consent: Any
    contract: bool


@dataclass
class SendOptions:
    throttle_seconds: float = 0.2  # between two messages, not to be taken for a spammer
    retries: int = 3
    retry_wait_seconds: float = 2.0  # doubled after each failed try
    sleep: Callable[[float], None] = field(default=time.sleep)
    now: Callable[[], dt.datetime] = field(default=utcnow)


@dataclass(frozen=True)
class SendState:
    campaign_id: int
    name: str
    kind: CampaignKind
    status: CampaignStatus
    already_sent: int
    to_go: int


class CampaignSender(Service):
    """Sends an e-mail or SMS campaign to its pending targets, resumable, one transaction per recipient."""

    def _pending(self, session: Session, campaign: Campaign) -> list[_Pending]:
        channel = channel_of(campaign.kind)
        purpose = purpose_of(campaign.objective)
        consent = (
            select(Consent.status)
            .where(Consent.contact_id == Contact.id, Consent.channel == channel, Consent.purpose == purpose)
            .order_by(Consent.recorded_at.desc(), Consent.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        stmt = (
            select(
                CampaignTarget.id,
                Contact.id,
                Contact.email,
                Contact.mobile,
                Contact.kind,
                Contact.lifecycle,
                consent,
                ongoing_contract_clause(utcnow().date()),
            )
            .join(Contact, Contact.id == CampaignTarget.contact_id)
            .where(
                CampaignTarget.campaign_id == campaign.id,
                CampaignTarget.status.in_((TargetStatus.PENDING, TargetStatus.IN_PROGRESS)),
                CampaignTarget.sent_at.is_(None),
                Contact.erased_at.is_(None),
            )
            .order_by(CampaignTarget.id)
        )
        email = campaign.kind is CampaignKind.EMAIL
        return [
            _Pending(
                r[0],
                r[1],
                (r[2] or "") if email else (normalise_phone(r[3]) or ""),
                (r[3],) if r[3] else (),
                r[4],
                r[5],
                r[6],
                bool(r[7]),
            )
            for r in session.execute(stmt)
        ]

    def _load(
        self, campaign_id: int, kind: CampaignKind
    ) -> tuple[Campaign, list[_Pending], int, dict[str, str]]:
        with self._session_factory() as session:
            campaign = get_campaign(session, campaign_id)
            if campaign.kind is not kind:
                raise ValidationError(
                    {"kind": _("This is a {kind} campaign.").format(kind=campaign.kind.value)}
                )
            if campaign.status not in (CampaignStatus.FROZEN, CampaignStatus.RUNNING):
                raise ValidationError({"status": _("Freeze the list before sending.")})
            if not (campaign.body or "").strip():
                raise ValidationError({"body": _("The message is empty.")})
            pending = self._pending(session, campaign)
            already = session.scalar(
                select(func.count())
                .select_from(CampaignTarget)
                .where(CampaignTarget.campaign_id == campaign_id, CampaignTarget.sent_at.is_not(None))
            )
            settings = {
                "dealership.email": str(read_setting(session, "dealership.email")),
                "dealership.domain": (
                    str(read_setting(session, "dealership.email")).partition("@")[2] or "dealercrm"
                ),
            }
            session.expunge(campaign)
        return campaign, pending, int(already or 0), settings

    def send_state(self, *, campaign_id: int) -> SendState:
        """Where a send stands: how many targets were sent already and how many are still to go."""
        require(self._actor, "campaigns.read")
        with self._session_factory() as session:
            campaign = get_campaign(session, campaign_id)
            sent = CampaignTarget.sent_at.is_not(None)
            to_go = CampaignTarget.status.in_((TargetStatus.PENDING, TargetStatus.IN_PROGRESS)) & (
                CampaignTarget.sent_at.is_(None)
            )
            already, remaining = session.execute(
                select(
                    func.coalesce(func.sum(case((sent, 1), else_=0)), 0),
                    func.coalesce(func.sum(case((to_go, 1), else_=0)), 0),
                ).where(CampaignTarget.campaign_id == campaign_id)
            ).one()
            return SendState(
                campaign_id=campaign_id,
                name=campaign.name,
                kind=campaign.kind,
                status=campaign.status,
                already_sent=int(already),
                to_go=int(remaining),
            )

    def _still_allowed(self, campaign: Campaign, p: _Pending) -> str | None:
        """Consent and suppression, checked again at send time (they may have changed since the build)."""
        with self._session_factory() as session:
            email = p.address if campaign.kind is CampaignKind.EMAIL else None
            if is_suppressed(
                session, phones=p.phones if campaign.kind is CampaignKind.SMS else (), email=email
            ):
                return _("on the suppression list")
            law = load_law(session)
        reason = consent_exclusion(
            channel=channel_of(campaign.kind),
            objective=campaign.objective,
            is_company=p.kind is ContactKind.COMPANY,
            is_customer=p.lifecycle is Lifecycle.CUSTOMER,
            has_ongoing_contract=p.contract,
            consent=p.consent,
            law=law,
        )
        return f"consent: {reason}" if reason else None

    def _record(
        self,
        campaign: Campaign,
        p: _Pending,
        *,
        status: RecipientStatus,
        at: dt.datetime,
        message_id: str | None,
        text: str,
    ) -> None:
        """One recipient's state, committed on its own, right after the server's answer."""
        with unit_of_work(self._session_factory, self._actor) as session:
            target = session.get(CampaignTarget, p.target_id)
            if target is None:
                return
            target.attempts += 1
            target.last_attempt_at = at
            if status is RecipientStatus.SENT:
                target.sent_at = at
                target.message_id = message_id
                target.last_outcome = CallOutcome.SENT
                target.status = TargetStatus.DONE
            elif status is RecipientStatus.FAILED:
                target.last_outcome = CallOutcome.FAILED
                target.status = TargetStatus.DONE
            elif status is RecipientStatus.SKIPPED:
                target.status = TargetStatus.EXCLUDED
                target.excluded_reason = "suppression_list" if "suppression" in text else "no_consent"
                return
            else:
                target.status = TargetStatus.IN_PROGRESS
                return
            session.add(
                Interaction(
                    contact_id=p.contact_id,
                    user_id=self._user_id,
                    type=InteractionType.EMAIL
                    if campaign.kind is CampaignKind.EMAIL
                    else InteractionType.SMS,
                    direction=Direction.OUTBOUND,
                    occurred_at=at,
                    outcome=CallOutcome.SENT if status is RecipientStatus.SENT else CallOutcome.FAILED,
                    summary=text[:2000],
                    campaign_id=campaign.id,
                )
            )
            if status is RecipientStatus.SENT:
                contact = session.get(Contact, p.contact_id)
                if contact is not None:
                    contact.last_contact_at = at
            stored = session.get(Campaign, campaign.id)
            if stored is not None and stored.status is CampaignStatus.FROZEN:
                stored.status = CampaignStatus.RUNNING

    def _values(self, campaign: Campaign, contact_id: int) -> dict[str, str]:
        with self._session_factory() as session:
            return merge_values(session, contact_id=contact_id, objective=campaign.objective)

    def _run(
        self,
        campaign: Campaign,
        pending: list[_Pending],
        already: int,
        deliver: Callable[[_Pending, Mapping[str, str]], tuple[str, str]],
        options: SendOptions,
        progress: Progress,
    ) -> SendReport:
        results: list[RecipientResult] = []
        total = len(pending)
        stopped = False

        def record(p: _Pending, status: RecipientStatus, *, text: str, message_id: str | None = None) -> None:
            """Store what happened to one recipient, and report it (the text of a sent message is
            stored, not reported)."""
            self._record(campaign, p, status=status, at=options.now(), message_id=message_id, text=text)
            detail = "" if status is RecipientStatus.SENT else text
            results.append(RecipientResult(p.target_id, p.contact_id, p.address, status, detail, message_id))

        for n, p in enumerate(pending):
            if progress.cancelled:
                stopped = True
                break
            progress.update(n, total, p.address)
            if progress.cancelled:  # asked while reporting: nothing more is sent
                stopped = True
                break
            if not p.address:
                continue
            refusal = self._still_allowed(campaign, p)
            if refusal is not None:
                record(p, RecipientStatus.SKIPPED, text=refusal)
                continue
            values = self._values(campaign, p.contact_id)
            wait = options.retry_wait_seconds
            for attempt in range(options.retries + 1):
                try:
                    message_id, text = deliver(p, values)
                except Exception as exc:  # noqa: BLE001 - classified just below
                    kind = (
                        exc.__class__
                        if exc.__class__ in (TransientError, PermanentError)
                        else classify_smtp_error(exc)
                    )
                    detail = f"{exc.__class__.__name__}: {exc}"[:300]
                    if kind is TransientError and attempt < options.retries:
                        options.sleep(wait)
                        wait *= 2
                        continue
                    status = RecipientStatus.DEFERRED if kind is TransientError else RecipientStatus.FAILED
                    record(p, status, text=detail)
                    break
                else:
                    record(p, RecipientStatus.SENT, text=text, message_id=message_id)
                    break
            if options.throttle_seconds and n + 1 < total:
                options.sleep(options.throttle_seconds)
        else:
            progress.update(total, total, "")
        return SendReport(campaign.id, tuple(results), already, stopped)

    # E-mail ----------
    def send_email(
        self,
        *,
        campaign_id: int,
        password: str | None = None,
        config: SmtpConfig | None = None,
        options: SendOptions | None = None,
        progress: Progress | None = None,
    ) -> SendReport:
        """Send an e-mail campaign to every target not sent yet (a resume after a stop sends nobody twice).

        `password`: typed by the user when the keyring is unavailable; otherwise read from the keyring."""
        require(self._actor, "campaigns.manage")
        options = options or SendOptions()
        progress = progress or Progress()
        campaign, pending, already, settings = self._load(campaign_id, CampaignKind.EMAIL)
        with self._session_factory() as session:
            language = dealership_language(session)
            if config is None:
                config = smtp_config(session)
        if password is None and config.login:
            password = get_smtp_password(host=config.host, login=config.login)
            if password is None:
                raise KeyringUnavailable(_("No password is saved for this mail server: type it to send."))
        transport = SmtpTransport(config, password)
        sender = config.sender or settings["dealership.email"] or config.login
        domain = settings["dealership.domain"]
        unsubscribe_base = settings["dealership.email"] or sender

        def deliver(p: _Pending, values: Mapping[str, str]) -> tuple[str, str]:
            message = EmailMessage()
            message_id = make_msgid(idstring=f"c{campaign.id}.t{p.target_id}", domain=domain)
            link = unsubscribe_url(base=unsubscribe_base, token=f"{campaign.id}-{p.target_id}")
            body = with_unsubscribe(render(campaign.body or "", values).text, link=link, language=language)
            message["Subject"] = render(campaign.subject or campaign.name, values).text
            message["From"] = sender
            message["To"] = p.address
            message["Date"] = formatdate(localtime=True)
            message["Message-ID"] = message_id
            message["List-Unsubscribe"] = f"<{link}>"
            message.set_content(body)
            transport.send(message)
            return message_id, body

        try:
            return self._run(campaign, pending, already, deliver, options, progress)
        finally:
            transport.close()

    # SMS ----------
    def send_sms(
        self,
        *,
        campaign_id: int,
        provider: SmsProvider,
        options: SendOptions | None = None,
        progress: Progress | None = None,
    ) -> SendReport:
        """Send an SMS campaign through `provider` to every target not sent yet (resumable)."""
        require(self._actor, "campaigns.manage")
        options = options or SendOptions(throttle_seconds=0.0)
        progress = progress or Progress()
        campaign, pending, already, _settings = self._load(campaign_id, CampaignKind.SMS)

        def deliver(p: _Pending, values: Mapping[str, str]) -> tuple[str, str]:
            text = with_stop_mention(render(campaign.body or "", values).text)
            reference = f"c{campaign.id}.t{p.target_id}"
            return provider.send(to=p.address, text=text, reference=reference), text

        return self._run(campaign, pending, already, deliver, options, progress)


# SMS providers ------------------------------------------------------------------------------------------


class SmsProvider(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> str:
        """Hand one SMS to the gateway; returns its message id. Raises TransientError / PermanentError."""
        ...


OUTBOX_COLUMNS = ("phone", "message", "sender", "reference", "created_at")


class OutboxCsvProvider:
    """Writes each SMS as a row of an outbox CSV (UTF-8, `;`-separated, header phone;message;sender;
    reference;created_at), the format most SMS gateways import; the row is flushed before it counts
    as sent."""

    def __init__(self, path: Path, *, sender: str = "") -> None:
        self.path = path
        self.sender = sender

    def send(self, *, to: str, text: str, reference: str) -> str:
        if not to.startswith("+"):
            raise PermanentError(_("not a mobile number: {to!r}").format(to=to))
        new = not self.path.exists() or self.path.stat().st_size == 0
        with self.path.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            if new:
                writer.writerow(OUTBOX_COLUMNS)
            writer.writerow((to, text.replace("\n", " "), self.sender, reference, utcnow().isoformat()))
            handle.flush()
        return reference


class HttpSmsProvider:
    """POSTs {"to", "text", "sender", "reference"} as JSON to a gateway URL; a 2xx answer is accepted
    (its JSON "id" is the message id), 429 and 5xx are transient, other 4xx permanent."""

    def __init__(
        self, url: str, *, token: str | None = None, sender: str = "", timeout: float = 15.0
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValidationError({"url": _("The SMS gateway URL must start with http:// or https://.")})
        self.url = url
        self._token = token
        self.sender = sender
        self.timeout = timeout

    def send(self, *, to: str, text: str, reference: str) -> str:
        payload = json.dumps({"to": to, "text": text, "sender": self.sender, "reference": reference}).encode()
        request = urllib.request.Request(self.url, data=payload, method="POST")
        request.add_header("Content-Type", "application/json")
        if self._token:
            request.add_header("Authorization", f"Bearer {self._token}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - set by admin
                body = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise TransientError(_("gateway answered {code}").format(code=exc.code)) from exc
            raise PermanentError(_("gateway refused the message ({code})").format(code=exc.code)) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise TransientError(_("gateway unreachable: {exc}").format(exc=exc)) from exc
        try:
            answer = json.loads(body or b"{}")
        except ValueError:
            answer = {}
        return str(answer.get("id") or reference) if isinstance(answer, dict) else reference
