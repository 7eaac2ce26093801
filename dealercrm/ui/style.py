"""The look of the app: Fusion with a light palette, one accent colour, and a small stylesheet.

Object names (`setObjectName`) select the special pieces (sidebar, header, search box); everything
else gets sober defaults so that every page looks like part of the same app.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ACCENT = "#2453d6"
ACCENT_SOFT = "#e4ebfd"
TEXT = "#1f2937"
MUTED = "#6b7280"
BORDER = "#e3e6eb"
SIDEBAR = "#f5f6f8"
ERROR = "#b42318"
GOOD = "#15803d"  # a figure that moved the right way
BAD = ERROR  # ... or the wrong way

STYLESHEET = f"""
QMainWindow, QDialog {{ background: #ffffff; }}
QToolTip {{ color: {TEXT}; background: #ffffff; border: 1px solid {BORDER}; padding: 4px 6px; }}

QLineEdit {{
    border: 1px solid #cfd4dc; border-radius: 6px; padding: 5px 8px; background: #ffffff;
    selection-background-color: {ACCENT};
}}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"] {{ border: 1px solid {ERROR}; }}
QAbstractSpinBox QLineEdit, QComboBox QLineEdit {{ border: none; padding: 0; background: transparent; }}

QPushButton {{
    border: 1px solid #cfd4dc; border-radius: 6px; padding: 6px 14px; background: #ffffff; color: {TEXT};
}}
QPushButton:hover {{ background: #f3f4f6; }}
QPushButton:pressed {{ background: #e5e7eb; }}
QPushButton:disabled {{ color: #9ca3af; background: #f9fafb; }}
QPushButton:focus {{ border: 1px solid {ACCENT}; }}
QPushButton[primary="true"] {{
    background: {ACCENT}; border: 1px solid {ACCENT}; color: #ffffff; font-weight: 600;
}}
QPushButton[primary="true"]:hover {{ background: #1e46b8; }}
QPushButton[primary="true"]:disabled {{ background: #9db1ec; border-color: #9db1ec; }}

QMenuBar {{ background: #ffffff; border-bottom: 1px solid {BORDER}; }}
QMenuBar::item {{ padding: 4px 10px; background: transparent; }}
QMenuBar::item:selected {{ background: {ACCENT_SOFT}; border-radius: 4px; }}
QMenu {{ background: #ffffff; border: 1px solid {BORDER}; padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 12px; border-radius: 4px; }}
QMenu::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
QMenu::separator {{ height: 1px; background: {BORDER}; margin: 4px 6px; }}

QStatusBar {{ background: {SIDEBAR}; border-top: 1px solid {BORDER}; color: #4b5563; }}
QStatusBar::item {{ border: none; }}
QStatusBar QLabel {{ color: #4b5563; padding: 0 8px; }}

QHeaderView::section {{
    background: #f8f9fb; border: none; border-bottom: 1px solid {BORDER}; border-right: 1px solid #eef0f3;
    padding: 5px 8px; color: #4b5563; font-weight: 600;
}}
QTableView {{ gridline-color: #eef0f3; selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT}; }}

#Sidebar {{ background: {SIDEBAR}; border-right: 1px solid {BORDER}; }}
#Brand {{ color: #111827; font-size: 15pt; font-weight: 700; }}
#BrandSub {{ color: {MUTED}; }}
#NavList {{ background: transparent; border: none; outline: 0; font-size: 10.5pt; }}
#NavList::item {{ color: #374151; padding: 7px 8px; margin: 1px 10px; border-radius: 7px; }}
#NavList::item:hover {{ background: #eaecf0; }}
#NavList::item:selected {{ background: {ACCENT_SOFT}; color: #1a3fa8; }}
#UserCard {{ border-top: 1px solid {BORDER}; }}
#Avatar {{
    background: {ACCENT}; color: #ffffff; border-radius: 16px; font-weight: 700;
    min-width: 32px; max-width: 32px; min-height: 32px; max-height: 32px;
}}
#UserName {{ color: #111827; font-weight: 600; }}
#UserRole {{ color: {MUTED}; }}

#HeaderBar {{ background: #ffffff; border-bottom: 1px solid {BORDER}; }}
#PageTitle {{ color: #111827; font-size: 16pt; font-weight: 600; }}
#SearchBox {{ border: 1px solid #d5d9e0; border-radius: 8px; padding: 6px 10px; background: #f6f7f9; }}
#SearchBox:focus {{ border: 1px solid {ACCENT}; background: #ffffff; }}
#SearchPopup {{ background: #ffffff; border: 1px solid #d5d9e0; border-radius: 8px; outline: 0; }}

#DialogTitle {{ color: #111827; font-size: 17pt; font-weight: 700; }}
#DialogSubtitle {{ color: {MUTED}; }}
#SectionTitle {{ color: #111827; font-size: 11.5pt; font-weight: 600; }}
#FieldError {{ color: {ERROR}; font-size: 9pt; }}
#FormError {{
    color: {ERROR}; background: #fef3f2; border: 1px solid #fecdca; border-radius: 6px; padding: 6px 8px;
}}
#Hint {{ color: {MUTED}; }}
#Card {{ background: #f8f9fb; border: 1px solid {BORDER}; border-radius: 10px; }}
#DemoAccounts {{ background: #ffffff; border: 1px solid {BORDER}; border-radius: 8px; outline: 0; }}
#DemoAccounts::item {{ padding: 5px 8px; border-radius: 5px; }}
#DemoAccounts::item:hover {{ background: #f0f3fa; }}
#DemoAccounts::item:selected {{ background: {ACCENT_SOFT}; color: {TEXT}; }}
#Placeholder {{ color: {MUTED}; font-size: 11pt; }}
"""


# The dashboard and reports pages: KPI tiles, the ranking, objective bars.
DASHBOARD_STYLE = f"""
#KpiTile {{ background: #ffffff; border: 1px solid #e3e6eb; border-radius: 10px; }}
#KpiTile:hover {{ border: 1px solid #c7d2fe; }}
#KpiTitle {{ color: #4b5563; font-size: 9.5pt; font-weight: 600; }}
#KpiValue {{ color: #111827; font-size: 20pt; font-weight: 600; }}
#KpiValue[alert="true"] {{ color: {BAD}; }}
#KpiSub {{ color: {MUTED}; font-size: 9pt; }}
#KpiDelta {{ font-size: 9pt; }}
#RankingTable::item {{ padding: 0px 10px; }}
#PeriodCaption {{ color: {MUTED}; }}
#Computing {{ color: #1a3fa8; font-weight: 600; }}
#ObjectiveBar {{ border: 1px solid #d5d9e0; border-radius: 5px; background: #f3f4f6; text-align: center;
    min-height: 20px; }}
#ObjectiveBar::chunk {{ background: #93b4f5; border-radius: 4px; }}
#ObjectiveBar[done="true"]::chunk {{ background: #86d19f; }}
"""


def apply_style(app: QApplication) -> None:
    """Fusion, a light palette whatever the desktop theme, a readable base font, our stylesheet."""
    app.setStyle("Fusion")
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#ffffff"),
        (QPalette.ColorRole.WindowText, TEXT),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, "#f8f9fb"),
        (QPalette.ColorRole.Text, TEXT),
        (QPalette.ColorRole.Button, "#ffffff"),
        (QPalette.ColorRole.ButtonText, TEXT),
        (QPalette.ColorRole.Highlight, ACCENT),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.ToolTipBase, "#ffffff"),
        (QPalette.ColorRole.ToolTipText, TEXT),
        (QPalette.ColorRole.PlaceholderText, "#9ca3af"),
        (QPalette.ColorRole.Link, ACCENT),
        (QPalette.ColorRole.Mid, "#d5d9e0"),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#9ca3af"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9ca3af"))
    app.setPalette(palette)
    font = QFont(app.font())
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)
    app.setWindowIcon(app_icon())


@cache
def _svg(name: str) -> str:
    return (resources.files("dealercrm") / "resources" / "icons" / f"{name}.svg").read_text(encoding="utf-8")


def _pixmap(name: str, colour: str, background: str, size: int) -> QPixmap:
    svg = _svg(name).replace("currentColor", colour).replace('"white"', f'"{background}"')
    svg = svg.replace('width="24" height="24"', f'width="{size * 2}" height="{size * 2}"', 1)
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(svg.encode()), "SVG")
    pixmap.setDevicePixelRatio(2.0)
    return pixmap


def icon(
    name: str, *, colour: str = "#4b5563", selected: str | None = None, background: str = SIDEBAR
) -> QIcon:
    """One of our line icons, drawn in `colour` (and in `selected` when its item is selected)."""
    result = QIcon()
    result.addPixmap(_pixmap(name, colour, background, 20), QIcon.Mode.Normal)
    if selected is not None:
        result.addPixmap(_pixmap(name, selected, ACCENT_SOFT, 20), QIcon.Mode.Selected)
    return result


def app_icon() -> QIcon:
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(_svg("app").encode()), "SVG")
    return QIcon(pixmap)


def set_primary(button: QPushButton) -> None:
    """The one button a screen wants pressed (blue)."""
    restyled(button, primary=True)


def default_button(text: str) -> QPushButton:
    """The button Enter presses: the one the screen wants pressed (primary, blue)."""
    button = QPushButton(text)
    button.setDefault(True)
    set_primary(button)
    return button


def other_button(text: str) -> QPushButton:
    """A button beside a default one, which Enter never presses (not even when it has the focus)."""
    button = QPushButton(text)
    button.setAutoDefault(False)
    return button


def password_edit(placeholder: str = "") -> QLineEdit:
    """A field whose text is hidden as it is typed (a password, a token)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


_W = TypeVar("_W", bound=QWidget)


def message_label(name: str = "FormError") -> QLabel:
    """A hidden, word-wrapped label for what a form has to say: an error ("FormError") or a hint ("Hint")."""
    label = named(QLabel(), name)
    label.setWordWrap(True)
    label.hide()
    return label


def named(widget: _W, name: str) -> _W:
    """`widget` with an object name, for the style sheet."""
    widget.setObjectName(name)
    return widget


def restyled(widget: _W, name: str | None = None, **properties: object) -> _W:
    """`widget` with a new object name ("FormError", "Hint"...) and/or dynamic properties ("invalid",
    "primary"...) that the style sheet reads, re-polished so that its look changes at once."""
    if name is not None:
        widget.setObjectName(name)
    for key, value in properties.items():
        widget.setProperty(key, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget


def window_heading(title: str, subtitle: str, *, logo: bool = True) -> QHBoxLayout:
    """The heading of the windows shown before the main one (login, first run, server): the app's logo
    (unless `logo` is False), the title and, under it, a word-wrapped subtitle."""
    words = QVBoxLayout()
    words.setSpacing(2)
    words.addWidget(named(QLabel(title), "DialogTitle"))
    subtitle_label = named(QLabel(subtitle), "DialogSubtitle")
    subtitle_label.setWordWrap(True)
    words.addWidget(subtitle_label)
    heading = QHBoxLayout()
    heading.setSpacing(14)
    if logo:
        mark = QLabel()
        mark.setPixmap(app_icon().pixmap(48, 48))
        heading.addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)
    heading.addLayout(words, 1)
    return heading


def window_layout(window: QWidget, *, spacing: int) -> QVBoxLayout:
    """The layout of one of those windows: their margins, and never squashed below what it holds."""
    layout = QVBoxLayout(window)
    layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never squash the fields
    layout.setContentsMargins(28, 24, 28, 22)
    layout.setSpacing(spacing)
    return layout


def say(label: QLabel, message: str) -> None:
    """Show `message` in a label made by `message_label` (an error, a hint); an empty one hides it."""
    label.setText(message)
    label.setVisible(bool(message))
