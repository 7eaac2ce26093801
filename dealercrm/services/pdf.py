"""The one kit every PDF of dealercrm is built with (monthly report, claim sheets, campaign report, GDPR
export): the embedded fonts, colours, paragraph styles, tables, words, number formats and page furniture.

Fonts: DejaVu Sans, the TrueType files matplotlib ships (the charts' font too), embedded in every PDF.
It covers French and English text, €, arrows and the no-break spaces the number formats write, which the
PDF core fonts (Helvetica) do not. Words: one dictionary of English gettext messages per document
(`{"key": N_("English")}`), read through `Words` in the document's language (dealercrm/i18n.py; French
in the catalog). Numbers, money, percentages and dates: Babel through dealercrm/i18n.py (re-exported
by services/kpi/texts.py), so that every PDF, and the screen, write "12 345,00 €" and "27/11/2026" the
same way.

reportlab and matplotlib are imported where first used, not at start-up.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from dealercrm import i18n
from dealercrm.i18n import N_
from dealercrm.services.kpi.texts import date, lang_of, money, number, percent

__all__ = [
    "ACCENT",
    "BAD",
    "FONT",
    "FONT_BOLD",
    "GOOD",
    "HEAD_BG",
    "LINE",
    "MUTED",
    "TEXT",
    "Words",
    "build",
    "date",
    "esc",
    "font_files",
    "lang_of",
    "money",
    "number",
    "para",
    "percent",
    "register_fonts",
    "styles",
    "table",
]

ACCENT = "#2453d6"
TEXT = "#1f2937"
MUTED = "#6b7280"
GOOD = "#15803d"
BAD = "#b42318"
LINE = "#e3e6eb"
HEAD_BG = "#f3f4f6"
HEAD_TEXT = "#374151"
FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"

FURNITURE: dict[str, str] = {
    "page": N_("Page {page} / {pages}"),
    "generated": N_("Generated on {date}"),
}

_fonts_registered = False


def font_files() -> dict[str, Path]:
    """The TrueType file behind each font name the PDFs use."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {FONT: folder / "DejaVuSans.ttf", FONT_BOLD: folder / "DejaVuSans-Bold.ttf"}


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once."""
    global _fonts_registered
    if _fonts_registered:
        return
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, path in font_files().items():
        pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)
    _fonts_registered = True


class Words:
    """The words of one document in one language: `words("page", page=2)`, the message of `key` in
    `table` translated by the catalog (the key itself when the table lacks it); `words.gettext(...)`
    and `words.ngettext(...)` for a message written where it is used."""

    def __init__(self, table: Mapping[str, str | tuple[str, str]], language: str) -> None:
        self.lang = lang_of(language)
        self._table = table
        self._catalog = i18n.translations(self.lang)

    def __call__(self, key: str, **values: Any) -> str:
        text = self.get(key, key)
        return text.format(**values) if values else text

    def get(self, key: str, default: str) -> str:
        message = self._table.get(key)
        if message is None:
            return default
        if isinstance(message, tuple):
            return self._catalog.pgettext(*message)
        return self._catalog.gettext(message)

    def gettext(self, message: str) -> str:
        return self._catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The form for `n`, with `{n}` (and `values`) filled."""
        return self._catalog.ngettext(singular, plural, n).format(n=n, **values)


def esc(text: str) -> str:
    """Text for a Paragraph: markup characters escaped, line breaks kept."""
    return escape(text).replace("\n", "<br/>")


def styles() -> dict[str, Any]:
    """The paragraph styles every PDF shares."""
    register_fonts()
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, font: str = FONT, size: float = 9, leading: float = 12, **kw: Any) -> Any:
        kw.setdefault("textColor", TEXT)
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, **kw)

    return {
        "h1": style("h1", FONT_BOLD, 20, 24),
        "title": style("title", FONT_BOLD, 16, 20),
        "h2": style("h2", FONT_BOLD, 14, 18, textColor=ACCENT, spaceBefore=4, spaceAfter=6),
        "h3": style("h3", FONT_BOLD, 10.5, 14, spaceBefore=8, spaceAfter=4),
        "body": style("body"),
        "muted": style("muted", size=8, leading=10.5, textColor=MUTED),
        "sub": style("sub", size=11, leading=15, textColor=MUTED),
        "cell": style("cell", size=8.5, leading=10.5),
        "cell_bold": style("cell_bold", FONT_BOLD, 8.5, 10.5),
        "cell_right": style("cell_right", size=8.5, leading=10.5, alignment=2),
        "th_left": style("th_left", FONT_BOLD, 8, 9.5, textColor=HEAD_TEXT),
        "th_right": style("th_right", FONT_BOLD, 8, 9.5, textColor=HEAD_TEXT, alignment=2),
        "label": style("label", size=8, leading=10, textColor=MUTED),
    }


_STYLES: dict[str, Any] = {}


