"""The HTML the detail panes (contacts, vehicles, claims) show their facts in, one look for all."""

from __future__ import annotations

import html
from collections.abc import Sequence

from dealercrm.ui.style import MUTED


def key_values(rows: Sequence[tuple[str, str]], *, key_width: int | None = None) -> str:
    """A table of labels (plain text, muted) beside their values (HTML). `key_width`: the labels' column
    width in pixels, the same for every section of a pane so that its values line up down the pane."""
    width = f" width='{key_width}'" if key_width is not None else ""
    cells = "".join(
        f"<tr><td{width} style='color:{MUTED}; padding:2px 12px 2px 0'>{html.escape(k)}</td>"
        f"<td style='padding:2px 0'>{v}</td></tr>"
        for k, v in rows
    )
    table_width = " width='100%'" if key_width is not None else ""
    return f"<table cellspacing='0'{table_width}>{cells}</table>"
