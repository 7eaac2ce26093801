"""Opening, configuring, migrating and backing up the database. Dialect-specific code lives in
one module per dialect (sqlite.py); everything else is portable SQLAlchemy."""

from dealercrm.db.engine import (
    Database,
    DatabaseError,
    DatabaseMissing,
    default_db_path,
    open_database,
    resolve_url,
)

__all__ = ["Database", "DatabaseError", "DatabaseMissing", "default_db_path", "open_database", "resolve_url"]
