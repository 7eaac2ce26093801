"""No dead buttons: on every page of the main window, for each role that sees it, every enabled and
visible button and every enabled action does something observable, and nothing raises.

"Something observable" (the pragmatic rule): after the click at least one of these happened
  - a dialog was run or shown (QDialog.exec/open/show, a QMessageBox or QInputDialog static
    function, a QMenu popped up, a file dialog asked through ui/widgets/file_dialogs),
  - a signal declared by one of our classes was emitted (open_requested, contact_saved, ...),
  - a file was written or a URL opened (QDesktopServices),
  - the database was written (an INSERT, UPDATE or DELETE went out),
  - the visible state changed: current area, focus, a widget's text, check state, visibility,
    enablement, current index of a combo/tab/stack, rows of a view, the clipboard.
A click that does none of these, or raises, is reported. Modal dialogs return "Rejected" at once;
file dialogs return a path in a temporary folder (so the export actually runs); every window a click
opened is closed before the next click.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import event, select

from dealercrm.db import Database, open_database
from dealercrm.demo import generate_demo
from dealercrm.models import User
from dealercrm.models.enums import Role
from dealercrm.services.auth import actor_of
from dealercrm.services.permissions import Actor
from dealercrm.ui.context import AppContext
from dealercrm.ui.main_window import MainWindow
from dealercrm.ui.widgets import file_dialogs

# (area key, object name or button text) -> why it may do nothing observable in this test.
EXEMPT: dict[tuple[str, str], str] = {
    (
        "today",
        "Refresh",
    ): "reloads the page; nothing changed in the database in between, so it looks the same",
    ("window", "Refresh"): "the same refresh, for the page shown",
    (
        "CampaignBuilderDialog",
        "Save draft",
    ): "on the empty builder it shows the error an earlier click showed "
    "(a campaign needs a name); its saving is tested in test_campaign_builder.py",
}


class Recorder:
    """Counts what a click did that the state snapshot cannot see."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.events: list[str] = []
        self.exceptions: list[str] = []
        self._n = 0
        self.area = ""
        self.depth = 0  # > 0 while the buttons of a dialog are being swept
        self.swept_dialogs: set[str] = set()
        self.dialog_problems: list[str] = []
        self.texts: dict[str, str] = {}  # every visible text seen -> where first (see _collect_texts)

    def note(self, what: str) -> None:
        self.events.append(what)

    def next_path(self, suffix: str) -> Path:
        self._n += 1
        return self.folder / f"out{self._n}{suffix}"


