"""A claim on one A4 page, for the workshop (everything, with room for notes) or for the customer (an
acknowledgement: what was reported, what was done; no internal notes, no assignee).

reportlab is imported when the first PDF is made, not at startup. The sheet speaks the dealership's
language (the `dealership.language` setting), whatever the language of the user who prints it; its words
live in one table per language, read through services/pdf.py like every other PDF's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dealercrm import i18n
from dealercrm.i18n import N_, NC_
from dealercrm.models import utcnow
from dealercrm.services import pdf
from dealercrm.services.base import Service
from dealercrm.services.claims import ClaimDetail, ClaimService
from dealercrm.services.kpi.texts import CLAIM_CATEGORY_WORDS
from dealercrm.services.permissions import require
from dealercrm.services.settings import dealership_language, dealership_timezone, read_setting


class Audience(StrEnum):
    WORKSHOP = "workshop"
    CUSTOMER = "customer"


@dataclass(frozen=True)
class Dealership:
    name: str
    address: str
    phone: str
    email: str
    timezone: str  # the dealership's (settings.dealership_timezone)
    language: str = "fr"


WORDS: dict[str, str | tuple[str, str]] = {
    "title_workshop": N_("Workshop order — claim #{id}"),
    "title_customer": N_("Your claim #{id}"),
    "customer": N_("Customer"),
    "vehicle": N_("Vehicle"),
    "category": N_("Category"),
    "severity": N_("Severity"),
    "channel": N_("Received by"),
    "opened": N_("Opened on"),
    "opened_by": N_("Opened by"),
    "assignee": N_("Assigned to"),
    "due": N_("Deadline"),
    "status": N_("Status"),
    "description": N_("What the customer reports"),
    "history": N_("History"),
    "resolution": N_("Resolution"),
    "goodwill": N_("Goodwill"),
    "satisfaction": N_("Customer satisfaction"),
    "notes": N_("Workshop notes"),
    "signature": N_("Technician, date and signature"),
    "customer_intro": N_(
        "We have recorded your claim and will keep you informed."
        " Please quote its number whenever you contact us."
    ),
    "not_resolved": N_("Being handled."),
    "unassigned": N_("Unassigned"),
    "printed": N_("Printed {when}"),
    "dealership": N_("Dealership"),
    "copy_workshop": N_("Workshop copy"),
    "copy_customer": N_("Customer copy"),
    **CLAIM_CATEGORY_WORDS,
    "other": N_("Other"),
    "low": N_("Low"),
    "medium": N_("Medium"),
    "high": N_("High"),
    "critical": N_("Critical"),
    "open": N_("Open"),
    "in_progress": N_("Being handled"),
    "waiting_customer": N_("Waiting for you"),
    "waiting_parts": N_("Waiting for parts"),
    "resolved": NC_("claim status", "Resolved"),
    "closed": N_("Closed"),
    "email": N_("E-mail"),
    "sms": N_("SMS"),
    "phone": N_("Phone"),
    "post": N_("Post"),
    "visit": N_("At the dealership"),
}


def _fmt_dt(value: dt.datetime | None, tz: ZoneInfo, language: str) -> str:
    return i18n.datetime(value.astimezone(tz), language) if value is not None else "—"


def render_claim_pdf(
    detail: ClaimDetail,
    *,
    audience: Audience,
    dealership: Dealership,
    now: dt.datetime | None = None,
    labels: dict[str, str] | None = None,
    language: str | None = None,
) -> bytes:
    """The one-page PDF of `detail` for `audience`, in `language` (default: the dealership's). `labels`
    only names enum values the sheet has no word for."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Paragraph, Spacer, Table, TableStyle
    from reportlab.platypus.flowables import HRFlowable

    tz = ZoneInfo(dealership.timezone)
    words = pdf.Words(WORDS, language or dealership.language)
    TEXT = _Text(words)  # noqa: N806 - reads like the table it was
    shown = labels or {}
    now = now or utcnow()
    r = detail.row

    def word(value: Any) -> str:
        raw = str(getattr(value, "value", value))
        return words.get(raw, shown.get(raw, raw.replace("_", " ").capitalize()))

    esc = pdf.esc
    styles = pdf.styles()
    body = ParagraphStyle("body", parent=styles["body"], fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor(pdf.MUTED))
    heading = ParagraphStyle(
        "heading", parent=body, fontName=pdf.FONT_BOLD, fontSize=11, spaceBefore=8, spaceAfter=4
    )
    title = ParagraphStyle("title", parent=body, fontName=pdf.FONT_BOLD, fontSize=16, leading=20)

    story: list[Any] = []
    head_left = [Paragraph(f"<b>{esc(dealership.name or TEXT['dealership'])}</b>", body)]
    for line in (dealership.address or "").splitlines():
        head_left.append(Paragraph(esc(line), small))
    contact_line = " · ".join(p for p in (dealership.phone, dealership.email) if p)
    if contact_line:
        head_left.append(Paragraph(esc(contact_line), small))
    key = "title_workshop" if audience is Audience.WORKSHOP else "title_customer"
    right_title = ParagraphStyle("right_title", parent=title, alignment=2)
    right_small = ParagraphStyle("right_small", parent=small, alignment=2)
    head_right = [
        Paragraph(esc(TEXT[key].format(id=r.id)), right_title),
        Paragraph(esc(TEXT["printed"].format(when=_fmt_dt(now, tz, words.lang))), right_small),
    ]
    header = Table([[head_left, head_right]], colWidths=[72 * mm, 108 * mm])
    header.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story += [
        header,
        Spacer(1, 4 * mm),
        HRFlowable(width="100%", color=colors.HexColor("#d1d5db")),
        Spacer(1, 3 * mm),
    ]

    facts: list[tuple[str, str]] = [
        (TEXT["customer"], r.contact_name),
        (TEXT["vehicle"], detail.vehicle_label or r.vehicle_plate or "—"),
        (TEXT["category"], word(r.category)),
        (TEXT["opened"], _fmt_dt(r.opened_at, tz, words.lang)),
        (TEXT["channel"], word(detail.channel)),
        (TEXT["status"], word(r.status)),
    ]
    if audience is Audience.WORKSHOP:
        facts += [
            (TEXT["severity"], word(r.severity)),
            (TEXT["due"], _fmt_dt(r.due_at, tz, words.lang)),
            (TEXT["assignee"], r.assignee_name or TEXT["unassigned"]),
            (TEXT["opened_by"], detail.opened_by_name or "—"),
        ]
    half = (len(facts) + 1) // 2
    rows = []
    for i in range(half):
        left = facts[i]
        right = facts[half + i] if half + i < len(facts) else ("", "")
        rows.append(
            [
                Paragraph(esc(left[0]), small),
                Paragraph(esc(left[1]), body),
                Paragraph(esc(right[0]), small),
                Paragraph(esc(right[1]), body),
            ]
        )
    grid = Table(rows, colWidths=[28 * mm, 62 * mm, 28 * mm, 62 * mm])
    grid.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f9fafb")),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#e5e7eb")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.append(grid)
    if audience is Audience.CUSTOMER:
        story += [Spacer(1, 3 * mm), Paragraph(esc(TEXT["customer_intro"]), body)]

    description: list[Any] = [
        Paragraph(esc(TEXT["description"]), heading),
        Paragraph(esc(detail.description), body),
    ]
    story.append(KeepInFrame(180 * mm, 70 * mm, description, mode="shrink"))

    colon = "\u00a0: " if words.lang == "fr" else ": "
    if detail.resolved_at is not None or detail.resolution:
        outcome = [
            Paragraph(esc(TEXT["resolution"]), heading),
            Paragraph(esc(detail.resolution or "—"), body),
        ]
        extra = []
        if detail.goodwill_cost:
            extra.append(f"{TEXT['goodwill']}{colon}{pdf.money(detail.goodwill_cost, words.lang)}")
        if detail.satisfaction is not None and audience is Audience.WORKSHOP:
            extra.append(f"{TEXT['satisfaction']}{colon}{detail.satisfaction}/5")
        if extra:
            outcome.append(Paragraph(esc(" · ".join(extra)), small))
        story.append(KeepInFrame(180 * mm, 45 * mm, outcome, mode="shrink"))
    elif audience is Audience.CUSTOMER:
        story += [Paragraph(esc(TEXT["resolution"]), heading), Paragraph(esc(TEXT["not_resolved"]), body)]

    if audience is Audience.WORKSHOP:
        events = []
        for e in detail.events[-8:]:  # the latest ones: one page, always
            if e.to_status is not None:
                what = f"{word(e.from_status)} → {word(e.to_status)}" if e.from_status else word(e.to_status)
            else:
                what = ""
            text = " — ".join(p for p in (what, e.note or "") if p)
            events.append(
                [
                    Paragraph(esc(_fmt_dt(e.at, tz, words.lang)), small),
                    Paragraph(esc(e.user_name or ""), small),
                    Paragraph(esc(text), body),
                ]
            )
        if events:
            history = Table(events, colWidths=[30 * mm, 35 * mm, 115 * mm])
            history.setStyle(
                TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
            )
            story += [
                Paragraph(esc(TEXT["history"]), heading),
                KeepInFrame(180 * mm, 50 * mm, [history], mode="shrink"),
            ]
        lines = Table([[""]] * 5, colWidths=[180 * mm], rowHeights=[8 * mm] * 5)
        lines.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#d1d5db"))]))
        story += [
            Paragraph(esc(TEXT["notes"]), heading),
            lines,
            Spacer(1, 6 * mm),
            Paragraph(esc(TEXT["signature"]), small),
        ]

    copy = TEXT["copy_workshop" if audience is Audience.WORKSHOP else "copy_customer"]
    return pdf.build(
        story,
        title=TEXT[key].format(id=r.id),
        author=dealership.name or "dealercrm",
        language=words.lang,
        footer_left=" · ".join(p for p in (dealership.name, TEXT[key].format(id=r.id), copy) if p),
        generated="",
        margins=(15 * mm, 15 * mm, 14 * mm, 16 * mm),
    )


class _Text:
    """`TEXT["key"]` over the document's Words."""

    def __init__(self, words: pdf.Words) -> None:
        self._words = words

    def __getitem__(self, key: str) -> str:
        return self._words(key)


class ClaimPdfService(Service):
    """Prints a claim the actor may read."""

    def render(
        self,
        *,
        claim_id: int,
        audience: Audience = Audience.WORKSHOP,
        labels: dict[str, str] | None = None,
        now: dt.datetime | None = None,
    ) -> bytes:
        """The one-page PDF of a claim, for the workshop or for the customer."""
        require(self._actor, "claims.read")
        detail = ClaimService(self._session_factory, actor=self._actor).get(claim_id=claim_id)
        with self._session_factory() as session:
            dealership = Dealership(
                name=str(read_setting(session, "dealership.name")),
                address=str(read_setting(session, "dealership.address")),
                phone=str(read_setting(session, "dealership.phone")),
                email=str(read_setting(session, "dealership.email")),
                timezone=str(dealership_timezone(session)),
                language=dealership_language(session),
            )
        return render_claim_pdf(detail, audience=audience, dealership=dealership, now=now, labels=labels)
