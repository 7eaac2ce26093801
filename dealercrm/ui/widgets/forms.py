"""Small pieces every form shares: the banner that says why nothing was saved, the red border of a
field in error, the OK/Save/Cancel buttons, a dialog's bottom row, a row of controls, a widget holding a
layout, a titled box, a combo box of an enum's labels, the wait after a keystroke."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QWidget,
)

from dealercrm.services.base import UserOption
from dealercrm.ui import formatting as fmt
from dealercrm.ui.labels import labels_for
from dealercrm.ui.style import restyled, set_primary

INVALID_STYLE = "border: 1px solid #b42318; border-radius: 4px;"
ERROR_STYLE = "color: #b42318;"


def ok_cancel(
    dialog: QDialog,
    ok_text: str | None = None,
    *,
    on_ok: Callable[[], None] | None = None,
    primary: bool = False,
    button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> QDialogButtonBox:
    """`button` (OK, labelled `ok_text`; the primary button if `primary`) and Cancel: OK calls `on_ok` (by
    default accepts the dialog), Cancel rejects it. `box.button(button)` is OK."""
    box = QDialogButtonBox(button | QDialogButtonBox.StandardButton.Cancel)
    ok = box.button(button)
    if ok_text is not None:
        ok.setText(ok_text)
    if primary:
        set_primary(ok)
    box.accepted.connect(on_ok if on_ok is not None else dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def save_buttons(
    dialog: QDialog,
    save: Callable[[], None],
    button: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
) -> tuple[QDialogButtonBox, QPushButton]:
    """`button` (the primary one, calling `save`) and Cancel (rejecting `dialog`); the box and `button`."""
    box = ok_cancel(dialog, on_ok=save, primary=True, button=button)
    return box, box.button(button)


def action_buttons(
    dialog: QDialog, text: str, act: Callable[[], None]
) -> tuple[QDialogButtonBox, QPushButton]:
    """Cancel (rejecting `dialog`) and a button named for what the dialog does ("Log visit", "Merge"),
    calling `act`; the box and that button."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    button = box.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
    box.accepted.connect(act)
    box.rejected.connect(dialog.reject)
    return box, button


def error_text() -> QLabel:
    """A hidden, word-wrapped line of red text: why a form was not saved, without the banner's box."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.hide()
    return label


def show_field_error(edit: QWidget, error: QLabel, message: str | None) -> None:
    """`message` under the field `edit` (its `error` label), the field's border red; None clears both."""
    restyled(edit, invalid=bool(message))
    error.setText(message or "")
    error.setVisible(bool(message))


class WrappedLabel(QLabel):
    """A word-wrapped label that measures its text once per width.

    A layout asks a word-wrapped label its height for a width many times as it settles (a contact's
    file: about 230 times for its ten sections), and QLabel lays its text out again at each call: 1-2
    ms for a section of rich text, 40-60 ms for the file. The heights are kept per width until the text,
    the font, the style or the margins change."""

    _MAX_WIDTHS = 16  # a window resized by dragging asks many widths: start again past this many

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._heights: dict[int, int] = {}
        self._measured = text
        self.setWordWrap(True)

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        text = self.text()  # compared each time: clear() and setNum() change it from C++
        if text != self._measured or len(self._heights) >= self._MAX_WIDTHS:
            self._heights.clear()
            self._measured = text
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = super().heightForWidth(width)
        return height

    def _width_given(self) -> bool:
        """Its layout gives the width (Ignored) and the text wraps to it: the height follows the width."""
        return self.wordWrap() and self.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        height = self.heightForWidth(max(self.width(), 1)) if self._width_given() else -1
        if height < 0:  # a preferred width, or nothing to wrap (a picture): QLabel's own hint
            return super().sizeHint()
        # The height at the width the label has, not QLabel's search for a pleasing width (several
        # layouts of its text: 10-14 ms for a long timeline).
        return QSize(0, height)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        if not self._width_given():
            return super().minimumSizeHint()
        # One line: the layout asks heightForWidth for the height at the width it gives.
        margins = self.contentsMargins()
        return QSize(0, self.fontMetrics().lineSpacing() + margins.top() + margins.bottom())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ContentsRectChange:
            self._heights.clear()
        return super().event(event)

    # What else changes the height: QLabel's own setters (not virtual, so reached through these).
    def setTextFormat(self, text_format: Qt.TextFormat) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setTextFormat(text_format)

    def setWordWrap(self, on: bool) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setWordWrap(on)

    def setIndent(self, indent: int) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setIndent(indent)

    def setMargin(self, margin: int) -> None:  # noqa: N802 - Qt's name
        self._heights.clear()
        super().setMargin(margin)


