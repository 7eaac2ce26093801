"""Small pieces every form shares: the banner that says why nothing was saved, the red border of a
field in error."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

INVALID_STYLE = "border: 1px solid #b42318; border-radius: 4px;"


def error_banner() -> QLabel:
    """A hidden, word-wrapped label styled as a form error (ui/style.py, #FormError)."""
    banner = QLabel()
    banner.setObjectName("FormError")
    banner.setWordWrap(True)
    banner.hide()
    return banner
