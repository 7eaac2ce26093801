"""Which language the app speaks, and loading its translations (ours and Qt's own).

French is the default: the dealership is in France. The user's choice is a workstation preference
(QSettings key `ui/language`); `--language` on the command line wins for one run.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

if TYPE_CHECKING:  # importing dealercrm.models loads SQLAlchemy: not before the first window
    from dealercrm.models.enums import Role

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_KEY = "ui/language"
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def preferred_language(override: str | None = None, settings: QSettings | None = None) -> str:
    """`override` if it names a language we ship, else the saved preference, else French."""
    for candidate in (override, (settings or QSettings()).value(LANGUAGE_KEY, None)):
        if isinstance(candidate, str) and candidate.lower()[:2] in LANGUAGES:
            return candidate.lower()[:2]
    return DEFAULT_LANGUAGE


def qm_path(language: str) -> str | None:
    """Our compiled catalogue for `language` (for English: its plural forms only), or None."""
    ref = resources.files("dealercrm") / "resources" / "i18n" / f"dealercrm_{language}.qm"
    return str(ref) if ref.is_file() else None


def install_translations(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Speak `language` in both systems: set the default QLocale and install our and Qt's translators
    (widgets), and make it the user's language of the gettext side (services' messages, the screen's
    Babel formats; dealercrm/i18n.py). Returns the translators (keep them alive)."""
    from dealercrm import i18n

    i18n.set_language(language)
    QLocale.setDefault(QLocale(_LOCALES.get(language, "en_GB")))
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # English is the source language: its catalogue only holds plural forms ("1 contact", "2 contacts").
    candidates = (
        [(qm_path(language), "")]
        if language == "en"
        else [(f"qtbase_{language}", qt_dir), (qm_path(language), "")]
    )
    for name, directory in candidates:
        if name is None:
            continue
        translator = QTranslator(app)
        if translator.load(name, directory) and app.installTranslator(translator):
            installed.append(translator)
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def role_label(role: Role | str) -> str:
    """A role as the user reads it, in their language (the shared enum labels)."""
    from dealercrm.models.enums import Role
    from dealercrm.ui.labels import role_labels

    try:
        return role_labels()[Role(role)]
    except ValueError:
        return str(role)