def _suffix(default_name: Any, filters: str) -> str:
    suffix = Path(str(default_name)).suffix
    if suffix:
        return suffix
    if "*." in filters:
        return "." + filters.split("*.", 1)[1].split(")")[0].split(" ")[0].split(";")[0]
    return ".out"


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db: Database) -> Iterator[Recorder]:
    rec = Recorder(tmp_path / "out")
    rec.folder.mkdir()

    def save_file(parent: Any, title: str, default_name: Any, filters: str, **_kw: Any) -> Path:
        rec.note(f"save_file {title}")
        return rec.next_path(_suffix(default_name, filters))

    def open_file(parent: Any, title: str, filters: str, **_kw: Any) -> None:
        rec.note(f"open_file {title}")
        return None

    def existing_directory(parent: Any, title: str, **_kw: Any) -> Path:
        rec.note(f"existing_directory {title}")
        folder = rec.next_path("")
        folder.mkdir()
        return folder

    monkeypatch.setattr(file_dialogs, "save_file", save_file)
    monkeypatch.setattr(file_dialogs, "open_file", open_file)
    monkeypatch.setattr(file_dialogs, "existing_directory", existing_directory)

    def dialog_exec(self: QDialog, *args: Any) -> int:
        rec.note(f"exec {type(self).__name__}")
        _sweep_dialog(self, rec)
        return int(QDialog.DialogCode.Rejected)

    def dialog_open(self: QDialog) -> None:
        rec.note(f"open {type(self).__name__}")
        _sweep_dialog(self, rec)

    from PySide6 import QtPrintSupport, QtWidgets

    for module in (QtWidgets, QtPrintSupport):
        for cls in (getattr(module, name) for name in dir(module)):
            if isinstance(cls, type) and issubclass(cls, QDialog) and "exec" in vars(cls):
                monkeypatch.setattr(cls, "exec", dialog_exec)
    monkeypatch.setattr(QDialog, "open", dialog_open)

    def box(name: str, answer: QMessageBox.StandardButton) -> Callable[..., QMessageBox.StandardButton]:
        def static(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
            rec.note(f"QMessageBox.{name}")
            return answer

        return static

    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, box(name, QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "question", box("question", QMessageBox.StandardButton.No))
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: rec.note("QMessageBox.about"))

    def input_dialog(name: str, answer: Any) -> Callable[..., Any]:
        def static(*args: Any, **kwargs: Any) -> Any:
            rec.note(f"QInputDialog.{name}")
            return answer

        return static

    for name, answer in (
        ("getText", ("", False)),
        ("getMultiLineText", ("", False)),
        ("getItem", ("", False)),
        ("getInt", (0, False)),
        ("getDouble", (0.0, False)),
    ):
        monkeypatch.setattr(QInputDialog, name, input_dialog(name, answer))
    monkeypatch.setattr(QMenu, "exec", lambda self, *a: rec.note("QMenu.exec"))
    monkeypatch.setattr(QMenu, "popup", lambda self, *a: rec.note("QMenu.popup"))
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: rec.note(f"openUrl {url.toString()}") or True
    )

    def on_execute(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
            rec.note("database write")

    event.listen(db.engine, "before_cursor_execute", on_execute)

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        rec.exceptions.append(f"{kind.__name__}: {value}")

    monkeypatch.setattr(sys, "excepthook", hook)
    yield rec
    event.remove(db.engine, "before_cursor_execute", on_execute)


def _sweep_dialog(dialog: QDialog, rec: Recorder) -> None:
    """Click the buttons of a dialog of ours (one level deep, once per dialog class), then close it.

    The buttons of its QDialogButtonBox (OK, Cancel, Save...) are left out: they close the dialog, and
    what they save is each dialog's own tests' business.
    """
    name = type(dialog).__name__
    if rec.depth or not type(dialog).__module__.startswith("dealercrm") or name in rec.swept_dialogs:
        return
    rec.swept_dialogs.add(name)
    rec.depth += 1
    saved_events, saved_exceptions = list(rec.events), list(rec.exceptions)
    try:
        dialog.show()
        QApplication.processEvents()
        _listen_to_our_signals(dialog, rec)
        _select_first_rows(dialog)
        _collect_texts(dialog, rec, name)
        box_buttons = {id(b) for box in dialog.findChildren(QDialogButtonBox) for b in box.buttons()}
        buttons = [
            b for b in _targets(dialog) if not (isinstance(b, QAbstractButton) and id(b) in box_buttons)
        ]
        for target in buttons:
            if not dialog.isVisible():
                dialog.show()
            label = _label(target)
            if (name, label) in EXEMPT:
                continue
            problem = _click_and_observe(target, [dialog], rec, f"{rec.area} > {name}: {label!r}")
            if problem:
                rec.dialog_problems.append(problem)
    finally:
        dialog.close()
        rec.depth -= 1
        rec.events[:] = [*saved_events, f"dialog {name}"]
        rec.exceptions[:] = saved_exceptions


def _listen_to_our_signals(root: QObject, rec: Recorder) -> None:
    """Connect a recorder to every signal declared by one of our classes, for every object under root."""
    for obj in [root, *root.findChildren(QObject)]:
        for cls in type(obj).__mro__:
            if not cls.__module__.startswith("dealercrm"):
                continue
            for name, value in vars(cls).items():
                if isinstance(value, Signal):
                    label = f"signal {cls.__name__}.{name}"
                    getattr(obj, name).connect(lambda *_a, label=label: rec.note(label))


def _widget_state(widget: QWidget) -> tuple[Any, ...]:
    state: list[Any] = [widget.isVisible(), widget.isEnabled()]
    if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
        state.append(widget.text())
    if isinstance(widget, QAbstractButton):
        state.append(widget.isChecked())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        state.append(widget.toPlainText())
    if isinstance(widget, QComboBox | QTabWidget | QStackedWidget):
        state.append(widget.currentIndex())
    if isinstance(widget, QComboBox):
        state.append(widget.count())
    if isinstance(widget, QAbstractItemView):
        model = widget.model()
        if model is not None:
            state.append(model.rowCount(QModelIndex()))
        index = widget.currentIndex()
        state.append((index.row(), index.column()))
        selection = widget.selectionModel()
        if selection is not None:
            state.append(tuple(sorted((i.row(), i.column()) for i in selection.selectedIndexes())))
    return tuple(state)


def _snapshot(roots: list[QWidget]) -> tuple[Any, ...]:
    state: list[Any] = [QApplication.clipboard().text()]
    for root in roots:
        widgets = root.findChildren(QWidget)
        state += [
            getattr(root, "current_area_key", None),
            root.isVisible(),
            id(root.focusWidget()),  # the offscreen window may not be active: its own focus widget
            len(widgets),
            tuple(_widget_state(w) for w in widgets),
            tuple(a.isEnabled() for a in root.findChildren(QAction)),
        ]
    return tuple(state)


def _targets(root: QWidget) -> list[QAbstractButton | QAction]:
    """The enabled, visible buttons and actions under root; a button's menu stands for the button."""
    buttons: list[QAbstractButton | QAction] = []
    actions: list[QAction] = [
        a for a in root.findChildren(QAction) if a.isEnabled() and a.isVisible() and a.text()
    ]
    for button in root.findChildren(QAbstractButton):
        if not (isinstance(button, QPushButton | QToolButton) and button.isVisible() and button.isEnabled()):
            continue
        if button.menu() is not None:  # Qt pops the menu up in a modal loop of its own: sweep its actions
            actions += [a for a in button.menu().actions() if a.isEnabled() and a.isVisible() and a.text()]
        else:
            buttons.append(button)
    return [*buttons, *dict.fromkeys(actions)]


def _alive(target: QAbstractButton | QAction) -> bool:
    try:
        if isinstance(target, QAbstractButton):
            return target.isVisible() and target.isEnabled()
        return target.isEnabled()
    except RuntimeError:  # deleted by an earlier click (a list rebuilt)
        return False


def _click_and_observe(
    target: QAbstractButton | QAction, roots: list[QWidget], rec: Recorder, where: str
) -> str | None:
    if not _alive(target):
        return None  # an earlier click changed the page or dialog; that click was observed
    before_windows = {id(w) for w in QApplication.topLevelWidgets()}
    before = _snapshot(roots)
    rec.events.clear()
    rec.exceptions.clear()
    if isinstance(target, QAbstractButton):
        target.click()
    else:
        target.trigger()
    QApplication.processEvents()
    opened = _close_new_windows(before_windows, rec)
    if rec.exceptions:
        return f"{where} raised {rec.exceptions}"
    if not (rec.events or opened or before != _snapshot(roots)):
        return f"{where} did nothing observable"
    return None


def _close_new_windows(before: set[int], rec: Recorder | None = None) -> list[str]:
    opened = []
    for widget in QApplication.topLevelWidgets():
        if id(widget) not in before and widget.isVisible() and not isinstance(widget, QMenu):
            if rec is not None:
                _collect_texts(widget, rec, type(widget).__name__)
            opened.append(type(widget).__name__)
            widget.close()
    return opened


def _select_first_rows(page: QWidget) -> None:
    """So that buttons about the current record are shown."""
    for view in page.findChildren(QAbstractItemView):
        model = view.model()
        if (
            view.isVisible()
            and model is not None
            and model.rowCount() > 0
            and not view.currentIndex().isValid()
        ):
            view.setCurrentIndex(model.index(0, 0))


def _label(thing: QAbstractButton | QAction) -> str:
    return thing.objectName() or thing.text().replace("&", "") or thing.toolTip() or type(thing).__name__


def _sweep(window: MainWindow, rec: Recorder) -> list[str]:
    problems: list[str] = []
    window.show()
    for area in list(window.areas):
        rec.area = area.key
        page = window.show_area(area.key)
        assert page is not None
        _listen_to_our_signals(page, rec)
        QApplication.processEvents()
        _select_first_rows(page)
        QApplication.processEvents()
        _collect_texts(window, rec, area.key)
        for target in _targets(page):
            window.show_area(area.key)
            if (area.key, _label(target)) in EXEMPT:
                continue
            problem = _click_and_observe(target, [window], rec, f"{area.key}: {_label(target)!r}")
            if problem:
                problems.append(problem)
    rec.area = "window"
    for action in window.actions():
        if action in _window_end_actions(window) or ("window", _label(action)) in EXEMPT:
            continue
        problem = _click_and_observe(action, [window], rec, f"window: {_label(action)!r}")
        if problem:
            problems.append(problem)
    return problems + rec.dialog_problems


def _window_end_actions(window: MainWindow) -> list[QAction]:
    return [window.logout_action, window.quit_action]


@pytest.fixture(scope="module")
def demo_template(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo dealership for the module (its users hold every role)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    shutil.copyfile(template_db, path)
    database = open_database(path, create=True)
    generate_demo(database.session_factory, contacts=40, seed=7, today=dt.date.today())
    database.dispose()
    return path


@pytest.fixture
def db_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "dealercrm.sqlite3"
    shutil.copyfile(demo_template, path)
    return path


@pytest.mark.parametrize("role", list(Role))
def test_every_button_and_action_does_something(
    qtbot: QtBot,
    db: Database,
    make_ctx: Callable[[Actor], AppContext],
    recorder: Recorder,
    role: Role,
) -> None:
    with db.session_factory() as session:
        user = session.scalars(select(User).where(User.role == role, User.active.is_(True))).first()
        assert user is not None
        actor = actor_of(user)
    window = MainWindow(make_ctx(actor))
    qtbot.addWidget(window)
    problems = _sweep(window, recorder)
    window.close()
    problems += [
        f"{where}: plural {mistakes} in {text!r}"
        for text, where in recorder.texts.items()
        if (mistakes := _plural_mistakes(text))
    ]
    assert not problems, "\n".join(problems)


def test_no_checked_flag_lands_in_a_defaulted_parameter() -> None:
    """`button.clicked.connect(self.export_csv)` with `def export_csv(self, path=None)` calls
    export_csv(False): Qt passes `checked` to a slot that takes an argument. Such slots are connected
    through a lambda (or take no argument)."""
    import ast

    import dealercrm.ui

    root = Path(dealercrm.ui.__file__).parent
    found = []
    for source in root.rglob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        defaulted = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef)
            and len(node.args.args) > 1
            and len(node.args.defaults) >= len(node.args.args) - 1
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in {"clicked", "triggered", "toggled"}
                and node.args
                and isinstance(node.args[0], ast.Attribute)
                and node.args[0].attr in defaulted
            ):
                found.append(f"{source.relative_to(root)}:{node.lineno} {node.args[0].attr}")
    assert not found, found


