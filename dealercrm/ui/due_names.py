"""The short names of the due dates on customers' cars (services/due_dates.DueKind), as the today page's
list and a customer's file show them before the date: "CT 12/05/2026"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from dealercrm.services.due_dates import DueKind


def due_names() -> dict[DueKind, str]:
    """Each kind's short name, in the current language."""
    return {
        DueKind.TECHNICAL_INSPECTION: QCoreApplication.translate("DueNames", "CT"),
        DueKind.MAINTENANCE: QCoreApplication.translate("DueNames", "Maintenance"),
        DueKind.WARRANTY_END: QCoreApplication.translate("DueNames", "Warranty ends"),
        DueKind.FINANCING_END: QCoreApplication.translate("DueNames", "Financing ends"),
    }
