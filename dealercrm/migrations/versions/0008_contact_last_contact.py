"""contact last contact: indexes for the contacts list sorted by last contact or by city, and a prefix
index for the contacts' full-text search

Revision ID: 0008_contact_last_contact
Revises: 0007
Create Date: 2026-12-06 01:30:00

Indexes only, declared in the models' __table_args__ too. No backfill: `contacts.last_contact_at` exists
since 0001 and every write path that records an interaction already moves it (interactions, sales,
phoning and messaging services, duplicates merge, the importer's history columns, the demo generator).

- contacts (last_contact_at, id) and contacts (coalesce(city, ''), id): the list pages by (key, id) and
  walks the index in order instead of sorting every visible contact for each page. On PostgreSQL both
  columns are NULLS FIRST, the list's order on every database (dealercrm.services.contacts._sql_order),
  so that the index is read forwards (ascending) or backwards (descending, NULLS LAST). PostgreSQL also
  gets (score, id), (created_at, id), (last_name, first_name, id) and (company_name, id) in that order:
  its B-trees put NULL last, so the list's other sorts were sorted again for each page there.
- SQLite: contacts_fts made again with FTS5 prefix indexes of 1 to 3 characters (`prefix='1 2 3'`), so
  that a short prefix ("m", "de s", "06") is one list to read rather than thousands of terms to merge
  Same columns, tokenizer and triggers as 0003, written out here (frozen).
  PostgreSQL searches its tsvector columns (0007): nothing to do there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_contact_last_contact"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "unicode61 remove_diacritics 2"
CONTACT_COLUMNS = ("first_name", "last_name", "company_name", "email", "city", "postal_code", "search_phones")
PREFIX = "1 2 3"
# PostgreSQL only (SQLite's own indexes already serve these orders).
PG_SORT_INDEXES = (
    ("ix_contacts_score_id", ("score", "id")),
    ("ix_contacts_created_id", ("created_at", "id")),
    ("ix_contacts_name_id", ("last_name", "first_name", "id")),
    ("ix_contacts_company_id", ("company_name", "id")),
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_contacts_last_contact ON contacts "
            "(last_contact_at ASC NULLS FIRST, id ASC NULLS FIRST)"
        )
        op.execute(
            "CREATE INDEX ix_contacts_city_key ON contacts "
            "((coalesce(city, '')) ASC NULLS FIRST, id ASC NULLS FIRST)"
        )
        # The other sort keys in the list's order too: PostgreSQL's B-trees put NULL last and SQLite's
        # rowid tie-break is not implied, so its single-column indexes were sorted again for each page.
        for name, columns in PG_SORT_INDEXES:
            order = ", ".join(f"{c} ASC NULLS FIRST" for c in columns)
            op.execute(f"CREATE INDEX {name} ON contacts ({order})")
    else:
        _contacts_fts(PREFIX)
        op.create_index("ix_contacts_last_contact", "contacts", ["last_contact_at", "id"], unique=False)
        op.create_index(
            "ix_contacts_city_key", "contacts", [sa.text("coalesce(city, '')"), "id"], unique=False
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, _columns in reversed(PG_SORT_INDEXES):
            op.drop_index(name, table_name="contacts")
    if op.get_bind().dialect.name == "sqlite":
        _contacts_fts(None)
    op.drop_index("ix_contacts_city_key", table_name="contacts")
    op.drop_index("ix_contacts_last_contact", table_name="contacts")


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _contacts_fts(prefix: str | None) -> None:
    """contacts_fts again, with FTS5's `prefix` option or (downgrade) without it as 0003 made it: the
    external-content table, refilled from contacts, and sqlite-utils' three sync triggers word for word."""
    table, fts = "contacts", "contacts_fts"
    for suffix in ("_ai", "_ad", "_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {_q(table + suffix)}")
    op.execute(f"DROP TABLE IF EXISTS {_q(fts)}")
    cols = ", ".join(_q(c) for c in CONTACT_COLUMNS)
    old = ", ".join(f"old.{_q(c)}" for c in CONTACT_COLUMNS)
    new = ", ".join(f"new.{_q(c)}" for c in CONTACT_COLUMNS)
    option = f"    prefix='{prefix}',\n" if prefix else ""
    op.execute(
        f"CREATE VIRTUAL TABLE {_q(fts)} USING FTS5 (\n    {cols},\n"
        f"    tokenize='{TOKENIZE}',\n{option}    content={_q(table)}\n)"
    )
    op.execute(f"INSERT INTO {_q(fts)} ({_q(fts)}) VALUES ('rebuild')")
    op.execute(
        f"CREATE TRIGGER {_q(table + '_ai')} AFTER INSERT ON {_q(table)} BEGIN\n"
        f"  INSERT INTO {_q(fts)} (rowid, {cols}) VALUES (new.rowid, {new});\nEND"
    )
    op.execute(
        f"CREATE TRIGGER {_q(table + '_ad')} AFTER DELETE ON {_q(table)} BEGIN\n"
        f"  INSERT INTO {_q(fts)} ({_q(fts)}, rowid, {cols}) VALUES('delete', old.rowid, {old});\nEND"
    )
    op.execute(
        f"CREATE TRIGGER {_q(table + '_au')} AFTER UPDATE ON {_q(table)} BEGIN\n"
        f"  INSERT INTO {_q(fts)} ({_q(fts)}, rowid, {cols}) VALUES('delete', old.rowid, {old});\n"
        f"  INSERT INTO {_q(fts)} (rowid, {cols}) VALUES (new.rowid, {new});\nEND"
    )