# What people read ------------------------------------------------------------------------------------
_TAG = re.compile(r"<[^>]+>")


def _texts_of(widget: QWidget) -> list[str]:
    """The texts a person reads on `widget` itself (not its children)."""
    found: list[str] = []
    if isinstance(widget, QLabel):
        found.append(html.unescape(_TAG.sub(" ", widget.text())))
    elif isinstance(widget, QAbstractButton):
        found.append(widget.text().replace("&", ""))
    elif isinstance(widget, QGroupBox):
        found.append(widget.title().replace("&", ""))
    elif isinstance(widget, QLineEdit | QPlainTextEdit):
        found.append(widget.placeholderText())
    elif isinstance(widget, QComboBox):
        found += [widget.itemText(i) for i in range(min(widget.count(), 30))]
    elif isinstance(widget, QTabWidget):
        found += [widget.tabText(i).replace("&", "") for i in range(widget.count())]
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model: one column, private in PySide
            columns = 1
        for column in range(columns):
            found.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
            rows = min(model.rowCount(QModelIndex()), 15)
            found += [str(model.index(row, column).data() or "") for row in range(rows)]
    if widget.isWindow():
        found.append(widget.windowTitle())
    found.append(widget.toolTip())
    return found


def _collect_texts(root: QWidget, rec: Recorder, where: str) -> None:
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        for text in _texts_of(widget):
            for line in text.splitlines():
                line = " ".join(line.split())
                if line:
                    rec.texts.setdefault(line, where)


