"""pg import: dealercrm_unaccent() in PL/pgSQL, so that the search vectors cost a fifth less to compute

Revision ID: 0015_pg_import
Revises: 0014_kpi_period
Create Date: 2026-12-06 07:40:00

Revision 0007 wrote `dealercrm_unaccent(text)` as an IMMUTABLE SQL function around unaccent(), which is
only STABLE: PostgreSQL never inlines an SQL function whose body is more volatile than the function, so
every call ran the SQL-function executor (a small query set up and torn down), ten calls per contact
written (the seven columns of `search_vector`, the three of `search_primary`, each through
`dealercrm_search_text()`, which is inlined where it is used, but not the call of this one inside it).
As a PL/pgSQL function it is evaluated on PL/pgSQL's simple-expression path instead. Same body, same
result: the stored vectors stay valid, nothing is recomputed.

Measured on the 49,066 contacts of the import benchmark: computing both vectors took 28 us of server
CPU per contact before, 22 us after (docs/PERFORMANCE.md, "PostgreSQL import: branch pgimport").

PostgreSQL only. The body names its schemas, as 0007's (pg_restore runs with an empty search_path).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015_pg_import"
down_revision: str | Sequence[str] | None = "0014_kpi_period"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _define_unaccent(plpgsql: bool) -> None:
    """dealercrm_unaccent(text), in PL/pgSQL (this revision) or in SQL (0007's), with the same body."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    unaccent_schema = _quote(
        bind.exec_driver_sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        ).scalar_one()
    )
    schema = _quote(bind.exec_driver_sql("SELECT current_schema()").scalar_one())
    call = f"{unaccent_schema}.unaccent('{unaccent_schema}.unaccent'::regdictionary, $1)"
    language, body = ("plpgsql", f"BEGIN RETURN {call}; END") if plpgsql else ("sql", f"SELECT {call}")
    op.execute(
        f"CREATE OR REPLACE FUNCTION {schema}.dealercrm_unaccent(text) RETURNS text "
        f"LANGUAGE {language} IMMUTABLE PARALLEL SAFE STRICT AS $$ {body} $$"
    )


def upgrade() -> None:
    _define_unaccent(plpgsql=True)


def downgrade() -> None:
    _define_unaccent(plpgsql=False)
