"""SQLAlchemy 2.0 typed models of the whole dealership. Imports only SQLAlchemy."""

from dealercrm.models.activity import Interaction, Task
from dealercrm.models.admin import AuditEntry, ChangeLogEntry, OpenSession, Setting
from dealercrm.models.aftersales import Claim, ClaimEvent
from dealercrm.models.base import Base
from dealercrm.models.imports import ImportRow, ImportRun
from dealercrm.models.marketing import (
    BloctelEntry,
    Campaign,
    CampaignCostLine,
    CampaignTarget,
    MarketingSpend,
    Objective,
    Segment,
    SuppressionEntry,
)
from dealercrm.models.people import Consent, Contact, ContactLink, User
from dealercrm.models.prediction import PurchaseModel, PurchaseProbability
from dealercrm.models.sales import Opportunity, Sale, ServiceVisit, Vehicle
from dealercrm.models.types import Money, UTCDateTime, utcnow

__all__ = [
    "AuditEntry",
    "Base",
    "BloctelEntry",
    "Campaign",
    "ChangeLogEntry",
    "CampaignCostLine",
    "CampaignTarget",
    "Claim",
    "ClaimEvent",
    "Consent",
    "Contact",
    "ContactLink",
    "ImportRow",
    "ImportRun",
    "Interaction",
    "MarketingSpend",
    "Money",
    "Objective",
    "Opportunity",
    "Sale",
    "Segment",
    "ServiceVisit",
    "OpenSession",
    "PurchaseModel",
    "PurchaseProbability",
    "Setting",
    "SuppressionEntry",
    "Task",
    "User",
    "UTCDateTime",
    "Vehicle",
    "utcnow",
]