def _catalog() -> dict[str, str]:
    """English source -> French translation, from our Qt catalog."""
    tree = ElementTree.parse(Path(__file__).resolve().parents[2] / "resources" / "i18n" / "dealercrm_fr.ts")
    pairs: dict[str, str] = {}
    for message in tree.iter("message"):
        source, translation = message.findtext("source") or "", message.findtext("translation") or ""
        if translation and translation != source and "%n" not in source:
            pairs[" ".join(source.split())] = translation
    return pairs


# Words that do not occur in French sentences; any of them on a French screen is English left over.
ENGLISH_WORDS = frozenset(
    "the and with your this that of to is are was were not has have been will yet from by for "
    "please there their which when none unassigned assigned customer customers appointment "
    "appointments attempts reached owner phone loading select".split()
)
# (text, why it may stand on a French screen)
ALLOWED_ENGLISH: dict[str, str] = {"#": "a column of record numbers: the same sign in French"}


def _english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH_WORDS}


def _plural_mistakes(text: str, *, english: bool = True) -> list[str]:
    """ "156 day(s)", "1 contact(s)", and in English "1 appointments"."""
    mistakes = re.findall(r"\w+\(s\)", text)
    if english:
        mistakes += [m.group(0) for m in re.finditer(r"(?<![\d.,])\b1 ([a-z]*[a-rt-z]s)\b", text)]
    return mistakes


