"""The main window: navigation on the left, the global search on top, one page per area."""

from __future__ import annotations

import dataclasses
import importlib
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

import dealercrm
from dealercrm.ui.areas import AREAS, RECORD_AREAS, Area
from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import LiveRefresh, live_covers
from dealercrm.ui.i18n import role_label
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.search_box import SearchBox
from dealercrm.ui.style import app_icon, icon
from dealercrm.ui.widgets import file_dialogs
from dealercrm.ui.widgets.page import Page, Prebuildable

if TYPE_CHECKING:
    from dealercrm.ui.backup_scheduler import BackupScheduler
    from dealercrm.ui.connection_monitor import ConnectionMonitor

# Claims changed anywhere reach the badge through the data_changed bus; only a deadline passing changes
# nothing in the database, so the clock still recounts, rarely.
OVERDUE_CLOCK_MS = 15 * 60 * 1000
BACKGROUND_DUTIES_DELAY_MS = 400  # after the first page is on screen: the window never waits for them
FIRST_PAINT_WAIT_MS = 500  # `when_painted` waits no longer for the window's first paint
PAGE_PAINT_WAIT_MS = 200  # a page switched to holds its queries no longer than this for its paint
GEOMETRY_KEY = "main_window/geometry"
LAST_AREA_KEY = "main_window/last_area"


def first_area_key() -> str:
    """The area the window will open on: the last one shown, else Today."""
    last = QSettings().value(LAST_AREA_KEY, "")
    return next((a for a in AREAS if a.key == last), AREAS[0]).key


def import_first_page() -> None:
    """Import the code of the page the window will open on (the last one shown, else Today)."""
    import_pages([first_area_key()])


def areas_to_prepare(first: str) -> list[str]:
    """The areas whose code is loaded, and whose pages are built where they can be, while the login
    dialog waits for the password: the one the window opens on, and the contacts list."""
    return list(dict.fromkeys([first, "contacts"]))


# What the window and its first pages import when they are first built or shown, beyond their modules'
# own imports: loaded beforehand with them (a module missing here is simply imported later).
FIRST_SHOW_IMPORTS: dict[str, tuple[str, ...]] = {
    "": ("dealercrm.db.presence", "dealercrm.db.change_wait"),  # the window: presence, the change feed
    "today": ("dealercrm.ui.settings.model_card",),
}


def import_pages(keys: list[str], *, hurry: threading.Event | None = None) -> None:
    """Import the code of these areas' pages and what they and the window load when first shown (any
    thread: nothing is built), the first area's first. A page class may say what it loads on its own
    with a `preload()` class method. Once `hurry` is set ("Log in" clicked), the other areas are left:
    the window needs only its first page, and the GUI thread is importing it too."""
    for i, key in enumerate(keys):
        if i > 0 and hurry is not None and hurry.is_set():
            return
        area = next((a for a in AREAS if a.key == key), None)
        try:
            cls: Any = area.page_class() if area is not None else None
            if cls is not None and callable(getattr(cls, "preload", None)):
                cls.preload()
        except Exception:  # noqa: BLE001, S110 - the window reports it when it builds the page
            pass
        for name in (
            (*FIRST_SHOW_IMPORTS[""], *FIRST_SHOW_IMPORTS.get(key, ()))
            if i == 0
            else FIRST_SHOW_IMPORTS.get(key, ())
        ):
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001, S110 - imported (and reported) where it is used
                pass


def warm_up_formatting() -> None:
    """Load what the lists' first dates and numbers need (any thread): Babel's date module (importing
    it looks up the local time zone among pytz's 600 zone files) and the language's CLDR data."""
    import datetime as dt

    from dealercrm import i18n

    i18n.date(dt.date(2000, 1, 1))
    i18n.number(1)


def prebuild_pages(keys: list[str]) -> dict[str, Page]:
    """On the GUI thread, before login: the pages of these areas that can be built without a user
    (`Prebuildable`), widgets only, for `MainWindow(ctx, prebuilt=...)`."""
    pages: dict[str, Page] = {}
    for key in keys:
        area = next((a for a in AREAS if a.key == key), None)
        try:
            cls: Any = area.page_class() if area is not None else None
            if cls is not None and callable(getattr(cls, "prebuild", None)):
                page = cls.prebuild()
                if isinstance(page, Page) and isinstance(page, Prebuildable):
                    pages[key] = page
        except Exception:  # noqa: BLE001 - the window builds it again after login, and reports then
            traceback.print_exc(file=sys.stderr)
    return pages


