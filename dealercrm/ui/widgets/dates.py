"""A date field that may be left empty ("Unknown"), and that Tab can always leave."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QWidget

NO_DATE = QDate(1900, 1, 1)


class OptionalDateEdit(QDateEdit):
    """A QDateEdit whose minimum date stands for "no date", shown as `empty_text`.

    Qt's date edit uses Tab to walk its day/month/year sections and leaves only from the last one; while
    the special value text is shown there is no section to reach, so Tab never left the field (a trap
    for keyboard users). Here Tab walks the sections of a real date and otherwise moves on.
    """

    def __init__(self, empty_text: str = " ", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(empty_text)
        self.setDate(NO_DATE)

    def is_empty(self) -> bool:
        return self.date() == self.minimumDate()

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: N802, A002 - Qt override
        if self.is_empty():
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)
