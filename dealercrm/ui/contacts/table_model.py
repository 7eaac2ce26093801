"""The contacts list: a keyset-paged model over ContactService.list_page, with the list's columns."""

from __future__ import annotations

import datetime as dt
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor

from dealercrm.models.enums import Lifecycle
from dealercrm.services.contacts import ContactFilter, ContactRow, ContactService
from dealercrm.ui import formatting as fmt
from dealercrm.ui.labels import label
from dealercrm.ui.widgets.paged_table import Column, Done, Failed, PagedTableModel
from dealercrm.ui.workers import Executor

PAGE_SIZE = 100  # a screen shows ~30 rows: a smaller first page paints sooner
HOT, WARM = 70, 40  # score bands
SCORE_COLUMN = 4
# The columns a click on the header sorts by, and the service's sort key for each.
SORT_COLUMNS = {0: "name", 3: "last_contact", 4: "score", 7: "city", 9: "created", 10: "purchase"}
LIFECYCLE_COLOURS = {
    Lifecycle.CUSTOMER: QColor("#067647"),
    Lifecycle.LOST: QColor("#6b7280"),
}


def contact_columns() -> list[Column[ContactRow]]:
    """The list's columns, titles translated now (call after the translator is installed)."""
    # What a salesperson scans for first comes first: a narrow window still shows it.
    return [
        _clipped(QCoreApplication.translate("ContactsTableModel", "Name"), "name", width=190),
        Column(QCoreApplication.translate("ContactsTableModel", "Phone"), lambda r: r.phone, width=115),
        Column(
            QCoreApplication.translate("ContactsTableModel", "Lifecycle"),
            lambda r: label(r.lifecycle),
            width=80,
            colour=lambda r: LIFECYCLE_COLOURS.get(r.lifecycle),
        ),
        Column(
            QCoreApplication.translate("ContactsTableModel", "Last contact"),
            lambda r: fmt.date(_local_date(r)),
            width=112,
        ),
        Column(
            QCoreApplication.translate("ContactsTableModel", "Score"),
            lambda r: "" if r.score is None else str(r.score),
            align_right=True,
            width=58,
            colour=lambda r: _score_colour(r.score),
        ),
        Column(QCoreApplication.translate("ContactsTableModel", "Owner"), lambda r: r.owner_name, width=120),
        _clipped(QCoreApplication.translate("ContactsTableModel", "Company"), "company", width=120),
        _clipped(QCoreApplication.translate("ContactsTableModel", "City"), "city", width=110),
        _clipped(QCoreApplication.translate("ContactsTableModel", "E-mail"), "email", width=180),
        Column(
            QCoreApplication.translate("ContactsTableModel", "Created"),
            lambda r: fmt.date(fmt.local_time(r.created_at).date()) if r.created_at is not None else "",
            width=95,
        ),
        Column(
            QCoreApplication.translate("ContactsTableModel", "Purchase 90 d"),
            lambda r: "" if r.purchase_probability is None else fmt.percent(r.purchase_probability),
            align_right=True,
            width=90,
        ),
    ]


def _clipped(title: str, attribute: str, *, width: int) -> Column[ContactRow]:
    """A text column that a narrow width may cut: its tooltip shows the whole text."""
    text = attrgetter(attribute)
    return Column(title, text, width=width, tooltip=text)


def _score_colour(score: int | None) -> QColor | None:
    if score is None:
        return None
    if score >= HOT:
        return QColor("#067647")
    if score >= WARM:
        return QColor("#b54708")
    return QColor("#6b7280")


def _local_date(row: ContactRow) -> dt.date | None:
    return fmt.local_time(row.last_contact_at).date() if row.last_contact_at is not None else None


class ContactsTableModel(PagedTableModel[ContactRow]):
    """Contacts in the filters' order (name by default), a page at a time as the view scrolls (each
    page is one keyset query)."""

    def __init__(
        self, service: ContactService, parent: Any = None, *, executor: Executor | None = None
    ) -> None:
        self.columns = contact_columns()
        super().__init__(self.columns, page_size=PAGE_SIZE, parent=parent, executor=executor)
        self._service = service
        self._filters = ContactFilter()

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section in SORT_COLUMNS
        ):
            return QCoreApplication.translate(
                "ContactsTableModel", "Click to sort by this column; click again to reverse the order"
            )
        return super().headerData(section, orientation, role)

    @property
    def filters(self) -> ContactFilter:
        return self._filters

    def set_filters(self, filters: ContactFilter, *, on_done: Done = None, on_failure: Failed = None) -> None:
        """Show the contacts matching `filters`, from the first page (see `set_fetch`)."""
        self._filters = filters
        service = self._service

        def fetch(after: ContactRow | None, limit: int) -> list[ContactRow]:
            return service.list_page(filters=filters, after=after, limit=limit)

        self.set_fetch(fetch, on_done=on_done, on_failure=on_failure)

    def row_of(self, contact_id: int) -> int | None:
        """The row showing `contact_id` among those loaded, if any."""
        for i, row in enumerate(self._rows):
            if row.id == contact_id:
                return i
        return None