@pytest.mark.parametrize("role", list(Role))
def test_every_screen_a_role_sees_reads_french(
    qtbot: QtBot, db: Database, executor: Any, recorder: Recorder, role: Role, french: None
) -> None:
    """Every page, and every dialog its buttons open, in French: no English left (an English source
    shown as it is, or English words), no "(s)" plurals."""
    with db.session_factory() as session:
        user = session.scalars(select(User).where(User.role == role, User.active.is_(True))).first()
        assert user is not None
        actor = actor_of(user)
    window = MainWindow(AppContext(db=db, actor=actor, executor=executor, language="fr"))
    qtbot.addWidget(window)
    _sweep(window, recorder)
    window.close()
    catalog = _catalog()
    problems = []
    for text, where in sorted(recorder.texts.items(), key=lambda item: item[1]):
        if text in ALLOWED_ENGLISH or text.startswith("/"):  # a file's path is not a sentence
            continue
        if text in catalog:
            problems.append(f"{where}: untranslated {text!r} (French: {catalog[text]!r})")
        elif words := _english_words(text):
            problems.append(f"{where}: English {sorted(words)} in {text!r}")
        elif mistakes := _plural_mistakes(text, english=False):
            problems.append(f"{where}: plural {mistakes} in {text!r}")
    assert len(recorder.texts) > 300  # the sweep saw the screens
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
