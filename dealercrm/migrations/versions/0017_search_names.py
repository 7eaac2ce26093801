"""search names: an FTS5 index of the contacts' names alone, beside contacts_fts (SQLite)

Revision ID: 0017_search_names
Revises: 0016_kpi_daily
Create Date: 2026-12-06 10:00:00

The search ranks a contact whose name holds the words typed before one whose e-mail or city does. It
looked for those rows in contacts_fts with a column filter (`{first_name last_name company_name} : ...`),
which reads every row holding the words in any column and drops the others: a city ("saint jean de la
ruelle", "orleans") or an e-mail domain ("fr") read thousands of rows to find none (3-5 ms each time).
`contacts_names_fts` holds the three name columns alone, with the same tokenizer and the same prefix
indexes of 1 to 3 characters, so that those look-ups read the names only (dealercrm.db.fts uses it to
find the rows; their bm25 scores still come from contacts_fts, so the ranking is unchanged).

External content (the contacts table), kept in step by three triggers: insert, delete, and an update of
the name columns only (an update of any other column leaves the names, hence this index, as they were).
`content='contacts'` is quoted in single quotes on purpose: sqlite-utils (`disable_fts`, `rebuild_fts`
on contacts, used by dealercrm.db.fts for contacts_fts) finds "the" FTS table of a table by its
`content="contacts"` or `content=[contacts]`, and must keep finding contacts_fts.

SQLite only: PostgreSQL searches the names through its own `search_primary` column (0007).
Written out here (frozen), as 0003 and 0008 write theirs.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017_search_names"
down_revision: str | Sequence[str] | None = "0016_kpi_daily"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "contacts"
FTS = "contacts_names_fts"
COLUMNS = ("first_name", "last_name", "company_name")
TOKENIZE = "unicode61 remove_diacritics 2"
PREFIX = "1 2 3"
TRIGGERS = ("contacts_names_ai", "contacts_names_ad", "contacts_names_au")


def _q(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    cols = ", ".join(_q(c) for c in COLUMNS)
    old = ", ".join(f"old.{_q(c)}" for c in COLUMNS)
    new = ", ".join(f"new.{_q(c)}" for c in COLUMNS)
    fts, table = _q(FTS), _q(TABLE)
    insert, delete, update = (_q(t) for t in TRIGGERS)
    op.execute(
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 (\n    {cols},\n"
        f"    tokenize='{TOKENIZE}',\n    prefix='{PREFIX}',\n    content='{TABLE}'\n)"
    )
    op.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
    op.execute(
        f"CREATE TRIGGER {insert} AFTER INSERT ON {table} BEGIN\n"
        f"  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});\nEND"
    )
    op.execute(
        f"CREATE TRIGGER {delete} AFTER DELETE ON {table} BEGIN\n"
        f"  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES('delete', old.rowid, {old});\nEND"
    )
    op.execute(
        f"CREATE TRIGGER {update} AFTER UPDATE OF {cols} ON {table} BEGIN\n"
        f"  INSERT INTO {fts} ({fts}, rowid, {cols}) VALUES('delete', old.rowid, {old});\n"
        f"  INSERT INTO {fts} (rowid, {cols}) VALUES (new.rowid, {new});\nEND"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {_q(trigger)}")
    op.execute(f"DROP TABLE IF EXISTS {_q(FTS)}")
