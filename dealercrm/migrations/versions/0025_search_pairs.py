"""search pairs: the contacts' word-pair index (SQLite)

Revision ID: 0025_search_pairs
Revises: 0024_task_deal_index
Create Date: 2026-12-07 10:40:00

A two-word search with a one-letter word ("maggie r") walked that letter's whole list in contacts_fts
and contacts_names_fts: its cost grew with the dealership and set the search's p95 at 1M contacts.
`contacts_pairs_fts` (contentless) holds, per contact, one term per (initial of a word, word of 4 letters
or more) in the names and in every indexed column; `contacts_pairs_fts_words` the words they were made of
(to delete them); `contacts_pairs_fts_dirty` lists the contacts changed since their pairs were
written, filled by three plain-SQL triggers (any program may write the contacts). The words are FTS5's
own tokens, read by the application (dealercrm.db.fts_pairs.keep): this revision notes every contact
already there, and `dealercrm.db.migrate.upgrade_to_head` reads them once the upgrade has committed
(until then, or if it is stopped, the search walks the lists as before: the same rows). See
dealercrm/db/fts_pairs.py.

SQLite only: PostgreSQL searches through its own words table (0020). Written out here (frozen).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0025_search_pairs"
down_revision: str | Sequence[str] | None = "0024_task_deal_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TRIGGERS = ("contacts_pairs_ai", "contacts_pairs_ad", "contacts_pairs_au")
COLUMNS = "id, first_name, last_name, company_name, email, city, postal_code, search_phones"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE contacts_pairs_fts USING FTS5 (\n    pairs,\n"
        "    tokenize='unicode61 remove_diacritics 2',\n    detail='none',\n    columnsize=0,\n"
        "    content=''\n)"
    )
    op.execute(
        "CREATE TABLE contacts_pairs_fts_words (\n    id INTEGER PRIMARY KEY,\n    names TEXT NOT NULL,\n"
        "    name_initials TEXT NOT NULL,\n    words TEXT NOT NULL,\n    initials TEXT NOT NULL\n)"
    )
    op.execute("CREATE TABLE contacts_pairs_fts_dirty (id INTEGER PRIMARY KEY)")
    op.execute(
        "CREATE TRIGGER contacts_pairs_ai AFTER INSERT ON contacts BEGIN\n"
        "  INSERT OR IGNORE INTO contacts_pairs_fts_dirty (id) VALUES (new.id);\nEND"
    )
    op.execute(
        "CREATE TRIGGER contacts_pairs_ad AFTER DELETE ON contacts BEGIN\n"
        "  INSERT OR IGNORE INTO contacts_pairs_fts_dirty (id) VALUES (old.id);\nEND"
    )
    op.execute(
        f"CREATE TRIGGER contacts_pairs_au AFTER UPDATE OF {COLUMNS} ON contacts BEGIN\n"
        "  INSERT OR IGNORE INTO contacts_pairs_fts_dirty (id) VALUES (old.id);\n"
        "  INSERT OR IGNORE INTO contacts_pairs_fts_dirty (id) VALUES (new.id);\nEND"
    )
    op.execute("INSERT INTO contacts_pairs_fts_dirty (id) SELECT id FROM contacts")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS contacts_pairs_fts_dirty")
    op.execute("DROP TABLE IF EXISTS contacts_pairs_fts_words")
    op.execute("DROP TABLE IF EXISTS contacts_pairs_fts")
