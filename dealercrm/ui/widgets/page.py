"""The base of every area shown in the main window's navigation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar, cast, runtime_checkable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLayout,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dealercrm.ui.context import AppContext
from dealercrm.ui.data_changed import Ids, touches
from dealercrm.ui.operations import QueryOp, message_of
from dealercrm.ui.style import named
from dealercrm.ui.widgets.forms import holding, panes

T = TypeVar("T")
P = TypeVar("P", bound="PrebuildablePage")


def fit_columns_to_headers(view: QTableView) -> None:
    """Widen each column to at least its title (with room for the sort arrow): a translated title
    longer than the English one must not be cut ("Dernier conta…")."""
    header = view.horizontalHeader()
    for section in range(header.count()):
        wanted = header.sectionSizeHint(section)
        if header.sectionSize(section) < wanted:
            header.resizeSection(section, wanted)


def list_or_placeholder(view: QWidget) -> tuple[QStackedWidget, QLabel]:
    """A stack showing `view`, or in its place (`stack.setCurrentWidget(label)`) a sentence saying why the
    list is empty."""
    label = named(QLabel(), "Placeholder")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    stack = QStackedWidget()
    stack.addWidget(view)
    stack.addWidget(label)
    return stack, label


def list_or_why(
    stack: QStackedWidget, placeholder: QLabel, shown: bool, why: str | Callable[[], str]
) -> None:
    """A `list_or_placeholder` stack showing its list, or (not `shown`) its `placeholder` saying `why` (a
    sentence, or what makes it: called only then)."""
    if shown:
        stack.setCurrentIndex(0)
    else:
        placeholder.setText(why if isinstance(why, str) else why())
        stack.setCurrentWidget(placeholder)


def titled(title: QLabel, view: QWidget, *below: QWidget) -> QWidget:
    """`view` under its `title` (and over `below`), with no margin of its own."""
    box, layout = holding(QVBoxLayout())
    layout.addWidget(title)
    layout.addWidget(view, 1)
    for widget in below:
        layout.addWidget(widget)
    return box


def bar_over_list(bar: QLayout, view: QWidget, *, spacing: int) -> QWidget:
    """A list with its bar of filters over it, 8 px below what is above (a splitter's handle, a tab)."""
    box, layout = holding(QVBoxLayout(), margins=(0, 8, 0, 0), spacing=spacing)
    layout.addLayout(bar)
    layout.addWidget(view, 1)
    return box


def list_over_detail(top: QWidget, bottom: QWidget, sizes: list[int]) -> QSplitter:
    """A page's list over the selected record's detail (the list takes the room the detail leaves)."""
    splitter = panes(Qt.Orientation.Vertical, top, bottom, sizes)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    return splitter


class Page(QWidget):
    """An area of the app (today, contacts, ...). Built lazily, the first time it is shown.

    Pages ask the main window to open a record elsewhere by emitting `open_requested(kind, id)`,
    kind being "contact", "vehicle", "claim", "opportunity" or "campaign"; and report status-bar
    messages through `status_message`.
    """

    open_requested = Signal(str, int)
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def lay_out_page(self, *parts: QLayout | QWidget) -> None:
        """The page's parts from top to bottom (toolbar, filters, ...), with the margins every page has;
        the last one, the page's lists, takes the room left."""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        for i, part in enumerate(parts):
            stretch = 1 if i == len(parts) - 1 else 0
            if isinstance(part, QLayout):
                layout.addLayout(part, stretch)
            else:
                layout.addWidget(part, stretch)

    def refresh(self) -> None:
        """Reload from the database; called when the page is shown again or data changed."""

    def open_record(self, record_id: int) -> None:
        """Show one record of this area (from the global search or another page)."""

    def focus_first(self) -> None:
        """Put the keyboard focus in the page (when it is shown), so that its shortcuts work at once.

        By default the first visible, enabled child that takes the focus by Tab, in the focus chain;
        the page itself when there is none. Override to focus, e.g., the page's search box.
        """
        widget = self.nextInFocusChain()
        while widget is not None and widget is not self:
            if (
                self.isAncestorOf(widget)
                and widget.isVisibleTo(self)
                and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            ):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            widget = widget.nextInFocusChain()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("dealercrm"), message)

    def show_failure(self, exc: Exception) -> None:
        """An operation's `.failure()`: the failed call's sentence in a message box."""
        self.show_error(message_of(exc))

    def read(
        self, part: str, call: Callable[..., T], /, *args: Any, on_done: Callable[[T], None], **kwargs: Any
    ) -> None:
        """Read `call(*args, **kwargs)` on the database executor for one part of the page (its list, its
        detail, a count): `on_done` gets the result unless a newer read of the same part has started since;
        a failure is said in a message box."""
        QueryOp(call, *args, **kwargs).success(on_done).failure(self.show_failure).latest_for(
            self, part
        ).read_only().run(self.ctx.executor)


