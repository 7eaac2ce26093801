"""search index: FTS5 full-text indexes over contacts, vehicles and claims

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:00:00

Each index is an external-content FTS5 table `<table>_fts` with sync triggers, created and filled
from the rows already there, inside Alembic's transaction. The DDL is written out here (frozen): it is
the text sqlite-utils' `enable_fts()` wrote when this revision was made, so this revision keeps doing
what it did whatever dealercrm.db.fts or sqlite-utils become, and `enable_fts(replace=True)` later
finds the same definition and leaves the index alone. SQLite only; other dialects index later (0007).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 2"
INDEXED_COLUMNS: dict[str, tuple[str, ...]] = {
    "contacts": (
        "first_name",
        "last_name",
        "company_name",
        "email",
        "city",
        "postal_code",
        "search_phones",
    ),
    "vehicles": ("vin", "plate", "plate_compact", "make", "model"),
    "claims": ("description",),
}


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in INDEXED_COLUMNS.items():
        fts, cols = _q(table + "_fts"), ", ".join(_q(c) for c in columns)
        old = ", ".join(f"old.{_q(c)}" for c in columns)
        new = ", ".join(f"new.{_q(c)}" for c in columns)
        op.execute(
            f"CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    {cols},\n"
            f"    tokenize='{TOKENIZE}',\n    content={_q(table)}\n)"
        )
        op.execute(f"INSERT INTO {fts} (rowid, {cols}) SELECT rowid, {cols} FROM {_q(table)}")
        op.execute(
            f"CREATE TRIGGER {_q(table + '_ai')} AFTER INSERT ON {_q(table)} BEGIN\n"
            f"  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});\nEND"
        )
        op.execute(
            f"CREATE TRIGGER {_q(table + '_ad')} AFTER DELETE ON {_q(table)} BEGIN\n"
            f"  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES('delete', old.rowid, {old});\nEND"
        )
        op.execute(
            f"CREATE TRIGGER {_q(table + '_au')} AFTER UPDATE ON {_q(table)} BEGIN\n"
            f"  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES('delete', old.rowid, {old});\n"
            f"  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});\nEND"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in INDEXED_COLUMNS:
        for suffix in ("_ai", "_ad", "_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {_q(table + suffix)}")
        op.execute(f"DROP TABLE IF EXISTS {_q(table + '_fts')}")