def text_label(text: str = "", name: str | None = None) -> QLabel:
    """A word-wrapped label, styled by its object name if any (ui/style.py: "DialogSubtitle", "Hint"...)."""
    label = WrappedLabel(text)
    if name is not None:
        label.setObjectName(name)
    label.setWordWrap(True)
    return label


def notes_edit(max_height: int, placeholder: str = "") -> QPlainTextEdit:
    """A few lines of free text in a form (a note, a summary), at most `max_height` px tall; Tab goes on to
    the next field instead of typing a tab."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMaximumHeight(max_height)
    edit.setPlaceholderText(placeholder)
    return edit


def push_button(text: str, clicked: Callable[[], object]) -> QPushButton:
    """A button labelled `text` (its & marks the shortcut) that calls `clicked` when clicked."""
    button = QPushButton(text)
    button.clicked.connect(clicked)
    return button


def close_button(done: Callable[[], object]) -> QPushButton:
    """The "Close" button of a dialog that saves as it goes; `done` is its accept() or reject()."""
    return push_button(QCoreApplication.translate("Forms", "Close"), done)


def spread(
    left: Sequence[QWidget], right: Sequence[QWidget] = (), *, spacing: int | None = None
) -> QHBoxLayout:
    """A row of controls (filters, buttons, a count): `left` from the left edge, `right` against the right
    one, the room left between them."""
    row = QHBoxLayout()
    if spacing is not None:
        row.setSpacing(spacing)
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def button_row(
    *buttons: QWidget, message: QWidget | None = None, aside: QWidget | None = None
) -> QHBoxLayout:
    """A dialog's bottom row: `buttons` on the right; on the left, `aside` (a button that leaves the dialog
    open: "Test connection") and `message` (what went wrong)."""
    row = QHBoxLayout()
    if aside is not None:
        row.addWidget(aside)
    if message is not None:
        row.addWidget(message, 1)
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


_L = TypeVar("_L", bound=QLayout)


def holding(
    layout: _L, *, margins: tuple[int, int, int, int] = (0, 0, 0, 0), spacing: int | None = None
) -> tuple[QWidget, _L]:
    """A plain widget holding `layout` (with no margins unless given, and `spacing` if given), to put a
    layout where a widget goes (a splitter's pane, a form's field); the widget and the layout."""
    box = QWidget()
    box.setLayout(layout)
    layout.setContentsMargins(*margins)
    if spacing is not None:
        layout.setSpacing(spacing)
    return box, layout


def panes(orientation: Qt.Orientation, first: QWidget, second: QWidget, sizes: list[int]) -> QSplitter:
    """Two panes, neither of which may be collapsed."""
    splitter = QSplitter(orientation)
    splitter.addWidget(first)
    splitter.addWidget(second)
    splitter.setSizes(sizes)
    splitter.setChildrenCollapsible(False)
    return splitter


def group_box(title: str, layout: QLayout) -> QGroupBox:
    """`layout` in a box titled `title`."""
    box = QGroupBox(title)
    box.setLayout(layout)
    return box


def scrolled(content: QWidget | QLayout) -> QScrollArea:
    """`content` (a widget, or a layout put in a plain one) in a frameless scroll area that scrolls only
    what does not fit: it is as wide and tall as the room it is given."""
    if isinstance(content, QLayout):
        holder = QWidget()
        holder.setLayout(content)
        content = holder
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def side_by_side(left: QWidget, right: QWidget, sizes: list[int]) -> QSplitter:
    """Two panes of a dialog, left and right."""
    return panes(Qt.Orientation.Horizontal, left, right, sizes)


def choice_combo(choices: Mapping[Any, str], *, first: str | None = None) -> QComboBox:
    """A combo box of `choices` (each item's data -> its text), in their order; with `first` ("All
    categories", "Any", "—"), an item with data None before them."""
    combo = QComboBox()
    if first is not None:
        combo.addItem(first, None)
    for value, text in choices.items():
        combo.addItem(text, value)
    return combo


def enum_combo(enum_cls: type[Enum], *, first: str | None = None) -> QComboBox:
    """A combo box of `enum_cls`'s labels (each item's data: the member), in declaration order; with
    `first`, an item with data None before them."""
    return choice_combo(labels_for(enum_cls), first=first)


def refill_combo(
    combo: QComboBox,
    keep: int,
    items: Iterable[tuple[str, object]],
    *,
    separator: bool = False,
    tooltips: Sequence[str] = (),
    same_text: bool = False,
) -> None:
    """`combo`'s items after its first `keep` ("All makes", "Mine"...) replaced by `items` (text, data),
    after a separator if asked, each with its tooltip if given; the chosen item stays chosen if it is still
    there (found by its data, or by its text with `same_text`), else the first. No signal is emitted."""
    current = combo.currentText() if same_text else combo.currentData()
    combo.blockSignals(True)
    while combo.count() > keep:
        combo.removeItem(keep)
    if separator:
        combo.insertSeparator(keep)
    for text, data in items:
        combo.addItem(text, data)
    first = combo.count() - len(tooltips)  # the tooltips are those of the last items: `items`'
    for offset, tooltip in enumerate(tooltips):
        combo.setItemData(first + offset, tooltip, Qt.ItemDataRole.ToolTipRole)
    index = combo.findText(current) if same_text else combo.findData(current)
    combo.setCurrentIndex(max(0, index))
    combo.blockSignals(False)


# A list's filter by owner: its first three items' data; the other users follow, each with their id.
ANY_OWNER, MINE, UNASSIGNED = "any", "mine", "unassigned"


def owner_filter_combo(*, anyone: str, mine: str, unassigned: str) -> QComboBox:
    """A list's filter by owner: no filter, mine, unassigned (each list words them its own way);
    `refill_owners` adds the other users once they are read."""
    return choice_combo({ANY_OWNER: anyone, MINE: mine, UNASSIGNED: unassigned})


def refill_owners(combo: QComboBox, users: Iterable[UserOption], me: int) -> None:
    """The other users, by name, after a separator below an owner filter's first three items."""
    others = [(u.name, u.id) for u in fmt.by_name(users, lambda u: u.name) if u.id != me]
    refill_combo(combo, 3, others, separator=True)


def chosen_owner(combo: QComboBox, me: int) -> tuple[int | None, bool]:
    """(owner_id, unassigned) of an owner filter, as the services' list filters take them."""
    owner = combo.currentData()
    if owner == MINE:
        return me, False
    return (owner if isinstance(owner, int) else None), owner == UNASSIGNED


def show_busy(window: QWidget, busy: bool, controls: Iterable[QWidget]) -> None:
    """While the executor works for `window`: its `controls` disabled and the busy cursor over it."""
    for control in controls:
        control.setEnabled(not busy)
    if busy:
        window.setCursor(Qt.CursorShape.BusyCursor)
    else:
        window.unsetCursor()


def debounce(parent: QObject, msec: int, slot: Callable[[], object]) -> QTimer:
    """A single-shot timer calling `slot` `msec` after its last start(): the wait after a keystroke,
    so that typing a word runs one search, not one per letter."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(slot)
    return timer