@runtime_checkable
class Prebuildable(Protocol):
    """A page that can build its widgets before anyone has logged in (`prebuild()`), then act for the
    user who does (`attach(ctx)`, which asks for their data)."""

    def attach(self, ctx: AppContext) -> None: ...


class PrebuildablePage(Page):
    """A `Prebuildable` page: `cls(None)` builds its widgets only, nothing that depends on who logs in;
    `attach(ctx)` then makes it act for `ctx`'s user. A subclass builds its widgets in `__init__` and
    ends it with `if ctx is not None: self.attach(ctx)`; its `attach` calls this one first."""

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None) -> None:
        """`ctx` None builds the widgets only (`prebuild`); the page is then of no use until `attach(ctx)`."""
        super().__init__(cast(AppContext, ctx), parent)  # Page.ctx: set by attach() when None here
        self._attached = False

    @classmethod
    def prebuild(cls: type[P]) -> P:
        """The page's widgets, built before anyone has logged in (while the login dialog waits for the
        password): `attach(ctx)` then gives it the user, and its data loads."""
        page = cls(None)
        page.ensurePolished()  # the style sheet applied now rather than when the page is first shown
        return page

    def attach(self, ctx: AppContext) -> None:
        """Act for `ctx`'s user (once: a page never changes hands)."""
        if self._attached:
            raise RuntimeError(f"{type(self).__name__}.attach: the page already acts for a user")
        self._attached = True
        self.ctx = ctx


class _Identified(Protocol):
    @property
    def id(self) -> int: ...


class _Detail(Protocol):
    @property
    def row(self) -> _Identified: ...


D = TypeVar("D", bound=_Detail)


class ShownRecord(Generic[D]):
    """The record a page's detail pane shows: its `id`, its detail read with `get(id)` off the GUI thread
    (the page's "detail" read: a newer one drops an older one's answer) and given to `show` unless the
    user has moved on to another record meanwhile."""

    def __init__(self, page: Page, get: Callable[[int], D], show: Callable[[D], None]) -> None:
        self.id: int | None = None
        self._page = page
        self._get = get
        self._show = show

    def open(self, record_id: int) -> None:
        """Show `record_id` (the pane keeps what it shows until its detail comes)."""
        self.id = record_id
        self.reload()

    def reload(self) -> None:
        """Read the record shown again (its detail changed)."""
        if self.id is not None:
            self._page.read("detail", self._get, self.id, on_done=self.show_if_open)

    def reload_if_touched(self, ids: Ids, kind: str) -> None:
        """Read the record shown again if a change with `ids` concerns it (it is a `kind`)."""
        if touches(ids, kind, self.id):
            self.reload()

    def show_if_open(self, detail: D) -> None:
        """Show `detail` if it is the record open; the user has moved on to another one otherwise."""
        if detail.row.id == self.id:
            self._show(detail)

    def show_now(self, detail: D) -> None:
        """Open `detail`'s record and show it (a save's answer: no need to read it)."""
        self.id = detail.row.id
        self._show(detail)
