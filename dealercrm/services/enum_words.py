"""The words for the stored enum values (stable English identifiers): the one table, for the widgets
(ui/labels.py reads it) as for documents, messages and the CLI. Each word is a gettext message in the
context of its enum, so that "Open" the claim status and "Open" anything else may differ in French.

    enum_word(ClaimStatus.IN_PROGRESS)      # "En cours" in French, "In progress" in English
    enum_word(Channel.EMAIL, language="fr")
    word_of(Lifecycle, "customer")          # a stored string; itself when it is no value of the enum
"""

from __future__ import annotations

from enum import Enum

from dealercrm import i18n
from dealercrm.i18n import NC_
from dealercrm.models import enums

# enum -> its members (StrEnum: each equal to its stored value) -> (context, English word)
WORDS: dict[type[Enum], dict[str, tuple[str, str]]] = {
    enums.Role: {
        enums.Role.SALESPERSON: NC_("role", "Salesperson"),
        enums.Role.MANAGER: NC_("role", "Manager"),
        enums.Role.AFTERSALES: NC_("role", "After-sales"),
        enums.Role.MARKETING: NC_("role", "Marketing"),
        enums.Role.ADMIN: NC_("role", "Admin"),
    },
    enums.ContactKind: {
        enums.ContactKind.PERSON: NC_("contact kind", "Person"),
        enums.ContactKind.COMPANY: NC_("contact kind", "Company"),
    },
    enums.Civility: {
        enums.Civility.MR: NC_("civility", "Mr"),
        enums.Civility.MRS: NC_("civility", "Mrs"),
        enums.Civility.OTHER: NC_("civility", "Other"),
    },
    enums.Lifecycle: {
        enums.Lifecycle.PROSPECT: NC_("lifecycle", "Prospect"),
        enums.Lifecycle.CUSTOMER: NC_("lifecycle", "Customer"),
        enums.Lifecycle.LOST: NC_("lifecycle", "Lost"),
    },
    enums.SourceChannel: {
        enums.SourceChannel.WALK_IN: NC_("source channel", "Walk-in"),
        enums.SourceChannel.WEBSITE: NC_("source channel", "Website"),
        enums.SourceChannel.PHONE: NC_("source channel", "Phone"),
        enums.SourceChannel.SOCIAL: NC_("source channel", "Social"),
        enums.SourceChannel.REFERRAL: NC_("source channel", "Referral"),
        enums.SourceChannel.EVENT: NC_("source channel", "Event"),
        enums.SourceChannel.CAMPAIGN: NC_("source channel", "Campaign"),
        enums.SourceChannel.OTHER: NC_("source channel", "Other"),
    },
    enums.Channel: {
        enums.Channel.EMAIL: NC_("channel", "E-mail"),
        enums.Channel.SMS: NC_("channel", "SMS"),
        enums.Channel.PHONE: NC_("channel", "Phone"),
        enums.Channel.POST: NC_("channel", "Post"),
        enums.Channel.VISIT: NC_("channel", "Visit"),
    },
    enums.ConsentPurpose: {
        enums.ConsentPurpose.PROSPECTING: NC_("consent purpose", "Prospecting"),
        enums.ConsentPurpose.SERVICE: NC_("consent purpose", "Service"),
        enums.ConsentPurpose.SURVEYS: NC_("consent purpose", "Surveys"),
        enums.ConsentPurpose.PARTNERS: NC_("consent purpose", "Partners"),
    },
    enums.ConsentStatus: {
        enums.ConsentStatus.GRANTED: NC_("consent status", "Granted"),
        enums.ConsentStatus.REFUSED: NC_("consent status", "Refused"),
        enums.ConsentStatus.WITHDRAWN: NC_("consent status", "Withdrawn"),
    },
    enums.LinkKind: {
        enums.LinkKind.EMPLOYEE: NC_("link kind", "Employee"),
        enums.LinkKind.FLEET_MANAGER: NC_("link kind", "Fleet manager"),
        enums.LinkKind.HOUSEHOLD: NC_("link kind", "Household"),
    },
    enums.BodyType: {
        enums.BodyType.CITY: NC_("body type", "City car"),
        enums.BodyType.HATCHBACK: NC_("body type", "Hatchback"),
        enums.BodyType.SEDAN: NC_("body type", "Sedan"),
        enums.BodyType.ESTATE: NC_("body type", "Estate"),
        enums.BodyType.SUV: NC_("body type", "SUV"),
        enums.BodyType.MPV: NC_("body type", "MPV"),
        enums.BodyType.COUPE: NC_("body type", "Coupe"),
        enums.BodyType.CONVERTIBLE: NC_("body type", "Convertible"),
        enums.BodyType.VAN: NC_("body type", "Van"),
        enums.BodyType.PICKUP: NC_("body type", "Pickup"),
    },
    enums.Fuel: {
        enums.Fuel.PETROL: NC_("fuel", "Petrol"),
        enums.Fuel.DIESEL: NC_("fuel", "Diesel"),
        enums.Fuel.HYBRID: NC_("fuel", "Hybrid"),
        enums.Fuel.PLUGIN_HYBRID: NC_("fuel", "Plug-in hybrid"),
        enums.Fuel.ELECTRIC: NC_("fuel", "Electric"),
        enums.Fuel.LPG: NC_("fuel", "LPG"),
    },
    enums.Stage: {
        enums.Stage.NEW_LEAD: NC_("stage", "New lead"),
        enums.Stage.CONTACTED: NC_("stage", "Contacted"),
        enums.Stage.QUALIFIED: NC_("stage", "Qualified"),
        enums.Stage.TEST_DRIVE: NC_("stage", "Test drive"),
        enums.Stage.OFFER: NC_("stage", "Offer"),
        enums.Stage.NEGOTIATION: NC_("stage", "Negotiation"),
        enums.Stage.WON: NC_("stage", "Won"),
        enums.Stage.LOST: NC_("stage", "Lost"),
    },
    enums.InteractionType: {
        enums.InteractionType.CALL: NC_("interaction type", "Call"),
        enums.InteractionType.EMAIL: NC_("interaction type", "E-mail"),
        enums.InteractionType.SMS: NC_("interaction type", "SMS"),
        enums.InteractionType.VISIT: NC_("interaction type", "Visit"),
        enums.InteractionType.TEST_DRIVE: NC_("interaction type", "Test drive"),
        enums.InteractionType.QUOTE: NC_("interaction type", "Quote"),
        enums.InteractionType.NOTE: NC_("interaction type", "Note"),
    },
    enums.Direction: {
        enums.Direction.INBOUND: NC_("direction", "Inbound"),
        enums.Direction.OUTBOUND: NC_("direction", "Outbound"),
    },
    enums.TaskKind: {
        enums.TaskKind.CALL_BACK: NC_("task kind", "Call back"),
        enums.TaskKind.APPOINTMENT: NC_("task kind", "Appointment"),
        enums.TaskKind.TEST_DRIVE: NC_("task kind", "Test drive"),
        enums.TaskKind.DELIVERY: NC_("task kind", "Delivery"),
        enums.TaskKind.FOLLOW_UP: NC_("task kind", "Follow-up"),
    },
    enums.VehicleCondition: {
        enums.VehicleCondition.NEW: NC_("vehicle condition", "New"),
        enums.VehicleCondition.USED: NC_("vehicle condition", "Used"),
    },
    enums.StockStatus: {
        enums.StockStatus.IN_STOCK: NC_("stock status", "In stock"),
        enums.StockStatus.RESERVED: NC_("stock status", "Reserved"),
        enums.StockStatus.SOLD: NC_("stock status", "Sold"),
        enums.StockStatus.CUSTOMER_OWNED: NC_("stock status", "Customer-owned"),
    },
    enums.Financing: {
        enums.Financing.CASH: NC_("financing", "Cash"),
        enums.Financing.LOAN: NC_("financing", "Loan"),
        enums.Financing.LOA: NC_("financing", "Lease with purchase option (LOA)"),
        enums.Financing.LLD: NC_("financing", "Long-term lease (LLD)"),
    },
    enums.ServiceKind: {
        enums.ServiceKind.MAINTENANCE: NC_("service kind", "Maintenance"),
        enums.ServiceKind.TECHNICAL_INSPECTION: NC_("service kind", "Technical inspection (CT)"),
        enums.ServiceKind.REPAIR: NC_("service kind", "Repair"),
    },
    enums.ClaimCategory: {
        enums.ClaimCategory.MECHANICAL: NC_("claim category", "Mechanical"),
        enums.ClaimCategory.BODYWORK: NC_("claim category", "Bodywork"),
        enums.ClaimCategory.ELECTRICAL: NC_("claim category", "Electrical"),
        enums.ClaimCategory.DELIVERY: NC_("claim category", "Delivery"),
        enums.ClaimCategory.BILLING: NC_("claim category", "Billing"),
        enums.ClaimCategory.RECEPTION: NC_("claim category", "Reception"),
        enums.ClaimCategory.OTHER: NC_("claim category", "Other"),
    },
    enums.Severity: {
        enums.Severity.LOW: NC_("severity", "Low"),
        enums.Severity.MEDIUM: NC_("severity", "Medium"),
        enums.Severity.HIGH: NC_("severity", "High"),
        enums.Severity.CRITICAL: NC_("severity", "Critical"),
    },
    enums.ClaimStatus: {
        enums.ClaimStatus.OPEN: NC_("claim status", "Open"),
        enums.ClaimStatus.IN_PROGRESS: NC_("claim status", "In progress"),
        enums.ClaimStatus.WAITING_CUSTOMER: NC_("claim status", "Waiting for customer"),
        enums.ClaimStatus.WAITING_PARTS: NC_("claim status", "Waiting for parts"),
        enums.ClaimStatus.RESOLVED: NC_("claim status", "Resolved"),
        enums.ClaimStatus.CLOSED: NC_("claim status", "Closed"),
    },
    enums.CampaignKind: {
        enums.CampaignKind.PHONING: NC_("campaign kind", "Phoning"),
        enums.CampaignKind.EMAIL: NC_("campaign kind", "E-mail"),
        enums.CampaignKind.SMS: NC_("campaign kind", "SMS"),
    },
    enums.CampaignObjective: {
        enums.CampaignObjective.PROSPECTING: NC_("campaign objective", "Prospecting"),
        enums.CampaignObjective.LOYALTY: NC_("campaign objective", "Loyalty"),
        enums.CampaignObjective.SERVICE_REMINDER: NC_("campaign objective", "Service reminder"),
        enums.CampaignObjective.EVENT_INVITATION: NC_("campaign objective", "Event invitation"),
        enums.CampaignObjective.LEASE_RENEWAL: NC_("campaign objective", "Lease renewal"),
    },
    enums.CampaignStatus: {
        enums.CampaignStatus.DRAFT: NC_("campaign status", "Draft"),
        enums.CampaignStatus.FROZEN: NC_("campaign status", "Frozen"),
        enums.CampaignStatus.RUNNING: NC_("campaign status", "Running"),
        enums.CampaignStatus.DONE: NC_("campaign status", "Done"),
    },
    enums.TargetStatus: {
        enums.TargetStatus.PENDING: NC_("target status", "Pending"),
        enums.TargetStatus.EXCLUDED: NC_("target status", "Excluded"),
        enums.TargetStatus.IN_PROGRESS: NC_("target status", "In progress"),
        enums.TargetStatus.DONE: NC_("target status", "Done"),
    },
    enums.CallOutcome: {
        enums.CallOutcome.INTERESTED: NC_("call outcome", "Interested"),
        enums.CallOutcome.APPOINTMENT: NC_("call outcome", "Appointment"),
        enums.CallOutcome.CALLBACK: NC_("call outcome", "Call back later"),
        enums.CallOutcome.NOT_INTERESTED: NC_("call outcome", "Not interested"),
        enums.CallOutcome.WRONG_NUMBER: NC_("call outcome", "Wrong number"),
        enums.CallOutcome.NO_ANSWER: NC_("call outcome", "No answer"),
        enums.CallOutcome.VOICEMAIL: NC_("call outcome", "Voicemail"),
        enums.CallOutcome.DO_NOT_CALL: NC_("call outcome", "Do not call"),
        enums.CallOutcome.SENT: NC_("call outcome", "Sent"),
        enums.CallOutcome.DELIVERED: NC_("call outcome", "Delivered"),
        enums.CallOutcome.FAILED: NC_("call outcome", "Failed"),
    },
    enums.SpendChannel: {
        enums.SpendChannel.WALK_IN: NC_("spend channel", "Walk-in"),
        enums.SpendChannel.WEBSITE: NC_("spend channel", "Website"),
        enums.SpendChannel.PHONE: NC_("spend channel", "Phone"),
        enums.SpendChannel.SOCIAL: NC_("spend channel", "Social"),
        enums.SpendChannel.REFERRAL: NC_("spend channel", "Referral"),
        enums.SpendChannel.EVENT: NC_("spend channel", "Event"),
        enums.SpendChannel.CAMPAIGN: NC_("spend channel", "Campaign"),
        enums.SpendChannel.OTHER: NC_("spend channel", "Other"),
    },
    enums.ObjectiveMetric: {
        enums.ObjectiveMetric.SALES: NC_("objective metric", "Sales"),
        enums.ObjectiveMetric.MARGIN: NC_("objective metric", "Margin"),
        enums.ObjectiveMetric.TEST_DRIVES: NC_("objective metric", "Test drives"),
        enums.ObjectiveMetric.CALLS: NC_("objective metric", "Calls"),
    },
    enums.AuditAction: {
        enums.AuditAction.CREATE: NC_("audit action", "Create"),
        enums.AuditAction.UPDATE: NC_("audit action", "Update"),
        enums.AuditAction.DELETE: NC_("audit action", "Delete"),
        enums.AuditAction.LOGIN: NC_("audit action", "Login"),
        enums.AuditAction.LOGIN_FAILED: NC_("audit action", "Failed login"),
        enums.AuditAction.MERGE: NC_("audit action", "Merge"),
        enums.AuditAction.ERASE: NC_("audit action", "Erase"),
        enums.AuditAction.EXPORT: NC_("audit action", "Export"),
    },
}


def enum_word(value: Enum, language: str | None = None) -> str:
    """The word for `value` in `language` (default: the current one); the raw value for one we have no
    word for."""
    message = WORDS.get(type(value), {}).get(value.value)
    if message is None:
        return str(value.value)
    return i18n.translations(language or i18n.current_language()).pgettext(*message)


def word_of(enum: type[Enum], value: str, language: str | None = None) -> str:
    """`enum_word` for a stored string; the string itself when it is not a value of `enum`."""
    try:
        return enum_word(enum(value), language)
    except ValueError:
        return value
