"""Campaigns: listing, building (compliance check, freeze, split), the phoning cockpit and the results.

The public names of the former `dealercrm.services.campaigns` module stay importable from here.
"""

from dealercrm.services.campaigns.building import (
    CallerOption,
    CampaignBuilder,
    CampaignDetail,
    CampaignDraft,
    CostLineInput,
    SplitMode,
)
from dealercrm.services.campaigns.listing import CampaignRow, CampaignService, TargetRow
from dealercrm.services.campaigns.phoning import (
    CallCard,
    CallerProgress,
    CallingService,
    CallList,
    CallListEntry,
    CampaignProgress,
    NotOffered,
    OutcomeResult,
)
from dealercrm.services.campaigns.results import CampaignResults, CampaignResultsService, results_csv

__all__ = [
    "CallCard",
    "CallList",
    "CallListEntry",
    "CallerOption",
    "CallerProgress",
    "CallingService",
    "CampaignBuilder",
    "CampaignDetail",
    "CampaignDraft",
    "CampaignProgress",
    "CampaignResults",
    "CampaignResultsService",
    "CampaignRow",
    "CampaignService",
    "CostLineInput",
    "NotOffered",
    "OutcomeResult",
    "SplitMode",
    "TargetRow",
    "results_csv",
]
