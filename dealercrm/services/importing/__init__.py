"""Importing the dealership's existing data from CSV and XLSX files (see engine.py for the guarantees)."""

from dealercrm.services.importing.engine import (
    DEFAULT_BATCH,
    FileOverview,
    ImportFailed,
    ImportResult,
    ImportRunRow,
    ImportService,
    PreviewRow,
    RowIssue,
    UndoResult,
    summary_counts,
    write_error_report,
)
from dealercrm.services.importing.fields import (
    FIELDS,
    KINDS,
    FieldSpec,
    MappingStore,
    field_specs,
    guess_mapping,
    missing_columns,
    read_mapping_file,
)
from dealercrm.services.importing.sources import SourceError, SourceInfo, SourceRecord, SourceTable

__all__ = [
    "DEFAULT_BATCH",
    "FIELDS",
    "KINDS",
    "FieldSpec",
    "FileOverview",
    "ImportFailed",
    "ImportResult",
    "ImportRunRow",
    "ImportService",
    "MappingStore",
    "PreviewRow",
    "RowIssue",
    "SourceError",
    "SourceInfo",
    "SourceRecord",
    "SourceTable",
    "UndoResult",
    "field_specs",
    "guess_mapping",
    "missing_columns",
    "read_mapping_file",
    "summary_counts",
    "write_error_report",
]
