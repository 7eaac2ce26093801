"""File dialogs never open the files they list, so an open WAL database beside them keeps SQLite's locks.

The regression: a Qt file dialog on the folder of the app's database read the file to guess its type; closing
that descriptor dropped every POSIX lock SQLite held on it, and the next process that opened and closed the
database deleted the WAL under the running app (its later commits were lost to everyone else).
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QFileInfo, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit, QTreeView
from pytestqt.qtbot import QtBot

import dealercrm.ui
from dealercrm.ui.widgets import file_dialogs

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="POSIX advisory locks, as SQLite uses them")

# Names whose type the extension alone does not settle: Qt used to read these files to decide.
AMBIGUOUS_NAMES = ["t.db", "demo.sqlite"]

# Asks, from another process, which process holds a read lock on `start`..`start+length` of a file
# (fcntl F_GETLK): prints that pid, or 0. SQLite's unix VFS keeps such a lock on the database file
# (its SHARED range) and on the -shm file (its "dead man switch" byte) for as long as a WAL connection is
# open; once they are gone, the next connection to close believes it is the last one and deletes the WAL.
LOCK_HOLDER = """
import fcntl, os, struct, sys
path, start, length = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
fd = os.open(path, os.O_RDONLY)
query = struct.pack("hhqqi4x", fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
kind, _whence, _start, _length, pid = struct.unpack("hhqqi4x", fcntl.fcntl(fd, fcntl.F_GETLK, query))
print(pid if kind == fcntl.F_RDLCK else 0)
"""
SQLITE_SHARED_FIRST, SQLITE_SHARED_SIZE = 0x40000000 + 2, 510
SQLITE_SHM_DEAD_MAN_SWITCH = 128


def run_python(code: str, *args: str) -> str:
    """Run `code` in a fresh interpreter (another process, with locks and descriptors of its own)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def lock_holder(path: Path, start: int, length: int) -> int:
    return int(run_python(LOCK_HOLDER, str(path), str(start), str(length)))


def assert_sqlite_still_locks(db: Path) -> None:
    """This process still holds the locks SQLite took: nobody closed another descriptor on these files."""
    me = QApplication.applicationPid()
    assert lock_holder(db, SQLITE_SHARED_FIRST, SQLITE_SHARED_SIZE) == me, "lost the lock on the database"
    shm = db.with_name(db.name + "-shm")
    assert lock_holder(shm, SQLITE_SHM_DEAD_MAN_SWITCH, 1) == me, "lost the lock on the -shm file"


def open_and_close_elsewhere(db: Path) -> None:
    """What `dealercrm --db DB kpi` or a backup does: open the database, read, close."""
    run_python(
        "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('select 1 from t'); c.close()",
        str(db),
    )


def rows_seen_elsewhere(db: Path) -> int:
    code = (
        "import sqlite3, sys; "
        "print(sqlite3.connect(sys.argv[1]).execute('select count(*) from t').fetchone()[0])"
    )
    return int(run_python(code, str(db)))


@pytest.fixture(params=AMBIGUOUS_NAMES)
def open_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, sqlite3.Connection]]:
    """A WAL database in its own folder, written to and kept open by this process, as the app does."""
    db = tmp_path / "shop" / request.param
    db.parent.mkdir()
    connection = sqlite3.connect(db, isolation_level=None)
    assert connection.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    connection.execute("CREATE TABLE t (x INTEGER)")
    connection.execute("INSERT INTO t VALUES (1)")
    assert db.with_name(db.name + "-wal").exists()
    yield db, connection
    connection.close()


def survives_another_process(db: Path, connection: sqlite3.Connection) -> None:
    """The WAL outlives another process's open and close, and this process's next write reaches others."""
    assert_sqlite_still_locks(db)
    open_and_close_elsewhere(db)
    assert db.with_name(db.name + "-wal").exists(), "another process deleted the WAL of the open database"
    connection.execute("INSERT INTO t VALUES (2)")
    assert rows_seen_elsewhere(db) == 2


def wait_until_listed(qtbot: QtBot, dialog: QFileDialog, db: Path) -> None:
    """Until the dialog's list shows every file of the folder with its type (what made Qt read them)."""
    tree = dialog.findChild(QTreeView, "treeView")
    assert tree is not None

    def listed() -> bool:
        model, root = tree.model(), tree.rootIndex()
        rows = [[model.index(r, c, root).data() for c in range(3)] for r in range(model.rowCount(root))]
        names = {row[0] for row in rows}
        return {db.name, db.name + "-wal", db.name + "-shm"} <= names and all(row[2] for row in rows)

    qtbot.waitUntil(listed, timeout=10_000)


def test_a_dialog_on_the_database_folder_leaves_the_database_alone(
    qtbot: QtBot, open_db: tuple[Path, sqlite3.Connection]
) -> None:
    db, connection = open_db
    dialog = file_dialogs.build_dialog(
        None, "Save", db.parent / "export.csv", "CSV files (*.csv);;All files (*)"
    )
    qtbot.addWidget(dialog)
    dialog.selectNameFilter("All files (*)")
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.show()
    wait_until_listed(qtbot, dialog, db)
    # What a user does next: sort by type, let the completer offer names, pick the database itself.
    tree = dialog.findChild(QTreeView, "treeView")
    assert tree is not None
    tree.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None
    name_edit.clear()
    QTest.keyClicks(name_edit, db.name[:1])
    dialog.selectFile(str(db))
    qtbot.wait(200)  # let any queued listing or completion work run before looking at the locks
    dialog.reject()

    survives_another_process(db, connection)


