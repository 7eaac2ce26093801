"""pg search words: each contact's search words in a B-tree, in id order within each word

Revision ID: 0020_pg_search_words
Revises: 0019_pg_import_indexes
Create Date: 2026-12-06 13:20:00

dealercrm.db.fts_pg takes the candidates of a search as the newest matches of each tier (`ORDER BY id
DESC LIMIT n`). GIN cannot give its matches in id order, so for a word with a few thousand matches
("gilles", "sully") the server either walked tens of thousands of rows newest first, testing each, or
read every match from the table and sorted them (20-60 ms at 100k contacts). `contacts_fts_words` holds
one row per (lexeme of `search_vector`, contact id), with whether the lexeme is also in `search_primary`:
its primary key (word COLLATE "C", contact_id) answers "the contacts holding a word that starts with
`mar`" from small index entries alone, which the search sorts newest first and joins to `contacts`.

Kept by triggers on `contacts`, so that every writer keeps it (the ORM, Core statements, the importer's
and the demo's `COPY`): inserts and deletes by statement (one INSERT ... SELECT or DELETE for a whole
COPY, from the transition table), updates by row and only when a vector changed (the WHEN clause is
tested without calling the function), TRUNCATE empties it. The name ends in `_fts_words` so that
autogenerate leaves it alone (dealercrm.db.fts.is_fts_table), as it does SQLite's FTS tables.

PostgreSQL only (SQLite's FTS5 reads its doclists in rowid order already). Frozen DDL: the functions name
their schema, because pg_restore runs with an empty search_path.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020_pg_search_words"
down_revision: str | Sequence[str] | None = "0019_pg_import_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "contacts_fts_words"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _quote(bind.exec_driver_sql("SELECT current_schema()").scalar_one())
    table = f"{schema}.{TABLE}"
    op.execute(
        f"CREATE TABLE {table} (word text COLLATE \"C\" NOT NULL, contact_id integer NOT NULL, "
        "is_primary boolean NOT NULL)"
    )
    op.execute(
        f"INSERT INTO {table} (word, contact_id, is_primary) "
        f"SELECT w.word, c.id, w.word = ANY(pg_catalog.tsvector_to_array(c.search_primary)) "
        f"FROM {schema}.contacts c, "
        "pg_catalog.unnest(pg_catalog.tsvector_to_array(c.search_vector)) AS w(word)"
    )
    op.execute(
        f"ALTER TABLE {table} ADD CONSTRAINT pk_{TABLE} PRIMARY KEY (word, contact_id) INCLUDE (is_primary)"
    )
    op.execute(f"ANALYZE {table}")
    op.execute(
        f"CREATE FUNCTION {schema}.dealercrm_contacts_words_inserted() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"INSERT INTO {table} (word, contact_id, is_primary) "
        f"SELECT w.word, n.id, w.word = ANY(pg_catalog.tsvector_to_array(n.search_primary)) "
        "FROM new_rows n, pg_catalog.unnest(pg_catalog.tsvector_to_array(n.search_vector)) AS w(word); "
        "RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE FUNCTION {schema}.dealercrm_contacts_words_deleted() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM {table} w USING old_rows o "
        "WHERE w.contact_id = o.id AND w.word = ANY(pg_catalog.tsvector_to_array(o.search_vector)); "
        "RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE FUNCTION {schema}.dealercrm_contacts_words_updated() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"DELETE FROM {table} "
        "WHERE contact_id = OLD.id AND word = ANY(pg_catalog.tsvector_to_array(OLD.search_vector)); "
        f"INSERT INTO {table} (word, contact_id, is_primary) "
        f"SELECT w.word, NEW.id, w.word = ANY(pg_catalog.tsvector_to_array(NEW.search_primary)) "
        "FROM pg_catalog.unnest(pg_catalog.tsvector_to_array(NEW.search_vector)) AS w(word); "
        "RETURN NULL; END $$"
    )
    op.execute(
        f"CREATE FUNCTION {schema}.dealercrm_contacts_words_truncated() RETURNS trigger "
        f"LANGUAGE plpgsql AS $$ BEGIN TRUNCATE {table}; RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER contacts_fts_words_inserted AFTER INSERT ON contacts "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {schema}.dealercrm_contacts_words_inserted()"
    )
    op.execute(
        "CREATE TRIGGER contacts_fts_words_deleted AFTER DELETE ON contacts "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {schema}.dealercrm_contacts_words_deleted()"
    )
    op.execute(
        "CREATE TRIGGER contacts_fts_words_updated AFTER UPDATE ON contacts FOR EACH ROW "
        "WHEN (OLD.search_vector IS DISTINCT FROM NEW.search_vector "
        "OR OLD.search_primary IS DISTINCT FROM NEW.search_primary OR OLD.id IS DISTINCT FROM NEW.id) "
        f"EXECUTE FUNCTION {schema}.dealercrm_contacts_words_updated()"
    )
    op.execute(
        "CREATE TRIGGER contacts_fts_words_truncated AFTER TRUNCATE ON contacts FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {schema}.dealercrm_contacts_words_truncated()"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    schema = _quote(bind.exec_driver_sql("SELECT current_schema()").scalar_one())
    for event in ("inserted", "deleted", "updated", "truncated"):
        op.execute(f"DROP TRIGGER IF EXISTS contacts_fts_words_{event} ON contacts")
        op.execute(f"DROP FUNCTION IF EXISTS {schema}.dealercrm_contacts_words_{event}()")
    op.execute(f"DROP TABLE IF EXISTS {schema}.{TABLE}")
