"""Every closed list of values the dealership uses. Values are stable English identifiers."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SALESPERSON = "salesperson"
    MANAGER = "manager"
    AFTERSALES = "aftersales"
    MARKETING = "marketing"
    ADMIN = "admin"


class ContactKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class Civility(StrEnum):
    MR = "mr"
    MRS = "mrs"
    OTHER = "other"


class Lifecycle(StrEnum):
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    LOST = "lost"


class SourceChannel(StrEnum):
    WALK_IN = "walk_in"
    WEBSITE = "website"
    PHONE = "phone"
    SOCIAL = "social"
    REFERRAL = "referral"
    EVENT = "event"
    CAMPAIGN = "campaign"
    OTHER = "other"


class Channel(StrEnum):
    """A way to reach a contact (preferred channel, consent channel, claim channel, campaign kind)."""

    EMAIL = "email"
    SMS = "sms"
    PHONE = "phone"
    POST = "post"
    VISIT = "visit"


class ConsentPurpose(StrEnum):
    PROSPECTING = "prospecting"
    SERVICE = "service"
    SURVEYS = "surveys"
    PARTNERS = "partners"


class ConsentStatus(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


class LinkKind(StrEnum):
    EMPLOYEE = "employee"
    FLEET_MANAGER = "fleet_manager"
    HOUSEHOLD = "household"


class BodyType(StrEnum):
    CITY = "city"
    HATCHBACK = "hatchback"
    SEDAN = "sedan"
    ESTATE = "estate"
    SUV = "suv"
    MPV = "mpv"
    COUPE = "coupe"
    CONVERTIBLE = "convertible"
    VAN = "van"
    PICKUP = "pickup"


class Fuel(StrEnum):
    PETROL = "petrol"
    DIESEL = "diesel"
    HYBRID = "hybrid"
    PLUGIN_HYBRID = "plugin_hybrid"
    ELECTRIC = "electric"
    LPG = "lpg"


class Stage(StrEnum):
    NEW_LEAD = "new_lead"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    TEST_DRIVE = "test_drive"
    OFFER = "offer"
    NEGOTIATION = "negotiation"
    WON = "won"
    LOST = "lost"


OPEN_STAGES = (
    Stage.NEW_LEAD,
    Stage.CONTACTED,
    Stage.QUALIFIED,
    Stage.TEST_DRIVE,
    Stage.OFFER,
    Stage.NEGOTIATION,
)


class InteractionType(StrEnum):
    CALL = "call"
    EMAIL = "email"
    SMS = "sms"
    VISIT = "visit"
    TEST_DRIVE = "test_drive"
    QUOTE = "quote"
    NOTE = "note"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class TaskKind(StrEnum):
    CALL_BACK = "call_back"
    APPOINTMENT = "appointment"
    TEST_DRIVE = "test_drive"
    DELIVERY = "delivery"
    FOLLOW_UP = "follow_up"


class VehicleCondition(StrEnum):
    NEW = "new"
    USED = "used"


class StockStatus(StrEnum):
    IN_STOCK = "in_stock"
    RESERVED = "reserved"
    SOLD = "sold"
    CUSTOMER_OWNED = "customer_owned"


class Financing(StrEnum):
    CASH = "cash"
    LOAN = "loan"
    LOA = "loa"
    LLD = "lld"


class ServiceKind(StrEnum):
    MAINTENANCE = "maintenance"
    TECHNICAL_INSPECTION = "technical_inspection"  # contrôle technique
    REPAIR = "repair"


class ClaimCategory(StrEnum):
    MECHANICAL = "mechanical"
    BODYWORK = "bodywork"
    ELECTRICAL = "electrical"
    DELIVERY = "delivery"
    BILLING = "billing"
    RECEPTION = "reception"
    OTHER = "other"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ClaimStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING_CUSTOMER = "waiting_customer"
    WAITING_PARTS = "waiting_parts"
    RESOLVED = "resolved"
    CLOSED = "closed"


class CampaignKind(StrEnum):
    PHONING = "phoning"
    EMAIL = "email"
    SMS = "sms"


class CampaignObjective(StrEnum):
    PROSPECTING = "prospecting"
    LOYALTY = "loyalty"
    SERVICE_REMINDER = "service_reminder"
    EVENT_INVITATION = "event_invitation"
    LEASE_RENEWAL = "lease_renewal"


class CampaignStatus(StrEnum):
    DRAFT = "draft"
    FROZEN = "frozen"
    RUNNING = "running"
    DONE = "done"


class TargetStatus(StrEnum):
    PENDING = "pending"
    EXCLUDED = "excluded"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class CallOutcome(StrEnum):
    INTERESTED = "interested"
    APPOINTMENT = "appointment"
    CALLBACK = "callback"
    NOT_INTERESTED = "not_interested"
    WRONG_NUMBER = "wrong_number"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    DO_NOT_CALL = "do_not_call"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


class SpendChannel(StrEnum):
    """Marketing spend is booked against the same channels that bring contacts in."""

    WALK_IN = "walk_in"
    WEBSITE = "website"
    PHONE = "phone"
    SOCIAL = "social"
    REFERRAL = "referral"
    EVENT = "event"
    CAMPAIGN = "campaign"
    OTHER = "other"


class ObjectiveMetric(StrEnum):
    SALES = "sales"
    MARGIN = "margin"
    TEST_DRIVES = "test_drives"
    CALLS = "calls"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    MERGE = "merge"
    ERASE = "erase"
    EXPORT = "export"
