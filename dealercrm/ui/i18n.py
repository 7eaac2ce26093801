"""Which language the app speaks, and loading its translations (ours and Qt's own).

French is the default: the dealership is in France. Until someone logs in (the login and first-run
dialogs), the app speaks the workstation's preference (QSettings key `ui/language`). At login it switches
to the user's own language (`users.language`, chosen in Settings), on every workstation they use; after
logout it is back to the workstation's. `--lang` on the command line wins over both for one run.
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


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # noqa: N802 - the name pyside6-lupdate looks for
    """Marks `source` for pyside6-lupdate, which collects it under `context`; whoever shows it translates
    it then (QCoreApplication.translate(context, source)). PySide6's own returns `object`: this one keeps
    the `str` for the type checker."""
    return source


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
    global _language
    _installed[:] = installed
    _language = language
    return installed


def remove_translations(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)


# The translators the app speaks with now (the last install_translations) and their language: what a
# switch replaces.
_installed: list[QTranslator] = []
_language: str | None = None


def installed_translators() -> list[QTranslator]:
    return list(_installed)


def session_language(user_language: str | None, *, default: str, forced: bool = False) -> str:
    """The language of a user's session: `default` when it was forced (`--lang`) or the user has none we
    ship, else the user's."""
    if forced or not isinstance(user_language, str) or user_language.lower()[:2] not in LANGUAGES:
        return default
    return user_language.lower()[:2]


def switch_language(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Speak `language` from now on (at login: the user's language; at logout: the workstation's):
    the translators installed for the previous language are removed, those of `language` installed, and
    the gettext side (services, PDFs, formats) follows. Windows built afterwards use it; open ones keep
    their words (the switch happens between the login dialog and the main window)."""
    if language == _language and _installed:
        return list(_installed)
    from dealercrm.ui.labels import clear_cache

    remove_translations(app, list(_installed))
    installed = install_translations(app, language)
    clear_cache()  # the enum labels are cached per language: this only frees the previous one's
    return installed


def role_label(role: Role | str) -> str:
    """A role as the user reads it, in their language (the shared enum labels)."""
    from dealercrm.models.enums import Role
    from dealercrm.ui.labels import label

    return label(role, Role)
