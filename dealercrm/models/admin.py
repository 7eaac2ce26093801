"""Audit log and dealership-wide settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dealercrm.models.base import Base, enum_column
from dealercrm.models.enums import AuditAction
from dealercrm.models.types import utcnow


class AuditEntry(Base):
    """Who changed what, when: {"field": [old, new]} for updates, never a password or a secret."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_entity", "entity", "entity_id", "at"),
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_user", "user_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    user_login: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction, "audit_action"))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None]
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Setting(Base):
    """One dealership-wide setting; the catalogue of keys and defaults is services/settings.py."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OpenSession(Base):
    """One running copy of the app on this database: who, on which workstation, since when. Operations that
    must have the database to themselves (restore, upgrade, an erasure's compaction) read it to wait for,
    or name, the people still working; a copy that crashed is recognised by its stale `seen_at` (the app
    refreshes it every minute) or, on the same workstation, by its process being gone."""

    __tablename__ = "open_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64))
    workstation: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int]
    started_at: Mapped[dt.datetime]
    seen_at: Mapped[dt.datetime]


class ChangeLogEntry(Base):
    """What one committed transaction changed ({"contact": [ids] or null for "all"}), for the other
    workstations' live refresh; written by `db/changes.py` in the same transaction, pruned after a day."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    origin: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