def discard_pages(pages: dict[str, Page]) -> None:
    """Pages prepared before login that will not be used (another language, an area not allowed)."""
    for page in pages.values():
        page.hide()  # it may be in the window's stack (`adopt`) until it is deleted
        page.deleteLater()
    pages.clear()


class _AfterPaint(QObject):
    """Calls `fn` once, at the event loop's turn after `watched` is painted: a widget's Paint event, or a
    window's Expose that exposes it (its expose paints it); after `wait_ms` at the latest when given (a
    window never exposed: minimised, another desktop). Nothing if `watched` goes first without a
    deadline: the caller then has its own."""

    def __init__(self, watched: QObject, fn: Callable[[], None], *, wait_ms: int | None = None) -> None:
        super().__init__(watched)
        self._fn: Callable[[], None] | None = fn
        watched.installEventFilter(self)
        if wait_ms is not None:
            QTimer.singleShot(wait_ms, self, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        painted = event.type() == QEvent.Type.Paint or (
            event.type() == QEvent.Type.Expose and getattr(watched, "isExposed", lambda: False)()
        )
        if painted:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._call)  # once the paint (or the expose) has been handled
        return False

    def _call(self) -> None:
        fn, self._fn = self._fn, None
        if fn is not None:
            self.deleteLater()
            fn()


