"""The selected contact's file, read-only: identity, how to reach them, needs, consents, opportunities,
tasks, vehicles, purchases and the timeline of interactions (newest first, 50 at a time)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dealercrm.models.enums import ClaimStatus, ConsentStatus, ContactKind, Direction, Stage
from dealercrm.services.contacts import ContactDetail, TimelineItem, VehicleSummary
from dealercrm.services.due_dates import DueDate, DueKind
from dealercrm.ui import formatting as fmt
from dealercrm.ui.contacts.flow_layout import FlowLayout
from dealercrm.ui.due_names import due_names
from dealercrm.ui.labels import label
from dealercrm.ui.style import named, set_primary
from dealercrm.ui.widgets.detail_html import key_values
from dealercrm.ui.widgets.forms import text_label

if TYPE_CHECKING:
    from dealercrm.services.purchase_model import Explanation

MUTED = "#6b7280"
KEY_WIDTH = 135  # the same for every section, so that values line up down the pane
TWO_COLUMNS_WIDTH = 720  # the pane shows its sections in two columns from this width
CONSENT_COLOURS = {
    ConsentStatus.GRANTED: "#067647",
    ConsentStatus.REFUSED: "#b42318",
    ConsentStatus.WITHDRAWN: "#b54708",
}


def _e(text: object) -> str:
    return html.escape(str(text)) if text not in (None, "") else "—"


def _muted(text: str) -> str:
    return f"<span style='color:{MUTED}'>{html.escape(text)}</span>"


def _coloured(text: str, colour: str) -> str:
    return f"<span style='color:{colour}'>{html.escape(text)}</span>"


def _table(rows: Sequence[tuple[str, str]]) -> str:
    return key_values(rows, key_width=KEY_WIDTH)


def _grid(rows: Sequence[tuple[str, str, str]], empty: str) -> str:
    """Three columns: a date or key (raw HTML), the main text (raw HTML), a right-aligned figure;
    `empty` (muted) when there is no row."""
    if not rows:
        return _muted(empty)
    cells = "".join(
        "<tr>"
        f"<td style='padding:3px 10px 3px 0; white-space:nowrap' valign='top'>{a}</td>"
        f"<td style='padding:3px 10px 3px 0' valign='top'>{b}</td>"
        f"<td align='right' style='padding:3px 0; white-space:nowrap' valign='top'>{c}</td>"
        "</tr>"
        for a, b, c in rows
    )
    return f"<table cellspacing='0' width='100%'>{cells}</table>"


SCORE_COLOURS = ((70, "#067647"), (40, "#b54708"), (0, "#6b7280"))
OVERDUE_COLOUR = "#b42318"
SOON_COLOUR = "#b54708"
SOON_DAYS = 60  # a due date this close is highlighted (the today page's window)
CLOSED_CLAIMS = (ClaimStatus.RESOLVED, ClaimStatus.CLOSED)
# The one-click actions, in the order of the buttons and the "More" menu.
ACTIONS = (
    "edit",
    "call",
    "visit",
    "task",
    "quote",
    "test_drive",
    "opportunity",
    "claim",
    "consent",
    "duplicates",
)


def score_colour(score: int | None) -> str:
    for bound, colour in SCORE_COLOURS:
        if score is not None and score >= bound:
            return colour
    return MUTED


class ContactDetailPane(QScrollArea):
    """Shows one ContactDetail; asks its page for more of the timeline with `more_requested`, and for
    a one-click action ("call", "visit", "task", ...) with `action_requested`."""

    link_activated = Signal(str)  # "opportunity:12", "vehicle:3"
    more_requested = Signal()
    action_requested = Signal(str)

    def __init__(self, today: Callable[[], dt.date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today  # the dealership's day (AppContext.today), for the due dates' colours
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(320)
        # Text wraps to the pane's width; a sideways scroll bar would only hide the ends of lines.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(14, 4, 8, 8)
        self._layout.setSpacing(6)
        self.title = named(QLabel(), "SectionTitle")
        self.title.setStyleSheet("font-size: 13pt;")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = text_label("", "Hint")
        for label_ in (self.title, self.subtitle):
            label_.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.subtitle)
        self.actions_bar = QWidget()
        # The buttons wrap onto a second row when the pane is narrow (French texts, 1200 px window).
        bar = FlowLayout(self.actions_bar, spacing=6)
        bar.setContentsMargins(0, 4, 0, 2)
        self.action_buttons: dict[str, QPushButton | QToolButton] = {}
        for key, text, tip in (
            ("call", self.tr("Log call"), self.tr("Log a phone call and how it went (Ctrl+L)")),
            ("visit", self.tr("Visit…"), self.tr("Log a showroom visit or a test drive")),
            ("task", self.tr("Plan…"), self.tr("Plan a call back, appointment or test drive")),
            ("edit", self.tr("Edit"), self.tr("Edit this contact (Ctrl+E)")),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, k=key: self.action_requested.emit(k))
            bar.addWidget(button)
            self.action_buttons[key] = button
        set_primary(self.action_buttons["call"])  # type: ignore[arg-type]
        more = QPushButton(self.tr("More"))  # a push button with its menu, like the buttons beside it
        menu = QMenu(more)
        for key, text in (
            ("quote", self.tr("Log a quote…")),
            ("test_drive", self.tr("Log a test drive…")),
            ("opportunity", self.tr("New opportunity…")),
            ("claim", self.tr("Open a claim…")),
            ("consent", self.tr("Record a consent…")),
            ("duplicates", self.tr("Find duplicates / merge…")),
        ):
            action = menu.addAction(text)
            action.setObjectName(f"action_{key}")
            action.triggered.connect(lambda _c=False, k=key: self.action_requested.emit(k))
        more.setMenu(menu)
        self.more_menu = menu
        more.setMinimumWidth(more.sizeHint().width() + 12)  # the menu arrow beside "More", not over it
        bar.addWidget(more)
        self.more_actions_button = more
        # The customer's whole file on the whole page (its sections side by side), and back to the list.
        self.full_button = QPushButton(self.tr("Full page"))
        self.full_button.setToolTip(
            self.tr("The whole customer file on the page (Enter in the list); Esc: back")
        )
        self.full_button.clicked.connect(lambda: self.action_requested.emit("full_view"))
        bar.addWidget(self.full_button)
        self._layout.addWidget(self.actions_bar)
        self._sections: list[QLabel] = []
        # Two columns side by side when the pane is wide (the one-screen customer view), one under the
        # other when it is narrow: who they are and how to reach them, then what happens with them.
        self.columns = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.columns.setSpacing(18)
        left, right = QVBoxLayout(), QVBoxLayout()
        for column in (left, right):
            column.setSpacing(6)
            self.columns.addLayout(column, 1)
        self._layout.addLayout(self.columns)
        self._column = left
        self.score = self._section(self.tr("Score"))
        self.reach = self._section(self.tr("How to reach"))
        self.profile = self._section(self.tr("Professional profile"))
        self.needs = self._section(self.tr("Needs"))
        self.consents = self._section(self.tr("Consents"))
        left.addStretch(1)
        self._column = right
        self.opportunities = self._section(self.tr("Open opportunities"))
        self.tasks = self._section(self.tr("Planned tasks"))
        self.vehicles = self._section(self.tr("Vehicles owned"))
        self.purchases = self._section(self.tr("Purchases"))
        self.claims = self._section(self.tr("Claims"))
        self.timeline = self._section(self.tr("Timeline"))
        self.more_button = QPushButton(self.tr("Show older interactions"))
        self.more_button.clicked.connect(self.more_requested.emit)
        right.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        right.addStretch(1)
        self._layout.addStretch(1)
        self.setWidget(body)
        self._timeline_items: list[TimelineItem] = []
        self.detail: ContactDetail | None = None
        self.clear()

    def _section(self, heading: str) -> QLabel:
        title = named(QLabel(heading), "SectionTitle")
        title.setContentsMargins(0, 10, 0, 0)
        text = text_label()
        # Follow the pane's width: a long e-mail address must not widen the whole pane.
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        text.setOpenExternalLinks(False)
        text.linkActivated.connect(self.link_activated.emit)
        text.setProperty("heading", title)
        self._column.addWidget(title)
        self._column.addWidget(text)
        self._sections.append(text)
        return text

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        wide = event.size().width() >= TWO_COLUMNS_WIDTH
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    def _show_section(self, section: QLabel, visible: bool) -> None:
        # Only on a change: each call re-lays out the pane, whose rich-text labels are costly to measure.
        if section.isHidden() == visible:
            section.setVisible(visible)
            section.property("heading").setVisible(visible)

    # Showing ----------------------------------------------------------------------------------
    def clear(self, message: str | None = None) -> None:
        self.detail = None
        self._timeline_items = []
        self.title.setText(self.tr("No contact selected"))
        self.subtitle.setText(
            message
            or self.tr("Select a contact in the list to see their details, opportunities and history.")
        )
        for section in self._sections:
            self._show_section(section, False)
        self.more_button.setVisible(False)
        self.actions_bar.setVisible(False)

    def set_allowed(self, allowed: dict[str, bool]) -> None:
        """Hide the actions the user may not do (the services refuse anyway)."""
        for key, ok in allowed.items():
            if key in self.action_buttons:
                self.action_buttons[key].setVisible(ok)
        for action in self.more_menu.actions():
            key = action.objectName().removeprefix("action_")
            if key in allowed:
                action.setVisible(allowed[key])

    def show_contact(self, d: ContactDetail) -> None:
        """Fill every section from `d`; the timeline starts empty until `set_timeline`."""
        self.detail = d
        for section in self._sections:
            self._show_section(section, True)
        if self.actions_bar.isHidden() != d.erased:
            self.actions_bar.setVisible(not d.erased)
        self.title.setText(html.escape(d.name))
        bits = [label(d.lifecycle)]
        bits.append(
            self.tr("Owner: {name}").format(name=d.owner_name) if d.owner_name else self.tr("No owner")
        )
        if d.score is not None:
            bits.append(self.tr("Score {score}/100").format(score=d.score))
        bits.append(self.tr("Source: {source}").format(source=label(d.source)))
        self.subtitle.setText(" · ".join(bits))
        self.score.setText(self._score_html(d))

        address = "<br>".join(html.escape(line) for line in d.address_lines)
        town = " ".join(p for p in (d.postal_code, d.city) if p)
        if town:
            address = f"{address}<br>{html.escape(town)}" if address else html.escape(town)
        if d.country and d.country != "FR":
            address = f"{address}<br>{html.escape(d.country)}" if address else html.escape(d.country)
        # A zero-width space after "@" lets a long address wrap instead of widening the column.
        shown = html.escape(d.email or "").replace("@", "@\u200b")
        email = f"<a href='mailto:{html.escape(d.email)}'>{shown}</a>" if d.email else "—"
        self.reach.setText(
            _table(
                [
                    (self.tr("Mobile"), _e(d.mobile)),
                    (self.tr("Landline"), _e(d.landline)),
                    (self.tr("E-mail"), email),
                    (self.tr("Address"), address or "—"),
                    (self.tr("Prefers"), _e(label(d.preferred_channel))),
                    (self.tr("Last contact"), _e(fmt.datetime(d.last_contact_at))),
                    (self.tr("In the file since"), _e(fmt.date(fmt.local_time(d.created_at).date()))),
                ]
            )
        )

        profile_rows = []
        if d.kind is ContactKind.PERSON:
            profile_rows = [
                (self.tr("Civility"), _e(label(d.civility))),
                (self.tr("Company"), _e(d.company_name)),
                (self.tr("Job title"), _e(d.job_title)),
            ]
            if d.birth_date is not None:
                profile_rows.append((self.tr("Born on"), _e(fmt.date(d.birth_date))))
        else:
            profile_rows = [(self.tr("SIREN"), _e(d.siren))]
        self.profile.setText(_table(profile_rows))

        yes, no = self.tr("Yes"), self.tr("No")
        need_rows = [
            (self.tr("Budget"), _e(fmt.money(d.budget))),
            (self.tr("Wanted model"), _e(d.wanted_model)),
            (self.tr("Body"), _e(label(d.wanted_body))),
            (self.tr("Fuel"), _e(label(d.wanted_fuel))),
            (self.tr("Trade-in"), html.escape(yes if d.has_trade_in else no)),
            (self.tr("Financing wanted"), html.escape(yes if d.wants_financing else no)),
        ]
        if d.lost_reason:
            need_rows.append((self.tr("Lost because"), _e(d.lost_reason)))
        if d.notes:
            need_rows.append((self.tr("Notes"), html.escape(d.notes).replace("\n", "<br>")))
        self.needs.setText(_table(need_rows))

        self.consents.setText(
            _grid(
                [
                    (
                        html.escape(label(c.channel)),
                        html.escape(label(c.purpose)) + "<br>" + _muted(c.proof),
                        _coloured(label(c.status), CONSENT_COLOURS[c.status])
                        + f"<br>{_muted(fmt.date(fmt.local_time(c.recorded_at).date()))}",
                    )
                    for c in d.consents
                ],
                self.tr("No consent recorded: do not prospect this contact."),
            )
        )

        self.opportunities.setText(
            _grid(
                [
                    (
                        html.escape(label(o.stage)),
                        f"<a href='opportunity:{o.id}'>{html.escape(o.title)}</a>"
                        + (
                            "<br>"
                            + _muted(self.tr("closing {date}").format(date=fmt.date(o.expected_close_on)))
                            if o.expected_close_on
                            else ""
                        ),
                        html.escape(fmt.money(o.amount)),
                    )
                    for o in d.open_opportunities
                ],
                self.tr("No open opportunity."),
            )
        )

        self.tasks.setText(
            _grid(
                [
                    (
                        html.escape(fmt.datetime(t.due_at)),
                        html.escape(t.title) + "<br>" + _muted(f"{label(t.kind)} · {t.assignee_name}"),
                        "",
                    )
                    for t in d.open_tasks
                ],
                self.tr("Nothing planned."),
            )
        )

        self.vehicles.setText(
            _grid(
                [
                    (
                        html.escape(v.plate or "—"),
                        self._vehicle_html(v),
                        html.escape(
                            self.tr("{km} km").format(km=fmt.number(v.mileage_km))
                            if v.mileage_km is not None
                            else ""
                        ),
                    )
                    for v in d.vehicles
                ],
                self.tr("No vehicle recorded."),
            )
        )

        lines = []
        for p in d.purchases:
            what = label(p.financing)
            if p.financing_end_on is not None:
                what = self.tr("{financing}, ends {date}").format(
                    financing=what, date=fmt.date(p.financing_end_on)
                )
            lines.append(
                (
                    html.escape(fmt.date(p.sold_on)),
                    f"<a href='vehicle:{p.vehicle_id}'>{html.escape(p.vehicle_label)}</a><br>"
                    + _muted(f"{what} · {p.salesperson_name}" if p.salesperson_name else what),
                    html.escape(fmt.money(p.price)),
                )
            )
        self.purchases.setText(_grid(lines, self.tr("Has not bought from us yet.")))
        self.claims.setText(
            _grid(
                [
                    (
                        html.escape(fmt.date(fmt.local_time(c.opened_at).date())),
                        f"<a href='claim:{c.id}'>{html.escape(label(c.category))}</a><br>"
                        + _muted(label(c.severity)),
                        _coloured(label(c.status), MUTED if c.status in CLOSED_CLAIMS else "#b42318"),
                    )
                    for c in d.claims
                ],
                self.tr("No claim."),
            )
        )
        # The timeline arrives with set_timeline; the "more" button keeps its state meanwhile (every
        # show/hide re-lays out the whole pane).
        self._timeline_items = []
        self.timeline.setText(_muted("…"))

    def _vehicle_html(self, v: VehicleSummary) -> str:
        """The vehicle's link, first registration and due dates, overdue in red, soon in amber."""
        parts = [f"<a href='vehicle:{v.id}'>{html.escape(v.label)}</a>"]
        if v.first_registration_on:
            parts.append(
                _muted(self.tr("first registered {date}").format(date=fmt.date(v.first_registration_on)))
            )
        today = self._today()
        parts.extend(self.due_html(due, today) for due in v.due_dates)
        return "<br>".join(parts)

    def due_html(self, due: DueDate, today: dt.date) -> str:
        """One due date: "CT 12/05/2026", with "overdue" or "in 12 days" when it needs attention."""
        names = due_names()
        ends = due.kind in (DueKind.WARRANTY_END, DueKind.FINANCING_END)
        days = (due.due_on - today).days
        text = self.tr("{what} {date}").format(what=names[due.kind], date=fmt.date(due.due_on))
        if due.due_by_mileage:
            return _coloured(
                self.tr("{what} now ({km} km reached)").format(
                    what=names[due.kind], km=fmt.number(due.due_at_km)
                ),
                OVERDUE_COLOUR,
            )
        if days < 0:
            if ends:  # the moment has passed: nothing to chase
                return _muted(self.tr("{what} (ended)").format(what=text))
            return "<b>" + _coloured(self.tr("{what}, overdue").format(what=text), OVERDUE_COLOUR) + "</b>"
        if days == 0:
            return "<b>" + _coloured(self.tr("{what}, today").format(what=text), SOON_COLOUR) + "</b>"
        if days <= SOON_DAYS:
            return _coloured(self.tr("{what}, in %n day(s)", "", days).format(what=text), SOON_COLOUR)
        return _muted(text)

    def show_purchase(self, explanation: Explanation | None) -> None:
        """Under the rule score: the learnt probability of a purchase within 90 days and its top
        reasons ("essai réalisé il y a 6 jours : +18 points"), when a model is in force."""
        if explanation is None or self.detail is None:
            return
        percent = fmt.percent(explanation.probability)
        heading = self.tr("Purchase within 90 days: {p}").format(p=percent)
        lines = [f"<b>{html.escape(heading)}</b>"]
        for factor in explanation.top:
            colour = "#067647" if factor.points > 0 else "#b42318" if factor.points < 0 else MUTED
            lines.append(f"<span style='color:{colour}'>{html.escape(factor.line)}</span>")
        self.score.setText(self._score_html(self.detail) + "<br><br>" + "<br>".join(lines))

    def _score_html(self, d: ContactDetail) -> str:
        if d.score is None:
            return _muted(self.tr("Not scored yet."))
        head = (
            f"<span style='font-size:15pt; font-weight:600; color:{score_colour(d.score)}'>{d.score}</span>"
            f"<span style='color:{MUTED}'>/100</span>"
        )
        lines = []
        for reason in d.score_reasons:
            points = int(reason.get("points", 0))
            colour = "#067647" if points > 0 else "#b42318"
            lines.append(
                f"<span style='color:{colour}'>{points:+d}</span> {html.escape(self.reason_text(reason))}"
            )
        return head + ("<br>" + "<br>".join(lines) if lines else "")

    def reason_text(self, reason: dict[str, Any]) -> str:
        """One scoring reason as a sentence in the user's language ("test drive on 12/10/2026")."""
        rule = str(reason.get("rule"))

        def day(key: str = "date") -> str:
            try:
                return fmt.date(dt.date.fromisoformat(str(reason.get(key))))
            except ValueError:
                return str(reason.get(key, ""))

        if rule == "stage":
            try:
                stage = label(Stage(str(reason.get("stage"))))
            except ValueError:
                stage = str(reason.get("stage"))
            return self.tr("opportunity at stage “{stage}”").format(stage=stage)
        texts = {
            "base": lambda: self.tr("starting score"),
            "contact_7d": lambda: self.tr("contacted on {date}").format(date=day()),
            "contact_30d": lambda: self.tr("contacted on {date}").format(date=day()),
            "contact_90d": lambda: self.tr("contacted on {date}").format(date=day()),
            "silent_90d": lambda: self.tr("no contact for {days} days").format(days=reason.get("days")),
            "never_contacted": lambda: self.tr("never contacted"),
            "interactions": lambda: self.tr("%n interaction(s) in 90 days", "", int(reason.get("n", 0))),
            "test_drive_180d": lambda: self.tr("test drive on {date}").format(date=day()),
            "budget_stated": lambda: self.tr("budget stated: {amount}").format(
                amount=fmt.money(int(reason.get("amount", 0)))
            ),
            "purchase": lambda: self.tr("%n purchase(s)", "", int(reason.get("n", 0))),
            "purchase_amount_30k": lambda: self.tr("{amount} bought").format(
                amount=fmt.money(int(reason.get("amount", 0)))
            ),
            "open_claim": lambda: self.tr("%n open claim(s)", "", int(reason.get("n", 0))),
            "consent_granted": lambda: self.tr("agrees to be contacted"),
            "consent_refused": lambda: self.tr("refuses to be contacted"),
            "lost": lambda: self.tr("marked lost"),
        }
        make = texts.get(rule)
        return make() if make is not None else rule

    def set_timeline(self, items: Sequence[TimelineItem], *, has_more: bool, append: bool = False) -> None:
        """Show `items` (newest first), after those already shown when `append`."""
        self._timeline_items = [*self._timeline_items, *items] if append else list(items)
        if self._timeline_items:
            # Paragraphs, not a table: Qt lays a 50-row rich-text table out ten times slower.
            self.timeline.setText("".join(self._timeline_paragraph(i) for i in self._timeline_items))
        else:
            self.timeline.setText(_muted(self.tr("No interaction recorded yet.")))
        if self.more_button.isHidden() == has_more:
            self.more_button.setVisible(has_more)

    def timeline_items(self) -> list[TimelineItem]:
        return list(self._timeline_items)

    def _timeline_paragraph(self, i: TimelineItem) -> str:
        when, text, amount = self._timeline_line(i)
        figure = f" &nbsp;{amount}" if amount else ""
        return (
            f"<p style='margin:0 0 7px 0'><span style='color:{MUTED}'>{when}</span> &nbsp;{text}{figure}</p>"
        )

    def _timeline_line(self, i: TimelineItem) -> tuple[str, str, str]:
        kind = label(i.type)
        if i.direction is Direction.INBOUND:
            kind = self.tr("{kind} (inbound)").format(kind=kind)
        if i.outcome is not None:
            kind = self.tr("{kind}: {outcome}").format(kind=kind, outcome=label(i.outcome))
        text = f"<b>{html.escape(kind)}</b>"
        if i.summary:
            text += "<br>" + html.escape(i.summary).replace("\n", "<br>")
        if i.user_name:
            text += "<br>" + _muted(i.user_name)
        return html.escape(fmt.datetime(i.occurred_at)), text, html.escape(fmt.money(i.amount))
