"""Words for the stored enum values (stable English identifiers) in documents and messages outside the
widgets: the gettext twin of ui/labels.py (the same English words, each in the context of its enum, so
that "Open" the claim status and "Open" anything else may differ in French).

    enum_word(ClaimStatus.IN_PROGRESS)      # "En cours" in French, "In progress" in English
    enum_word(Channel.EMAIL, language="fr")
"""

from __future__ import annotations

from enum import Enum

from dealercrm import i18n
from dealercrm.i18n import NC_
from dealercrm.models.enums import (
    AuditAction,
    BodyType,
    CallOutcome,
    CampaignKind,
    CampaignObjective,
    CampaignStatus,
    Channel,
    Civility,
    ClaimCategory,
    ClaimStatus,
    ConsentPurpose,
    ConsentStatus,
    ContactKind,
    Direction,
    Financing,
    Fuel,
    InteractionType,
    Lifecycle,
    LinkKind,
    ObjectiveMetric,
    Role,
    ServiceKind,
    Severity,
    SourceChannel,
    SpendChannel,
    Stage,
    StockStatus,
    TargetStatus,
    TaskKind,
    VehicleCondition,
)

WORDS: dict[type[Enum], dict[str, tuple[str, str]]] = {
    Role: {
        Role.SALESPERSON.value: NC_("role", "Salesperson"),
        Role.MANAGER.value: NC_("role", "Manager"),
        Role.AFTERSALES.value: NC_("role", "After-sales"),
        Role.MARKETING.value: NC_("role", "Marketing"),
        Role.ADMIN.value: NC_("role", "Admin"),
    },
    ContactKind: {
        ContactKind.PERSON.value: NC_("contact kind", "Person"),
        ContactKind.COMPANY.value: NC_("contact kind", "Company"),
    },
    Civility: {
        Civility.MR.value: NC_("civility", "Mr"),
        Civility.MRS.value: NC_("civility", "Mrs"),
        Civility.OTHER.value: NC_("civility", "Other"),
    },
    Lifecycle: {
        Lifecycle.PROSPECT.value: NC_("lifecycle", "Prospect"),
        Lifecycle.CUSTOMER.value: NC_("lifecycle", "Customer"),
        Lifecycle.LOST.value: NC_("lifecycle", "Lost"),
    },
    SourceChannel: {
        SourceChannel.WALK_IN.value: NC_("source channel", "Walk-in"),
        SourceChannel.WEBSITE.value: NC_("source channel", "Website"),
        SourceChannel.PHONE.value: NC_("source channel", "Phone"),
        SourceChannel.SOCIAL.value: NC_("source channel", "Social"),
        SourceChannel.REFERRAL.value: NC_("source channel", "Referral"),
        SourceChannel.EVENT.value: NC_("source channel", "Event"),
        SourceChannel.CAMPAIGN.value: NC_("source channel", "Campaign"),
        SourceChannel.OTHER.value: NC_("source channel", "Other"),
    },
    Channel: {
        Channel.EMAIL.value: NC_("channel", "E-mail"),
        Channel.SMS.value: NC_("channel", "SMS"),
        Channel.PHONE.value: NC_("channel", "Phone"),
        Channel.POST.value: NC_("channel", "Post"),
        Channel.VISIT.value: NC_("channel", "Visit"),
    },
    ConsentPurpose: {
        ConsentPurpose.PROSPECTING.value: NC_("consent purpose", "Prospecting"),
        ConsentPurpose.SERVICE.value: NC_("consent purpose", "Service"),
        ConsentPurpose.SURVEYS.value: NC_("consent purpose", "Surveys"),
        ConsentPurpose.PARTNERS.value: NC_("consent purpose", "Partners"),
    },
    ConsentStatus: {
        ConsentStatus.GRANTED.value: NC_("consent status", "Granted"),
        ConsentStatus.REFUSED.value: NC_("consent status", "Refused"),
        ConsentStatus.WITHDRAWN.value: NC_("consent status", "Withdrawn"),
    },
    LinkKind: {
        LinkKind.EMPLOYEE.value: NC_("link kind", "Employee"),
        LinkKind.FLEET_MANAGER.value: NC_("link kind", "Fleet manager"),
        LinkKind.HOUSEHOLD.value: NC_("link kind", "Household"),
    },
    BodyType: {
        BodyType.CITY.value: NC_("body type", "City car"),
        BodyType.HATCHBACK.value: NC_("body type", "Hatchback"),
        BodyType.SEDAN.value: NC_("body type", "Sedan"),
        BodyType.ESTATE.value: NC_("body type", "Estate"),
        BodyType.SUV.value: NC_("body type", "SUV"),
        BodyType.MPV.value: NC_("body type", "MPV"),
        BodyType.COUPE.value: NC_("body type", "Coupe"),
        BodyType.CONVERTIBLE.value: NC_("body type", "Convertible"),
        BodyType.VAN.value: NC_("body type", "Van"),
        BodyType.PICKUP.value: NC_("body type", "Pickup"),
    },
    Fuel: {
        Fuel.PETROL.value: NC_("fuel", "Petrol"),
        Fuel.DIESEL.value: NC_("fuel", "Diesel"),
        Fuel.HYBRID.value: NC_("fuel", "Hybrid"),
        Fuel.PLUGIN_HYBRID.value: NC_("fuel", "Plug-in hybrid"),
        Fuel.ELECTRIC.value: NC_("fuel", "Electric"),
        Fuel.LPG.value: NC_("fuel", "LPG"),
    },
    Stage: {
        Stage.NEW_LEAD.value: NC_("stage", "New lead"),
        Stage.CONTACTED.value: NC_("stage", "Contacted"),
        Stage.QUALIFIED.value: NC_("stage", "Qualified"),
        Stage.TEST_DRIVE.value: NC_("stage", "Test drive"),
        Stage.OFFER.value: NC_("stage", "Offer"),
        Stage.NEGOTIATION.value: NC_("stage", "Negotiation"),
        Stage.WON.value: NC_("stage", "Won"),
        Stage.LOST.value: NC_("stage", "Lost"),
    },
    InteractionType: {
        InteractionType.CALL.value: NC_("interaction type", "Call"),
        InteractionType.EMAIL.value: NC_("interaction type", "E-mail"),
        InteractionType.SMS.value: NC_("interaction type", "SMS"),
        InteractionType.VISIT.value: NC_("interaction type", "Visit"),
        InteractionType.TEST_DRIVE.value: NC_("interaction type", "Test drive"),
        InteractionType.QUOTE.value: NC_("interaction type", "Quote"),
        InteractionType.NOTE.value: NC_("interaction type", "Note"),
    },
    Direction: {
        Direction.INBOUND.value: NC_("direction", "Inbound"),
        Direction.OUTBOUND.value: NC_("direction", "Outbound"),
    },
    TaskKind: {
        TaskKind.CALL_BACK.value: NC_("task kind", "Call back"),
        TaskKind.APPOINTMENT.value: NC_("task kind", "Appointment"),
        TaskKind.TEST_DRIVE.value: NC_("task kind", "Test drive"),
        TaskKind.DELIVERY.value: NC_("task kind", "Delivery"),
        TaskKind.FOLLOW_UP.value: NC_("task kind", "Follow-up"),
    },
    VehicleCondition: {
        VehicleCondition.NEW.value: NC_("vehicle condition", "New"),
        VehicleCondition.USED.value: NC_("vehicle condition", "Used"),
    },
    StockStatus: {
        StockStatus.IN_STOCK.value: NC_("stock status", "In stock"),
        StockStatus.RESERVED.value: NC_("stock status", "Reserved"),
        StockStatus.SOLD.value: NC_("stock status", "Sold"),
        StockStatus.CUSTOMER_OWNED.value: NC_("stock status", "Customer-owned"),
    },
    Financing: {
        Financing.CASH.value: NC_("financing", "Cash"),
        Financing.LOAN.value: NC_("financing", "Loan"),
        Financing.LOA.value: NC_("financing", "Lease with purchase option (LOA)"),
        Financing.LLD.value: NC_("financing", "Long-term lease (LLD)"),
    },
    ServiceKind: {
        ServiceKind.MAINTENANCE.value: NC_("service kind", "Maintenance"),
        ServiceKind.TECHNICAL_INSPECTION.value: NC_("service kind", "Technical inspection (CT)"),
        ServiceKind.REPAIR.value: NC_("service kind", "Repair"),
    },
    ClaimCategory: {
        ClaimCategory.MECHANICAL.value: NC_("claim category", "Mechanical"),
        ClaimCategory.BODYWORK.value: NC_("claim category", "Bodywork"),
        ClaimCategory.ELECTRICAL.value: NC_("claim category", "Electrical"),
        ClaimCategory.DELIVERY.value: NC_("claim category", "Delivery"),
        ClaimCategory.BILLING.value: NC_("claim category", "Billing"),
        ClaimCategory.RECEPTION.value: NC_("claim category", "Reception"),
        ClaimCategory.OTHER.value: NC_("claim category", "Other"),
    },
    Severity: {
        Severity.LOW.value: NC_("severity", "Low"),
        Severity.MEDIUM.value: NC_("severity", "Medium"),
        Severity.HIGH.value: NC_("severity", "High"),
        Severity.CRITICAL.value: NC_("severity", "Critical"),
    },
    ClaimStatus: {
        ClaimStatus.OPEN.value: NC_("claim status", "Open"),
        ClaimStatus.IN_PROGRESS.value: NC_("claim status", "In progress"),
        ClaimStatus.WAITING_CUSTOMER.value: NC_("claim status", "Waiting for customer"),
        ClaimStatus.WAITING_PARTS.value: NC_("claim status", "Waiting for parts"),
        ClaimStatus.RESOLVED.value: NC_("claim status", "Resolved"),
        ClaimStatus.CLOSED.value: NC_("claim status", "Closed"),
    },
    CampaignKind: {
        CampaignKind.PHONING.value: NC_("campaign kind", "Phoning"),
        CampaignKind.EMAIL.value: NC_("campaign kind", "E-mail"),
        CampaignKind.SMS.value: NC_("campaign kind", "SMS"),
    },
    CampaignObjective: {
        CampaignObjective.PROSPECTING.value: NC_("campaign objective", "Prospecting"),
        CampaignObjective.LOYALTY.value: NC_("campaign objective", "Loyalty"),
        CampaignObjective.SERVICE_REMINDER.value: NC_("campaign objective", "Service reminder"),
        CampaignObjective.EVENT_INVITATION.value: NC_("campaign objective", "Event invitation"),
        CampaignObjective.LEASE_RENEWAL.value: NC_("campaign objective", "Lease renewal"),
    },
    CampaignStatus: {
        CampaignStatus.DRAFT.value: NC_("campaign status", "Draft"),
        CampaignStatus.FROZEN.value: NC_("campaign status", "Frozen"),
        CampaignStatus.RUNNING.value: NC_("campaign status", "Running"),
        CampaignStatus.DONE.value: NC_("campaign status", "Done"),
    },
    TargetStatus: {
        TargetStatus.PENDING.value: NC_("target status", "Pending"),
        TargetStatus.EXCLUDED.value: NC_("target status", "Excluded"),
        TargetStatus.IN_PROGRESS.value: NC_("target status", "In progress"),
        TargetStatus.DONE.value: NC_("target status", "Done"),
    },
    CallOutcome: {
        CallOutcome.INTERESTED.value: NC_("call outcome", "Interested"),
        CallOutcome.APPOINTMENT.value: NC_("call outcome", "Appointment"),
        CallOutcome.CALLBACK.value: NC_("call outcome", "Call back later"),
        CallOutcome.NOT_INTERESTED.value: NC_("call outcome", "Not interested"),
        CallOutcome.WRONG_NUMBER.value: NC_("call outcome", "Wrong number"),
        CallOutcome.NO_ANSWER.value: NC_("call outcome", "No answer"),
        CallOutcome.VOICEMAIL.value: NC_("call outcome", "Voicemail"),
        CallOutcome.DO_NOT_CALL.value: NC_("call outcome", "Do not call"),
        CallOutcome.SENT.value: NC_("call outcome", "Sent"),
        CallOutcome.DELIVERED.value: NC_("call outcome", "Delivered"),
        CallOutcome.FAILED.value: NC_("call outcome", "Failed"),
    },
    SpendChannel: {
        SpendChannel.WALK_IN.value: NC_("spend channel", "Walk-in"),
        SpendChannel.WEBSITE.value: NC_("spend channel", "Website"),
        SpendChannel.PHONE.value: NC_("spend channel", "Phone"),
        SpendChannel.SOCIAL.value: NC_("spend channel", "Social"),
        SpendChannel.REFERRAL.value: NC_("spend channel", "Referral"),
        SpendChannel.EVENT.value: NC_("spend channel", "Event"),
        SpendChannel.CAMPAIGN.value: NC_("spend channel", "Campaign"),
        SpendChannel.OTHER.value: NC_("spend channel", "Other"),
    },
    ObjectiveMetric: {
        ObjectiveMetric.SALES.value: NC_("objective metric", "Sales"),
        ObjectiveMetric.MARGIN.value: NC_("objective metric", "Margin"),
        ObjectiveMetric.TEST_DRIVES.value: NC_("objective metric", "Test drives"),
        ObjectiveMetric.CALLS.value: NC_("objective metric", "Calls"),
    },
    AuditAction: {
        AuditAction.CREATE.value: NC_("audit action", "Create"),
        AuditAction.UPDATE.value: NC_("audit action", "Update"),
        AuditAction.DELETE.value: NC_("audit action", "Delete"),
        AuditAction.LOGIN.value: NC_("audit action", "Login"),
        AuditAction.LOGIN_FAILED.value: NC_("audit action", "Failed login"),
        AuditAction.MERGE.value: NC_("audit action", "Merge"),
        AuditAction.ERASE.value: NC_("audit action", "Erase"),
        AuditAction.EXPORT.value: NC_("audit action", "Export"),
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
