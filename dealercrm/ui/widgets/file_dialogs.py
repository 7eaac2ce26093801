"""Every file dialog of the app: Save, Open and Choose-a-folder, built so that they never open a file.

Why this module exists. SQLite keeps its locks on the database file as POSIX advisory locks, and POSIX
drops *every* lock a process holds on a file as soon as that process closes *any* descriptor on it
(SQLite's "How To Corrupt An SQLite Database File", section 2.2). Qt's file dialog lists a folder through a
`QFileSystemModel`; for each entry its icon provider's `type()` (the "Type" column, the completer, the
sort) and, with an icon theme, `icon()` ask `QMimeDatabase.mimeTypeForFile()` in its default match mode,
which opens and reads the file whenever the name alone is ambiguous (`t.db`, `demo.sqlite`; not
`dealercrm.sqlite3`). Traced with strace: `QFileSystemModelPrivate::fileSystemChanged` ->
`QFileInfoGatherer::getInfo` -> `QAbstractFileIconProvider::type` -> `mimeTypeForFile(info, MatchDefault)`
-> `open(DB, O_RDONLY)` + `close()`. After that close the app holds no lock on its own database; the next
process that opens and closes it (`dealercrm --db DB kpi`, a backup) believes it is the last connection,
checkpoints and deletes `DB-wal` and `DB-shm` while the app still writes to them: its later commits are
invisible to everyone else and backups fail with "disk I/O error".

So a dialog built here gets `SafeIconProvider`, which names types and picks icons from the file name and
`stat()` data only (`QMimeDatabase.MatchMode.MatchExtension` never reads contents), plus the dialog option
`DontUseCustomDirectoryIcons` (no reading of `.directory` files). The completer, the sidebar and the
"Type" column all go through the dialog's one model, hence through this provider.

Native dialogs. On Windows the native dialog is used: SQLite locks there with `LockFileEx`, which belongs
to SQLite's own handle, so another handle on the file cannot release it. Everywhere else Qt's own widget
dialog is used (`DontUseNativeDialog`). On Linux, which dialog Qt would call "native" depends on the
platform theme: none under the offscreen or plain xcb platform (Qt then builds this widget dialog anyway),
the GTK 3 theme (`libqgtk3`, shipped with PySide6) whose `GtkFileChooser` runs *inside our process* and
sniffs content types with GIO, or a KDE theme whose KIO dialog does the same; only the xdg portal would
run it in another process. macOS panels are not ours to audit either. The widget dialog is the one we
can trace and test (tests/ui/test_file_dialogs.py), so it is the one we use.

Default folder: the user's Documents folder, never the current directory (which, for a user who starts
the app from a terminal, is often the folder that holds the database).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFileInfo, QMimeDatabase, QStandardPaths
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QStyle, QWidget

__all__ = ["SafeIconProvider", "existing_directory", "icon_provider", "open_file", "save_file", "save_path"]

# Whether to let Qt show the platform's own dialog (see the module docstring).
USE_NATIVE_DIALOGS = sys.platform == "win32"


class SafeIconProvider(QFileIconProvider):
    """Icons and type names from a file's name and stat data only: it never opens the file."""

    def __init__(self) -> None:
        super().__init__()
        self._mime_types = QMimeDatabase()
        self.setOptions(QFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, what: QFileInfo | QFileIconProvider.IconType) -> QIcon:
        """The icon of a file (from its extension) or of a kind of location (from the style)."""
        if not isinstance(what, QFileInfo):
            return super().icon(what)  # drives, folders, network...: the style's pictures, no file read
        style = QApplication.style()
        if what.isDir():
            return style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        fallback = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        mime = self._mime_types.mimeTypeForFile(what, QMimeDatabase.MatchMode.MatchExtension)
        if mime.isDefault():
            return fallback
        return QIcon.fromTheme(mime.iconName(), QIcon.fromTheme(mime.genericIconName(), fallback))

    def type(self, info: QFileInfo) -> str:
        """The "Type" column: the description of the extension's type, never of the contents."""
        if info.isDir():
            return QCoreApplication.translate("FileDialogs", "Folder")
        mime = self._mime_types.mimeTypeForFile(info, QMimeDatabase.MatchMode.MatchExtension)
        if not mime.isDefault() and mime.comment():
            return mime.comment()
        suffix = info.suffix()
        if suffix:
            return QCoreApplication.translate("FileDialogs", "{suffix} file").format(suffix=suffix.upper())
        return QCoreApplication.translate("FileDialogs", "File")