def para(text: str, style: str = "body") -> Any:
    """A Paragraph of plain `text` (escaped) in one of `styles()`."""
    from reportlab.platypus import Paragraph

    if not _STYLES:
        _STYLES.update(styles())
    return Paragraph(esc(text), _STYLES[style])


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    bold_first: bool = True,
    colours: dict[tuple[int, int], str] | None = None,
    total: bool = False,
    wrap_first: bool = True,
    left_columns: int = 1,
) -> Any:
    """A small table: a grey header whose titles wrap (never overlap), the first column left-aligned and
    wrapped at word boundaries (never cut), the other columns right-aligned. `colours` maps (column,
    row) cells to a text colour; `total` sets the last row apart; the first `left_columns` are text,
    left-aligned."""
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    heads = [para(h, "th_left" if k < left_columns else "th_right") for k, h in enumerate(header)]
    data: list[list[Any]] = [heads]
    last = len(rows)
    for n, row in enumerate(rows, start=1):
        cells = list(row)
        if wrap_first and cells and isinstance(cells[0], str):
            bold = (bold_first or (total and n == last)) and cells[0]
            cells[0] = para(cells[0], "cell_bold" if bold else "cell")
        data.append(cells)
    result = Table(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style: list[Any] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), colors.HexColor(TEXT)),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_BG)),
        ("ALIGN", (left_columns, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor(LINE)),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
    ]
    if bold_first:
        style.append(("FONT", (0, 1), (0, -1), FONT_BOLD, 8.5))
    if total:
        style += [
            ("FONT", (0, -1), (-1, -1), FONT_BOLD, 8.5),
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.grey),
        ]
    for (col, line), colour in (colours or {}).items():
        style.append(("TEXTCOLOR", (col, line), (col, line), colors.HexColor(colour)))
    result.setStyle(TableStyle(style))
    return result


def build(
    story: list[Any],
    *,
    title: str,
    author: str,
    language: str,
    footer_left: str,
    generated: str,
    output: Path | Any | None = None,
    margins: tuple[float, float, float, float] | None = None,
    subject: str = "",
) -> bytes:
    """Lay `story` out on A4 pages with the shared footer (a rule, `footer_left`, "Generated on … · Page
    X / Y"), embed the fonts, and return the PDF bytes (also written to `output`, a path or a binary
    file, when given). `margins` are (left, right, top, bottom) in points."""
    register_fonts()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    lang = lang_of(language)
    furniture = Words(FURNITURE, lang)
    left, right, top, bottom = margins or (2 * cm, 2 * cm, 1.6 * cm, 2.0 * cm)
    page_width, _ = A4

    def footer_right(page: int, pages: int) -> str:
        parts = [furniture("generated", date=generated)] if generated else []
        return " · ".join([*parts, furniture("page", page=page, pages=pages)])

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        """Holds pages back until the end so that each footer can say "page X / Y"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("initialFontName", FONT)  # no Helvetica, even unused, in the file
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            count = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(count)
                super().showPage()
            super().save()

        def _footer(self, count: int) -> None:
            y = bottom - 0.55 * cm
            self.saveState()
            self.setStrokeColor(colors.HexColor(LINE))
            self.line(left, y + 0.45 * cm, page_width - right, y + 0.45 * cm)
            self.setFont(FONT, 7.5)
            self.setFillColor(colors.HexColor(MUTED))
            right_text = footer_right(self._pageNumber, count)
            self.drawRightString(page_width - right, y, right_text)
            # The left part gives way to the right one: a long title is shortened, never drawn over it.
            room = page_width - left - right - self.stringWidth(right_text, FONT, 7.5) - 0.6 * cm
            self.drawString(left, y, _fit(footer_left, room, lambda t: self.stringWidth(t, FONT, 7.5)))
            self.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=author or "dealercrm",
        subject=subject or title,
        creator="dealercrm",
        lang=lang,
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    data = buffer.getvalue()
    if isinstance(output, Path):
        output.write_bytes(data)
    elif output is not None:
        output.write(data)
    return data


def png_image(png: bytes, width: float, height: float) -> Any:
    """An embedded PNG (a chart) of the given size in points."""
    from reportlab.platypus import Image

    return Image(io.BytesIO(png), width=width, height=height)


def side_by_side(left: Any, right: Any, widths: tuple[float, float]) -> Any:
    """Two flowables (or lists of them) next to each other, tops aligned."""
    from reportlab.platypus import Table, TableStyle

    result = Table([[left, right]], colWidths=list(widths), hAlign="LEFT")
    result.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return result


def _fit(text: str, width: float, measure: Callable[[str], float]) -> str:
    """`text`, shortened with an ellipsis until `measure` says it fits in `width`."""
    if measure(text) <= width:
        return text
    while text and measure(text + "…") > width:
        text = text[:-1]
    return text.rstrip(" ·") + "…"