class UnavailablePage(Page):
    """Stands in for an area whose page could not be built, saying so instead of crashing the app."""

    def __init__(self, ctx: AppContext, area: Area, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        label = QLabel(
            self.tr("“{area}” cannot be shown in this version.\n{reason}").format(
                area=area.translated_title, reason=reason
            )
        )
        label.setObjectName("Placeholder")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


class MainWindow(QMainWindow):
    """Emits `logout_requested` when the user logs out (the window then closes).

    Built in two steps, so that the first can be done while the login dialog waits for the password:
    the shell (`MainWindow.prebuild()`: navigation, menus, header, status bar; every area, nobody's
    name) and `attach(ctx)`, which makes it the logged-in user's: the areas and menu entries they may
    use, their name and role, the search box, the first page and its data. `MainWindow(ctx)` does both.
    """

    logout_requested = Signal()
    closed = Signal()

    def __init__(
        self,
        ctx: AppContext | None,
        parent: QWidget | None = None,
        *,
        prebuilt: dict[str, Page] | None = None,
    ) -> None:
        """`ctx` None builds the shell only (`prebuild`). `prebuilt`: pages built before login
        (`prebuild_pages`), taken over when their area is first shown; those of areas this user may not
        see are dropped."""
        super().__init__(parent)
        self.ctx = cast(AppContext, ctx)  # set by attach() when None here
        self.logged_out = False
        self.dealership_name = ""
        self.areas: list[Area] = list(AREAS)  # until attach(): those the user may see
        self.pages: dict[str, Page] = {}
        self._prebuilt: dict[str, Page] = {}
        self._current_key: str | None = None
        self.area_actions: dict[str, QAction] = {}
        self._attached = False
        self._closed = False
        self.backup_scheduler: BackupScheduler | None = None
        self.connection_monitor: ConnectionMonitor | None = None
        self.setWindowTitle("dealercrm")
        self.setWindowIcon(app_icon())
        self.setMinimumSize(QSize(960, 600))

        self.stack = QStackedWidget()
        self.nav = self._build_nav()
        self.page_title = QLabel()
        self.page_title.setObjectName("PageTitle")

        header = QFrame()
        header.setObjectName("HeaderBar")
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(24, 12, 20, 12)
        header_layout.setSpacing(16)
        header_layout.addWidget(self.page_title)
        header_layout.addStretch(1)
        self._header_layout = header_layout  # the search box goes at its end (attach)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        content_layout.addWidget(header)
        content_layout.addWidget(self.stack, 1)

        central = QWidget()
        central_layout = QHBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self._build_sidebar())
        central_layout.addWidget(content, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self._build_menus()
        self._overdue_timer = QTimer(self)
        self._overdue_timer.timeout.connect(self.refresh_overdue_claims)
        self._restore_geometry()
        if ctx is not None:
            self.attach(ctx, prebuilt=prebuilt)

    @classmethod
    def prebuild(cls) -> MainWindow:
        """The shell, before anyone has logged in (while the login dialog waits for the password), in the
        language in force: `attach(ctx)` then makes it the user's."""
        window = cls(None)
        window.ensurePolished()
        layout = window.layout()
        if layout is not None:
            layout.activate()  # the shell's geometry, computed now rather than at the first show
        return window

    def adopt(self, pages: Iterable[Page]) -> None:
        """Before `attach`: put pages built before login in the window's stack, so that taking them in
        (re-parenting, re-polishing them in the window's style: about 5 ms a page) is done while the
        password is typed rather than after "Log in". `attach(ctx, prebuilt=...)` still decides which
        pages are used."""
        for page in pages:
            if self.stack.indexOf(page) < 0:
                self.stack.addWidget(page)

    def attach(self, ctx: AppContext, *, prebuilt: dict[str, Page] | None = None) -> None:
        """Act for `ctx`'s user: keep the areas and menu entries they may use, show who they are, and
        open the first area (its data asked for off the GUI thread)."""
        if self._attached:
            raise RuntimeError("MainWindow.attach: the window already acts for a user")
        self._attached = True
        self.ctx = ctx
        self.areas = [a for a in AREAS if a.permission is None or ctx.can(a.permission)]
        allowed = self._area_keys()
        for row in reversed(range(self.nav.count())):
            if self.nav.item(row).data(Qt.ItemDataRole.UserRole) not in allowed:
                self.nav.takeItem(row)
        for key in [k for k in self.area_actions if k not in allowed]:
            action = self.area_actions.pop(key)
            self.view_menu.removeAction(action)
            self.removeAction(action)
        self._prebuilt = dict(prebuilt or {})
        discard_pages({k: self._prebuilt.pop(k) for k in list(self._prebuilt) if k not in allowed})
        self.search_box = SearchBox(ctx)
        self.search_box.hit_activated.connect(self._hit_activated)
        self.search_box.search_failed.connect(self.show_status)
        self._header_layout.addWidget(self.search_box, 2)
        self._show_user()
        self._add_file_actions()
        self._open_first_area()
        self._load_dealership_name()
        ctx.executor.later(BACKGROUND_DUTIES_DELAY_MS, self, self._start_background_duties)

    # Building ---------------------------------------------------------------------------------------
    def _build_nav(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("NavList")
        nav.setIconSize(QSize(20, 20))
        nav.setSpacing(0)
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        nav.setAccessibleName(self.tr("Areas"))
        for area in self.areas:
            item = QListWidgetItem(icon(area.key, selected="#1a3fa8"), area.translated_title)
            item.setData(Qt.ItemDataRole.UserRole, area.key)
            keys = QKeySequence(area.shortcut).toString(QKeySequence.SequenceFormat.NativeText)
            item.setToolTip(f"{area.translated_title}  ({keys})")
            item.setSizeHint(QSize(0, 38))
            nav.addItem(item)
        nav.currentRowChanged.connect(self._nav_row_changed)
        # Arrow keys walk the list (the focus stays there); a click or Enter goes into the page.
        nav.clicked.connect(lambda _index: self._focus_current_page())
        nav.activated.connect(lambda _index: self._focus_current_page())
        return nav

    def _build_sidebar(self) -> QWidget:
        sidebar = QFrame()
        sidebar.setObjectName("Sidebar")
        sidebar.setFixedWidth(232)
        brand = QLabel("dealercrm")
        brand.setObjectName("Brand")
        self.brand_sub = QLabel()
        self.brand_sub.setObjectName("BrandSub")
        self.brand_sub.setWordWrap(True)
        brand_box = QVBoxLayout()
        brand_box.setContentsMargins(20, 18, 16, 14)
        brand_box.setSpacing(2)
        brand_box.addWidget(brand)
        brand_box.addWidget(self.brand_sub)

        self.avatar = avatar = QLabel()
        avatar.setObjectName("Avatar")
        avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.user_name = name = QLabel()
        name.setObjectName("UserName")
        self.user_role = role = QLabel()
        role.setObjectName("UserRole")
        # The sidebar has a fixed width: a long name or role ("Directeur commercial") wraps, not cut.
        for text_label in (name, role):
            text_label.setWordWrap(True)
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(name)
        who.addWidget(role)
        logout = QToolButton()
        logout.setIcon(icon("logout"))
        logout.setAutoRaise(True)
        logout.setToolTip(self.tr("Log out"))
        logout.setAccessibleName(self.tr("Log out"))
        logout.clicked.connect(self.log_out)
        card = QFrame()
        card.setObjectName("UserCard")
        card_layout = QHBoxLayout(card)
        card_layout.setContentsMargins(16, 12, 10, 12)
        card_layout.setSpacing(10)
        card_layout.addWidget(avatar)
        card_layout.addLayout(who, 1)
        card_layout.addWidget(logout)

        layout = QVBoxLayout(sidebar)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(brand_box)
        layout.addWidget(self.nav, 1)
        layout.addWidget(card)
        return sidebar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = QLabel()
        self.db_label = QLabel()
        # Overdue claims stand out everywhere: a red count, clicking it opens the after-sales queue.
        self.overdue_button = QToolButton()
        self.overdue_button.setObjectName("OverdueClaims")
        self.overdue_button.setAutoRaise(True)
        self.overdue_button.setStyleSheet("QToolButton#OverdueClaims { color: #b42318; font-weight: 600; }")
        self.overdue_button.setVisible(False)
        self.overdue_button.clicked.connect(lambda: self.show_area("aftersales", focus=True))
        bar.addPermanentWidget(self.overdue_button)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.db_label)

    def _show_user(self) -> None:
        """Who is logged in, and on which database (sidebar and status bar)."""
        actor = self.ctx.actor
        self.avatar.setText("".join(part[:1] for part in actor.display_name.split()[:2]).upper() or "?")
        self.user_name.setText(actor.display_name)
        self.user_role.setText(role_label(actor.role))
        for text_label in (self.user_name, self.user_role):
            text_label.setToolTip(text_label.text())
        self.user_label.setText(
            self.tr("{name} ({role})").format(name=actor.display_name, role=role_label(actor.role))
        )
        self.user_label.setToolTip(self.tr("Logged in as {login}").format(login=actor.login))
        label = self.ctx.db.label
        shown = label if len(label) <= 60 else "…" + label[-59:]
        self.db_label.setText(self.tr("Database: {label}").format(label=shown))
        self.db_label.setToolTip(label)
        # A shared server can go away (restart, network): a banner says so while it reconnects.
        if not self.ctx.db.is_sqlite:
            from dealercrm.ui.connection_monitor import ConnectionMonitor

            self.connection_monitor = ConnectionMonitor(self.ctx.db.engine, self.ctx.executor, self)
            self.connection_monitor.reconnected.connect(self.refresh_current)
            self.statusBar().insertPermanentWidget(0, self.connection_monitor.banner, 1)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()
        file_menu = menu_bar.addMenu(self.tr("&File"))
        self.logout_action = QAction(self.tr("&Log out"), self)
        self.logout_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.logout_action.triggered.connect(self.log_out)
        self.quit_action = QAction(self.tr("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.import_action = QAction(self.tr("&Import data…"), self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import_wizard)
        self.export_all_action = QAction(self.tr("Export &everything (zip of CSV files)…"), self)
        self.export_all_action.triggered.connect(self.export_everything)
        self.file_menu = file_menu
        file_menu.addAction(self.logout_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        self.view_menu = view_menu = menu_bar.addMenu(self.tr("&View"))
        self.search_action = QAction(icon("search"), self.tr("&Search…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.search_action.triggered.connect(self.focus_search)
        self.refresh_action = QAction(self.tr("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Refresh))
        self.refresh_action.triggered.connect(self.refresh_current)
        view_menu.addAction(self.search_action)
        view_menu.addAction(self.refresh_action)
        view_menu.addSeparator()
        for area in self.areas:
            action = QAction(icon(area.key), area.translated_title, self)
            action.setShortcut(QKeySequence(area.shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _checked=False, key=area.key: self.show_area(key, focus=True))
            view_menu.addAction(action)
            self.area_actions[area.key] = action
        # Menu actions' shortcuts work while the menu bar is hidden or the focus is in a page.
        self.addActions([self.logout_action, self.quit_action, self.search_action, self.refresh_action])
        self.addActions(list(self.area_actions.values()))

        help_menu = menu_bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = QAction(self.tr("&Keyboard shortcuts"), self)
        self.shortcuts_action.setShortcut(QKeySequence("F1"))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(self.tr("&About dealercrm"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self.about_action)
        self.addAction(self.shortcuts_action)

    def _add_file_actions(self) -> None:
        """The File menu's entries that depend on the user's rights, above "Log out"."""
        shown = [
            action
            for action, allowed in (
                (self.import_action, self.ctx.can("import.run")),
                (self.export_all_action, self.ctx.can("database.admin")),
            )
            if allowed
        ]
        if shown:
            self.file_menu.insertActions(self.logout_action, shown)
            self.file_menu.insertSeparator(self.logout_action)

    # Areas ---------------------------------------------------------------------------------------------
    @property
    def current_area_key(self) -> str | None:
        return self._current_key

    def page(self, key: str) -> Page | None:
        """The page of area `key` if it was built already."""
        return self.pages.get(key)

    def show_area(self, key: str, *, focus: bool = False) -> Page | None:
        """Switch to an area the user may see; builds its page the first time, refreshes it after.

        `focus`: move the keyboard focus into the page (shown by a shortcut or a click), so that the
        page's own shortcuts (WidgetWithChildrenShortcut) work at once.
        """
        row = next((i for i, area in enumerate(self.areas) if area.key == key), None)
        if row is None:
            return None
        area = self.areas[row]
        page = self.pages.get(key)
        # A page shown again starts its queries once it is painted: run beside its layout and paint,
        # their Python (SQLAlchemy's rows) would take the GIL from the GUI thread at every call Qt makes
        # into ours. Not a page built now: its building takes longer than its queries, which run beside.
        hold = page is not None and key != self._current_key and not self.ctx.executor.holding
        executor = self.ctx.executor
        if hold:
            executor.hold()
            # At the latest (a minimised window paints nothing; a window closed at once takes the page
            # with it; whatever fails below): timed by the executor, which outlives them all.
            QTimer.singleShot(PAGE_PAINT_WAIT_MS, executor, executor.release)
        if page is None:
            page = self._build_page(area)
            self.pages[key] = page
            if self.stack.indexOf(page) < 0:  # a prebuilt page may be there already (`adopt`)
                self.stack.addWidget(page)
        elif key != self._current_key and not live_covers(page):
            page.refresh()  # a page the data_changed bus keeps up to date needs no refresh when shown
        self._current_key = key
        self.stack.setCurrentWidget(page)
        self.page_title.setText(area.translated_title)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        if focus:
            page.focus_first()
        if hold:
            _AfterPaint(page, executor.release)
        return page

    def _focus_current_page(self) -> None:
        page = self.pages.get(self._current_key or "")
        if page is not None and self.stack.currentWidget() is page:
            page.focus_first()

    def _nav_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.areas):
            self.show_area(self.areas[row].key)

    def when_painted(self, fn: Callable[[], None]) -> None:
        """Call `fn` once the window, shown, has been painted (at once if it has no native window)."""
        handle = self.windowHandle()
        if handle is None:
            fn()
        else:
            _AfterPaint(handle, fn, wait_ms=FIRST_PAINT_WAIT_MS)

    def _area_keys(self) -> set[str]:
        return {area.key for area in self.areas}

    def _build_page(self, area: Area) -> Page:
        prebuilt = self._prebuilt.pop(area.key, None)
        if isinstance(prebuilt, Prebuildable):
            try:
                prebuilt.attach(self.ctx)
            except Exception:  # noqa: BLE001 - built again below, the usual way
                traceback.print_exc(file=sys.stderr)
                prebuilt.deleteLater()
            else:
                return self._connect_page(prebuilt)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            page = area.page_class()(self.ctx)
        except Exception as exc:  # noqa: BLE001 - one broken page must not take the whole app down
            traceback.print_exc(file=sys.stderr)
            page = UnavailablePage(self.ctx, area, f"{exc.__class__.__name__}: {exc}")
        finally:
            QApplication.restoreOverrideCursor()
        return self._connect_page(page)

    def _connect_page(self, page: Page) -> Page:
        page.open_requested.connect(self.open_record)
        page.status_message.connect(self.show_status)
        return page

    def refresh_current(self) -> None:
        page = self.pages.get(self._current_key or "")
        if page is not None:
            page.refresh()

    def open_record(self, kind: str, record_id: int) -> None:
        """Show a record in the page of its area (from the search box or another page)."""
        area = RECORD_AREAS.get(kind)
        if area is None or all(a.key != area.key for a in self.areas):
            self.show_status(self.tr("You may not open this record."))
            return
        page = self.show_area(area.key)
        if page is not None:
            page.open_record(record_id)

    def _hit_activated(self, hit: Any) -> None:
        self.open_record(hit.kind, hit.id)

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def show_status(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    # Dealership name ------------------------------------------------------------------------------------
    def _load_dealership_name(self) -> None:
        from dealercrm.services.settings import SettingsService

        service = self.ctx.service(SettingsService)
        # The name is a courtesy in the title bar: without it the window still works.
        QueryOp(service.get, "dealership.name").success(self.set_dealership_name).failure(
            lambda _exc: None
        ).latest_for(self, "name").run(self.ctx.executor)

    def set_dealership_name(self, name: Any) -> None:
        self.dealership_name = str(name or "").strip()
        self.brand_sub.setText(self.dealership_name)
        self.brand_sub.setVisible(bool(self.dealership_name))
        self.setWindowTitle(f"dealercrm — {self.dealership_name}" if self.dealership_name else "dealercrm")

    # Dialogs --------------------------------------------------------------------------------------------
    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every shortcut, as the help dialog lists them."""
        rows: list[tuple[str, str]] = []
        actions = [self.search_action, self.refresh_action, *self.area_actions.values()]
        actions += [self.shortcuts_action, self.logout_action, self.quit_action]
        for action in actions:
            keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            rows.append((action.text().replace("&", "").rstrip("…"), keys))
        rows += [
            (self.tr("Search: next / previous result"), self.tr("Down / Up")),
            (self.tr("Search: open the selected result"), self.tr("Enter")),
            (self.tr("Search: close the results"), self.tr("Esc")),
        ]
        return rows

    def show_shortcuts(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = self.shortcut_rows()
        table = QTableWidget(len(rows), 2)
        table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setShowGrid(False)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for i, (what, keys) in enumerate(rows):
            table.setItem(i, 0, QTableWidgetItem(what))
            table.setItem(i, 1, QTableWidgetItem(keys))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.setContentsMargins(18, 18, 18, 14)
        layout.addWidget(table)
        layout.addWidget(buttons)
        dialog.resize(460, min(620, 90 + 30 * len(rows)))
        dialog.exec()

    def show_about(self) -> None:
        from PySide6 import __version__ as pyside_version

        QMessageBox.about(
            self,
            self.tr("About dealercrm"),
            self.tr(
                "<h3>dealercrm {version}</h3>"
                "<p>Customer relationship management for a car dealership: contacts, pipeline, "
                "vehicles, after-sales, campaigns and figures.</p>"
                "<p>Database: {database}<br>Qt for Python {qt}</p>"
            ).format(version=dealercrm.__version__, database=self.ctx.db.label, qt=pyside_version),
        )

    # Data in and out, background duties ------------------------------------------------------------------
    def open_import_wizard(self) -> None:
        from dealercrm.ui.data.import_wizard import ImportWizard

        wizard = ImportWizard(self.ctx, self)
        wizard.imported.connect(lambda _result: self.refresh_current())
        wizard.exec()

    def export_everything(self) -> None:

        from dealercrm.services.exporting import ExportService

        path = file_dialogs.save_path(
            self, self.tr("Export everything"), "dealercrm-export.zip", self.tr("Zip archive (*.zip)")
        )
        if path is None:
            return
        service = self.ctx.service(ExportService)
        self.show_status(self.tr("Exporting the whole database…"))
        QueryOp(service.export_all, path=path).success(
            lambda _r: self.show_status(self.tr("Export written to {path}.").format(path=path))
        ).failure(self._export_failed).run(self.ctx.executor)

    def _export_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("Export failed"), message_of(exc))

    def _start_background_duties(self) -> None:
        """The overdue-claims count and the automatic backups; started once the window is up."""
        if self._closed:  # closed before the delay ran out
            return
        if self.ctx.can("claims.read"):
            self._overdue_timer.start(OVERDUE_CLOCK_MS)
            self._overdue_live = LiveRefresh(
                self, {"claim"}, lambda _kinds, _ids: self.refresh_overdue_claims()
            )
            self.refresh_overdue_claims()
        if self.ctx.db.is_sqlite:
            from dealercrm.ui.backup_scheduler import BackupScheduler

            # Backups get their own thread: copying a large file must not hold up the pages' queries.
            backup_ctx = dataclasses.replace(self.ctx, executor=self.ctx.executor.sibling(self))
            self.backup_scheduler = BackupScheduler(backup_ctx, self)
            self.backup_scheduler.backup_done.connect(self.show_status)
            self.backup_scheduler.backup_failed.connect(self._backup_failed)
            self.backup_scheduler.start()
            # The search's word pairs of contacts written without them (a bulk change, another program
            # before this start): on the same thread, after any backup under way.
            self._upkeep_executor = backup_ctx.executor
            self._search_upkeep = LiveRefresh(
                self, {"contact"}, lambda _kinds, _ids: self._keep_search_index()
            )
            self._keep_search_index()

    def _keep_search_index(self) -> None:
        from dealercrm.services.search import SearchService

        service = self.ctx.service(SearchService)
        # Upkeep: a failure (the file busy for long) leaves the search walking the lists until next time.
        QueryOp(service.keep_index).failure(lambda _exc: None).latest_for(self, "search-index").run(
            self._upkeep_executor
        )

    def refresh_overdue_claims(self) -> None:
        from dealercrm.services.claims import ClaimService

        service = self.ctx.service(ClaimService)
        # A badge: a failed count leaves it as it was (the after-sales page says what went wrong).
        QueryOp(service.overdue_count).success(self._show_overdue).failure(lambda _exc: None).latest_for(
            self, "overdue"
        ).read_only().run(self.ctx.executor)

    def _show_overdue(self, count: int) -> None:
        self.overdue_button.setVisible(count > 0)
        self.overdue_button.setText(self.tr("⚠ %n overdue claim(s)", "", count))
        self.overdue_button.setToolTip(self.tr("Open the after-sales queue"))

    def _backup_failed(self, message: str) -> None:
        self.show_status(message)  # the scheduler's sentence says it was the automatic backup

    # Session --------------------------------------------------------------------------------------------
    def log_out(self) -> None:
        self.logged_out = True
        self.logout_requested.emit()
        self.close()

    def _restore_geometry(self) -> None:
        geometry = QSettings().value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1320, 840)

    def _open_first_area(self) -> None:
        """The area shown last, if this user may see it, else their first."""
        last = QSettings().value(LAST_AREA_KEY, "")
        keys = [area.key for area in self.areas]
        if keys:
            self.show_area(last if last in keys else keys[0])

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self._current_key:
            settings.setValue(LAST_AREA_KEY, self._current_key)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._attached:
            self.search_box.close_popup()  # it is laid over the page at a fixed place

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self._closed = True
        discard_pages(self._prebuilt)
        self._overdue_timer.stop()
        if self.connection_monitor is not None:
            self.connection_monitor.stop()
        if self.backup_scheduler is not None:
            self.backup_scheduler.stop()
        if self._attached:  # a shell never used keeps the last user's state
            self.save_state()
            self.search_box.close_popup()
        super().closeEvent(event)
        self.closed.emit()
