"""The import journal: one row per import run, one per record a run created or updated.

It makes imports undoable (`dealercrm import undo ID` removes what one run added and restores what it
changed) and resumable (a re-run of the same file, recognised by its SHA-256, skips the lines an earlier
run already committed). Each batch of an import writes its records and their journal rows in one
transaction, so the journal never claims a record that is not there, nor misses one that is.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from dealercrm.models.base import Base
from dealercrm.models.types import utcnow


class ImportRun(Base):
    __tablename__ = "import_runs"
    __table_args__ = (Index("ix_import_runs_sha256", "file_sha256", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # contacts, vehicles, service_visits, claims, interactions
    file_name: Mapped[str] = mapped_column(String(260))
    file_sha256: Mapped[str] = mapped_column(String(64))
    # {"columns": {header: field}, "on_duplicate": "update" | "overwrite" | "skip",
    #  "values": {field: {value in the file: code or None}}}
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    # running, done, cancelled, failed, interrupted (found running by a later run), undone
    status: Mapped[str] = mapped_column(String(16), default="running")
    rows_total: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    skipped: Mapped[int] = mapped_column(default=0)
    rejected: Mapped[int] = mapped_column(default=0)
    # Lines an earlier run of the same file had already committed.
    resumed: Mapped[int] = mapped_column(default=0)
    last_line: Mapped[int] = mapped_column(default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_login: Mapped[str | None] = mapped_column(String(64))
    undone_at: Mapped[dt.datetime | None]


class ImportRow(Base):
    """A record one line of an import created or updated; `before` holds the overwritten values."""

    __tablename__ = "import_rows"
    __table_args__ = (
        Index("ix_import_rows_run_line", "run_id", "line"),
        Index("ix_import_rows_entity", "entity", "entity_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("import_runs.id", ondelete="CASCADE"))
    line: Mapped[int]
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int]
    action: Mapped[str] = mapped_column(String(8))  # create | update
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
