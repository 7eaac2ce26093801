"""PDF text for tests, read with pypdf (a test dependency): no external tool, so no test is skipped
because one is missing."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf


def pdf_pages(pdf: bytes | Path, *, layout: bool = True) -> list[str]:
    """Each page's text; with `layout`, laid out as on the page (a row of a table stays one line).
    No-break and narrow no-break spaces read as plain spaces."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    reader = pypdf.PdfReader(io.BytesIO(data))
    mode = "layout" if layout else "plain"
    return [
        page.extract_text(extraction_mode=mode).replace("\u00a0", " ").replace("\u202f", " ")
        for page in reader.pages
    ]


def pdf_text(pdf: bytes | Path, *, layout: bool = True) -> str:
    return "\n".join(pdf_pages(pdf, layout=layout))
