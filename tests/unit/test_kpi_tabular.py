"""CSV and XLSX writers of the KPI tables: formulas neutralised, numbers kept as numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from dealercrm.services.tabular import neutralise, write_csv, write_xlsx

DANGEROUS = ("=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx")


def test_neutralise() -> None:
    for text in DANGEROUS:
        assert neutralise(text) == "'" + text
    assert neutralise("Julie") == "Julie"


def test_csv(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_csv(path, ["Name", "Margin", "Day"], [["=cmd()", Decimal("-120.50"), dt.date(2026, 3, 1)]])
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1] == "'=cmd();-120,50;2026-03-01"


def test_xlsx(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "x.xlsx"
    rows = [[text, Decimal("-5.25"), 3] for text in DANGEROUS]
    write_xlsx(path, ["=Name", "Margin", "Count"], rows, sheet="sales")
    ws = load_workbook(path).active
    assert ws is not None
    assert ws["A1"].value == "'=Name"
    for k, text in enumerate(DANGEROUS, start=2):
        assert ws.cell(row=k, column=1).value.replace("\n", "\r") == "'" + text.replace(
            "\n", "\r"
        )  # XML keeps no CR
        assert ws.cell(row=k, column=1).data_type == "s"
        assert ws.cell(row=k, column=2).value == -5.25 and ws.cell(row=k, column=3).value == 3
