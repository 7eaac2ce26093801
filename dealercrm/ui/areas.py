"""The areas of the main window, in navigation order. Pages are imported when first shown, so that
start-up pays only for the page the user lands on."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from dealercrm.ui.i18n import QT_TRANSLATE_NOOP
from dealercrm.ui.widgets.page import Page


@dataclass(frozen=True)
class Area:
    key: str
    title: str  # English source text, translated with the "Areas" context
    module: str
    class_name: str
    shortcut: str
    permission: str | None = None  # hidden for users who may not do this
    record_kind: str | None = None  # the kind of record open_record() shows ("contact", ...)

    @property
    def translated_title(self) -> str:
        return QCoreApplication.translate("Areas", self.title)

    def page_class(self) -> type[Page]:
        cls: type[Page] = getattr(importlib.import_module(self.module), self.class_name)
        assert issubclass(cls, Page)
        return cls


AREAS: tuple[Area, ...] = (
    Area("today", QT_TRANSLATE_NOOP("Areas", "Today"), "dealercrm.ui.today.page", "TodayPage", "Ctrl+1"),
    Area(
        "contacts",
        QT_TRANSLATE_NOOP("Areas", "Contacts"),
        "dealercrm.ui.contacts.page",
        "ContactsPage",
        "Ctrl+2",
        "contacts.read",
        "contact",
    ),
    Area(
        "pipeline",
        QT_TRANSLATE_NOOP("Areas", "Pipeline"),
        "dealercrm.ui.pipeline.page",
        "PipelinePage",
        "Ctrl+3",
        "opportunities.read",
        "opportunity",
    ),
    Area(
        "vehicles",
        QT_TRANSLATE_NOOP("Areas", "Vehicles"),
        "dealercrm.ui.vehicles.page",
        "VehiclesPage",
        "Ctrl+4",
        "vehicles.read",
        "vehicle",
    ),
    Area(
        "aftersales",
        QT_TRANSLATE_NOOP("Areas", "After-sales"),
        "dealercrm.ui.aftersales.page",
        "AfterSalesPage",
        "Ctrl+5",
        "claims.read",
        "claim",
    ),
    Area(
        "campaigns",
        QT_TRANSLATE_NOOP("Areas", "Campaigns"),
        "dealercrm.ui.campaigns.page",
        "CampaignsPage",
        "Ctrl+6",
        "campaigns.read",
        "campaign",
    ),
    Area(
        "dashboard",
        QT_TRANSLATE_NOOP("Areas", "Dashboard"),
        "dealercrm.ui.dashboard.page",
        "DashboardPage",
        "Ctrl+7",
        "kpi.read_own",
    ),
    Area(
        "reports",
        QT_TRANSLATE_NOOP("Areas", "Reports"),
        "dealercrm.ui.reports.page",
        "ReportsPage",
        "Ctrl+8",
        "reports.read",
    ),
    Area(
        "settings",
        QT_TRANSLATE_NOOP("Areas", "Settings"),
        "dealercrm.ui.settings.page",
        "SettingsPage",
        "Ctrl+9",
    ),
)

AREAS_BY_KEY = {area.key: area for area in AREAS}
RECORD_AREAS = {area.record_kind: area for area in AREAS if area.record_kind}
