"""postgres search: tsvector columns and GIN indexes over contacts, vehicles and claims

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 23:00:00

PostgreSQL only (SQLite searches through the FTS5 tables of 0003: nothing to do there). Creates the
unaccent extension, two IMMUTABLE functions (unaccent() itself is only STABLE, and generated columns
need immutable ones): `dealercrm_unaccent(text)`, and `dealercrm_search_text(text)`, which folds accents
and case and turns every run of punctuation or spaces into one space; then on each table a generated,
stored `search_vector` column (the columns weighted A for names and plates, B/C/D for the others) and
its GIN index; contacts and vehicles also get `search_primary`, the A columns alone, with their own GIN
index: GIN does not store weights, so a weight-restricted query ('orleans':A) would read back every row
holding the word (a city of 20,000 contacts) only to find none in a name. The DDL is written out here, frozen: dealercrm.db.fts_pg reads what this revision made.
Function bodies name their schema, because pg_restore runs with an empty search_path.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column, weight class) per table, as dealercrm.db.fts.INDEXES was at this revision.
VECTORS: dict[str, tuple[tuple[str, str], ...]] = {
    "contacts": (
        ("first_name", "A"),
        ("last_name", "A"),
        ("company_name", "A"),
        ("email", "C"),
        ("city", "D"),
        ("postal_code", "D"),
        ("search_phones", "B"),
    ),
    "vehicles": (("vin", "A"), ("plate", "A"), ("plate_compact", "A"), ("make", "C"), ("model", "B")),
    "claims": (("description", "A"),),
}
# Tables whose primary columns are not all their columns: `search_primary` holds those.
PRIMARY = {"contacts", "vehicles"}
# A claim's description is cut there: a tsvector holds at most 1 MB, and nobody searches past it.
MAX_TEXT_CHARS = 100_000


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    unaccent_schema = _quote(
        bind.exec_driver_sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        ).scalar_one()
    )
    schema = _quote(bind.exec_driver_sql("SELECT current_schema()").scalar_one())
    op.execute(
        f"CREATE OR REPLACE FUNCTION {schema}.dealercrm_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT {unaccent_schema}.unaccent('{unaccent_schema}.unaccent'::regdictionary, $1) $$"
    )
    op.execute(
        f"CREATE OR REPLACE FUNCTION {schema}.dealercrm_search_text(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f"$$ SELECT pg_catalog.regexp_replace(pg_catalog.lower({schema}.dealercrm_unaccent($1)), "
        "'[[:punct:][:space:]]+', ' ', 'g') $$"
    )
    for table, columns in VECTORS.items():
        vectors = {"search_vector": columns}
        if table in PRIMARY:
            vectors["search_primary"] = tuple((column, w) for column, w in columns if w == "A")
        for name, weighted in vectors.items():
            parts = " || ".join(
                f"setweight(to_tsvector('simple'::regconfig, coalesce({schema}.dealercrm_search_text("
                f"left({_quote(column)}, {MAX_TEXT_CHARS})), '')), '{weight}')"
                for column, weight in weighted
            )
            op.execute(
                f"ALTER TABLE {_quote(table)} ADD COLUMN {name} tsvector GENERATED ALWAYS AS ({parts}) STORED"
            )
            op.execute(f"CREATE INDEX ix_{table}_{name} ON {_quote(table)} USING gin ({name})")


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table in VECTORS:
        for name in ("search_vector", "search_primary"):  # with their indexes
            op.execute(f"ALTER TABLE {_quote(table)} DROP COLUMN IF EXISTS {name}")
    schema = _quote(bind.exec_driver_sql("SELECT current_schema()").scalar_one())
    op.execute(f"DROP FUNCTION IF EXISTS {schema}.dealercrm_search_text(text)")
    op.execute(f"DROP FUNCTION IF EXISTS {schema}.dealercrm_unaccent(text)")
    # The unaccent extension stays: other things in the database may use it.
