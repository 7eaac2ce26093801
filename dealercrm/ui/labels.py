"""Translated labels for every enum value (enum values are stable English identifiers, never shown).

One function per enum returns its labels; `label(value)` finds the right one. Each source string is a
literal `QCoreApplication.translate("Labels", ...)` call so that pyside6-lupdate collects it. Labels are
built when first asked for (after the translator is installed) and cached; `clear_cache()` after a
language change.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication

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


def role_labels() -> dict[Role, str]:
    return {
        Role.SALESPERSON: QCoreApplication.translate("Labels", "Salesperson"),
        Role.MANAGER: QCoreApplication.translate("Labels", "Manager"),
        Role.AFTERSALES: QCoreApplication.translate("Labels", "After-sales"),
        Role.MARKETING: QCoreApplication.translate("Labels", "Marketing"),
        Role.ADMIN: QCoreApplication.translate("Labels", "Admin"),
    }


def contact_kind_labels() -> dict[ContactKind, str]:
    return {
        ContactKind.PERSON: QCoreApplication.translate("Labels", "Person"),
        ContactKind.COMPANY: QCoreApplication.translate("Labels", "Company"),
    }


def civility_labels() -> dict[Civility, str]:
    return {
        Civility.MR: QCoreApplication.translate("Labels", "Mr"),
        Civility.MRS: QCoreApplication.translate("Labels", "Mrs"),
        Civility.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def lifecycle_labels() -> dict[Lifecycle, str]:
    return {
        Lifecycle.PROSPECT: QCoreApplication.translate("Labels", "Prospect"),
        Lifecycle.CUSTOMER: QCoreApplication.translate("Labels", "Customer"),
        Lifecycle.LOST: QCoreApplication.translate("Labels", "Lost"),
    }


def source_channel_labels() -> dict[SourceChannel, str]:
    return {
        SourceChannel.WALK_IN: QCoreApplication.translate("Labels", "Walk-in"),
        SourceChannel.WEBSITE: QCoreApplication.translate("Labels", "Website"),
        SourceChannel.PHONE: QCoreApplication.translate("Labels", "Phone"),
        SourceChannel.SOCIAL: QCoreApplication.translate("Labels", "Social"),
        SourceChannel.REFERRAL: QCoreApplication.translate("Labels", "Referral"),
        SourceChannel.EVENT: QCoreApplication.translate("Labels", "Event"),
        SourceChannel.CAMPAIGN: QCoreApplication.translate("Labels", "Campaign"),
        SourceChannel.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def channel_labels() -> dict[Channel, str]:
    return {
        Channel.EMAIL: QCoreApplication.translate("Labels", "E-mail"),
        Channel.SMS: QCoreApplication.translate("Labels", "SMS"),
        Channel.PHONE: QCoreApplication.translate("Labels", "Phone"),
        Channel.POST: QCoreApplication.translate("Labels", "Post"),
        Channel.VISIT: QCoreApplication.translate("Labels", "Visit"),
    }


def consent_purpose_labels() -> dict[ConsentPurpose, str]:
    return {
        ConsentPurpose.PROSPECTING: QCoreApplication.translate("Labels", "Prospecting"),
        ConsentPurpose.SERVICE: QCoreApplication.translate("Labels", "Service"),
        ConsentPurpose.SURVEYS: QCoreApplication.translate("Labels", "Surveys"),
        ConsentPurpose.PARTNERS: QCoreApplication.translate("Labels", "Partners"),
    }


def consent_status_labels() -> dict[ConsentStatus, str]:
    return {
        ConsentStatus.GRANTED: QCoreApplication.translate("Labels", "Granted"),
        ConsentStatus.REFUSED: QCoreApplication.translate("Labels", "Refused"),
        ConsentStatus.WITHDRAWN: QCoreApplication.translate("Labels", "Withdrawn"),
    }


def link_kind_labels() -> dict[LinkKind, str]:
    return {
        LinkKind.EMPLOYEE: QCoreApplication.translate("Labels", "Employee"),
        LinkKind.FLEET_MANAGER: QCoreApplication.translate("Labels", "Fleet manager"),
        LinkKind.HOUSEHOLD: QCoreApplication.translate("Labels", "Household"),
    }


def body_type_labels() -> dict[BodyType, str]:
    return {
        BodyType.CITY: QCoreApplication.translate("Labels", "City car"),
        BodyType.HATCHBACK: QCoreApplication.translate("Labels", "Hatchback"),
        BodyType.SEDAN: QCoreApplication.translate("Labels", "Sedan"),
        BodyType.ESTATE: QCoreApplication.translate("Labels", "Estate"),
        BodyType.SUV: QCoreApplication.translate("Labels", "SUV"),
        BodyType.MPV: QCoreApplication.translate("Labels", "MPV"),
        BodyType.COUPE: QCoreApplication.translate("Labels", "Coupe"),
        BodyType.CONVERTIBLE: QCoreApplication.translate("Labels", "Convertible"),
        BodyType.VAN: QCoreApplication.translate("Labels", "Van"),
        BodyType.PICKUP: QCoreApplication.translate("Labels", "Pickup"),
    }


def fuel_labels() -> dict[Fuel, str]:
    return {
        Fuel.PETROL: QCoreApplication.translate("Labels", "Petrol"),
        Fuel.DIESEL: QCoreApplication.translate("Labels", "Diesel"),
        Fuel.HYBRID: QCoreApplication.translate("Labels", "Hybrid"),
        Fuel.PLUGIN_HYBRID: QCoreApplication.translate("Labels", "Plug-in hybrid"),
        Fuel.ELECTRIC: QCoreApplication.translate("Labels", "Electric"),
        Fuel.LPG: QCoreApplication.translate("Labels", "LPG"),
    }


def stage_labels() -> dict[Stage, str]:
    return {
        Stage.NEW_LEAD: QCoreApplication.translate("Labels", "New lead"),
        Stage.CONTACTED: QCoreApplication.translate("Labels", "Contacted"),
        Stage.QUALIFIED: QCoreApplication.translate("Labels", "Qualified"),
        Stage.TEST_DRIVE: QCoreApplication.translate("Labels", "Test drive"),
        Stage.OFFER: QCoreApplication.translate("Labels", "Offer"),
        Stage.NEGOTIATION: QCoreApplication.translate("Labels", "Negotiation"),
        Stage.WON: QCoreApplication.translate("Labels", "Won"),
        Stage.LOST: QCoreApplication.translate("Labels", "Lost"),
    }


def interaction_type_labels() -> dict[InteractionType, str]:
    return {
        InteractionType.CALL: QCoreApplication.translate("Labels", "Call"),
        InteractionType.EMAIL: QCoreApplication.translate("Labels", "E-mail"),
        InteractionType.SMS: QCoreApplication.translate("Labels", "SMS"),
        InteractionType.VISIT: QCoreApplication.translate("Labels", "Visit"),
        InteractionType.TEST_DRIVE: QCoreApplication.translate("Labels", "Test drive"),
        InteractionType.QUOTE: QCoreApplication.translate("Labels", "Quote"),
        InteractionType.NOTE: QCoreApplication.translate("Labels", "Note"),
    }


def direction_labels() -> dict[Direction, str]:
    return {
        Direction.INBOUND: QCoreApplication.translate("Labels", "Inbound"),
        Direction.OUTBOUND: QCoreApplication.translate("Labels", "Outbound"),
    }


def task_kind_labels() -> dict[TaskKind, str]:
    return {
        TaskKind.CALL_BACK: QCoreApplication.translate("Labels", "Call back"),
        TaskKind.APPOINTMENT: QCoreApplication.translate("Labels", "Appointment"),
        TaskKind.TEST_DRIVE: QCoreApplication.translate("Labels", "Test drive"),
        TaskKind.DELIVERY: QCoreApplication.translate("Labels", "Delivery"),
        TaskKind.FOLLOW_UP: QCoreApplication.translate("Labels", "Follow-up"),
    }


def vehicle_condition_labels() -> dict[VehicleCondition, str]:
    return {
        VehicleCondition.NEW: QCoreApplication.translate("Labels", "New"),
        VehicleCondition.USED: QCoreApplication.translate("Labels", "Used"),
    }


def stock_status_labels() -> dict[StockStatus, str]:
    return {
        StockStatus.IN_STOCK: QCoreApplication.translate("Labels", "In stock"),
        StockStatus.RESERVED: QCoreApplication.translate("Labels", "Reserved"),
        StockStatus.SOLD: QCoreApplication.translate("Labels", "Sold"),
        StockStatus.CUSTOMER_OWNED: QCoreApplication.translate("Labels", "Customer-owned"),
    }


def financing_labels() -> dict[Financing, str]:
    return {
        Financing.CASH: QCoreApplication.translate("Labels", "Cash"),
        Financing.LOAN: QCoreApplication.translate("Labels", "Loan"),
        Financing.LOA: QCoreApplication.translate("Labels", "Lease with purchase option (LOA)"),
        Financing.LLD: QCoreApplication.translate("Labels", "Long-term lease (LLD)"),
    }


def service_kind_labels() -> dict[ServiceKind, str]:
    return {
        ServiceKind.MAINTENANCE: QCoreApplication.translate("Labels", "Maintenance"),
        ServiceKind.TECHNICAL_INSPECTION: QCoreApplication.translate("Labels", "Technical inspection (CT)"),
        ServiceKind.REPAIR: QCoreApplication.translate("Labels", "Repair"),
    }


def claim_category_labels() -> dict[ClaimCategory, str]:
    return {
        ClaimCategory.MECHANICAL: QCoreApplication.translate("Labels", "Mechanical"),
        ClaimCategory.BODYWORK: QCoreApplication.translate("Labels", "Bodywork"),
        ClaimCategory.ELECTRICAL: QCoreApplication.translate("Labels", "Electrical"),
        ClaimCategory.DELIVERY: QCoreApplication.translate("Labels", "Delivery"),
        ClaimCategory.BILLING: QCoreApplication.translate("Labels", "Billing"),
        ClaimCategory.RECEPTION: QCoreApplication.translate("Labels", "Reception"),
        ClaimCategory.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def severity_labels() -> dict[Severity, str]:
    return {
        Severity.LOW: QCoreApplication.translate("Labels", "Low"),
        Severity.MEDIUM: QCoreApplication.translate("Labels", "Medium"),
        Severity.HIGH: QCoreApplication.translate("Labels", "High"),
        Severity.CRITICAL: QCoreApplication.translate("Labels", "Critical"),
    }


def claim_status_labels() -> dict[ClaimStatus, str]:
    return {
        ClaimStatus.OPEN: QCoreApplication.translate("Labels", "Open"),
        ClaimStatus.IN_PROGRESS: QCoreApplication.translate("Labels", "In progress"),
        ClaimStatus.WAITING_CUSTOMER: QCoreApplication.translate("Labels", "Waiting for customer"),
        ClaimStatus.WAITING_PARTS: QCoreApplication.translate("Labels", "Waiting for parts"),
        ClaimStatus.RESOLVED: QCoreApplication.translate("Labels", "Resolved"),
        ClaimStatus.CLOSED: QCoreApplication.translate("Labels", "Closed"),
    }


def campaign_kind_labels() -> dict[CampaignKind, str]:
    return {
        CampaignKind.PHONING: QCoreApplication.translate("Labels", "Phoning"),
        CampaignKind.EMAIL: QCoreApplication.translate("Labels", "E-mail"),
        CampaignKind.SMS: QCoreApplication.translate("Labels", "SMS"),
    }


def campaign_objective_labels() -> dict[CampaignObjective, str]:
    return {
        CampaignObjective.PROSPECTING: QCoreApplication.translate("Labels", "Prospecting"),
        CampaignObjective.LOYALTY: QCoreApplication.translate("Labels", "Loyalty"),
        CampaignObjective.SERVICE_REMINDER: QCoreApplication.translate("Labels", "Service reminder"),
        CampaignObjective.EVENT_INVITATION: QCoreApplication.translate("Labels", "Event invitation"),
        CampaignObjective.LEASE_RENEWAL: QCoreApplication.translate("Labels", "Lease renewal"),
    }


def campaign_status_labels() -> dict[CampaignStatus, str]:
    return {
        CampaignStatus.DRAFT: QCoreApplication.translate("Labels", "Draft"),
        CampaignStatus.FROZEN: QCoreApplication.translate("Labels", "Frozen"),
        CampaignStatus.RUNNING: QCoreApplication.translate("Labels", "Running"),
        CampaignStatus.DONE: QCoreApplication.translate("Labels", "Done"),
    }


def target_status_labels() -> dict[TargetStatus, str]:
    return {
        TargetStatus.PENDING: QCoreApplication.translate("Labels", "Pending"),
        TargetStatus.EXCLUDED: QCoreApplication.translate("Labels", "Excluded"),
        TargetStatus.IN_PROGRESS: QCoreApplication.translate("Labels", "In progress"),
        TargetStatus.DONE: QCoreApplication.translate("Labels", "Done"),
    }


def call_outcome_labels() -> dict[CallOutcome, str]:
    return {
        CallOutcome.INTERESTED: QCoreApplication.translate("Labels", "Interested"),
        CallOutcome.APPOINTMENT: QCoreApplication.translate("Labels", "Appointment"),
        CallOutcome.CALLBACK: QCoreApplication.translate("Labels", "Call back later"),
        CallOutcome.NOT_INTERESTED: QCoreApplication.translate("Labels", "Not interested"),
        CallOutcome.WRONG_NUMBER: QCoreApplication.translate("Labels", "Wrong number"),
        CallOutcome.NO_ANSWER: QCoreApplication.translate("Labels", "No answer"),
        CallOutcome.VOICEMAIL: QCoreApplication.translate("Labels", "Voicemail"),
        CallOutcome.DO_NOT_CALL: QCoreApplication.translate("Labels", "Do not call"),
        CallOutcome.SENT: QCoreApplication.translate("Labels", "Sent"),
        CallOutcome.DELIVERED: QCoreApplication.translate("Labels", "Delivered"),
        CallOutcome.FAILED: QCoreApplication.translate("Labels", "Failed"),
    }


def spend_channel_labels() -> dict[SpendChannel, str]:
    return {
        SpendChannel.WALK_IN: QCoreApplication.translate("Labels", "Walk-in"),
        SpendChannel.WEBSITE: QCoreApplication.translate("Labels", "Website"),
        SpendChannel.PHONE: QCoreApplication.translate("Labels", "Phone"),
        SpendChannel.SOCIAL: QCoreApplication.translate("Labels", "Social"),
        SpendChannel.REFERRAL: QCoreApplication.translate("Labels", "Referral"),
        SpendChannel.EVENT: QCoreApplication.translate("Labels", "Event"),
        SpendChannel.CAMPAIGN: QCoreApplication.translate("Labels", "Campaign"),
        SpendChannel.OTHER: QCoreApplication.translate("Labels", "Other"),
    }


def objective_metric_labels() -> dict[ObjectiveMetric, str]:
    return {
        ObjectiveMetric.SALES: QCoreApplication.translate("Labels", "Sales"),
        ObjectiveMetric.MARGIN: QCoreApplication.translate("Labels", "Margin"),
        ObjectiveMetric.TEST_DRIVES: QCoreApplication.translate("Labels", "Test drives"),
        ObjectiveMetric.CALLS: QCoreApplication.translate("Labels", "Calls"),
    }


def audit_action_labels() -> dict[AuditAction, str]:
    return {
        AuditAction.CREATE: QCoreApplication.translate("Labels", "Create"),
        AuditAction.UPDATE: QCoreApplication.translate("Labels", "Update"),
        AuditAction.DELETE: QCoreApplication.translate("Labels", "Delete"),
        AuditAction.LOGIN: QCoreApplication.translate("Labels", "Login"),
        AuditAction.LOGIN_FAILED: QCoreApplication.translate("Labels", "Failed login"),
        AuditAction.MERGE: QCoreApplication.translate("Labels", "Merge"),
        AuditAction.ERASE: QCoreApplication.translate("Labels", "Erase"),
        AuditAction.EXPORT: QCoreApplication.translate("Labels", "Export"),
    }


_FACTORIES: dict[type[Enum], Callable[[], Any]] = {
    Role: role_labels,
    ContactKind: contact_kind_labels,
    Civility: civility_labels,
    Lifecycle: lifecycle_labels,
    SourceChannel: source_channel_labels,
    Channel: channel_labels,
    ConsentPurpose: consent_purpose_labels,
    ConsentStatus: consent_status_labels,
    LinkKind: link_kind_labels,
    BodyType: body_type_labels,
    Fuel: fuel_labels,
    Stage: stage_labels,
    InteractionType: interaction_type_labels,
    Direction: direction_labels,
    TaskKind: task_kind_labels,
    VehicleCondition: vehicle_condition_labels,
    StockStatus: stock_status_labels,
    Financing: financing_labels,
    ServiceKind: service_kind_labels,
    ClaimCategory: claim_category_labels,
    Severity: severity_labels,
    ClaimStatus: claim_status_labels,
    CampaignKind: campaign_kind_labels,
    CampaignObjective: campaign_objective_labels,
    CampaignStatus: campaign_status_labels,
    TargetStatus: target_status_labels,
    CallOutcome: call_outcome_labels,
    SpendChannel: spend_channel_labels,
    ObjectiveMetric: objective_metric_labels,
    AuditAction: audit_action_labels,
}


@functools.cache
def labels_for(enum_cls: type[Enum]) -> dict[Any, str]:
    """All labels of one enum, in declaration order (for combo boxes)."""
    return dict(_FACTORIES[enum_cls]())


def label(value: Enum | str | None, enum_cls: type[Enum] | None = None) -> str:
    """The translated label of one enum value; empty for None.

    `value` is an enum member, or the plain string value of one when `enum_cls` says which enum: Qt
    hands the data of a combo box item back as a plain `str` even when a StrEnum member was stored,
    so `label(combo.currentData(), TaskKind)` works. An unknown value shows as itself.
    """
    if value is None:
        return ""
    if enum_cls is not None and not isinstance(value, enum_cls):
        try:
            value = enum_cls(value)
        except ValueError:
            return str(value.value if isinstance(value, Enum) else value)
    if not isinstance(value, Enum):
        raise TypeError(f"label() needs an enum member, or enum_cls for the plain value {value!r}")
    if type(value) not in _FACTORIES:
        return str(value.value)
    return labels_for(type(value)).get(value, str(value.value))


def clear_cache() -> None:
    """Forget translated labels, after the interface language changed."""
    labels_for.cache_clear()
