"""The widgets' side of the enum words: labels for combo boxes, tables and cards.

The words themselves are in one table, services/enum_words.py (gettext, each word in the context of its
enum); the interface switches gettext's language with Qt's (ui/i18n.py), so a label is in the language
of the screen. Labels are cached per language: a language switch never shows words of the previous one.
"""

from __future__ import annotations

import functools
from enum import Enum
from typing import Any

from dealercrm import i18n
from dealercrm.services.enum_words import WORDS, enum_word


@functools.cache
def _labels(enum_cls: type[Enum], language: str) -> dict[Any, str]:
    return {member: enum_word(member, language) for member in enum_cls}


def labels_for(enum_cls: type[Enum]) -> dict[Any, str]:
    """All labels of one enum, in declaration order (for combo boxes), in the current language."""
    return dict(_labels(enum_cls, i18n.current_language()))


def label(value: Enum | str | None, enum_cls: type[Enum] | None = None) -> str:
    """The translated label of one enum value; empty for None.

    `value` is an enum member, or the plain string value of one when `enum_cls` says which enum: Qt
    hands the data of a combo box item back as a plain `str` even when a StrEnum member was stored,
    so `label(combo.currentData(), TaskKind)` works. An unknown value shows as itself.
    """
    if value is None:
        return ""
    if enum_cls is not None and not isinstance(value, enum_cls):
        try:
            value = enum_cls(value)
        except ValueError:
            return str(value.value if isinstance(value, Enum) else value)
    if not isinstance(value, Enum):
        raise TypeError(f"label() needs an enum member, or enum_cls for the plain value {value!r}")
    if type(value) not in WORDS:
        return str(value.value)
    return _labels(type(value), i18n.current_language()).get(value, str(value.value))


def clear_cache() -> None:
    """Forget the cached labels (they are cached per language, so a language switch needs no call)."""
    _labels.cache_clear()
