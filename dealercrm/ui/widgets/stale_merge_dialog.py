"""A save met a newer version: show "their version / your changes" field by field and let the user
re-apply their changes on top of the new version (all, or the ticked ones), keep theirs, or go back to
the form. Nothing the user typed is lost: the form that opened this dialog keeps its input until the
user chooses."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dealercrm.ui.style import set_primary
from dealercrm.ui.widgets.forms import text_label

CONFLICT_COLOUR = QColor("#fef3f2")


@dataclass(frozen=True)
class FieldDifference:
    """One field that differs between their saved version and the user's form."""

    field: str
    label: str
    theirs: str  # as shown
    yours: str
    you_changed: bool  # the user changed it in the form (else only they did)
    they_changed: bool  # it moved since the form was opened


class MergeChoice(enum.Enum):
    REAPPLY = "reapply"  # my ticked changes on top of their version
    KEEP_THEIRS = "keep_theirs"  # their version; the form shows it
    BACK = "back"  # back to my form, nothing decided


class StaleMergeDialog(QDialog):
    """`choice` and `chosen_fields` (the fields whose "yours" is re-applied) once closed."""

    def __init__(
        self, message: str, differences: Sequence[FieldDifference], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Saved meanwhile by someone else"))
        self.differences = list(differences)
        self.choice = MergeChoice.BACK
        intro = text_label(message)
        hint = QLabel(
            self.tr(
                "Tick the changes of yours to apply on top of their version; the other fields keep "
                "their version. Fields in red were changed by both of you."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("Hint")
        self.table = QTableWidget(len(self.differences), 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Their version"), self.tr("Your changes")]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        for row, diff in enumerate(self.differences):
            name = QTableWidgetItem(diff.label)
            theirs = QTableWidgetItem(diff.theirs or "—")
            yours = QTableWidgetItem(diff.yours or "—")
            if diff.you_changed:
                yours.setFlags(yours.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                yours.setCheckState(Qt.CheckState.Checked)
            if diff.you_changed and diff.they_changed:
                for item in (name, theirs, yours):
                    item.setBackground(QBrush(CONFLICT_COLOUR))
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, theirs)
            self.table.setItem(row, 2, yours)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

        buttons = QDialogButtonBox()
        self.reapply_button = QPushButton(self.tr("Save my ticked changes on their version"))
        set_primary(self.reapply_button)
        self.keep_button = QPushButton(self.tr("Keep their version"))
        self.back_button = QPushButton(self.tr("Back to my form"))
        buttons.addButton(self.reapply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.reapply_button.clicked.connect(lambda: self._choose(MergeChoice.REAPPLY))
        self.keep_button.clicked.connect(lambda: self._choose(MergeChoice.KEEP_THEIRS))
        self.back_button.clicked.connect(lambda: self._choose(MergeChoice.BACK))
        self.reapply_button.setEnabled(any(d.you_changed for d in self.differences))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(720, min(560, 200 + 34 * len(self.differences)))

    def chosen_fields(self) -> list[str]:
        """The fields whose "your changes" is ticked."""
        out: list[str] = []
        for row, diff in enumerate(self.differences):
            item = self.table.item(row, 2)
            if diff.you_changed and item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(diff.field)
        return out

    def set_ticked(self, field: str, ticked: bool) -> None:
        for row, diff in enumerate(self.differences):
            item = self.table.item(row, 2)
            if diff.field == field and item is not None and diff.you_changed:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _choose(self, choice: MergeChoice) -> None:
        self.choice = choice
        if choice is MergeChoice.BACK:
            self.reject()
        else:
            self.accept()
