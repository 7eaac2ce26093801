"""The tables behind the KPIs written as CSV (for Excel, French or English) or XLSX (openpyxl).

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) get a leading single quote; numbers the app writes itself stay numbers, so that a negative
margin is still a number.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

Cell = str | int | float | Decimal | dt.date | None
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet would take for a formula, made plain text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def write_csv(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], *, separator: str = ";"
) -> None:
    """UTF-8 with a BOM (Excel reads accents right); with ";" numbers get a decimal comma (French Excel),
    with "," a decimal point; dates as YYYY-MM-DD."""
    decimal_mark = "," if separator == ";" else "."

    def cell(value: Cell) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, Decimal | int | float):
            return str(value).replace(".", decimal_mark)
        if isinstance(value, dt.date):
            return value.isoformat()
        return neutralise(value)

    with path.open("w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.writer(stream, delimiter=separator, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        writer.writerow([neutralise(h) for h in header])
        for row in rows:
            writer.writerow([cell(v) for v in row])


def write_xlsx(
    path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]], *, sheet: str = "KPI"
) -> None:
    """One sheet, bold frozen header, numbers as numbers (euros with 2 decimals), dates as dates."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = neutralise(sheet)[:31].replace("'", "") or "KPI"
    ws.append([neutralise(h) for h in header])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = [len(h) for h in header]
    for row in rows:
        values: list[object] = []
        for k, value in enumerate(row):
            if isinstance(value, str):
                value = neutralise(value)
            values.append(value)
            if k < len(widths):
                widths[k] = max(widths[k], min(40, len(str(value)) if value is not None else 0))
        ws.append(values)
        for k, value in enumerate(row):
            if isinstance(value, Decimal):
                ws.cell(row=ws.max_row, column=k + 1).number_format = "#,##0.00"
            elif isinstance(value, dt.date):
                ws.cell(row=ws.max_row, column=k + 1).number_format = "yyyy-mm-dd"
    for k, width in enumerate(widths):
        ws.column_dimensions[ws.cell(row=1, column=k + 1).column_letter].width = width + 2
    ws.freeze_panes = "A2"
    book.save(path)
