"""Alembic environment: runs on the connection dealercrm hands over (see dealercrm.db.migrate)."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import create_engine
from sqlalchemy.types import TypeDecorator

from dealercrm.db import fts
from dealercrm.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        # Used by `alembic revision --autogenerate` during development.
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///dev-autogenerate.sqlite3"
        with create_engine(url).connect() as conn:
            _configure_and_run(conn)
            conn.commit()
        return
    _configure_and_run(connection)


def _configure_and_run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things: recreate tables in batch mode
        compare_type=True,
        render_item=_render_item,
        include_object=fts.include_object,  # the full-text tables are not in the models
    )
    with context.begin_transaction():
        context.run_migrations()


def _render_item(type_: str, obj: Any, autogen_context: Any) -> Any:
    """Revisions stay self-contained: our TypeDecorators are written as their storage type."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl_instance!r}"
    return False


run_migrations_online()