@pytest.mark.parametrize("ask", ["save_file", "open_file", "existing_directory"])
def test_each_dialog_function_leaves_the_database_alone(
    qtbot: QtBot, open_db: tuple[Path, sqlite3.Connection], ask: str
) -> None:
    db, connection = open_db
    answered: list[bool] = []

    def answer_once_listed() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer_once_listed)
            return
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        if ask != "existing_directory":
            dialog.selectNameFilter("All files (*)")
            wait_until_listed(qtbot, dialog, db)
        else:
            qtbot.wait(500)  # folders only: the files are not listed, but give it every chance to touch them
        answered.append(True)
        dialog.reject()

    QTimer.singleShot(0, answer_once_listed)
    calls: dict[str, Callable[[], Path | None]] = {
        "save_file": lambda: file_dialogs.save_file(
            None, "Save", db.parent / "export.csv", "CSV files (*.csv);;All files (*)"
        ),
        "open_file": lambda: file_dialogs.open_file(None, "Open", "All files (*)", folder=db.parent),
        "existing_directory": lambda: file_dialogs.existing_directory(None, "Folder", folder=db.parent),
    }
    assert calls[ask]() is None  # cancelled
    assert answered == [True]

    survives_another_process(db, connection)


def test_a_file_system_model_with_the_modules_icon_provider_leaves_the_database_alone(
    qtbot: QtBot, open_db: tuple[Path, sqlite3.Connection]
) -> None:
    db, connection = open_db
    model = QFileSystemModel()
    model.setIconProvider(file_dialogs.icon_provider())
    model.setRootPath(str(db.parent))

    def typed() -> bool:
        index = model.index(str(db))
        return index.isValid() and bool(model.type(index)) and not model.fileIcon(index).isNull()

    qtbot.waitUntil(typed, timeout=10_000)
    survives_another_process(db, connection)


def test_types_come_from_names() -> None:
    provider = file_dialogs.icon_provider()
    assert provider.type(QFileInfo("/nowhere/report.pdf")) not in ("", "File")
    assert "DB" in provider.type(QFileInfo("/nowhere/t.db"))  # from the suffix, whatever the contents
    assert provider.type(QFileInfo("/nowhere/q7x")) == file_dialogs.QCoreApplication.translate(
        "FileDialogs", "File"
    )
    assert not provider.icon(QFileInfo("/nowhere/t.db")).isNull()


def test_dialogs_start_in_documents_and_keep_the_suggested_name(qtbot: QtBot, tmp_path: Path) -> None:
    documents = file_dialogs.default_folder()
    dialog = file_dialogs.build_dialog(None, "Save", "report.pdf", "PDF files (*.pdf)")
    qtbot.addWidget(dialog)
    if documents.is_dir():
        assert Path(dialog.directory().absolutePath()) == documents
    name_edit = dialog.findChild(QLineEdit, "fileNameEdit")
    assert name_edit is not None and name_edit.text() == "report.pdf"
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    assert dialog.testOption(QFileDialog.Option.DontUseCustomDirectoryIcons)

    inside = file_dialogs.build_dialog(None, "Save", tmp_path / "out.csv", "CSV files (*.csv)")
    qtbot.addWidget(inside)
    assert Path(inside.directory().absolutePath()) == tmp_path


def test_only_the_file_dialogs_module_names_qt_file_dialogs_or_file_system_models() -> None:
    """Any other QFileDialog or QFileSystemModel in the UI would list folders with Qt's content sniffing."""
    ui = Path(dealercrm.ui.__file__).parent
    allowed = ui / "widgets" / "file_dialogs.py"
    pattern = re.compile(r"\b(QFileDialog|QFileSystemModel)\b")
    offenders = [
        f"{path.relative_to(ui)}:{number}"
        for path in sorted(ui.rglob("*.py"))
        if path != allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == [], "use dealercrm.ui.widgets.file_dialogs instead"


def test_save_path_takes_the_given_path_else_asks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A path a caller already knows (a test, a script) is used as it is; otherwise the Save dialog asks,
    and a cancelled dialog gives None."""
    asked: list[str] = []
    answer: list[Path | None] = [tmp_path / "chosen.csv"]

    def save_file(_parent: object, title: str, *_rest: object, **_kw: object) -> Path | None:
        asked.append(title)
        return answer[0]

    monkeypatch.setattr(file_dialogs, "save_file", save_file)
    given = str(tmp_path / "given.csv")
    assert file_dialogs.save_path(None, "Export", "x.csv", "CSV (*.csv)", given=given) == given
    assert asked == []
    assert file_dialogs.save_path(None, "Export", "x.csv", "CSV (*.csv)") == str(tmp_path / "chosen.csv")
    answer[0] = None
    assert file_dialogs.save_path(None, "Export", "x.csv", "CSV (*.csv)") is None
    assert asked == ["Export", "Export"]
