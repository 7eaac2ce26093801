"""Reading the files old systems and spreadsheets export: CSV (any of the usual encodings and
separators) and XLSX, record by record, each with the physical line it starts on.

Encoding: a BOM decides (UTF-8, UTF-16); otherwise UTF-8 if the bytes decode as UTF-8, else
Windows-1252 (what Excel and French DMS exports use). Separator: csv.Sniffer's guess over the first
lines, as sqlite-utils' `rows_from_file` does, checked against how consistently each of `;` `,` tab and
`|` splits those lines (the sniffer alone is fooled by commas inside French text and decimal numbers).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils.utils import Format

from dealercrm.i18n import _
from dealercrm.services.errors import ServiceError

CANDIDATE_DELIMITERS = (";", ",", "\t", "|")
SNIFF_LINES = 50
HEADER_SEARCH_ROWS = 10
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class SourceError(ServiceError):
    """The file cannot be read as a table; the message says why."""


@dataclass(frozen=True)
class SourceRecord:
    """One record of the file: the physical line it starts on and its cells (None when blank)."""

    line: int
    values: tuple[Any, ...]


@dataclass(frozen=True)
class SourceInfo:
    path: Path
    format: str  # "csv", "tsv" or "xlsx"
    encoding: str | None
    delimiter: str | None
    headers: tuple[str, ...]
    header_line: int
    sha256: str
    total_lines: int  # physical lines (CSV) or rows (XLSX), for progress
    sheet: str | None = None
    sample: tuple[SourceRecord, ...] = field(default=(), repr=False)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The separator of a CSV text (see the module docstring)."""
    head = "\n".join(text.splitlines()[:SNIFF_LINES])
    sniffed: str | None
    try:
        sniffed = csv.Sniffer().sniff(head, delimiters="".join(CANDIDATE_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    best, best_score = ",", -1.0
    for delimiter in CANDIDATE_DELIMITERS:
        rows = [r for r in csv.reader(io.StringIO(head, newline=""), delimiter=delimiter) if any(r)]
        if not rows:
            continue
        counts = Counter(len(r) for r in rows)
        width, frequency = counts.most_common(1)[0]
        if width < 2:
            continue
        # Consistent splitting into many columns wins; the sniffer's choice breaks ties.
        score = frequency / len(rows) * 100 + min(width, 60) + (0.5 if delimiter == sniffed else 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class SourceTable:
    """An open CSV or XLSX file. `records()` yields the data records after the header row."""

    def __init__(self, path: Path, *, sheet: str | None = None) -> None:
        self.path = Path(path)
        suffix = self.path.suffix.lower()
        if not self.path.is_file():
            raise SourceError(_("{path} does not exist or is not a file.").format(path=self.path))
        if suffix == ".xls":
            raise SourceError(
                _("Old .xls workbooks cannot be read: save the file as .xlsx or .csv from Excel.")
            )
        self._text: str | None = None
        self._workbook: Any = None
        self._sheet_name = sheet
        sha = file_sha256(self.path)
        if suffix in (".xlsx", ".xlsm"):
            info = self._open_xlsx(sha)
        else:
            info = self._open_csv(sha)
        self.info = info

    # -- CSV --

    def _open_csv(self, sha: str) -> SourceInfo:
        data = self.path.read_bytes()
        if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise SourceError(
                _("{name} is not a text file (CSV): is it a spreadsheet or a PDF?").format(
                    name=self.path.name
                )
            )
        text, encoding = decode(data)
        self._text = text.replace("\x00", "")
        self._delimiter = sniff_delimiter(self._text)
        total_lines = self._text.count("\n") + 1
        fmt = "tsv" if self._delimiter == "\t" else "csv"
        assert Format[fmt.upper()] in (Format.CSV, Format.TSV)
        return self._finish_info(fmt, encoding, self._delimiter, total_lines, sha, None)

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        assert self._text is not None
        reader = csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter)
        previous = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise SourceError(
                    _("Line {line}: the file cannot be read further ({reason}).").format(
                        line=previous + 1, reason=exc
                    )
                ) from exc
            yield previous + 1, row
            previous = reader.line_num

    # -- XLSX --

    def _open_xlsx(self, sha: str) -> SourceInfo:
        import zipfile

        import openpyxl  # heavy: only when a workbook is imported
        from openpyxl.utils.exceptions import InvalidFileException

        try:
            self._workbook = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
            raise SourceError(
                _("{name} is not a readable Excel workbook ({reason}).").format(
                    name=self.path.name, reason=exc
                )
            ) from exc
        names = self._workbook.sheetnames
        if self._sheet_name is not None and self._sheet_name not in names:
            raise SourceError(_("The workbook has no sheet named {sheet!r}.").format(sheet=self._sheet_name))
        self._sheet_name = self._sheet_name or names[0]
        sheet = self._workbook[self._sheet_name]
        total = int(sheet.max_row or 0)
        return self._finish_info("xlsx", None, None, total, sha, self._sheet_name)

    def _xlsx_rows(self) -> Iterator[tuple[int, list[Any]]]:
        sheet = self._workbook[self._sheet_name]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [v.strip() if isinstance(v, str) else v for v in row]

    # -- Both --

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        return self._xlsx_rows() if self._workbook is not None else self._csv_rows()

    def _finish_info(
        self, fmt: str, encoding: str | None, delimiter: str | None, total: int, sha: str, sheet: str | None
    ) -> SourceInfo:
        first: list[tuple[int, list[Any]]] = []
        for line, row in self._rows():
            if _blank(row):
                continue
            first.append((line, row))
            if len(first) >= HEADER_SEARCH_ROWS + 20:
                break
        if not first:
            raise SourceError(_("{name} is empty: no header row and no data.").format(name=self.path.name))
        # A title line ("Export clients du 12/03/2024") may come before the real header: take the first
        # row that is about as wide as the widest of the first rows.
        widest = max(_width(row) for _, row in first[:HEADER_SEARCH_ROWS])
        header_line, header = next(
            (line, row) for line, row in first[:HEADER_SEARCH_ROWS] if _width(row) >= max(1, widest * 0.6)
        )
        headers = _header_names(header)
        self._header_line = header_line
        self._width = len(headers)
        info = SourceInfo(
            path=self.path,
            format=fmt,
            encoding=encoding,
            delimiter=delimiter,
            headers=headers,
            header_line=header_line,
            sha256=sha,
            total_lines=total,
            sheet=sheet,
        )
        sample = tuple(self._records_after(header_line, limit=20))
        return SourceInfo(**{**info.__dict__, "sample": sample})

    def records(self) -> Iterator[SourceRecord]:
        """Data records, blank ones skipped; a record has exactly as many values as there are headers
        (missing cells are None; extra non-blank cells are kept, for the importer to refuse)."""
        return self._records_after(self._header_line)

    def _records_after(self, header_line: int, limit: int | None = None) -> Iterator[SourceRecord]:
        count = 0
        text_only = self._workbook is None  # a CSV row holds strings only: blank means empty or spaces
        for line, row in self._rows():
            if line <= header_line:
                continue
            if text_only:
                values = [v if v and not v.isspace() else None for v in row]
            else:
                values = [None if (v is None or (isinstance(v, str) and not v.strip())) else v for v in row]
            if values.count(None) == len(values):
                continue  # a blank record
            while len(values) > self._width and values[-1] is None:
                values.pop()
            if len(values) < self._width:
                values.extend([None] * (self._width - len(values)))
            yield SourceRecord(line, tuple(values))
            count += 1
            if limit is not None and count >= limit:
                return

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def __enter__(self) -> SourceTable:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _blank(row: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _width(row: list[Any]) -> int:
    return sum(1 for v in row if not (v is None or (isinstance(v, str) and not v.strip())))


def _header_names(row: list[Any]) -> tuple[str, ...]:
    while row and (row[-1] is None or (isinstance(row[-1], str) and not row[-1].strip())):
        row = row[:-1]
    names: list[str] = []
    seen: Counter[str] = Counter()
    for index, value in enumerate(row, start=1):
        name = " ".join(str(value).split()) if value is not None else ""
        name = name or f"Column {index}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return tuple(names)