_provider: SafeIconProvider | None = None


def icon_provider() -> SafeIconProvider:
    """The one provider every dialog shares (Qt does not own it, so this module keeps it alive)."""
    global _provider
    if _provider is None:
        _provider = SafeIconProvider()
    return _provider


def default_folder() -> Path:
    """Where a dialog opens when the caller names no folder: the user's Documents folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def _start(suggested: str | Path | None) -> str:
    """An absolute starting point: `suggested` as is when absolute, else inside the Documents folder."""
    if suggested is None or str(suggested) == "":
        return str(default_folder())
    path = Path(suggested).expanduser()
    return str(path if path.is_absolute() else default_folder() / path)


def _existing_folder(folder: Path) -> Path:
    """`folder`, or its nearest existing parent (a fresh account may have no Documents folder yet)."""
    for candidate in (folder, *folder.parents):
        if candidate.is_dir():
            return candidate
    return Path.home()


def build_dialog(
    parent: QWidget | None, title: str, start: str | Path | None, filters: str = ""
) -> QFileDialog:
    """A file dialog that never opens the files it lists; the caller sets its mode and runs it."""
    target = Path(_start(start))
    folder, name = (target, "") if target.is_dir() else (_existing_folder(target.parent), target.name)
    # Qt lists the folder given here from the constructor on: the provider must be in place before the
    # first events are processed, which is what the next lines do (no event loop runs in between).
    dialog = QFileDialog(parent, title, str(folder))
    dialog.setOptions(_options())
    dialog.setIconProvider(icon_provider())
    if filters:
        dialog.setNameFilters(filters.split(";;"))
    if name:
        dialog.selectFile(name)
    return dialog


def _options() -> QFileDialog.Option:
    options = QFileDialog.Option.DontUseCustomDirectoryIcons
    if not USE_NATIVE_DIALOGS:
        options |= QFileDialog.Option.DontUseNativeDialog
    return options


def _run(dialog: QFileDialog) -> Path | None:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen and chosen[0] else None
    finally:
        dialog.deleteLater()


def save_file(
    parent: QWidget | None,
    title: str,
    default_name: str | Path,
    filters: str,
    *,
    default_suffix: str | None = None,
) -> Path | None:
    """Ask where to save; `default_name` is a file name (put in Documents) or a full path.

    `default_suffix` (without the dot) is added to a typed name that has none; it defaults to the
    suffix of `default_name`. Overwriting an existing file is confirmed by the dialog.
    """
    dialog = build_dialog(parent, title, default_name, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = default_suffix if default_suffix is not None else Path(default_name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    return _run(dialog)


def save_path(
    parent: QWidget | None,
    title: str,
    default_name: str | Path,
    filters: str,
    *,
    given: str | Path | None = None,
) -> str | None:
    """Where to save: `given` when the caller already knows it (a test, a script), else the user's
    choice in `save_file`'s dialog; None when they cancel it."""
    if given is not None:
        return str(given)
    chosen = save_file(parent, title, default_name, filters)
    return None if chosen is None else str(chosen)


def open_file(
    parent: QWidget | None, title: str, filters: str, *, folder: str | Path | None = None
) -> Path | None:
    """Ask for an existing file to read, starting in `folder` (default: Documents)."""
    dialog = build_dialog(parent, title, folder, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _run(dialog)


def existing_directory(
    parent: QWidget | None, title: str, *, folder: str | Path | None = None
) -> Path | None:
    """Ask for an existing folder, starting in `folder` (default: Documents)."""
    dialog = build_dialog(parent, title, folder)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return _run(dialog)
